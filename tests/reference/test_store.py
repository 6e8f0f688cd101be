"""The reference store obeys every rule its docstring states."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from storespec.reference import InMemoryStore

# Keys that a careless backend might merge: case, whitespace, Unicode normal
# forms, separators, control characters and the empty string are all distinct.
DISTINCT_KEYS = [
    "",
    " ",
    "k",
    "K",
    " k",
    "k ",
    "k\n",
    "k\x00",
    unicodedata.normalize("NFC", "caf\u00e9"),
    unicodedata.normalize("NFD", "caf\u00e9"),
    "a/b",
    "a:b",
    "a\\b",
    "\U0001f600",
    "x" * 10_000,
]

# Keys full of regex, glob and SQL LIKE metacharacters, and a case twin.
PREFIX_KEYS = [
    "a",
    "a.b",
    "axb",
    "a*",
    "a*b",
    "a?",
    "a%c",
    "abc",
    "a_c",
    "A.b",
    "[x]y",
    "xy",
    "^a",
    "a\\b",
    "a$",
]


@pytest.fixture
def store() -> InMemoryStore[Any]:
    return InMemoryStore()


def test_empty_store_has_no_values_and_no_keys(store: InMemoryStore[Any]) -> None:
    assert store.mget(["a", "b"]) == [None, None]
    assert list(store.yield_keys()) == []
    assert list(store.yield_keys(prefix="a")) == []


def test_mget_answers_in_the_order_of_the_keys_asked(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1), ("b", 2), ("c", 3)])
    assert store.mget(["c", "a", "missing", "b"]) == [3, 1, None, 2]


def test_any_sequence_of_keys_is_accepted(store: InMemoryStore[Any]) -> None:
    store.mset((("a", 1), ("b", 2)))
    assert store.mget(("b", "a")) == [2, 1]
    store.mdelete(("a",))
    assert store.mget(["a", "b"]) == [None, 2]


def test_mget_of_no_keys_is_empty(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1)])
    assert store.mget([]) == []


def test_mget_answers_a_repeated_key_at_every_position(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1), ("b", 2)])
    assert store.mget(["a", "b", "a", "missing", "a", "missing"]) == [1, 2, 1, None, 1, None]


def test_within_a_batch_the_last_pair_for_a_key_wins(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1), ("b", 2), ("a", 3), ("a", 4)])
    assert store.mget(["a", "b"]) == [4, 2]
    assert sorted(store.yield_keys()) == ["a", "b"]


def test_mset_overwrites_a_present_key(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1)])
    store.mset([("a", "one")])
    assert store.mget(["a"]) == ["one"]


def test_mset_of_no_pairs_changes_nothing(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1)])
    store.mset([])
    assert store.mget(["a"]) == [1]
    assert list(store.yield_keys()) == ["a"]


def test_values_are_held_by_reference(store: InMemoryStore[Any]) -> None:
    value: dict[str, list[int]] = {"n": [1]}
    store.mset([("a", value)])
    (held,) = store.mget(["a"])
    assert held is value


@pytest.mark.parametrize("value", [0, False, "", b"", [], {}, 0.0, float("nan")])
def test_falsy_values_are_stored_not_taken_for_missing(
    store: InMemoryStore[Any], value: object
) -> None:
    store.mset([("a", value)])
    (held,) = store.mget(["a"])
    assert held is value
    assert list(store.yield_keys()) == ["a"]


def test_keys_are_never_altered(store: InMemoryStore[Any]) -> None:
    assert len(set(DISTINCT_KEYS)) == len(DISTINCT_KEYS)
    store.mset([(key, index) for index, key in enumerate(DISTINCT_KEYS)])
    assert store.mget(DISTINCT_KEYS) == list(range(len(DISTINCT_KEYS)))
    assert sorted(store.yield_keys()) == sorted(DISTINCT_KEYS)


def test_a_str_subclass_key_is_kept_as_given(store: InMemoryStore[Any]) -> None:
    class Key(str):
        pass

    key = Key("k")
    store.mset([(key, 1)])
    assert store.mget(["k"]) == [1]
    (listed,) = store.yield_keys()
    assert listed is key


def test_none_is_stored_like_any_value(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1), ("a", None)])
    assert store.mget(["a"]) == [None]
    assert list(store.yield_keys()) == ["a"]


def test_mdelete_removes_exactly_the_keys_named(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1), ("b", 2), ("c", 3)])
    store.mdelete(["a", "c"])
    assert store.mget(["a", "b", "c"]) == [None, 2, None]
    assert list(store.yield_keys()) == ["b"]


def test_mdelete_ignores_missing_and_repeated_keys(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1), ("b", 2)])
    store.mdelete(["missing", "a", "a", "missing"])
    assert store.mget(["a", "b"]) == [None, 2]


def test_mdelete_of_no_keys_changes_nothing(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1)])
    store.mdelete([])
    assert store.mget(["a"]) == [1]


def test_a_deleted_key_can_be_set_again(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1)])
    store.mdelete(["a"])
    store.mset([("a", 2)])
    assert store.mget(["a"]) == [2]
    assert list(store.yield_keys()) == ["a"]


def test_yield_keys_without_prefix_lists_every_key_once(store: InMemoryStore[Any]) -> None:
    store.mset([("b", 1), ("a", 2), ("b", 3), ("c", 4)])
    assert sorted(store.yield_keys()) == ["a", "b", "c"]
    assert sorted(store.yield_keys(prefix=None)) == ["a", "b", "c"]


def test_the_empty_prefix_matches_every_key(store: InMemoryStore[Any]) -> None:
    store.mset([("", 0), ("a", 1), ("b", 2)])
    assert sorted(store.yield_keys(prefix="")) == ["", "a", "b"]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("a", ["a", "a$", "a%c", "a*", "a*b", "a.b", "a?", "a\\b", "a_c", "abc", "axb"]),
        ("a.", ["a.b"]),
        ("a*", ["a*", "a*b"]),
        ("a?", ["a?"]),
        ("a%", ["a%c"]),
        ("a_", ["a_c"]),
        ("a\\", ["a\\b"]),
        ("a$", ["a$"]),
        ("[x]", ["[x]y"]),
        ("[", ["[x]y"]),
        ("^", ["^a"]),
        ("^a", ["^a"]),
        (".", []),
        ("*", []),
        ("A", ["A.b"]),
        ("A.", ["A.b"]),
        ("X", []),
        ("b", []),
        ("abc", ["abc"]),
        ("abcd", []),
        ("y", []),
    ],
)
def test_prefix_matches_literally_and_by_case(
    store: InMemoryStore[Any], prefix: str, expected: list[str]
) -> None:
    store.mset([(key, key) for key in PREFIX_KEYS])
    assert sorted(store.yield_keys(prefix=prefix)) == expected


def test_yield_keys_returns_an_iterator(store: InMemoryStore[Any]) -> None:
    store.mset([("a", 1)])
    for keys in (store.yield_keys(), store.yield_keys(prefix="a")):
        assert iter(keys) is keys
        assert next(keys) == "a"
        with pytest.raises(StopIteration):
            next(keys)


@pytest.mark.parametrize("prefix", [None, "", "k"])
def test_yield_keys_iterates_a_snapshot_taken_when_called(
    store: InMemoryStore[Any], prefix: str | None
) -> None:
    store.mset([("k1", 1), ("k2", 2)])
    keys = store.yield_keys(prefix=prefix)
    store.mset([("k3", 3)])
    store.mdelete(["k1"])
    assert sorted(keys) == ["k1", "k2"]
    assert sorted(store.yield_keys(prefix=prefix)) == ["k2", "k3"]


@pytest.mark.parametrize("prefix", [None, "k"])
def test_the_store_may_change_while_an_iterator_is_open(
    store: InMemoryStore[Any], prefix: str | None
) -> None:
    store.mset([(f"k{i}", i) for i in range(5)])
    seen = []
    for key in store.yield_keys(prefix=prefix):
        seen.append(key)
        store.mdelete([key])
        store.mset([(key + "-new", 0)])
    assert sorted(seen) == [f"k{i}" for i in range(5)]
    assert sorted(store.yield_keys()) == [f"k{i}-new" for i in range(5)]


@pytest.mark.asyncio
async def test_async_twins_answer_as_the_sync_methods_do() -> None:
    sync_store: InMemoryStore[Any] = InMemoryStore()
    async_store: InMemoryStore[Any] = InMemoryStore()
    pairs = [("a", 1), ("ab", 2), ("b", 3), ("a", 4), ("A", 5)]
    sync_store.mset(pairs)
    await async_store.amset(pairs)
    keys = ["a", "ab", "b", "A", "missing", "a"]
    assert await async_store.amget(keys) == sync_store.mget(keys) == [4, 2, 3, 5, None, 4]
    for prefix in (None, "", "a", "A", "z"):
        sync_keys = list(sync_store.yield_keys(prefix=prefix))
        assert [k async for k in async_store.ayield_keys(prefix=prefix)] == sync_keys
    sync_store.mdelete(["a", "missing"])
    await async_store.amdelete(["a", "missing"])
    assert await async_store.amget(keys) == sync_store.mget(keys) == [None, 2, 3, 5, None, None]
    assert [k async for k in async_store.ayield_keys()] == list(sync_store.yield_keys())


@pytest.mark.asyncio
@pytest.mark.parametrize("prefix", [None, "k"])
async def test_ayield_keys_iterates_a_snapshot_taken_when_called(
    store: InMemoryStore[Any], prefix: str | None
) -> None:
    store.mset([("k1", 1), ("k2", 2)])
    keys = store.ayield_keys(prefix=prefix)
    store.mset([("k3", 3)])
    store.mdelete(["k1"])
    assert sorted([key async for key in keys]) == ["k1", "k2"]
    assert sorted([key async for key in store.ayield_keys(prefix=prefix)]) == ["k2", "k3"]


@pytest.mark.asyncio
async def test_the_store_may_change_while_an_async_iterator_is_open(
    store: InMemoryStore[Any],
) -> None:
    store.mset([(f"k{i}", i) for i in range(5)])
    seen = []
    async for key in store.ayield_keys():
        seen.append(key)
        await store.amdelete([key])
        await store.amset([(key + "-new", 0)])
    assert sorted(seen) == [f"k{i}" for i in range(5)]
    assert sorted(store.yield_keys()) == [f"k{i}-new" for i in range(5)]
