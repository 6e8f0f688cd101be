"""Factory of ``langchain_community.cache.GPTCache`` instances confined to their namespace."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from storespec.adapters.community_gptcache.data_dirs import MapCacheInit
from storespec.adapters.servers import missing_module
from storespec.conformance.namespace import Namespace

if TYPE_CHECKING:
    from langchain_community.cache import GPTCache


def available() -> str | None:
    """None when langchain-community and gptcache import, else the one-line reason."""
    if missing_module("langchain_community", "gptcache") is None:
        return None
    return "needs langchain-community and gptcache (pip install 'storespec[gptcache]')"


def _cache_class() -> type[GPTCache]:
    """The class, imported without langchain-community's sunset notice (a DeprecationWarning
    about the package, not about this class's behaviour)."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="`langchain-community` is being sunset", category=DeprecationWarning
        )
        from langchain_community.cache import GPTCache

    return GPTCache


def factory(namespace: Namespace, **options: Any) -> Iterator[GPTCache]:
    """A new ``GPTCache`` whose files all live in the namespace's directory, and which
    writes nothing once torn down."""
    setup = MapCacheInit(namespace.path)
    try:
        yield _cache_class()(setup)
    finally:
        setup.detach()
