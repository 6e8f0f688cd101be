"""Factories of ``langchain_community.storage.SQLStore`` instances, one per namespace.

Each instance uses the suite's namespace token as ``SQLStore``'s ``namespace`` in the
shared table (see :mod:`.tables`); on SQLite the database is a file in the namespace's
directory. A sync driver gives a store on an ``Engine``, an async driver a store on an
``AsyncEngine`` (``SQLStore`` then runs in its ``async_mode``). When the last instance of
a namespace closes, the rows of that namespace are deleted, and nothing else.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

from storespec.adapters.community import community
from storespec.adapters.community_sql import tables
from storespec.adapters.community_sql.databases import Driver
from storespec.adapters.leases import LEASES
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_community.storage.sql import SQLStore

STORE_FILE = "store.sqlite3"


def _url(driver: Driver, namespace: Namespace) -> Any:
    return driver.url(namespace.path, STORE_FILE)


def sync_factory(driver: Driver, name: str) -> Callable[..., Iterator[SQLStore]]:
    """A factory of stores on a sync ``Engine`` of ``driver``."""

    def factory(namespace: Namespace, **options: Any) -> Iterator[SQLStore]:
        from sqlalchemy import create_engine

        engine = create_engine(_url(driver, namespace))
        store = community("storage.sql").SQLStore(namespace=namespace.token, engine=engine)

        def exists() -> bool:
            with engine.connect() as connection:
                return tables.exists_on(connection)

        def create() -> None:
            if driver.database == "mariadb":
                with engine.begin() as connection:
                    tables.create_on(connection, driver.database)
            else:
                store.create_schema()

        lease = f"{name}/{namespace.token}"
        LEASES.acquire(lease)
        ready = False
        try:
            tables.tolerate_race(create, exists)
            ready = True
            yield store
        finally:
            try:
                if LEASES.release(lease) and ready:
                    with engine.begin() as connection:
                        tables.delete_namespace(connection, namespace.token)
            finally:
                engine.dispose()

    return factory


def async_factory(driver: Driver, name: str) -> Callable[..., AsyncIterator[SQLStore]]:
    """A factory of stores on an ``AsyncEngine`` of ``driver`` (SQLStore's async mode)."""

    async def factory(namespace: Namespace, **options: Any) -> AsyncIterator[SQLStore]:
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine(_url(driver, namespace))
        store = community("storage.sql").SQLStore(namespace=namespace.token, engine=engine)
        lease = f"{name}/{namespace.token}"
        LEASES.acquire(lease)
        ready = False
        try:
            try:
                if driver.database == "mariadb":
                    async with engine.begin() as connection:
                        await connection.run_sync(tables.create_on, driver.database)
                else:
                    await store.acreate_schema()
            except Exception:
                # Another process may have created the shared table meanwhile.
                async with engine.connect() as connection:
                    if not await connection.run_sync(tables.exists_on):
                        raise
            ready = True
            yield store
        finally:
            try:
                if LEASES.release(lease) and ready:
                    async with engine.begin() as connection:
                        await connection.run_sync(tables.delete_namespace, namespace.token)
            finally:
                await engine.dispose()

    return factory
