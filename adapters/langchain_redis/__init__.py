"""langchain-redis's ``RedisCache``, on a Redis server with the JSON module.

- ``langchain-redis-cache``: ``langchain_redis.RedisCache(redis_client=..., prefix=<token>)``.

It runs on ``STORESPEC_REDIS_JSON_URL`` (else the shared ``STORESPEC_REDIS_URL``) and
only when that server has loaded RedisJSON; ``available()`` says so otherwise. The
package's semantic caches (``RedisSemanticCache``, ``LangCacheSemanticCache``) answer
similar prompts by design and need an embedding model or a hosted service; they have
no adapter.
"""

from __future__ import annotations

from storespec.adapters.langchain_redis import cache
from storespec.adapters.langchain_redis.deviations import CACHE_DEVIATIONS
from storespec.conformance.adapter import Adapter
from storespec.conformance.capabilities import PERSISTENCE
from storespec.conformance.domains import FULL_TEXT, GENERATIONS

CACHE = Adapter(
    name="langchain-redis-cache",
    kind="cache",
    factory=cache.factory,
    keys=FULL_TEXT,
    values=GENERATIONS,
    llm_strings=FULL_TEXT,
    capabilities=frozenset({PERSISTENCE}),
    deviations=CACHE_DEVIATIONS,
    packages=("langchain-redis", "redis"),
    available=cache.available,
    servers=cache.servers,
    canary=cache.canary,
    description="langchain_redis.RedisCache(redis_client=..., prefix=<token>) with RedisJSON",
)

BACKENDS = (CACHE,)
