"""Exclusive use of a server or database whose contents a backend's ``clear()`` wipes whole.

``RedisCache.clear`` runs ``FLUSHDB`` and ``MemcachedCache.clear`` runs ``flush_all``:
each empties everything it can reach, including the entries of every other instance
that shares the database. Tests that run at the same time (pytest-xdist workers, two
runs on one machine) would wipe each other's entries and fail for reasons that are
not theirs. So the suite serialises them: a process holds the database from the
first instance it opens on it until the last one closes, and the other processes
wait. The rule is:

- between processes, an exclusive ``flock`` on a lock file named after the server
  and database (``$TMPDIR/storespec-<what>.lock``) is held while any instance is open;
- within a process, instances count: the first one takes the lock and runs
  ``on_first``, the last one runs ``on_last`` and gives the lock back.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

WAIT_SECONDS: Final = 600.0
"""How long a process waits for another one to give the database back."""


class LeaseTimeout(RuntimeError):
    """Another process held the database for longer than ``WAIT_SECONDS``."""


class ExclusiveLease:
    """A database held by one process at a time, counted by instance within the process."""

    def __init__(
        self,
        name: str,
        on_first: Callable[[], None] = lambda: None,
        on_last: Callable[[], None] = lambda: None,
    ) -> None:
        self.name = name
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        self.path = Path(tempfile.gettempdir()) / f"storespec-{safe}.lock"
        self._on_first = on_first
        self._on_last = on_last
        self._count = 0
        self._fd: int | None = None
        self._guard = threading.RLock()

    @property
    def held(self) -> bool:
        """Whether this process holds the database now."""
        with self._guard:
            return self._count > 0

    def acquire(self) -> None:
        """One more instance uses the database; the first one waits for the lock."""
        with self._guard:
            if self._count == 0:
                self._lock()
                try:
                    self._on_first()
                except BaseException:
                    self._unlock()
                    raise
            self._count += 1

    def release(self) -> None:
        """One instance is done; the last one cleans up and gives the lock back."""
        with self._guard:
            if self._count <= 0:
                raise RuntimeError(f"lease {self.name!r} released more often than acquired")
            self._count -= 1
            if self._count == 0:
                try:
                    self._on_last()
                finally:
                    self._unlock()

    def briefly(self, action: Callable[[], str | None]) -> str | None:
        """Run ``action`` holding the database (at once if this process holds it already)."""
        with self._guard:
            if self._count > 0:
                return action()
            self._lock()
            try:
                return action()
            finally:
                self._unlock()

    def _lock(self) -> None:
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    msg = (
                        f"{self.name} is held by another storespec run for over "
                        f"{WAIT_SECONDS:.0f} s (lock file {self.path})"
                    )
                    raise LeaseTimeout(msg) from None
                time.sleep(0.02)
        self._fd = fd

    def _unlock(self) -> None:
        import fcntl

        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
