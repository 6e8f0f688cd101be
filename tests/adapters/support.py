"""Running the conformance suite against one adapter in a subprocess, for the adapter tests.

Each adapter test runs the installed suite with ``--conformance-profile=quick`` and a
JSON report, then checks the verdicts: every clause passes, is a declared deviation,
or is not applicable. The subprocess does not shrink hypothesis failures: a failing
model-based test of a declared deviation would otherwise spend minutes minimising an
example nobody reads, and the verdict is the same either way.

A backend whose server is missing is skipped here, but fails under CI (``CI=true``),
where the project starts every server it is responsible for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

import pytest

from storespec.conformance.adapter import Adapter
from storespec.conformance.fixtures import in_ci

PASSING = frozenset({"pass", "known deviation", "not applicable"})
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


def run_suite(
    backend: str,
    tmp_path: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 900,
) -> tuple[int, dict[str, Any], str]:
    """Run the suite against ``backend`` in ``tmp_path``; return (exit code, report, output).

    The report is the parsed JSON report ({} if none was written); the output is
    stdout and stderr together.
    """
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
    found = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return completed.returncode, found, completed.stdout + completed.stderr


def outcomes(report: Mapping[str, Any], backend: str) -> dict[str, str]:
    """Clause ID -> outcome for one backend of a report."""
    return {c["id"]: c["outcome"] for c in report.get("clauses", []) if c["backend"] == backend}


def assert_conformant(
    returncode: int, report: Mapping[str, Any], output: str, *adapters: Adapter
) -> None:
    """The run passed; every clause of each adapter passed, is a declared deviation or is
    not applicable; every declared deviation shows as a known deviation; no errors."""
    assert report, f"no report was written:\n{output[-3000:]}"
    assert not report.get("errors"), f"the run reported errors: {report['errors']}"
    for adapter in adapters:
        found = outcomes(report, adapter.name)
        assert found, f"the report has no clause for {adapter.name}"
        wrong = {c: o for c, o in found.items() if o not in PASSING}
        assert not wrong, f"{adapter.name}: clauses neither passing nor declared: {wrong}"
        undeclared = {c for c, o in found.items() if o == "known deviation"} - set(
            adapter.deviations
        )
        assert not undeclared, f"{adapter.name}: deviations not declared: {undeclared}"
        missing = {c: found.get(c) for c in adapter.deviations if found.get(c) != "known deviation"}
        assert not missing, f"{adapter.name}: declared deviations not shown as such: {missing}"
    assert returncode == 0, f"the run failed ({returncode}):\n{output[-3000:]}"
    assert report.get("result") == "pass"


def unavailable_reason(report: Mapping[str, Any], backend: str) -> str | None:
    """The reason the report gives for a backend that could not run here."""
    for info in report.get("backends", []):
        if info["name"] == backend:
            return info.get("unavailable")
    return None
