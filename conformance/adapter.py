"""The adapter: everything the suite needs to know to run against one backend."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    asynccontextmanager,
    contextmanager,
)
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from storespec.conformance import capabilities as caps
from storespec.conformance.deviation import Deviation
from storespec.conformance.domains import BYTES, FULL_TEXT, GENERATIONS, Domain
from storespec.conformance.namespace import Namespace

Kind = Literal["store", "cache"]

STORE_METHODS = (
    "mget",
    "mset",
    "mdelete",
    "yield_keys",
    "amget",
    "amset",
    "amdelete",
    "ayield_keys",
)
CACHE_METHODS = ("lookup", "update", "clear", "alookup", "aupdate", "aclear")
METHODS: Mapping[Kind, tuple[str, ...]] = {"store": STORE_METHODS, "cache": CACHE_METHODS}


class Canary(Protocol):
    """Foreign data planted beside a backend's namespace, checked after the run."""

    def plant(self) -> None:
        """Write data that the suite does not own, outside every namespace it creates."""

    def check(self) -> list[str]:
        """Describe each piece of planted data that changed or vanished; empty if intact."""

    def remove(self) -> None:
        """Remove exactly what ``plant`` wrote."""


Factory = Callable[..., Any]
"""``factory(namespace, **options)`` returning an instance, a (sync or async)
context manager yielding one, or an awaitable of either. Generator and async
generator functions are taken as context managers: code after ``yield`` is the
teardown. ``options`` holds ``maxsize`` for caches that declare that capability."""


@dataclass(frozen=True)
class Adapter:
    """One backend under test, declared once.

    Every instance the factory returns must be fresh, empty and isolated in the
    namespace it is given; its teardown must remove what the instance wrote
    and nothing else.
    """

    name: str
    kind: Kind
    factory: Factory
    keys: Domain[str] = FULL_TEXT
    """Store keys, or cache prompts."""
    values: Domain[Any] = BYTES
    """Store values, or cache generation lists (default GENERATIONS for caches)."""
    llm_strings: Domain[str] = FULL_TEXT
    capabilities: frozenset[str] = frozenset()
    deviations: Mapping[str, Deviation] = field(default_factory=dict)
    packages: tuple[str, ...] = ()
    """Distributions whose versions the report records."""
    available: Callable[[], str | None] | None = None
    """Returns None when the backend can run here, else the reason it cannot
    (a missing package or server), in one line."""
    servers: Callable[[], Mapping[str, str]] | None = None
    """Server versions and collations, for the report."""
    canary: Callable[[], Canary] | None = None
    """Foreign data to plant beside the namespaces, for the isolation clauses."""
    description: str = ""

    def __post_init__(self) -> None:
        if self.kind not in METHODS:
            msg = f"adapter {self.name!r}: kind must be 'store' or 'cache', not {self.kind!r}"
            raise ValueError(msg)
        caps.check(self.capabilities)
        for clause, deviation in self.deviations.items():
            if deviation.clause != clause:
                msg = (
                    f"adapter {self.name!r}: deviation keyed {clause!r} names {deviation.clause!r}"
                )
                raise ValueError(msg)
        if self.kind == "cache" and self.values is BYTES:
            object.__setattr__(self, "values", GENERATIONS)

    def has(self, capability: str) -> bool:
        """Whether the adapter declares ``capability``."""
        return capability in self.capabilities

    def unavailable(self) -> str | None:
        """Why the backend cannot run here, or None."""
        if self.available is None:
            return None
        return self.available()

    def open(self, namespace: Namespace, **options: Any) -> AbstractAsyncContextManager[Any]:
        """A fresh instance in ``namespace``, checked to have the kind's methods."""
        return _opened(self, namespace, options)


class BackendShapeError(TypeError):
    """The factory returned something that is not a store or cache of the declared kind."""


def check_shape(kind: Kind, instance: Any, source: str) -> Any:
    """Return ``instance`` if it has every method of ``kind``, else raise BackendShapeError."""
    missing = [m for m in METHODS[kind] if not callable(getattr(instance, m, None))]
    if missing:
        msg = (
            f"{source} gave {type(instance).__module__}.{type(instance).__qualname__}, "
            f"which is not a {kind}: it lacks {', '.join(missing)}"
        )
        raise BackendShapeError(msg)
    return instance


def _is_instance_of_kind(kind: Kind, value: Any) -> bool:
    return all(callable(getattr(value, m, None)) for m in METHODS[kind])


@asynccontextmanager
async def _opened(
    adapter: Adapter, namespace: Namespace, options: dict[str, Any]
) -> AsyncIterator[Any]:
    factory = adapter.factory
    if inspect.isasyncgenfunction(factory):
        factory = asynccontextmanager(factory)
    elif inspect.isgeneratorfunction(factory):
        factory = contextmanager(factory)
    result = factory(namespace, **options)
    if inspect.isawaitable(result):
        result = await result
    source = f"the factory of {adapter.name!r}"
    if _is_instance_of_kind(adapter.kind, result):
        yield result
    elif isinstance(result, AbstractAsyncContextManager):
        async with result as instance:
            yield check_shape(adapter.kind, instance, source)
    elif isinstance(result, AbstractContextManager):
        with result as instance:
            yield check_shape(adapter.kind, instance, source)
    else:
        yield check_shape(adapter.kind, result, source)
