"""The MongoDB server this family runs on, and the database the suite uses there.

The server is ``STORESPEC_MONGODB_URL`` (default ``mongodb://127.0.0.1:27017``); the
database is the URL's path, else ``storespec``. Each namespace is one collection of
that database, named after its token, which the suite creates and drops; nothing
else in the database is touched.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from storespec.adapters import servers

if TYPE_CHECKING:
    from pymongo import MongoClient

DEFAULT_DATABASE: Final = "storespec"
NEEDS_PACKAGES: Final = "needs langchain-mongodb (pip install 'storespec[mongodb]')"


def url() -> str:
    """The configured MongoDB URL."""
    return servers.url(servers.MONGODB_URL)


def database() -> str:
    """The database the suite's collections live in."""
    return urlsplit(url()).path.strip("/") or DEFAULT_DATABASE


def client() -> MongoClient[dict[str, object]]:
    """A new client on the server (close it when done)."""
    from pymongo import MongoClient

    return MongoClient(url(), serverSelectionTimeoutMS=5000)


def unavailable() -> str | None:
    """None when the packages import and a MongoDB server answers at the URL, else why not."""
    if servers.missing_module("langchain_mongodb", "pymongo") is not None:
        return NEEDS_PACKAGES
    target = url()
    parts = urlsplit(target)
    host, port = parts.hostname or "127.0.0.1", parts.port or 27017
    try:
        with socket.create_connection((host, port), timeout=1.0):
            pass
    except OSError as exc:
        return f"needs a MongoDB server at {target} ({servers.MONGODB_URL}): {exc.strerror or exc}"
    from pymongo.errors import PyMongoError

    connection = client()
    try:
        connection.admin.command("ping")
    except PyMongoError as exc:
        return f"needs a MongoDB server at {target} ({servers.MONGODB_URL}): {exc}"
    finally:
        connection.close()
    return None


def versions() -> dict[str, str]:
    """The server's version and the database the suite uses."""
    connection = client()
    try:
        info = connection.server_info()
    finally:
        connection.close()
    return {"mongodb": str(info.get("version", "unknown")), "database": database()}
