"""Every clause is verified, every citation names a clause, every ID is used once."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from storespec.conformance import suite
from storespec.conformance.core import clauses
from storespec.conformance.plugin.marks import MARKER


def suite_functions() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.iter_modules(suite.__path__):
        module = importlib.import_module(f"{suite.__name__}.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("test_") and callable(value):
                found[f"{info.name}::{name}"] = value
    return found


def cited_by(function: Callable[..., Any]) -> list[str]:
    return [str(a) for m in getattr(function, "pytestmark", []) if m.name == MARKER for a in m.args]


def test_every_conformance_test_cites_a_clause_with_the_marker() -> None:
    uncited = [name for name, fn in suite_functions().items() if not cited_by(fn)]
    assert not uncited, f"conformance tests without @verifies: {uncited}"


def test_every_citation_names_an_active_clause() -> None:
    active = clauses.index()
    unknown = {
        name: [c for c in cited_by(fn) if c not in active] for name, fn in suite_functions().items()
    }
    assert not {k: v for k, v in unknown.items() if v}


def test_every_active_clause_is_verified_by_a_test() -> None:
    cited = {c for fn in suite_functions().values() for c in cited_by(fn)}
    unverified = [c for c in clauses.index() if c not in cited]
    assert not unverified, f"clauses no conformance test verifies: {unverified}"


def test_no_clause_id_is_used_twice_across_documents() -> None:
    counts = Counter(c.id for c in clauses.all_clauses())
    assert [i for i, n in counts.items() if n > 1] == []


def test_a_retired_clause_is_never_cited() -> None:
    retired = {c.id for c in clauses.all_clauses() if c.retired}
    cited = {c for fn in suite_functions().values() for c in cited_by(fn)}
    assert not retired & cited


def test_changelog_lists_every_clause_under_its_version() -> None:
    changelog = clauses.read_document("changelog.md")
    sections = re.split(r"^## ", changelog, flags=re.MULTILINE)
    for clause in clauses.all_clauses():
        (section,) = [s for s in sections if s.startswith(clause.since)]
        assert f"`{clause.id}`" in section, f"{clause.id} missing under {clause.since}"


def test_implementation_defined_section_lists_every_such_clause() -> None:
    text = clauses.read_document("implementation-defined.md")
    for clause in clauses.index().values():
        if clause.level is clauses.Level.IMPLEMENTATION_DEFINED:
            assert f"`{clause.id}`" in text, clause.id


@pytest.mark.parametrize("document", clauses.DOCUMENTS)
def test_every_clause_has_a_rule_and_a_rationale(document: str) -> None:
    text = clauses.read_document(document)
    chunks = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    for chunk in chunks:
        clause_id = chunk.split()[0]
        assert "*Rationale.*" in chunk, f"{clause_id} has no rationale"
    for clause in clauses.parse(text, document):
        assert clause.rule, clause.id
        assert not clause.rule.startswith(("*", "`" * 3)), clause.id
