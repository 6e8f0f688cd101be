"""docs/implementers-guide.md: its install commands work without an index, and its claims
about langchain-tests hold for the installed version."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from langchain_tests.integration_tests import BaseStoreSyncTests

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "implementers-guide.md"


def sh_blocks() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)


def test_storespec_is_never_installed_from_an_index() -> None:
    commands = "\n".join(sh_blocks())
    assert "pip install ./storespec" in commands
    assert not re.search(r"pip install (\S+ )*storespec(\s|$)", commands)


def test_every_example_run_says_what_it_shows() -> None:
    for block in sh_blocks():
        for line in block.splitlines():
            if line.startswith("pytest --backend=langchain_core"):
                assert re.search(r"# (passes|fails)", line), line


def test_langchain_tests_asks_for_a_generator() -> None:
    source = inspect.getsource(BaseStoreSyncTests.test_yield_keys)
    assert "Generator" in source
    assert "isinstance(" in source
