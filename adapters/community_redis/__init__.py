"""langchain-community's key-value backends on Redis and memcached.

- ``community-redis-store``: ``langchain_community.storage.RedisStore``, in the shared
  Redis database, namespaced by its ``namespace`` argument.
- ``community-redis-cache`` and ``community-redis-cache-async``:
  ``langchain_community.cache.RedisCache`` and ``AsyncRedisCache``, in a scratch Redis
  database the suite owns, because their ``clear()`` runs ``FLUSHDB``.
- ``community-memcached-cache``: ``langchain_community.cache.MemcachedCache``, on a
  memcached server the suite owns, because its ``clear()`` runs ``flush_all``.
"""

from __future__ import annotations

from storespec.adapters.community_redis import caches, memcached_cache, store
from storespec.adapters.community_redis.findings import (
    ASYNC_CACHE_FINDINGS,
    CACHE_FINDINGS,
    MEMCACHED_FINDINGS,
    STORE_FINDINGS,
)
from storespec.adapters.community_redis.memcached_findings import CONCURRENCY_FINDINGS
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.capabilities import PERSISTENCE
from storespec.conformance.core.domains import BYTES, FULL_TEXT, GENERATIONS

STORE = Adapter(
    name="community-redis-store",
    kind="store",
    factory=store.factory,
    keys=FULL_TEXT,
    values=BYTES,
    capabilities=frozenset({PERSISTENCE}),
    findings=STORE_FINDINGS,
    packages=("langchain-community", "redis"),
    available=store.available,
    servers=store.servers,
    canary=store.canary,
    description="langchain_community.storage.RedisStore(client=..., namespace=<token>)",
)

CACHE = Adapter(
    name="community-redis-cache",
    kind="cache",
    factory=caches.factory,
    keys=FULL_TEXT,
    values=GENERATIONS,
    llm_strings=FULL_TEXT,
    capabilities=frozenset({PERSISTENCE}),
    findings=CACHE_FINDINGS,
    packages=("langchain-community", "redis"),
    available=caches.available,
    servers=caches.servers,
    canary=caches.canary,
    description="langchain_community.cache.RedisCache(redis.Redis) in a scratch database",
)

ASYNC_CACHE = Adapter(
    name="community-redis-cache-async",
    kind="cache",
    factory=caches.async_factory,
    keys=FULL_TEXT,
    values=GENERATIONS,
    llm_strings=FULL_TEXT,
    capabilities=frozenset({PERSISTENCE}),
    apis=frozenset({"async"}),
    findings=ASYNC_CACHE_FINDINGS,
    packages=("langchain-community", "redis"),
    available=caches.available,
    servers=caches.servers,
    canary=caches.canary,
    description=(
        "langchain_community.cache.AsyncRedisCache(redis.asyncio.Redis) in a scratch database"
    ),
)

MEMCACHED_CACHE = Adapter(
    name="community-memcached-cache",
    kind="cache",
    factory=memcached_cache.factory,
    keys=FULL_TEXT,
    values=GENERATIONS,
    llm_strings=FULL_TEXT,
    capabilities=frozenset({PERSISTENCE}),
    findings=(*MEMCACHED_FINDINGS, *CONCURRENCY_FINDINGS),
    packages=("langchain-community", "pymemcache"),
    available=memcached_cache.available,
    servers=memcached_cache.servers,
    canary=memcached_cache.canary,
    description=(
        "langchain_community.cache.MemcachedCache(pymemcache Client(key_prefix=<token>:)) "
        "on the suite's own memcached server"
    ),
)

BACKENDS = (STORE, CACHE, ASYNC_CACHE, MEMCACHED_CACHE)
