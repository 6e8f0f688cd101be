"""Counting the open instances of one namespace, so the last one to close cleans up.

A persistent backend may have several instances open on one namespace (the suite's
``reopen()``); removing the namespace's data when the first of them closes would pull
it from under the others.
"""

from __future__ import annotations

import threading
from collections import Counter


class Leases:
    """How many instances hold each namespace; thread-safe."""

    def __init__(self) -> None:
        self._held: Counter[str] = Counter()
        self._lock = threading.Lock()

    def acquire(self, key: str) -> None:
        """One more instance holds ``key``."""
        with self._lock:
            self._held[key] += 1

    def release(self, key: str) -> bool:
        """One instance let go of ``key``; True if it was the last one."""
        with self._lock:
            self._held[key] -= 1
            if self._held[key] > 0:
                return False
            del self._held[key]
            return True


LEASES = Leases()
"""The leases of every adapter of this family, keyed by adapter name and namespace token."""
