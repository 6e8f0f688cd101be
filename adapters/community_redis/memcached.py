"""The memcached server the suite owns, and what the suite created on it.

``MemcachedCache.clear`` sends ``flush_all``, which empties the whole server, so the
cache runs only on a server the suite owns: ``STORESPEC_MEMCACHED_URL``, by default
a dedicated instance on ``127.0.0.1:11311`` (not the usual 11211), started by the
project's CI script::

    memcached -d -u memcache -l 127.0.0.1 -p 11311 -U 0 -m 64 -P /tmp/storespec-memcached.pid

Before a process first uses the server it lists every key on it (``lru_crawler
metadump hash``, memcached 1.6.11 or later) and refuses to run if any key is neither a
canary's nor its own.
Each namespace is a pymemcache ``key_prefix`` (``<token>:``); when the process lets
go of the server it deletes the keys under the prefixes it opened, and nothing else.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final
from urllib.parse import unquote_to_bytes, urlsplit

from storespec.adapters import servers
from storespec.adapters.community_redis.canaries import is_canary
from storespec.adapters.community_redis.lease import ExclusiveLease, LeaseTimeout

if TYPE_CHECKING:
    from pymemcache.client.base import Client  # type: ignore[import-untyped]

DEFAULT_URL: Final = "memcached://127.0.0.1:11311"
"""The suite's own memcached server: never a shared one, because ``clear()`` flushes it."""

NEEDS_PACKAGES: Final = (
    "needs langchain-community and pymemcache (pip install 'storespec[memcached]')"
)


def url() -> str:
    """``STORESPEC_MEMCACHED_URL``, or the suite's own server on port 11311."""
    return os.environ.get(servers.MEMCACHED_URL) or DEFAULT_URL


def address() -> tuple[str, int]:
    """Host and port of the server."""
    parts = urlsplit(url())
    return parts.hostname or "127.0.0.1", parts.port or 11311


@contextmanager
def client(key_prefix: bytes = b"") -> Iterator[Client]:
    """A pymemcache client on the server, closed on exit."""
    from pymemcache.client.base import Client

    connection = Client(address(), key_prefix=key_prefix, connect_timeout=5, timeout=10)
    try:
        yield connection
    finally:
        connection.close()


def all_keys() -> list[bytes]:
    """Every key stored on the server, from ``lru_crawler metadump hash``.

    The ``hash`` form walks the hash table, so it lists every item; ``metadump all``
    walks the LRU queues and can miss an item that moves between them during the walk.
    The reply is one item a line, ended by ``\\n``, then ``END\\r\\n``; keys are
    URL-encoded.
    """
    for _ in range(100):
        buffer = _metadump()
        if not buffer.startswith(b"BUSY"):
            break
        time.sleep(0.05)
    if not buffer.endswith(b"END\r\n"):
        msg = f"memcached refused metadump: {buffer.decode(errors='replace').strip()[:200]}"
        raise RuntimeError(msg)
    found: list[bytes] = []
    for line in buffer.splitlines():
        if line.startswith(b"key="):
            found.append(unquote_to_bytes(line.split(b" ", 1)[0][4:]))
    return found


def _metadump() -> bytes:
    """The raw reply to one ``lru_crawler metadump hash`` (``BUSY ...`` while the crawler
    serves another client)."""
    with socket.create_connection(address(), timeout=10) as conn:
        conn.sendall(b"lru_crawler metadump hash\r\n")
        buffer = b""
        while not buffer.endswith(b"END\r\n"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            buffer += chunk
            if buffer.startswith((b"ERROR", b"CLIENT_ERROR", b"SERVER_ERROR", b"BUSY")):
                break
    return buffer


class ForeignData(RuntimeError):
    """The server holds keys the suite did not create."""


class OwnedServer:
    """The memcached server, held by one process at a time (see ``lease``)."""

    def __init__(self) -> None:
        host, port = address()
        self.lease = ExclusiveLease(
            f"memcached-{host}-{port}", on_first=self._take, on_last=self._give_back
        )
        self._prefixes: set[bytes] = set()

    def opened(self, token: str) -> bytes:
        """Record that ``token``'s namespace is in use; return its key prefix."""
        prefix = f"{token}:".encode()
        self._prefixes.add(prefix)
        return prefix

    def foreign(self) -> list[bytes]:
        """Keys on the server that neither a canary nor this process wrote."""
        return [
            key
            for key in all_keys()
            if not is_canary(key) and not key.startswith(tuple(self._prefixes))
        ]

    def _take(self) -> None:
        self._prefixes.clear()
        found = self.foreign()
        if found:
            raise ForeignData(foreign_message(found))

    def _give_back(self) -> None:
        prefixes = tuple(self._prefixes)
        self._prefixes.clear()
        if not prefixes:
            return
        with client() as connection:
            for key in all_keys():
                if key.startswith(prefixes):
                    connection.delete(key, noreply=False)

    def unavailable(self) -> str | None:
        """Why the server cannot be used now (it holds foreign data), or None."""

        def check() -> str | None:
            found = self.foreign()
            return foreign_message(found) if found else None

        try:
            return self.lease.briefly(check)
        except LeaseTimeout as exc:
            return str(exc)


def foreign_message(found: list[bytes]) -> str:
    """The one-line reason the server cannot be used."""
    host, port = address()
    return (
        f"the memcached server at {host}:{port} holds foreign data ({len(found)} keys the "
        f"suite did not create, e.g. {found[0]!r}); MemcachedCache.clear() flushes the whole "
        f"server, so it needs a server of its own ({servers.MEMCACHED_URL})"
    )


SERVER: Final = OwnedServer()


def unavailable() -> str | None:
    """None when the packages import, the server answers and holds no foreign data."""
    if servers.missing_module("langchain_community", "pymemcache") is not None:
        return NEEDS_PACKAGES
    host, port = address()
    try:
        with socket.create_connection((host, port), timeout=1.0):
            pass
    except OSError:
        return (
            f"needs memcached on {host}:{port} ({servers.MEMCACHED_URL}; the matrix and the "
            f"project's tests start one where memcached is installed, or start it: "
            f"memcached -d -u memcache -l {host} -p {port} -U 0)"
        )
    return SERVER.unavailable()


def versions() -> dict[str, str]:
    """The server's version and address."""
    host, port = address()
    with client() as connection:
        version = connection.version()
    return {"memcached": version.decode(), "address": f"{host}:{port}"}
