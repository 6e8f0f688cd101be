"""A parallel run (pytest-xdist) gives the same verdicts as a serial one."""

from __future__ import annotations

import pytest

from tests.conftest import read_report


def verdicts(pytester: pytest.Pytester, *args: str) -> dict[tuple[str, str], str]:
    path = pytester.path / f"report{len(args)}.json"
    result = pytester.runpytest_subprocess(
        "--backend=reference",
        "--conformance-profile=quick",
        f"--conformance-report={path}",
        "-p",
        "no:cacheprovider",
        *args,
    )
    assert result.ret == 0, result.stdout.str()[-2000:]
    return {(c["backend"], c["id"]): c["outcome"] for c in read_report(path)["clauses"]}


def test_xdist_and_serial_runs_agree(pytester: pytest.Pytester) -> None:
    serial = verdicts(pytester)
    parallel = verdicts(pytester, "-n", "2")
    assert serial == parallel
    assert set(serial.values()) == {"pass", "not applicable"}
