"""Stores that each break one rule of the store contract, the way real backends do.

Every class is the reference store (``storespec.reference.InMemoryStore``) with
one behaviour replaced by a realistic bug; the docstring of each class states
the rule it breaks and the backend habit it imitates. Async methods are the
reference's, which call the sync ones, unless the bug is in the async path.
"""

from __future__ import annotations

import bisect
import contextlib
import fnmatch
import json
import pickle
import re
import threading
import time
import unicodedata
import zlib
from collections.abc import AsyncIterator, Generator, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from langchain_core.stores import BaseStore

from storespec.reference import InMemoryStore


class DroppingMissingStore(InMemoryStore[Any]):
    """Breaks ``store.mget.missing``: ``mget`` answers only the keys it found.

    Like ``SQLStore.mget``, which returns the rows of ``SELECT ... WHERE key IN
    (...)``: a missing key has no row, so it gets no answer and every later
    value shifts onto the wrong key.
    """

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        return [self._data[key] for key in keys if key in self._data]


class DedupingStore(InMemoryStore[Any]):
    """Breaks ``store.mget.repeated``: a repeated key is answered once.

    Like a backend that deduplicates the batch before sending it to the server
    (``dict.fromkeys(keys)``) and returns the server's answers as they are.
    """

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        return super().mget(list(dict.fromkeys(keys)))


class ShardOrderStore(InMemoryStore[Any]):
    """Breaks ``store.mget.order``: answers come back shard by shard.

    Like a sharded client that groups the keys by ``crc32(key) % 2``, queries
    each shard, and concatenates the answers instead of putting each one back
    at its key's position. Every key gets exactly one answer.
    """

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        shards: list[list[str]] = [[], []]
        for key in keys:
            shards[zlib.crc32(key.encode("utf-8", "surrogatepass")) % 2].append(key)
        return super().mget(shards[0]) + super().mget(shards[1])


class TupleMgetStore(InMemoryStore[Any]):
    """Breaks ``store.mget.order`` (a ``list`` is required): ``mget`` returns a tuple.

    Like a driver whose ``fetch`` returns a tuple that the store passes on: it
    indexes like a list, but ``tuple == list`` is false, and code that appends
    to or type-checks the answer breaks.
    """

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        return tuple(super().mget(keys))  # type: ignore[return-value]


class EmptyBatchMgetStore(InMemoryStore[Any]):
    """Breaks ``store.mget.empty``: ``mget([])`` raises.

    Like ``RedisStore.mget``, which sends ``MGET`` with no arguments to a
    server that rejects it.
    """

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        if not keys:
            raise ValueError("ERR wrong number of arguments for 'mget' command")
        return super().mget(keys)


