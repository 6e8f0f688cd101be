"""How many consumer scenarios work on each backend, as the compatibility matrix shows it."""

from __future__ import annotations

import json
from pathlib import Path

ScenarioCounts = dict[str, tuple[int, int]]
"""Backend name -> (scenarios that work, scenarios that apply)."""


def scenario_counts(path: Path) -> ScenarioCounts:
    """Each backend's working and applicable scenarios in the scenarios report at ``path``;
    empty when there is no report there."""
    if not path.is_file():
        return {}
    written = json.loads(path.read_text(encoding="utf-8"))
    counts: ScenarioCounts = {}
    for entry in written.get("backends", []):
        if entry.get("unavailable"):
            continue
        outcomes = [r["outcome"] for r in entry.get("results", [])]
        applicable = [o for o in outcomes if o != "not applicable"]
        counts[entry["name"]] = (applicable.count("works"), len(applicable))
    return counts
