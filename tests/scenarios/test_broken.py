"""Scenarios break on catalogue backends whose bugs a consumer would hit, at the right step."""

from __future__ import annotations

from storespec.adapters.scenarios.catalogue import SCENARIOS
from storespec.adapters.scenarios.runner import run_backend, run_scenario
from storespec.catalogue.entries import BROKEN_CACHES, BROKEN_STORES, UNUSUAL
from storespec.conformance.core.adapter import Adapter


def _adapter(name: str) -> Adapter:
    entries = {e.name: e.adapter for e in (*BROKEN_STORES, *BROKEN_CACHES, *UNUSUAL)}
    return entries[name]


def _scenario(scenario_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in SCENARIOS if s.id == scenario_id)


def test_a_store_that_loses_the_last_batch_makes_the_embedder_run_again() -> None:
    result = run_scenario(_scenario("embeddings.embed-documents"), _adapter("write-behind-store"))
    assert result.outcome == "breaks"
    assert result.step.startswith("second embed_documents")
    assert "the model embedded" in result.detail
    assert result.explained_by == []


def test_a_store_that_loses_the_last_batch_loses_parent_documents() -> None:
    result = run_scenario(
        _scenario("docstore.parent-document.bytes"), _adapter("write-behind-store")
    )
    assert result.outcome == "breaks"
    assert result.step == "retrieve documents (invoke)"
    assert "is missing" in result.detail


def test_a_store_that_answers_out_of_order_returns_the_wrong_parents() -> None:
    results = run_backend(_adapter("shard-order-store"), SCENARIOS)
    broken = {r.scenario for r in results if r.outcome == "breaks"}
    assert {"docstore.multi-vector.documents", "embeddings.embed-documents"} <= broken


def test_a_cache_that_rebuilds_messages_loses_tool_calls() -> None:
    result = run_scenario(_scenario("chat-cache.repeat"), _adapter("message-rebuilding-cache"))
    assert result.outcome == "breaks"
    assert result.step == "the same conversation again (invoke)"
    assert "tool calls [] instead of" in result.detail


def test_a_cache_that_ignores_the_model_parameters_shares_answers() -> None:
    result = run_scenario(_scenario("model-cache.distinct"), _adapter("prompt-only-cache"))
    assert result.outcome == "breaks"
    assert "was answered with the answer of" in result.detail


def test_a_cache_whose_hits_are_tuples_misses_every_time() -> None:
    result = run_scenario(_scenario("model-cache.abatch"), _adapter("tuple-hit-cache"))
    assert result.outcome == "breaks"
    assert result.detail == "the model was called 50 more times"


def test_a_json_store_is_neither_a_byte_store_nor_a_docstore_of_documents() -> None:
    results = run_backend(_adapter("json-store"), SCENARIOS)
    store_results = [r for r in results if r.scenario.startswith(("embeddings", "docstore"))]
    assert {r.outcome for r in store_results} == {"not applicable"}
    assert all("JSON-like values" in r.detail for r in store_results)
