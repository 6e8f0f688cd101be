"""Each verdict outcome, and the exit status it gives."""

from __future__ import annotations

import pytest
from hypothesis import settings

from tests.conftest import report_at


def run(backends: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict[str, str]]:
    report = backends.path / "r.json"
    result = backends.runpytest(*args, f"--conformance-report={report}", "-p", "no:cacheprovider")
    data = report_at(report)
    (backend,) = data.backends
    return result, data.outcomes_of(backend.name)


def test_failing_must_clause_fails_the_run(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:GLOB", "-k", "prefix")
    assert result.ret == 1
    assert verdicts["store.keys.prefix-literal"] == "fail"
    assert verdicts["store.keys.prefix"] == "pass"
    result.stdout.fnmatch_lines(
        ["*store.keys.prefix-literal*MUST*FAIL*", "*storespec verdict: FAIL*"]
    )


def test_declared_finding_is_reported_and_does_not_fail(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:GLOB_DECLARED", "-k", "prefix")
    assert result.ret == 0, result.stdout.str()[-2000:]
    assert verdicts["store.keys.prefix-literal"] == "known finding"
    result.stdout.fnmatch_lines(
        ["*store.keys.prefix-literal*known finding*glob-store/prefix-is-glob*", "*known finding*"]
    )


def test_regression_under_a_declared_finding_is_a_new_failure(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:GLOB_REGRESSED", "-k", "prefix")
    assert result.ret == 1
    assert verdicts["store.keys.prefix-literal"] == "fail"
    result.stdout.fnmatch_lines(["*store.keys.prefix-literal*MUST*FAIL*prefix 'Ab'*"])
    report = report_at(backends.path / "r.json")
    verdict = report.verdicts_of("glob-regressed")["store.keys.prefix-literal"]
    assert "not explained by glob-store/prefix-is-glob" in verdict.note
    assert {f.finding for f in verdict.failures} == {"glob-store/prefix-is-glob", None}


def test_finding_outside_its_versions_is_not_applied(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:GLOB_FIXED_UPSTREAM", "-k", "prefix")
    assert result.ret == 1
    assert verdicts["store.keys.prefix-literal"] == "fail"
    (finding,) = report_at(backends.path / "r.json").backend("glob-fixed-upstream").findings
    assert not finding.applied
    assert "outside <0.0.1" in finding.not_applied_reason
    result.stdout.fnmatch_lines(["*glob-store/prefix-is-glob not applied: langchain-core*"])


def test_stale_finding_is_an_unexpected_pass_that_fails(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:STALE", "-k", "mget")
    assert result.ret == 1
    assert verdicts["store.mget.order"] == "unexpected pass"
    result.stdout.fnmatch_lines(["*store.mget.order*UNEXPECTED PASS*stale/mget-order*"])


def test_foreign_data_counts_only_when_isolation_was_tested(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:SWEEPING_DECLARED", "-k", "chat")
    assert result.ret == 0, result.stdout.str()[-2000:]
    assert verdicts["cache.isolation"] == "not run"
    result, verdicts = run(backends, "--backend=tiny:SWEEPING_DECLARED", "-k", "clear or isolated")
    assert result.ret == 0, result.stdout.str()[-2000:]
    assert verdicts["cache.isolation"] == "known finding"


def test_hypothesis_ci_profile_does_not_replace_the_suites(backends: pytest.Pytester) -> None:
    # Hypothesis loads its own "ci" profile when CI is set; it is no user's choice, and the
    # property tests, which open an instance per example, must still run under it.
    previous = settings.get_current_profile_name()
    settings.load_profile("ci")
    try:
        result, verdicts = run(backends, "--backend=tiny:GOOD_CACHE", "-k", "drawn")
    finally:
        settings.load_profile(previous)
    assert result.ret == 0, result.stdout.str()[-2000:]
    # Only the drawn tests ran: the clauses are partly verified, not passed.
    assert verdicts["cache.lookup.hit"] == "partial"
    assert verdicts["cache.value.chat"] == "partial"
    report = report_at(backends.path / "r.json")
    assert report.result == "partial"
    assert report.verdicts_of("good-cache")["cache.lookup.hit"].failures == []


def test_missing_capability_is_not_applicable(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:GOOD_STORE", "-k", "persistence")
    assert result.ret == 0
    assert verdicts["store.persistence"] == "not applicable"
    assert verdicts["store.mget.order"] == "not run"


def test_implementation_defined_points_are_recorded(backends: pytest.Pytester) -> None:
    _, verdicts = run(backends, "--backend=tiny:GOOD_CACHE", "-k", "position")
    assert verdicts["cache.maxsize.update-position"] == "pass"
    clause = report_at(backends.path / "r.json").verdicts_of("good-cache")
    observed = clause["cache.maxsize.update-position"].observations
    assert observed == ["an update keeps the pair's position"] * 2


SHOULD_BROKEN = """
from storespec.conformance import Adapter
from storespec.reference import InMemoryCache

class EmptyIsMiss(InMemoryCache):
    def lookup(self, prompt, llm_string):
        found = super().lookup(prompt, llm_string)
        return found or None

EMPTY = Adapter(name="empty-is-miss", kind="cache", factory=lambda ns, **o: EmptyIsMiss())
"""


def test_should_failure_warns_unless_strict(backends: pytest.Pytester) -> None:
    backends.makepyfile(should=SHOULD_BROKEN)
    result, verdicts = run(backends, "--backend=should:EMPTY", "-k", "empty")
    assert result.ret == 0
    assert verdicts["cache.value.empty-list"] == "fail"
    result.stdout.fnmatch_lines(["*cache.value.empty-list*SHOULD*fail (advisory)*"])
    strict, verdicts = run(
        backends, "--backend=should:EMPTY", "-k", "empty", "--conformance-strict"
    )
    assert strict.ret == 1
    assert verdicts["cache.value.empty-list"] == "fail"


def test_pin_makes_newer_clauses_advisory(backends: pytest.Pytester) -> None:
    result, verdicts = run(
        backends, "--backend=tiny:GLOB", "-k", "prefix", "--conformance-pin=0.0.9"
    )
    assert result.ret == 0
    assert verdicts["store.keys.prefix-literal"] == "fail"
    pinned, _ = run(backends, "--backend=tiny:GLOB", "-k", "prefix", "--conformance-pin=0.1.0")
    assert pinned.ret == 1


def test_setup_error_is_an_error_verdict(backends: pytest.Pytester) -> None:
    backends.makepyfile(
        crashing="""
from storespec.conformance import Adapter

def explode(namespace, **options):
    raise ConnectionError("server went away")

CRASH = Adapter(name="crash", kind="store", factory=explode)
"""
    )
    result, verdicts = run(backends, "--backend=crashing:CRASH", "-k", "mget")
    assert result.ret == 1
    assert verdicts["store.mget.order"] == "error"
    result.stdout.fnmatch_lines(
        [
            "*crashing.py*explode*",
            "*CannotConstruct: the factory of 'crash' raised ConnectionError: server went away*",
            "*store.mget.order*ERROR*cannot construct the backend",
            "*store.mget.missing*ERROR*cannot construct the backend",
            "error: crash: cannot construct the backend: *ConnectionError: server went away*",
        ]
    )
    output = result.stdout.str()
    # pytest's own summary repeats the error in full under CI (CI=true): not counted.
    ours = output.split("short test summary info")[0]
    assert ours.count("server went away") <= 4, output
    assert len(output.splitlines()) < 120, output


def test_an_understated_severity_fails_the_run(backends: pytest.Pytester) -> None:
    backends.makepyfile(
        understated="""
import dataclasses
from tiny import GLOB_DECLARED, PREFIX_IS_GLOB

UNDERSTATED = dataclasses.replace(
    GLOB_DECLARED,
    name="understated",
    findings=(dataclasses.replace(PREFIX_IS_GLOB, severity="portability limit"),),
)
"""
    )
    result, verdicts = run(backends, "--backend=understated:UNDERSTATED", "-k", "prefix")
    assert verdicts["store.keys.prefix-literal"] == "known finding"
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        ["error: understated: finding glob-store/prefix-is-glob is declared a portability limit*"]
    )
