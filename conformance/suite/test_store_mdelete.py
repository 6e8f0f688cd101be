"""mdelete: removes exactly the given keys, ignores missing ones."""

from __future__ import annotations

from typing import Any

from storespec.conformance.plugin.marks import verifies
from storespec.conformance.suite.drivers import StoreDriver


@verifies("store.mdelete.exact")
def test_deletes_exactly_the_given_keys(store: StoreDriver, values: list[Any]) -> None:
    store.given.mset([("a", values[0]), ("ab", values[1]), ("b", values[2]), ("c", values[0])])
    store.mdelete(["a", "c"])
    assert store.mget(["a", "ab", "b", "c"]) == [None, values[1], values[2], None]


@verifies("store.mdelete.exact")
def test_deleted_key_can_be_written_again(store: StoreDriver, values: list[Any]) -> None:
    store.given.mset([("a", values[0])])
    store.mdelete(["a"])
    store.given.mset([("a", values[1])])
    assert store.mget(["a"]) == [values[1]]


@verifies("store.mdelete.missing")
def test_missing_keys_are_ignored(store: StoreDriver, values: list[Any]) -> None:
    store.mdelete(["neverwritten"])
    store.given.mset([("a", values[0]), ("b", values[1])])
    store.mdelete(["missing", "a", "a", "othermissing"])
    assert store.mget(["a", "b"]) == [None, values[1]]


@verifies("store.mdelete.empty")
def test_mdelete_of_no_keys(store: StoreDriver, values: list[Any]) -> None:
    store.given.mset([("a", values[0]), ("b", values[1])])
    store.mdelete([])
    assert store.mget(["a", "b"]) == [values[0], values[1]]
