"""``langchain_community.cache.RedisCache`` and ``AsyncRedisCache`` in the scratch database.

Neither cache takes a namespace: every entry is the hash ``md5(prompt + llm_string)``
at the top level of its database, and ``clear()`` is ``FLUSHDB``. The namespace
therefore cannot isolate them; the scratch database (see ``scratch``) keeps them away
from every other data, and the lease keeps two processes from flushing each other's
entries. A second instance on the same database sees the first one's entries.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from storespec.adapters.community_redis import redis_server
from storespec.adapters.community_redis.canaries import RedisCanary
from storespec.adapters.community_redis.scratch import scratch
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_community.cache import AsyncRedisCache, RedisCache


def available() -> str | None:
    """None when the packages import, the server answers and the scratch database is ours."""
    reason = redis_server.unavailable("langchain_community", "redis")
    if reason is None:
        reason = redis_server.scratch_unavailable()
    if reason is None:
        reason = scratch().unavailable()
    return reason


def factory(namespace: Namespace, **options: Any) -> Iterator[RedisCache]:
    """A ``RedisCache`` on the scratch database, held by this process until it closes."""
    from langchain_community.cache import RedisCache

    database = scratch()
    database.lease.acquire()
    try:
        connection = redis_server.client(database.db)
        try:
            yield RedisCache(connection)
        finally:
            connection.close()
    finally:
        database.lease.release()


async def async_factory(namespace: Namespace, **options: Any) -> AsyncIterator[AsyncRedisCache]:
    """An ``AsyncRedisCache`` on the scratch database, with a ``redis.asyncio`` client."""
    import redis.asyncio
    from langchain_community.cache import AsyncRedisCache

    database = scratch()
    database.lease.acquire()
    try:
        connection = redis.asyncio.Redis.from_url(redis_server.url(database.db))
        try:
            yield AsyncRedisCache(connection)
        finally:
            await connection.aclose()
    finally:
        database.lease.release()


def canary() -> RedisCanary:
    """Keys in the scratch database (which ``clear()`` flushes) and in the shared one."""
    return RedisCanary((redis_server.shared_db(), redis_server.scratch_db()))


def servers() -> dict[str, str]:
    """The server's version and the scratch database the caches run in."""
    return redis_server.versions(redis_server.scratch_db())
