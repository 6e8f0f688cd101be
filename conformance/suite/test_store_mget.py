"""mget: one answer per key, in request order; None for a missing key."""

from __future__ import annotations

from typing import Any

from storespec.conformance.plugin.marks import verifies
from storespec.conformance.suite.checks import answers
from storespec.conformance.suite.compare import assert_equal
from storespec.conformance.suite.drivers import StoreDriver


@verifies("store.mget.order")
def test_answers_in_request_order(store: StoreDriver, values: list[Any]) -> None:
    store.given.mset([("a", values[0]), ("b", values[1]), ("c", values[2])])
    requested = ["c", "a", "b"]
    assert answers(store.mget(requested), requested) == [values[2], values[0], values[1]]


@verifies("store.mget.order")
def test_answers_in_request_order_across_many_keys(store: StoreDriver, values: list[Any]) -> None:
    keys = [f"k{i:03d}" for i in range(200)]
    store.given.mset([(k, values[i % 3]) for i, k in enumerate(keys)])
    requested = list(reversed(keys))
    expected = [values[keys.index(k) % 3] for k in requested]
    found = answers(store.mget(requested), requested)
    assert_equal(found, expected, f"mget of {len(requested)} keys in reverse order")


@verifies("store.mget.missing")
def test_missing_key_gives_none(store: StoreDriver, values: list[Any]) -> None:
    store.given.mset([("present", values[0])])
    requested = ["absent", "present", "alsoabsent"]
    assert answers(store.mget(requested), requested) == [None, values[0], None]


@verifies("store.mget.missing")
def test_empty_store_answers_none(store: StoreDriver) -> None:
    assert answers(store.mget(["a", "b"]), ["a", "b"]) == [None, None]


@verifies("store.mget.repeated")
def test_repeated_key_answered_at_each_position(store: StoreDriver, values: list[Any]) -> None:
    store.given.mset([("a", values[0]), ("b", values[1])])
    requested = ["a", "b", "a", "missing", "a", "missing"]
    result = answers(store.mget(requested), requested)
    assert result == [values[0], values[1], values[0], None, values[0], None]


@verifies("store.mget.empty")
def test_mget_of_no_keys(store: StoreDriver, values: list[Any]) -> None:
    assert answers(store.mget([]), []) == []
    store.given.mset([("a", values[0])])
    assert answers(store.mget([]), []) == []
