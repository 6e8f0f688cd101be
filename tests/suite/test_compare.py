"""A failed comparison of large operands is explained in one short line, and fast."""

from __future__ import annotations

import pytest

from storespec.conformance.suite.compare import assert_equal, is_large


def test_equal_operands_pass() -> None:
    assert_equal([b"v"] * 500, [b"v"] * 500, "mget")


def test_a_long_list_names_its_first_difference() -> None:
    found = [b"x" * 5_000 for _ in range(500)]
    expected = list(found)
    expected[7] = b"y"
    with pytest.raises(AssertionError) as raised:
        assert_equal(found, expected, "mget of 500 keys")
    message = str(raised.value)
    assert message.startswith("mget of 500 keys: lengths 500 and 500; first difference at index 7")
    assert "1 of the first 500 differ" in message
    assert len(message) < 400


def test_small_operands_are_shown_whole() -> None:
    assert not is_large([1, 2, 3])
    with pytest.raises(AssertionError, match=r"^mget: \[1, 2\] != \[1, 3\]$"):
        assert_equal([1, 2], [1, 3], "mget")
