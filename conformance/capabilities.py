"""The flat list of capabilities a backend may declare.

A clause that depends on a capability names it in the spec (``Requires:``).
Against a backend that does not declare it, that clause is *not applicable*:
a distinct verdict from skipped and from failed.
"""

from __future__ import annotations

from typing import Final

MAXSIZE: Final = "maxsize"
"""The factory accepts ``maxsize=N`` (an int or None) and the cache enforces it."""

PERSISTENCE: Final = "persistence"
"""A second instance opened on the same namespace sees what the first one wrote."""

CAPABILITIES: Final[dict[str, str]] = {
    MAXSIZE: "the factory accepts maxsize=N and the cache enforces the bound",
    PERSISTENCE: "a second instance on the same namespace sees the first one's data",
}
"""Every known capability, with the one-line meaning that reports print."""


def check(names: frozenset[str] | set[str]) -> frozenset[str]:
    """Return ``names`` if every one is a known capability, else raise ValueError."""
    unknown = sorted(set(names) - CAPABILITIES.keys())
    if unknown:
        msg = f"unknown capabilities {unknown}; known: {sorted(CAPABILITIES)}"
        raise ValueError(msg)
    return frozenset(names)
