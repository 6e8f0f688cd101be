"""Foreign data planted where these backends could plausibly touch it, checked after a run.

Every name a canary uses starts with ``storespec_canary_`` or ``ss_canary_`` and ends with
random hex digits: none is a namespace token (``ss_<worker>_<16 hex digits>``), and two
runs on one server never plant the same names.

- :class:`StoreTableCanary`: rows of two foreign namespaces in ``SQLStore``'s shared table
  (``langchain_key_value_stores``), under the very keys the suite writes, and a foreign
  table with one row in the same database.
- :class:`PostgresSchemaCanary`: a foreign schema holding ``full_llm_cache`` and
  ``full_md5_llm_cache`` with a row each (the caches' own table names), and a table with
  one row in ``public``.
- :class:`SqliteFileCanary`: a directory in the system's temporary directory, beside the
  namespaces' directories, holding database files named like the adapters' own, with rows
  in each backend table; the files' bytes must not change.
"""

from __future__ import annotations

import secrets
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Final

from storespec.adapters import file_canary
from storespec.adapters.community_sql import tables
from storespec.adapters.community_sql.databases import Driver, admin_engine

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.engine import Engine

KEYS: Final = ("a", "b", "shared", "only-first", "k0", "user1", "Key", "x", "")
"""Keys the conformance tests write: a backend that ignores the namespace meets these."""

CACHE_TABLES_DDL: Final = (
    "CREATE TABLE {schema}full_llm_cache (prompt VARCHAR NOT NULL, llm VARCHAR NOT NULL, "
    "idx INTEGER NOT NULL, response VARCHAR, PRIMARY KEY (prompt, llm, idx))",
    "CREATE TABLE {schema}full_md5_llm_cache (id VARCHAR NOT NULL PRIMARY KEY, "
    "prompt_md5 VARCHAR, llm VARCHAR, idx INTEGER, prompt VARCHAR, response VARCHAR)",
)
"""The caches' tables as langchain-community's models declare them."""

CACHE_ROWS: Final = (
    "INSERT INTO {schema}full_llm_cache VALUES ('p', 'l', 0, 'foreign entry')",
    "INSERT INTO {schema}full_md5_llm_cache VALUES "
    "('canary', '83878c91171338902e0fe0fb97a8c47a', 'l', 0, 'p', 'foreign entry')",
)


def _suffix() -> str:
    return secrets.token_hex(6)


def _value(namespace: str, key: str) -> bytes:
    return f"foreign value of {namespace}/{key}".encode()


class StoreTableCanary:
    """Foreign rows in ``SQLStore``'s shared table and a foreign table, on one server."""

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        suffix = _suffix()
        self.namespaces = (f"storespec_canary_{suffix}", f"ss_canary_{suffix}")
        self.table = f"storespec_canary_{suffix}"

    def _engine(self) -> Engine:
        return admin_engine(self.driver)

    def plant(self) -> None:
        """Create the shared table if missing, add the foreign rows and the foreign table."""
        from sqlalchemy import insert, text

        engine = self._engine()
        try:

            def create() -> None:
                with engine.begin() as connection:
                    tables.create_on(connection, self.driver.database)

            def exists() -> bool:
                with engine.connect() as connection:
                    return tables.exists_on(connection)

            tables.tolerate_race(create, exists)
            table = tables.model_table()
            with engine.begin() as connection:
                connection.execute(
                    insert(table),
                    [
                        {"namespace": ns, "key": key, "value": _value(ns, key)}
                        for ns in self.namespaces
                        for key in KEYS
                    ],
                )
                connection.execute(
                    text(f"CREATE TABLE {self.table} (id INTEGER PRIMARY KEY, note VARCHAR(64))")
                )
                connection.execute(text(f"INSERT INTO {self.table} VALUES (1, 'foreign row')"))
        finally:
            engine.dispose()

    def check(self) -> list[str]:
        """One line per foreign row or table that changed or vanished."""
        from sqlalchemy import select

        table = tables.model_table()
        problems: list[str] = []
        engine = self._engine()
        try:
            with engine.connect() as connection:
                for ns in self.namespaces:
                    rows = connection.execute(
                        select(table.c.key, table.c.value).where(table.c.namespace == ns)
                    ).all()
                    found = {str(k): bytes(v) for k, v in rows}
                    expected = {key: _value(ns, key) for key in KEYS}
                    if found != expected:
                        lost = sorted(set(expected) - set(found))
                        changed = sorted(k for k in found if expected.get(k) != found[k])
                        problems.append(
                            f"rows of foreign namespace {ns!r} in {tables.TABLE}: "
                            f"lost {lost}, changed or added {changed}"
                        )
                problems += _table_row(connection, self.table, "note", "foreign row")
        finally:
            engine.dispose()
        return problems

    def remove(self) -> None:
        """Delete the foreign rows and drop the foreign table."""
        from sqlalchemy import delete, text

        table = tables.model_table()
        engine = self._engine()
        try:
            with engine.begin() as connection:
                connection.execute(delete(table).where(table.c.namespace.in_(self.namespaces)))
                connection.execute(text(f"DROP TABLE IF EXISTS {self.table}"))
        finally:
            engine.dispose()


