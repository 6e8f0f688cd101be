"""yield_keys: every key once, exact literal prefix matching, an Iterator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from storespec.conformance.adapter import Adapter
from storespec.conformance.checks import akeys_of, keys_of, listed
from storespec.conformance.marks import verifies
from storespec.conformance.probes import LITERAL_PREFIX_CASES


@verifies("store.keys.all")
def test_every_key_exactly_once(store: Any, adapter: Adapter, values: list[Any]) -> None:
    keys = [f"k{i}" for i in range(50)] + ["a", *adapter.keys.within(["b/c", "x:y", "K"])]
    store.mset([(k, values[0]) for k in keys])
    store.mset([(k, values[1]) for k in keys[:10]])
    found = listed(store.yield_keys())
    assert len(found) == len(set(found)), f"a key was yielded more than once: {sorted(found)[:10]}"
    assert sorted(found) == sorted(keys)
    assert keys_of(store, None) == sorted(keys)


@verifies("store.keys.all")
def test_no_deleted_key_is_yielded(store: Any, values: list[Any]) -> None:
    store.mset([(f"k{i}", values[0]) for i in range(10)])
    store.mdelete([f"k{i}" for i in range(0, 10, 2)])
    assert keys_of(store) == [f"k{i}" for i in range(1, 10, 2)]
    store.mdelete([f"k{i}" for i in range(1, 10, 2)])
    assert keys_of(store) == []


@verifies("store.keys.all")
def test_empty_store_yields_nothing(store: Any) -> None:
    assert keys_of(store) == []


@verifies("store.keys.prefix")
def test_prefix_yields_exactly_the_matching_keys(
    store: Any, adapter: Adapter, values: list[Any]
) -> None:
    keys = ["a", "ab", "abc", "abd", "b", "ba", "xab", *adapter.keys.within(["a b", "aB"])]
    store.mset([(k, values[0]) for k in keys])
    for prefix in ("a", "ab", "abc", "b", "x", "z", "abcd", *adapter.keys.within(["a "])):
        expected = sorted(k for k in keys if k.startswith(prefix))
        assert keys_of(store, prefix) == expected, f"prefix {prefix!r}"


@verifies("store.keys.prefix")
def test_prefix_equal_to_a_whole_key_includes_it(store: Any, values: list[Any]) -> None:
    store.mset([("user", values[0]), ("user1", values[1]), ("use", values[2])])
    assert keys_of(store, "user") == ["user", "user1"]


@verifies("store.keys.prefix-literal")
@pytest.mark.parametrize(
    ("prefix", "matching", "other"), LITERAL_PREFIX_CASES, ids=[c[0] for c in LITERAL_PREFIX_CASES]
)
def test_prefix_is_literal_and_case_sensitive(
    store: Any,
    adapter: Adapter,
    values: list[Any],
    prefix: str,
    matching: tuple[str, ...],
    other: tuple[str, ...],
) -> None:
    keys = adapter.keys.within([*matching, *other])
    if not adapter.keys.contains(prefix) or not adapter.keys.within(list(matching)):
        pytest.skip(f"not applicable: {prefix!r} or its keys are outside the declared key domain")
    store.mset([(k, values[0]) for k in keys])
    expected = sorted(k for k in keys if k.startswith(prefix))
    assert keys_of(store, prefix) == expected, f"prefix {prefix!r} over keys {sorted(keys)!r}"


@verifies("store.keys.prefix-empty")
def test_empty_prefix_means_all_keys(store: Any, values: list[Any]) -> None:
    keys = ["a", "b", "cd"]
    store.mset([(k, values[0]) for k in keys])
    assert keys_of(store, "") == keys


@verifies("store.keys.iterator")
def test_yield_keys_returns_an_iterator(store: Any, values: list[Any]) -> None:
    store.mset([("a", values[0])])
    for result in (store.yield_keys(), store.yield_keys(prefix="a"), store.yield_keys(prefix="")):
        assert isinstance(result, Iterator), f"yield_keys returned {type(result).__name__}"
    assert list(store.yield_keys()) == ["a"]


@verifies("store.keys.iterator")
@pytest.mark.asyncio
async def test_ayield_keys_returns_an_async_iterator(astore: Any, values: list[Any]) -> None:
    await astore.amset([("a", values[0])])
    for result in (astore.ayield_keys(), astore.ayield_keys(prefix="a")):
        assert isinstance(result, AsyncIterator), f"ayield_keys returned {type(result).__name__}"
    assert [k async for k in astore.ayield_keys()] == ["a"]
    assert await akeys_of(astore) == ["a"]


@verifies("store.keys.order")
def test_observe_key_order(store: Any, values: list[Any], observe: Any) -> None:
    keys = ["m", "c", "x", "a", "q"]
    for key in keys:
        store.mset([(key, values[0])])
    found = listed(store.yield_keys())
    assert sorted(found) == sorted(keys)
    if found == keys:
        observe("insertion order")
    elif found == sorted(keys):
        observe("sorted order")
    else:
        observe("another order")


@verifies("store.keys.laziness")
def test_observe_laziness(store: Any, values: list[Any], observe: Any) -> None:
    store.mset([("a", values[0])])
    iterator = store.yield_keys()
    store.mset([("b", values[1])])
    try:
        seen = list(iterator)
    except Exception as exc:
        observe(f"a write before iterating made iteration raise {type(exc).__name__}")
        return
    assert set(seen) <= {"a", "b"}, f"yielded keys never written: {seen!r}"
    observe("lazy: sees writes made after the call" if "b" in seen else "eager: a snapshot")


@verifies("store.keys.concurrent-modification")
def test_observe_modification_during_iteration(store: Any, values: list[Any], observe: Any) -> None:
    store.mset([(f"k{i}", values[0]) for i in range(5)])
    iterator = store.yield_keys()
    seen: list[str] = []
    try:
        for key in iterator:
            seen.append(key)
            store.mdelete([key])
            store.mset([(key + "-new", values[1])])
            if len(seen) > 50:
                break
    except Exception as exc:
        observe(f"raises {type(exc).__name__} when modified during iteration")
        return
    observe(f"iteration continued and yielded {len(seen)} keys")
