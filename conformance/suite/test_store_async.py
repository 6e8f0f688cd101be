"""Parity: the async twins give the same results and effects as the sync methods, on one
shared state, without blocking the loop.

These tests call both APIs on purpose: they are where a backend that offers one API only
shows it. Every other clause is verified through each API the backend offers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storespec.conformance.plugin.marks import verifies
from storespec.conformance.suite.blocking import assert_loop_not_blocked
from storespec.conformance.suite.drivers import StoreDriver, alisted
from storespec.conformance.suite.harness import Instances


def _script(store: StoreDriver, values: list[Any]) -> list[Any]:
    """One sequence of calls; what each call returned, in order."""
    seen: list[Any] = []
    store.mset([("a", values[0]), ("b", values[1]), ("a", values[2]), ("c", values[0])])
    seen.append(store.mget(["a", "missing", "b", "a"]))
    seen.append(store.mget([]))
    seen += [store.sorted_keys(), store.sorted_keys("a"), store.sorted_keys("")]
    store.mdelete(["a", "missing"])
    store.mdelete([])
    store.mset([])
    seen += [store.mget(["a", "b", "c"]), store.sorted_keys()]
    return seen


@verifies("store.async.equivalent")
def test_async_twins_behave_like_sync_ones(instances: Instances, values: list[Any]) -> None:
    sync = _script(StoreDriver(instances.open(), "sync", instances.run), values)
    asynchronous = _script(StoreDriver(instances.open(), "async", instances.run), values)
    differing = [i for i, (s, a) in enumerate(zip(sync, asynchronous, strict=True)) if s != a]
    assert not differing, (
        f"the same calls gave other results through the async API, first at step "
        f"{differing[0]}: sync {sync[differing[0]]!r}, async {asynchronous[differing[0]]!r}"
    )


@verifies("store.async.shared-state")
def test_sync_and_async_share_state(instances: Instances, values: list[Any]) -> None:
    store, run = instances.open(), instances.run
    store.mset([("s", values[0])])
    assert run(store.amget(["s"])) == [values[0]], "amget does not see a sync write"
    run(store.amset([("a", values[1])]))
    assert store.mget(["a"]) == [values[1]], "mget does not see an async write"
    # Whether the listing is right is store.keys.all's concern; here, both APIs list alike.
    listed, alisted_ = sorted(store.yield_keys()), sorted(run(alisted(store.ayield_keys())))
    assert listed == alisted_, f"yield_keys lists {listed}, ayield_keys {alisted_}"
    run(store.amdelete(["s"]))
    assert store.mget(["s"]) == [None], "an async delete is not seen by mget"
    store.mdelete(["a"])
    assert run(store.amget(["a"])) == [None], "a sync delete is not seen by amget"
    listed, alisted_ = sorted(store.yield_keys()), sorted(run(alisted(store.ayield_keys())))
    assert listed == alisted_, f"after deletes, yield_keys lists {listed}, ayield_keys {alisted_}"


@verifies("store.async.nonblocking")
def test_async_methods_do_not_block_the_loop(
    instances: Instances, run: Callable[[Any], Any], values: list[Any]
) -> None:
    store = instances.open()

    async def exercise() -> None:
        await store.amset([(f"k{i}", values[i % 3]) for i in range(100)])
        await store.amget([f"k{i}" for i in range(100)])
        await alisted(store.ayield_keys(prefix="k1"))
        await store.amdelete([f"k{i}" for i in range(100)])

    run(assert_loop_not_blocked(exercise))
