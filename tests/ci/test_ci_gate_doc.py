"""docs/ci-gate.md: its workflow lints clean, uses the action, and runs in a project."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.ci.actions import ROOT, load, run_action
from tests.ci.linters import actionlint, check_jsonschema

DOC = ROOT / "docs" / "ci-gate.md"

BACKENDS = """
from storespec.conformance import Adapter
from storespec.reference import InMemoryStore

BACKEND = Adapter(name="my-store", kind="store", factory=lambda ns, **o: InMemoryStore())
"""


def blocks(language: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mypkg").mkdir()
    (tmp_path / "mypkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "mypkg" / "conformance.py").write_text(BACKENDS, encoding="utf-8")
    return tmp_path


def test_the_workflow_passes_both_linters(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    (workflow_text,) = blocks("yaml")
    workflow = tmp_path / ".github" / "workflows" / "conformance.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(workflow_text, encoding="utf-8")
    schema = check_jsonschema("vendor.github-workflows", workflow)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    lint = actionlint(workflow, tmp_path_factory.getbasetemp() / "actionlint")
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_the_workflow_starts_only_what_it_needs_and_installs_from_no_index() -> None:
    (workflow_text,) = blocks("yaml")
    (job,) = yaml.safe_load(workflow_text)["jobs"].values()
    assert "services" not in job, "the example's backend is in-memory"
    for block in blocks("yaml") + blocks("sh"):
        assert not re.search(r"pip install (\S+ )*storespec(\s|$)", block), block


def test_the_workflows_action_step_runs_in_a_project(project: Path) -> None:
    (workflow_text,) = blocks("yaml")
    (job,) = yaml.safe_load(workflow_text)["jobs"].values()
    (step,) = [s for s in job["steps"] if s["uses"] == "./storespec"]
    run = run_action(
        load(ROOT / "action.yml"), {k: str(v) for k, v in step["with"].items()}, project
    )
    assert run.failed_step is None, "\n".join(run.logs)
    assert run.pip_args == ["install", str(ROOT), "."]
    assert "Result: **PASS**" in run.summary
    assert "## my-store (store)" in run.summary


def test_the_commands_for_any_other_ci_run_in_a_project(project: Path) -> None:
    (commands,) = blocks("sh")
    install, run = commands.strip().splitlines()
    assert shlex.split(install) == ["pip", "install", "./storespec", "."]
    argv = shlex.split(run)
    assert argv[0] == "pytest"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *argv[1:], "-p", "no:cacheprovider", "-q"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert (project / "conformance.json").is_file()
    assert (project / "conformance.md").read_text(encoding="utf-8").startswith("# storespec")
