"""Every consumer scenario works on the reference and langchain-core's in-memory backends."""

from __future__ import annotations

import pytest

from storespec.adapters import langchain_core, reference
from storespec.adapters.scenarios.catalogue import SCENARIOS
from storespec.adapters.scenarios.runner import run_backend
from storespec.conformance.core.adapter import Adapter

CORRECT = (
    *reference.BACKENDS,
    langchain_core.STORE,
    langchain_core.BYTE_STORE,
    langchain_core.CACHE,
)


@pytest.mark.parametrize("adapter", CORRECT, ids=lambda a: a.name)
def test_every_scenario_of_the_kind_works(adapter: Adapter) -> None:
    results = run_backend(adapter, SCENARIOS)
    broken = [f"{r.scenario} at {r.step!r}: {r.detail}" for r in results if r.outcome == "breaks"]
    assert broken == []
    ran = {r.scenario for r in results if r.outcome == "works"}
    assert ran, "no scenario ran"
    assert all(s.kind == adapter.kind for s in SCENARIOS if s.id in ran)


def test_a_store_of_any_value_runs_every_store_scenario() -> None:
    results = run_backend(reference.STORE, SCENARIOS)
    works = {r.scenario for r in results if r.outcome == "works"}
    assert works == {s.id for s in SCENARIOS if s.kind == "store"}


def test_a_byte_store_is_no_docstore_of_documents() -> None:
    results = {r.scenario: r for r in run_backend(langchain_core.BYTE_STORE, SCENARIOS)}
    for scenario in ("docstore.multi-vector.documents", "docstore.parent-document.documents"):
        assert results[scenario].outcome == "not applicable"
        assert "holds no Document" in results[scenario].detail
    assert results["docstore.parent-document.bytes"].outcome == "works"
    assert results["embeddings.namespaces"].outcome == "works"


def test_a_cache_runs_every_cache_scenario() -> None:
    results = run_backend(reference.CACHE, SCENARIOS)
    works = {r.scenario for r in results if r.outcome == "works"}
    assert works == {s.id for s in SCENARIOS if s.kind == "cache"}
    assert all(r.explained_by == [] for r in results)
