"""Every consumer scenario, family by family."""

from __future__ import annotations

from storespec.adapters.scenarios import concurrency, docstores, embeddings, model_caching
from storespec.adapters.scenarios.scenario import Scenario

SCENARIOS: tuple[Scenario, ...] = (
    *model_caching.SCENARIOS,
    *embeddings.SCENARIOS,
    *docstores.SCENARIOS,
    *concurrency.SCENARIOS,
)
"""The scenarios the runner runs, in the order reports show them."""
