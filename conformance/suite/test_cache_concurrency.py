"""One cache instance shared by many threads and tasks, checked against the model."""

from __future__ import annotations

import random
from typing import Any

import pytest

from storespec.conformance.core import capabilities as caps
from storespec.conformance.core.adapter import Adapter, Api
from storespec.conformance.plugin.marks import verifies
from storespec.conformance.suite import histories as h
from storespec.conformance.suite.drivers import CacheDriver
from storespec.conformance.suite.harness import Instances

PROMPTS = 3
LLM_STRINGS = 2
"""The clients share 3 x 2 pairs: few, so that calls on each pair overlap."""


def _pairs(adapter: Adapter, prompts: int, llm_strings: int) -> list[tuple[str, str]]:
    return [
        (prompt, llm)
        for prompt in h.texts(adapter.keys, prompts, "prompt")
        for llm in h.texts(adapter.llm_strings, llm_strings, "llm")
    ]


def _record(
    instance: Any, instances: Instances, adapter: Adapter, seed: int, workload: h.CacheWorkload
) -> h.History:
    plan = h.draw_plan(seed, adapter.apis, workload.calls, max_calls=h.MAX_CALLS, seconds=h.SECONDS)
    return h.record_on(instances, instance, plan, workload.split)


def _record_fresh(instances: Instances, adapter: Adapter, seed: int) -> h.History:
    """A history of the mixed workload on an instance of its own, closed after it:
    instances of a backend without namespaces share one state, and the history of one
    seed must not start with another's entries."""
    with instances.fresh() as instance:
        return _record(instance, instances, adapter, seed, _mixed(adapter, seed))


def _mixed(adapter: Adapter, seed: int) -> h.CacheWorkload:
    values = h.cache_values(adapter.values, random.Random(seed))
    return h.CacheWorkload(_pairs(adapter, PROMPTS, LLM_STRINGS), values)


@verifies("cache.concurrency.linearizable")
def test_each_pair_is_linearizable_under_threads_and_tasks(
    instances: Instances, adapter: Adapter
) -> None:
    h.assert_linearizable(lambda seed: _record_fresh(instances, adapter, seed))


@verifies("cache.concurrency.no-errors")
def test_concurrent_calls_raise_nothing(instances: Instances, adapter: Adapter) -> None:
    h.assert_no_errors(lambda seed: _record_fresh(instances, adapter, seed))


@verifies("cache.maxsize.concurrent")
def test_the_bound_holds_under_concurrent_updates(instances: Instances, adapter: Adapter) -> None:
    if not adapter.has(caps.MAXSIZE):
        pytest.skip("not applicable: the backend does not declare maxsize")
    for seed in h.seeds():
        maxsize = random.Random(seed).randint(2, 7)
        pairs = _pairs(adapter, 4 * maxsize, 1)
        values = h.cache_values(adapter.values, random.Random(seed))
        workload = h.CacheWorkload(pairs, values, clears=False)
        with instances.fresh(maxsize=maxsize) as instance:
            history = _record(instance, instances, adapter, seed, workload)
            if history.unfinished:
                pytest.skip(f"not decided: {', '.join(history.unfinished)} hung")
            api: Api = "sync" if "sync" in adapter.apis else "async"
            cache = CacheDriver(instance, api, instances.run)
            present = [pair for pair in pairs if _hit(cache.lookup(*pair))]
        assert len(present) <= maxsize, (
            f"{history.plan.summary()} ({h.SEED_VARIABLE}={seed} records it alone): "
            f"a cache with maxsize={maxsize} holds {len(present)} entries afterwards"
        )


def _hit(found: Any) -> bool:
    """Whether a lookup found an entry: every value the workload stores is a non-empty
    list, and only a list is a hit to LangChain's models."""
    return isinstance(found, list) and bool(found)