def _table_row(connection: Connection, table: str, column: str, value: str) -> list[str]:
    """A problem if ``table`` does not hold exactly one row whose ``column`` is ``value``."""
    from sqlalchemy import text

    try:
        found = connection.execute(text(f"SELECT {column} FROM {table}")).scalars().all()
    except Exception as exc:
        connection.rollback()
        return [f"foreign table {table} is unreadable: {type(exc).__name__}"]
    if list(found) != [value]:
        return [f"foreign table {table} holds {list(found)!r}, planted [{value!r}]"]
    return []


class PostgresSchemaCanary:
    """A foreign schema with the caches' own tables, and a foreign table in ``public``."""

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        suffix = _suffix()
        self.schema = f"storespec_canary_{suffix}"
        self.table = f"public.storespec_canary_{suffix}"

    def plant(self) -> None:
        """Create the schema, its two cache tables with a row each, and the public table."""
        from sqlalchemy import text

        engine = admin_engine(self.driver)
        try:
            with engine.begin() as connection:
                connection.execute(text(f"CREATE SCHEMA {self.schema}"))
                for statement in (*CACHE_TABLES_DDL, *CACHE_ROWS):
                    connection.execute(text(statement.format(schema=f"{self.schema}.")))
                connection.execute(
                    text(f"CREATE TABLE {self.table} (id INTEGER PRIMARY KEY, note VARCHAR(64))")
                )
                connection.execute(text(f"INSERT INTO {self.table} VALUES (1, 'foreign row')"))
        finally:
            engine.dispose()

    def check(self) -> list[str]:
        """One line per foreign row or table that changed or vanished."""
        problems: list[str] = []
        engine = admin_engine(self.driver)
        try:
            with engine.connect() as connection:
                for table in ("full_llm_cache", "full_md5_llm_cache"):
                    problems += _table_row(
                        connection, f"{self.schema}.{table}", "response", "foreign entry"
                    )
                problems += _table_row(connection, self.table, "note", "foreign row")
        finally:
            engine.dispose()
        return problems

    def remove(self) -> None:
        """Drop the foreign schema and the public table."""
        from sqlalchemy import text

        engine = admin_engine(self.driver)
        try:
            with engine.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE"))
                connection.execute(text(f"DROP TABLE IF EXISTS {self.table}"))
        finally:
            engine.dispose()


class SqliteFileCanary(file_canary.FileCanary):
    """Database files beside the namespaces' directories, with rows in every backend table."""

    FILES: Final = ("store.sqlite3", "cache.sqlite3")

    def populate(self, root: Path) -> None:
        """Each file holds SQLStore's table and the caches' tables, with foreign rows."""
        for name in self.FILES:
            with closing(sqlite3.connect(root / name)) as connection, connection:
                connection.execute(
                    f"CREATE TABLE {tables.TABLE} (namespace VARCHAR NOT NULL, "
                    "key VARCHAR NOT NULL, value BLOB NOT NULL, PRIMARY KEY (namespace, key))"
                )
                connection.executemany(
                    f"INSERT INTO {tables.TABLE} VALUES (?, ?, ?)",
                    [("ss_canary", key, _value("ss_canary", key)) for key in KEYS],
                )
                for statement in (*CACHE_TABLES_DDL, *CACHE_ROWS):
                    connection.execute(statement.format(schema=""))
