"""Drivers: the one way a conformance test calls a backend, through the API under test.

A backend offers the sync API, the async API or both. Every behavioural test is
written once against a driver and runs once per API the backend offers (``[sync]``,
``[async]``): the driver turns ``store.mget(keys)`` into ``instance.mget(keys)`` or
``await instance.amget(keys)``. Listing goes through :meth:`StoreDriver.keys`, which
checks what the iterator yields.

Calls made through ``driver.given`` arrange a test's state; they are incidental to the
clause under test. When one raises, the test is an *error of setup*
(:class:`SetupCallError`), not a failure of the clause.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, Final

from storespec.conformance.core.adapter import APIS, Api

__all__ = ["APIS", "Api", "CacheDriver", "SetupCallError", "StoreDriver", "driver"]

Runner = Callable[[Awaitable[Any]], Any]

MAX_KEYS: Final = 2_000_000
"""More keys than any test writes: an iterator that yields more never ends."""


class SetupCallError(Exception):
    """A call that only arranges a test's state raised: the test could not be set up."""


class ListingError(AssertionError):
    """A listing that is not an iterator of str, or never ends."""


def _call_text(name: str, args: tuple[Any, ...]) -> str:
    shown = ", ".join(_short(a) for a in args)
    return f"{name}({shown})"


def _short(value: Any, limit: int = 50) -> str:
    if isinstance(value, list | tuple) and len(value) > 3:
        return f"[{len(value)} items]"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Driver:
    """What store and cache drivers share: the instance, the API and the event loop."""

    def __init__(self, instance: Any, api: Api, run: Runner, *, incidental: bool = False) -> None:
        self.raw = instance
        """The backend instance itself."""
        self.api: Api = api
        self._run = run
        self._incidental = incidental

    @property
    def given(self) -> Any:
        """The same driver for calls that arrange state: an exception is an error of setup."""
        return type(self)(self.raw, self.api, self._run, incidental=True)

    def name(self, sync_name: str) -> str:
        """The method name this driver calls for ``sync_name``."""
        return sync_name if self.api == "sync" else "a" + sync_name

    def call(self, sync_name: str, *args: Any) -> Any:
        """Call ``sync_name`` (or its async twin) with ``args`` and return its result."""
        name = self.name(sync_name)
        try:
            result = getattr(self.raw, name)(*args)
            if self.api == "async":
                result = self._run(result)
        except Exception as exc:
            if not self._incidental:
                raise
            msg = f"setup call {_call_text(name, args)} raised {type(exc).__name__}: {exc}"
            raise SetupCallError(msg[:500]) from exc
        return result


class StoreDriver(_Driver):
    """A store reached through one API."""

    def mget(self, keys: Sequence[str]) -> Any:
        """What ``mget`` / ``amget`` returns for ``keys``."""
        return self.call("mget", keys)

    def mset(self, pairs: Sequence[tuple[str, Any]]) -> None:
        """Write ``pairs`` with ``mset`` / ``amset``."""
        self.call("mset", pairs)

    def mdelete(self, keys: Sequence[str]) -> None:
        """Delete ``keys`` with ``mdelete`` / ``amdelete``."""
        self.call("mdelete", keys)

    def yield_keys(self, prefix: str | None = None) -> Any:
        """The iterator ``yield_keys`` / ``ayield_keys`` returns, unconsumed."""
        name = self.name("yield_keys")
        method = getattr(self.raw, name)
        return method() if prefix is None else method(prefix=prefix)

    def keys(self, prefix: str | None = None) -> list[str]:
        """Every key listed for ``prefix``, in the order yielded, checked to be str."""
        try:
            iterator = self.yield_keys(prefix)
            if self.api == "sync":
                return listed(iterator, "yield_keys")
            found: list[str] = self._run(alisted(iterator))
            return found
        except ListingError:
            raise
        except Exception as exc:
            if not self._incidental:
                raise
            name = self.name("yield_keys")
            msg = f"setup call {name}(prefix={prefix!r}) raised {type(exc).__name__}: {exc}"
            raise SetupCallError(msg[:500]) from exc

    def sorted_keys(self, prefix: str | None = None) -> list[str]:
        """Every key listed for ``prefix``, sorted."""
        return sorted(self.keys(prefix))


class CacheDriver(_Driver):
    """A cache reached through one API."""

    def lookup(self, prompt: str, llm_string: str) -> Any:
        """What ``lookup`` / ``alookup`` returns."""
        return self.call("lookup", prompt, llm_string)

    def lookups(self, pairs: Sequence[tuple[str, str]]) -> list[Any]:
        """What ``lookup`` / ``alookup`` returns for each pair, asked one after another."""
        if self.api == "sync":
            return [self.raw.lookup(*pair) for pair in pairs]

        async def each() -> list[Any]:
            return [await self.raw.alookup(*pair) for pair in pairs]

        found: list[Any] = self._run(each())
        return found

    def update(self, prompt: str, llm_string: str, return_val: Any) -> None:
        """Store ``return_val`` with ``update`` / ``aupdate``."""
        self.call("update", prompt, llm_string, return_val)

    def clear(self, **kwargs: Any) -> None:
        """Empty the cache with ``clear`` / ``aclear``."""
        name = self.name("clear")
        try:
            result = getattr(self.raw, name)(**kwargs)
            if self.api == "async":
                self._run(result)
        except Exception as exc:
            if not self._incidental:
                raise
            raise SetupCallError(f"setup call {name}() raised {type(exc).__name__}: {exc}") from exc


def listed(keys: Any, where: str = "yield_keys") -> list[str]:
    """The keys an iterator yields, checked to be str, in the order yielded."""
    if not isinstance(keys, Iterator):
        raise ListingError(f"{where} returned {type(keys).__name__}, not an Iterator")
    found = list(itertools.islice(keys, MAX_KEYS + 1))
    if len(found) > MAX_KEYS:
        raise ListingError(f"{where} yielded more than {MAX_KEYS} keys: it never ends")
    _check_str(found, where)
    return found


async def alisted(keys: Any, where: str = "ayield_keys") -> list[str]:
    """The keys an async iterator yields, checked to be str, in the order yielded."""
    if not isinstance(keys, AsyncIterator):
        raise ListingError(f"{where} returned {type(keys).__name__}, not an AsyncIterator")
    found: list[str] = []
    async for key in keys:
        found.append(key)
        if len(found) > MAX_KEYS:
            raise ListingError(f"{where} yielded more than {MAX_KEYS} keys: it never ends")
    _check_str(found, where)
    return found


def _check_str(found: list[Any], where: str) -> None:
    bad = [k for k in found if not isinstance(k, str)]
    if bad:
        raise ListingError(f"{where} yielded non-str keys: {bad[:3]!r}")


def driver(kind: str, instance: Any, api: Api, run: Runner) -> Any:
    """The driver for an instance of ``kind`` through ``api``."""
    if kind == "store":
        return StoreDriver(instance, api, run)
    return CacheDriver(instance, api, run)
