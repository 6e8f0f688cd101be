"""Run a composite action's shell steps on this machine, as a GitHub runner would.

Only what storespec's action uses is understood: ``${{ inputs.X }}``, ``${{ runner.temp }}``,
``${{ steps.ID.outputs.X }}`` and ``${{ github.action_path }}`` in ``env``, and the ``if``
conditions ``always()`` and ``inputs.X != ''``; anything else fails loudly, so the runner cannot
silently run a step differently from GitHub. ``uses`` steps (set-up-python, upload-artifact)
are recorded, not run. ``python -m pip`` is recorded, not run, so the tests install nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

PYTHON_SHIM = """#!/usr/bin/env bash
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  shift 2
  printf '%s\\n' "$@" > "$PIP_RECORD"
  exit 0
fi
exec {python} "$@"
"""


@dataclass
class Run:
    """What running an action's steps did."""

    summary: str
    pip_args: list[str] | None
    failed_step: str | None
    outputs: dict[str, dict[str, str]]
    skipped_uses: list[str] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _evaluate(text: str, context: dict[str, Any]) -> str:
    def one(match: re.Match[str]) -> str:
        expression = match.group(1)
        parts = expression.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return str(context["inputs"][parts[1]])
        if expression == "runner.temp":
            return str(context["temp"])
        if expression == "github.action_path":
            return str(context["action_path"])
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return context["outputs"].get(parts[1], {}).get(parts[3], "")
        raise AssertionError(f"the local runner does not understand ${{{{ {expression} }}}}")

    return EXPRESSION.sub(one, text)


def _should_run(condition: str | None, failed: bool, inputs: dict[str, str]) -> bool:
    if condition is None:
        return not failed
    if condition == "always()":
        return True
    match = re.fullmatch(r"inputs\.([\w-]+) != ''", condition)
    if match:
        return not failed and inputs[match.group(1)] != ""
    raise AssertionError(f"the local runner does not understand if: {condition}")


def run_action(
    action: dict[str, Any], given: dict[str, str], project: Path, action_path: Path = ROOT
) -> Run:
    """Run ``action``'s steps with inputs ``given`` in ``project``."""
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    unknown = set(given) - set(inputs)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    inputs.update(given)
    missing = [n for n, s in action["inputs"].items() if s.get("required") and not inputs[n]]
    assert not missing, f"required inputs not given: {missing}"
    temp = project / "_runner_temp"
    temp.mkdir(exist_ok=True)
    shims = project / "_shims"
    shims.mkdir(exist_ok=True)
    shim = shims / "python"
    shim.write_text(PYTHON_SHIM.format(python=sys.executable), encoding="utf-8")
    shim.chmod(0o755)
    summary = project / "_step_summary.md"
    summary.touch()
    record = project / "_pip_args"
    context: dict[str, Any] = {
        "inputs": inputs,
        "temp": temp,
        "action_path": action_path,
        "outputs": {},
    }
    run = Run(summary="", pip_args=None, failed_step=None, outputs=context["outputs"])
    for number, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {number}")
        if not _should_run(step.get("if"), run.failed_step is not None, inputs):
            continue
        if "uses" in step:
            run.skipped_uses.append(step["uses"])
            continue
        assert step.get("shell") == "bash", f"{name}: every run step says shell: bash"
        output = temp / f"output_{number}"
        output.write_text("", encoding="utf-8")
        env = {
            **os.environ,
            **{k: _evaluate(str(v), context) for k, v in step.get("env", {}).items()},
            "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}",
            "PYTHONPATH": str(project),
            "RUNNER_TEMP": str(temp),
            "GITHUB_ACTION_PATH": str(action_path),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_WORKSPACE": str(project),
            "PIP_RECORD": str(record),
        }
        # GitHub runs a bash step as: bash --noprofile --norc -eo pipefail {0}
        script = temp / f"step_{number}.sh"
        script.write_text(_evaluate(step["run"], context), encoding="utf-8")
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        run.logs.append(f"== {name} ({result.returncode})\n{result.stdout}{result.stderr}")
        if step.get("id"):
            lines = output.read_text(encoding="utf-8").splitlines()
            context["outputs"][step["id"]] = dict(ln.split("=", 1) for ln in lines if "=" in ln)
        if result.returncode != 0 and run.failed_step is None:
            run.failed_step = name
    run.summary = summary.read_text(encoding="utf-8")
    if record.exists():
        run.pip_args = record.read_text(encoding="utf-8").splitlines()
    return run
