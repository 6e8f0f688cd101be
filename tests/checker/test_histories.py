"""The recorder: plans drawn from seeds, and what the clients of one instance saw."""

from __future__ import annotations

import asyncio
import random

import pytest

from storespec.catalogue.broken_concurrency import AwaitingReadModifyWriteStore
from storespec.conformance.core.domains import BYTES, FULL_TEXT, GENERATIONS
from storespec.conformance.core.linearizability import NOT_LINEARIZABLE, check
from storespec.conformance.suite import histories as h
from storespec.reference import InMemoryCache, InMemoryStore

BOTH = frozenset({"sync", "async"})


def store_workload(seed: int) -> h.StoreWorkload:
    values = h.store_values(BYTES, random.Random(seed))
    return h.StoreWorkload(h.texts(FULL_TEXT, 4, "key"), values)


def test_a_seed_draws_the_same_plan_and_clients_within_bounds():
    plans = [
        h.draw_plan(seed, BOTH, store_workload(seed).calls, max_calls=30, seconds=5)
        for seed in range(20)
    ]
    again = h.draw_plan(7, BOTH, store_workload(7).calls, max_calls=30, seconds=5)
    assert again.summary() == plans[7].summary()
    assert [c.method for c in again.calls["task 0"]] == [c.method for c in plans[7].calls["task 0"]]
    for plan in plans:
        assert 2 <= plan.tasks <= 16
        assert 2 <= plan.threads <= 16
        assert all(1 <= len(calls) <= 30 for calls in plan.calls.values())
    assert {p.tasks for p in plans} != {plans[0].tasks}


def test_only_the_apis_offered_get_clients():
    sync_only = h.draw_plan(1, frozenset({"sync"}), store_workload(1).calls, max_calls=5, seconds=5)
    assert sync_only.tasks == 0
    assert all(name.startswith("thread") for name in sync_only.calls)
    async_only = h.draw_plan(
        1, frozenset({"async"}), store_workload(1).calls, max_calls=5, seconds=5
    )
    assert async_only.threads == 0


def test_bad_budgets_and_seeds_get_clear_errors(monkeypatch):
    with pytest.raises(ValueError, match="max_calls must be at least 1"):
        h.draw_plan(1, BOTH, store_workload(1).calls, max_calls=0, seconds=5)
    monkeypatch.setenv(h.SEED_VARIABLE, "twelve")
    with pytest.raises(ValueError, match="must be an integer seed, not 'twelve'"):
        h.seeds()
    monkeypatch.setenv(h.SEED_VARIABLE, "12")
    assert h.seeds() == [12]


def test_every_call_of_a_plan_is_recorded_against_the_reference():
    runner = asyncio.Runner()
    try:
        workload = store_workload(3)
        plan = h.draw_plan(3, BOTH, workload.calls, max_calls=20, seconds=5)
        history = h.record(InMemoryStore(), plan, workload.split, runner.run)
    finally:
        runner.close()
    assert history.calls == sum(len(c) for c in plan.calls.values())
    assert not history.raised
    assert not history.unfinished
    positions = [p for op in history.operations for p in (op.called, op.returned)]
    assert len(set(positions)) == 2 * history.calls
    assert check(history.operations).ok


def test_lost_updates_between_tasks_are_found_and_explained():
    runner = asyncio.Runner()
    try:
        workload = store_workload(0)
        plan = h.draw_plan(0, frozenset({"async"}), workload.calls, max_calls=30, seconds=5)
        history = h.record(AwaitingReadModifyWriteStore(), plan, workload.split, runner.run)
    finally:
        runner.close()
    assert history.most_at_once() > 1
    result = check(history.operations)
    assert result.outcome == NOT_LINEARIZABLE
    assert "wrote value #" in result.explain()


class FailingCache(InMemoryCache):
    def update(self, prompt, llm_string, return_val):
        raise ConnectionError("server went away")


def test_a_call_that_raises_is_recorded_as_uncertain_and_in_words():
    runner = asyncio.Runner()
    try:
        values = h.cache_values(GENERATIONS, random.Random(0))
        workload = h.CacheWorkload([("p", "llm")], values)
        plan = h.draw_plan(0, frozenset({"sync"}), workload.calls, max_calls=10, seconds=5)
        history = h.record(FailingCache(), plan, workload.split, runner.run)
    finally:
        runner.close()
    updates = [op for op in history.operations if op.kind == "put"]
    assert updates
    assert all(op.raised for op in updates)
    assert len(history.raised) == len(updates)
    assert "raised ConnectionError: server went away" in history.raised[0]
    assert check(history.operations).ok
