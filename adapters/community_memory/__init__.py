"""langchain-community's ``InMemoryCache`` (``langchain_community.cache.InMemoryCache``).

It is not a re-export of ``langchain_core.caches.InMemoryCache`` but a class of its
own: a plain dict keyed by ``(prompt, llm_string)`` with no ``maxsize``, so the
adapter declares no capability. Each factory call returns a new, empty cache that
holds everything in the object itself: nothing to tear down, the namespace unused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storespec.adapters.community import community
from storespec.adapters.servers import missing_module
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.domains import FULL_TEXT, GENERATIONS
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_community.cache import InMemoryCache


def available() -> str | None:
    """None when langchain-community imports, else the one-line reason."""
    if missing_module("langchain_community") is None:
        return None
    return "needs langchain-community (pip install 'storespec[community]')"


def _cache(namespace: Namespace, **options: Any) -> InMemoryCache:
    """A new, unbounded ``langchain_community.cache.InMemoryCache``."""
    cache: InMemoryCache = community("cache").InMemoryCache()
    return cache


CACHE = Adapter(
    name="community-memory-inmemorycache",
    kind="cache",
    factory=_cache,
    keys=FULL_TEXT,
    values=GENERATIONS,
    llm_strings=FULL_TEXT,
    packages=("langchain-community", "langchain-core"),
    available=available,
    description="langchain_community.cache.InMemoryCache (its own class, no maxsize)",
)

BACKENDS = (CACHE,)
