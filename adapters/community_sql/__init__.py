"""langchain-community's SQL backends: ``SQLStore`` and the SQLAlchemy-based LLM caches.

Stores, ``langchain_community.storage.SQLStore`` in the shared table
``langchain_key_value_stores``, namespaced by its ``namespace`` argument (the namespace
token), each on a sync ``Engine`` and on an ``AsyncEngine`` (``SQLStore``'s async mode):

- ``community-sqlstore-sqlite-sync`` / ``-async``: pysqlite / aiosqlite, a file in the
  namespace's directory;
- ``community-sqlstore-postgres-sync`` / ``-async``: psycopg 3 / asyncpg;
- ``community-sqlstore-mariadb-sync`` / ``-async``: PyMySQL / asyncmy. ``SQLStore`` cannot
  create its table on MariaDB (see :mod:`.tables`); the suite creates it with VARCHAR
  lengths, in the database's default collation. (aiomysql is not used: with PyMySQL
  1.2 it cannot send a ``bytes`` parameter, aio-libs/aiomysql#1080.)

A store serves the API of its engine, by design: the sync adapters declare
``apis={"sync"}``, the async ones ``apis={"async"}``, and the parity clauses show the
other API refused (one finding each, in :mod:`.findings`).

Caches, each in a database of its namespace's own (see :mod:`.caches`):

- ``community-sqlalchemycache-sqlite``, ``community-sqlitecache`` and
  ``community-sqlalchemymd5cache-sqlite``: a file in the namespace's directory;
- ``community-sqlalchemycache-postgres`` and ``community-sqlalchemymd5cache-postgres``:
  a schema named after the namespace token.

None of the caches can run on MariaDB: their models declare ``String`` columns without
a length (``FullLLMCache.prompt``, ``.llm``, ``.response``; every ``FullMd5LLMCache``
column), and their constructors' ``metadata.create_all`` raises ``CompileError: VARCHAR
requires a length on dialect mysql`` (``SQLAlchemyMd5Cache`` creates ``full_llm_cache``
too, from the shared metadata, and fails on it first).
"""

from __future__ import annotations

from collections.abc import Callable

from storespec.adapters.community_sql import caches, canaries, databases, findings, stores
from storespec.adapters.community_sql import concurrency_findings as more
from storespec.adapters.community_sql.databases import Driver
from storespec.adapters.community_sql.tables import MARIADB_KEY_LENGTH, MARIADB_VALUE_BYTES
from storespec.conformance.core import capabilities as caps
from storespec.conformance.core.adapter import Adapter, Api, Canary, Factory
from storespec.conformance.core.domains import BYTES, FULL_TEXT, GENERATIONS, Domain, text
from storespec.conformance.core.findings import Finding

PACKAGES = ("langchain-community", "langchain-core", "sqlalchemy")

POSTGRES_TEXT = text(
    exclude="\x00",
    examples=("", "a", "A", " a ", "\u043a\u043b\u044e\u0447", "e\u0301", "x" * 1000),
    description="strings without NUL (PostgreSQL text cannot hold U+0000)",
)
"""PostgreSQL's character types reject NUL: psycopg and asyncpg raise on it."""

MARIADB_KEYS = text(
    max_size=MARIADB_KEY_LENGTH,
    examples=("", "a", "A", " a ", "\u043a\u043b\u044e\u0447", "x" * MARIADB_KEY_LENGTH),
    description=f"strings of at most {MARIADB_KEY_LENGTH} characters (the key VARCHAR)",
)
"""The ``key`` column's declared length; strict mode rejects longer keys (error 1406)."""


DRIVERS: dict[str, Driver] = {}
"""Adapter name -> the driver its instances use."""


MARIADB_VALUES: Domain[bytes] = Domain(
    f"byte strings of at most {MARIADB_VALUE_BYTES:,} bytes (the value BLOB)",
    lambda value: isinstance(value, bytes) and len(value) <= MARIADB_VALUE_BYTES,
    BYTES.strategy,
    BYTES.examples,
    (f"at most {MARIADB_VALUE_BYTES:,} bytes",),
)
"""The ``value`` column's type as SQLAlchemy creates it on MariaDB: ``BLOB``."""


def _store_canary(driver: Driver) -> Callable[[], Canary]:
    if driver.database == "sqlite":
        return canaries.SqliteFileCanary
    return lambda: canaries.StoreTableCanary(driver)


def _cache_canary(driver: Driver) -> Callable[[], Canary]:
    if driver.database == "sqlite":
        return canaries.SqliteFileCanary
    return lambda: canaries.PostgresSchemaCanary(driver)


