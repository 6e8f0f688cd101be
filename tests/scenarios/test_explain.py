"""A scenario break is linked to the declared findings of its backend that explain it."""

from __future__ import annotations

import json
from pathlib import Path

from storespec.adapters.community_sql.findings import SYNC_ENGINE_REFUSES_ASYNC
from storespec.adapters.scenarios.__main__ import main
from storespec.adapters.scenarios.explain import explaining, reexplained
from storespec.adapters.scenarios.outcome import ScenarioResult
from storespec.conformance.core.findings import Finding, Severity, Signature


def _finding(id_: str, message: str, versions: dict[str, str] | None = None) -> Finding:
    return Finding(
        id=id_,
        clauses=("store.mset.last-wins",),
        summary="s",
        severity=Severity.CRASH,
        signature=Signature(message=message, tests=("test_never_a_scenario",)),
        versions=versions or {},
    )


def _break(detail: str, scenario: str = "embeddings.corpus") -> ScenarioResult:
    return ScenarioResult(scenario, "b", "breaks", detail, "step")


ASSERTS = _finding("x/asserts", r"^AssertionError \(raised by the backend\):?\s*$")
"""As the suite words a failed ``assert`` in a backend."""
DUPLICATE = _finding("x/duplicate", r"IntegrityError.*duplicate key")


def test_a_break_is_explained_by_a_message_whatever_the_signature_names_as_tests() -> None:
    found = explaining(
        _break("AssertionError (raised at langchain_community/storage/sql.py:178 in amget)"),
        [ASSERTS],
    )
    assert found == ["x/asserts"]


def test_a_failed_assert_in_the_backend_reads_as_the_suite_words_it() -> None:
    amget = _break("AssertionError (raised at langchain_community/storage/sql.py:178 in amget)")
    assert explaining(amget, [SYNC_ENGINE_REFUSES_ASYNC]) == [SYNC_ENGINE_REFUSES_ASYNC.id]


def test_a_break_no_message_matches_is_a_new_finding() -> None:
    assert explaining(_break("ValueError: something else"), [ASSERTS, DUPLICATE]) == []


def test_only_breaks_are_explained() -> None:
    works = ScenarioResult("embeddings.corpus", "b", "works")
    assert explaining(works, [_finding("x/any", "")]) == []


def test_a_finding_without_a_message_explains_nothing() -> None:
    assert explaining(_break("ValueError: boom"), [_finding("x/any", "")]) == []


def test_a_finding_outside_its_versions_explains_nothing() -> None:
    old = _finding("x/old", "ValueError", {"some-package": "<1"})
    assert explaining(_break("ValueError: boom"), [old], lambda _: "2.0") == []


def test_a_wrong_result_is_linked_by_its_declared_pattern() -> None:
    lost = _finding("gptcache/concurrent-writes-lost", r"not linearizable")
    found = explaining(_break("the model answered 12 again", "concurrent.chat-threads"), [lost])
    assert found == ["gptcache/concurrent-writes-lost"]


def test_a_declared_coincidence_explains_nothing() -> None:
    repeated = _finding("sqlstore/amset-repeated-key-raises", r"IntegrityError.*duplicate key")
    detail = "sqlalchemy.exc.IntegrityError: (UniqueViolationError) duplicate key value"
    assert explaining(_break(detail, "concurrent.embeddings-tasks"), [repeated]) == []
    assert explaining(_break(detail, "embeddings.corpus"), [repeated]) == [repeated.id]


def test_explain_only_fills_a_report_again(tmp_path: Path) -> None:
    written = {
        "format": "storespec-scenarios/1",
        "scenarios": [],
        "backends": [
            {
                "name": "community-redis-cache-async",
                "kind": "cache",
                "unavailable": None,
                "results": [
                    _break(
                        "NotImplementedError: This async Redis cache does not implement "
                        "`lookup()` method.",
                        "llm-cache.repeat",
                    ).to_json()
                ],
            }
        ],
    }
    out = tmp_path / "scenarios.json"
    out.write_text(json.dumps(written), encoding="utf-8")
    assert main(["--explain-only", "--out", str(out), "--backend", "community-redis"]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))["backends"][0]["results"][0]
    assert result["explained_by"] == ["redis-cache-async/sync-api-not-implemented"]
    assert reexplained(written, {})["backends"][0]["results"][0]["explained_by"] == []
