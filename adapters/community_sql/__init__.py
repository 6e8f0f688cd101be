"""langchain-community's SQL backends: ``SQLStore`` and the SQLAlchemy-based LLM caches."""

from __future__ import annotations

from collections.abc import Callable

from storespec.adapters.community_sql import caches, canaries, databases, stores
from storespec.adapters.community_sql.databases import Driver
from storespec.conformance import capabilities as caps
from storespec.conformance.adapter import Adapter, Canary
from storespec.conformance.domains import BYTES, FULL_TEXT, GENERATIONS, Domain, text

PACKAGES = ("langchain-community", "langchain-core", "sqlalchemy")

PG_TEXT = text(exclude="\x00", examples=("a", "A", "ключ", "x" * 1000))
MARIADB_KEYS = text(max_size=700, examples=("a", "A", "ключ", "x" * 700))


def _store_canary(driver: Driver) -> Callable[[], Canary]:
    if driver.database == "sqlite":
        return canaries.SqliteFileCanary
    return lambda: canaries.StoreTableCanary(driver)


def _cache_canary(driver: Driver) -> Callable[[], Canary]:
    if driver.database == "sqlite":
        return canaries.SqliteFileCanary
    return lambda: canaries.PostgresSchemaCanary(driver)


def _store(name: str, driver: Driver, keys: Domain[str]) -> Adapter:
    factory = (
        stores.async_factory(driver, name) if driver.is_async else stores.sync_factory(driver, name)
    )
    return Adapter(
        name=name,
        kind="store",
        factory=factory,
        keys=keys,
        values=BYTES,
        capabilities=frozenset({caps.PERSISTENCE}),
        packages=(*PACKAGES, driver.module),
        available=driver.unavailable,
        servers=databases.INFO[driver.database],
        canary=_store_canary(driver),
        description=f"langchain_community.storage.SQLStore on {driver.dialect}",
    )


SQLSTORE_SQLITE = _store("community-sqlstore-sqlite-sync", databases.SQLITE, FULL_TEXT)
SQLSTORE_SQLITE_ASYNC = _store("community-sqlstore-sqlite-async", databases.SQLITE_ASYNC, FULL_TEXT)
SQLSTORE_POSTGRES = _store("community-sqlstore-postgres-sync", databases.POSTGRES, PG_TEXT)
SQLSTORE_POSTGRES_ASYNC = _store(
    "community-sqlstore-postgres-async", databases.POSTGRES_ASYNC, PG_TEXT
)
SQLSTORE_MARIADB = _store("community-sqlstore-mariadb-sync", databases.MARIADB, MARIADB_KEYS)
SQLSTORE_MARIADB_ASYNC = _store(
    "community-sqlstore-mariadb-async", databases.MARIADB_ASYNC, MARIADB_KEYS
)


def _cache(name: str, factory: object, driver: Driver, texts: Domain[str], what: str) -> Adapter:
    return Adapter(
        name=name,
        kind="cache",
        factory=factory,  # type: ignore[arg-type]
        keys=texts,
        llm_strings=texts,
        values=GENERATIONS,
        capabilities=frozenset({caps.PERSISTENCE}),
        packages=(*PACKAGES, driver.module),
        available=driver.unavailable,
        servers=databases.INFO[driver.database],
        canary=_cache_canary(driver),
        description=what,
    )


SQLALCHEMYCACHE_SQLITE = _cache(
    "community-sqlalchemycache-sqlite",
    caches.sqlite_factory("SQLAlchemyCache"),
    databases.SQLITE,
    FULL_TEXT,
    "langchain_community.cache.SQLAlchemyCache on an SQLite file",
)
SQLITECACHE = _cache(
    "community-sqlitecache",
    caches.sqlitecache_factory,
    databases.SQLITE,
    FULL_TEXT,
    "langchain_community.cache.SQLiteCache",
)
SQLALCHEMYMD5CACHE_SQLITE = _cache(
    "community-sqlalchemymd5cache-sqlite",
    caches.sqlite_factory("SQLAlchemyMd5Cache"),
    databases.SQLITE,
    FULL_TEXT,
    "langchain_community.cache.SQLAlchemyMd5Cache on an SQLite file",
)
SQLALCHEMYCACHE_POSTGRES = _cache(
    "community-sqlalchemycache-postgres",
    caches.postgres_factory("SQLAlchemyCache", "community-sqlalchemycache-postgres"),
    databases.POSTGRES,
    PG_TEXT,
    "langchain_community.cache.SQLAlchemyCache on PostgreSQL (psycopg), one schema per namespace",
)
SQLALCHEMYMD5CACHE_POSTGRES = _cache(
    "community-sqlalchemymd5cache-postgres",
    caches.postgres_factory("SQLAlchemyMd5Cache", "community-sqlalchemymd5cache-postgres"),
    databases.POSTGRES,
    PG_TEXT,
    "langchain_community.cache.SQLAlchemyMd5Cache on PostgreSQL (psycopg), one schema per "
    "namespace",
)

STORES = (
    SQLSTORE_SQLITE,
    SQLSTORE_SQLITE_ASYNC,
    SQLSTORE_POSTGRES,
    SQLSTORE_POSTGRES_ASYNC,
    SQLSTORE_MARIADB,
    SQLSTORE_MARIADB_ASYNC,
)
CACHES = (
    SQLALCHEMYCACHE_SQLITE,
    SQLITECACHE,
    SQLALCHEMYMD5CACHE_SQLITE,
    SQLALCHEMYCACHE_POSTGRES,
    SQLALCHEMYMD5CACHE_POSTGRES,
)
BACKENDS = STORES + CACHES
