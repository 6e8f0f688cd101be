"""``langchain_redis.RedisCache`` on a Redis server with the JSON module.

Each instance is ``RedisCache(redis_client=..., prefix=<token>)``: every entry is the
JSON document ``<token>:<md5(prompt)>:<md5(llm_string)>``, and ``clear()`` deletes the
keys that ``SCAN MATCH <token>:*`` finds. Tokens are ``[a-z0-9_]``, free of glob
metacharacters, so that pattern is the namespace exactly. The last instance on a
namespace to close deletes what is left of it (``reopen()`` shares it).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from storespec.adapters.langchain_redis import server
from storespec.adapters.langchain_redis.canaries import JsonRedisCanary
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_redis import RedisCache

_OPEN: Counter[str] = Counter()
_GUARD = threading.Lock()

available = server.unavailable
servers = server.versions


def factory(namespace: Namespace, **options: Any) -> Iterator[RedisCache]:
    """A ``RedisCache`` whose prefix is the token; the last close deletes the namespace."""
    from langchain_redis import RedisCache

    with _GUARD:
        _OPEN[namespace.token] += 1
    connection = server.client()
    try:
        yield RedisCache(redis_client=connection, prefix=namespace.token)
    finally:
        try:
            with _GUARD:
                _OPEN[namespace.token] -= 1
                last = _OPEN[namespace.token] == 0
                if last:
                    del _OPEN[namespace.token]
            if last:
                left = list(connection.scan_iter(match=f"{namespace.token}:*", count=1000))
                if left:
                    connection.delete(*left)
        finally:
            connection.close()


def canary() -> JsonRedisCanary:
    """Keys beside the namespaces on the JSON-capable server."""
    return JsonRedisCanary()
