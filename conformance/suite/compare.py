"""Comparisons whose failure is explained briefly, whatever the size of what was compared.

pytest explains a failed ``assert a == b`` with a diff of both operands' full text. For the
lists of hundreds of answers and the large values the suite compares, under ``CI`` (where
pytest diffs in full) that diff takes minutes: a backend that answers wrongly would time
out instead of failing. The suite compares such operands with ``assert_equal``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from storespec.conformance.suite.checks import short

LARGE_TEXT = 2_000
"""Characters (or bytes) above which a string is large."""
LARGE_COLLECTION = 50
"""Items above which a collection is large."""


def is_large(value: Any) -> bool:
    """Whether pytest's own explanation of ``value`` would be too long to read."""
    if isinstance(value, (str, bytes, bytearray)):
        return len(value) > LARGE_TEXT
    if isinstance(value, Mapping):
        return len(value) > LARGE_COLLECTION or any(map(is_large, value.values()))
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) > LARGE_COLLECTION or any(map(is_large, value))
    return False


def _first_difference(left: Any, right: Any) -> int | None:
    return next((i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b), None)


def _differences(found: Any, expected: Any) -> list[str]:
    """The lengths of two unequal operands and the first position where they differ."""
    ordered = (str, bytes, bytearray, list, tuple)
    if not (isinstance(found, ordered) and isinstance(expected, ordered)):
        return [f"{short(found, 200)} != {short(expected, 200)}"]
    lines = [f"lengths {len(found):,} and {len(expected):,}"]
    first = _first_difference(found, expected)
    if first is not None:
        lines.append(
            f"first difference at index {first:,}: "
            f"{short(found[first], 120)} != {short(expected[first], 120)}"
        )
        if not isinstance(found, (str, bytes, bytearray)):
            differ = sum(a != b for a, b in zip(found, expected, strict=False))
            lines.append(f"{differ:,} of the first {min(len(found), len(expected)):,} differ")
    return lines


def assert_equal(found: Any, expected: Any, what: str) -> None:
    """``found == expected``, or an AssertionError that says briefly where they differ."""
    if found == expected:
        return
    if not (is_large(found) or is_large(expected)):
        raise AssertionError(f"{what}: {short(found, 200)} != {short(expected, 200)}")
    raise AssertionError(f"{what}: " + "; ".join(_differences(found, expected)))