class WriteBehindStore(InMemoryStore[Any]):
    """Breaks ``store.mset.visible``: a batch is written when the next one arrives.

    Like a write-behind buffer that acknowledges ``mset`` at once and flushes
    the buffered batch on the next write call, so reads right after ``mset``
    do not see it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._pending: list[tuple[str, Any]] = []

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        super().mset(pending)

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        self._flush()
        self._pending = list(key_value_pairs)

    def mdelete(self, keys: Sequence[str]) -> None:
        self._flush()
        super().mdelete(keys)


class StaleReadCacheStore(InMemoryStore[Any]):
    """Breaks ``store.mset.visible``: ``mget`` serves a value cached before an overwrite.

    Like a read-through client-side cache in front of a server: ``mget`` caches
    the values it reads, ``mdelete`` invalidates them, but ``mset`` writes to
    the server only, so a key read before an overwrite keeps reading the old value.
    """

    def __init__(self) -> None:
        super().__init__()
        self._cached: dict[str, Any] = {}

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        answers: list[Any | None] = []
        for key, value in zip(keys, super().mget(keys), strict=True):
            if key in self._cached:
                value = self._cached[key]
            elif value is not None:
                self._cached[key] = value
            answers.append(value)
        return answers

    def mdelete(self, keys: Sequence[str]) -> None:
        super().mdelete(keys)
        for key in keys:
            self._cached.pop(key, None)


class InsertOrIgnoreStore(InMemoryStore[Any]):
    """Breaks ``store.mset.overwrite``: a key that exists keeps its old value.

    Like an SQL store that writes with ``INSERT OR IGNORE`` (or ``ON CONFLICT
    DO NOTHING``) instead of an upsert. Within one batch the last pair still
    wins, because the batch is collapsed with ``dict(pairs)`` first.
    """

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        fresh = {k: v for k, v in dict(key_value_pairs).items() if k not in self._data}
        super().mset(list(fresh.items()))


class FirstWinsStore(InMemoryStore[Any]):
    """Breaks ``store.mset.last-wins``: within a batch, the first pair for a key wins.

    Like a bulk loader that sorts the batch for the server and skips a key it
    has already written in this batch.
    """

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        seen: set[str] = set()
        first = []
        for key, value in key_value_pairs:
            if key not in seen:
                seen.add(key)
                first.append((key, value))
        super().mset(first)


class EmptyBatchMsetStore(InMemoryStore[Any]):
    """Breaks ``store.mset.empty``: ``mset([])`` raises.

    Like a store that sends ``MSET`` with no arguments to a server that rejects it.
    """

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        if not key_value_pairs:
            raise ValueError("ERR wrong number of arguments for 'mset' command")
        super().mset(key_value_pairs)


class LikeDeleteStore(InMemoryStore[Any]):
    """Breaks ``store.mdelete.exact``: deleting a key deletes every key it prefixes.

    Like an SQL store that deletes with ``DELETE ... WHERE key LIKE :key || '%'``
    (copied from its prefix scan) instead of ``key = :key``.
    """

    def mdelete(self, keys: Sequence[str]) -> None:
        ordered = sorted(self._data)
        doomed: list[str] = []
        for key in keys:
            start = bisect.bisect_left(ordered, key)
            for stored in ordered[start:]:
                if not stored.startswith(key):
                    break
                doomed.append(stored)
        super().mdelete(doomed)


class StrictDeleteStore(InMemoryStore[Any]):
    """Breaks ``store.mdelete.missing``: deleting a missing key raises ``KeyError``.

    Like a store that deletes with ``del self.data[key]`` (or a file store that
    calls ``unlink()`` without ``missing_ok=True``).
    """

    def mdelete(self, keys: Sequence[str]) -> None:
        for key in keys:
            del self._data[key]


class EmptyBatchDeleteStore(InMemoryStore[Any]):
    """Breaks ``store.mdelete.empty``: ``mdelete([])`` raises.

    Like ``RedisStore.mdelete``, which calls ``client.delete(*keys)`` and so
    sends ``DEL`` without arguments.
    """

    def mdelete(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("ERR wrong number of arguments for 'del' command")
        super().mdelete(keys)


class PagedScanStore(InMemoryStore[Any]):
    """Breaks ``store.keys.all``: a key is yielded twice when the listing spans pages.

    Like a cursor-based scan with an off-by-one cursor: each page of 32 keys
    starts at the last key of the previous page, so stores with more than 32
    keys list some keys twice (a Redis ``SCAN`` may also return a key twice).
    """

    PAGE: ClassVar[int] = 32

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        keys = list(super().yield_keys(prefix=prefix))
        return self._pages(keys)

    def _pages(self, keys: list[str]) -> Iterator[str]:
        start = 0
        while start < len(keys):
            yield from keys[start : start + self.PAGE]
            start += self.PAGE - 1 if start + self.PAGE < len(keys) else self.PAGE


class SoftDeleteStore(InMemoryStore[Any]):
    """Breaks ``store.keys.all``: a deleted key is still listed.

    Like an SQL store that deletes by setting a ``deleted`` flag on the row and
    filters it out in ``mget`` but not in the ``yield_keys`` query.
    """

    def __init__(self) -> None:
        super().__init__()
        self._deleted: set[str] = set()
        self._rows = threading.Lock()
        """A row's value and flag are read and changed together, as in one statement."""

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        with self._rows:
            found = super().mget(keys)
            return [None if k in self._deleted else v for k, v in zip(keys, found, strict=True)]

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        with self._rows:
            self._deleted.difference_update(k for k, _ in key_value_pairs)
            super().mset(key_value_pairs)

    def mdelete(self, keys: Sequence[str]) -> None:
        with self._rows:
            self._deleted.update(k for k in keys if k in self._data)


