"""Keys never collide and are never altered; values round-trip equal, falsy ones included."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storespec.conformance import profiles
from storespec.conformance.adapter import Adapter
from storespec.conformance.checks import keys_of, short
from storespec.conformance.domains import FULL_TEXT
from storespec.conformance.harness import Instances
from storespec.conformance.marks import verifies
from storespec.conformance.probes import COLLIDING_KEYS, FALSY_VALUES


@verifies("store.key.distinct")
@pytest.mark.parametrize("group", sorted(COLLIDING_KEYS))
def test_near_identical_keys_do_not_collide(
    instances: Instances, values: list[Any], group: str
) -> None:
    keys = instances.adapter.keys.within(COLLIDING_KEYS[group])
    if len(keys) < 2:
        pytest.skip(f"not applicable: fewer than two {group} probes lie in the key domain")
    for marked in keys:
        with instances.fresh() as store:
            store.mset([(k, values[0] if k == marked else values[1]) for k in keys])
            got = store.mget(keys)
            wrong = [
                short(k)
                for k, v in zip(keys, got, strict=True)
                if v != (values[0] if k == marked else values[1])
            ]
            assert not wrong, f"writing {short(marked)} changed or hid {wrong}"
            assert keys_of(store) == sorted(keys), "yield_keys does not list each distinct key once"


@verifies("store.key.distinct")
@profiles.per_example_instances()
@given(data=st.data())
def test_distinct_drawn_keys_do_not_collide(instances: Instances, data: st.DataObject) -> None:
    adapter = instances.adapter
    keys = data.draw(st.lists(adapter.keys.strategy(), min_size=1, max_size=8, unique=True))
    with instances.fresh() as store:
        values = [v for v in adapter.values.examples if v][:3]
        pairs = [(k, values[i % len(values)]) for i, k in enumerate(keys)]
        store.mset(pairs)
        assert store.mget(keys) == [v for _, v in pairs]
        assert keys_of(store) == sorted(keys)


def _outside(adapter: Adapter) -> list[str]:
    probes = [k for group in COLLIDING_KEYS.values() for k in group] + list(FULL_TEXT.examples)
    return [k for k in dict.fromkeys(probes) if not adapter.keys.contains(k)]


@verifies("store.key.outside-domain")
def test_key_outside_domain_is_rejected(store: Any, adapter: Adapter, values: list[Any]) -> None:
    outside = _outside(adapter)
    if not outside:
        pytest.skip("not applicable: the declared key domain is the spec's, no probe lies outside")
    accepted: list[str] = []
    for key in outside:
        try:
            store.mset([(key, values[0])])
        except Exception:
            continue
        accepted.append(short(key))
    listed = keys_of(store)
    assert not accepted, (
        f"mset accepted keys outside the declared domain ({', '.join(accepted[:4])}); "
        f"yield_keys now lists {[short(k) for k in listed[:4]]}"
    )
    assert listed == [], f"a rejected key left an entry behind: {[short(k) for k in listed[:4]]}"


@verifies("store.value.roundtrip")
def test_declared_examples_round_trip(store: Any, adapter: Adapter) -> None:
    examples = [v for v in adapter.values.examples if v is not None]
    pairs = [(f"v{i}", v) for i, v in enumerate(examples)]
    store.mset(pairs)
    got = store.mget([k for k, _ in pairs])
    wrong = [(k, short(v), short(g)) for (k, v), g in zip(pairs, got, strict=True) if g != v]
    assert not wrong, f"values read back differently (key, stored, read): {wrong[:3]}"


@verifies("store.value.roundtrip")
@profiles.per_example_instances()
@given(data=st.data())
def test_drawn_values_round_trip(instances: Instances, data: st.DataObject) -> None:
    values = data.draw(st.lists(instances.adapter.values.strategy(), min_size=1, max_size=5))
    with instances.fresh() as store:
        pairs = [(f"k{i}", v) for i, v in enumerate(values)]
        store.mset(pairs)
        assert store.mget([k for k, _ in pairs]) == values


@verifies("store.value.falsy")
def test_falsy_values_are_not_missing(store: Any, adapter: Adapter) -> None:
    falsy = [v for v in FALSY_VALUES if adapter.values.contains(v)]
    if not falsy:
        pytest.skip("not applicable: no falsy value lies in the declared value domain")
    pairs = [(f"f{i}", v) for i, v in enumerate(falsy)]
    store.mset(pairs)
    got = store.mget([k for k, _ in pairs])
    for (key, value), read in zip(pairs, got, strict=True):
        assert read is not None, f"{value!r} stored at {key} read back as missing"
        assert read == value, f"{value!r} read back as {read!r}"
        assert type(read) is type(value), f"{value!r} read back as {type(read).__name__}"
    assert keys_of(store) == sorted(k for k, _ in pairs)


@verifies("store.value.none")
def test_observe_none_value(store: Any, values: list[Any], observe: Any) -> None:
    try:
        store.mset([("n", None)])
    except Exception as exc:
        observe(f"mset rejects None with {type(exc).__name__}")
        return
    listed = "n" in keys_of(store)
    observe(f"mset accepts None; mget gives {store.mget(['n'])[0]!r}; key listed: {listed}")


@verifies("store.value.aliasing")
def test_observe_aliasing(store: Any, observe: Any, adapter: Adapter) -> None:
    value = [1, 2]
    if not adapter.values.contains(value):
        pytest.skip("not applicable: no mutable value lies in the declared value domain")
    store.mset([("m", value)])
    value.append(3)
    read = store.mget(["m"])[0]
    observe("values are aliases of what was written" if read == [1, 2, 3] else "values are copies")
