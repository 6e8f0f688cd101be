"""One collection per namespace, dropped when the last instance on it closes.

A persistent backend may have several instances open on one namespace (the suite's
``reopen()``); dropping the collection when the first of them closes would pull it
from under the others. The collection is named after the token (``[a-z0-9_]``, at
most 40 characters, a valid collection name) and is always the suite's own.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from storespec.adapters.langchain_mongodb import server

_OPEN: Counter[str] = Counter()
_GUARD = threading.Lock()


@contextmanager
def collection_of(token: str) -> Iterator[str]:
    """Hold the namespace's collection while the block runs; the last holder drops it."""
    with _GUARD:
        _OPEN[token] += 1
    try:
        yield token
    finally:
        with _GUARD:
            _OPEN[token] -= 1
            last = _OPEN[token] == 0
            if last:
                del _OPEN[token]
        if last:
            connection = server.client()
            try:
                connection[server.database()].drop_collection(token)
            finally:
                connection.close()
