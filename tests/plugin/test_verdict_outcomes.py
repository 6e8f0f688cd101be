"""Each verdict outcome, and the exit status it gives."""

from __future__ import annotations

import pytest
from hypothesis import settings

from tests.conftest import outcomes, read_report


def run(backends: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict[str, str]]:
    report = backends.path / "r.json"
    result = backends.runpytest(*args, f"--conformance-report={report}", "-p", "no:cacheprovider")
    data = read_report(report)
    (backend,) = {c["backend"] for c in data["clauses"]}
    return result, outcomes(data, backend)


def test_failing_must_clause_fails_the_run(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:GLOB", "-k", "prefix")
    assert result.ret == 1
    assert verdicts["store.keys.prefix-literal"] == "fail"
    assert verdicts["store.keys.prefix"] == "pass"
    result.stdout.fnmatch_lines(
        ["*store.keys.prefix-literal*MUST*FAIL*", "*storespec verdict: FAIL*"]
    )


def test_declared_deviation_is_reported_and_does_not_fail(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:GLOB_DECLARED", "-k", "prefix")
    assert result.ret == 0
    assert verdicts["store.keys.prefix-literal"] == "known deviation"
    result.stdout.fnmatch_lines(["*store.keys.prefix-literal*known deviation*"])


def test_stale_deviation_is_an_unexpected_pass_that_fails(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:STALE", "-k", "mget")
    assert result.ret == 1
    assert verdicts["store.mget.order"] == "unexpected pass"
    result.stdout.fnmatch_lines(["*store.mget.order*UNEXPECTED PASS*remove it from the adapter*"])


def test_foreign_data_counts_only_when_isolation_was_tested(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:SWEEPING_DECLARED", "-k", "chat")
    assert result.ret == 0, result.stdout.str()[-2000:]
    assert verdicts["cache.isolation"] == "not run"
    result, verdicts = run(backends, "--backend=tiny:SWEEPING_DECLARED", "-k", "clear or isolated")
    assert result.ret == 0, result.stdout.str()[-2000:]
    assert verdicts["cache.isolation"] == "known deviation"


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
    assert verdicts["cache.lookup.hit"] == "pass"
    assert verdicts["cache.value.chat"] == "pass"


def test_missing_capability_is_not_applicable(backends: pytest.Pytester) -> None:
    result, verdicts = run(backends, "--backend=tiny:GOOD_STORE", "-k", "persistence")
    assert result.ret == 0
    assert verdicts["store.persistence"] == "not applicable"
    assert verdicts["store.mget.order"] == "not run"


def test_implementation_defined_points_are_recorded(backends: pytest.Pytester) -> None:
    report = backends.path / "r.json"
    backends.runpytest(
        "--backend=tiny:GOOD_CACHE", "-k", "position", f"--conformance-report={report}"
    )
    (clause,) = [
        c for c in read_report(report)["clauses"] if c["id"] == "cache.maxsize.update-position"
    ]
    assert clause["outcome"] == "pass"
    assert clause["observations"] == ["an update keeps the pair's position"]


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
    result.stdout.fnmatch_lines(["*store.mget.order*ERROR*ConnectionError: server went away*"])
