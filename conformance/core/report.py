"""The conformance report: JSON (a stable, documented format), Markdown and a terminal table.

:meth:`Report.from_json` reads a JSON report back as typed objects; the matrix, the
catalogue's scorecard and the project's tests read reports through it.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storespec.conformance.core import clauses
from storespec.conformance.core.clauses import Clause, Level
from storespec.conformance.core.findings import Finding, installed_version
from storespec.conformance.core.verdicts import FailureRecord, Outcome, Verdict

FORMAT = "storespec-report/2"
"""The JSON format's name and major version; a breaking change bumps it."""

SYMBOLS: Mapping[Outcome, str] = {
    Outcome.PASS: "pass",
    Outcome.FAIL: "FAIL",
    Outcome.KNOWN: "known finding",
    Outcome.UNEXPECTED_PASS: "UNEXPECTED PASS",
    Outcome.PARTIAL: "partial",
    Outcome.NOT_APPLICABLE: "n/a",
    Outcome.ERROR: "ERROR",
    Outcome.NOT_RUN: "not run",
}

version_of = installed_version


@dataclass
class FindingInfo:
    """A declared finding as the report states it: the declaration, and what the run made
    of it."""

    id: str
    summary: str
    severity: str
    clauses: list[str]
    signature: str = ""
    versions: dict[str, str] = field(default_factory=dict)
    reproduction: str = ""
    evidence: str = ""
    applied: bool = True
    not_applied_reason: str = ""
    explained: int = 0
    """How many failing tests it explained in this run."""

    @classmethod
    def of(cls, finding: Finding, not_applied: str | None) -> FindingInfo:
        """The report's record of ``finding``."""
        return cls(
            id=finding.id,
            summary=finding.summary,
            severity=finding.severity.value,
            clauses=list(finding.clauses),
            signature=finding.signature.describe(),
            versions=dict(finding.versions),
            reproduction=finding.reproduction,
            evidence=finding.evidence,
            applied=not_applied is None,
            not_applied_reason=not_applied or "",
        )


@dataclass
class BackendInfo:
    """What the report says about one backend besides its verdicts."""

    name: str
    kind: str
    description: str = ""
    packages: dict[str, str | None] = field(default_factory=dict)
    servers: dict[str, str] = field(default_factory=dict)
    capabilities: list[str] = field(default_factory=list)
    apis: list[str] = field(default_factory=lambda: ["sync", "async"])
    domains: dict[str, str] = field(default_factory=dict)
    narrowed: dict[str, list[str]] = field(default_factory=dict)
    unavailable: str | None = None
    notes: list[str] = field(default_factory=list)
    findings: list[FindingInfo] = field(default_factory=list)
    replay: str = ""
    """The ``--backend`` argument that names this backend, as it was given."""


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
    profile: str | None = None
    tests_run: int = 0
    replays: list[str] = field(default_factory=list)
    """Commands that rerun each failing test as it failed, from any directory."""
    created: str = ""
    python: str = ""
    storespec_version: str | None = None

    @property
    def result(self) -> str:
        """``fail``, ``not run`` (no test ran), ``partial`` (some clause only partly ran) or
        ``pass``."""
        if self.failed:
            return "fail"
        if not self.tests_run:
            return "not run"
        if any(v.outcome is Outcome.PARTIAL for v in self.verdicts):
            return "partial"
        return "pass"

    def to_json(self) -> dict[str, Any]:
        """The report in the documented JSON format (docs/report-format.md)."""
        return {
            "format": FORMAT,
            "storespec_version": self.storespec_version or version_of("storespec"),
            "created": self.created or datetime.now(UTC).isoformat(timespec="seconds"),
            "python": self.python or platform.python_version(),
            "options": {
                "strict": self.strict,
                "pin": self.pin,
                "hypothesis_seed": self.seed,
                "profile": self.profile,
            },
            "result": self.result,
            "tests_run": self.tests_run,
            "errors": list(self.errors),
            "replays": list(self.replays),
            "backends": [asdict(b) for b in self.backends],
            "clauses": [_verdict_json(v) for v in self.verdicts],
            "summary": self.summary(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Report:
        """A report read back from its JSON form; ValueError for another format."""
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} report: format is {data.get('format')!r}")
        options = data.get("options", {})
        backends = [_backend_from_json(b) for b in data.get("backends", [])]
        return cls(
            verdicts=[_verdict_from_json(v) for v in data.get("clauses", [])],
            backends=backends,
            strict=bool(options.get("strict")),
            pin=options.get("pin"),
            failed=data.get("result") == "fail",
            errors=list(data.get("errors", [])),
            seed=options.get("hypothesis_seed"),
            profile=options.get("profile"),
            tests_run=int(data.get("tests_run", 0)),
            replays=list(data.get("replays", [])),
            created=str(data.get("created", "")),
            python=str(data.get("python", "")),
            storespec_version=data.get("storespec_version"),
        )

    @classmethod
    def read(cls, path: Path) -> Report:
        """The JSON report at ``path``."""
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def backend(self, name: str) -> BackendInfo:
        """The backend called ``name``; KeyError if the report has none."""
        for info in self.backends:
            if info.name == name:
                return info
        raise KeyError(f"the report has no backend {name!r}")

    def verdicts_of(self, backend: str) -> dict[str, Verdict]:
        """Clause ID -> verdict, for one backend."""
        return {v.clause.id: v for v in self.verdicts if v.backend == backend}

    def outcomes_of(self, backend: str) -> dict[str, str]:
        """Clause ID -> outcome (its JSON value), for one backend."""
        return {v.clause.id: v.outcome.value for v in self.verdicts if v.backend == backend}

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
        "failures": [
            {"test": f.test, "reason": f.reason, "finding": f.finding} for f in verdict.failures
        ],
        "findings": list(verdict.findings),
        "observations": list(verdict.observations),
        "note": verdict.note,
    }


