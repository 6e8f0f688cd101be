"""Batches: at least 50,000 keys per call; what a failed batch leaves is the backend's choice."""

from __future__ import annotations

from typing import Any

from storespec.conformance.checks import answers, keys_of
from storespec.conformance.marks import verifies

LARGE = 50_000


@verifies("store.batch.large")
def test_batches_of_fifty_thousand_keys(store: Any, values: list[Any]) -> None:
    keys = [f"batch{i:06d}" for i in range(LARGE)]
    store.mset([(k, values[i % 3]) for i, k in enumerate(keys)])
    got = answers(store.mget(keys), keys)
    wrong = [k for i, (k, v) in enumerate(zip(keys, got, strict=True)) if v != values[i % 3]]
    assert not wrong, f"{len(wrong)} of {LARGE} values read back wrong, e.g. {wrong[:3]}"
    assert len(keys_of(store)) == LARGE
    store.mdelete(keys)
    assert keys_of(store) == []


@verifies("store.batch.atomicity")
def test_observe_failed_batch(store: Any, values: list[Any], observe: Any) -> None:
    bad: Any = object()
    try:
        store.mset([("first", values[0]), (bad, values[1]), ("last", values[2])])
    except Exception as exc:
        left = [k for k in ("first", "last") if k in keys_of(store)]
        observe(
            f"a batch with a non-str key raises {type(exc).__name__}; applied: {left or 'none'}"
        )
        return
    observe("a batch with a non-str key is accepted")
