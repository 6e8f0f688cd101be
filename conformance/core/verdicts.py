"""From test results to one verdict per (backend, clause): the framework-agnostic core."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from storespec.conformance.core.clauses import Clause, Level, version_tuple
from storespec.conformance.core.findings import Failure, Finding


class Outcome(StrEnum):
    """A clause's verdict for one backend."""

    PASS = "pass"
    FAIL = "fail"
    KNOWN = "known finding"
    UNEXPECTED_PASS = "unexpected pass"
    PARTIAL = "partial"
    NOT_APPLICABLE = "not applicable"
    ERROR = "error"
    NOT_RUN = "not run"


class TestOutcome(StrEnum):
    """What one test did, before findings and advisory levels are applied."""

    __test__ = False

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    NOT_APPLICABLE = "not applicable"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class TestResult:
    """One test's outcome against one backend, attributed to the clauses it cites."""

    __test__ = False

    test: str
    """The test's id (a pytest node id)."""
    backend: str
    clauses: tuple[str, ...]
    outcome: TestOutcome
    reason: str = ""
    """One line: the error's type and message, or why the test did not run."""
    observation: str = ""
    name: str = ""
    """The test's name without parameters, which finding signatures match."""
    api: str | None = None
    """The API the test went through, if it was run once per API."""

    def failure(self) -> Failure:
        """The result as a finding's signature sees it."""
        return Failure(self.name or self.test, self.api, self.reason)


@dataclass(frozen=True)
class FailureRecord:
    """One failing test of a clause, and the finding that explains it, if any."""

    test: str
    reason: str
    finding: str | None = None


@dataclass
class Verdict:
    """The verdict on one clause for one backend, with what it rests on."""

    backend: str
    clause: Clause
    outcome: Outcome
    advisory: bool
    tests: int = 0
    failures: list[FailureRecord] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    """The IDs of the findings that explain this clause's failures (or, for an unexpected
    pass, of those that explain none)."""
    observations: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def breaks_run(self) -> bool:
        """Whether this verdict makes the run fail."""
        if self.outcome is Outcome.UNEXPECTED_PASS:
            return True
        return not self.advisory and self.outcome in (Outcome.FAIL, Outcome.ERROR)

    @property
    def new_failures(self) -> list[FailureRecord]:
        """The failures no finding explains."""
        return [f for f in self.failures if f.finding is None]


def is_advisory(clause: Clause, *, strict: bool, pin: str | None) -> bool:
    """Whether a failure of this clause only warns.

    SHOULD and implementation-defined clauses warn unless ``strict``; a clause
    introduced after the pinned version warns whatever its level.
    """
    if pin is not None and version_tuple(clause.since) > version_tuple(pin):
        return True
    return clause.level is not Level.MUST and not strict


def explaining(clause: str, result: TestResult, findings: Sequence[Finding]) -> Finding | None:
    """The first finding that explains ``result``'s failure under ``clause``, if any."""
    failure = result.failure()
    return next((f for f in findings if f.explains(clause, failure)), None)


def judge(
    clause: Clause,
    backend: str,
    results: list[TestResult],
    *,
    findings: Sequence[Finding] = (),
    advisory: bool,
    expected: int | None = None,
) -> Verdict:
    """Combine the results of the tests that cite ``clause`` into its verdict.

    ``findings`` are the backend's findings that apply to the installed versions;
    ``expected`` is how many tests cite the clause in a full run, so that a run that
    left some out cannot call the clause a pass.
    """
    verdict = Verdict(backend, clause, Outcome.NOT_RUN, advisory, tests=len(results))
    verdict.observations = [r.observation for r in results if r.observation]
    failing = [r for r in results if r.outcome in (TestOutcome.FAILED, TestOutcome.ERROR)]
    unexplained: list[TestResult] = []
    for result in failing:
        found = explaining(clause.id, result, findings)
        verdict.failures.append(
            FailureRecord(result.test, result.reason, found.id if found else None)
        )
        if found is None:
            unexplained.append(result)
    verdict.findings = sorted({f.finding for f in verdict.failures if f.finding})
    kinds = {r.outcome for r in results}
    naming = [f.id for f in findings if clause.id in f.clauses]
    steady = [f.id for f in findings if clause.id in f.clauses and not f.intermittent]
    ran = [r for r in results if r.outcome is not TestOutcome.SKIPPED]
    if unexplained:
        errors = any(r.outcome is TestOutcome.ERROR for r in unexplained)
        verdict.outcome = Outcome.ERROR if errors else Outcome.FAIL
        if naming:
            verdict.note = f"a new failure: not explained by {', '.join(naming)}"
    elif failing:
        verdict.outcome = Outcome.KNOWN
    elif TestOutcome.PASSED in kinds:
        if steady:
            verdict.outcome = Outcome.UNEXPECTED_PASS
            verdict.findings = steady
            verdict.note = (
                f"{', '.join(steady)} explains no failure of this clause: the defect no longer "
                "shows here; remove the clause from the finding, or the finding"
            )
        elif expected is not None and len(ran) < expected:
            verdict.outcome = Outcome.PARTIAL
            verdict.note = f"{len(ran)} of its {expected} tests ran: not a verdict of pass"
        else:
            verdict.outcome = Outcome.PASS
            if naming:
                verdict.note = f"{', '.join(naming)} (intermittent) did not show in this run"
    elif kinds == {TestOutcome.NOT_APPLICABLE}:
        verdict.outcome = Outcome.NOT_APPLICABLE
        verdict.note = results[0].reason
    elif results:
        verdict.note = results[0].reason
    return verdict


@dataclass(frozen=True)
class BackendPlan:
    """What the verdicts need to know of one backend."""

    kind: str
    findings: Sequence[Finding] = ()
    """The findings applied to this run (those in their version range)."""
    expected: Mapping[str, int] = field(default_factory=dict)
    """Clause ID -> how many tests cite it in a full run against this backend."""


def aggregate(
    results: Iterable[TestResult],
    clauses: Iterable[Clause],
    backends: Mapping[str, BackendPlan],
    *,
    strict: bool = False,
    pin: str | None = None,
) -> list[Verdict]:
    """One verdict per backend and per clause of the backend's kind."""
    by_key: dict[tuple[str, str], list[TestResult]] = defaultdict(list)
    for result in results:
        for clause_id in result.clauses:
            by_key[result.backend, clause_id].append(result)
    verdicts: list[Verdict] = []
    clause_list = list(clauses)
    for backend, plan in backends.items():
        for clause in clause_list:
            if clause.kind != plan.kind:
                continue
            verdicts.append(
                judge(
                    clause,
                    backend,
                    by_key.get((backend, clause.id), []),
                    findings=plan.findings,
                    advisory=is_advisory(clause, strict=strict, pin=pin),
                    expected=plan.expected.get(clause.id),
                )
            )
    return verdicts
