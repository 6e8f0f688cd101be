"""Model-based tests: random interleavings of sync and async calls against the reference."""

from __future__ import annotations

from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from storespec.conformance.adapter import Adapter
from storespec.conformance.fixtures import require_available
from storespec.conformance.marks import verifies
from storespec.conformance.stateful import cache_machine, store_machine


def check(machine: type[RuleBasedStateMachine]) -> None:
    try:
        run_state_machine_as_test(machine, settings=settings())
    finally:
        machine.close()  # type: ignore[attr-defined]


@verifies("store.model")
def test_store_matches_the_model(adapter: Adapter) -> None:
    require_available(adapter)
    check(store_machine(adapter))


@verifies("cache.model")
def test_cache_matches_the_model(adapter: Adapter) -> None:
    require_available(adapter)
    check(cache_machine(adapter))


@verifies("cache.maxsize.model")
def test_bounded_cache_matches_the_model(adapter: Adapter) -> None:
    require_available(adapter)
    check(cache_machine(adapter, maxsize=3))
