"""Factories of langchain-community's SQL caches, each confined to a database it owns.

``SQLAlchemyCache``, ``SQLiteCache`` and ``SQLAlchemyMd5Cache`` keep their entries in fixed
tables (``full_llm_cache``, ``full_md5_llm_cache``) with no namespace column, and their
``clear()`` deletes every row of the table. Two caches on one table share every entry, so
each namespace gets a database of its own: on SQLite a file in the namespace's directory,
on PostgreSQL a schema named after the namespace token, which the engine's ``search_path``
points at (and nothing else), and which is dropped when the namespace's last instance
closes. Nothing outside that file or schema is read or written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final

from storespec.adapters.community import community
from storespec.adapters.community_sql.databases import POSTGRES, SQLITE, admin_engine
from storespec.adapters.leases import LEASES
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_core.caches import BaseCache
    from sqlalchemy.engine import Engine

CACHE_FILE: Final = "cache.sqlite3"

_IDENTIFIER = re.compile(r"[a-z0-9_]{1,63}")


def _cache_class(name: str) -> Any:
    return getattr(community("cache"), name)


def schema_name(namespace: Namespace) -> str:
    """The PostgreSQL schema of a namespace: its token, checked to be a plain identifier."""
    if _IDENTIFIER.fullmatch(namespace.token) is None:
        raise ValueError(f"namespace token {namespace.token!r} is not a plain SQL identifier")
    return namespace.token


def sqlite_factory(class_name: str) -> Callable[..., Iterator[BaseCache]]:
    """A factory of ``class_name(engine)`` on an SQLite file in the namespace's directory."""

    def factory(namespace: Namespace, **options: Any) -> Iterator[BaseCache]:
        from sqlalchemy import create_engine

        engine = create_engine(SQLITE.url(namespace.path, CACHE_FILE))
        try:
            yield _cache_class(class_name)(engine)
        finally:
            engine.dispose()

    return factory


def sqlitecache_factory(namespace: Namespace, **options: Any) -> Iterator[BaseCache]:
    """``SQLiteCache(database_path=...)`` on a file in the namespace's directory."""
    cache = _cache_class("SQLiteCache")(database_path=str(namespace.path / CACHE_FILE))
    try:
        yield cache
    finally:
        cache.engine.dispose()


def postgres_factory(class_name: str, name: str) -> Callable[..., Iterator[BaseCache]]:
    """A factory of ``class_name(engine)`` on PostgreSQL, in a schema of the namespace's own."""

    def factory(namespace: Namespace, **options: Any) -> Iterator[BaseCache]:
        from sqlalchemy import create_engine, text

        schema = schema_name(namespace)
        lease = f"{name}/{schema}"
        LEASES.acquire(lease)
        admin = admin_engine(POSTGRES)
        engine: Engine | None = None
        try:
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            # Every connection sees only the namespace's schema: the caches' unqualified
            # table names resolve there, and create_all() creates them there.
            engine = create_engine(
                POSTGRES.url(), connect_args={"options": f"-c search_path={schema}"}
            )
            yield _cache_class(class_name)(engine)
        finally:
            try:
                if engine is not None:
                    engine.dispose()
                if LEASES.release(lease):
                    with admin.begin() as connection:
                        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            finally:
                admin.dispose()

    return factory
