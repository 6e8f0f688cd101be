"""Backends whose sync API is correct and whose native async API breaks a rule.

Each class is the reference store or cache with one async method rewritten the way
a backend's separately written async path goes wrong; the docstring of each class
states the rule it breaks and the habit it imitates. The suite runs every
behavioural clause through each API, so each bug must show under its clause through
``[async]``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from typing import Any, ClassVar

from langchain_core.caches import RETURN_VAL_TYPE
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration

from storespec.catalogue.broken_stores import StaleReadCacheStore
from storespec.reference import InMemoryCache, InMemoryStore


async def _over(keys: list[str]) -> AsyncIterator[str]:
    for key in keys:
        yield key


class AsyncLikePrefixStore(InMemoryStore[Any]):
    """Breaks ``store.keys.prefix-literal`` through ``ayield_keys`` only: ``_`` and ``%``
    in the prefix are SQL LIKE wildcards.

    Like an SQL store whose sync listing escapes the prefix and whose async listing,
    written later against another driver, builds ``WHERE key LIKE :prefix || '%'``
    without escaping it.
    """

    def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        if not prefix:
            return super().ayield_keys(prefix=prefix)
        parts = (".*" if c == "%" else "." if c == "_" else re.escape(c) for c in prefix)
        pattern = re.compile("".join(parts), re.DOTALL)
        return _over([k for k in list(self._data) if pattern.match(k)])


class AsyncStaleReadStore(StaleReadCacheStore):
    """Breaks ``store.mset.visible`` through the async API: ``amset`` and ``amdelete``
    leave a read cache stale.

    Like a client with a read-through cache in front of the server that the sync
    writes invalidate and the native async writes, which go to the server through
    another client, do not: a key read once keeps its old value after an async
    overwrite or delete, through both APIs.
    """

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        super().mset(key_value_pairs)
        for key, _ in key_value_pairs:
            self._cached.pop(key, None)

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        InMemoryStore.mset(self, key_value_pairs)

    async def amdelete(self, keys: Sequence[str]) -> None:
        InMemoryStore.mdelete(self, keys)


class AsyncBatchLimitStore(InMemoryStore[Any]):
    """Breaks ``store.mset.visible`` through ``amset`` only: pairs after the first 1,000
    of an async batch are silently lost.

    Like a store whose async client pipelines a batch in one request and whose server
    keeps the first 1,000 commands of a request, answering OK; the sync path sends
    one command per pair.
    """

    LIMIT: ClassVar[int] = 1_000

    async def amset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        self.mset(list(key_value_pairs)[: self.LIMIT])


class AsyncMessageRebuildingCache(InMemoryCache):
    """Breaks ``cache.value.chat`` through ``aupdate`` only: a chat message is rebuilt
    from its content and id.

    Like a cache whose async path serialises a message as ``{"content", "id"}`` and
    rebuilds ``AIMessage(content=..., id=...)`` on read: tool calls, usage metadata,
    response metadata and ``additional_kwargs`` are lost. The sync path stores the
    generation whole.
    """

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        rebuilt = [
            ChatGeneration(
                message=AIMessage(content=g.message.content, id=g.message.id),
                generation_info=g.generation_info,
            )
            if isinstance(g, ChatGeneration)
            else g
            for g in return_val
        ]
        self.update(prompt, llm_string, rebuilt)
