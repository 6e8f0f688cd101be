"""SQLStore's shared table: creating it when missing, and removing one namespace's rows.

``SQLStore`` keeps every namespace in one table, ``langchain_key_value_stores``, and
filters every query by its ``namespace`` column. The suite may create the table when it
is missing (it is the backend's own table, shared by design, and is never dropped), and
at teardown deletes only the rows of the namespace it used.

On SQLite and PostgreSQL the table is created by ``SQLStore.create_schema()``. On MariaDB
that method cannot run: the model declares ``namespace`` and ``key`` as ``String`` without a
length, and SQLAlchemy raises ``CompileError: VARCHAR requires a length on dialect mysql``.
There the table is created from the same model with the lengths a MariaDB user must give
(:data:`MARIADB_NAMESPACE_LENGTH`, :data:`MARIADB_KEY_LENGTH`), in the database's default
character set and collation, as a user's own DDL would be.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from sqlalchemy import Connection, MetaData, Table

TABLE: Final = "langchain_key_value_stores"

MARIADB_NAMESPACE_LENGTH: Final = 64
"""``VARCHAR`` length of ``namespace`` on MariaDB: holds every namespace token (<= 40)."""

MARIADB_VALUE_BYTES: Final = 65_535
"""The most a MariaDB ``BLOB`` holds: SQLAlchemy's ``LargeBinary``, the model's ``value``
type, becomes ``BLOB`` on MariaDB, and strict mode rejects longer values (error 1406)."""

MARIADB_KEY_LENGTH: Final = 700
"""``VARCHAR`` length of ``key`` on MariaDB: the primary key (namespace, key) in utf8mb4
must fit InnoDB's 3072-byte index limit, and (64 + 700) * 4 = 3056 bytes does."""


def model_table() -> Table:
    """The table of ``SQLStore``'s model, as langchain-community declares it."""
    from storespec.adapters.community import community

    table: Table = community("storage.sql").LangchainKeyValueStores.__table__
    return table


def mariadb_metadata() -> MetaData:
    """The model's table with the VARCHAR lengths MariaDB needs, and nothing else changed."""
    from sqlalchemy import MetaData, String

    metadata = MetaData()
    copy = model_table().to_metadata(metadata)
    copy.c.namespace.type = String(MARIADB_NAMESPACE_LENGTH)
    copy.c.key.type = String(MARIADB_KEY_LENGTH)
    return metadata


def create_on(connection: Connection, database: str) -> None:
    """Create the table on a connection if it is missing (MariaDB: with VARCHAR lengths)."""
    if database == "mariadb":
        mariadb_metadata().create_all(connection)
    else:
        model_table().metadata.create_all(connection, tables=[model_table()])


def exists_on(connection: Connection) -> bool:
    """Whether the table exists where the connection looks."""
    from sqlalchemy import inspect

    return bool(inspect(connection).has_table(TABLE))


def tolerate_race(create: Callable[[], Any], exists: Callable[[], bool]) -> None:
    """Run ``create``; if it fails because another process created the table meanwhile
    (parallel workers race on ``CREATE TABLE``), accept the table that now exists."""
    try:
        create()
    except Exception:
        if not exists():
            raise


def delete_namespace(connection: Connection, namespace: str) -> None:
    """Delete the rows of exactly one namespace."""
    from sqlalchemy import delete

    table = model_table()
    connection.execute(delete(table).where(table.c.namespace == namespace))
