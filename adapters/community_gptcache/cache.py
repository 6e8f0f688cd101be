"""Factory of ``langchain_community.cache.GPTCache`` instances confined to their namespace."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from storespec.adapters.community import community
from storespec.adapters.community_gptcache.data_dirs import MapCacheInit
from storespec.adapters.servers import missing_module
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_community.cache import GPTCache


def available() -> str | None:
    """None when langchain-community and gptcache import, else the one-line reason."""
    if missing_module("langchain_community", "gptcache") is None:
        return None
    return "needs langchain-community and gptcache (pip install 'storespec[gptcache]')"


def factory(namespace: Namespace, **options: Any) -> Iterator[GPTCache]:
    """A new ``GPTCache`` whose files all live in the namespace's directory, and which
    writes nothing once torn down."""
    setup = MapCacheInit(namespace.path)
    try:
        cache: GPTCache = community("cache").GPTCache(setup)
        yield cache
    finally:
        setup.detach()