class BytesKeysStore(InMemoryStore[Any]):
    """Breaks ``store.keys.all``: ``yield_keys`` yields the keys as UTF-8 ``bytes``.

    Like a Redis-backed store whose client returns raw ``bytes`` from ``SCAN``
    (``decode_responses=False``) and passes them on.
    """

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        for key in super().yield_keys(prefix=prefix):
            yield key.encode("utf-8")  # type: ignore[misc]


class ContainsPrefixStore(InMemoryStore[Any]):
    """Breaks ``store.keys.prefix``: a key that contains the prefix anywhere is listed.

    Like an SQL store that searches with ``LIKE '%' || :prefix || '%'``, the
    pattern of its full-text search, instead of ``LIKE :prefix || '%'``.
    """

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        return iter([k for k in list(self._data) if prefix is None or prefix in k])


class GlobPrefixStore(InMemoryStore[Any]):
    """Breaks ``store.keys.prefix-literal``: the prefix is matched as a glob pattern.

    Like ``RedisStore.yield_keys``, which passes the prefix to ``SCAN MATCH``
    where ``*``, ``?``, ``[`` and ``\\`` are pattern syntax.
    """

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        if not prefix:
            return super().yield_keys(prefix=prefix)
        return iter([k for k in list(self._data) if fnmatch.fnmatchcase(k, prefix + "*")])


class LikePrefixStore(InMemoryStore[Any]):
    """Breaks ``store.keys.prefix-literal``: ``_`` and ``%`` in the prefix are wildcards.

    Like an SQL store that scans with ``WHERE key LIKE :prefix || '%'`` and
    does not escape the prefix.
    """

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        if not prefix:
            return super().yield_keys(prefix=prefix)
        parts = (".*" if c == "%" else "." if c == "_" else re.escape(c) for c in prefix)
        pattern = re.compile("".join(parts), re.DOTALL)
        return iter([k for k in list(self._data) if pattern.match(k)])


class CaseInsensitivePrefixStore(InMemoryStore[Any]):
    """Breaks ``store.keys.prefix-literal``: the prefix is matched ignoring case.

    Like a database whose default collation is case-insensitive (MySQL's
    ``utf8mb4_0900_ai_ci``): keys are stored exactly, but ``LIKE`` ignores case.
    """

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        if not prefix:
            return super().yield_keys(prefix=prefix)
        folded = prefix.casefold()
        return iter([k for k in list(self._data) if k.casefold().startswith(folded)])


def _successor(prefix: str) -> str:
    """The smallest string greater than every string that starts with ``prefix``."""
    if not prefix:
        return prefix
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class RangeScanStore(InMemoryStore[Any]):
    """Breaks ``store.keys.prefix-empty``: ``prefix=""`` lists nothing.

    Like a sorted key-value store that scans the range ``[prefix,
    successor(prefix))``: the successor of the empty string is computed as the
    empty string, so the range is empty. ``prefix=None`` still lists every key.
    """

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        if prefix is None:
            return super().yield_keys()
        keys = sorted(self._data)
        low = bisect.bisect_left(keys, prefix)
        high = bisect.bisect_left(keys, _successor(prefix))
        return iter(keys[low:high])