def _store(name: str, driver: Driver, keys: Domain[str], values: Domain[bytes] = BYTES) -> Adapter:
    found: tuple[Finding, ...]
    api: Api
    if driver.is_async:
        factory: Factory = stores.async_factory(driver, name)
        api = "async"
        found = (findings.ASYNC_ENGINE_REFUSES_SYNC, findings.AMSET_REPEATED_KEY)
    else:
        factory = stores.sync_factory(driver, name)
        api = "sync"
        found = (findings.SYNC_ENGINE_REFUSES_ASYNC,)
    if driver.database == "mariadb":
        found = (*found, findings.MARIADB_COLLATION)
    if driver.dialect.startswith("postgresql+asyncpg"):
        found = (*found, findings.ASYNCPG_BATCH_LIMIT)
    if driver.database == "postgres":
        found = (*found, more.STORE_KEY_IN_BTREE)
    if driver.database != "sqlite":
        found = (*found, more.STORE_WRITERS_CONFLICT)
    DRIVERS[name] = driver
    return Adapter(
        name=name,
        kind="store",
        factory=factory,
        keys=keys,
        values=values,
        capabilities=frozenset({caps.PERSISTENCE}),
        apis=frozenset({api}),
        findings=found,
        packages=(*PACKAGES, *driver.packages),
        available=driver.unavailable,
        servers=databases.INFO[driver.database],
        canary=_store_canary(driver),
        description=f"langchain_community.storage.SQLStore(namespace=<token>) on {driver.dialect}",
    )


SQLSTORE_SQLITE = _store("community-sqlstore-sqlite-sync", databases.SQLITE, FULL_TEXT)
SQLSTORE_SQLITE_ASYNC = _store("community-sqlstore-sqlite-async", databases.SQLITE_ASYNC, FULL_TEXT)
SQLSTORE_POSTGRES = _store("community-sqlstore-postgres-sync", databases.POSTGRES, POSTGRES_TEXT)
SQLSTORE_POSTGRES_ASYNC = _store(
    "community-sqlstore-postgres-async", databases.POSTGRES_ASYNC, POSTGRES_TEXT
)
SQLSTORE_MARIADB = _store(
    "community-sqlstore-mariadb-sync", databases.MARIADB, MARIADB_KEYS, MARIADB_VALUES
)
SQLSTORE_MARIADB_ASYNC = _store(
    "community-sqlstore-mariadb-async", databases.MARIADB_ASYNC, MARIADB_KEYS, MARIADB_VALUES
)


def _cache(
    name: str,
    factory: Factory,
    driver: Driver,
    texts: Domain[str],
    found: tuple[Finding, ...],
    description: str,
) -> Adapter:
    DRIVERS[name] = driver
    return Adapter(
        name=name,
        kind="cache",
        factory=factory,
        keys=texts,
        llm_strings=texts,
        values=GENERATIONS,
        capabilities=frozenset({caps.PERSISTENCE}),
        findings=found,
        packages=(*PACKAGES, *driver.packages),
        available=driver.unavailable,
        servers=databases.INFO[driver.database],
        canary=_cache_canary(driver),
        description=description,
    )


SQLALCHEMYCACHE_SQLITE = _cache(
    "community-sqlalchemycache-sqlite",
    caches.sqlite_factory("SQLAlchemyCache"),
    databases.SQLITE,
    FULL_TEXT,
    (*findings.SQLALCHEMY_CACHE, more.CACHE_MERGE_RACE),
    "langchain_community.cache.SQLAlchemyCache(engine) on an SQLite file per namespace",
)
SQLITECACHE = _cache(
    "community-sqlitecache",
    caches.sqlitecache_factory,
    databases.SQLITE,
    FULL_TEXT,
    (*findings.SQLALCHEMY_CACHE, more.CACHE_MERGE_RACE),
    "langchain_community.cache.SQLiteCache(database_path=...) on a file per namespace",
)
SQLALCHEMYMD5CACHE_SQLITE = _cache(
    "community-sqlalchemymd5cache-sqlite",
    caches.sqlite_factory("SQLAlchemyMd5Cache"),
    databases.SQLITE,
    FULL_TEXT,
    findings.SQLALCHEMY_MD5_CACHE,
    "langchain_community.cache.SQLAlchemyMd5Cache(engine) on an SQLite file per namespace",
)
SQLALCHEMYCACHE_POSTGRES = _cache(
    "community-sqlalchemycache-postgres",
    caches.postgres_factory("SQLAlchemyCache", "community-sqlalchemycache-postgres"),
    databases.POSTGRES,
    POSTGRES_TEXT,
    (*findings.SQLALCHEMY_CACHE, more.CACHE_MERGE_RACE, more.CACHE_PROMPT_IN_BTREE),
    "langchain_community.cache.SQLAlchemyCache(engine) on PostgreSQL (psycopg 3), "
    "in a schema per namespace",
)
SQLALCHEMYMD5CACHE_POSTGRES = _cache(
    "community-sqlalchemymd5cache-postgres",
    caches.postgres_factory("SQLAlchemyMd5Cache", "community-sqlalchemymd5cache-postgres"),
    databases.POSTGRES,
    POSTGRES_TEXT,
    (*findings.SQLALCHEMY_MD5_CACHE, more.MD5_CACHE_LLM_IN_BTREE, more.MD5_CONCURRENT_MERGE),
    "langchain_community.cache.SQLAlchemyMd5Cache(engine) on PostgreSQL (psycopg 3), "
    "in a schema per namespace",
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
