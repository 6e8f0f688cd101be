"""Parity: the cache's async twins give the same results and effects as the sync methods,
on one shared state, without blocking the loop.

These tests call both APIs on purpose: they are where a backend that offers one API only
shows it. Every other clause is verified through each API the backend offers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.outputs import Generation

from storespec.conformance.plugin.marks import verifies
from storespec.conformance.suite.blocking import assert_loop_not_blocked
from storespec.conformance.suite.checks import assert_hit, describe_generations, differing_fields
from storespec.conformance.suite.drivers import CacheDriver
from storespec.conformance.suite.harness import Instances


def _script(cache: CacheDriver) -> list[Any]:
    """One sequence of calls; what each lookup returned, compared whole."""
    seen = [cache.lookup("p", "l")]
    cache.update(
        "p", "l", [Generation(text="one"), Generation(text="two", generation_info={"i": 2})]
    )
    seen += [cache.lookup("p", "l")]
    seen += [cache.lookup("p", "other")]
    cache.update("p", "l", [Generation(text="three")])
    seen += [cache.lookup("p", "l")]
    cache.clear()
    seen += [cache.lookup("p", "l")]
    return seen


def _fields(sync: Any, asynchronous: Any) -> str:
    """Where two lookups of the same length differ, when they differ beyond type and text."""
    if not isinstance(sync, list) or not isinstance(asynchronous, list):
        return ""
    if len(sync) != len(asynchronous):
        return ""
    fields = [differing_fields(a, s) for s, a in zip(sync, asynchronous, strict=True)]
    found = sorted({f for per in fields for f in per})
    return f" (they differ in {', '.join(found)})" if found else ""


@verifies("cache.async.equivalent")
def test_async_twins_behave_like_sync_ones(instances: Instances) -> None:
    sync = _script(CacheDriver(instances.open(), "sync", instances.run))
    asynchronous = _script(CacheDriver(instances.open(), "async", instances.run))
    differing = [i for i, (s, a) in enumerate(zip(sync, asynchronous, strict=True)) if s != a]
    assert not differing, (
        f"the same calls gave other results through the async API, first at lookup "
        f"{differing[0]}: sync {describe_generations(sync[differing[0]])}, async "
        f"{describe_generations(asynchronous[differing[0]])}"
        f"{_fields(sync[differing[0]], asynchronous[differing[0]])}"
    )


@verifies("cache.async.shared-state")
def test_sync_and_async_share_state(instances: Instances) -> None:
    cache, run = instances.open(), instances.run
    sync_value, async_value = [Generation(text="sync")], [Generation(text="async")]
    cache.update("s", "l", sync_value)
    assert_hit(run(cache.alookup("s", "l")), sync_value, "alookup of a sync update")
    run(cache.aupdate("a", "l", async_value))
    assert_hit(cache.lookup("a", "l"), async_value, "lookup of an async update")
    run(cache.aclear())
    assert cache.lookup("s", "l") is None, "a sync lookup still hits after aclear()"
    cache.update("s", "l", sync_value)
    cache.clear()
    assert run(cache.alookup("s", "l")) is None, "alookup still hits after clear()"


@verifies("cache.async.nonblocking")
def test_async_methods_do_not_block_the_loop(
    instances: Instances, run: Callable[[Any], Any]
) -> None:
    cache = instances.open()

    async def exercise() -> None:
        for i in range(20):
            await cache.aupdate(f"p{i}", "l", [Generation(text="x")])
            await cache.alookup(f"p{i}", "l")
        await cache.aclear()

    run(assert_loop_not_blocked(exercise))
