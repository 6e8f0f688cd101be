"""What the site shows about each backend, read from conformance and scenario reports.

Conformance reports are read through :meth:`Report.from_json`, as the matrix and the
scorecard read them; scenario results through :meth:`ScenarioResult.from_json`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storespec.adapters.scenarios.outcome import ScenarioResult
from storespec.adapters.scenarios.report import FORMAT as SCENARIOS_FORMAT
from storespec.conformance.core.report import FORMAT as REPORT_FORMAT
from storespec.conformance.core.report import BackendInfo, FindingInfo, Report
from storespec.conformance.core.verdicts import Outcome, Verdict

SEVERITIES = ("data loss", "wrong answer", "crash", "portability limit")
"""Finding severities, gravest first."""

VERDICTS = ("pass", "pass with findings", "fail", "not run")
"""A backend's verdict on the site."""


class SiteError(ValueError):
    """An input the site cannot be built from; the message says which and why."""


def slug(text: str) -> str:
    """``text`` as a file name or anchor: letters, digits, dots, dashes and underscores."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "-"


@dataclass
class Backend:
    """One backend: its declaration and findings, clause verdicts and consumer scenarios."""

    info: BackendInfo
    verdicts: list[Verdict] = field(default_factory=list)
    scenarios: list[ScenarioResult] = field(default_factory=list)
    source: str = ""
    """The report file the backend was read from."""

    @property
    def name(self) -> str:
        """The backend's name, as reports give it."""
        return self.info.name

    @property
    def kind(self) -> str:
        """``store`` or ``cache``."""
        return self.info.kind

    @property
    def slug(self) -> str:
        """The backend's file name on the site, without extension."""
        return slug(self.name)

    @property
    def findings(self) -> list[FindingInfo]:
        """The findings that apply to the versions the backend ran with."""
        return [f for f in self.info.findings if f.applied]

    @property
    def verdict(self) -> str:
        """``not run`` without verdicts, ``fail`` if a verdict fails the run, ``pass with
        findings`` if findings apply, else ``pass``."""
        if self.info.unavailable is not None or not self.verdicts:
            return "not run"
        if any(v.breaks_run for v in self.verdicts):
            return "fail"
        if self.findings or any(v.outcome is Outcome.KNOWN for v in self.verdicts):
            return "pass with findings"
        return "pass"

    @property
    def severity_counts(self) -> dict[str, int]:
        """How many applying findings the backend has of each severity."""
        counts = Counter(f.severity for f in self.findings)
        return {s: counts.get(s, 0) for s in SEVERITIES}

    @property
    def scenarios_working(self) -> tuple[int, int]:
        """Scenarios that work, and scenarios that apply (that work or break)."""
        works = sum(1 for s in self.scenarios if s.outcome == "works")
        applicable = sum(1 for s in self.scenarios if s.outcome != "not applicable")
        return works, applicable

    def verdict_on(self, clause_id: str) -> Verdict | None:
        """This backend's verdict on ``clause_id``, if its report has one."""
        return next((v for v in self.verdicts if v.clause.id == clause_id), None)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SiteError(f"{path}: cannot read JSON: {exc}") from None
    if not isinstance(data, dict):
        raise SiteError(f"{path}: not a report (a JSON object was expected)")
    return data


def read_reports(directory: Path) -> list[Backend]:
    """Every backend of the conformance reports in ``directory``, in name order.

    Scenario reports there are skipped; any other JSON file is an error. A backend
    reported twice keeps the report that comes last in file-name order.
    """
    if not directory.is_dir():
        raise SiteError(f"--reports {directory}: not a directory")
    found: dict[str, Backend] = {}
    for path in sorted(directory.glob("*.json")):
        data = _read(path)
        form = data.get("format")
        if form == SCENARIOS_FORMAT:
            continue
        if form != REPORT_FORMAT:
            raise SiteError(f"{path}: format {form!r}; the site reads {REPORT_FORMAT!r}")
        try:
            report = Report.from_json(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise SiteError(f"{path}: not a valid {REPORT_FORMAT} report: {exc!r}") from None
        for info in report.backends:
            found[info.name] = Backend(
                info, list(report.verdicts_of(info.name).values()), [], path.name
            )
    return [found[name] for name in sorted(found)]


def attach_scenarios(backends: list[Backend], path: Path | None) -> list[dict[str, Any]]:
    """Give each backend its scenario results from ``path``; return the scenarios' index.

    A backend that has scenario results but no conformance report gets a page too.
    """
    if path is None:
        return []
    data = _read(path)
    if data.get("format") != SCENARIOS_FORMAT:
        raise SiteError(
            f"{path}: format {data.get('format')!r}; --scenarios takes {SCENARIOS_FORMAT!r}"
        )
    by_name = {b.name: b for b in backends}
    try:
        for entry in data.get("backends", []):
            backend = by_name.get(entry["name"])
            if backend is None:
                info = BackendInfo(
                    name=entry["name"],
                    kind=entry.get("kind", ""),
                    unavailable=entry.get("unavailable"),
                )
                backend = by_name[info.name] = Backend(info, source=path.name)
                backends.append(backend)
            backend.scenarios = [ScenarioResult.from_json(r) for r in entry.get("results", [])]
    except (KeyError, TypeError, ValueError) as exc:
        raise SiteError(f"{path}: not a valid {SCENARIOS_FORMAT} report: {exc!r}") from None
    backends.sort(key=lambda b: b.name)
    return list(data.get("scenarios", []))
