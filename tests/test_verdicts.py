"""From test results to clause verdicts: precedence, deviations, advisory levels."""

from __future__ import annotations

from storespec.conformance.clauses import Clause, Level
from storespec.conformance.deviation import Deviation
from storespec.conformance.verdicts import (
    Outcome,
    TestOutcome,
    TestResult,
    aggregate,
    is_advisory,
    judge,
)


def clause(level: Level = Level.MUST, since: str = "0.1.0", cid: str = "store.x") -> Clause:
    return Clause(cid, "t", level, since, frozenset(), "store.md", 1, "rule")


def result(outcome: TestOutcome, reason: str = "", observation: str = "") -> TestResult:
    return TestResult("t::x", "b", ("store.x",), outcome, reason, observation)


DEV = Deviation("store.x", "broken")


def outcome_of(*outcomes: TestOutcome, deviation: Deviation | None = None) -> Outcome:
    return judge(
        clause(), "b", [result(o) for o in outcomes], deviation=deviation, advisory=False
    ).outcome


def test_precedence() -> None:
    assert outcome_of(TestOutcome.PASSED, TestOutcome.PASSED) is Outcome.PASS
    assert outcome_of(TestOutcome.PASSED, TestOutcome.FAILED) is Outcome.FAIL
    assert outcome_of(TestOutcome.FAILED, TestOutcome.ERROR) is Outcome.ERROR
    assert outcome_of(TestOutcome.NOT_APPLICABLE) is Outcome.NOT_APPLICABLE
    assert outcome_of(TestOutcome.PASSED, TestOutcome.NOT_APPLICABLE) is Outcome.PASS
    assert outcome_of(TestOutcome.SKIPPED) is Outcome.NOT_RUN
    assert outcome_of() is Outcome.NOT_RUN


def test_deviation_turns_failure_into_known_deviation_and_pass_into_unexpected_pass() -> None:
    assert outcome_of(TestOutcome.FAILED, TestOutcome.PASSED, deviation=DEV) is Outcome.DEVIATION
    assert outcome_of(TestOutcome.PASSED, deviation=DEV) is Outcome.UNEXPECTED_PASS
    assert outcome_of(TestOutcome.ERROR, deviation=DEV) is Outcome.ERROR


def test_failures_and_observations_are_kept() -> None:
    verdict = judge(
        clause(),
        "b",
        [result(TestOutcome.FAILED, "boom"), result(TestOutcome.PASSED, observation="saw it")],
        deviation=None,
        advisory=False,
    )
    assert verdict.failures == [("t::x", "boom")]
    assert verdict.observations == ["saw it"]
    assert verdict.tests == 2


def test_advisory_levels() -> None:
    assert not is_advisory(clause(Level.MUST), strict=False, pin=None)
    assert is_advisory(clause(Level.SHOULD), strict=False, pin=None)
    assert not is_advisory(clause(Level.SHOULD), strict=True, pin=None)
    assert is_advisory(clause(Level.IMPLEMENTATION_DEFINED), strict=False, pin=None)
    assert is_advisory(clause(Level.MUST, since="0.2.0"), strict=True, pin="0.1.0")
    assert not is_advisory(clause(Level.MUST, since="0.1.0"), strict=False, pin="0.1.0")


def test_which_verdicts_break_the_run() -> None:
    def breaks(outcome: Outcome, advisory: bool) -> bool:
        verdict = judge(clause(), "b", [], deviation=None, advisory=advisory)
        verdict.outcome = outcome
        return verdict.breaks_run

    assert breaks(Outcome.FAIL, advisory=False)
    assert breaks(Outcome.ERROR, advisory=False)
    assert breaks(Outcome.UNEXPECTED_PASS, advisory=True)
    assert not breaks(Outcome.FAIL, advisory=True)
    assert not breaks(Outcome.DEVIATION, advisory=False)
    assert not breaks(Outcome.NOT_APPLICABLE, advisory=False)
    assert not breaks(Outcome.NOT_RUN, advisory=False)


def test_aggregate_gives_one_verdict_per_backend_and_clause_of_its_kind() -> None:
    store_clause, cache_clause = clause(cid="store.x"), clause(cid="cache.y")
    results = [TestResult("t", "s", ("store.x",), TestOutcome.FAILED, "bad")]
    verdicts = aggregate(
        results,
        [store_clause, cache_clause],
        {"s": ("store", {"store.x": DEV}), "c": ("cache", {})},
    )
    assert [(v.backend, v.clause.id, v.outcome) for v in verdicts] == [
        ("s", "store.x", Outcome.DEVIATION),
        ("c", "cache.y", Outcome.NOT_RUN),
    ]
