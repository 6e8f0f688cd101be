"""One-line reasons for exceptions, and the root cause of an intermittent failure."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import Flaky

from storespec.conformance.core.errors import LIMIT, describe, raised_at


def test_a_plain_exception_is_its_type_and_message_on_one_line():
    assert describe(ValueError("bad\n  key")) == "ValueError: bad key"
    assert describe(KeyError("k")) == "KeyError: 'k'"
    assert describe(RuntimeError()) == "RuntimeError"


def _raised_in_a_function() -> BaseException:
    def inner() -> None:
        raise ValueError("v")

    try:
        inner()
    except ValueError as exc:
        return exc
    raise AssertionError("inner() raised nothing")


def test_where_an_exception_was_raised_is_its_innermost_frame(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    exc = _raised_in_a_function()
    monkeypatch.chdir(Path(__file__).parent)
    assert re.fullmatch(r"test_errors\.py:\d+ in inner", raised_at(exc))
    monkeypatch.chdir(tmp_path)
    assert raised_at(exc).startswith(f"{Path(__file__).as_posix()}:")
    assert raised_at(ValueError("never raised")) == ""


def test_where_is_named_below_the_installed_packages_or_the_standard_library():
    try:
        json.loads("{")
    except json.JSONDecodeError as exc:
        where = raised_at(exc)
    assert where.startswith("json/decoder.py:"), where
    try:
        pytest.fail("raised in an installed package")
    except pytest.fail.Exception as exc:
        where = raised_at(exc)
    assert where.startswith("_pytest/outcomes.py:"), where


def test_a_long_message_is_cut():
    reason = describe(ValueError("x" * 5000))
    assert len(reason) == LIMIT
    assert reason.endswith("...")


def test_a_group_names_its_size_and_first_failure():
    group = ExceptionGroup("several", [OSError("disk"), ValueError("v")])
    assert describe(group) == "2 failures, the first: OSError: disk"


def test_a_real_flaky_hypothesis_test_is_explained_by_its_root_failure():
    failed_once: list[int] = []

    @settings(database=None, derandomize=True, max_examples=50)
    @given(st.integers(0, 1000))
    def sometimes(n: int) -> None:
        if n > 100 and not failed_once:
            failed_once.append(n)
            try:
                raise ConnectionResetError("server closed the connection")
            except ConnectionResetError as cause:
                raise RuntimeError("lookup failed") from cause

    with pytest.raises(Flaky) as caught:
        sometimes()
    reason = describe(caught.value)
    assert reason == (
        "intermittent: ConnectionResetError: server closed the connection "
        f"(first failing call: sometimes(n={failed_once[0]}))"
    )


def test_a_flaky_error_without_a_group_keeps_its_message():
    assert describe(Flaky("Inconsistent data generation")) == (
        "intermittent: Flaky: Inconsistent data generation"
    )
