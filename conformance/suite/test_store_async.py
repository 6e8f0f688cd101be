"""The async twins: the same results and effects, on the same state, without blocking the loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from storespec.conformance.blocking import assert_loop_not_blocked
from storespec.conformance.checks import akeys_of, answers, keys_of
from storespec.conformance.marks import verifies


@verifies("store.async.equivalent")
@pytest.mark.asyncio
async def test_async_twins_behave_like_sync_ones(astore: Any, values: list[Any]) -> None:
    await astore.amset([("a", values[0]), ("b", values[1]), ("a", values[2]), ("c", values[0])])
    requested = ["a", "missing", "b", "a"]
    assert answers(await astore.amget(requested), requested, "amget") == [
        values[2],
        None,
        values[1],
        values[2],
    ]
    assert await astore.amget([]) == []
    assert await akeys_of(astore) == ["a", "b", "c"]
    assert await akeys_of(astore, "a") == ["a"]
    assert await akeys_of(astore, "") == ["a", "b", "c"]
    await astore.amdelete(["a", "missing"])
    await astore.amdelete([])
    await astore.amset([])
    assert await astore.amget(["a", "b", "c"]) == [None, values[1], values[0]]
    assert await akeys_of(astore) == ["b", "c"]


@verifies("store.async.shared-state")
def test_sync_and_async_share_state(
    store: Any, run: Callable[[Any], Any], values: list[Any]
) -> None:
    store.mset([("s", values[0])])
    assert run(store.amget(["s"])) == [values[0]], "amget does not see a sync write"
    run(store.amset([("a", values[1])]))
    assert store.mget(["a"]) == [values[1]], "mget does not see an async write"
    assert keys_of(store) == ["a", "s"]
    assert run(akeys_of(store)) == ["a", "s"]
    run(store.amdelete(["s"]))
    assert store.mget(["s"]) == [None], "an async delete is not seen by mget"
    store.mdelete(["a"])
    assert run(store.amget(["a"])) == [None], "a sync delete is not seen by amget"
    assert run(akeys_of(store)) == []


@verifies("store.async.nonblocking")
def test_async_methods_do_not_block_the_loop(
    store: Any, run: Callable[[Any], Any], values: list[Any]
) -> None:
    async def exercise() -> None:
        await store.amset([(f"k{i}", values[i % 3]) for i in range(100)])
        await store.amget([f"k{i}" for i in range(100)])
        await akeys_of(store, "k1")
        await store.amdelete([f"k{i}" for i in range(100)])

    run(assert_loop_not_blocked(exercise))
