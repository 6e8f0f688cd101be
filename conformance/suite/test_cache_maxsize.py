"""maxsize: a bound on entries, oldest-inserted eviction, lookups and updates evict nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from langchain_core.outputs import Generation

from storespec.conformance.plugin.marks import verifies
from storespec.conformance.suite.drivers import CacheDriver
from storespec.conformance.suite.harness import Instances


def _gen(text: str) -> list[Generation]:
    return [Generation(text=text)]


def _present(cache: CacheDriver, prompts: list[str]) -> list[str]:
    return [p for p in prompts if cache.lookup(p, "llm") is not None]


@verifies("cache.maxsize.unbounded")
def test_none_means_unbounded(instances: Instances, drive: Callable[[Any], CacheDriver]) -> None:
    cache = drive(instances.open(maxsize=None))
    prompts = [f"p{i}" for i in range(1500)]
    for prompt in prompts:
        cache.update(prompt, "llm", _gen(prompt))
    missing = [p for p in prompts if cache.lookup(p, "llm") is None]
    assert not missing, f"maxsize=None lost {len(missing)} of 1500 entries, e.g. {missing[:3]}"


@verifies("cache.maxsize.invalid")
@pytest.mark.parametrize("maxsize", [0, -1, -100])
def test_non_positive_maxsize_is_rejected(instances: Instances, maxsize: int) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - any ValueError message is conforming
        instances.open(maxsize=maxsize)


@verifies("cache.maxsize.bound")
@pytest.mark.parametrize("maxsize", [1, 3, 10])
def test_entries_never_exceed_maxsize(
    instances: Instances, drive: Callable[[Any], CacheDriver], maxsize: int
) -> None:
    cache = drive(instances.open(maxsize=maxsize))
    prompts: list[str] = []
    for i in range(maxsize * 3 + 2):
        prompts.append(f"p{i}")
        cache.update(prompts[-1], "llm", _gen(prompts[-1]))
        present = _present(cache, prompts)
        assert len(present) <= maxsize, f"{len(present)} entries with maxsize={maxsize}"
        assert prompts[-1] in present, "the newest entry was not kept"


@verifies("cache.maxsize.evict-oldest")
def test_new_pair_in_full_cache_evicts_the_oldest(
    instances: Instances, drive: Callable[[Any], CacheDriver]
) -> None:
    cache = drive(instances.open(maxsize=3))
    for prompt in ("a", "b", "c"):
        cache.update(prompt, "llm", _gen(prompt))
    assert _present(cache, ["a", "b", "c"]) == ["a", "b", "c"], "a cache below its bound evicted"
    cache.update("d", "llm", _gen("d"))
    assert _present(cache, ["a", "b", "c", "d"]) == ["b", "c", "d"]
    cache.update("e", "llm", _gen("e"))
    assert _present(cache, ["a", "b", "c", "d", "e"]) == ["c", "d", "e"]


@verifies("cache.maxsize.evict-oldest")
def test_maxsize_one_keeps_only_the_newest(
    instances: Instances, drive: Callable[[Any], CacheDriver]
) -> None:
    cache = drive(instances.open(maxsize=1))
    cache.update("a", "llm", _gen("a"))
    cache.update("b", "llm", _gen("b"))
    assert _present(cache, ["a", "b"]) == ["b"]


@verifies("cache.maxsize.lookup-neutral")
def test_lookups_do_not_change_eviction_order(
    instances: Instances, drive: Callable[[Any], CacheDriver]
) -> None:
    untouched, looked_up = drive(instances.open(maxsize=3)), drive(instances.open(maxsize=3))
    prompts = ["a", "b", "c", "d", "e"]
    for cache in (untouched, looked_up):
        for prompt in prompts[:3]:
            cache.update(prompt, "llm", _gen(prompt))
    for _ in range(3):
        looked_up.lookup("a", "llm")
    looked_up.lookup("missing", "llm")
    for prompt in prompts[3:]:
        for cache in (untouched, looked_up):
            cache.update(prompt, "llm", _gen(prompt))
        kept, kept_after_lookups = _present(untouched, prompts), _present(looked_up, prompts)
        assert kept_after_lookups == kept, (
            f"after adding {prompt!r}, a cache that was looked up keeps {kept_after_lookups}; "
            f"the same updates without lookups keep {kept}"
        )


@verifies("cache.maxsize.update-no-evict")
def test_updating_a_present_pair_evicts_nothing(
    instances: Instances, drive: Callable[[Any], CacheDriver]
) -> None:
    cache = drive(instances.open(maxsize=3))
    for prompt in ("a", "b", "c"):
        cache.update(prompt, "llm", _gen(prompt))
    cache.update("b", "llm", _gen("b2"))
    present = _present(cache, ["a", "b", "c"])
    assert present == ["a", "b", "c"], f"updating 'b' in a full cache left only {present}"
    found = cache.lookup("b", "llm")
    assert found is not None
    assert [g.text for g in found] == ["b2"]


@verifies("cache.maxsize.update-position")
def test_observe_update_position(
    instances: Instances, drive: Callable[[Any], CacheDriver], observe: Any
) -> None:
    cache = drive(instances.open(maxsize=3))
    for prompt in ("a", "b", "c"):
        cache.update(prompt, "llm", _gen(prompt))
    cache.update("a", "llm", _gen("a2"))
    cache.update("d", "llm", _gen("d"))
    present = _present(cache, ["a", "b", "c", "d"])
    if present == ["b", "c", "d"]:
        observe("an update keeps the pair's position")
    elif present == ["a", "c", "d"]:
        observe("an update moves the pair to the newest position")
    else:
        observe(f"after update and insert, present: {present}")


@verifies("cache.maxsize.evict-when-full")
@pytest.mark.parametrize("maxsize", [1, 2, 3, 7, 100])
def test_nothing_leaves_before_the_cache_is_full(
    instances: Instances, drive: Callable[[Any], CacheDriver], maxsize: int
) -> None:
    cache = drive(instances.open(maxsize=maxsize))
    prompts = [f"p{i}" for i in range(maxsize)]
    for i, prompt in enumerate(prompts):
        cache.given.update(prompt, "llm", _gen(prompt))
        gone = [p for p in prompts[: i + 1] if cache.lookup(p, "llm") is None]
        assert not gone, f"with {i + 1} of {maxsize} entries, {gone[:3]} left the cache"
    cache.given.update("newest", "llm", _gen("newest"))
    found = cache.lookup("newest", "llm")
    assert found is not None, "a full cache did not keep the pair just inserted"


@verifies("cache.maxsize.evict-lru")
def test_a_full_lru_cache_evicts_the_least_recently_used(
    instances: Instances, drive: Callable[[Any], CacheDriver]
) -> None:
    cache = drive(instances.open(maxsize=3))
    for prompt in ("a", "b", "c"):
        cache.given.update(prompt, "llm", _gen(prompt))
    assert cache.lookup("a", "llm") is not None  # a is now the most recently used
    assert cache.lookup("missing", "llm") is None  # a miss is no use
    cache.update("d", "llm", _gen("d"))
    assert _present(cache, ["a", "b", "c", "d"]) == ["a", "c", "d"], "b was used longest ago"
    cache.update("c", "llm", _gen("c2"))  # an update is a use
    cache.update("e", "llm", _gen("e"))
    assert _present(cache, ["a", "c", "d", "e"]) == ["c", "d", "e"], "a was used longest ago"
