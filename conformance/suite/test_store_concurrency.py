"""One store instance shared by many threads and tasks, checked against the model."""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.plugin.marks import verifies
from storespec.conformance.suite import histories as h
from storespec.conformance.suite.drivers import StoreDriver
from storespec.conformance.suite.harness import Instances

KEYS = 4
"""Keys the clients share: few, so that calls on each key overlap."""


def _record(instances: Instances, adapter: Adapter, seed: int) -> h.History:
    rng = random.Random(seed)
    values = h.store_values(adapter.values, rng)
    workload = h.StoreWorkload(h.texts(adapter.keys, KEYS, "key"), values)
    plan = h.draw_plan(seed, adapter.apis, workload.calls, max_calls=h.MAX_CALLS, seconds=h.SECONDS)
    # An instance per history, closed after it: instances of a backend without namespaces
    # share one state, and the history of one seed must not start with another's values.
    with instances.fresh() as instance:
        return h.record_on(instances, instance, plan, workload.split)


@verifies("store.concurrency.linearizable")
def test_each_key_is_linearizable_under_threads_and_tasks(
    instances: Instances, adapter: Adapter
) -> None:
    h.assert_linearizable(lambda seed: _record(instances, adapter, seed))


@verifies("store.concurrency.no-errors")
def test_concurrent_calls_raise_nothing(instances: Instances, adapter: Adapter) -> None:
    h.assert_no_errors(lambda seed: _record(instances, adapter, seed))


LISTED = 40
"""Keys listed by an iterator that is handed from thread to thread."""


@verifies("store.keys.any-thread")
def test_a_listing_can_be_advanced_from_other_threads_and_tasks(
    store: StoreDriver, adapter: Adapter, values: list[Any], run: Callable[[Any], Any]
) -> None:
    keys = h.texts(adapter.keys, LISTED, "listed")
    store.given.mset([(k, values[i % len(values)]) for i, k in enumerate(keys)])
    iterator = store.yield_keys()
    if store.api == "sync":
        if not isinstance(iterator, Iterator):
            pytest.skip("not applicable: yield_keys gave no Iterator (store.keys.iterator)")
        handed = _advanced_from_threads(iterator)
        kept = list(store.yield_keys())
    else:
        if not isinstance(iterator, AsyncIterator):
            pytest.skip("not applicable: ayield_keys gave no AsyncIterator (store.keys.iterator)")
        handed = run(_advanced_from_tasks(iterator))
        kept = run(_collected(store.yield_keys()))
    where = "threads" if store.api == "sync" else "tasks"
    assert sorted(map(repr, handed)) == sorted(map(repr, kept)), (
        f"an iterator advanced from {where} other than its creator's listed {len(handed)} "
        f"keys; one consumed where it was created lists {len(kept)}"
    )


def _advanced_from_threads(iterator: Any) -> list[Any]:
    """Each item fetched by a new thread, the iterator created on this one."""
    found: list[Any] = []
    errors: list[BaseException] = []
    done = False

    def step() -> None:
        nonlocal done
        try:
            found.append(next(iterator))
        except StopIteration:
            done = True
        except Exception as exc:
            errors.append(exc)

    for _ in range(LISTED * 2):
        thread = threading.Thread(target=step, daemon=True)
        thread.start()
        thread.join(30)
        assert not thread.is_alive(), "advancing the iterator from another thread hung"
        if errors:
            raise AssertionError(
                "advancing a yield_keys iterator from a thread other than its creator's "
                f"raised {type(errors[0]).__name__}: {errors[0]}"
            ) from errors[0]
        if done:
            return found
    raise AssertionError(f"the iterator yielded more than {LISTED * 2} items for {LISTED} keys")


async def _advanced_from_tasks(iterator: Any) -> list[Any]:
    """Each item fetched by a new task, the iterator created by another."""
    found: list[Any] = []
    for _ in range(LISTED * 2):
        try:
            found.append(await asyncio.create_task(_anext(iterator)))
        except StopAsyncIteration:
            return found
        except Exception as exc:
            raise AssertionError(
                "advancing an ayield_keys iterator from a task other than its creator's "
                f"raised {type(exc).__name__}: {exc}"
            ) from exc
    raise AssertionError(f"the iterator yielded more than {LISTED * 2} items for {LISTED} keys")


async def _anext(iterator: Any) -> Any:
    return await iterator.__anext__()


async def _collected(iterator: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in iterator]
