"""From test results to one verdict per (backend, clause): the framework-agnostic core."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from storespec.conformance.clauses import Clause, Level, version_tuple
from storespec.conformance.deviation import Deviation


class Outcome(StrEnum):
    """A clause's verdict for one backend."""

    PASS = "pass"
    FAIL = "fail"
    DEVIATION = "known deviation"
    UNEXPECTED_PASS = "unexpected pass"
    NOT_APPLICABLE = "not applicable"
    ERROR = "error"
    NOT_RUN = "not run"


class TestOutcome(StrEnum):
    """What one test did, before deviations and advisory levels are applied."""

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
    backend: str
    clauses: tuple[str, ...]
    outcome: TestOutcome
    reason: str = ""
    observation: str = ""


@dataclass
class Verdict:
    """The verdict on one clause for one backend, with what it rests on."""

    backend: str
    clause: Clause
    outcome: Outcome
    advisory: bool
    tests: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    observations: list[str] = field(default_factory=list)
    deviation: Deviation | None = None
    note: str = ""

    @property
    def breaks_run(self) -> bool:
        """Whether this verdict makes the run fail."""
        if self.outcome is Outcome.UNEXPECTED_PASS:
            return True
        return not self.advisory and self.outcome in (Outcome.FAIL, Outcome.ERROR)


def is_advisory(clause: Clause, *, strict: bool, pin: str | None) -> bool:
    """Whether a failure of this clause only warns.

    SHOULD and implementation-defined clauses warn unless ``strict``; a clause
    introduced after the pinned version warns whatever its level.
    """
    if pin is not None and version_tuple(clause.since) > version_tuple(pin):
        return True
    return clause.level is not Level.MUST and not strict


def judge(
    clause: Clause,
    backend: str,
    results: list[TestResult],
    *,
    deviation: Deviation | None,
    advisory: bool,
) -> Verdict:
    """Combine the results of the tests that cite ``clause`` into its verdict."""
    verdict = Verdict(backend, clause, Outcome.NOT_RUN, advisory, tests=len(results))
    verdict.deviation = deviation
    verdict.observations = [r.observation for r in results if r.observation]
    kinds = {r.outcome for r in results}
    verdict.failures = [
        (r.test, r.reason) for r in results if r.outcome in (TestOutcome.FAILED, TestOutcome.ERROR)
    ]
    if TestOutcome.ERROR in kinds:
        verdict.outcome = Outcome.ERROR
    elif TestOutcome.FAILED in kinds:
        verdict.outcome = Outcome.DEVIATION if deviation else Outcome.FAIL
    elif TestOutcome.PASSED in kinds:
        if deviation is not None:
            verdict.outcome = Outcome.UNEXPECTED_PASS
            verdict.note = "the declared deviation no longer occurs: remove it from the adapter"
        else:
            verdict.outcome = Outcome.PASS
    elif kinds == {TestOutcome.NOT_APPLICABLE}:
        verdict.outcome = Outcome.NOT_APPLICABLE
        verdict.note = results[0].reason
    elif results:
        verdict.note = results[0].reason
    return verdict


def aggregate(
    results: Iterable[TestResult],
    clauses: Iterable[Clause],
    backends: Mapping[str, tuple[str, Mapping[str, Deviation]]],
    *,
    strict: bool = False,
    pin: str | None = None,
) -> list[Verdict]:
    """One verdict per backend and per clause of the backend's kind.

    ``backends`` maps a backend's name to its kind and its declared deviations.
    """
    by_key: dict[tuple[str, str], list[TestResult]] = defaultdict(list)
    for result in results:
        for clause_id in result.clauses:
            by_key[result.backend, clause_id].append(result)
    verdicts: list[Verdict] = []
    clause_list = list(clauses)
    for backend, (kind, deviations) in backends.items():
        for clause in clause_list:
            if clause.kind != kind:
                continue
            verdicts.append(
                judge(
                    clause,
                    backend,
                    by_key.get((backend, clause.id), []),
                    deviation=deviations.get(clause.id),
                    advisory=is_advisory(clause, strict=strict, pin=pin),
                )
            )
    return verdicts
