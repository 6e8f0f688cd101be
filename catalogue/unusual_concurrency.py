"""Stores and caches that are safe to share between threads and tasks in unusual ways.

Each keeps every rule of the contract, the concurrency clauses included, without the
reference's plain dict: per-key cells replaced without any lock, an async-native
store that serialises its calls on an ``asyncio.Lock``, a cache whose writes are
applied one at a time by a writer thread. The suite must accept every one.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import zlib
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from concurrent.futures import Future
from typing import Any

from langchain_core.caches import RETURN_VAL_TYPE
from langchain_core.stores import BaseStore

from storespec.reference import InMemoryCache

SHARDS = 16


class LockFreeShardedStore(BaseStore[str, Any]):
    """Keys spread over 16 dicts by CRC-32; every change is one assignment or removal of
    one key's entry, so no lock is needed and each key is linearizable on its own. A
    batch is not atomic across keys, which the contract allows (``store.batch.atomicity``).
    Async methods answer directly, without suspending."""

    def __init__(self) -> None:
        self._shards: tuple[dict[str, Any], ...] = tuple({} for _ in range(SHARDS))

    def _shard(self, key: str) -> dict[str, Any]:
        return self._shards[zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS]

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        return [self._shard(key).get(key) for key in keys]

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        for key, value in key_value_pairs:
            self._shard(key)[key] = value

    def mdelete(self, keys: Sequence[str]) -> None:
        for key in keys:
            self._shard(key).pop(key, None)

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        found = [k for shard in self._shards for k in list(shard) if k.startswith(prefix or "")]
        return iter(found)

    async def amget(self, keys: Sequence[str]) -> list[Any | None]:
        return self.mget(keys)

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        self.mset(key_value_pairs)

    async def amdelete(self, keys: Sequence[str]) -> None:
        self.mdelete(keys)

    async def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        for key in self.yield_keys(prefix=prefix):
            yield key


class AsyncLockStore(BaseStore[str, Any]):
    """Async-native: each async call holds an ``asyncio.Lock`` for the whole call and
    suspends inside it (``await asyncio.sleep(0)`` per key, as a client awaiting its
    server does), so tasks take turns. The sync methods, for threads, hold a
    ``threading.Lock`` instead; each change of one key is a single dict operation, so
    the two kinds of callers never see a torn value. The ``asyncio.Lock`` is created
    on first use, on the loop that uses it."""

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}
        self._thread_lock = threading.Lock()
        self._task_lock: asyncio.Lock | None = None

    def _lock(self) -> asyncio.Lock:
        if self._task_lock is None:
            self._task_lock = asyncio.Lock()
        return self._task_lock

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        with self._thread_lock:
            return [self._data.get(key) for key in keys]

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        with self._thread_lock:
            for key, value in key_value_pairs:
                self._data[key] = value

    def mdelete(self, keys: Sequence[str]) -> None:
        with self._thread_lock:
            for key in keys:
                self._data.pop(key, None)

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        with self._thread_lock:
            return iter([k for k in list(self._data) if k.startswith(prefix or "")])

    async def amget(self, keys: Sequence[str]) -> list[Any | None]:
        async with self._lock():
            answers: list[Any | None] = []
            for key in keys:
                await asyncio.sleep(0)
                answers.append(self._data.get(key))
            return answers

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        async with self._lock():
            for key, value in key_value_pairs:
                await asyncio.sleep(0)
                self._data[key] = value

    async def amdelete(self, keys: Sequence[str]) -> None:
        async with self._lock():
            for key in keys:
                await asyncio.sleep(0)
                self._data.pop(key, None)

    async def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        async with self._lock():
            found = [k for k in list(self._data) if k.startswith(prefix or "")]
        for key in found:
            await asyncio.sleep(0)
            yield key


def _stop() -> None:
    """The write that tells a writer thread to stop."""


class WriterThreadCache(InMemoryCache):
    """Every ``update`` and ``clear`` is queued to one writer thread, which applies them
    in order; the caller waits until its write is applied, so a lookup after an update
    returns finds it. Lookups read directly. Eviction is the reference's, applied by the
    writer alone; async callers await the write without blocking the event loop."""

    def __init__(self, *, maxsize: int | None = None) -> None:
        super().__init__(maxsize=maxsize)
        self._writes: queue.SimpleQueue[tuple[Callable[[], None], Future[None]]] = (
            queue.SimpleQueue()
        )
        self._writer = threading.Thread(target=self._apply_writes, daemon=True)
        self._writer.start()

    def close(self) -> None:
        """Stop the writer thread once the writes queued before are applied."""
        self._writes.put((_stop, Future()))
        self._writer.join(10)

    def _apply_writes(self) -> None:
        while True:
            write, done = self._writes.get()
            if write is _stop:
                return
            try:
                write()
            except Exception as exc:
                done.set_exception(exc)
            else:
                done.set_result(None)

    def _queued(self, write: Callable[[], None]) -> Future[None]:
        done: Future[None] = Future()
        self._writes.put((write, done))
        return done

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        self._queued(lambda: InMemoryCache.update(self, prompt, llm_string, return_val)).result()

    def clear(self, **kwargs: Any) -> None:
        self._queued(lambda: InMemoryCache.clear(self, **kwargs)).result()

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        write = self._queued(lambda: InMemoryCache.update(self, prompt, llm_string, return_val))
        await asyncio.wrap_future(write)

    async def aclear(self, **kwargs: Any) -> None:
        await asyncio.wrap_future(self._queued(lambda: InMemoryCache.clear(self, **kwargs)))
