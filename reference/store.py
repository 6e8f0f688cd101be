"""The reference key-value store: a ``BaseStore[str, V]`` over a dict."""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Iterator, Sequence
from typing import Generic, TypeVar

from langchain_core.stores import BaseStore

V = TypeVar("V")


def _over(snapshot: list[str]) -> Generator[str, None, None]:
    yield from snapshot


async def _aiter(keys: Iterator[str]) -> AsyncIterator[str]:
    for key in keys:
        yield key


class InMemoryStore(BaseStore[str, V], Generic[V]):
    """A store over a dict: every str key, held exactly; every value, held by reference.

    A batch applies in order, so a later pair for the same key wins. ``yield_keys``
    iterates over a snapshot taken when it is called, so the store may be modified
    while an iterator is open. The store validates nothing the contract does not
    ask for: keys are str by the type of ``BaseStore[str, V]``, and a None value is
    stored like any other (the spec leaves it implementation-defined).
    """

    def __init__(self) -> None:
        self._data: dict[str, V] = {}

    def mget(self, keys: Sequence[str]) -> list[V | None]:
        return list(map(self._data.get, keys))

    def mset(self, key_value_pairs: Sequence[tuple[str, V]]) -> None:
        self._data.update(key_value_pairs)

    def mdelete(self, keys: Sequence[str]) -> None:
        pop = self._data.pop
        for key in keys:
            pop(key, None)

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        # The contract is Iterator[str]; a generator also passes langchain-tests, which
        # asserts Generator.
        if not prefix:
            return _over(list(self._data))
        return _over([key for key in list(self._data) if key.startswith(prefix)])

    async def amget(self, keys: Sequence[str]) -> list[V | None]:
        return self.mget(keys)

    async def amset(self, key_value_pairs: Sequence[tuple[str, V]]) -> None:
        self.mset(key_value_pairs)

    async def amdelete(self, keys: Sequence[str]) -> None:
        self.mdelete(keys)

    def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        return _aiter(self.yield_keys(prefix=prefix))
