"""The three databases the SQL backends run on, and how to reach each with each driver.

SQLite lives in a file inside the namespace's directory; PostgreSQL and MariaDB are the
shared servers named in ``storespec.adapters.servers``. Every URL is built from those
settings, so pointing the suite at another server needs no change here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from storespec.adapters import servers

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

COMMUNITY: Final = ("langchain_community", "sqlalchemy")
"""Modules every adapter of this family imports."""

NEEDS_COMMUNITY: Final = "needs langchain-community (pip install 'storespec[sql]')"


@dataclass(frozen=True)
class Driver:
    """One SQLAlchemy driver of one database: its dialect name and the module it needs."""

    database: str
    """``sqlite``, ``postgres`` or ``mariadb``."""
    dialect: str
    """The SQLAlchemy ``drivername``, e.g. ``postgresql+asyncpg``."""
    module: str
    """The DB-API module the driver imports."""
    is_async: bool
    server_variable: str | None = None
    """The ``storespec.adapters.servers`` variable naming the server; None for SQLite."""
    distribution: str | None = None
    """The driver's distribution, whose version the report records; None for the stdlib."""

    @property
    def packages(self) -> tuple[str, ...]:
        """The driver's distribution, if it has one."""
        return () if self.distribution is None else (self.distribution,)

    def unavailable(self) -> str | None:
        """None when the packages are installed and the server answers, else why not."""
        if servers.missing_module(*COMMUNITY) is not None:
            return NEEDS_COMMUNITY
        missing = servers.missing_module(self.module)
        if missing is not None:
            return f"needs the {self.module} driver (pip install 'storespec[sql]')"
        if self.server_variable is not None:
            return servers.unreachable(self.server_variable)
        return None

    def url(self, directory: Path | None = None, filename: str = "store.sqlite3") -> URL:
        """The URL of the test database (SQLite: ``filename`` inside ``directory``)."""
        from sqlalchemy.engine import make_url

        if self.server_variable is None:
            if directory is None:
                raise ValueError("an SQLite URL needs the namespace's directory")
            return make_url(f"sqlite:///{directory / filename}").set(drivername=self.dialect)
        url = make_url(servers.url(self.server_variable)).set(drivername=self.dialect)
        if self.database == "mariadb":
            url = url.update_query_dict({"charset": "utf8mb4"})
        return url


SQLITE: Final = Driver("sqlite", "sqlite+pysqlite", "sqlite3", is_async=False)
SQLITE_ASYNC: Final = Driver(
    "sqlite", "sqlite+aiosqlite", "aiosqlite", is_async=True, distribution="aiosqlite"
)
POSTGRES: Final = Driver(
    "postgres",
    "postgresql+psycopg",
    "psycopg",
    is_async=False,
    server_variable=servers.POSTGRES_URL,
    distribution="psycopg",
)
POSTGRES_ASYNC: Final = Driver(
    "postgres",
    "postgresql+asyncpg",
    "asyncpg",
    is_async=True,
    server_variable=servers.POSTGRES_URL,
    distribution="asyncpg",
)
MARIADB: Final = Driver(
    "mariadb",
    "mysql+pymysql",
    "pymysql",
    is_async=False,
    server_variable=servers.MARIADB_URL,
    distribution="PyMySQL",
)
MARIADB_ASYNC: Final = Driver(
    "mariadb",
    "mysql+asyncmy",
    "asyncmy",
    is_async=True,
    server_variable=servers.MARIADB_URL,
    distribution="asyncmy",
)


def admin_engine(driver: Driver) -> Engine:
    """A sync engine without a pool on the server of ``driver`` (through the sync driver of
    the same database), for the suite's own set-up, teardown and checks."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    sync = {"postgres": POSTGRES, "mariadb": MARIADB}[driver.database]
    return create_engine(sync.url(), poolclass=NullPool)


def _query(driver: Driver, sql: str) -> list[tuple[Any, ...]]:
    from sqlalchemy import text

    engine = admin_engine(driver)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def sqlite_info() -> dict[str, str]:
    """The SQLite library's version; text compares by code point (BINARY collation)."""
    return {"sqlite": sqlite3.sqlite_version, "collation": "BINARY"}


def postgres_info() -> dict[str, str]:
    """The server version and the test database's collation and encoding."""
    ((version, collation, ctype, encoding),) = _query(
        POSTGRES,
        "SELECT current_setting('server_version'), datcollate, datctype, "
        "pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()",
    )
    return {
        "postgresql": str(version),
        "collation": str(collation),
        "ctype": str(ctype),
        "encoding": str(encoding),
    }


def mariadb_info() -> dict[str, str]:
    """The server version, the test database's character set and collation, and sql_mode."""
    ((version, charset, collation, mode),) = _query(
        MARIADB,
        "SELECT VERSION(), @@character_set_database, @@collation_database, @@sql_mode",
    )
    return {
        "mariadb": str(version),
        "character_set": str(charset),
        "collation": str(collation),
        "sql_mode": str(mode),
    }


INFO: Final[Mapping[str, Callable[[], dict[str, str]]]] = {
    "sqlite": sqlite_info,
    "postgres": postgres_info,
    "mariadb": mariadb_info,
}
"""Server versions and collations for the report, by database."""
