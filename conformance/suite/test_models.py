"""Model-based tests: random interleavings of sync and async calls against the reference."""

from __future__ import annotations

from hypothesis import Phase, settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from storespec.conformance.adapter import Adapter
from storespec.conformance.fixtures import require_available
from storespec.conformance.marks import verifies
from storespec.conformance.stateful import cache_machine, store_machine


def check(machine: type[RuleBasedStateMachine], adapter: Adapter, clause: str) -> None:
    """Run the machine; a declared deviation is only confirmed, not shrunk again."""
    budget = settings()
    if clause in adapter.deviations:
        budget = settings(budget, phases=[Phase.explicit, Phase.reuse, Phase.generate])
    try:
        run_state_machine_as_test(machine, settings=budget)
    finally:
        machine.close()  # type: ignore[attr-defined]


@verifies("store.model")
def test_store_matches_the_model(adapter: Adapter) -> None:
    require_available(adapter)
    check(store_machine(adapter), adapter, "store.model")


@verifies("cache.model")
def test_cache_matches_the_model(adapter: Adapter) -> None:
    require_available(adapter)
    check(cache_machine(adapter), adapter, "cache.model")


@verifies("cache.maxsize.model")
def test_bounded_cache_matches_the_model(adapter: Adapter) -> None:
    require_available(adapter)
    check(cache_machine(adapter, maxsize=3), adapter, "cache.maxsize.model")
