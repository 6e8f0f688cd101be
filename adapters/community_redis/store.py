"""``langchain_community.storage.RedisStore`` in the shared Redis database.

Each instance is ``RedisStore(client=..., namespace=<token>)``, so every key it writes
is ``<token>/<key>``. Tokens are ``[a-z0-9_]``, free of glob metacharacters, so the
teardown can list the namespace with ``SCAN MATCH <token>/*`` and delete exactly it.
The last instance on a namespace to close removes it (``reopen()`` shares it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from storespec.adapters.community_redis import redis_server
from storespec.adapters.community_redis.canaries import RedisCanary
from storespec.adapters.leases import LEASES
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_community.storage import RedisStore


def available() -> str | None:
    """None when langchain-community and redis import and the server answers."""
    return redis_server.unavailable("langchain_community", "redis")


def factory(namespace: Namespace, **options: Any) -> Iterator[RedisStore]:
    """A ``RedisStore`` whose namespace is the token; the last close deletes the namespace."""
    from langchain_community.storage import RedisStore

    key = f"community-redis-store/{namespace.token}"
    LEASES.acquire(key)
    connection = redis_server.client()
    try:
        yield RedisStore(client=connection, namespace=namespace.token)
    finally:
        try:
            if LEASES.release(key):
                created = list(connection.scan_iter(match=f"{namespace.token}/*", count=1000))
                if created:
                    connection.delete(*created)
        finally:
            connection.close()


def canary() -> RedisCanary:
    """Keys in the shared database, beside the namespaces."""
    return RedisCanary((redis_server.shared_db(),))


def servers() -> dict[str, str]:
    """The server's version and the database the store runs in."""
    return redis_server.versions()
