"""The reference key-value store: a ``BaseStore[str, V]`` over a dict."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from typing import Generic, TypeVar

from langchain_core.stores import BaseStore

V = TypeVar("V")


def _key_error(key: object) -> TypeError:
    return TypeError(f"store keys must be str, not {type(key).__name__}")


def _check_keys(keys: Sequence[str]) -> None:
    """Raise TypeError unless every key is a str."""
    try:
        "".join(keys)  # str.join raises TypeError at the first item that is not a str
    except TypeError:
        raise _key_error(next(key for key in keys if not isinstance(key, str))) from None


def _starting_with(prefix: str, keys: Iterable[str]) -> Iterator[str]:
    for key in keys:
        if key.startswith(prefix):
            yield key


async def _aiter(keys: Iterator[str]) -> AsyncIterator[str]:
    for key in keys:
        yield key


class InMemoryStore(BaseStore[str, V], Generic[V]):
    """A store that holds every str key and every value but None.

    Keys are never altered, values are held by reference, a batch applies
    in order, and ``yield_keys`` iterates over a snapshot taken when it is
    called, so the store may be modified while an iterator is open.
    """

    def __init__(self) -> None:
        self._data: dict[str, V] = {}

    def mget(self, keys: Sequence[str]) -> list[V | None]:
        _check_keys(keys)
        return list(map(self._data.get, keys))

    def mset(self, key_value_pairs: Sequence[tuple[str, V]]) -> None:
        data = self._data
        for key, value in key_value_pairs:
            if value is None:
                msg = "None is not a storable value: mget answers None for a missing key"
                raise ValueError(msg)
            if not isinstance(key, str):
                raise _key_error(key)
            data[key] = value

    def mdelete(self, keys: Sequence[str]) -> None:
        _check_keys(keys)
        pop = self._data.pop
        for key in keys:
            pop(key, None)

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        if not prefix:
            return iter(list(self._data))
        return iter(list(_starting_with(prefix, self._data)))

    async def amget(self, keys: Sequence[str]) -> list[V | None]:
        return self.mget(keys)

    async def amset(self, key_value_pairs: Sequence[tuple[str, V]]) -> None:
        self.mset(key_value_pairs)

    async def amdelete(self, keys: Sequence[str]) -> None:
        self.mdelete(keys)

    def ayield_keys(self, *, prefix: str | None = None) -> AsyncIterator[str]:
        return _aiter(self.yield_keys(prefix=prefix))
