"""Running the conformance suite against one adapter in a subprocess, for the adapter tests.

Each adapter test runs the installed suite with ``--conformance-profile=quick`` and a
JSON report, read back with :meth:`Report.read`, then checks the verdicts: every clause
passes, is a known finding, or is not applicable, and every finding the adapter declares
explains at least one failure. The subprocess does not shrink hypothesis failures: a
failing model-based test of a known finding would otherwise spend minutes minimising an
example nobody reads, and the verdict is the same either way.

A backend whose server is missing is skipped here, but fails under CI (``CI=true``),
where the project starts every server it is responsible for.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from storespec.adapters.chance import CHANCE
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.findings import Finding
from storespec.conformance.core.report import Report
from storespec.conformance.plugin.fixtures import in_ci

PASSING = frozenset({"pass", "known finding", "not applicable"})
"""The outcomes a conforming run may give a clause."""


NO_SHRINK_PLUGIN = '''"""Loaded with -p: hypothesis generates and reuses examples, but does not shrink them."""
import pytest


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    from hypothesis import Phase, settings

    current = settings()
    settings.register_profile(
        "adapter-test",
        parent=current,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    settings.load_profile("adapter-test")
'''


PLUGIN = "storespec_adapter_test_plugin"


def _pythonpath(directory: Path) -> str:
    """PYTHONPATH with ``directory`` first, so that ``-p PLUGIN`` finds the plugin there."""
    rest = os.environ.get("PYTHONPATH", "")
    return os.pathsep.join([str(directory), rest]) if rest else str(directory)


def skip_or_fail(reason: str) -> NoReturn:
    """Skip because a server is missing here; under CI, fail instead."""
    if in_ci():
        pytest.fail(f"CI must provide this server: {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class Run:
    """One run of the suite: its exit code, its report (None if none was written) and its
    output (stdout and stderr together)."""

    returncode: int
    report: Report | None
    output: str

    def tail(self) -> str:
        """The end of the output, for assertion messages."""
        return self.output[-3000:]

    def read(self) -> Report:
        """The report; an assertion error with the output's tail if none was written."""
        assert self.report is not None, f"no report was written:\n{self.tail()}"
        return self.report

    def outcomes(self, backend: str) -> dict[str, str]:
        """Clause ID -> outcome for one backend."""
        return self.read().outcomes_of(backend)


def run_suite(
    backend: str,
    tmp_path: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 900,
) -> Run:
    """Run the suite against ``backend`` in ``tmp_path``."""
    report = tmp_path / "report.json"
    (tmp_path / f"{PLUGIN}.py").write_text(NO_SHRINK_PLUGIN, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "pytest",
        f"--backend={backend}",
        "--conformance-profile=quick",
        f"--conformance-report={report}",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        PLUGIN,
        "-W",
        "ignore::DeprecationWarning",
        *args,
    ]
    completed = subprocess.run(
        command,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": _pythonpath(tmp_path), **(env or {})},
        check=False,
    )
    found = Report.read(report) if report.exists() else None
    return Run(completed.returncode, found, completed.stdout + completed.stderr)


def explained_counts(report: Report, backend: str) -> dict[str, int]:
    """Finding ID -> how many failing tests it explained, for one backend."""
    return {f.id: f.explained for f in report.backend(backend).findings}


def check_declarations(
    report: Report, adapter: Adapter, *, missed: frozenset[str] = frozenset()
) -> None:
    """Every clause of ``adapter`` passes, is a known finding or is not applicable (bar the
    clauses in ``missed``); every known finding is one the adapter declares; every declared
    finding explains a failure of each clause it names that chance does not decide, unless
    it is declared intermittent. Under a
    clause of CHANCE a finding may not show in one run: a race went the other way, or two
    findings share the clause and the other explained its failure; its reproduction proves
    it in every run."""
    found = report.verdicts_of(adapter.name)
    assert found, f"the report has no clause for {adapter.name}"
    wrong = {
        c: (v.outcome.value, v.note, [f.reason[:300] for f in v.new_failures])
        for c, v in found.items()
        if c not in missed and v.outcome.value not in PASSING
    }
    assert not wrong, f"{adapter.name}: clauses neither passing nor known findings: {wrong}"
    declared = {f.id for f in adapter.findings}
    shown = {i for v in found.values() for f in v.failures if (i := f.finding) is not None}
    assert shown <= declared, f"{adapter.name}: findings not declared: {shown - declared}"
    for finding in (f for f in adapter.findings if not f.intermittent):
        for clause in set(finding.clauses) - CHANCE:
            explained = [f for f in found[clause].failures if f.finding == finding.id]
            assert explained, f"{adapter.name}: {finding.id} explains no failure of {clause}"


def assert_conformant(run: Run, *adapters: Adapter) -> None:
    """The run passed: each adapter's declarations hold exactly (see
    :func:`check_declarations`), and the run reported no error."""
    report = run.read()
    assert not report.errors, f"the run reported errors: {report.errors}"
    for adapter in adapters:
        check_declarations(report, adapter)
    assert run.returncode == 0, f"the run failed ({run.returncode}):\n{run.tail()}"
    assert report.result == "pass", report.result


def unavailable_reason(report: Report, backend: str) -> str | None:
    """The reason the report gives for a backend that could not run here."""
    try:
        return report.backend(backend).unavailable
    except KeyError:
        return None


def reproduce(finding: Finding) -> None:
    """Run the finding's reproduction; its assertions state the defect."""
    assert finding.reproduction, f"{finding.id} declares no reproduction"
    code = compile(finding.reproduction, f"<reproduction of {finding.id}>", "exec")
    exec(code, {"__name__": "reproduction"})
