"""Backends that pass on tidy data and break at the sizes and shapes of real workloads.

Each class is the reference store or cache with one realistic limit applied silently;
the docstring of each class states the rule it breaks and the backend habit it imitates.
"""

from __future__ import annotations

import bisect
import pickle
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from langchain_core.caches import RETURN_VAL_TYPE

from storespec.reference import InMemoryCache, InMemoryStore


class ValueTruncatingStore(InMemoryStore[Any]):
    """Breaks ``store.value.whole``: values are cut to 1 KB without an error.

    Like an SQL store whose value column is ``VARBINARY(1024)`` on a server in a
    non-strict SQL mode, which truncates with a warning nobody reads.
    """

    LIMIT: ClassVar[int] = 1_024

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        super().mset(
            [(k, v[: self.LIMIT] if isinstance(v, bytes | str) else v) for k, v in key_value_pairs]
        )


class BatchDroppingStore(InMemoryStore[Any]):
    """Breaks ``store.mset.visible``: pairs after the first 32,766 of a batch are lost.

    Like a store that binds one SQL parameter per pair, meets SQLite's limit of
    32,766 parameters, and sends only the first statement's worth.
    """

    LIMIT: ClassVar[int] = 32_766

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        super().mset(list(key_value_pairs)[: self.LIMIT])


class ListingCapStore(InMemoryStore[Any]):
    """Breaks ``store.keys.all``: a listing stops after 10,000 keys.

    Like a store that lists with one page of a paginated API (S3's
    ``list_objects`` returns 1,000 keys, a search API 10,000 hits) and never asks
    for the next page.
    """

    PAGE: ClassVar[int] = 10_000

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        return iter(list(super().yield_keys(prefix=prefix))[: self.PAGE])


class UffffRangeStore(InMemoryStore[Any]):
    """Breaks ``store.keys.prefix``: a prefix is listed as the range ``[p, p + "\\uffff")``.

    Like a store that turns a prefix into a key range for an ordered index, the
    common idiom in JavaScript, whose strings are UTF-16: every key with a
    character from U+FFFF up right after the prefix lies beyond the range.
    """

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        if not prefix:
            return super().yield_keys(prefix=prefix)
        ordered = sorted(self._data)
        start = bisect.bisect_left(ordered, prefix)
        end = bisect.bisect_left(ordered, prefix + "\uffff")
        return iter(ordered[start:end])


class PromptPrefixCache(InMemoryCache):
    """Breaks ``cache.key.distinct``: only the first 4,096 characters of the prompt count.

    Like a cache that indexes ``prompt[:4096]`` to stay under a database's index row
    limit, so prompts that share a long system prompt, or differ only at the end of
    a long conversation, share one entry.
    """

    CUT: ClassVar[int] = 4_096

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return super().lookup(prompt[: self.CUT], llm_string)

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        super().update(prompt[: self.CUT], llm_string, return_val)


class OversizeDroppingCache(InMemoryCache):
    """Breaks ``cache.value.whole``: an entry whose serialised form exceeds 1 MiB is
    silently not stored.

    Like a memcached client that sends ``set`` without waiting for the reply: the
    server refuses items over its 1 MiB default with ``SERVER_ERROR object too large
    for cache``, and nobody reads it.
    """

    LIMIT: ClassVar[int] = 1_048_576

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        if len(pickle.dumps((prompt, llm_string, return_val))) > self.LIMIT:
            return
        super().update(prompt, llm_string, return_val)


class PathTreeStore(InMemoryStore[Any]):
    """Breaks ``store.key.domain``: a key cannot sit beside a key that extends it as a path.

    Like a store that keeps each key as a file under a root directory, as
    ``LocalFileStore`` does: ``f`` is a file, so ``f/child`` cannot be created below it,
    and once ``f/child`` exists, ``f`` is a directory that cannot be written.
    """

    def __init__(self) -> None:
        super().__init__()
        self._directories: Counter[str] = Counter()

    @staticmethod
    def _parents(key: str) -> list[str]:
        parts = key.split("/")
        return ["/".join(parts[:i]) for i in range(1, len(parts))]

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        for key, value in key_value_pairs:
            if key in self._data:
                super().mset([(key, value)])
                continue
            file = next((p for p in self._parents(key) if p in self._data), None)
            if key in self._directories or file is not None:
                raise NotADirectoryError(f"{key!r} cannot be a file beside {file or key + '/'}")
            super().mset([(key, value)])
            self._directories.update(self._parents(key))

    def mdelete(self, keys: Sequence[str]) -> None:
        for key in keys:
            if key in self._data:
                super().mdelete([key])
                self._directories.subtract(self._parents(key))
                self._directories += Counter()


class FullTableCache(InMemoryCache):
    """Breaks ``cache.update.visible``: once 4,096 entries are held, updates of new pairs
    return normally and store nothing.

    Like a cache on a fixed-size table or shared-memory segment whose insert is
    ``INSERT ... ON CONFLICT DO NOTHING`` into a full table, or whose writes fail
    silently when the segment is full, while it declares no bound.
    """

    ROWS: ClassVar[int] = 4_096

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        if len(self._data) >= self.ROWS and (prompt, llm_string) not in self._data:
            return
        super().update(prompt, llm_string, return_val)
