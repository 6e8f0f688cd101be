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
from storespec.adapters.langchain_redis.findings import CACHE_FINDINGS
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.capabilities import PERSISTENCE
from storespec.conformance.core.domains import FULL_TEXT, GENERATIONS

CACHE = Adapter(
    name="langchain-redis-cache",
    kind="cache",
    factory=cache.factory,
    keys=FULL_TEXT,
    values=GENERATIONS,
    llm_strings=FULL_TEXT,
    capabilities=frozenset({PERSISTENCE}),
    findings=CACHE_FINDINGS,
    packages=("langchain-redis", "redis"),
    available=cache.available,
    servers=cache.servers,
    canary=cache.canary,
    description="langchain_redis.RedisCache(redis_client=..., prefix=<token>) with RedisJSON",
)

BACKENDS = (CACHE,)
