"""The reusable CI action (action.yml): valid, and its steps do what the gate needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ci.actions import ROOT, load, run_action
from tests.ci.linters import actionlint, check_jsonschema

ACTION = ROOT / "action.yml"

EXAMPLE_WORKFLOW = """
name: conformance
on: [push, pull_request]
jobs:
  storespec:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          submodules: true
      - uses: ./storespec
        with:
          backend: mypkg.conformance:BACKEND
          extras: sql
          strict: "true"
          pin: 0.1.0
          profile: thorough
"""

BACKENDS = """
from storespec.conformance import Adapter
from storespec.reference import InMemoryStore

BACKEND = Adapter(name="my-store", kind="store", factory=lambda ns, **o: InMemoryStore())
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project holding a backend module ``mypkg.conformance``."""
    (tmp_path / "mypkg").mkdir()
    (tmp_path / "mypkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "mypkg" / "conformance.py").write_text(BACKENDS, encoding="utf-8")
    return tmp_path


def test_the_action_matches_githubs_schema() -> None:
    result = check_jsonschema("vendor.github-actions", ACTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_workflow_using_the_action_passes_both_linters(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    workflow = tmp_path / ".github" / "workflows" / "conformance.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(EXAMPLE_WORKFLOW, encoding="utf-8")
    schema = check_jsonschema("vendor.github-workflows", workflow)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    lint = actionlint(workflow, tmp_path_factory.getbasetemp() / "actionlint")
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_the_action_gates_on_the_reference_and_writes_both_reports(project: Path) -> None:
    run = run_action(
        load(ACTION),
        {"backend": "mypkg.conformance:BACKEND reference-cache", "extras": "sql", "pin": "0.1.0"},
        project,
    )
    assert run.failed_step is None, "\n".join(run.logs)
    assert run.pip_args == ["install", f"{ROOT}[sql]", "."]
    assert run.skipped_uses == ["actions/setup-python@v5", "actions/upload-artifact@v4"]
    assert run.summary.startswith("# storespec conformance report")
    assert "## my-store (store)" in run.summary
    assert "## reference-cache (cache)" in run.summary
    assert Path(run.outputs["paths"]["json"]).is_file()


def test_a_wrong_backend_name_still_writes_the_summary_line_and_fails(project: Path) -> None:
    run = run_action(load(ACTION), {"backend": "mypkg.conformanc:BACKEND"}, project)
    assert run.failed_step == "Conformance"
    assert run.summary.startswith("**storespec**: no conformance report was written; ")
    assert "pytest exited with status 4 before reaching a verdict" in run.summary
    assert "cannot import 'mypkg.conformanc'" in run.summary
    assert not Path(run.outputs["paths"]["json"]).exists()


def test_a_failed_installation_says_the_suite_did_not_run(project: Path) -> None:
    action = load(ACTION)
    install = next(s for s in action["runs"]["steps"] if s.get("name") == "Install storespec")
    install["run"] = "exit 1"
    run = run_action(action, {"backend": "reference"}, project)
    assert run.failed_step == "Install storespec"
    assert "the suite did not run: an earlier step" in run.summary
