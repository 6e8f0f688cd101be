"""Caches that are correct but unusual: the suite must accept every one of them.

Each class keeps every rule of the cache contract while doing something the
reference does not: another update policy, default or suspending async
methods, serialised copies, hashed or escaped keys, a narrowed prompt domain,
a file on disk. The docstring of each class states what is unusual and why it
is allowed.
"""

from __future__ import annotations

import asyncio
import hashlib
import pickle
import threading
import warnings
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path
from typing import Any, ClassVar

from langchain_core.caches import RETURN_VAL_TYPE, BaseCache
from langchain_core.load import dumps, loads
from langchain_core.outputs import Generation


class _DictCache(BaseCache):
    """A FIFO-bounded cache over an ordered dict; async methods are BaseCache's defaults.

    An update of a present pair keeps its position; ``_key`` maps a pair onto
    the dict's key, ``_store`` and ``_load`` convert values on the way in and out.
    Updates and clears hold a lock, so that concurrent updates keep the bound.
    """

    def __init__(self, *, maxsize: int | None = None) -> None:
        if maxsize is not None and maxsize <= 0:
            raise ValueError(f"maxsize must be positive or None, got {maxsize!r}")
        self._maxsize = maxsize
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.RLock()

    def _key(self, prompt: str, llm_string: str) -> Hashable:
        return (prompt, llm_string)

    def _store(self, value: RETURN_VAL_TYPE) -> Any:
        return list(value)

    def _load(self, stored: Any) -> list[Generation]:
        loaded: list[Generation] = stored
        return loaded

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        stored = self._data.get(self._key(prompt, llm_string))
        return None if stored is None else self._load(stored)

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        key = self._key(prompt, llm_string)
        stored = self._store(return_val)
        with self._lock:
            full = self._maxsize is not None and len(self._data) >= self._maxsize
            if key not in self._data and full:
                self._data.popitem(last=False)
            self._data[key] = stored

    def clear(self, **kwargs: Any) -> None:
        with self._lock:
            self._data.clear()


class ExecutorDefaultCache(_DictCache):
    """Implements the sync methods only; the async twins are ``BaseCache``'s defaults,
    which run the sync methods in an executor (``cache.async.equivalent``)."""


class OrderedDictCache(_DictCache):
    """An update keeps the pair's position in the eviction order, and the async methods
    answer directly, without an executor, as ``InMemoryCache``'s do."""

    async def alookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return self.lookup(prompt, llm_string)

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        self.update(prompt, llm_string, return_val)

    async def aclear(self, **kwargs: Any) -> None:
        self.clear(**kwargs)


class RefreshingCache(_DictCache):
    """An update of a present pair moves it to the newest position in the eviction order;
    ``cache.maxsize.update-position`` leaves that choice to the backend."""

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        with self._lock:
            super().update(prompt, llm_string, return_val)
            self._data.move_to_end(self._key(prompt, llm_string))


class SuspendingCache(_DictCache):
    """Native async methods that really suspend, with ``await asyncio.sleep(0)`` before
    each step, as a client awaiting a server does. They act on the same state."""

    async def alookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        await asyncio.sleep(0)
        return self.lookup(prompt, llm_string)

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        await asyncio.sleep(0)
        self.update(prompt, llm_string, return_val)

    async def aclear(self, **kwargs: Any) -> None:
        await asyncio.sleep(0)
        self.clear(**kwargs)


class SerialisingCache(_DictCache):
    """Stores each list with ``langchain_core.load.dumps`` and reads it with ``loads``, as
    ``SQLiteCache`` does: hits are equal copies, with types, messages and info intact."""

    def _store(self, value: RETURN_VAL_TYPE) -> Any:
        return dumps(list(value))

    def _load(self, stored: Any) -> list[Generation]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loaded: list[Generation] = loads(stored, allowed_objects="core")
        return loaded


def _digest(prompt: str, llm_string: str) -> str:
    """SHA-256 of the length-prefixed UTF-8 pair: distinct pairs, distinct inputs."""
    head = prompt.encode("utf-8")
    tail = llm_string.encode("utf-8")
    return hashlib.sha256(len(head).to_bytes(8, "big") + head + tail).hexdigest()


class HashedKeyCache(_DictCache):
    """Keys each entry by the SHA-256 of the length-prefixed prompt and ``llm_string``,
    an encoding that keeps distinct pairs apart (``cache.key.distinct``)."""

    def _key(self, prompt: str, llm_string: str) -> Hashable:
        return _digest(prompt, llm_string)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(":", "\\:")


class EscapedKeyCache(_DictCache):
    """Keys each entry by ``prompt + ":" + llm_string`` with ``\\`` and ``:`` escaped in
    both parts, the docstring's delimiter done right: distinct pairs never collide."""

    def _key(self, prompt: str, llm_string: str) -> Hashable:
        return f"{_escape(prompt)}:{_escape(llm_string)}"


class AsciiPromptCache(_DictCache):
    """Holds only ASCII prompts of at most 2,000 characters and rejects others with
    ``ValueError``; it declares that domain, as ``cache.key.domain`` allows."""

    MAX_LENGTH: ClassVar[int] = 2000

    def _key(self, prompt: str, llm_string: str) -> Hashable:
        if not prompt.isascii() or len(prompt) > self.MAX_LENGTH:
            raise ValueError(f"prompts must be ASCII of at most {self.MAX_LENGTH} characters")
        return (prompt, llm_string)


class FileCache(BaseCache):
    """Keeps each entry in a file of its own in its namespace's directory, named by the
    SHA-256 of the pair and written through at once, so a second instance on the same
    namespace finds it (``cache.persistence``). Each file holds an insertion number
    beside the value, which orders FIFO eviction. Calls on one instance take turns on
    a lock, so that threads neither read a file half written nor overshoot the bound."""

    def __init__(self, root: Path, *, maxsize: int | None = None) -> None:
        if maxsize is not None and maxsize <= 0:
            raise ValueError(f"maxsize must be positive or None, got {maxsize!r}")
        self._root = root
        self._maxsize = maxsize
        self._lock = threading.RLock()

    def _path(self, prompt: str, llm_string: str) -> Path:
        return self._root / f"{_digest(prompt, llm_string)}.entry"

    def _entries(self) -> list[Path]:
        return list(self._root.glob("*.entry"))

    @staticmethod
    def _read(path: Path) -> tuple[int, list[Generation]] | None:
        try:
            loaded: tuple[int, list[Generation]] = pickle.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        return loaded

    def _next_number(self) -> int:
        counter = self._root / "counter"
        number = int(counter.read_text()) + 1 if counter.exists() else 0
        counter.write_text(str(number))
        return number

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        with self._lock:
            found = self._read(self._path(prompt, llm_string))
        return None if found is None else found[1]

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        with self._lock:
            self._update(prompt, llm_string, return_val)

    def _update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        path = self._path(prompt, llm_string)
        present = self._read(path)
        if present is None:
            entries = self._entries() if self._maxsize is not None else []
            if self._maxsize is not None and len(entries) >= self._maxsize:
                numbered = [(found[0], p) for p in entries if (found := self._read(p))]
                min(numbered)[1].unlink()
            number = self._next_number()
        else:
            number = present[0]
        path.write_bytes(pickle.dumps((number, list(return_val))))

    def clear(self, **kwargs: Any) -> None:
        with self._lock:
            for path in self._entries():
                path.unlink(missing_ok=True)
