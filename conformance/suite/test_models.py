"""Model-based tests: random sequences of calls, through each API offered and through both
interleaved, against the reference model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import Phase, settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.plugin.fixtures import require_available
from storespec.conformance.plugin.marks import verifies
from storespec.conformance.plugin.outcomes import not_applicable
from storespec.conformance.plugin.run import RUN_KEY
from storespec.conformance.suite.stateful import (
    MODES,
    cache_machine,
    listing_machine,
    modes,
    store_machine,
)

mode_of_machine = pytest.mark.parametrize("mode", MODES)


def check(
    build: Callable[..., type[RuleBasedStateMachine]],
    adapter: Adapter,
    mode: str,
    config: pytest.Config,
    **options: Any,
) -> None:
    """Run the machine in ``mode``; one that a declared finding names is only confirmed,
    not shrunk again."""
    require_available(adapter)
    if mode not in modes(adapter):
        not_applicable(f"{adapter.name} does not offer the APIs of the {mode} machine")
    run = config.stash.get(RUN_KEY, None)
    source = run.given.get(adapter.name, "") if run is not None else ""
    machine = build(adapter, mode, source, **options)
    budget = settings()
    if adapter.findings:
        budget = settings(budget, phases=[Phase.explicit, Phase.reuse, Phase.generate])
    try:
        run_state_machine_as_test(machine, settings=budget)
    finally:
        machine.close()  # type: ignore[attr-defined]


@verifies("store.model")
@mode_of_machine
def test_store_matches_the_model(adapter: Adapter, mode: str, pytestconfig: pytest.Config) -> None:
    check(store_machine, adapter, mode, pytestconfig)


@verifies("store.keys.model")
@mode_of_machine
def test_listings_match_the_model(adapter: Adapter, mode: str, pytestconfig: pytest.Config) -> None:
    check(listing_machine, adapter, mode, pytestconfig)


@verifies("cache.model")
@mode_of_machine
def test_cache_matches_the_model(adapter: Adapter, mode: str, pytestconfig: pytest.Config) -> None:
    check(cache_machine, adapter, mode, pytestconfig)


@verifies("cache.maxsize.model")
@mode_of_machine
def test_bounded_cache_matches_the_model(
    adapter: Adapter, mode: str, pytestconfig: pytest.Config
) -> None:
    check(cache_machine, adapter, mode, pytestconfig, maxsize=3)


@verifies("cache.maxsize.lru-model")
@mode_of_machine
def test_lru_cache_matches_the_lru_model(
    adapter: Adapter, mode: str, pytestconfig: pytest.Config
) -> None:
    check(cache_machine, adapter, mode, pytestconfig, maxsize=3, lru=True)
