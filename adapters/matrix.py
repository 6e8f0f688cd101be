"""The compatibility matrix: run every adapter family, keep each family's JSON report in
docs/reports/, and write docs/compatibility.md from the reports.

python -m storespec.adapters.matrix --out docs/compatibility.md
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from storespec.adapters import chance, local_servers
from storespec.adapters.matrix_scenarios import ScenarioCounts, scenario_counts
from storespec.adapters.site.model import slug
from storespec.conformance.core.findings import Severity
from storespec.conformance.core.report import LEVELS, BackendInfo, FindingInfo, Report
from storespec.conformance.core.verdicts import Outcome, Verdict

FAMILIES: tuple[str, ...] = (
    "reference",
    "langchain-core",
    "langchain-classic",
    "community-memory",
    "community-sql-caches",
    # One process per SQLStore adapter, each running its tests one after another: calls
    # made at the same time are the subject of store.isolation.concurrent, and on MariaDB
    # two writers in distinct namespaces of SQLStore's table can deadlock, which would
    # fail whatever clause's test was writing.
    "community-sqlstore-sqlite-sync",
    "community-sqlstore-sqlite-async",
    "community-sqlstore-postgres-sync",
    "community-sqlstore-postgres-async",
    "community-sqlstore-mariadb-sync",
    "community-sqlstore-mariadb-async",
    "community-redis",
    "community-gptcache",
    "langchain-redis",
    "langchain-mongodb",
)
"""The registered backend names that name a whole family, in the order the matrix shows."""

SERIAL: tuple[str, ...] = ("community-sqlstore-mariadb-sync", "community-sqlstore-mariadb-async")
"""Families that never run at the same time as each other, even with --jobs: writers in
distinct namespaces of SQLStore's one MariaDB table deadlock (see
``sqlstore/mariadb-namespaces-deadlock``), which would fail whichever test was writing."""

CELLS = {
    "pass": "",
    "fail": "**FAIL**",
    "unexpected pass": "**unexpected pass**",
    "partial": "partial",
    "not applicable": "n/a",
    "error": "**error**",
    "not run": "not run",
}
"""The cell of each outcome but a known finding, whose cell is the finding's ID."""

SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)

Result = tuple[str, Report | None, str]
"""A family, its report (None if none was written) and a note (time taken, or why not)."""


def run_family(family: str, workdir: Path, profile: str, reports: Path | None = None) -> Result:
    """Run the suite against one family, its tests one after another, in one process;
    return its report, copied to ``reports/<family>.json`` when ``reports`` is given."""
    report = workdir / f"{family}.json"
    command = [
        sys.executable,
        "-m",
        "pytest",
        f"--backend={family}",
        f"--conformance-report={report}",
        f"--conformance-profile={profile}",
        "-p",
        "no:cacheprovider",
        "-q",
    ]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    started = time.monotonic()
    done = subprocess.run(
        command, cwd=workdir, capture_output=True, text=True, env=env, check=False
    )
    took = f"{time.monotonic() - started:.0f} s"
    if not report.exists():
        tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
        return family, None, f"no report ({took}): " + " / ".join(tail)
    if reports is not None:
        reports.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(report, reports / f"{family}.json")
    return family, Report.read(report), took


