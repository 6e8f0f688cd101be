"""Small sample reports for building the site in tests, in the storespec-report/2 format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FINDING = {
    "id": "glob-store/prefix-is-glob",
    "summary": "prefixes are glob patterns",
    "severity": "wrong answer",
    "clauses": ["store.keys.prefix-literal"],
    "reproduction": "store.mset([('a*', b'1'), ('ab', b'2')])\nlist(store.yield_keys(prefix='a*'))",
    "evidence": "SCAN MATCH takes a pattern <not a prefix>",
    "versions": {"glob-store": "<2.0"},
    "applied": True,
    "not_applied_reason": "",
    "explained": 3,
}

LOSS = {
    "id": "lossy-cache/drops-info",
    "summary": "generation_info is lost",
    "severity": "data loss",
    "clauses": ["cache.lookup.hit"],
    "reproduction": "",
    "evidence": "",
    "versions": {},
    "applied": True,
    "not_applied_reason": "",
    "explained": 1,
}


def _backend(name: str, kind: str, findings: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": name,
        "kind": kind,
        "description": f"a sample {kind}",
        "packages": {"storespec": "0.2.0", "redis": "5.0.1"},
        "servers": {"redis": "7.2.4"} if name.startswith("glob") else {},
        "capabilities": [],
        "apis": ["sync", "async"],
        "domains": {"keys": "any string", "values": "byte strings"},
        "unavailable": None,
        "notes": [],
        "findings": findings,
    }


def _clause(cid: str, backend: str, outcome: str, findings: list[str]) -> dict[str, Any]:
    failures = [{"test": "t", "reason": "AssertionError: x", "finding": f} for f in findings]
    return {
        "id": cid,
        "backend": backend,
        "level": "MUST",
        "since": "0.1.0",
        "title": cid,
        "outcome": outcome,
        "advisory": False,
        "tests": 4,
        "failures": failures,
        "findings": findings,
        "observations": [],
        "note": "",
    }


def report(backends: list[dict[str, Any]], clauses: list[dict[str, Any]]) -> dict[str, Any]:
    """A whole storespec-report/2 document."""
    return {
        "format": "storespec-report/2",
        "result": "pass",
        "errors": [],
        "storespec_version": "0.2.0",
        "python": "3.11.7",
        "created": "2026-11-30T10:00:00+00:00",
        "backends": backends,
        "clauses": clauses,
        "summary": {},
    }


def write_samples(directory: Path) -> tuple[Path, Path]:
    """Two conformance reports and a scenarios report; returns (reports dir, scenarios file)."""
    reports = directory / "reports"
    reports.mkdir(parents=True)
    stores = report(
        [_backend("glob-store", "store", [FINDING]), _backend("good-store", "store", [])],
        [
            _clause("store.mget.order", "glob-store", "pass", []),
            _clause("store.keys.prefix-literal", "glob-store", "known finding", [FINDING["id"]]),
            _clause("store.mget.order", "good-store", "pass", []),
            _clause("store.keys.prefix-literal", "good-store", "pass", []),
        ],
    )
    caches = report(
        [_backend("lossy-cache", "cache", [LOSS])],
        [
            _clause("cache.lookup.hit", "lossy-cache", "known finding", [LOSS["id"]]),
            _clause("cache.lookup.miss", "lossy-cache", "fail", []),
        ],
    )
    (reports / "stores.json").write_text(json.dumps(stores), encoding="utf-8")
    (reports / "caches.json").write_text(json.dumps(caches), encoding="utf-8")

    def result(backend: str, scenario: str, outcome: str, explained: list[str]) -> dict[str, Any]:
        detail = "the model answered again" if outcome == "breaks" else ""
        return {
            "scenario": scenario,
            "backend": backend,
            "outcome": outcome,
            "detail": detail,
            "step": "second call" if outcome == "breaks" else "",
            "seconds": 0.1,
            "explained_by": explained,
        }

    scenarios = {
        "format": "storespec-scenarios/1",
        "created": "2026-11-30T10:00:00+00:00",
        "python": "3.11.7",
        "scenarios": [
            {"id": "chat-cache.repeat", "family": "model caching", "kind": "cache", "summary": "s"},
            {"id": "embeddings.embed-documents", "family": "e", "kind": "store", "summary": "e"},
        ],
        "backends": [
            {
                "name": "glob-store",
                "kind": "store",
                "unavailable": None,
                "results": [result("glob-store", "embeddings.embed-documents", "works", [])],
            },
            {
                "name": "lossy-cache",
                "kind": "cache",
                "unavailable": None,
                "results": [result("lossy-cache", "chat-cache.repeat", "breaks", [LOSS["id"]])],
            },
        ],
    }
    path = directory / "scenarios.json"
    path.write_text(json.dumps(scenarios), encoding="utf-8")
    return reports, path
