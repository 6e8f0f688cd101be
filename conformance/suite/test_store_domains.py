"""Keys never collide and are never altered; values round-trip equal, falsy ones included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.domains import FULL_TEXT
from storespec.conformance.core.errors import describe
from storespec.conformance.plugin.marks import verifies
from storespec.conformance.plugin.outcomes import not_applicable
from storespec.conformance.suite import profiles, workloads
from storespec.conformance.suite.checks import short
from storespec.conformance.suite.drivers import StoreDriver
from storespec.conformance.suite.harness import Instances
from storespec.conformance.suite.probes import COLLIDING_KEYS, FALSY_VALUES, PATH_KEYS, UNUSUAL_TEXT
from storespec.conformance.suite.workloads import Workload


@verifies("store.key.distinct")
@pytest.mark.parametrize("group", sorted(COLLIDING_KEYS))
def test_near_identical_keys_do_not_collide(
    instances: Instances, drive: Callable[[Any], StoreDriver], values: list[Any], group: str
) -> None:
    keys = instances.adapter.keys.within(COLLIDING_KEYS[group])
    if len(keys) < 2:
        not_applicable(f"fewer than two {group} probes lie in the key domain")
    for marked in keys:
        with instances.fresh() as raw:
            store = drive(raw)
            store.mset([(k, values[0] if k == marked else values[1]) for k in keys])
            got = store.mget(keys)
            wrong = [
                short(k)
                for k, v in zip(keys, got, strict=True)
                if v != (values[0] if k == marked else values[1])
            ]
            assert not wrong, f"writing {short(marked)} changed or hid {wrong}"


@verifies("store.key.distinct")
@profiles.per_example_instances()
@given(data=st.data())
def test_distinct_drawn_keys_do_not_collide(
    instances: Instances, drive: Callable[[Any], StoreDriver], data: st.DataObject
) -> None:
    adapter = instances.adapter
    keys = data.draw(st.lists(adapter.keys.strategy(), min_size=1, max_size=8, unique=True))
    with instances.fresh() as raw:
        store = drive(raw)
        values = [v for v in adapter.values.examples if v][:3]
        pairs = [(k, values[i % len(values)]) for i, k in enumerate(keys)]
        store.mset(pairs)
        assert store.mget(keys) == [v for _, v in pairs]


@verifies("store.key.domain")
def test_every_key_of_the_domain_is_accepted(
    store: StoreDriver, adapter: Adapter, values: list[Any], work: Workload
) -> None:
    candidates = [
        *adapter.keys.examples,
        *UNUSUAL_TEXT,
        *PATH_KEYS,
        *(twins[0] for twins in work.twins),
    ]
    keys = list(dict.fromkeys(workloads.within(adapter.keys, candidates)))
    value = next(v for v in values if v)
    refused: list[tuple[str, Exception]] = []
    lost: list[str] = []
    for key in keys:
        try:
            store.mset([(key, value)])
        except Exception as error:
            refused.append((key, error))
            continue
        # Read at once: a later key that replaces this one is store.key.distinct's concern.
        if store.mget([key]) == [None]:
            lost.append(short(key))
    if refused:
        # The backend's own exception is the verdict: a refusal is loud, not a wrong result.
        first = refused[0][1]
        first.add_note(
            f"mset refused {len(refused)} of {len(keys)} keys of the declared domain: "
            + "; ".join(f"{short(k)} ({describe(e)})" for k, e in refused[:3])
        )
        raise first
    assert not lost, f"mset returned, yet mget finds nothing under {lost[:4]}"


def _outside(adapter: Adapter) -> list[str]:
    probes = [k for group in COLLIDING_KEYS.values() for k in group] + list(FULL_TEXT.examples)
    return [k for k in dict.fromkeys(probes) if not adapter.keys.contains(k)]


@verifies("store.key.outside-domain")
def test_key_outside_domain_is_rejected(
    store: StoreDriver, adapter: Adapter, values: list[Any]
) -> None:
    outside = _outside(adapter)
    if not outside:
        not_applicable("the declared key domain is the spec's, no probe lies outside")
    accepted: list[str] = []
    for key in outside:
        try:
            store.mset([(key, values[0])])
        except Exception:
            continue
        accepted.append(short(key))
    listed = store.given.sorted_keys()
    assert not accepted, (
        f"mset accepted keys outside the declared domain ({', '.join(accepted[:4])}); "
        f"yield_keys now lists {[short(k) for k in listed[:4]]}"
    )
    assert listed == [], f"a rejected key left an entry behind: {[short(k) for k in listed[:4]]}"


@verifies("store.value.roundtrip")
def test_declared_examples_round_trip(store: StoreDriver, adapter: Adapter) -> None:
    examples = [v for v in adapter.values.examples if v is not None]
    pairs = [(f"v{i}", v) for i, v in enumerate(examples)]
    store.mset(pairs)
    got = store.mget([k for k, _ in pairs])
    wrong = [(k, short(v), short(g)) for (k, v), g in zip(pairs, got, strict=True) if g != v]
    assert not wrong, f"values read back differently (key, stored, read): {wrong[:3]}"


@verifies("store.value.roundtrip")
@profiles.per_example_instances()
@given(data=st.data())
def test_drawn_values_round_trip(
    instances: Instances, drive: Callable[[Any], StoreDriver], data: st.DataObject
) -> None:
    values = data.draw(st.lists(instances.adapter.values.strategy(), min_size=1, max_size=5))
    with instances.fresh() as raw:
        store = drive(raw)
        pairs = [(f"k{i}", v) for i, v in enumerate(values)]
        store.mset(pairs)
        assert store.mget([k for k, _ in pairs]) == values


@verifies("store.value.falsy")
def test_falsy_values_are_not_missing(store: StoreDriver, adapter: Adapter) -> None:
    falsy = [v for v in FALSY_VALUES if adapter.values.contains(v)]
    if not falsy:
        not_applicable("no falsy value lies in the declared value domain")
    pairs = [(f"f{i}", v) for i, v in enumerate(falsy)]
    store.mset(pairs)
    got = store.mget([k for k, _ in pairs])
    for (key, value), read in zip(pairs, got, strict=True):
        assert read is not None, f"{value!r} stored at {key} read back as missing"
        assert read == value, f"{value!r} read back as {read!r}"
        # False == 0 and 0 == 0.0: equality alone cannot tell them apart.
        assert isinstance(read, type(value)), f"{value!r} read back as {type(read).__name__}"


@verifies("store.value.none")
def test_observe_none_value(store: StoreDriver, values: list[Any], observe: Any) -> None:
    try:
        store.mset([("n", None)])
    except Exception as exc:
        observe(f"{store.name('mset')} rejects None with {type(exc).__name__}")
        return
    observe(f"{store.name('mset')} accepts None; mget gives {store.given.mget(['n'])[0]!r}")


@verifies("store.value.aliasing")
def test_observe_aliasing(store: StoreDriver, observe: Any, adapter: Adapter) -> None:
    value = [1, 2]
    if not adapter.values.contains(value):
        not_applicable("no mutable value lies in the declared value domain")
    store.mset([("m", value)])
    value.append(3)
    read = store.mget(["m"])[0]
    observe("values are aliases of what was written" if read == [1, 2, 3] else "values are copies")
