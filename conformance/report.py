"""The conformance report: JSON (a stable, documented format), Markdown and a terminal table."""

from __future__ import annotations

import json
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from storespec.conformance.verdicts import Outcome, Verdict

FORMAT = "storespec-report/1"
"""The JSON format's name and major version; a breaking change bumps it."""

SYMBOLS: Mapping[Outcome, str] = {
    Outcome.PASS: "pass",
    Outcome.FAIL: "FAIL",
    Outcome.DEVIATION: "known deviation",
    Outcome.UNEXPECTED_PASS: "UNEXPECTED PASS",
    Outcome.NOT_APPLICABLE: "n/a",
    Outcome.ERROR: "ERROR",
    Outcome.NOT_RUN: "not run",
}


def version_of(distribution: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@dataclass
class BackendInfo:
    """What the report says about one backend besides its verdicts."""

    name: str
    kind: str
    description: str = ""
    packages: dict[str, str | None] = field(default_factory=dict)
    servers: dict[str, str] = field(default_factory=dict)
    capabilities: list[str] = field(default_factory=list)
    domains: dict[str, str] = field(default_factory=dict)
    narrowed: dict[str, list[str]] = field(default_factory=dict)
    unavailable: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything one run concluded."""

    verdicts: list[Verdict]
    backends: list[BackendInfo]
    strict: bool = False
    pin: str | None = None
    failed: bool = False
    errors: list[str] = field(default_factory=list)
    seed: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The report in the documented JSON format (docs/report-format.md)."""
        return {
            "format": FORMAT,
            "storespec_version": version_of("storespec"),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "options": {"strict": self.strict, "pin": self.pin, "hypothesis_seed": self.seed},
            "result": "fail" if self.failed else "pass",
            "errors": list(self.errors),
            "backends": [vars(b) for b in self.backends],
            "clauses": [_verdict_json(v) for v in self.verdicts],
            "summary": self.summary(),
        }

    def summary(self) -> dict[str, dict[str, int]]:
        """For each backend, how many clauses got each outcome."""
        counts: dict[str, dict[str, int]] = {}
        for verdict in self.verdicts:
            per = counts.setdefault(verdict.backend, {o.value: 0 for o in Outcome})
            per[verdict.outcome.value] += 1
        return counts

    def write(self, path: Path) -> None:
        """Write JSON for a ``.json`` path, Markdown for ``.md``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".json":
            path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        elif path.suffix == ".md":
            path.write_text(markdown(self), encoding="utf-8")
        else:
            raise ValueError(f"report path must end in .json or .md: {path}")


def _verdict_json(verdict: Verdict) -> dict[str, Any]:
    clause = verdict.clause
    return {
        "id": clause.id,
        "backend": verdict.backend,
        "level": clause.level.value,
        "since": clause.since,
        "title": clause.title,
        "outcome": verdict.outcome.value,
        "advisory": verdict.advisory,
        "tests": verdict.tests,
        "failures": [{"test": t, "reason": r} for t, r in verdict.failures],
        "deviation": None
        if verdict.deviation is None
        else {
            "observed": verdict.deviation.observed,
            "reproduction": verdict.deviation.reproduction,
            "evidence": verdict.deviation.evidence,
        },
        "observations": list(verdict.observations),
        "note": verdict.note,
    }


def _label(verdict: Verdict) -> str:
    label = SYMBOLS[verdict.outcome]
    if verdict.advisory and verdict.outcome in (Outcome.FAIL, Outcome.ERROR):
        label = f"{label.lower()} (advisory)"
    return label


def _why(verdict: Verdict) -> str:
    if verdict.failures:
        _, reason = verdict.failures[0]
        extra = f" (+{len(verdict.failures) - 1} more)" if len(verdict.failures) > 1 else ""
        return reason + extra
    if verdict.outcome is Outcome.PASS and verdict.observations:
        return "observed: " + "; ".join(dict.fromkeys(verdict.observations))
    return verdict.note


LEVELS: Mapping[str, str] = {
    "MUST": "MUST",
    "SHOULD": "SHOULD",
    "IMPLEMENTATION-DEFINED": "IMPL-DEF",
}


def table_lines(verdicts: Sequence[Verdict]) -> list[str]:
    """The terminal table: one row per backend and clause."""
    lines: list[str] = []
    backend = None
    for verdict in verdicts:
        if verdict.backend != backend:
            backend = verdict.backend
            lines.append(f"{backend}")
        why = _why(verdict)
        level = LEVELS[verdict.clause.level.value]
        row = f"  {verdict.clause.id:<38} {level:<8} {_label(verdict):<16}"
        lines.append(f"{row} {why}".rstrip())
    return lines


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(report: Report) -> str:
    """The report as Markdown, e.g. for a CI job summary."""
    out = ["# storespec conformance report", ""]
    out.append(f"Result: **{'FAIL' if report.failed else 'PASS'}**")
    out.append(f"storespec {version_of('storespec')}, Python {platform.python_version()}")
    out.append("")
    for error in report.errors:
        out.append(f"- error: {_md_cell(error)}")
    for info in report.backends:
        out += ["", f"## {info.name} ({info.kind})", ""]
        if info.packages:
            versions = ", ".join(f"{k} {v or 'not installed'}" for k, v in info.packages.items())
            out.append(f"Packages: {versions}")
        if info.servers:
            out.append("Servers: " + ", ".join(f"{k} {v}" for k, v in info.servers.items()))
        for what, limits in info.narrowed.items():
            if limits:
                out.append(f"Narrowed {what} domain: {', '.join(limits)}")
        if info.unavailable:
            out.append(f"Not run: {info.unavailable}")
        counts = report.summary().get(info.name, {})
        out.append("Summary: " + ", ".join(f"{n} {o}" for o, n in counts.items() if n))
        out += ["", "| clause | level | outcome | detail |", "|---|---|---|---|"]
        for verdict in report.verdicts:
            if verdict.backend != info.name:
                continue
            detail = _why(verdict)
            if verdict.deviation is not None:
                detail = verdict.deviation.observed + (f" — {detail}" if detail else "")
            out.append(
                f"| `{verdict.clause.id}` | {verdict.clause.level.value} | {_label(verdict)} "
                f"| {_md_cell(detail)} |"
            )
    return "\n".join(out) + "\n"