def _clause_from_json(data: Mapping[str, Any]) -> Clause:
    known = clauses.index().get(data["id"])
    if known is not None:
        return known
    return Clause(
        id=data["id"],
        title=data.get("title", ""),
        level=Level(data["level"]),
        since=data.get("since", "0.0.0"),
        requires=frozenset(),
        document="",
        line=0,
        rule="",
    )


def _verdict_from_json(data: Mapping[str, Any]) -> Verdict:
    return Verdict(
        backend=data["backend"],
        clause=_clause_from_json(data),
        outcome=Outcome(data["outcome"]),
        advisory=bool(data.get("advisory")),
        tests=int(data.get("tests", 0)),
        failures=[
            FailureRecord(f["test"], f.get("reason", ""), f.get("finding"))
            for f in data.get("failures", [])
        ],
        findings=list(data.get("findings", [])),
        observations=list(data.get("observations", [])),
        note=data.get("note", ""),
    )


def _backend_from_json(data: Mapping[str, Any]) -> BackendInfo:
    fields = dict(data)
    fields["findings"] = [FindingInfo(**f) for f in data.get("findings", [])]
    known = BackendInfo.__dataclass_fields__
    return BackendInfo(**{k: v for k, v in fields.items() if k in known})


def label(verdict: Verdict) -> str:
    """The verdict's outcome as the table shows it, advisory failures in lower case."""
    text = SYMBOLS[verdict.outcome]
    if verdict.advisory and verdict.outcome in (Outcome.FAIL, Outcome.ERROR):
        text = f"{text.lower()} (advisory)"
    return text


def why(verdict: Verdict) -> str:
    """One line on what the verdict rests on."""
    if verdict.outcome is Outcome.KNOWN:
        return ", ".join(verdict.findings)
    reasons = list(dict.fromkeys(f.reason for f in verdict.new_failures))
    if reasons:
        extra = f" (+{len(reasons) - 1} other reasons)" if len(reasons) > 1 else ""
        return reasons[0] + extra
    if verdict.outcome is Outcome.PASS and verdict.observations:
        return "observed: " + "; ".join(dict.fromkeys(verdict.observations))
    return verdict.note


LEVELS: Mapping[str, str] = {
    "MUST": "MUST",
    "SHOULD": "SHOULD",
    "IMPLEMENTATION-DEFINED": "IMPL-DEF",
}


def table_lines(verdicts: Sequence[Verdict], width: int = 160) -> list[str]:
    """The terminal table: one row per backend and clause, each reason cut to ``width``."""
    lines: list[str] = []
    backend = None
    for verdict in verdicts:
        if verdict.backend != backend:
            backend = verdict.backend
            lines.append(f"{backend}")
        level = LEVELS[verdict.clause.level.value]
        row = f"  {verdict.clause.id:<38} {level:<8} {label(verdict):<16} {why(verdict)}"
        row = row.rstrip()
        lines.append(row if len(row) <= width else row[: width - 3] + "...")
    return lines


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(report: Report) -> str:
    """The report as Markdown, e.g. for a CI job summary."""
    out = ["# storespec conformance report", ""]
    out.append(f"Result: **{report.result.upper()}**")
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
        out.append(f"APIs: {', '.join(info.apis)}")
        for what, limits in info.narrowed.items():
            if limits:
                out.append(f"Narrowed {what} domain: {', '.join(limits)}")
        if info.unavailable:
            out.append(f"Not run: {info.unavailable}")
        for note in info.notes:
            out.append(f"Note: {_md_cell(note)}")
        counts = report.summary().get(info.name, {})
        out.append("Summary: " + ", ".join(f"{n} {o}" for o, n in counts.items() if n))
        if info.findings:
            out += ["", "| finding | severity | clauses | what it does |", "|---|---|---|---|"]
            for finding in info.findings:
                summary = finding.summary
                if not finding.applied:
                    summary = f"(not applied: {finding.not_applied_reason}) {summary}"
                out.append(
                    f"| `{finding.id}` | {finding.severity} | {', '.join(finding.clauses)} "
                    f"| {_md_cell(summary)} |"
                )
        out += ["", "| clause | level | outcome | detail |", "|---|---|---|---|"]
        for verdict in report.verdicts:
            if verdict.backend != info.name:
                continue
            out.append(
                f"| `{verdict.clause.id}` | {verdict.clause.level.value} | {label(verdict)} "
                f"| {_md_cell(why(verdict))} |"
            )
    if report.replays:
        out += ["", "Replay a failure:", ""]
        out += [f"    {line}" for line in report.replays]
    return "\n".join(out) + "\n"
