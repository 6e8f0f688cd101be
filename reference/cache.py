"""The reference LLM cache: a ``BaseCache`` with optional first-in, first-out eviction."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

from langchain_core.caches import RETURN_VAL_TYPE, BaseCache
from langchain_core.outputs import Generation


class InMemoryCache(BaseCache):
    """A cache keyed by the exact pair (prompt, llm_string).

    With ``maxsize=None`` it is unbounded. With a positive ``maxsize``, inserting
    a new pair into a full cache evicts the oldest-inserted pair; updating a
    pair that is present keeps its position and evicts nothing; lookups never
    change the eviction order. Eviction costs O(1) per update. Updates and clears
    from many threads at once hold the bound: each changes the entries and their
    order under one lock.
    """

    def __init__(self, *, maxsize: int | None = None) -> None:
        if maxsize is not None and maxsize <= 0:
            msg = f"maxsize must be a positive integer or None, got {maxsize!r}"
            raise ValueError(msg)
        self._maxsize = maxsize
        self._data: dict[tuple[str, str], list[Generation]] = {}
        self._order: deque[tuple[str, str]] = deque()
        self._lock = threading.Lock()

    @property
    def maxsize(self) -> int | None:
        """The bound on the number of entries, or None when unbounded."""
        return self._maxsize

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return self._data.get((prompt, llm_string))

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        value = list(return_val)
        key = (prompt, llm_string)
        data = self._data
        with self._lock:
            if key not in data:
                if self._maxsize is not None and len(data) >= self._maxsize:
                    del data[self._order.popleft()]
                self._order.append(key)
            data[key] = value

    def clear(self, **kwargs: Any) -> None:
        with self._lock:
            self._data.clear()
            self._order.clear()

    async def alookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return self.lookup(prompt, llm_string)

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        self.update(prompt, llm_string, return_val)

    async def aclear(self, **kwargs: Any) -> None:
        self.clear(**kwargs)

    def __len__(self) -> int:
        return len(self._data)
