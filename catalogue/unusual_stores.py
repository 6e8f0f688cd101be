"""Stores that are correct but unusual: the suite must accept every one of them.

Each class keeps every rule of the store contract while doing something the
reference does not: another key order, another iterator type, copies, native
or default async methods, encoded keys, a narrowed domain, a file on disk.
The docstring of each class states what is unusual and why it is allowed.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import pickle
import random
import threading
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from langchain_core.stores import BaseStore


class _DictStore(BaseStore[str, Any]):
    """A plain store over a dict; async methods are BaseStore's executor defaults.

    ``_encode`` and ``_decode`` map a key onto the dict's key and back; values
    pass through ``_store`` on the way in and ``_load`` on the way out.
    """

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}

    def _encode(self, key: str) -> str:
        return key

    def _decode(self, stored: str) -> str:
        return stored

    def _store(self, value: Any) -> Any:
        return value

    def _load(self, stored: Any) -> Any:
        return stored

    def _check_key(self, key: str) -> None:
        if not isinstance(key, str):
            raise TypeError(f"keys must be str, not {type(key).__name__}")

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        answers: list[Any | None] = []
        for key in keys:
            self._check_key(key)
            stored = self._data.get(self._encode(key))
            answers.append(None if stored is None else self._load(stored))
        return answers

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        for key, value in key_value_pairs:
            self._check_key(key)
            if value is None:
                raise ValueError("None is not a storable value")
            self._data[self._encode(key)] = self._store(value)

    def mdelete(self, keys: Sequence[str]) -> None:
        for key in keys:
            self._check_key(key)
            self._data.pop(self._encode(key), None)

    def _matching(self, prefix: str | None) -> list[str]:
        keys = [self._decode(k) for k in list(self._data)]
        return [k for k in keys if prefix is None or k.startswith(prefix)]

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        yield from self._matching(prefix)


class ReverseOrderStore(_DictStore):
    """Yields keys newest first. Key order is implementation-defined (``store.keys.order``)."""

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        yield from reversed(self._matching(prefix))


class ShuffledKeysStore(_DictStore):
    """Yields keys in a random order on every call, as a hash-ordered server scan does.

    Key order is implementation-defined (``store.keys.order``).
    """

    def __init__(self) -> None:
        super().__init__()
        self._random = random.Random()

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        keys = self._matching(prefix)
        self._random.shuffle(keys)
        yield from keys


class _KeyIterator:
    """A hand-written async iterator over a snapshot of keys (not an async generator)."""

    def __init__(self, keys: list[str]) -> None:
        self._keys = iter(keys)

    def __aiter__(self) -> _KeyIterator:
        return self

    async def __anext__(self) -> str:
        try:
            return next(self._keys)
        except StopIteration:
            raise StopAsyncIteration from None


class PlainIteratorStore(_DictStore):
    """Returns ``iter(list)`` from ``yield_keys`` and a hand-written async iterator from
    ``ayield_keys``: ``store.keys.iterator`` requires an Iterator, not a generator."""

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        return iter(sorted(self._matching(prefix)))

    def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        return _KeyIterator(self._matching(prefix))


class CopyingStore(_DictStore):
    """Stores and returns deep copies; aliasing is implementation-defined
    (``store.value.aliasing``), and copies are equal to what was written."""

    def _store(self, value: Any) -> Any:
        return copy.deepcopy(value)

    def _load(self, stored: Any) -> Any:
        return copy.deepcopy(stored)


class ExecutorDefaultStore(_DictStore):
    """Implements the sync methods only; the async twins are ``BaseStore``'s defaults,
    which run the sync methods in an executor (``store.async.equivalent``)."""


class SuspendingStore(_DictStore):
    """Native async methods that really suspend, with ``await asyncio.sleep(0)`` between
    steps, as a client awaiting a server does. They still act on the same state."""

    async def amget(self, keys: Sequence[str]) -> list[Any | None]:
        answers: list[Any | None] = []
        for key in keys:
            await asyncio.sleep(0)
            answers.extend(self.mget([key]))
        return answers

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        for pair in key_value_pairs:
            await asyncio.sleep(0)
            self.mset([pair])

    async def amdelete(self, keys: Sequence[str]) -> None:
        for key in keys:
            await asyncio.sleep(0)
            self.mdelete([key])

    async def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        for key in self._matching(prefix):
            await asyncio.sleep(0)
            yield key


class SerialisedWritesStore(_DictStore):
    """Every instance of the process writes under one lock and waits for it, as a store on
    one SQLite file with a busy timeout does: writers in distinct namespaces take turns."""

    WRITE_LOCK: ClassVar[threading.Lock] = threading.Lock()

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        with self.WRITE_LOCK:
            time.sleep(0.0005)
            super().mset(key_value_pairs)

    def mdelete(self, keys: Sequence[str]) -> None:
        with self.WRITE_LOCK:
            time.sleep(0.0005)
            super().mdelete(keys)


class HexKeyStore(_DictStore):
    """Keeps each key as the hex of its UTF-8 bytes, an injective encoding, as a store
    whose server accepts only ``[0-9a-f]`` names would; keys are decoded for listing."""

    def _encode(self, key: str) -> str:
        return key.encode("utf-8").hex()

    def _decode(self, stored: str) -> str:
        return bytes.fromhex(stored).decode("utf-8")


class HashedKeyStore(_DictStore):
    """Addresses each value by the SHA-256 of its key and keeps the original key beside
    the value, so ``yield_keys`` lists keys exactly as written."""

    def _encode(self, key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        return [None if found is None else found[1] for found in super().mget(keys)]

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        for key, value in key_value_pairs:
            if value is None:
                raise ValueError("None is not a storable value")
            super().mset([(key, (key, value))])

    def _matching(self, prefix: str | None) -> list[str]:
        keys = [key for key, _ in self._data.values()]
        return [k for k in keys if prefix is None or k.startswith(prefix)]


class BytesOnlyStore(_DictStore):
    """A ``ByteStore``: values must be ``bytes``, anything else raises ``TypeError``.
    It declares the BYTES value domain, so no other value is tested as storable."""

    def _store(self, value: Any) -> Any:
        if not isinstance(value, bytes):
            raise TypeError(f"values must be bytes, not {type(value).__name__}")
        return value


class DomainError(ValueError):
    """A key outside the store's declared key domain."""


