"""An instance touches only its own namespace, also while others work beside it; a
persistent one keeps its data."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from storespec.conformance.core.deadline import DaemonExecutor
from storespec.conformance.plugin.marks import verifies
from storespec.conformance.suite.checks import short
from storespec.conformance.suite.drivers import StoreDriver
from storespec.conformance.suite.harness import Instances

ROUNDS = 8
"""Rounds of write, read and delete each instance makes while the other does the same."""
KEYS = [f"k{i:05d}" for i in range(1000)]
"""The keys each instance writes: the same in both namespaces, so that the rows of two
namespaces in one table or index lie side by side."""


@verifies("store.isolation")
def test_instances_in_distinct_namespaces_are_isolated(
    instances: Instances, drive: Callable[[Any], StoreDriver], values: list[Any]
) -> None:
    first, second = drive(instances.open()), drive(instances.open())
    first.given.mset([("shared", values[0]), ("onlyfirst", values[1])])
    assert second.mget(["shared", "onlyfirst"]) == [None, None]
    listed_before = first.given.sorted_keys()
    second.given.mset([("shared", values[2]), ("onlysecond", values[0])])
    second.given.mdelete(["onlyfirst"])
    assert first.mget(["shared", "onlyfirst", "onlysecond"]) == [values[0], values[1], None]
    listed_after = first.given.sorted_keys()
    assert listed_after == listed_before, (
        f"another namespace's writes changed this instance's listing from {listed_before} "
        f"to {listed_after}"
    )


def _wrong_after(round_: int, got: list[Any], value: Any) -> str:
    wrong = sum(v != value for v in got)
    return f"round {round_}: {wrong} of {len(KEYS)} values read back wrong" if wrong else ""


def _rounds(store: Any, values: list[Any], start: threading.Barrier) -> None:
    start.wait(timeout=60)
    for i in range(ROUNDS):
        value = values[i % len(values)]
        store.mset([(k, value) for k in KEYS])
        problem = _wrong_after(i, store.mget(KEYS), value)
        assert not problem, problem
        store.mdelete(KEYS)


async def _arounds(store: Any, values: list[Any]) -> None:
    for i in range(ROUNDS):
        value = values[i % len(values)]
        await store.amset([(k, value) for k in KEYS])
        problem = _wrong_after(i, await store.amget(KEYS), value)
        assert not problem, problem
        await store.amdelete(KEYS)


def _assert_all_succeeded(outcomes: list[BaseException | None], api: str) -> None:
    failures = [
        f"instance {n}: {type(e).__name__}: {short(str(e), 160)}"
        for n, e in enumerate(outcomes)
        if e is not None
    ]
    assert not failures, (
        f"{api} calls made at the same time on instances in distinct namespaces failed: "
        + "; ".join(failures)
    )


@verifies("store.isolation.concurrent")
def test_instances_in_distinct_namespaces_work_at_the_same_time(
    instances: Instances, api: str, values: list[Any]
) -> None:
    stores = [instances.open(), instances.open()]
    if api == "sync":
        start = threading.Barrier(len(stores))
        executor = DaemonExecutor()
        futures: list[Future[None]] = [executor.submit(_rounds, s, values, start) for s in stores]
        _assert_all_succeeded([f.exception() for f in futures], "sync")
    else:

        async def side_by_side() -> list[BaseException | None]:
            done = await asyncio.gather(
                *(_arounds(s, values) for s in stores), return_exceptions=True
            )
            return [e if isinstance(e, BaseException) else None for e in done]

        _assert_all_succeeded(instances.run(side_by_side()), "async")


@verifies("store.persistence")
def test_second_instance_sees_writes_and_deletes(
    instances: Instances, drive: Callable[[Any], StoreDriver], values: list[Any]
) -> None:
    raw = instances.open()
    drive(raw).given.mset([("a", values[0]), ("b", values[1])])
    second = drive(instances.reopen(raw))
    assert second.mget(["a", "b"]) == [values[0], values[1]]
    second.given.mdelete(["a"])
    assert drive(instances.reopen(raw)).mget(["a", "b"]) == [None, values[1]]
