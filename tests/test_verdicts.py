"""From test results to clause verdicts: precedence, findings, partial runs, advisory levels."""

from __future__ import annotations

import dataclasses

import pytest

from storespec.conformance.core.clauses import Clause, Level
from storespec.conformance.core.findings import Failure, Finding, Severity, Signature
from storespec.conformance.core.verdicts import (
    BackendPlan,
    Outcome,
    TestOutcome,
    TestResult,
    aggregate,
    is_advisory,
    judge,
)


def clause(level: Level = Level.MUST, since: str = "0.1.0", cid: str = "store.x") -> Clause:
    return Clause(cid, "t", level, since, frozenset(), "store.md", 1, "rule")


def result(
    outcome: TestOutcome,
    reason: str = "",
    observation: str = "",
    name: str = "test_x",
    api: str | None = "sync",
) -> TestResult:
    return TestResult(f"t::{name}", "b", ("store.x",), outcome, reason, observation, name, api)


GLOB = Finding(
    id="b/prefix-is-glob",
    clauses=("store.x",),
    summary="prefixes are globs",
    severity=Severity.WRONG_ANSWER,
    signature=Signature(message=r"prefix '\*'", tests=("test_prefix*",)),
)


def outcome_of(*results: TestResult, findings: tuple[Finding, ...] = ()) -> Outcome:
    return judge(clause(), "b", list(results), findings=findings, advisory=False).outcome


def test_precedence() -> None:
    passed, failed = result(TestOutcome.PASSED), result(TestOutcome.FAILED)
    assert outcome_of(passed, passed) is Outcome.PASS
    assert outcome_of(passed, failed) is Outcome.FAIL
    assert outcome_of(failed, result(TestOutcome.ERROR)) is Outcome.ERROR
    assert outcome_of(result(TestOutcome.NOT_APPLICABLE)) is Outcome.NOT_APPLICABLE
    assert outcome_of(passed, result(TestOutcome.NOT_APPLICABLE)) is Outcome.PASS
    assert outcome_of(result(TestOutcome.SKIPPED)) is Outcome.NOT_RUN
    assert outcome_of() is Outcome.NOT_RUN


def test_a_failure_the_signature_matches_is_a_known_finding() -> None:
    glob = result(TestOutcome.FAILED, "AssertionError: prefix '*' over keys", name="test_prefix_a")
    verdict = judge(clause(), "b", [glob], findings=(GLOB,), advisory=False)
    assert verdict.outcome is Outcome.KNOWN
    assert verdict.findings == ["b/prefix-is-glob"]
    assert [f.finding for f in verdict.failures] == ["b/prefix-is-glob"]
    assert not verdict.breaks_run


def test_a_failure_the_signature_does_not_match_is_a_new_failure() -> None:
    glob = result(TestOutcome.FAILED, "AssertionError: prefix '*'", name="test_prefix_a")
    other_message = result(TestOutcome.FAILED, "AssertionError: prefix 'K'", name="test_prefix_a")
    other_test = result(TestOutcome.FAILED, "AssertionError: prefix '*'", name="test_other")
    for regression in (other_message, other_test):
        verdict = judge(clause(), "b", [glob, regression], findings=(GLOB,), advisory=False)
        assert verdict.outcome is Outcome.FAIL
        assert "not explained by b/prefix-is-glob" in verdict.note
        assert [f.finding for f in verdict.new_failures] == [None]
        assert verdict.breaks_run


def test_signature_apis_limit_what_a_finding_explains() -> None:
    async_only = Finding(
        id="b/async-lossy",
        clauses=("store.x",),
        summary="the async API drops fields",
        severity=Severity.DATA_LOSS,
        signature=Signature(apis=frozenset({"async"})),
    )
    failed_async = result(TestOutcome.FAILED, "x", api="async")
    failed_sync = result(TestOutcome.FAILED, "x", api="sync")
    assert outcome_of(failed_async, findings=(async_only,)) is Outcome.KNOWN
    assert outcome_of(failed_async, failed_sync, findings=(async_only,)) is Outcome.FAIL


def test_a_finding_that_explains_nothing_is_an_unexpected_pass() -> None:
    verdict = judge(clause(), "b", [result(TestOutcome.PASSED)], findings=(GLOB,), advisory=True)
    assert verdict.outcome is Outcome.UNEXPECTED_PASS
    assert verdict.findings == ["b/prefix-is-glob"]
    assert verdict.breaks_run


def test_an_intermittent_finding_that_did_not_show_leaves_a_pass_with_a_note() -> None:
    timing = dataclasses.replace(GLOB, intermittent=True)
    verdict = judge(clause(), "b", [result(TestOutcome.PASSED)], findings=(timing,), advisory=False)
    assert verdict.outcome is Outcome.PASS
    assert verdict.note == "b/prefix-is-glob (intermittent) did not show in this run"
    assert not verdict.breaks_run
    failed = result(TestOutcome.FAILED, "AssertionError: prefix '*' listed", name="test_prefix")
    assert outcome_of(failed, findings=(timing,)) is Outcome.KNOWN