class CoroutineKeysStore(InMemoryStore[Any]):
    """Breaks ``store.keys.iterator``: ``ayield_keys`` is a coroutine, not an async iterator.

    Like a native async override written as ``async def ayield_keys(...)`` that
    returns the keys: ``async for`` cannot iterate the coroutine it returns.
    """

    async def ayield_keys(self, *, prefix: str | None = None) -> Iterator[str]:  # type: ignore[override]
        return self.yield_keys(prefix=prefix)


class _KeyMappingStore(InMemoryStore[Any]):
    """The reference store behind a key mapping applied to the keys of every batch;
    ``yield_keys`` lists the mapped keys and takes the prefix as given."""

    def _map(self, key: str) -> str:
        raise NotImplementedError

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        return super().mget([self._map(k) for k in keys])

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        super().mset([(self._map(k), v) for k, v in key_value_pairs])

    def mdelete(self, keys: Sequence[str]) -> None:
        super().mdelete([self._map(k) for k in keys])


class LowercasingStore(_KeyMappingStore):
    """Breaks ``store.key.distinct``: keys are lowercased, so ``Key`` and ``key`` collide.

    Like a store that lowercases keys (and prefixes) to work around a
    case-insensitive file system or collation.
    """

    def _map(self, key: str) -> str:
        return key.lower()

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        return super().yield_keys(prefix=None if prefix is None else prefix.lower())


class NormalisingStore(_KeyMappingStore):
    """Breaks ``store.key.distinct``: keys are NFC-normalised, so ``é`` and ``e`` + U+0301 collide.

    Like a file system (HFS+) or a database collation that normalises Unicode.
    """

    def _map(self, key: str) -> str:
        return unicodedata.normalize("NFC", key)


class StrippingStore(_KeyMappingStore):
    """Breaks ``store.key.distinct``: surrounding whitespace is stripped from keys.

    Like a store that cleans its input with ``key.strip()``, or an SQL ``CHAR``
    column that pads and trims.
    """

    def _map(self, key: str) -> str:
        return key.strip()


class TruncatingStore(_KeyMappingStore):
    """Breaks ``store.key.distinct``: keys are cut at 250 characters.

    Like a memcached-backed store: memcached keys are limited to 250 bytes, and
    the store truncates instead of rejecting or hashing longer keys.
    """

    def _map(self, key: str) -> str:
        return key[:250]


class EscapingStore(InMemoryStore[Any]):
    """Breaks ``store.key.outside-domain``: out-of-domain keys are silently rewritten.

    It declares printable-ASCII keys of at most 100 characters, but instead of
    rejecting other keys it escapes non-ASCII characters (``\\xe9``) and cuts
    keys at 100 characters, as a careless memcached or file-name store does.
    """

    LIMIT: ClassVar[int] = 100

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        super().mset([(self._escape(k), v) for k, v in key_value_pairs])

    def _escape(self, key: str) -> str:
        return key.encode("ascii", "backslashreplace").decode("ascii")[: self.LIMIT]


def _unwrap(value: Any) -> Any:
    if isinstance(value, list):
        items = [_unwrap(v) for v in value]
        return items[0] if len(items) == 1 else items
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    return value


class UnwrappingStore(InMemoryStore[Any]):
    """Breaks ``store.value.roundtrip``: a one-element list reads back as its element.

    Like a store that keeps values as XML or form fields and parses them back
    without a schema (the ``xmltodict`` ``force_list`` pitfall): ``["v"]`` and
    ``"v"`` are encoded alike.
    """

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        super().mset([(k, json.dumps(v)) for k, v in key_value_pairs])

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        return [None if v is None else _unwrap(json.loads(v)) for v in super().mget(keys)]


class TruthyStore(InMemoryStore[Any]):
    """Breaks ``store.value.falsy``: a falsy value reads back as missing.

    Like a byte store that reads with ``return data or None``, so an empty
    file or an empty blob is reported as a missing key.
    """

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        return [value or None for value in super().mget(keys)]


class IntegrityError(Exception):
    """A unique-constraint violation, as an SQL driver raises it."""


