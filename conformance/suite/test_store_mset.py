"""mset: visible on return, overwrites, applies a batch in order."""

from __future__ import annotations

from typing import Any

from storespec.conformance.plugin.marks import verifies
from storespec.conformance.suite.checks import short
from storespec.conformance.suite.drivers import StoreDriver


@verifies("store.mset.visible")
def test_written_values_are_readable(store: StoreDriver, values: list[Any]) -> None:
    store.mset([("a", values[0]), ("b", values[1])])
    assert store.mget(["a", "b"]) == [values[0], values[1]]


@verifies("store.mset.visible")
def test_each_batch_is_visible_before_the_next(store: StoreDriver, values: list[Any]) -> None:
    for i in range(20):
        key = f"k{i}"
        store.mset([(key, values[i % 3])])
        assert store.mget([key]) == [values[i % 3]], f"{key} not readable right after mset"


@verifies("store.mset.visible")
def test_a_read_before_an_overwrite_does_not_hide_it(store: StoreDriver, values: list[Any]) -> None:
    store.mset([("read", values[0]), ("unread", values[0])])
    assert store.mget(["read"]) == [values[0]]
    store.mset([("read", values[1]), ("unread", values[1])])
    read, unread = store.mget(["read", "unread"])
    assert read == unread, (
        f"after an overwrite, a key read before it reads back {short(read)}, one not read "
        f"before it {short(unread)}: mget answers from a stale copy"
    )


@verifies("store.mset.overwrite")
def test_mset_overwrites(store: StoreDriver, values: list[Any]) -> None:
    store.given.mset([("a", values[0]), ("b", values[1])])
    store.mset([("a", values[2])])
    assert store.mget(["a", "b"]) == [values[2], values[1]]


@verifies("store.mset.last-wins")
def test_last_pair_for_a_repeated_key_wins(store: StoreDriver, values: list[Any]) -> None:
    store.mset([("a", values[0]), ("b", values[1]), ("a", values[2])])
    assert store.mget(["a", "b"]) == [values[2], values[1]]
    store.mset([("b", values[0]), ("b", values[2]), ("b", values[1])])
    assert store.mget(["b"]) == [values[1]]


@verifies("store.mset.empty")
def test_mset_of_no_pairs(store: StoreDriver, values: list[Any]) -> None:
    store.mset([])
    assert store.mget(["a"]) == [None]
    store.given.mset([("a", values[0])])
    store.mset([])
    assert store.mget(["a", "b"]) == [values[0], None]
