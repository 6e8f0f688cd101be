"""How a conformance test names the clauses it verifies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

F = TypeVar("F", bound=Callable[..., Any])

MARKER = "clause"

OBSERVATION = "storespec-observation"
"""The user property under which a test records what a backend did."""


def verifies(*clause_ids: str) -> Callable[[F], F]:
    """Mark a test as verifying these clauses; its outcome counts toward each one."""
    if not clause_ids:
        raise ValueError("verifies() needs at least one clause ID")
    mark: Callable[[F], F] = getattr(pytest.mark, MARKER)(*clause_ids)
    return mark


def cited(node: pytest.Item) -> tuple[str, ...]:
    """The clause IDs a collected test cites, in order, without repeats."""
    ids: list[str] = []
    for mark in node.iter_markers(MARKER):
        ids.extend(str(a) for a in mark.args)
    return tuple(dict.fromkeys(ids))