def test_an_error_is_explained_like_a_failure() -> None:
    error = result(TestOutcome.ERROR, "AssertionError: prefix '*'", name="test_prefix_b")
    assert outcome_of(error, findings=(GLOB,)) is Outcome.KNOWN
    assert outcome_of(result(TestOutcome.ERROR, "boom"), findings=(GLOB,)) is Outcome.ERROR


def test_a_clause_whose_tests_did_not_all_run_is_partial() -> None:
    passed = result(TestOutcome.PASSED)
    partial = judge(clause(), "b", [passed], advisory=False, expected=3)
    assert partial.outcome is Outcome.PARTIAL
    assert "1 of its 3 tests ran" in partial.note
    assert not partial.breaks_run
    full = judge(clause(), "b", [passed, result(TestOutcome.NOT_APPLICABLE)], advisory=False)
    assert full.outcome is Outcome.PASS


def test_failures_and_observations_are_kept() -> None:
    verdict = judge(
        clause(),
        "b",
        [result(TestOutcome.FAILED, "boom"), result(TestOutcome.PASSED, observation="saw it")],
        advisory=False,
    )
    assert [(f.test, f.reason, f.finding) for f in verdict.failures] == [
        ("t::test_x", "boom", None)
    ]
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
        verdict = judge(clause(), "b", [], advisory=advisory)
        verdict.outcome = outcome
        return verdict.breaks_run

    assert breaks(Outcome.FAIL, advisory=False)
    assert breaks(Outcome.ERROR, advisory=False)
    assert breaks(Outcome.UNEXPECTED_PASS, advisory=True)
    assert not breaks(Outcome.FAIL, advisory=True)
    assert not breaks(Outcome.KNOWN, advisory=False)
    assert not breaks(Outcome.PARTIAL, advisory=False)
    assert not breaks(Outcome.NOT_APPLICABLE, advisory=False)
    assert not breaks(Outcome.NOT_RUN, advisory=False)


def test_aggregate_gives_one_verdict_per_backend_and_clause_of_its_kind() -> None:
    store_clause, cache_clause = clause(cid="store.x"), clause(cid="cache.y")
    failing = TestResult("t", "s", ("store.x",), TestOutcome.FAILED, "AssertionError: prefix '*'")
    verdicts = aggregate(
        [failing],
        [store_clause, cache_clause],
        {"s": BackendPlan("store", (GLOB,)), "c": BackendPlan("cache")},
    )
    assert [(v.backend, v.clause.id, v.outcome) for v in verdicts] == [
        ("s", "store.x", Outcome.FAIL),  # the test name "t" is outside the signature
        ("c", "cache.y", Outcome.NOT_RUN),
    ]


def test_versions_decide_whether_a_finding_applies() -> None:
    pinned = Finding(
        id="b/fixed-upstream",
        clauses=("store.x",),
        summary="fixed in 2.0",
        severity=Severity.CRASH,
        versions={"somepkg": "<2.0"},
    )
    versions = {"somepkg": "1.9.3"}.get
    assert pinned.not_applied(versions) is None
    assert "somepkg 2.0.1 is outside <2.0" in str(pinned.not_applied({"somepkg": "2.0.1"}.get))
    assert "not installed" in str(pinned.not_applied(lambda _: None))


def test_declarations_are_checked() -> None:
    with pytest.raises(ValueError, match="lower case"):
        Finding(id="NoFamily", clauses=("store.x",), summary="", severity=Severity.CRASH)
    with pytest.raises(ValueError, match="names no clause"):
        Finding(id="b/none", clauses=(), summary="", severity=Severity.CRASH)
    with pytest.raises(ValueError, match="no version specifier"):
        Finding(id="b/v", clauses=("store.x",), summary="", severity="crash", versions={"p": "~~1"})
    with pytest.raises(ValueError, match="no regex"):
        Signature(message="(")
    with pytest.raises(ValueError, match="not a valid Severity"):
        Severity("minor")
    assert Signature().matches(Failure("anything", None, "any reason"))


def test_a_portability_limit_never_explains_a_wrong_result() -> None:
    refusal = Finding(
        id="b/async-refused",
        clauses=("store.x",),
        summary="the async API raises",
        severity=Severity.PORTABILITY,
    )
    assert not refusal.understates(Failure("t", "async", "ValueError: sync mode is turned on"))
    assert refusal.understates(Failure("t", "sync", "AssertionError: mget(['a']) = [None]"))
    wrong = Finding(
        id="b/stale", clauses=("store.x",), summary="stale", severity=Severity.WRONG_ANSWER
    )
    assert not wrong.understates(Failure("t", "sync", "AssertionError: stale"))
