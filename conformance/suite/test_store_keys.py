"""yield_keys: every key once, exact literal prefix matching, an iterator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.plugin.marks import verifies
from storespec.conformance.plugin.outcomes import not_applicable
from storespec.conformance.suite.drivers import StoreDriver
from storespec.conformance.suite.probes import LITERAL_PREFIX_CASES


@verifies("store.keys.all")
def test_every_key_exactly_once(store: StoreDriver, adapter: Adapter, values: list[Any]) -> None:
    keys = [f"k{i}" for i in range(50)] + ["a", *adapter.keys.within(["b/c", "x:y", "K"])]
    store.given.mset([(k, values[0]) for k in keys])
    store.given.mset([(k, values[1]) for k in keys[:10]])
    found = store.keys()
    twice = sorted({k for k in found if found.count(k) > 1})
    assert not twice, f"keys yielded more than once: {twice[:10]}"
    assert sorted(found) == sorted(keys)
    assert store.sorted_keys(None) == sorted(keys)


@verifies("store.keys.all")
def test_no_deleted_key_is_yielded(store: StoreDriver, values: list[Any]) -> None:
    store.given.mset([(f"k{i}", values[0]) for i in range(10)])
    store.given.mdelete([f"k{i}" for i in range(0, 10, 2)])
    assert store.sorted_keys() == [f"k{i}" for i in range(1, 10, 2)]
    store.given.mdelete([f"k{i}" for i in range(1, 10, 2)])
    assert store.sorted_keys() == []


@verifies("store.keys.all")
def test_empty_store_yields_nothing(store: StoreDriver) -> None:
    assert store.sorted_keys() == []


@verifies("store.keys.prefix")
def test_prefix_yields_exactly_the_matching_keys(
    store: StoreDriver, adapter: Adapter, values: list[Any]
) -> None:
    keys = ["a", "ab", "abc", "abd", "b", "ba", "xab", *adapter.keys.within(["a b", "aB"])]
    store.given.mset([(k, values[0]) for k in keys])
    for prefix in ("a", "ab", "abc", "b", "x", "z", "abcd", *adapter.keys.within(["a "])):
        expected = sorted(k for k in keys if k.startswith(prefix))
        assert store.sorted_keys(prefix) == expected, f"prefix {prefix!r}"


@verifies("store.keys.prefix")
def test_prefix_equal_to_a_whole_key_includes_it(store: StoreDriver, values: list[Any]) -> None:
    store.given.mset([("user", values[0]), ("user1", values[1]), ("use", values[2])])
    assert store.sorted_keys("user") == ["user", "user1"]


@verifies("store.keys.prefix-literal")
@pytest.mark.parametrize(
    ("prefix", "matching", "other"), LITERAL_PREFIX_CASES, ids=[c[0] for c in LITERAL_PREFIX_CASES]
)
def test_prefix_is_literal_and_case_sensitive(
    store: StoreDriver,
    adapter: Adapter,
    values: list[Any],
    prefix: str,
    matching: tuple[str, ...],
    other: tuple[str, ...],
) -> None:
    keys = adapter.keys.within([*matching, *other])
    if not adapter.keys.contains(prefix) or not adapter.keys.within(list(matching)):
        not_applicable(f"{prefix!r} or its keys are outside the declared key domain")
    store.given.mset([(k, values[0]) for k in keys])
    expected = sorted(k for k in keys if k.startswith(prefix))
    assert store.sorted_keys(prefix) == expected, f"prefix {prefix!r} over keys {sorted(keys)!r}"


@verifies("store.keys.prefix-empty")
def test_empty_prefix_means_all_keys(store: StoreDriver, values: list[Any]) -> None:
    keys = ["a", "b", "cd"]
    store.given.mset([(k, values[0]) for k in keys])
    assert store.sorted_keys("") == keys


@verifies("store.keys.iterator")
def test_yield_keys_returns_an_iterator(store: StoreDriver, values: list[Any]) -> None:
    store.given.mset([("a", values[0])])
    kind = Iterator if store.api == "sync" else AsyncIterator
    name = store.name("yield_keys")
    for prefix in (None, "a", ""):
        result = store.yield_keys(prefix)
        assert isinstance(result, kind), (
            f"{name}(prefix={prefix!r}) returned {type(result).__name__}, not an {kind.__name__}"
        )
    assert store.keys() == ["a"]


@verifies("store.keys.order")
def test_observe_key_order(store: StoreDriver, values: list[Any], observe: Any) -> None:
    keys = ["m", "c", "x", "a", "q"]
    for key in keys:
        store.given.mset([(key, values[0])])
    found = store.keys()
    assert sorted(found) == sorted(keys)
    if found == keys:
        observe(f"{store.api}: insertion order")
    elif found == sorted(keys):
        observe(f"{store.api}: sorted order")
    else:
        observe(f"{store.api}: another order")


@verifies("store.keys.laziness")
def test_observe_laziness(store: StoreDriver, values: list[Any], observe: Any) -> None:
    if store.api == "async":
        not_applicable("laziness is observed through the sync iterator")
    store.given.mset([("a", values[0])])
    iterator = store.yield_keys()
    store.given.mset([("b", values[1])])
    try:
        seen = list(iterator)
    except Exception as exc:
        observe(f"a write before iterating made iteration raise {type(exc).__name__}")
        return
    assert set(seen) <= {"a", "b"}, f"yielded keys never written: {seen!r}"
    observe("lazy: sees writes made after the call" if "b" in seen else "eager: a snapshot")


@verifies("store.keys.concurrent-modification")
def test_observe_modification_during_iteration(
    store: StoreDriver, values: list[Any], observe: Any
) -> None:
    if store.api == "async":
        not_applicable("modification during iteration is observed through the sync iterator")
    store.given.mset([(f"k{i}", values[0]) for i in range(5)])
    iterator = store.yield_keys()
    seen: list[str] = []
    try:
        for key in iterator:
            seen.append(key)
            store.raw.mdelete([key])
            store.raw.mset([(key + "-new", values[1])])
            if len(seen) > 50:
                break
    except Exception as exc:
        observe(f"raises {type(exc).__name__} when modified during iteration")
        return
    observe(f"iteration continued and yielded {len(seen)} keys")
