"""The runs of the suite that judge the catalogue, and how to start them.

Each run is one pytest process against a tuple of catalogue adapters, with the
catalogue's hypothesis profile, writing a JSON report. The realistic workloads run
at the ``quick`` scale, except for the broken entries whose bug shows only at real
sizes, which run at the default scale (``broken-at-scale``; the scorecard joins that
run to the ``broken`` one), and the few advisory entries, among them a batch limit
that only the default scale's batches of 50,021 keys meet in every test. The advisory
entries run twice: a default run must pass despite their failures, a strict run of the
clauses they break must fail.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from storespec.catalogue.entries import ADVISORY_CLAUSES
from storespec.catalogue.profile import NAME as PROFILE
from storespec.conformance.core.report import Report
from storespec.conformance.core.verdicts import Verdict

ENTRIES: Final = "storespec.catalogue.entries"

QUICK: Final = "--conformance-profile=quick"
"""The workloads at the quick scale; the catalogue's profile keeps its own budget."""

RUNS: Final[Mapping[str, tuple[str, tuple[str, ...]]]] = {
    "broken": ("QUICK_BROKEN_ADAPTERS", (QUICK,)),
    "broken-at-scale": ("AT_SCALE_ADAPTERS", ()),
    "unusual": ("UNUSUAL_ADAPTERS", (QUICK,)),
    "advisory": ("ADVISORY_ADAPTERS", ()),
    # The strict run decides only whether the advisory failures fail it: the default run
    # has the entries' other clauses.
    "advisory-strict": (
        "ADVISORY_ADAPTERS",
        ("--conformance-strict", *(f"--clause={c}" for c in ADVISORY_CLAUSES)),
    ),
}
"""Run name -> (adapter tuple in ``entries``, extra options)."""

JOINED: Final[Mapping[str, tuple[str, ...]]] = {"broken": ("broken", "broken-at-scale")}
"""Run name -> the runs whose reports make it up, where it takes more than one."""

TIMEOUT: Final = 900
"""Seconds a run may take; the broken run takes about a minute and a half on two cores."""


@dataclass(frozen=True)
class Run:
    """One finished run: its exit code, its JSON report, and its output for diagnosis."""

    exit_code: int
    report: Report
    output: str

    def verdicts(self, backend: str) -> dict[str, Verdict]:
        """Clause ID -> verdict, for one backend; KeyError if the report has none."""
        found = self.report.verdicts_of(backend)
        if not found:
            raise KeyError(f"the report has no verdicts for {backend!r}")
        return found


def command(name: str, report: Path) -> list[str]:
    """The command line of run ``name``, writing its report to ``report``."""
    attribute, extra = RUNS[name]
    return [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "storespec.catalogue.profile",
        f"--hypothesis-profile={PROFILE}",
        f"--backend={ENTRIES}:{attribute}",
        f"--conformance-report={report}",
        "-p",
        "no:cacheprovider",
        "-q",
        "--no-header",
        "-rN",
        "--tb=no",
        *extra,
    ]


def start(name: str, where: Path) -> subprocess.Popen[str]:
    """Start run ``name`` in the existing directory ``where``; its report goes there."""
    return subprocess.Popen(
        command(name, where / "report.json"),
        cwd=where,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process: subprocess.Popen[str], where: Path) -> Run:
    """Wait for a run started in ``where`` and read its report."""
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        msg = f"the catalogue run in {where} took more than {TIMEOUT} s:\n{output[-4000:]}"
        raise RuntimeError(msg) from None
    return read(where, process.returncode, output)


def read(where: Path, exit_code: int, output: str) -> Run:
    """The run whose report lies in ``where``."""
    report = where / "report.json"
    if not report.exists():
        msg = f"the catalogue run in {where} wrote no report:\n{output[-4000:]}"
        raise RuntimeError(msg)
    return Run(exit_code, Report.read(report), output)


def parts(names: Iterable[str]) -> list[str]:
    """The runs to start for the runs ``names``, each once."""
    return list(dict.fromkeys(p for name in names for p in JOINED.get(name, (name,))))


def join(found: Mapping[str, Run]) -> dict[str, Run]:
    """The runs found, with each joined run made up from its parts."""
    joined = dict(found)
    for name, made_of in JOINED.items():
        if all(p in found for p in made_of):
            joined[name] = merge([found[p] for p in made_of])
    return joined


def merge(pieces: Sequence[Run]) -> Run:
    """One run from runs over distinct backends: a failure of any fails it."""
    reports = [p.report for p in pieces]
    report = Report(
        verdicts=[v for r in reports for v in r.verdicts],
        backends=[b for r in reports for b in r.backends],
        strict=reports[0].strict,
        failed=any(r.failed for r in reports),
        errors=[e for r in reports for e in r.errors],
        tests_run=sum(r.tests_run for r in reports),
        replays=[line for r in reports for line in r.replays],
    )
    exit_code = max(p.exit_code for p in pieces)
    return Run(exit_code, report, "\n".join(p.output for p in pieces))


def run_all(root: Path, names: tuple[str, ...] = tuple(RUNS)) -> dict[str, Run]:
    """Start the runs together, so that they share the machine's cores, and await them;
    the joined runs are made up from their parts."""
    started = {}
    for name in parts(names):
        where = root / f"catalogue-{name}"
        where.mkdir(parents=True, exist_ok=True)
        started[name] = (start(name, where), where)
    try:
        return join({name: finish(process, where) for name, (process, where) in started.items()})
    finally:
        for process, _ in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()
