"""Against backends that hang, raise or return garbage, the suite stays in control."""

from __future__ import annotations

import pytest

from storespec.conformance.core.report import Report
from tests.conftest import report_at

HOSTILE = """
import threading
import time
from storespec.conformance import Adapter
from storespec.reference import InMemoryCache, InMemoryStore


class HangsInYieldKeys(InMemoryStore):
    def yield_keys(self, *, prefix=None):
        time.sleep(3600)
        return iter([])


class Raises(InMemoryStore):
    def mget(self, keys):
        raise RuntimeError("connection reset by peer")


class Garbage(InMemoryStore):
    def mget(self, keys):
        return (v for v in super().mget(keys))

    def yield_keys(self, *, prefix=None):
        return list(super().yield_keys(prefix=prefix))


class Endless(InMemoryStore):
    def yield_keys(self, *, prefix=None):
        n = 0
        while True:
            n += 1
            yield f"k{n}"


class BadLookup(InMemoryCache):
    def lookup(self, prompt, llm_string):
        found = super().lookup(prompt, llm_string)
        return None if found is None else "".join(g.text for g in found)


class DeadlocksWhenShared(InMemoryStore):
    def __init__(self):
        super().__init__()
        self.active = 0
        self.lock = threading.Lock()

    def mget(self, keys):
        with self.lock:
            self.active += 1
        time.sleep(0.01)
        with self.lock:
            shared = self.active > 1
        if shared:
            time.sleep(3600)
        with self.lock:
            self.active -= 1
        return super().mget(keys)


def waits_for_calls_in_flight(namespace, **options):
    store = DeadlocksWhenShared()
    yield store
    while store.active:  # as a connection pool's close waits for its connections
        time.sleep(0.01)


def broken_teardown(namespace, **options):
    yield InMemoryStore()
    raise OSError("could not close the connection")


def broken_setup(namespace, **options):
    raise PermissionError("access denied for user")


HANG = Adapter(name="hangs", kind="store", factory=lambda ns, **o: HangsInYieldKeys())
RAISE = Adapter(name="raises", kind="store", factory=lambda ns, **o: Raises())
GARBAGE = Adapter(name="garbage", kind="store", factory=lambda ns, **o: Garbage())
ENDLESS = Adapter(name="endless", kind="store", factory=lambda ns, **o: Endless())
BAD_LOOKUP = Adapter(name="bad-lookup", kind="cache", factory=lambda ns, **o: BadLookup())
DEADLOCK = Adapter(
    name="deadlock", kind="store", factory=waits_for_calls_in_flight, apis=frozenset({"sync"})
)
TEARDOWN = Adapter(name="teardown", kind="store", factory=broken_teardown)
SETUP = Adapter(name="setup", kind="store", factory=broken_setup)
"""


@pytest.fixture
def hostile(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(hostile=HOSTILE)
    pytester.syspathinsert()
    return pytester


def run(pytester: pytest.Pytester, backend: str, *args: str) -> tuple[pytest.RunResult, Report]:
    path = pytester.path / f"{backend}.json"
    result = pytester.runpytest_subprocess(
        f"--backend=hostile:{backend}",
        f"--conformance-report={path}",
        "--conformance-profile=quick",
        "-p",
        "no:cacheprovider",
        *args,
    )
    return result, report_at(path)


def reasons(report: Report) -> list[str]:
    return [f.reason for v in report.verdicts for f in v.failures]


def test_a_hang_costs_one_timeout_then_fails_fast(hostile: pytest.Pytester) -> None:
    result, report = run(hostile, "HANG", "--conformance-timeout=2", "-k", "keys or mset or mget")
    assert result.ret == 1
    timed_out = [
        r for r in reasons(report) if "did not finish within 2 s" in r and "hung earlier" not in r
    ]
    assert len(timed_out) == 1, timed_out
    later = [r for r in reasons(report) if "backend hung earlier in this run" in r]
    assert later, "tests after the hang did not fail fast"
    verdicts = report.outcomes_of("hangs")
    assert "error" in verdicts.values() or "fail" in verdicts.values()
    assert any("hangs hung" in e for e in report.errors)
    result.stdout.fnmatch_lines(["*storespec verdict: FAIL*"])


def test_clients_that_hang_under_concurrency_are_reported_not_waited_for(
    hostile: pytest.Pytester,
) -> None:
    """A backend that deadlocks when calls overlap, and whose close waits for its calls:
    the history's instance is left open, the hang is the verdict, and the run ends."""
    result, report = run(hostile, "DEADLOCK", "-k", "concurrency", "--conformance-timeout=5")
    outcomes = report.outcomes_of("deadlock")
    assert outcomes["store.concurrency.linearizable"] == "fail", outcomes
    assert any("did not finish within 5 s" in r for r in reasons(report)), reasons(report)
    result.stdout.fnmatch_lines(["*storespec verdict: FAIL*"])


def test_unexpected_exceptions_give_per_clause_failures(hostile: pytest.Pytester) -> None:
    result, report = run(hostile, "RAISE", "-k", "mget")
    assert result.ret == 1
    verdicts = report.outcomes_of("raises")
    assert verdicts["store.mget.order"] == "fail"
    assert any("RuntimeError: connection reset by peer" in r for r in reasons(report))
    result.stdout.fnmatch_lines(["*store.mget.order*FAIL*RuntimeError: connection reset by peer*"])


def test_wrong_types_are_named_in_the_verdict(hostile: pytest.Pytester) -> None:
    result, report = run(hostile, "GARBAGE", "-k", "mget or iterator")
    assert result.ret == 1
    found = " ".join(reasons(report))
    assert "mget returned generator, not a list" in found
    assert "yield_keys(prefix=None) returned list, not an Iterator" in found


def test_an_endless_iterator_is_cut_off(hostile: pytest.Pytester) -> None:
    result, report = run(hostile, "ENDLESS", "-k", "every_key_exactly_once")
    assert result.ret == 1
    assert any("never ends" in r for r in reasons(report))


def test_a_lookup_returning_a_string_fails_readably(hostile: pytest.Pytester) -> None:
    result, report = run(hostile, "BAD_LOOKUP", "-k", "hit")
    assert result.ret == 1
    assert report.outcomes_of("bad-lookup")["cache.lookup.hit"] == "fail"


@pytest.mark.parametrize(
    ("backend", "message"),
    [
        ("TEARDOWN", "OSError: could not close the connection"),
        ("SETUP", "PermissionError: access denied for user"),
    ],
)
def test_setup_and_teardown_failures_are_errors(
    hostile: pytest.Pytester, backend: str, message: str
) -> None:
    result, report = run(hostile, backend, "-k", "mget_of_no_keys")
    assert result.ret == 1
    clause = report.verdicts_of(report.backends[0].name)["store.mget.empty"]
    assert clause.outcome.value == "error"
    said = [clause.failures[0].reason, *report.errors]
    assert any(message in text for text in said), said
    result.stdout.fnmatch_lines(["*storespec verdict: FAIL*"])
    assert result.stdout.str().count("Traceback") <= 2
