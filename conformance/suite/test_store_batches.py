"""Batches: at least 50,000 keys per call; what a failed batch leaves is the backend's choice."""

from __future__ import annotations

from typing import Any

from storespec.conformance.plugin.marks import verifies
from storespec.conformance.suite.checks import answers
from storespec.conformance.suite.drivers import StoreDriver

LARGE = 50_000


@verifies("store.batch.large")
def test_batches_of_fifty_thousand_keys(store: StoreDriver, values: list[Any]) -> None:
    keys = [f"batch{i:06d}" for i in range(LARGE)]
    store.mset([(k, values[i % 3]) for i, k in enumerate(keys)])
    got = answers(store.mget(keys), keys)
    wrong = [k for i, (k, v) in enumerate(zip(keys, got, strict=True)) if v != values[i % 3]]
    assert not wrong, f"{len(wrong)} of {LARGE} values read back wrong, e.g. {wrong[:3]}"
    store.mdelete(keys)
    left = [k for k, v in zip(keys, store.mget(keys), strict=True) if v is not None]
    assert not left, f"{len(left)} of {LARGE} keys are still there after mdelete, e.g. {left[:3]}"


@verifies("store.batch.atomicity")
def test_observe_failed_batch(store: StoreDriver, values: list[Any], observe: Any) -> None:
    bad: Any = object()
    try:
        store.mset([("first", values[0]), (bad, values[1]), ("last", values[2])])
    except Exception as exc:
        present = store.given.mget(["first", "last"])
        left = [k for k, v in zip(("first", "last"), present, strict=True) if v is not None]
        observe(
            f"{store.api}: a batch with a non-str key raises {type(exc).__name__}; "
            f"applied: {left or 'none'}"
        )
        return
    observe(f"{store.api}: a batch with a non-str key is accepted")
