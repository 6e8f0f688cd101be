"""Backends with a declared, known defect and a new one under the same clause.

A finding explains only the failures its signature matches; a second defect under a
clause the finding names must still fail the clause (a *new failure*), or a
declaration would hide every regression that lands under it. The docstring of each
class states both defects; ``entries`` declares the finding for the first.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Generator
from typing import Any

from storespec.reference import InMemoryStore


class RegressedPrefixStore(InMemoryStore[Any]):
    """Breaks ``store.keys.prefix-literal`` twice: the prefix is a glob pattern (the
    declared finding) and, since a later release, ``%`` in it is a wildcard too.

    Like a Redis-backed store whose listing passes the prefix to ``SCAN MATCH``, a
    known limit its users have learnt to avoid, and whose next release translates
    the pattern for an SQL mirror and lets ``%`` through unescaped.
    """

    def yield_keys(self, *, prefix: str | None = None) -> Generator[str, None, None]:
        if not prefix:
            yield from super().yield_keys(prefix=prefix)
            return
        matching = re.compile(fnmatch.translate(prefix + "*").replace("%", ".*"))
        yield from [k for k in list(self._data) if matching.match(k)]