class InsertingAmsetStore(InMemoryStore[Any]):
    """Breaks ``store.async.equivalent``: ``amset`` rejects a key repeated in its batch.

    Like ``SQLStore.amset``, which deletes the batch's keys once and then
    inserts one row per pair, so a repeated key meets the primary key, while
    the sync ``mset`` collapses the batch with ``dict(pairs)`` and succeeds.
    """

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        keys = [k for k, _ in key_value_pairs]
        if len(set(keys)) == len(keys):
            # One transaction: no reader sees the keys deleted and not yet inserted.
            super().mset(key_value_pairs)
            return
        self.mdelete(keys)
        inserted: set[str] = set()
        for key, value in key_value_pairs:
            if key in inserted:
                raise IntegrityError(f"UNIQUE constraint failed: store.key = {key!r}")
            inserted.add(key)
            super().mset([(key, value)])


class SplitStateStore(InMemoryStore[Any]):
    """Breaks ``store.async.shared-state``: async calls act on a different dict.

    Like a store that opens one sync and one async client, configured apart,
    so that they reach different databases: each API is consistent with
    itself, and neither sees the other's writes.
    """

    def __init__(self) -> None:
        super().__init__()
        self._async: InMemoryStore[Any] = InMemoryStore()

    async def amget(self, keys: Sequence[str]) -> list[Any | None]:
        return await self._async.amget(keys)

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        await self._async.amset(key_value_pairs)

    async def amdelete(self, keys: Sequence[str]) -> None:
        await self._async.amdelete(keys)

    def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        return self._async.ayield_keys(prefix=prefix)


class BlockingAsyncStore(InMemoryStore[Any]):
    """Breaks ``store.async.nonblocking`` (SHOULD): async methods block the event loop.

    Like a native async override that calls a blocking client directly; the
    client's round trip is a ``time.sleep`` here.
    """

    ROUND_TRIP: ClassVar[float] = 0.0001

    async def amget(self, keys: Sequence[str]) -> list[Any | None]:
        time.sleep(self.ROUND_TRIP)
        return self.mget(keys)

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        time.sleep(self.ROUND_TRIP)
        self.mset(key_value_pairs)

    async def amdelete(self, keys: Sequence[str]) -> None:
        time.sleep(self.ROUND_TRIP)
        self.mdelete(keys)


class NoWaitLockStore(InMemoryStore[Any]):
    """Breaks ``store.isolation.concurrent`` (SHOULD): a write fails while another instance writes.

    Like stores that share one SQLite file opened without a busy timeout: every
    instance of the process writes under one lock, and a writer that finds it
    taken raises ``database is locked`` instead of waiting for it. Each instance's
    own writes take turns, as the statements of one connection do.
    """

    WRITE_LOCK: ClassVar[threading.Lock] = threading.Lock()
    WRITE_TIME: ClassVar[float] = 0.0005
    """How long a write holds the lock: the file's I/O."""

    # As in such stores, the async twins are BaseStore's: the sync methods in an executor.
    amset = BaseStore.amset
    amdelete = BaseStore.amdelete

    def __init__(self) -> None:
        super().__init__()
        self._connection = threading.Lock()

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        with self._connection, self._locked():
            super().mset(key_value_pairs)

    def mdelete(self, keys: Sequence[str]) -> None:
        with self._connection, self._locked():
            super().mdelete(keys)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if not self.WRITE_LOCK.acquire(blocking=False):
            raise RuntimeError("database is locked")
        try:
            time.sleep(self.WRITE_TIME)
            yield
        finally:
            self.WRITE_LOCK.release()


