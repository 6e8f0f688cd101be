"""Findings: a backend's known defects, each declared once with the failures it explains.

A finding has a stable ID, the clauses it affects, a severity, and a signature that
every failure it explains must match. A failure that matches no finding applied to
its backend is a *new failure*, even under a clause that has a finding; a finding that
explains no failure of a clause it names is an *unexpected pass* there, so a
declaration cannot go stale (unless it is declared intermittent: then its reproduction
keeps it honest). A finding applies only to the package versions it names:
outside that range it is not applied, and the report says so.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import metadata

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version


class Severity(StrEnum):
    """How bad a finding is for the application that meets it."""

    DATA_LOSS = "data loss"
    """A write vanishes, is cut short or is altered, or another key's write replaces it."""
    WRONG_ANSWER = "wrong answer"
    """A read returns something other than what the contract says: another key's value,
    a stale value, a miss for a hit, a key too many or too few in a listing."""
    CRASH = "crash"
    """A call the contract allows raises, or never returns."""
    PORTABILITY = "portability limit"
    """The backend refuses, loudly, something the contract allows: an API it does not
    offer, a size or key it cannot hold. Nothing is lost or wrong; code must adapt."""


@dataclass(frozen=True)
class Failure:
    """One failing (or erroring) test, as a finding's signature sees it."""

    test: str
    """The test's name without its parameters (``test_prefix_is_literal``, or
    ``store.keys.prefix:line210`` for a spec example)."""
    api: str | None
    """``sync`` or ``async`` for a test run through one API, else None."""
    reason: str
    """The error's type and message: ``AssertionError: prefix '%' ...``."""


@dataclass(frozen=True)
class Signature:
    """What a failure must look like to be explained by a finding.

    Every given part must match: the message pattern is searched in the failure's
    reason, the test patterns are shell-style patterns of test names, ``apis`` lists
    the APIs through which the failure shows. An empty part matches anything.
    """

    message: str = ""
    tests: tuple[str, ...] = ()
    apis: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        try:
            re.compile(self.message)
        except re.error as exc:
            raise ValueError(f"signature message {self.message!r} is no regex: {exc}") from None

    def matches(self, failure: Failure) -> bool:
        """Whether ``failure`` looks like this signature."""
        if self.apis and failure.api not in self.apis:
            return False
        if self.tests and not any(fnmatch.fnmatchcase(failure.test, p) for p in self.tests):
            return False
        return not self.message or re.search(self.message, failure.reason, re.S) is not None

    def describe(self) -> str:
        """The signature in words, for reports."""
        parts = []
        if self.tests:
            parts.append("tests " + ", ".join(self.tests))
        if self.apis:
            parts.append("through the " + " and ".join(sorted(self.apis)) + " API")
        if self.message:
            parts.append(f"message matching /{self.message}/")
        return "; ".join(parts) or "any failure of its clauses"


VersionOf = Callable[[str], str | None]


def installed_version(distribution: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@dataclass(frozen=True)
class Finding:
    """A defect of one backend: what it does, where it shows and how to see it."""

    id: str
    """Stable, ``<backend family>/<defect>``, e.g. ``redis-store/prefix-is-glob``."""
    clauses: tuple[str, ...]
    """Every clause the defect makes fail."""
    summary: str
    """What the backend does instead of what the clauses say, in plain words."""
    severity: Severity
    signature: Signature = field(default_factory=Signature)
    versions: Mapping[str, str] = field(default_factory=dict)
    """Distribution -> the version specifiers the finding applies to (``{"langchain-community":
    "<0.5"}``); empty: every version."""
    reproduction: str = ""
    """A minimal, runnable snippet whose assertions state the defect."""
    evidence: str = ""
    """An upstream issue, source line or report that confirms it."""
    intermittent: bool = False
    """It shows in the suite only when timing allows (a race of the server's own background
    work, say), so a run in which it explains no failure is no unexpected pass. Its
    reproduction must show it every time: that, not the suite, proves it is still there."""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*/[a-z0-9][a-z0-9.-]*", self.id):
            raise ValueError(f"finding ID {self.id!r} is not '<family>/<defect>' in lower case")
        if not self.clauses:
            raise ValueError(f"finding {self.id} names no clause")
        object.__setattr__(self, "severity", Severity(self.severity))
        for distribution, spec in self.versions.items():
            try:
                SpecifierSet(spec)
            except InvalidSpecifier:
                raise ValueError(
                    f"finding {self.id}: {spec!r} for {distribution} is no version specifier"
                ) from None

    def not_applied(self, version_of: VersionOf = installed_version) -> str | None:
        """Why the finding does not apply to the installed packages, or None if it does."""
        for distribution, spec in self.versions.items():
            found = version_of(distribution)
            if found is None:
                return f"{distribution} is not installed (the finding applies to {spec})"
            try:
                inside = SpecifierSet(spec).contains(Version(found), prereleases=True)
            except InvalidVersion:
                return f"{distribution} {found} is no version the finding can compare"
            if not inside:
                return f"{distribution} {found} is outside {spec}, where the finding applies"
        return None

    def understates(self, failure: Failure) -> bool:
        """Whether ``failure`` shows a worse defect than the declared severity. A portability
        limit is a loud refusal, an exception; a wrong result (an assertion of the suite
        that failed) is a wrong answer or data loss, whatever the declaration says."""
        wrong_result = failure.reason.startswith(("AssertionError:", "Failed: DID NOT RAISE"))
        return self.severity is Severity.PORTABILITY and wrong_result

    def explains(self, clause: str, failure: Failure) -> bool:
        """Whether this finding explains ``failure`` of a test of ``clause``."""
        return clause in self.clauses and self.signature.matches(failure)


def check_unique(findings: tuple[Finding, ...], owner: str) -> None:
    """Raise ValueError when two findings of ``owner`` share an ID."""
    seen: set[str] = set()
    for finding in findings:
        if finding.id in seen:
            raise ValueError(f"{owner}: finding {finding.id} is declared twice")
        seen.add(finding.id)
