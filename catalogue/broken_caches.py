"""Caches that each break one rule of the cache contract, the way real backends do.

Every class is the reference cache (``storespec.reference.InMemoryCache``) with
one behaviour replaced by a realistic bug; the docstring of each class states
the rule it breaks and the backend habit it imitates. Async methods are the
reference's, which call the sync ones, unless the bug is in the async path.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from langchain_core.caches import RETURN_VAL_TYPE
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, Generation

from storespec.reference import InMemoryCache


class EmptyListMissCache(InMemoryCache):
    """Breaks ``cache.lookup.miss``: a miss returns ``[]`` instead of ``None``.

    Like a cache that reads with ``self._data.get(key, [])``, or that returns
    the (empty) list of rows its query found.
    """

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return self._data.get((prompt, llm_string), [])


class ReversedHitCache(InMemoryCache):
    """Breaks ``cache.lookup.hit``: a hit returns the generations in reverse order.

    Like a cache that stores each generation with ``LPUSH`` and reads them back
    with ``LRANGE key 0 -1``, which returns the last one pushed first.
    """

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        found = super().lookup(prompt, llm_string)
        return None if found is None else list(reversed(found))


class TupleHitCache(InMemoryCache):
    """Breaks ``cache.lookup.hit``: a hit is returned as a tuple, not a list.

    Like a cache that reads its rows into a tuple. The models' callers test
    ``isinstance(cache_val, list)``, so every such hit is silently a miss.
    """

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        found = super().lookup(prompt, llm_string)
        return None if found is None else tuple(found)


class InfoDroppingCache(InMemoryCache):
    """Breaks ``cache.lookup.hit``: ``generation_info`` is lost.

    Like ``UpstashRedisCache``, which stores each generation's text only and
    reads back generations without their ``generation_info``; here the type
    and message are kept, so only the info is lost.
    """

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        kept = [g.model_copy(update={"generation_info": None}) for g in return_val]
        super().update(prompt, llm_string, kept)


class StringIndexOrderCache(InMemoryCache):
    """Breaks ``cache.lookup.hit``: from 11 generations on, they come back out of order.

    Like the Redis caches, which store generation ``i`` in the hash field
    ``str(i)`` and read the fields back sorted as strings: ``"0", "1", "10",
    "2", ...``. Lists of up to 10 generations read back right.
    """

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        fields = {str(i): g for i, g in enumerate(return_val)}
        super().update(prompt, llm_string, [fields[k] for k in sorted(fields)])


class TextOnlyCache(InMemoryCache):
    """Breaks ``cache.value.chat``: a ``ChatGeneration`` reads back as a plain ``Generation``.

    Like the caches of langchain-ai/langchain#7722 and #22389, which store each
    generation's text and info and rebuild ``Generation(text=...)`` on read.
    """

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        plain = [Generation(text=g.text, generation_info=g.generation_info) for g in return_val]
        super().update(prompt, llm_string, plain)


class MessageRebuildingCache(InMemoryCache):
    """Breaks ``cache.value.chat``: a chat message is rebuilt from its text.

    Like a cache that stores a ``ChatGeneration``'s text and info and, on read,
    rebuilds ``ChatGeneration(message=AIMessage(content=text))``, as
    ``BaseChatModel._convert_cached_generations`` does: the message's id,
    tool calls, ``additional_kwargs`` and ``usage_metadata`` are lost.
    """

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        rebuilt = [
            ChatGeneration(message=AIMessage(content=g.text), generation_info=g.generation_info)
            if isinstance(g, ChatGeneration)
            else g
            for g in return_val
        ]
        super().update(prompt, llm_string, rebuilt)


class EmptyListAsMissCache(InMemoryCache):
    """Breaks ``cache.value.empty-list`` (SHOULD): a stored ``[]`` reads back as a miss.

    Like the Redis caches, which return ``generations if generations else None``.
    """

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return super().lookup(prompt, llm_string) or None


class PromptOnlyCache(InMemoryCache):
    """Breaks ``cache.key.exact``: the ``llm_string`` is ignored.

    Like a cache keyed by the prompt alone, so an answer cached for one model
    or temperature is served for another.
    """

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return super().lookup(prompt, "")

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        super().update(prompt, "", return_val)


class ConcatKeyCache(InMemoryCache):
    """Breaks ``cache.key.distinct``: the key is ``prompt + llm_string``, with no delimiter.

    Like ``_RedisCacheBase._key``, which hashes ``prompt + llm_string``: the pairs
    ``("ab", "c")`` and ``("a", "bc")`` share one entry.
    """

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return super().lookup(prompt + llm_string, "")

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        super().update(prompt + llm_string, "", return_val)


class SeparatorKeyCache(InMemoryCache):
    """Breaks ``cache.key.distinct``: the key is ``prompt + ":" + llm_string``, unescaped.

    Like a cache that follows the docstring's advice to concatenate with a
    delimiter but does not escape it: ``("a:b", "c")`` and ``("a", "b:c")`` collide.
    """

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return super().lookup(f"{prompt}:{llm_string}", "")

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        super().update(f"{prompt}:{llm_string}", "", return_val)


class IndexLimitCache(InMemoryCache):
    """Breaks ``cache.key.domain``: a prompt longer than 2,704 bytes is never cached.

    Like an SQL cache with a B-tree index on the raw prompt (langchain-ai/langchain
    #11655): the insert fails on Postgres's index-row limit, and the cache
    logs the error and carries on, so long prompts always miss.
    """

    LIMIT: ClassVar[int] = 2704

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        if len(prompt.encode("utf-8", "surrogatepass")) > self.LIMIT:
            return
        super().update(prompt, llm_string, return_val)


class RowMergingCache(InMemoryCache):
    """Breaks ``cache.update.replace``: a shorter update leaves the tail of a longer one.

    Like ``SQLAlchemyCache.update``, which merges one row per generation index
    and never deletes rows with higher indexes.
    """

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        rows = list(self._data.get((prompt, llm_string), []))
        for index, generation in enumerate(return_val):
            if index < len(rows):
                rows[index] = generation
            else:
                rows.append(generation)
        super().update(prompt, llm_string, rows)


class AppendingCache(InMemoryCache):
    """Breaks ``cache.update.replace``: an update appends to what was cached.

    Like a cache that keeps generations in a list-valued server type and
    writes with ``RPUSH`` without deleting the key first.
    """

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        before = self._data.get((prompt, llm_string), [])
        super().update(prompt, llm_string, [*before, *return_val])


class PagedClearCache(InMemoryCache):
    """Breaks ``cache.clear.all``: ``clear()`` removes only the first 10 entries.

    Like a ``clear`` that runs one ``SCAN ... COUNT 10`` and deletes what that
    page returned, forgetting to follow the cursor.
    """

    PAGE: ClassVar[int] = 10

    def clear(self, **kwargs: Any) -> None:
        with self._lock:
            for key in list(self._data)[: self.PAGE]:
                del self._data[key]
                self._order.remove(key)


Server = dict[tuple[str, str, str], list[Generation]]
"""A shared 'server' for the namespaced caches below: (namespace, prompt, llm_string)."""


class _ServerCache(InMemoryCache):
    """The reference cache's behaviour, kept in a server shared by every instance of the
    class, under the instance's namespace."""

    server: ClassVar[Server]

    def __init__(self, namespace: str) -> None:
        super().__init__()
        self.namespace = namespace

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return self.server.get((self.namespace, prompt, llm_string))

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        self.server[self.namespace, prompt, llm_string] = list(return_val)

    def clear(self, **kwargs: Any) -> None:
        self.drop()

    def drop(self) -> None:
        """Remove this namespace's entries, and nothing else."""
        self._remove(lambda key: key[0] == self.namespace)

    def _remove(self, doomed: Callable[[tuple[str, str, str]], bool]) -> None:
        # One server command each, as a real server runs them: safe against other
        # instances' writes and deletions in other threads.
        for key in list(self.server):
            if doomed(key):
                self.server.pop(key, None)


class FlushAllCache(_ServerCache):
    """Breaks ``cache.clear.scope``: ``clear()`` empties the whole shared server.

    Like ``RedisCache.clear``, which calls ``FLUSHDB``, and ``SQLAlchemyCache.clear``,
    which deletes every row of a table other caches share.
    """

    server: ClassVar[Server] = {}

    def clear(self, **kwargs: Any) -> None:
        self.server.clear()


class LegacySweepingCache(_ServerCache):
    """Breaks ``cache.isolation``: ``clear()`` removes data outside every namespace.

    ``clear()`` removes its own namespace's entries and also every entry with no
    namespace, meant as a sweep of entries written before the cache was
    namespaced; on a shared server those entries belong to other applications.
    """

    server: ClassVar[Server] = {}

    def clear(self, **kwargs: Any) -> None:
        super().clear()
        self._remove(lambda key: not key[0])


class ForeignEntryCanary:
    """Plants an entry with no namespace on ``LegacySweepingCache``'s server, and checks
    that it survives."""

    KEY: ClassVar[tuple[str, str, str]] = ("", "planted prompt", "planted llm")
    VALUE: ClassVar[list[Generation]] = [Generation(text="foreign")]

    def plant(self) -> None:
        """Write the foreign entry."""
        LegacySweepingCache.server[self.KEY] = list(self.VALUE)

    def check(self) -> list[str]:
        """Describe the foreign entry if it changed or vanished."""
        if LegacySweepingCache.server.get(self.KEY) != self.VALUE:
            return [f"the entry {self.KEY!r} planted outside every namespace was removed"]
        return []

    def remove(self) -> None:
        """Remove the foreign entry."""
        LegacySweepingCache.server.pop(self.KEY, None)


class NoKwargsClearCache(InMemoryCache):
    """Breaks ``cache.clear.kwargs``: ``clear`` takes no keyword arguments.

    Like a cache written against its own narrower signature, ``def clear(self)``,
    which raises ``TypeError`` when a caller passes an option meant for another
    backend (``aclear`` inherits the failure).
    """

    def clear(self) -> None:  # type: ignore[override]
        super().clear()


class DefaultBoundCache(InMemoryCache):
    """Breaks ``cache.maxsize.unbounded``: ``maxsize=None`` means a default bound of 1,000.

    Like a cache that writes ``maxsize or DEFAULT_MAXSIZE`` to protect memory.
    """

    def __init__(self, *, maxsize: int | None = None) -> None:
        super().__init__(maxsize=1000 if maxsize is None else maxsize)


class ZeroAcceptingCache(InMemoryCache):
    """Breaks ``cache.maxsize.invalid``: ``maxsize=0`` is accepted, as 'no limit'.

    Like a cache that follows the convention of some libraries that a zero
    bound disables eviction, instead of rejecting it with ``ValueError``.
    """

    def __init__(self, *, maxsize: int | None = None) -> None:
        super().__init__(maxsize=None if maxsize == 0 else maxsize)


class OffByOneCache(InMemoryCache):
    """Breaks ``cache.maxsize.bound``: the cache holds ``maxsize + 1`` entries.

    Like an eviction check written ``len(cache) > maxsize`` before the insert
    instead of ``>=``.
    """

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        key = (prompt, llm_string)
        with self._lock:
            if key not in self._data:
                if self._maxsize is not None and len(self._data) > self._maxsize:
                    del self._data[self._order.popleft()]
                self._order.append(key)
            self._data[key] = list(return_val)


class NewestEvictingCache(InMemoryCache):
    """Breaks ``cache.maxsize.evict-oldest``: a full cache evicts its newest entry.

    Like a cache that keeps its insertion order in a list and evicts with
    ``order.pop()``, which takes the last item, instead of ``order.pop(0)``.
    """

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        key = (prompt, llm_string)
        with self._lock:
            if key not in self._data:
                if self._maxsize is not None and len(self._data) >= self._maxsize:
                    del self._data[self._order.pop()]
                self._order.append(key)
            self._data[key] = list(return_val)


class LruCache(InMemoryCache):
    """Breaks ``cache.maxsize.lookup-neutral``: a hit makes its entry the newest.

    Like a cache built on an LRU structure (``functools.lru_cache``,
    ``cachetools.LRUCache``, an LRU-evicting server), where a lookup refreshes.
    """

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        key = (prompt, llm_string)
        with self._lock:
            if key in self._data:
                self._order.remove(key)
                self._order.append(key)
        return super().lookup(prompt, llm_string)


class AsyncEvictingCache(InMemoryCache):
    """Breaks ``cache.maxsize.update-no-evict`` on the async path: ``aupdate`` of a present
    pair in a full cache evicts the oldest entry.

    Like a cache whose sync ``update`` has the fix for langchain-ai/langchain#36750 but
    whose native ``aupdate`` still follows langchain-core's ``InMemoryCache.update``:
    evict when full, then write. Only sequences that mix both paths show it.
    """

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        maxsize = self._maxsize
        with self._lock:
            if maxsize is not None and len(self._data) == maxsize:
                oldest = self._order.popleft()
                del self._data[oldest]
                if oldest == (prompt, llm_string):
                    self._order.appendleft(oldest)
                    self._data[oldest] = list(return_val)
                    return
        self.update(prompt, llm_string, return_val)


class AsyncInfoDroppingCache(InMemoryCache):
    """Breaks ``cache.async.equivalent``: ``aupdate`` loses ``generation_info``.

    Like a cache whose native async path serialises with a different, older
    codec than the sync path: ``update`` keeps each generation whole, ``aupdate``
    keeps its type, text and message but not its info.
    """

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        kept = [g.model_copy(update={"generation_info": None}) for g in return_val]
        self.update(prompt, llm_string, kept)


class SplitStateCache(InMemoryCache):
    """Breaks ``cache.async.shared-state``: async calls act on a different dict.

    Like a cache that opens one sync and one async client, configured apart,
    so that they reach different databases.
    """

    def __init__(self, *, maxsize: int | None = None) -> None:
        super().__init__(maxsize=maxsize)
        self._async = InMemoryCache(maxsize=maxsize)

    async def alookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return await self._async.alookup(prompt, llm_string)

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        await self._async.aupdate(prompt, llm_string, return_val)

    async def aclear(self, **kwargs: Any) -> None:
        await self._async.aclear(**kwargs)


class BlockingAsyncCache(InMemoryCache):
    """Breaks ``cache.async.nonblocking`` (SHOULD): async methods block the event loop.

    Like a native async override that calls a blocking client directly; the
    client's round trip is a ``time.sleep`` here.
    """

    ROUND_TRIP: ClassVar[float] = 0.0001

    async def alookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        time.sleep(self.ROUND_TRIP)
        return self.lookup(prompt, llm_string)

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        time.sleep(self.ROUND_TRIP)
        self.update(prompt, llm_string, return_val)

    async def aclear(self, **kwargs: Any) -> None:
        time.sleep(self.ROUND_TRIP)
        self.clear(**kwargs)


class ClassDictCache(InMemoryCache):
    """Breaks ``cache.isolation``: every instance shares one class-level dict.

    Like a cache that keeps its entries in a class attribute, so every
    instance, whatever it was configured for, serves the same entries; its
    ``clear()`` therefore also removes the other instances' entries.
    """

    _shared: ClassVar[dict[tuple[str, str], list[Generation]]] = {}

    def __init__(self) -> None:
        super().__init__()
        self._data = self._shared


class FlushOnCloseCache(InMemoryCache):
    """Breaks ``cache.persistence``: entries reach the file only when the cache is closed.

    Like a file-backed cache that loads its file when opened and writes it
    back in ``close()``: a second instance opened meanwhile finds nothing.
    """

    def __init__(self, path: Path, *, maxsize: int | None = None) -> None:
        super().__init__(maxsize=maxsize)
        self._path = path
        if path.exists():
            self._data, self._order = pickle.loads(path.read_bytes())

    def close(self) -> None:
        """Write every entry to the file."""
        self._path.write_bytes(pickle.dumps((self._data, self._order)))


class MemoisingCache(InMemoryCache):
    """Breaks ``cache.clear.all`` in sequences only: a pair looked up before ``clear()``
    is still found after it.

    Like a cache that memoises the hits of its (slow) sync lookups in a dict in
    front of the backing store: ``update`` invalidates the pair's memo, but
    ``clear`` and ``aclear`` forget the memo, so a pair looked up before a
    clear is served from it afterwards. The async lookup bypasses the memo.
    """

    def __init__(self) -> None:
        super().__init__()
        self._memo: dict[tuple[str, str], RETURN_VAL_TYPE] = {}

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        key = (prompt, llm_string)
        if key in self._memo:
            return self._memo[key]
        found = super().lookup(prompt, llm_string)
        if found is not None:
            self._memo[key] = found
        return found

    async def alookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return super().lookup(prompt, llm_string)

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        self._memo.pop((prompt, llm_string), None)
        super().update(prompt, llm_string, return_val)
