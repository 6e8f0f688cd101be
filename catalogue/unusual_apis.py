"""Backends that are correct but unusual in their APIs: the suite must accept them.

Each class keeps every rule of the contract through the APIs it offers while doing
something the reference does not: keys of a ``str`` subclass, or only one of the two
APIs. (An async-native store behind an ``asyncio.Lock`` is in ``unusual_concurrency``.)
The docstring of each class states what is unusual and why it is allowed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

from langchain_core.caches import RETURN_VAL_TYPE

from storespec.catalogue.unusual_stores import _DictStore
from storespec.reference import InMemoryCache


class StoredKey(str):
    """A key as a driver returns it: a ``str`` that also knows the table it came from.

    It compares and hashes as the text it holds, because ``str`` does.
    """

    table: str

    def __new__(cls, text: str, table: str) -> StoredKey:
        key = super().__new__(cls, text)
        key.table = table
        return key


class StrSubclassKeysStore(_DictStore):
    """Yields keys as :class:`StoredKey`, a ``str`` subclass equal to and hashing like the
    key written. ``yield_keys`` is typed ``Iterator[str]``, and a subclass of ``str``
    is a ``str`` to every caller that compares, hashes, slices or passes it back."""

    TABLE = "kv"

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        for key in self._matching(prefix):
            yield StoredKey(key, self.TABLE)

    async def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        for key in self._matching(prefix):
            yield StoredKey(key, self.TABLE)


class NoAsyncApi(NotImplementedError):
    """The backend offers no async API."""


class NoSyncApi(NotImplementedError):
    """The backend offers no sync API."""


class SyncOnlyStore(_DictStore):
    """Offers the sync API only, and declares it (``apis={"sync"}``): every async method
    raises :class:`NoAsyncApi` at once, as a store on a driver without async support
    does. Correct through the API it offers; the parity clauses show the cost."""

    async def amget(self, keys: Sequence[str]) -> list[Any | None]:
        raise NoAsyncApi("this store has no async API: call mget")

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        raise NoAsyncApi("this store has no async API: call mset")

    async def amdelete(self, keys: Sequence[str]) -> None:
        raise NoAsyncApi("this store has no async API: call mdelete")

    def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        raise NoAsyncApi("this store has no async API: call yield_keys")


class AsyncOnlyCache(InMemoryCache):
    """Offers the async API only, and declares it (``apis={"async"}``): every sync method
    raises :class:`NoSyncApi`, as a cache on an async-only client does. Correct through
    the API it offers; the parity clauses show the cost."""

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        raise NoSyncApi("this cache has no sync API: await alookup")

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        raise NoSyncApi("this cache has no sync API: await aupdate")

    def clear(self, **kwargs: Any) -> None:
        raise NoSyncApi("this cache has no sync API: await aclear")

    async def alookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return InMemoryCache.lookup(self, prompt, llm_string)

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        InMemoryCache.update(self, prompt, llm_string, return_val)

    async def aclear(self, **kwargs: Any) -> None:
        InMemoryCache.clear(self, **kwargs)
