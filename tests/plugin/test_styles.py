"""The subclass style, and a host project's asyncio mode."""

from __future__ import annotations

import pytest

SUBCLASS = """
from storespec.conformance import Adapter
from storespec.conformance.plugin.subclass import CacheConformance, StoreConformance
from storespec.reference import InMemoryCache, InMemoryStore


class TestMyStore(StoreConformance):
    backend = Adapter(name="my-store", kind="store", factory=lambda ns, **o: InMemoryStore())


class TestMyCache(CacheConformance):
    backend = Adapter(
        name="my-cache", kind="cache", factory=lambda ns, **o: InMemoryCache(**o),
        capabilities=frozenset({"maxsize"}),
    )
"""


def test_subclass_style_runs_the_suite_with_verdicts(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mine=SUBCLASS)
    result = pytester.runpytest("-k", "mget or non_positive", "-q", "-p", "no:cacheprovider")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "*storespec conformance*",
            "my-store",
            "*store.mget.order*pass*",
            "my-cache",
            "*cache.maxsize.invalid*pass*",
            "note: my-store: the subclass style runs the suite's tests, not the spec's examples*",
        ]
    )


def test_subclass_style_reports_failures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_bad="""
from storespec.conformance import Adapter
from storespec.conformance.plugin.subclass import StoreConformance
from storespec.reference import InMemoryStore

class Dropping(InMemoryStore):
    def mget(self, keys):
        return [v for v in super().mget(keys) if v is not None]

class TestDropping(StoreConformance):
    backend = Adapter(name="dropping", kind="store", factory=lambda ns, **o: Dropping())
"""
    )
    result = pytester.runpytest("-k", "missing", "-q", "-p", "no:cacheprovider")
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*store.mget.missing*FAIL*"])


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_host_asyncio_mode_does_not_matter(pytester: pytest.Pytester, mode: str) -> None:
    pytester.makeini(
        f"[pytest]\nasyncio_mode = {mode}\nasyncio_default_fixture_loop_scope = function\n"
    )
    result = pytester.runpytest("--backend=reference", "-k", "async", "-p", "no:cacheprovider")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "*store.keys.iterator*pass*",
            "*store.async.equivalent*pass*",
            "*cache.async.equivalent*pass*",
        ]
    )
    counts = result.parseoutcomes()
    assert counts.get("passed", 0) >= 7
    assert "failed" not in counts
    assert "errors" not in counts
