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

FIFO: Final = "fifo"
"""A full bounded cache evicts the entry inserted longest ago (``InMemoryCache``'s policy):
the policy of a bounded cache that declares none."""

LRU: Final = "lru"
"""A full bounded cache evicts the entry used longest ago; a hit or an update is a use."""

ANYORDER: Final = "anyorder"
"""A bounded cache that declares no eviction order: only the bound and when it evicts are
checked."""

POLICIES: Final = frozenset({FIFO, LRU, ANYORDER})
"""The eviction policies; a cache with ``maxsize`` has exactly one."""

CAPABILITIES: Final[dict[str, str]] = {
    MAXSIZE: "the factory accepts maxsize=N and the cache enforces the bound",
    PERSISTENCE: "a second instance on the same namespace sees the first one's data",
    FIFO: "a full cache evicts the entry inserted longest ago (the default policy)",
    LRU: "a full cache evicts the entry used longest ago (a hit or an update is a use)",
    ANYORDER: "a full cache evicts some entry; the order is not declared",
}
"""Every known capability, with the one-line meaning that reports print."""


def check(names: frozenset[str] | set[str]) -> frozenset[str]:
    """Return ``names`` if every one is a known capability, else raise ValueError."""
    unknown = sorted(set(names) - CAPABILITIES.keys())
    if unknown:
        msg = f"unknown capabilities {unknown}; known: {sorted(CAPABILITIES)}"
        raise ValueError(msg)
    return frozenset(names)


def with_policy(names: frozenset[str]) -> frozenset[str]:
    """``names`` with the eviction policy made explicit: a bounded cache that declares none
    evicts the oldest inserted entry, as ``InMemoryCache`` documents. A policy without
    ``maxsize``, or two policies, raise ValueError."""
    policies = names & POLICIES
    if policies and MAXSIZE not in names:
        raise ValueError(f"eviction policy {sorted(policies)} declared without maxsize")
    if len(policies) > 1:
        raise ValueError(f"a cache has one eviction policy, not {sorted(policies)}")
    if MAXSIZE in names and not policies:
        return names | {FIFO}
    return names