class AsciiKeyStore(_DictStore):
    """Accepts only ASCII keys of at most 100 characters and rejects any other key with
    ``ValueError``, as ``store.key.outside-domain`` requires of a narrowed key domain."""

    MAX_LENGTH: ClassVar[int] = 100

    def _check_key(self, key: str) -> None:
        super()._check_key(key)
        if not key.isascii() or len(key) > self.MAX_LENGTH:
            raise DomainError(f"keys must be ASCII of at most {self.MAX_LENGTH} characters")


class AlphanumericKeyStore(_DictStore):
    """Accepts only the spec's minimal key domain, 1 to 64 lowercase ASCII letters and
    digits, and rejects any other key with ``ValueError``; intro.md guarantees that
    every domain holds these keys, so the suite must not need any other."""

    ALPHABET: ClassVar[frozenset[str]] = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")

    def _check_key(self, key: str) -> None:
        super()._check_key(key)
        if not 1 <= len(key) <= 64 or not self.ALPHABET.issuperset(key):
            raise DomainError("keys must be 1 to 64 lowercase ASCII letters and digits")


class JsonStore(_DictStore):
    """Serialises every value to JSON text and parses it on read, so values read back
    as equal copies; it declares the JSON value domain."""

    def _store(self, value: Any) -> Any:
        return json.dumps(value)

    def _load(self, stored: Any) -> Any:
        return json.loads(stored)


class FileStore(_DictStore):
    """Keeps its data in a file in its namespace's directory and writes the file through
    on every change, so a second instance on the same namespace sees it at once
    (``store.persistence``). Calls on one instance take turns on a lock, so that no
    thread's write replaces a file another thread has changed since it read it."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        self._lock = threading.RLock()

    def _read(self) -> dict[str, Any]:
        if not self._path.exists():
            return {}
        loaded: dict[str, Any] = pickle.loads(self._path.read_bytes())
        return loaded

    def _write(self, data: dict[str, Any]) -> None:
        temporary = self._path.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps(data))
        temporary.replace(self._path)

    def mget(self, keys: Sequence[str]) -> list[Any | None]:
        with self._lock:
            self._data = self._read()
            return super().mget(keys)

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        with self._lock:
            self._data = self._read()
            try:
                super().mset(key_value_pairs)
            finally:
                self._write(self._data)

    def mdelete(self, keys: Sequence[str]) -> None:
        with self._lock:
            self._data = self._read()
            try:
                super().mdelete(keys)
            finally:
                self._write(self._data)

    def _matching(self, prefix: str | None) -> list[str]:
        with self._lock:
            self._data = self._read()
            return super()._matching(prefix)
