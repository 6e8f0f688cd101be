"""Bounded caches with other eviction policies, broken and correct.

A cache declares its policy (``fifo``, the default; ``lru``; or ``anyorder``) and is held
to it. Each class here is the reference cache with one policy decision replaced; the
docstring says which, and whether that is a bug for the policy the entry declares.
"""

from __future__ import annotations

import random
import threading
from typing import Any

from langchain_core.caches import RETURN_VAL_TYPE

from storespec.reference import InMemoryCache


class _LockedCache(InMemoryCache):
    """The reference cache with every call under one lock, so that the policy, not a race,
    decides what the concurrency clauses see."""

    def __init__(self, *, maxsize: int | None = None) -> None:
        super().__init__(maxsize=maxsize)
        self._guard = threading.RLock()

    def clear(self, **kwargs: Any) -> None:
        with self._guard:
            super().clear(**kwargs)


class LeastRecentlyUsedCache(_LockedCache):
    """Correct for ``lru``: a hit or an update makes a pair the most recently used, and a
    full cache evicts the pair used longest ago (``cachetools.LRUCache``'s policy)."""

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        with self._guard:
            key = (prompt, llm_string)
            found = self._data.get(key)
            if found is not None:
                self._order.remove(key)
                self._order.append(key)
            return found

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        with self._guard:
            key = (prompt, llm_string)
            if key in self._data:
                self._order.remove(key)
                self._order.append(key)
            super().update(prompt, llm_string, return_val)


class RandomEvictionCache(_LockedCache):
    """Correct for ``anyorder``: a full cache evicts an entry drawn at random, and nothing
    below the bound."""

    def __init__(self, *, maxsize: int | None = None) -> None:
        super().__init__(maxsize=maxsize)
        self._draw = random.Random(7)

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        with self._guard:
            return super().lookup(prompt, llm_string)

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        with self._guard:
            key = (prompt, llm_string)
            full = self._maxsize is not None and len(self._data) >= self._maxsize
            if key not in self._data and full:
                victim = self._draw.choice(list(self._order))
                self._order.remove(victim)
                del self._data[victim]
            if key not in self._data:
                self._order.append(key)
            self._data[key] = list(return_val)


class FifoDeclaredLruCache(_LockedCache):
    """Broken for ``lru``: it declares LRU but evicts the oldest inserted pair, so a pair
    looked up a moment ago is the first to go (breaks cache.maxsize.evict-lru)."""

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        with self._guard:
            return super().lookup(prompt, llm_string)

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        with self._guard:
            super().update(prompt, llm_string, return_val)


class EarlyEvictionCache(_LockedCache):
    """Broken for every policy: it evicts as soon as it holds ``maxsize - 1`` entries, so it
    never fills up, as a cache that counts its bound off by one does (breaks
    cache.maxsize.evict-when-full)."""

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        with self._guard:
            return super().lookup(prompt, llm_string)

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        with self._guard:
            key = (prompt, llm_string)
            limit = self._maxsize - 1 if self._maxsize is not None and self._maxsize > 1 else None
            if key not in self._data and limit is not None and len(self._data) >= limit:
                del self._data[self._order.popleft()]
            super().update(prompt, llm_string, return_val)


class StaleRecencyLruCache(LeastRecentlyUsedCache):
    """Broken for ``lru``: ``clear()`` empties the entries but keeps their recency order, so a
    later eviction may pick a pair that is long gone and evict nothing, and the cache holds
    one pair too many (breaks cache.maxsize.lru-model; only a sequence with a clear shows it)."""

    def clear(self, **kwargs: Any) -> None:
        with self._guard:
            self._data.clear()

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        with self._guard:
            key = (prompt, llm_string)
            if key in self._data:
                self._order.remove(key)
                self._order.append(key)
            else:
                if self._maxsize is not None and len(self._data) >= self._maxsize:
                    self._data.pop(self._order.popleft(), None)
                self._order.append(key)
            self._data[key] = list(return_val)
