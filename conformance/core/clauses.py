"""The clause index, read from the spec documents that ship in the package.

The Markdown files under ``storespec.spec`` are the single source of truth:
a clause is a level-3 heading ``### <id> — <title>`` followed by a metadata
line ``**LEVEL** · since X.Y.Z[ · requires: a, b][ · retired in X.Y.Z]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

SPEC_PACKAGE = "storespec.spec"
DOCUMENTS = ("store.md", "cache.md")

_HEADING = re.compile(r"^### ([a-z0-9][a-z0-9.-]*) \u2014 (.+)$")
_META = re.compile(
    r"^\*\*(MUST|SHOULD|IMPLEMENTATION-DEFINED)\*\* \u00b7 since (\d+\.\d+\.\d+)"
    r"(?: \u00b7 requires: ([a-z, ]+))?(?: \u00b7 retired in (\d+\.\d+\.\d+))?$"
)


class Level(StrEnum):
    """An RFC 2119 level."""

    MUST = "MUST"
    SHOULD = "SHOULD"
    IMPLEMENTATION_DEFINED = "IMPLEMENTATION-DEFINED"


@dataclass(frozen=True)
class Clause:
    """One behaviour of a contract, identified forever by its ID."""

    id: str
    title: str
    level: Level
    since: str
    requires: frozenset[str]
    document: str
    line: int
    rule: str
    retired: str | None = None

    @property
    def kind(self) -> str:
        """``store`` or ``cache``: the first part of the ID."""
        return self.id.split(".", 1)[0]


class SpecError(ValueError):
    """The spec documents are malformed: a clause without metadata, or an ID used twice."""


def parse(text: str, document: str) -> list[Clause]:
    """The clauses of one spec document, in document order."""
    lines = text.splitlines()
    clauses: list[Clause] = []
    for number, line in enumerate(lines, start=1):
        heading = _HEADING.match(line)
        if heading is None:
            if line.startswith("### "):
                raise SpecError(f"{document}:{number}: malformed clause heading {line!r}")
            continue
        following = [ln for ln in lines[number:] if ln.strip()]
        meta = _META.match(following[0]) if following else None
        if meta is None:
            raise SpecError(f"{document}:{number}: clause {heading[1]} lacks its metadata line")
        level, since, requires, retired = meta.groups()
        rule = following[1] if len(following) > 1 else ""
        clauses.append(
            Clause(
                id=heading[1],
                title=heading[2].strip(),
                level=Level(level),
                since=since,
                requires=frozenset(r.strip() for r in (requires or "").split(",") if r.strip()),
                document=document,
                line=number,
                rule=rule.strip(),
                retired=retired,
            )
        )
    return clauses


def read_document(name: str) -> str:
    """The text of one spec document as shipped in the package."""
    return resources.files(SPEC_PACKAGE).joinpath(name).read_text(encoding="utf-8")


@cache
def all_clauses() -> tuple[Clause, ...]:
    """Every clause of every spec document, retired ones included; IDs are unique."""
    found: dict[str, Clause] = {}
    for document in DOCUMENTS:
        for clause in parse(read_document(document), document):
            if clause.id in found:
                first = found[clause.id]
                raise SpecError(
                    f"clause ID {clause.id} is used twice: {first.document}:{first.line} "
                    f"and {document}:{clause.line}"
                )
            found[clause.id] = clause
    return tuple(found.values())


@cache
def index() -> dict[str, Clause]:
    """The active (not retired) clauses by ID, in spec order."""
    return {c.id: c for c in all_clauses() if c.retired is None}


def get(clause_id: str) -> Clause:
    """The active clause with this ID; KeyError names the unknown ID."""
    try:
        return index()[clause_id]
    except KeyError:
        raise KeyError(f"unknown clause ID {clause_id!r}") from None


def version_tuple(version: str) -> tuple[int, ...]:
    """``"0.10.1"`` as ``(0, 10, 1)``, for comparing ``since`` with a pin."""
    return tuple(int(p) for p in version.split(".") if p.isdigit())