def _text(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _cell(verdict: Verdict) -> str:
    if chance.missed(verdict):
        return "(" + " ".join(f"`{i}`" for i in verdict.findings) + " not shown)"
    if verdict.outcome is Outcome.KNOWN:
        return " ".join(f"`{i}`" for i in verdict.findings)
    if verdict.outcome is Outcome.FAIL and verdict.advisory:
        return "fail (advisory)"
    return CELLS[verdict.outcome.value]


def backend_verdict(verdicts: Sequence[Verdict], unavailable: str | None) -> str:
    """One word for a backend: conformant, known findings only, failing or not run."""
    if unavailable:
        return "not run"
    verdicts = [v for v in verdicts if not chance.missed(v)]
    outcomes = {v.outcome for v in verdicts}
    if Outcome.UNEXPECTED_PASS in outcomes or any(
        v.outcome in (Outcome.FAIL, Outcome.ERROR) and not v.advisory for v in verdicts
    ):
        return "**FAIL**"
    if outcomes <= {Outcome.NOT_RUN}:
        return "not run"
    known = "known findings" if Outcome.KNOWN in outcomes else "conformant"
    return f"{known}, advisory failures" if outcomes & {Outcome.FAIL, Outcome.ERROR} else known


def _severity_counts(findings: Sequence[FindingInfo]) -> str:
    counts = Counter(f.severity for f in findings if f.applied)
    return ", ".join(f"{counts[s]} {s}" for s in SEVERITIES if counts[s]) or "none"


def _packages(info: BackendInfo) -> str:
    return ", ".join(f"{k} {v or 'not installed'}" for k, v in info.packages.items())


def _site_page(name: str) -> str:
    return f"../site/backends/{slug(name)}.html"


def _scenarios_cell(name: str, scenarios: ScenarioCounts) -> str:
    if name not in scenarios:
        return "not run"
    works, applicable = scenarios[name]
    return f"{works} of {applicable} work" if applicable else "none apply"


def _summary(reports: Sequence[Report], scenarios: ScenarioCounts) -> list[str]:
    out = [
        "| backend | verdict | findings | APIs | packages | scenarios | page |",
        "|---|---|---|---|---|---|---|",
    ]
    for report in reports:
        for info in report.backends:
            verdict = backend_verdict(
                list(report.verdicts_of(info.name).values()), info.unavailable
            )
            out.append(
                f"| `{info.name}` | {verdict} "
                f"| {_severity_counts(info.findings)} | {', '.join(info.apis)} "
                f"| {_packages(info)} | {_scenarios_cell(info.name, scenarios)} "
                f"| [site]({_site_page(info.name)}) |"
            )
    return out


def _clause_tables(reports: Sequence[Report]) -> list[str]:
    out: list[str] = []
    for kind in ("store", "cache"):
        columns = [
            (r, b) for r in reports for b in r.backends if b.kind == kind and not b.unavailable
        ]
        if not columns:
            continue
        rows: dict[str, str] = {}
        for report, info in columns:
            for verdict in report.verdicts_of(info.name).values():
                rows.setdefault(verdict.clause.id, verdict.clause.level.value)
        out += [f"## {kind.capitalize()} clauses", ""]
        out.append("|clause|level|" + "|".join(f"`{b.name}`" for _, b in columns) + "|")
        out.append("|---|---|" + "---|" * len(columns))
        for clause_id, level in rows.items():
            cells = []
            for report, info in columns:
                found = report.verdicts_of(info.name).get(clause_id)
                cells.append(_cell(found) if found else "")
            out.append(f"|`{clause_id}`|{LEVELS[level]}|" + "|".join(cells) + "|")
        out.append("")
    return out


SUMMARY_LENGTH = 100
"""The longest line of text the page shows for a summary, description or failure; the
JSON reports have them whole."""


def _shorter(text: str) -> str:
    text = _text(text)
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "\u2026"


def one_line(summary: str) -> str:
    """The summary's first part (up to its first semicolon), at most SUMMARY_LENGTH long."""
    return _shorter(" ".join(summary.split()).split("; ", 1)[0])


def _finding_lines(finding: FindingInfo, shown: set[str], page: str) -> list[str]:
    applied = "" if finding.applied else f" (not applied: {_text(finding.not_applied_reason)})"
    if finding.id in shown:
        return [f"- `{finding.id}` ({finding.severity}){applied}: as above"]
    shown.add(finding.id)
    clauses = ", ".join(finding.clauses)
    where = f" ([reproduction]({page}#finding-{slug(finding.id)}))" if finding.reproduction else ""
    return [
        f"- `{finding.id}` ({finding.severity}; {clauses}){applied}: "
        f"{one_line(finding.summary)}{where}"
    ]


def _backends(reports: Sequence[Report]) -> list[str]:
    out = ["## Backends and their findings", ""]
    shown: set[str] = set()
    for report in reports:
        for info in report.backends:
            section = [f"### `{info.name}` ({info.kind})", ""]
            out, heading = section, out
            if info.servers:
                out.append("Servers: " + ", ".join(f"{k} {v}" for k, v in info.servers.items()))
            if info.unavailable:
                out.append(f"**Not run here**: {_text(info.unavailable)}")
            for what, limits in info.narrowed.items():
                if limits:
                    out.append(f"Narrowed {what} domain: {', '.join(limits)}.")
            for verdict in report.verdicts_of(info.name).values():
                if chance.missed(verdict):
                    continue
                if verdict.outcome in (Outcome.FAIL, Outcome.ERROR, Outcome.UNEXPECTED_PASS):
                    first = verdict.new_failures[:1]
                    reason = first[0].reason if first else verdict.note
                    line = f"{verdict.outcome.value}: {_shorter(reason)}"
                    out.append(f"- `{verdict.clause.id}`: {line}")
            for finding in info.findings:
                out += _finding_lines(finding, shown, _site_page(info.name))
            out, section = heading, out
            if len(section) > 2:
                out += [*section, ""]
    return out


def _ran(ran: int | None, families: int) -> str:
    if ran is None or ran == families:
        return f"{families} families"
    return f"{ran} of {families} families (the others as their last reports say)"


def render(
    results: Sequence[Result],
    elapsed: float,
    profile: str = "quick",
    ran: int | None = None,
    scenarios: ScenarioCounts | None = None,
) -> str:
    """The matrix as Markdown: a summary row per backend, the clause tables with finding
    IDs in their cells, and each backend's findings, each reproduction shown once."""
    reports = [report for _, report, _ in results if report is not None]
    missing = [f"- `{family}`: {note}" for family, report, note in results if report is None]
    out = [
        "# Compatibility matrix",
        "",
        "Generated by `nox -s matrix` (`python -m storespec.adapters.matrix`); do not edit by",
        f"hand. Run on {datetime.now(UTC).date().isoformat()}, Python {sys.version.split()[0]}, "
        f"{_ran(ran, len(results))} in {elapsed:.0f} s, with the {profile} hypothesis profile.",
        "Each family's JSON report is in [reports/](reports/).",
        "",
        "A backend's findings are its known defects, each declared once with the clauses it",
        "fails. Cells: empty: pass; a finding's ID (the clause fails as that finding explains);",
        "**n/a** (the clause needs a capability or API the backend lacks); **fail (advisory)**",
        "(a SHOULD clause not met); **(`ID` not shown)**: pass, a finding that only a random",
        "search or a race brings out did not show this run. A FAIL, error or unexpected pass",
        "is a defect of the adapter's declarations. *scenarios*: LangChain's own callers that",
        "work on the backend, of those that apply (docs/reports/scenarios.json, see",
        "[scenarios.md](scenarios.md)). Each finding links to its reproduction and evidence on",
        "the backend's site page (`nox -s site` builds site/); its whole summary, its evidence",
        "and each backend's description are also in the JSON reports. A backend not run here",
        "has no column in the clause tables.",
        "",
    ]
    if missing:
        out += ["Families that produced no report:", "", *missing, ""]
    out += ["## Backends", "", *_summary(reports, scenarios or {}), ""]
    out += _clause_tables(reports)
    out += _backends(reports)
    text = "\n".join(out).rstrip() + "\n"
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def with_earlier(results: Sequence[Result], reports: Path) -> list[Result]:
    """Every family in FAMILIES order: this run's result, else its last report in
    ``reports``, else none."""
    ran = {family: result for result in results for family in result[:1]}
    merged: list[Result] = []
    for family in FAMILIES:
        if family in ran:
            merged.append(ran[family])
        elif (reports / f"{family}.json").exists():
            merged.append((family, Report.read(reports / f"{family}.json"), "an earlier run"))
    return merged


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the matrix; exit nonzero if a family wrote no report."""
    parser = argparse.ArgumentParser(prog="python -m storespec.adapters.matrix")
    parser.add_argument("--out", type=Path, default=Path("docs/compatibility.md"))
    parser.add_argument(
        "--reports",
        type=Path,
        help="where each family's JSON report goes (default: OUT's reports/)",
    )
    parser.add_argument(
        "--family",
        action="append",
        help="run only these families (repeatable); the page keeps the others' last reports",
    )
    parser.add_argument("--profile", default="quick")
    parser.add_argument(
        "--jobs", type=int, default=2, help="families run at once; they share the servers"
    )
    args = parser.parse_args(argv)
    families = args.family or list(FAMILIES)
    unknown = sorted(set(families) - set(FAMILIES))
    if unknown:
        parser.error(f"unknown families: {', '.join(unknown)}; known: {', '.join(FAMILIES)}")
    reports: Path = args.reports or args.out.parent / "reports"
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="storespec-matrix-") as tmp,
        local_servers.owned(),
        ThreadPoolExecutor(max_workers=args.jobs) as pool,
    ):
        serial = threading.Lock()

        def run(family: str) -> Result:
            if family not in SERIAL:
                return run_family(family, Path(tmp), args.profile, reports)
            with serial:
                return run_family(family, Path(tmp), args.profile, reports)

        results = list(pool.map(run, families))
    elapsed = time.monotonic() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    counts = scenario_counts(reports / "scenarios.json")
    page = render(
        with_earlier(results, reports), elapsed, args.profile, ran=len(results), scenarios=counts
    )
    args.out.write_text(page, encoding="utf-8")
    for family, report, note in results:
        print(f"{family:<20} {'ok' if report else 'NO REPORT'}  {note}")
    print(f"wrote {args.out} in {elapsed:.0f} s")
    return 0 if all(report for _, report, _ in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
