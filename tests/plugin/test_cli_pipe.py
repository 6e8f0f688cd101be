"""The storespec command stops quietly when its reader closes the pipe early."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

COMMAND = [sys.executable, "-m", "storespec.conformance"]


@pytest.mark.parametrize("args", [["clauses"], ["clauses", "--json"], ["backends"]])
def test_a_pipe_closed_before_the_first_write_is_not_an_error(args: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write fails with EPIPE
    try:
        result = subprocess.run(
            [*COMMAND, *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 0
