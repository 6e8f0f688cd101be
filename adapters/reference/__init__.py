"""The embedded reference backend: storespec's own store and cache."""

from __future__ import annotations

from typing import Any

from storespec.conformance.core import capabilities as caps
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.domains import ANY, FULL_TEXT, GENERATIONS
from storespec.conformance.core.namespace import Namespace
from storespec.reference import InMemoryCache, InMemoryStore


def _store(namespace: Namespace, **options: Any) -> InMemoryStore[Any]:
    return InMemoryStore()


def _cache(namespace: Namespace, **options: Any) -> InMemoryCache:
    return InMemoryCache(**options)


STORE = Adapter(
    name="reference-store",
    kind="store",
    factory=_store,
    keys=FULL_TEXT,
    values=ANY,
    packages=("storespec",),
    description="storespec.reference.InMemoryStore",
)

CACHE = Adapter(
    name="reference-cache",
    kind="cache",
    factory=_cache,
    values=GENERATIONS,
    capabilities=frozenset({caps.MAXSIZE}),
    packages=("storespec",),
    description="storespec.reference.InMemoryCache",
)

BACKENDS = (STORE, CACHE)
