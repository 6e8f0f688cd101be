"""The clauses ``langchain_redis.RedisCache`` breaks, each confirmed by a run and the source.

Line numbers are those of langchain-redis 0.2.6 (``langchain_redis/cache.py``).
"""

from __future__ import annotations

from typing import Final

from storespec.conformance.deviation import Deviation

SOURCE: Final = "langchain_redis/cache.py"

CACHE_DEVIATIONS: Final = {
    "cache.value.empty-list": Deviation(
        clause="cache.value.empty-list",
        observed=(
            "update(p, l, []) stores the JSON document [], but lookup treats it as a miss and "
            "returns None"
        ),
        reproduction=(
            "from langchain_redis import RedisCache\n"
            "c = RedisCache(redis_url='redis://localhost:6379', prefix='demo')  # with RedisJSON\n"
            "c.update('p', 'l', [])\n"
            "assert c.redis.json().get(c._key('p', 'l')) == []\n"
            "assert c.lookup('p', 'l') is None"
        ),
        evidence=(
            f"{SOURCE}:227-229: `result = self.redis.json().get(key)` then "
            "`if not result: return None`, which takes the stored empty list for a miss"
        ),
    ),
}
