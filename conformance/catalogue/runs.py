"""The four runs of the suite that judge the catalogue, and how to start them.

Each run is one pytest process against a tuple of catalogue adapters, with the
catalogue's hypothesis profile, writing a JSON report. The advisory entries run
twice: a default run must pass despite their failures, a strict run must fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from storespec.conformance.catalogue.profile import NAME as PROFILE

ENTRIES: Final = "storespec.conformance.catalogue.entries"

RUNS: Final[Mapping[str, tuple[str, tuple[str, ...]]]] = {
    "broken": ("BROKEN_ADAPTERS", ()),
    "unusual": ("UNUSUAL_ADAPTERS", ()),
    "advisory": ("ADVISORY_ADAPTERS", ()),
    "advisory-strict": ("ADVISORY_ADAPTERS", ("--conformance-strict",)),
}
"""Run name -> (adapter tuple in ``entries``, extra options)."""

TIMEOUT: Final = 900
"""Seconds a run may take; the broken run takes about a minute on two cores."""


@dataclass(frozen=True)
class Run:
    """One finished run: its exit code, its JSON report, and its output for diagnosis."""

    exit_code: int
    report: dict[str, Any]
    output: str

    def verdicts(self, backend: str) -> dict[str, dict[str, Any]]:
        """Clause ID -> verdict, for one backend."""
        found = {c["id"]: c for c in self.report["clauses"] if c["backend"] == backend}
        assert found, f"the report has no verdicts for {backend}"
        return found


def command(name: str, report: Path) -> list[str]:
    """The command line of run ``name``, writing its report to ``report``."""
    attribute, extra = RUNS[name]
    return [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "storespec.conformance.catalogue.profile",
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
    return Run(exit_code, json.loads(report.read_text(encoding="utf-8")), output)


def run_all(root: Path, names: tuple[str, ...] = tuple(RUNS)) -> dict[str, Run]:
    """Start the runs together, so that they share the machine's cores, and await them."""
    started = {}
    for name in names:
        where = root / f"catalogue-{name}"
        where.mkdir(parents=True, exist_ok=True)
        started[name] = (start(name, where), where)
    try:
        return {name: finish(process, where) for name, (process, where) in started.items()}
    finally:
        for process, _ in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()
