"""The scenarios report: every scenario's outcome on every backend, as JSON."""

from __future__ import annotations

import platform
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from storespec.adapters.scenarios.outcome import ScenarioResult
from storespec.adapters.scenarios.scenario import Scenario

FORMAT = "storespec-scenarios/1"


def backend_entry(
    name: str, kind: str, unavailable: str | None, results: Sequence[ScenarioResult]
) -> dict[str, Any]:
    """One backend's part of the report: why it could not run, or its results."""
    return {
        "name": name,
        "kind": kind,
        "unavailable": unavailable,
        "results": [r.to_json() for r in results],
    }


def report(scenarios: Sequence[Scenario], backends: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole report, with each scenario's family and summary."""
    return {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "scenarios": [
            {"id": s.id, "family": s.family, "kind": s.kind, "summary": s.summary}
            for s in scenarios
        ],
        "backends": backends,
    }


def merge(reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Reports of several runs as one; a backend reported twice keeps its last entry."""
    if not reports:
        msg = "nothing to merge: no scenario reports"
        raise ValueError(msg)
    for one in reports:
        if one.get("format") != FORMAT:
            msg = f"not a scenarios report: format {one.get('format')!r}, expected {FORMAT!r}"
            raise ValueError(msg)
    scenarios: dict[str, dict[str, Any]] = {}
    backends: dict[str, dict[str, Any]] = {}
    for one in reports:
        scenarios.update({s["id"]: s for s in one["scenarios"]})
        backends.update({b["name"]: b for b in one["backends"]})
    merged = dict(reports[-1])
    merged["scenarios"] = list(scenarios.values())
    merged["backends"] = list(backends.values())
    return merged
