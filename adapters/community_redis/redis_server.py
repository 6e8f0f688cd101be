"""The Redis server this family runs on, and the database numbers it uses there.

The store runs in the database of ``STORESPEC_REDIS_URL`` (shared: it only ever touches
keys under its namespace). The caches whose ``clear()`` runs ``FLUSHDB`` run in a
scratch database of their own, ``STORESPEC_REDIS_SCRATCH_DB`` (default 13), on the same
server; it must differ from the shared one.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit, urlunsplit

from storespec.adapters import servers

if TYPE_CHECKING:
    import redis

SCRATCH_DB: Final = "STORESPEC_REDIS_SCRATCH_DB"
DEFAULT_SCRATCH_DB: Final = 13

NEEDS_PACKAGES: Final = "needs langchain-community and redis (pip install 'storespec[redis]')"


def url(db: int | None = None) -> str:
    """The configured Redis URL, with its database number replaced by ``db`` if given."""
    base = servers.url(servers.REDIS_URL)
    if db is None:
        return base
    return urlunsplit(urlsplit(base)._replace(path=f"/{db}"))


def shared_db() -> int:
    """The database number of ``STORESPEC_REDIS_URL`` (0 when it names none)."""
    path = urlsplit(url()).path.strip("/")
    return int(path) if path.isdigit() else 0


def scratch_db() -> int:
    """The scratch database number; ValueError if the setting is not a database number."""
    raw = os.environ.get(SCRATCH_DB) or str(DEFAULT_SCRATCH_DB)
    if not raw.isdigit():
        msg = f"{SCRATCH_DB}={raw!r} is not a Redis database number"
        raise ValueError(msg)
    return int(raw)


def address() -> str:
    """``host:port`` of the server, for messages."""
    parts = urlsplit(url())
    return f"{parts.hostname or '127.0.0.1'}:{parts.port or 6379}"


def client(db: int | None = None) -> redis.Redis:
    """A new synchronous client on database ``db`` (default: the shared one)."""
    import redis

    return redis.Redis.from_url(url(db))


def unavailable(*modules: str) -> str | None:
    """None when ``modules`` import and the server answers, else why not."""
    if servers.missing_module(*modules) is not None:
        return NEEDS_PACKAGES
    return servers.unreachable(servers.REDIS_URL)


def scratch_unavailable() -> str | None:
    """Why the scratch database cannot be used (a bad setting), or None."""
    try:
        db = scratch_db()
    except ValueError as exc:
        return str(exc)
    if db == shared_db():
        return (
            f"{SCRATCH_DB}={db} names the shared database of {servers.REDIS_URL}; "
            "the flushing caches need a database of their own"
        )
    return None


def versions(db: int | None = None) -> dict[str, str]:
    """The server's version, and the database number the backend runs in."""
    with client(db) as connection:
        info = connection.info("server")
    found = {"redis": str(info.get("redis_version", "unknown")), "address": address()}
    found["database"] = str(shared_db() if db is None else db)
    return found
