"""Typed test outcomes beyond pass and fail.

A test that finds the backend outside what it probes calls :func:`not_applicable`; the
verdict reads the exception's type, never the text of a skip message.
"""

from __future__ import annotations

from typing import NoReturn

import pytest


class NotApplicable(pytest.skip.Exception):  # type: ignore[name-defined,misc]
    """The test does not apply to this backend: a capability or domain it lacks."""


def not_applicable(reason: str) -> NoReturn:
    """End the test as *not applicable*, for ``reason`` (say which declaration rules it out)."""
    raise NotApplicable(f"not applicable: {reason}")
