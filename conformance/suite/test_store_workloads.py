"""Stores at real sizes: listings past 10,000 keys, batches of 50,000, values of megabytes,
long incompressible keys, and keys that only a normalising comparison would merge."""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.domains import Domain
from storespec.conformance.plugin.marks import verifies
from storespec.conformance.plugin.outcomes import not_applicable
from storespec.conformance.suite import workloads
from storespec.conformance.suite.checks import answers, short
from storespec.conformance.suite.drivers import StoreDriver
from storespec.conformance.suite.workloads import Workload

PROBED_LIMIT = 64 * 1024 * 1024
"""The largest declared size limit the suite probes just above."""


def _tag(domain: Domain[Any], i: int) -> Any:
    """A value of the domain that tells key ``i`` apart from every other key."""
    for candidate in (f"v{i}".encode(), f"v{i}", i + 1, [i + 1]):
        if domain.contains(candidate):
            return candidate
    not_applicable("the value domain holds no bytes, str, int or list values")


def _fitted(domain: Domain[str], keys: Sequence[str]) -> list[str]:
    """``keys``, or when the key domain does not hold them, the same number of plain keys."""
    if all(domain.contains(k) for k in keys):
        return list(keys)
    plain = [f"k{i}" for i in range(len(keys))]
    if not all(domain.contains(k) for k in plain):
        not_applicable("the key domain holds neither the probe nor plain keys")
    return plain


SETUP_CHUNK = 97
"""Pairs per incidental write: a test of one clause sets up its state in small batches,
under the 100 and 1,000 pairs at which batch APIs commonly stop, so that a backend that
mishandles large batches fails only the clauses about them."""


def _given(store: StoreDriver, pairs: Sequence[tuple[str, Any]]) -> None:
    for start in range(0, len(pairs), SETUP_CHUNK):
        store.given.mset(pairs[start : start + SETUP_CHUNK])


def _forget(store: StoreDriver, keys: Sequence[str]) -> None:
    for start in range(0, len(keys), SETUP_CHUNK):
        store.given.mdelete(keys[start : start + SETUP_CHUNK])


def _count_problems(found: list[str], expected: Sequence[str]) -> str:
    want = set(expected)
    seen = set(found)
    twice = len(found) - len(seen)
    missing = want - seen
    extra = seen - want
    return (
        f"listed {len(found)} keys for {len(want)} stored: {len(missing)} missing "
        f"(e.g. {[short(k) for k in sorted(missing)[:2]]}), {twice} listed twice, "
        f"{len(extra)} never stored (e.g. {[short(k) for k in sorted(extra)[:2]]})"
    )


def _assert_listed(found: list[str], expected: Sequence[str]) -> None:
    ok = len(found) == len(set(found)) and set(found) == set(expected)
    assert ok, _count_problems(found, expected)


# -- listings ------------------------------------------------------------------------------


@verifies("store.keys.all")
def test_large_listing_lists_every_key_once(
    store: StoreDriver, adapter: Adapter, work: Workload
) -> None:
    keys = _fitted(adapter.keys, work.listing_keys(work.scale.listing))
    _given(store, [(k, _tag(adapter.values, i)) for i, k in enumerate(keys)])
    _assert_listed(store.keys(), keys)
    deleted = set(keys[::7])
    store.given.mdelete(sorted(deleted))
    _assert_listed(store.keys(), [k for k in keys if k not in deleted])


