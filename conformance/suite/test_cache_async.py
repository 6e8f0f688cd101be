"""The cache's async twins: the same results and effects, on the same state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from langchain_core.outputs import Generation

from storespec.conformance.blocking import assert_loop_not_blocked
from storespec.conformance.checks import assert_hit
from storespec.conformance.marks import verifies


@verifies("cache.async.equivalent")
@pytest.mark.asyncio
async def test_async_twins_behave_like_sync_ones(acache: Any) -> None:
    assert await acache.alookup("p", "l") is None
    stored = [Generation(text="one"), Generation(text="two", generation_info={"i": 2})]
    await acache.aupdate("p", "l", stored)
    assert_hit(await acache.alookup("p", "l"), stored, "alookup")
    assert await acache.alookup("p", "other") is None
    replacement = [Generation(text="three")]
    await acache.aupdate("p", "l", replacement)
    assert_hit(await acache.alookup("p", "l"), replacement, "alookup after aupdate")
    await acache.aclear()
    assert await acache.alookup("p", "l") is None


@verifies("cache.async.shared-state")
def test_sync_and_async_share_state(cache: Any, run: Callable[[Any], Any]) -> None:
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
def test_async_methods_do_not_block_the_loop(cache: Any, run: Callable[[Any], Any]) -> None:
    async def exercise() -> None:
        for i in range(20):
            await cache.aupdate(f"p{i}", "l", [Generation(text="x")])
            await cache.alookup(f"p{i}", "l")
        await cache.aclear()

    run(assert_loop_not_blocked(exercise))