class ParameterLimitStore(InMemoryStore[Any]):
    """Breaks ``store.batch.large`` (SHOULD): a batch of more than 32,766 keys raises.

    Like an SQLite store that binds one parameter per key in a single
    statement and does not split the batch: SQLite allows 32,766 parameters.
    """

    LIMIT: ClassVar[int] = 32_766

    def _check(self, size: int) -> None:
        if size > self.LIMIT:
            raise OverflowError("too many SQL variables")

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        self._check(len(keys))
        return super().mget(keys)

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        self._check(len(key_value_pairs))
        super().mset(key_value_pairs)

    def mdelete(self, keys: Sequence[str]) -> None:
        self._check(len(keys))
        super().mdelete(keys)


class ClassDictStore(InMemoryStore[Any]):
    """Breaks ``store.isolation``: every instance shares one class-level dict.

    Like a store that keeps its connection pool and data in class attributes,
    so a second instance, meant for another namespace, reads and writes the
    first one's keys.
    """

    _shared: ClassVar[dict[str, Any]] = {}

    def __init__(self) -> None:
        super().__init__()
        self._data = self._shared


class FlushOnCloseStore(InMemoryStore[Any]):
    """Breaks ``store.persistence``: data reaches the file only when the store is closed.

    Like a file-backed store that loads its file when opened and writes it
    back in ``close()``: a second instance opened meanwhile sees nothing.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        if path.exists():
            self._data = pickle.loads(path.read_bytes())

    def close(self) -> None:
        """Write every key and value to the file."""
        self._path.write_bytes(pickle.dumps(self._data))


class MemoisingStore(InMemoryStore[Any]):
    """Breaks ``store.mdelete.exact`` and ``store.async.shared-state`` in sequences only:
    a key read before an ``mdelete`` or an ``amset`` reads stale afterwards.

    Like a store that memoises the values its sync ``mget`` has read (a
    client-side cache) and invalidates the memo in the sync ``mset`` only:
    ``mdelete`` and the native ``amset`` forget it, so a key read before a
    delete or an async write is still answered from the memo. ``amget`` reads
    the data directly.
    """

    def __init__(self) -> None:
        super().__init__()
        self._memo: dict[str, Any] = {}

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        answers: list[Any | None] = []
        for key, value in zip(keys, super().mget(keys), strict=True):
            if key in self._memo:
                value = self._memo[key]
            elif value is not None:
                self._memo[key] = value
            answers.append(value)
        return answers

    async def amget(self, keys: Sequence[str]) -> list[Any | None]:
        return super().mget(keys)

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        for key, _ in key_value_pairs:
            self._memo.pop(key, None)
        super().mset(key_value_pairs)

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        super().mset(key_value_pairs)


class TombstoneStore(InMemoryStore[Any]):
    """Breaks store.keys.model: a delete leaves a tombstone that a later write of the same key
    does not clear, so the key reads back but is never listed again, as a store whose
    listing index is maintained apart from its data can do."""

    def __init__(self) -> None:
        super().__init__()
        self._tombs: set[str] = set()

    def mdelete(self, keys: Sequence[str]) -> None:
        super().mdelete(keys)
        self._tombs.update(keys)

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        return (key for key in list(super().yield_keys(prefix=prefix)) if key not in self._tombs)


class PrefixMemoStore(InMemoryStore[Any]):
    """Breaks ``store.keys.model`` in sequences only: a prefix listing made before an
    ``mdelete`` is answered again after it.

    Like a store that memoises listings, the slow part of its API, per prefix:
    ``mset`` forgets every memo, ``mdelete`` only the memo of the whole listing, so a
    key deleted after a listing by prefix stays in that listing.
    """

    def __init__(self) -> None:
        super().__init__()
        self._listings: dict[str | None, list[str]] = {}

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        self._listings.clear()
        super().mset(key_value_pairs)

    def mdelete(self, keys: Sequence[str]) -> None:
        self._listings.pop(None, None)
        self._listings.pop("", None)
        super().mdelete(keys)

    def yield_keys(self, *, prefix: str | None = None) -> Generator[str, None, None]:
        if prefix not in self._listings:
            self._listings[prefix] = list(super().yield_keys(prefix=prefix))
        yield from list(self._listings[prefix])
