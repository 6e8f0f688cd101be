"""The adapter: everything the suite needs to know to run against one backend."""

from __future__ import annotations

import inspect
import traceback
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    AsyncExitStack,
    asynccontextmanager,
    contextmanager,
)
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from storespec.conformance.core import capabilities as caps
from storespec.conformance.core.domains import BYTES, FULL_TEXT, GENERATIONS, Domain
from storespec.conformance.core.findings import Finding, check_unique
from storespec.conformance.core.namespace import Namespace

Kind = Literal["store", "cache"]
Api = Literal["sync", "async"]
APIS: tuple[Api, ...] = ("sync", "async")
"""The two APIs of each contract: the sync methods and their async twins."""

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
    apis: frozenset[Api] = frozenset(APIS)
    """The APIs the backend offers. ``BaseStore`` and ``BaseCache`` give every class async
    defaults, so a class offers both; a backend whose sync (or async) methods refuse to
    work, by design, declares the one it offers. Every behavioural clause is verified
    through each API offered; the parity clauses show what offering one API costs."""
    findings: tuple[Finding, ...] = ()
    """The backend's known defects, each with the clauses it affects and the failures it
    explains."""
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
        object.__setattr__(self, "capabilities", caps.with_policy(frozenset(self.capabilities)))
        if not self.apis or not set(self.apis) <= set(APIS):
            msg = f"adapter {self.name!r}: apis must be a non-empty subset of {APIS}"
            raise ValueError(msg)
        object.__setattr__(self, "findings", tuple(self.findings))
        check_unique(self.findings, f"adapter {self.name!r}")
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


class CannotConstruct(Exception):
    """The backend's factory or constructor raised: no test against it can run."""


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f" (raised in {last.name} at {last.filename}:{last.lineno})"


@asynccontextmanager
async def _opened(
    adapter: Adapter, namespace: Namespace, options: dict[str, Any]
) -> AsyncIterator[Any]:
    factory = adapter.factory
    if inspect.isasyncgenfunction(factory):
        factory = asynccontextmanager(factory)
    elif inspect.isgeneratorfunction(factory):
        factory = contextmanager(factory)
    source = f"the factory of {adapter.name!r}"
    async with AsyncExitStack() as stack:
        try:
            result = factory(namespace, **options)
            if inspect.isawaitable(result):
                result = await result
            if _is_instance_of_kind(adapter.kind, result):
                instance = result
            elif isinstance(result, AbstractAsyncContextManager):
                instance = await stack.enter_async_context(result)
            elif isinstance(result, AbstractContextManager):
                instance = stack.enter_context(result)
            else:
                instance = result
            check_shape(adapter.kind, instance, source)
        except Exception as exc:
            if options:
                raise  # a constructor may refuse options: the clauses about them say how
            what = f"{type(exc).__name__}: {exc}"
            raise CannotConstruct(f"{source} raised {what}{_where(exc)}"[:1000]) from exc
        yield instance
