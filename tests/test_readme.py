"""README holds exactly two set-up commands, and CI runs the second one as written."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)]


def test_readme_has_exactly_two_set_up_commands() -> None:
    found = commands()
    assert len(found) == 2, found
    assert all("\n" not in c for c in found), "each set-up command is one line"


def test_first_command_runs_the_suite_against_the_reference() -> None:
    first, _ = commands()
    assert "pip install ." in first
    assert first.endswith("pytest --backend=reference")


def test_ci_runs_the_second_command_exactly() -> None:
    _, second = commands()
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [ln for ln in script.splitlines() if ln.strip() and not ln.startswith("#")]
    assert second in lines, f"{second!r} is not a line of .ci/run"
    assert "set -euo pipefail" in lines
