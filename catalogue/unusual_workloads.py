"""Backends that handle real workloads in unusual ways, all correct: the suite must
accept every one of them.

Each class is the reference store with one technique that real backends use to cope
with size: split batches, paged listings, compressed values, hashed long keys, and a
declared, enforced size limit.
"""

from __future__ import annotations

import bisect
import hashlib
import pickle
import zlib
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from storespec.reference import InMemoryStore


class ChunkedBatchStore(InMemoryStore[Any]):
    """Splits every batch into chunks of 999 keys, as a store that binds one SQL
    parameter per key does to stay under SQLite's old limit; every chunk is applied."""

    CHUNK: ClassVar[int] = 999

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        found: list[Any | None] = []
        for start in range(0, len(keys), self.CHUNK):
            found += super().mget(keys[start : start + self.CHUNK])
        return found

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        for start in range(0, len(key_value_pairs), self.CHUNK):
            super().mset(key_value_pairs[start : start + self.CHUNK])

    def mdelete(self, keys: Sequence[str]) -> None:
        for start in range(0, len(keys), self.CHUNK):
            super().mdelete(keys[start : start + self.CHUNK])


class PagedListingStore(InMemoryStore[Any]):
    """Lists keys lazily, one sorted page of 1,000 at a time, each page starting after
    the last key of the previous one (keyset pagination), until a page comes back short."""

    PAGE: ClassVar[int] = 1_000

    def _page(self, after: str | None, prefix: str) -> list[str]:
        ordered = sorted(k for k in list(self._data) if k.startswith(prefix))
        start = 0 if after is None else bisect.bisect_right(ordered, after)
        return ordered[start : start + self.PAGE]

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        after: str | None = None
        while True:
            page = self._page(after, prefix or "")
            yield from page
            if len(page) < self.PAGE:
                return
            after = page[-1]


class CompressedPickleStore(InMemoryStore[Any]):
    """Keeps every value pickled and zlib-compressed, and returns it unpickled: a copy
    equal to what was written."""

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        return [None if v is None else pickle.loads(zlib.decompress(v)) for v in super().mget(keys)]

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        super().mset([(k, zlib.compress(pickle.dumps(v))) for k, v in key_value_pairs])


class HashedLongKeyStore(InMemoryStore[Any]):
    """Addresses a key longer than 250 characters by its SHA-256, as a memcached or
    file-name based store must, and keeps the full key beside the value, so that two
    long keys never share an entry and ``yield_keys`` lists each key as written."""

    LONG: ClassVar[int] = 250

    def _slot(self, key: str) -> str:
        if len(key) <= self.LONG:
            return "k:" + key
        return "h:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        found = super().mget([self._slot(k) for k in keys])
        return [
            v[1] if v is not None and v[0] == k else None for k, v in zip(keys, found, strict=True)
        ]

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        super().mset([(self._slot(k), (k, v)) for k, v in key_value_pairs])

    def mdelete(self, keys: Sequence[str]) -> None:
        super().mdelete([self._slot(k) for k in keys])

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        keys = [entry[0] for entry in list(self._data.values())]
        return iter([k for k in keys if k.startswith(prefix or "")])


class SizeLimitedStore(InMemoryStore[Any]):
    """Holds values of at most 1 MiB, declares that limit in its value domain, and
    raises ``ValueError`` for a larger value, writing nothing of its batch."""

    LIMIT: ClassVar[int] = 1_048_576

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        pairs = list(key_value_pairs)
        for key, value in pairs:
            if not isinstance(value, bytes):
                raise TypeError(f"values must be bytes, not {type(value).__name__}")
            if len(value) > self.LIMIT:
                raise ValueError(f"value of {key!r} has {len(value):,} bytes; the limit is 1 MiB")
        super().mset(pairs)
