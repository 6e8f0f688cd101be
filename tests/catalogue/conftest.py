"""Runs of the conformance suite against the catalogue, shared by its tests.

Each run is one pytest subprocess against a tuple of catalogue adapters, with
the catalogue's hypothesis profile (the quick budget, derandomized, without
shrinking). The runs that the collected tests need start together, so that
they share the machine's cores, and each is parsed once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ENTRIES = "storespec.conformance.catalogue.entries"
PROFILE_PLUGIN = "storespec.conformance.catalogue.profile"
PROFILE = "storespec-catalogue"
TIMEOUT = 900

RUNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "broken": ("BROKEN_ADAPTERS", ()),
    "unusual": ("UNUSUAL_ADAPTERS", ()),
    "advisory": ("ADVISORY_ADAPTERS", ()),
    "advisory-strict": ("ADVISORY_ADAPTERS", ("--conformance-strict",)),
}
"""Run name -> (adapter tuple in ``entries``, extra options)."""


@dataclass
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


def _command(name: str, report: Path) -> list[str]:
    attribute, extra = RUNS[name]
    return [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        PROFILE_PLUGIN,
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


def _needed(session: pytest.Session) -> set[str]:
    needed: set[str] = set()
    for item in session.items:
        module = getattr(item, "module", None)
        needed.update(getattr(module, "CATALOGUE_RUNS", ()))
    return needed


def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory shared by every xdist worker of this session (the base temp dir
    without xdist), so that each run happens once per session."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _finished(where: Path, deadline: float) -> Run:
    """Wait for the run in ``where`` that another process started, then read it."""
    done = where / "done.json"
    while not done.exists():
        assert time.monotonic() < deadline, f"the run in {where} did not finish"
        time.sleep(0.5)
    result = json.loads(done.read_text(encoding="utf-8"))
    report = where / "report.json"
    assert report.exists(), f"the run in {where} wrote no report:\n{result['output'][-4000:]}"
    return Run(
        result["exit_code"], json.loads(report.read_text(encoding="utf-8")), result["output"]
    )


@pytest.fixture(scope="session")
def catalogue_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Run]]:
    """Every run the collected tests need, started together and awaited. Under xdist the
    first worker to claim a run starts it, and the others wait for its result."""
    root = _shared_root(tmp_path_factory)
    deadline = time.monotonic() + TIMEOUT
    started: dict[str, subprocess.Popen[str]] = {}
    wanted: dict[str, Path] = {}
    for name in sorted(_needed(request.session)):
        where = root / f"catalogue-{name}"
        wanted[name] = where
        try:
            where.mkdir()
        except FileExistsError:
            continue
        started[name] = subprocess.Popen(
            _command(name, where / "report.json"),
            cwd=where,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        for name, process in started.items():
            output, _ = process.communicate(timeout=TIMEOUT)
            finished = {"exit_code": process.returncode, "output": output}
            (wanted[name] / "done.json").write_text(json.dumps(finished), encoding="utf-8")
        yield {name: _finished(where, deadline) for name, where in wanted.items()}
    finally:
        for process in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()
