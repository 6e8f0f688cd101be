"""Stores and caches that are correct one call at a time and break when calls overlap.

Each one passes every clause a sequence of calls can check; each breaks a
concurrency clause, the way backends do that were written and tested one call
at a time. The docstring of each class states the rule and the habit it imitates.
"""

from __future__ import annotations

import asyncio
import pickle
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any

from langchain_core.caches import RETURN_VAL_TYPE
from langchain_core.stores import BaseStore

from storespec.reference import InMemoryCache, InMemoryStore


class AwaitingReadModifyWriteStore(InMemoryStore[Any]):
    """Breaks ``store.concurrency.linearizable`` under tasks: ``amset`` reads the table,
    awaits, and writes back its changed copy.

    Like a store that keeps its table as one document on a server (a JSON blob under
    one Redis key, one object in a bucket): ``amset`` awaits the read of the document,
    changes it, and awaits its write. Two tasks that overlap both start from the same
    document, and the later write loses the earlier one's pairs.
    """

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        document = dict(self._data)
        await asyncio.sleep(0)
        document.update(key_value_pairs)
        await asyncio.sleep(0)
        self._data = document

    async def amdelete(self, keys: Sequence[str]) -> None:
        document = dict(self._data)
        await asyncio.sleep(0)
        for key in keys:
            document.pop(key, None)
        await asyncio.sleep(0)
        self._data = document


class CopySwapStore(InMemoryStore[Any]):
    """Breaks ``store.concurrency.linearizable`` under threads: writes copy the table,
    change the copy and swap it in, without a lock.

    Like a store that keeps its table as one pickled snapshot (a file written
    whole, one blob under a key): each write loads the snapshot, changes it and
    saves it, giving up the processor in between as any I/O does. Two threads that
    overlap both load the same snapshot, and the later save loses the earlier one's
    pairs. The async methods are ``BaseStore``'s defaults, which run the sync ones in
    executor threads.
    """

    def __init__(self) -> None:
        super().__init__()
        self._snapshot = pickle.dumps({})

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        table = pickle.loads(self._snapshot)
        return [table.get(key) for key in keys]

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        table = pickle.loads(self._snapshot)
        time.sleep(0)
        table.update(key_value_pairs)
        self._snapshot = pickle.dumps(table)

    def mdelete(self, keys: Sequence[str]) -> None:
        table = pickle.loads(self._snapshot)
        time.sleep(0)
        for key in keys:
            table.pop(key, None)
        self._snapshot = pickle.dumps(table)

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        table = pickle.loads(self._snapshot)
        return iter([k for k in table if k.startswith(prefix or "")])

    amget = BaseStore.amget
    amset = BaseStore.amset
    amdelete = BaseStore.amdelete
    ayield_keys = BaseStore.ayield_keys


class InterfaceError(Exception):
    """What a database driver raises when its connection is used wrongly."""


class _Connection:
    """One connection to a server: one operation at a time, as asyncpg's and most
    drivers' connections allow; a second one while the first runs is refused."""

    def __init__(self) -> None:
        self.rows: dict[str, Any] = {}
        self._busy = False

    def _begin(self) -> None:
        if self._busy:
            msg = "cannot perform operation: another operation is in progress"
            raise InterfaceError(msg)
        self._busy = True

    def run(self, operation: Callable[[dict[str, Any]], Any]) -> Any:
        """Send ``operation`` and wait for its answer, giving up the processor meanwhile."""
        self._begin()
        try:
            time.sleep(0)
            return operation(self.rows)
        finally:
            self._busy = False

    async def arun(self, operation: Callable[[dict[str, Any]], Any]) -> Any:
        """Send ``operation`` and await its answer."""
        self._begin()
        try:
            await asyncio.sleep(0)
            return operation(self.rows)
        finally:
            self._busy = False


class SharedConnectionStore(BaseStore[str, Any]):
    """Breaks ``store.concurrency.no-errors``: one connection serves every caller.

    Like a store that opens its database connection once, in ``__init__``, and shares it
    without a pool or a lock: one call at a time works, and a call made while another
    is in flight gets ``InterfaceError: cannot perform operation: another operation is
    in progress``, as asyncpg raises. Threads use the sync methods and tasks the async
    ones, on the same connection.
    """

    def __init__(self) -> None:
        self._connection = _Connection()

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        answers: list[Any | None] = self._connection.run(lambda rows: [rows.get(k) for k in keys])
        return answers

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        pairs = list(key_value_pairs)
        self._connection.run(lambda rows: rows.update(pairs))

    def mdelete(self, keys: Sequence[str]) -> None:
        self._connection.run(lambda rows: [rows.pop(k, None) for k in keys])

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        found: list[str] = self._connection.run(
            lambda rows: [k for k in rows if k.startswith(prefix or "")]
        )
        return iter(found)

    async def amget(self, keys: Sequence[str]) -> list[Any | None]:
        answers: list[Any | None] = await self._connection.arun(
            lambda rows: [rows.get(k) for k in keys]
        )
        return answers

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        pairs = list(key_value_pairs)
        await self._connection.arun(lambda rows: rows.update(pairs))

    async def amdelete(self, keys: Sequence[str]) -> None:
        await self._connection.arun(lambda rows: [rows.pop(k, None) for k in keys])

    async def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        found: list[str] = await self._connection.arun(
            lambda rows: [k for k in rows if k.startswith(prefix or "")]
        )
        for key in found:
            yield key