@verifies("store.keys.prefix")
def test_large_listing_by_prefix(store: StoreDriver, adapter: Adapter, work: Workload) -> None:
    count = work.scale.listing
    inside = work.listing_keys(count, "t\u00e9nant-42/")
    beside = work.listing_keys(count // 3, "t\u00e9nant-421/") + work.listing_keys(
        count // 3, "tenant-42/"
    )
    if not all(adapter.keys.contains(k) for k in inside + beside):
        inside = [f"p{i}" for i in range(count)]
        beside = [f"q{i}" for i in range(count // 3)]
    prefix = "t\u00e9nant-42/" if inside[0].startswith("t\u00e9nant-42/") else "p"
    if not all(adapter.keys.contains(k) for k in inside + beside):
        not_applicable("the key domain holds neither the probe nor plain keys")
    every = inside + beside
    _given(store, [(k, _tag(adapter.values, i)) for i, k in enumerate(every)])
    _assert_listed(store.keys(prefix), [k for k in every if k.startswith(prefix)])


@verifies("store.keys.prefix")
def test_prefix_followed_by_high_code_points(store: StoreDriver, adapter: Adapter) -> None:
    keys: list[str] = []
    for prefix in workloads.PREFIXES:
        before = prefix[:-1] + chr(ord(prefix[-1]) - 1)
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        keys += [prefix + c for c in workloads.AFTER_PREFIX] + [prefix[:-1], before, after + "x"]
    keys = workloads.within(adapter.keys, keys)
    prefixes = workloads.within(adapter.keys, workloads.PREFIXES)
    if not prefixes:
        not_applicable("no non-ASCII prefix lies in the key domain")
    _given(store, [(k, _tag(adapter.values, i)) for i, k in enumerate(keys)])
    for prefix in prefixes:
        expected = sorted(k for k in keys if k.startswith(prefix))
        found = store.keys(prefix)
        assert sorted(found) == expected, (
            f"prefix {prefix!r}: missing {sorted(set(expected) - set(found))!r}, "
            f"extra {sorted(set(found) - set(expected))!r}"
        )


@verifies("store.keys.prefix-literal")
def test_metacharacter_prefixes_are_literal(store: StoreDriver, adapter: Adapter) -> None:
    keys: list[str] = []
    for prefix, decoys in workloads.METACHARACTER_PREFIXES:
        keys += [prefix, prefix + "1", prefix + "\u00e9", *decoys]
    keys = workloads.within(adapter.keys, keys)
    cases = [p for p, _ in workloads.METACHARACTER_PREFIXES if adapter.keys.contains(p)]
    if not cases:
        not_applicable("no metacharacter prefix lies in the key domain")
    _given(store, [(k, _tag(adapter.values, i)) for i, k in enumerate(keys)])
    for prefix in cases:
        expected = sorted(k for k in keys if k.startswith(prefix))
        found = store.sorted_keys(prefix)
        assert found == expected, f"prefix {prefix!r} listed {found!r}, not {expected!r}"


# -- batches -------------------------------------------------------------------------------


def _batch(adapter: Adapter, work: Workload, count: int) -> list[str]:
    return _fitted(adapter.keys, work.batch_keys(count))


def _refusal(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc)[:100]}"


@contextlib.contextmanager
def _large_batch(what: str) -> Iterator[None]:
    """A large batch that the backend refuses with an exception ends the test as not
    applicable: refusing one is the concern of ``store.batch.large`` (a SHOULD), while
    the clause under test is about what a batch that is accepted does."""
    try:
        yield
    except Exception as exc:
        not_applicable(f"{what} raised {_refusal(exc)}; see store.batch.large")


@verifies("store.mset.visible")
def test_large_batches_are_written_whole(
    store: StoreDriver, adapter: Adapter, work: Workload
) -> None:
    counts = sorted({1_001, 32_771, work.scale.batch})
    refused: dict[int, str] = {}
    for count in counts:
        keys = [f"{count}:{k}" for k in _batch(adapter, work, count)]
        keys = _fitted(adapter.keys, keys)
        try:
            store.mset([(k, _tag(adapter.values, i)) for i, k in enumerate(keys)])
        except Exception as exc:
            # A refusal is loud, not a lost write: store.batch.large judges it.
            refused[count] = _refusal(exc)
            _forget(store, keys)
            continue
        with _large_batch(f"an mget of {len(keys):,} keys"):
            got = answers(store.mget(keys), keys)
        lost = [i for i, v in enumerate(got) if v != _tag(adapter.values, i)]
        assert not lost, (
            f"after an mset of {count:,} pairs, {len(lost):,} read back missing or wrong; "
            f"the first at position {lost[0]:,}"
        )
        _forget(store, keys)
    if len(refused) == len(counts):
        not_applicable(f"every large mset raised, e.g. {next(iter(refused.values()))}")


@verifies("store.mget.order")
def test_large_batch_answers_in_random_request_order(
    store: StoreDriver, adapter: Adapter, work: Workload
) -> None:
    keys = _batch(adapter, work, work.scale.batch)
    tags = {k: _tag(adapter.values, i) for i, k in enumerate(keys)}
    _given(store, list(tags.items()))
    requested = list(keys)
    work.rng("mget-order").shuffle(requested)
    with _large_batch(f"an mget of {len(requested):,} keys"):
        got = answers(store.mget(requested), requested)
    wrong = [i for i, (k, v) in enumerate(zip(requested, got, strict=True)) if v != tags[k]]
    assert not wrong, (
        f"{len(wrong):,} of {len(requested):,} answers are not those of the key requested at "
        f"their position; the first at position {wrong[0]:,}"
    )


@verifies("store.mget.repeated")
def test_key_repeated_far_apart_in_one_mget(
    store: StoreDriver, adapter: Adapter, work: Workload
) -> None:
    keys = _batch(adapter, work, work.scale.batch)
    tags = {k: _tag(adapter.values, i) for i, k in enumerate(keys)}
    _given(store, list(tags.items()))
    requested = [*keys, keys[0], keys[len(keys) // 2], keys[0]]
    with _large_batch(f"an mget of {len(requested):,} keys"):
        got = answers(store.mget(requested), requested)
    wrong = [i for i, (k, v) in enumerate(zip(requested, got, strict=True)) if v != tags[k]]
    assert not wrong, f"keys repeated {len(keys):,} positions apart: wrong answers at {wrong[:5]}"


@verifies("store.mset.last-wins")
def test_key_repeated_far_apart_in_one_mset(
    store: StoreDriver, adapter: Adapter, work: Workload
) -> None:
    keys = _batch(adapter, work, work.scale.batch)
    first, last = _tag(adapter.values, 0), _tag(adapter.values, 1)
    pairs = [(keys[0], first), *((k, first) for k in keys[1:]), (keys[0], last)]
    with _large_batch(f"an mset of {len(pairs):,} pairs"):
        store.mset(pairs)
    got = answers(store.mget([keys[0]]), [keys[0]])
    assert got == [last], (
        f"a key written first and again {len(keys):,} pairs later reads back {short(got[0])}, "
        f"not the last value {short(last)}"
    )


@verifies("store.mdelete.exact")
def test_large_batch_deletes_exactly_its_keys(
    store: StoreDriver, adapter: Adapter, work: Workload
) -> None:
    keys = _batch(adapter, work, work.scale.batch)
    tags = {k: _tag(adapter.values, i) for i, k in enumerate(keys)}
    _given(store, list(tags.items()))
    doomed = work.rng("mdelete").sample(keys, len(keys) // 2 + 1)
    with _large_batch(f"an mdelete of {len(doomed):,} keys"):
        store.mdelete(doomed)
    gone = set(doomed)
    with _large_batch(f"an mget of {len(keys):,} keys"):
        got = answers(store.mget(keys), keys)
    kept = [k for k, v in zip(keys, got, strict=True) if k in gone and v is not None]
    lost = [k for k, v in zip(keys, got, strict=True) if k not in gone and v != tags[k]]
    assert not kept, f"{len(kept):,} of {len(gone):,} deleted keys still read back"
    assert not lost, f"{len(lost):,} keys not in the mdelete batch were removed or changed"


# -- keys ----------------------------------------------------------------------------------


def _assert_distinct(store: StoreDriver, adapter: Adapter, keys: list[str], what: str) -> None:
    tags = [_tag(adapter.values, i) for i in range(len(keys))]
    store.given.mset(list(zip(keys, tags, strict=True)))
    got = answers(store.mget(keys), keys)
    merged = [short(k, 30) for k, v, t in zip(keys, got, tags, strict=True) if v != t]
    assert not merged, f"{what}: these keys read back another key's value: {merged}"


@verifies("store.key.distinct")
def test_identity_variants_are_distinct_keys(store: StoreDriver, adapter: Adapter) -> None:
    tested = 0
    for group, variants in sorted(workloads.IDENTITY_GROUPS.items()):
        keys = workloads.within(adapter.keys, variants)
        if len(keys) >= 2:
            _assert_distinct(store, adapter, keys, f"{group} variants")
            tested += 1
    if not tested:
        not_applicable("no two variants of a group lie in the key domain")


@verifies("store.key.distinct")
def test_long_incompressible_keys_are_distinct(
    store: StoreDriver, adapter: Adapter, work: Workload
) -> None:
    groups = [workloads.within(adapter.keys, g) for g in work.twins]
    groups = [g for g in groups if len(g) >= 2]
    if not groups:
        not_applicable("no long key lies in the key domain")
    for keys in groups:
        _assert_distinct(store, adapter, keys, f"keys of {len(keys[0]):,} characters")


@verifies("store.key.outside-domain")
def test_key_just_over_the_declared_limit_is_rejected(store: StoreDriver, adapter: Adapter) -> None:
    limit = adapter.keys.max_bytes
    if limit is None or limit >= PROBED_LIMIT:
        not_applicable("the key domain declares no size limit the suite probes")
    key = "k" * (limit + 1)
    with pytest.raises(Exception):  # noqa: B017, PT011 - any exception rejects the key
        store.mset([(key, _tag(adapter.values, 0))])
    assert store.given.mget([key]) == [None], "a rejected key was stored"


# -- values --------------------------------------------------------------------------------


def _first_difference(got: Any, expected: Any) -> str:
    if not isinstance(got, bytes | str) or type(got) is not type(expected):
        return f"read back {short(got)}"
    same = next((i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b), None)
    where = f"first difference at offset {same:,}" if same is not None else "a prefix of it"
    return f"read back {len(got):,} of {len(expected):,}: {where}"


@verifies("store.value.whole")
def test_large_values_read_back_whole(store: StoreDriver, adapter: Adapter, work: Workload) -> None:
    probes = [
        workloads.sizeable(adapter.values, size, data)
        for size, data in zip(work.scale.value_sizes, work.large_values, strict=True)
    ]
    probes = [p for p in probes if p is not None]
    if not probes:
        not_applicable("no value of a megabyte or more lies in the value domain")
    for i, value in enumerate(probes):
        store.mset([(f"large{i}", value)])
        (got,) = answers(store.mget([f"large{i}"]), [f"large{i}"])
        assert got == value, f"a value of {len(value):,} bytes: {_first_difference(got, value)}"


@verifies("store.value.whole")
def test_value_just_over_the_declared_limit_is_rejected(
    store: StoreDriver, adapter: Adapter, work: Workload
) -> None:
    limit = adapter.values.max_bytes
    if limit is None or limit >= PROBED_LIMIT:
        not_applicable("the value domain declares no size limit the suite probes")
    data = work.rng(f"limit{limit}").randbytes(limit + 1)
    text = base64.b85encode(data)[: limit + 1].decode("ascii")
    at_limit: bytes | str
    over: bytes | str
    if adapter.values.contains(data[:limit]):
        at_limit, over = data[:limit], data
    elif adapter.values.contains(text[:limit]):
        at_limit, over = text[:limit], text
    else:
        not_applicable("the value domain holds no bytes or str of the limit's size")
    store.mset([("at-limit", at_limit)])
    got = store.mget(["at-limit"])[0]
    assert got == at_limit, (
        f"a value of exactly {limit:,} bytes: {_first_difference(got, at_limit)}"
    )
    with pytest.raises(Exception):  # noqa: B017, PT011 - any exception rejects the value
        store.mset([("over-limit", over)])
    assert store.given.mget(["over-limit"]) == [None], "a rejected value was stored"


@verifies("store.value.roundtrip")
def test_embeddings_and_documents_read_back_exactly(
    store: StoreDriver, adapter: Adapter, work: Workload
) -> None:
    probes = workloads.within(adapter.values, [work.embedding, work.document])
    if not probes:
        not_applicable("no float list or nested dict lies in the value domain")
    pairs = [(f"structured{i}", v) for i, v in enumerate(probes)]
    store.mset(pairs)
    got = answers(store.mget([k for k, _ in pairs]), [k for k, _ in pairs])
    for (key, value), read in zip(pairs, got, strict=True):
        assert read == value, f"{key} read back differently: {short(read)}"
