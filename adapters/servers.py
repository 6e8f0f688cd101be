"""Where the servers that adapters use are, and whether they answer.

Every URL comes from an environment variable, with the local service as the default.
"""

from __future__ import annotations

import os
import socket
from typing import Final
from urllib.parse import urlsplit

POSTGRES_URL: Final = "STORESPEC_POSTGRES_URL"
MARIADB_URL: Final = "STORESPEC_MARIADB_URL"
REDIS_URL: Final = "STORESPEC_REDIS_URL"
MEMCACHED_URL: Final = "STORESPEC_MEMCACHED_URL"
MONGODB_URL: Final = "STORESPEC_MONGODB_URL"

DEFAULTS: Final[dict[str, str]] = {
    POSTGRES_URL: "postgresql://postgres@127.0.0.1:5432/test",
    MARIADB_URL: "mysql://root@127.0.0.1:3306/test",
    REDIS_URL: "redis://127.0.0.1:6379/0",
    MEMCACHED_URL: "memcached://127.0.0.1:11311",
    MONGODB_URL: "mongodb://127.0.0.1:27017",
}


def url(variable: str) -> str:
    """The URL configured in ``variable``, or its default."""
    return os.environ.get(variable) or DEFAULTS[variable]


def unreachable(variable: str, timeout: float = 1.0) -> str | None:
    """None if the server named by ``variable`` accepts a TCP connection, else why not."""
    target = url(variable)
    parts = urlsplit(target)
    host, port = parts.hostname or "127.0.0.1", parts.port
    if port is None:
        return f"{variable}={target} names no port"
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as exc:
        return f"needs a server at {host}:{port} ({variable}): {exc.strerror or exc}"


def missing_module(*modules: str) -> str | None:
    """None if every module imports, else which package is missing."""
    import importlib.util

    for module in modules:
        if importlib.util.find_spec(module.split(".")[0]) is None:
            return f"needs the Python package providing {module!r} (install storespec's extra)"
    return None
