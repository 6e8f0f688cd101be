"""langchain-core's in-memory backends: ``InMemoryStore``, ``InMemoryByteStore``, ``InMemoryCache``.

Each factory call returns a new, empty object. These backends keep everything in
the object itself, so an instance is isolated by construction and has nothing to
tear down; the namespace is not used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from storespec.adapters.servers import missing_module
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.capabilities import MAXSIZE
from storespec.conformance.core.domains import ANY, BYTES, FULL_TEXT, GENERATIONS
from storespec.conformance.core.findings import Finding, Severity, Signature
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_core.caches import InMemoryCache
    from langchain_core.stores import InMemoryByteStore, InMemoryStore

PACKAGES = ("langchain-core",)

CACHES_SOURCE = "langchain_core/caches.py:229 (langchain-core 1.7.2)"
"""Where ``InMemoryCache.update`` evicts before every write when the cache is full."""

UPDATE_ISSUE = "https://github.com/langchain-ai/langchain/issues/36750"


def available() -> str | None:
    """None when langchain-core imports (it is a dependency of storespec), else why not."""
    if missing_module("langchain_core") is None:
        return None
    return "needs langchain-core (pip install langchain-core)"


def _store(namespace: Namespace, **options: Any) -> InMemoryStore:
    """A new ``InMemoryStore``: a dict of any Python values, held by reference."""
    from langchain_core.stores import InMemoryStore

    return InMemoryStore()


def _byte_store(namespace: Namespace, **options: Any) -> InMemoryByteStore:
    """A new ``InMemoryByteStore``: a dict of bytes values."""
    from langchain_core.stores import InMemoryByteStore

    return InMemoryByteStore()


def _cache(namespace: Namespace, **options: Any) -> InMemoryCache:
    """A new ``InMemoryCache`` bounded by ``options['maxsize']`` (None: unbounded)."""
    from langchain_core.caches import InMemoryCache

    return InMemoryCache(maxsize=options.get("maxsize"))


_EVICTS_ON_UPDATE = (
    "in a full cache, update() of a pair that is already present first deletes the oldest "
    "entry, so the cache shrinks below maxsize and an unrelated entry is lost"
)

UPDATE_EVICTS: Final = Finding(
    id="inmemorycache/update-of-present-pair-evicts",
    clauses=("cache.maxsize.update-no-evict", "cache.maxsize.model"),
    summary=_EVICTS_ON_UPDATE
    + "; no conforming update policy (keep position, or move to newest) predicts the "
    "lookup that then misses",
    severity=Severity.DATA_LOSS,
    signature=Signature(
        message=r"^AssertionError",
        tests=(
            "test_updating_a_present_pair_evicts_nothing",
            "test_bounded_cache_matches_the_model",
            "cache.maxsize.update-no-evict:*",
        ),
    ),
    reproduction=(
        "from langchain_core.caches import InMemoryCache\n"
        "from langchain_core.outputs import Generation\n"
        "c = InMemoryCache(maxsize=3)\n"
        "for p in ('a', 'b', 'c'):\n"
        "    c.update(p, 'llm', [Generation(text=p)])\n"
        "c.update('b', 'llm', [Generation(text='b2')])  # b is present: nothing should go\n"
        "assert c.lookup('a', 'llm') is None  # evicted by an in-place update\n"
        "assert len(c._cache) == 2  # the cache shrank below maxsize"
    ),
    evidence=(
        f"{CACHES_SOURCE}: `if self._maxsize is not None and len(self._cache) == "
        "self._maxsize: del self._cache[next(iter(self._cache))]` runs before every "
        f"write, present key or not; {UPDATE_ISSUE}"
    ),
)
"""``InMemoryCache(maxsize=N)``: one upstream cause, no fix released."""

STORE = Adapter(
    name="langchain-core-inmemorystore",
    kind="store",
    factory=_store,
    keys=FULL_TEXT,
    values=ANY,
    packages=PACKAGES,
    available=available,
    description="langchain_core.stores.InMemoryStore",
)

BYTE_STORE = Adapter(
    name="langchain-core-inmemorybytestore",
    kind="store",
    factory=_byte_store,
    keys=FULL_TEXT,
    values=BYTES,
    packages=PACKAGES,
    available=available,
    description="langchain_core.stores.InMemoryByteStore",
)

CACHE = Adapter(
    name="langchain-core-inmemorycache",
    kind="cache",
    factory=_cache,
    keys=FULL_TEXT,
    values=GENERATIONS,
    llm_strings=FULL_TEXT,
    capabilities=frozenset({MAXSIZE}),
    findings=(UPDATE_EVICTS,),
    packages=PACKAGES,
    available=available,
    description="langchain_core.caches.InMemoryCache(maxsize=...)",
)

BACKENDS = (STORE, BYTE_STORE, CACHE)
