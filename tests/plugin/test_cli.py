"""The storespec command: the clause index and the backend list, from the installed package."""

from __future__ import annotations

import json
import subprocess
import sys

from storespec.conformance.core import clauses


def storespec(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storespec.conformance", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_clause_index_lists_every_active_clause() -> None:
    result = storespec("clauses")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == f"{len(clauses.index())} clauses"
    assert [line.split()[0] for line in lines[:-1]] == list(clauses.index())


def test_clause_index_filters_and_prints_json() -> None:
    result = storespec("clauses", "--kind", "cache", "--level", "SHOULD", "--json")
    rows = json.loads(result.stdout)
    assert rows, "the spec has SHOULD clauses for caches"
    assert {r["level"] for r in rows} == {"SHOULD"}
    assert all(r["id"].startswith("cache.") for r in rows)
    assert set(rows[0]) == {
        "id",
        "title",
        "level",
        "since",
        "requires",
        "retired",
        "document",
        "line",
    }


def test_backends_lists_registered_names_and_availability() -> None:
    result = storespec("backends")
    assert result.returncode == 0
    assert "reference -> reference-store" in result.stdout
    assert "reference-cache" in result.stdout
    assert "available" in result.stdout
