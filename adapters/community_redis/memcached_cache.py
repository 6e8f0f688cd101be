"""``langchain_community.cache.MemcachedCache`` on the suite's own memcached server.

Each instance gets a pymemcache ``Client`` whose ``key_prefix`` is ``<token>:``, so
entries of distinct namespaces never meet. ``clear()`` still flushes the whole server
(``flush_all``), which is why the server must be the suite's own (see ``memcached``).
A second instance on the same namespace sees the first one's entries.

The client waits for the server's reply to every command (``default_noreply=False``).
With pymemcache's default, ``set`` and ``flush_all`` return before the server applies
them, so whether another connection (a second instance, another namespace) sees a
write or a flush is a race, and the verdicts of ``cache.persistence`` and
``cache.clear.scope`` would change from run to run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from storespec.adapters.community_redis import memcached
from storespec.adapters.community_redis.canaries import MemcachedCanary
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_community.cache import MemcachedCache

available = memcached.unavailable
servers = memcached.versions


def factory(namespace: Namespace, **options: Any) -> Iterator[MemcachedCache]:
    """A ``MemcachedCache`` whose client prefixes every key with the namespace token."""
    from langchain_community.cache import MemcachedCache
    from pymemcache.client.base import Client  # type: ignore[import-untyped]

    server = memcached.SERVER
    server.lease.acquire()
    try:
        prefix = server.opened(namespace.token)
        connection = Client(
            memcached.address(),
            key_prefix=prefix,
            default_noreply=False,
            connect_timeout=5,
            timeout=10,
        )
        try:
            yield MemcachedCache(connection)
        finally:
            connection.close()
    finally:
        server.lease.release()


def canary() -> MemcachedCanary:
    """Entries on the server outside every namespace (``clear()`` flushes them too)."""
    return MemcachedCanary()