class ThreadBoundIteratorStore(InMemoryStore[Any]):
    """Breaks ``store.keys.any-thread``: a ``yield_keys`` iterator works only on the
    thread that created it.

    Like a store whose listing is a cursor of a thread-local database session (or of a
    SQLite connection created with ``check_same_thread=True``): advancing it from
    another thread raises. ``ayield_keys`` lists on the event loop's thread itself.
    """

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        keys = list(super().yield_keys(prefix=prefix))
        return _bound_to(threading.get_ident(), keys)

    async def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        for key in list(super().yield_keys(prefix=prefix)):
            yield key


def _bound_to(owner: int, keys: list[str]) -> Iterator[str]:
    for key in keys:
        if threading.get_ident() != owner:
            msg = (
                "SQLite objects created in a thread can only be used in that same thread. "
                f"The object was created in thread id {owner} and this is thread id "
                f"{threading.get_ident()}."
            )
            raise sqlite3.ProgrammingError(msg)
        yield key


class OvershootingCache(InMemoryCache):
    """Breaks ``cache.maxsize.concurrent``: two concurrent updates can both see room.

    Like a cache on a server that counts its entries with one request and inserts with
    another (``SELECT COUNT(*)``, then ``INSERT``; ``DBSIZE``, then ``SET``), evicting
    only when the count equals ``maxsize``, as ``langchain_core``'s ``InMemoryCache``
    does: two updates that overlap both see one slot free, both insert, and from then
    on the count never equals ``maxsize`` again. ``update`` gives up the processor
    between its two requests, as any network client does.
    """

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        key = (prompt, llm_string)
        if key not in self._data:
            count = len(self._data)
            time.sleep(0)
            if self._maxsize is not None and count == self._maxsize and self._order:
                self._data.pop(self._order.popleft(), None)
            self._order.append(key)
        self._data[key] = list(return_val)

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        key = (prompt, llm_string)
        if key not in self._data:
            count = len(self._data)
            await asyncio.sleep(0)
            if self._maxsize is not None and count == self._maxsize and self._order:
                self._data.pop(self._order.popleft(), None)
            self._order.append(key)
        self._data[key] = list(return_val)


class AwaitingReadModifyWriteCache(InMemoryCache):
    """Breaks ``cache.concurrency.linearizable`` under tasks: ``aupdate`` reads the whole
    table, awaits, and writes back its changed copy.

    Like a cache that keeps every entry in one document on a server: two tasks that
    overlap both start from the same document, and the later write loses the earlier
    one's entry. Unbounded only: it declares no ``maxsize``.
    """

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        document = dict(self._data)
        await asyncio.sleep(0)
        document[(prompt, llm_string)] = list(return_val)
        await asyncio.sleep(0)
        self._data = document


class SharedConnectionCache(InMemoryCache):
    """Breaks ``cache.concurrency.no-errors``: one connection serves every caller.

    Like a cache that opens one database connection in ``__init__`` and shares it
    without a pool or a lock: a call made while another is in flight gets
    ``InterfaceError: cannot perform operation: another operation is in progress``.
    Unbounded only: it declares no ``maxsize``.
    """

    def __init__(self) -> None:
        super().__init__()
        self._connection = _Connection()

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        found: RETURN_VAL_TYPE | None = self._connection.run(
            lambda rows: rows.get(f"{len(prompt)}:{prompt}{llm_string}")
        )
        return found

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        value = list(return_val)
        key = f"{len(prompt)}:{prompt}{llm_string}"
        self._connection.run(lambda rows: rows.__setitem__(key, value))

    def clear(self, **kwargs: Any) -> None:
        self._connection.run(lambda rows: rows.clear())

    async def alookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        found: RETURN_VAL_TYPE | None = await self._connection.arun(
            lambda rows: rows.get(f"{len(prompt)}:{prompt}{llm_string}")
        )
        return found

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        value = list(return_val)
        key = f"{len(prompt)}:{prompt}{llm_string}"
        await self._connection.arun(lambda rows: rows.__setitem__(key, value))

    async def aclear(self, **kwargs: Any) -> None:
        await self._connection.arun(lambda rows: rows.clear())
