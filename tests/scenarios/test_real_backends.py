"""Scenarios on real servers: what a LangChain user meets on langchain-community's backends.

A backend whose server is missing is skipped here, but fails under CI (``CI=true``).
"""

from __future__ import annotations

import pytest

from storespec.adapters.scenarios.catalogue import SCENARIOS
from storespec.adapters.scenarios.outcome import ScenarioResult
from storespec.adapters.scenarios.runner import run_backend, run_scenario
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.resolve import resolve
from tests.adapters.support import skip_or_fail


def _adapter(name: str) -> Adapter:
    (adapter,) = resolve(name)
    reason = adapter.unavailable()
    if reason is not None:
        skip_or_fail(reason)
    return adapter


def _run(backend: str, scenario_id: str) -> ScenarioResult:
    scenario = next(s for s in SCENARIOS if s.id == scenario_id)
    return run_scenario(scenario, _adapter(backend))


def test_redis_store_works_for_every_store_consumer() -> None:
    results = run_backend(_adapter("community-redis-store"), SCENARIOS)
    works = {r.scenario for r in results if r.outcome == "works"}
    assert works == {
        s.id for s in SCENARIOS if s.kind == "store" and not s.id.endswith(".documents")
    }


@pytest.mark.parametrize(
    "backend", ["community-sqlalchemymd5cache-postgres", "community-redis-cache"]
)
def test_caches_that_serve_every_model_caching_consumer(backend: str) -> None:
    results = run_backend(_adapter(backend), [s for s in SCENARIOS if s.family == "model caching"])
    assert [r for r in results if r.outcome != "works"] == []


def test_sqlalchemy_cache_on_postgres_cannot_cache_a_long_prompt() -> None:
    result = _run("community-sqlalchemycache-postgres", "llm-cache.repeat")
    assert result.outcome == "breaks"
    assert result.step == "first invoke of a prompt"
    assert "ProgramLimitExceeded" in result.detail


def test_async_redis_cache_breaks_a_sync_caller() -> None:
    result = _run("community-redis-cache-async", "chat-cache.repeat")
    assert result.outcome == "breaks"
    assert result.detail.startswith("NotImplementedError")


def test_sqlstore_on_a_sync_engine_breaks_an_async_caller() -> None:
    result = _run("community-sqlstore-postgres-sync", "embeddings.aembed-documents")
    assert result.outcome == "breaks"
    assert result.step == "first aembed_documents of 302 texts"
    sync = _run("community-sqlstore-postgres-sync", "embeddings.embed-documents")
    assert sync.outcome == "works"
