"""langchain-community's SQL backends against the suite, on SQLite and the real servers.

PostgreSQL (``STORESPEC_POSTGRES_URL``, default 127.0.0.1:5432, database ``test``) and
MariaDB (``STORESPEC_MARIADB_URL``, default 127.0.0.1:3306, database ``test``) must be
running; SQLite needs nothing.

Each run plants foreign data of its own before the suite starts (rows of foreign
namespaces in ``SQLStore``'s shared table, a foreign schema with the caches' tables,
database files beside the namespaces' directories) and checks it afterwards. The suite
names each namespace ``ss_<worker>_<hex>`` after ``PYTEST_XDIST_WORKER``; the test sets
that variable to a marker of its own for the run, so that it can tell whether the run
left a namespace behind (rows, schemas or directories), whatever else runs beside it.

The two MariaDB store runs never overlap, even under ``-n``: two ``mset`` batches in
distinct namespaces of the shared table can deadlock on InnoDB's next-key locks (error
1213), which would fail ``store.batch.large`` by chance rather than by the store alone.
"""

from __future__ import annotations

import fcntl
import secrets
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest

from storespec.adapters import community_sql
from storespec.adapters.community import community
from storespec.adapters.community_sql import databases, tables
from storespec.adapters.leases import Leases
from storespec.conformance.core.adapter import Adapter
from tests.adapters.support import Run, reproduce, run_suite, skip_or_fail
from tests.adapters.tolerated import assert_conformant_or_missed

MODULE = "storespec.adapters.community_sql"

ATTRIBUTES = {
    getattr(community_sql, name).name: name
    for name in dir(community_sql)
    if isinstance(getattr(community_sql, name), Adapter)
}
"""Adapter name -> its attribute in the module, for ``--backend=module:attribute``."""


def require(adapter: Adapter) -> None:
    """Skip (fail under CI) when the adapter's packages or server are missing here."""
    reason = adapter.unavailable()
    if reason is not None:
        skip_or_fail(f"{adapter.name}: {reason}")


@contextmanager
def exclusive(name: str) -> Iterator[None]:
    """Hold a lock that every process of this machine taking ``name`` waits for."""
    path = Path(tempfile.gettempdir()) / f"storespec-{name}.lock"
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- what a run may leave behind ------------------------------------------------------


def _marker() -> str:
    """A worker name for the suite's namespaces, which are then ``ss_<marker>..._<hex>``."""
    return "t" + secrets.token_hex(4)


def _like(marker: str) -> str:
    return f"ss\\_{marker}%"


def _rows_left(driver: databases.Driver, marker: str) -> int:
    from sqlalchemy import func, select

    table = tables.model_table()
    engine = databases.admin_engine(driver)
    try:
        with engine.connect() as connection:
            if not tables.exists_on(connection):
                return 0
            query = select(func.count()).where(table.c.namespace.like(_like(marker)))
            return int(connection.execute(query).scalar_one())
    finally:
        engine.dispose()


def _schemas_left(marker: str) -> list[str]:
    from sqlalchemy import text

    engine = databases.admin_engine(databases.POSTGRES)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :pattern"),
                {"pattern": _like(marker)},
            )
            return [str(name) for name in found.scalars()]
    finally:
        engine.dispose()


def leftovers(adapter: Adapter, marker: str) -> list[str]:
    """Directories, rows and schemas of the run's namespaces that still exist."""
    found = [f"directory {p}" for p in Path(tempfile.gettempdir()).glob(f"ss_{marker}*")]
    driver = community_sql.DRIVERS[adapter.name]
    if driver.database == "sqlite":
        return found
    if adapter.kind == "store":
        rows = _rows_left(driver, marker)
        if rows:
            found.append(f"{rows} rows of the run's namespaces in {tables.TABLE}")
    else:
        found += [f"schema {s}" for s in _schemas_left(marker)]
    return found


# -- the runs -------------------------------------------------------------------------


@pytest.mark.parametrize("backend", community_sql.BACKENDS, ids=lambda a: a.name)
def test_backend(backend: Adapter, tmp_path: Path) -> None:
    require(backend)
    mariadb = community_sql.DRIVERS[backend.name].database == "mariadb"
    with exclusive("community-sql-mariadb") if mariadb else nullcontext():
        _run_and_check(backend, tmp_path)


def _run_and_check(adapter: Adapter, tmp_path: Path) -> None:
    """Plant foreign data, run the suite, and check the verdicts, the foreign data and
    that no namespace is left behind."""
    assert adapter.canary is not None
    canary = adapter.canary()
    canary.plant()
    marker = _marker()
    try:
        run = run_suite(
            f"{MODULE}:{ATTRIBUTES[adapter.name]}",
            tmp_path,
            env={"PYTEST_XDIST_WORKER": marker},
        )
        assert_conformant_or_missed(run, adapter)
        isolation = "store.isolation" if adapter.kind == "store" else "cache.isolation"
        assert run.outcomes(adapter.name)[isolation] == "pass"
        damaged = canary.check()
        assert damaged == [], f"foreign data changed: {damaged}"
    finally:
        canary.remove()
    assert leftovers(adapter, marker) == [], "the run left namespaces behind"


def test_runs_side_by_side_stay_apart(tmp_path: Path) -> None:
    """Two runs of one server adapter at once keep to their own namespaces."""
    adapter = community_sql.SQLALCHEMYCACHE_POSTGRES
    require(adapter)
    markers = [_marker(), _marker()]

    def run(index: int) -> Run:
        directory = tmp_path / str(index)
        directory.mkdir()
        return run_suite(
            f"{MODULE}:SQLALCHEMYCACHE_POSTGRES",
            directory,
            "-k",
            "isolation or clear or persistence",
            env={"PYTEST_XDIST_WORKER": markers[index]},
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, range(2)))
    for result in results:
        found = result.outcomes(adapter.name)
        assert found["cache.isolation"] == "pass", result.tail()
        assert found["cache.clear.scope"] == "pass", result.tail()
    for marker in markers:
        assert leftovers(adapter, marker) == []


# -- what the declarations and domains rest on ----------------------------------------


FINDINGS = {f.id: f for adapter in community_sql.BACKENDS for f in adapter.findings}
"""Every finding of the family, once."""

NEEDS: dict[str, Adapter] = {
    "mysql+pymysql": community_sql.SQLSTORE_MARIADB,
    "postgresql+asyncpg": community_sql.SQLSTORE_POSTGRES_ASYNC,
    "sqlite+aiosqlite": community_sql.SQLSTORE_SQLITE_ASYNC,
}
"""What a reproduction's database URL needs: the adapter whose availability it shares."""


@pytest.mark.parametrize("finding_id", sorted(FINDINGS))
def test_finding_reproduces(finding_id: str) -> None:
    """Each finding's reproduction runs and asserts the defect (those on a server only when
    the server is up; under CI it must be)."""
    pytest.importorskip("langchain_community")
    finding = FINDINGS[finding_id]
    for url, adapter in NEEDS.items():
        if url in finding.reproduction:
            require(adapter)
    reproduce(finding)


def test_sqlstore_adapters_declare_the_api_of_their_engine() -> None:
    """A store on an AsyncEngine offers the async API, one on an Engine the sync API; each
    declares the finding of the API it refuses, and only that one."""
    for adapter in community_sql.STORES:
        is_async = community_sql.DRIVERS[adapter.name].is_async
        assert adapter.apis == frozenset({"async" if is_async else "sync"})
        refusals = {f.id for f in adapter.findings if "-engine-refuses-" in f.id}
        expected = (
            "sqlstore/async-engine-refuses-sync-api"
            if is_async
            else "sqlstore/sync-engine-refuses-async-api"
        )
        assert refusals == {expected}


def test_mariadb_domains_are_the_columns() -> None:
    """The MariaDB key and value domains are the ``key`` and ``value`` columns, as the suite
    creates the table (``SQLStore.create_schema()`` cannot: its VARCHARs have no length)."""
    pytest.importorskip("langchain_community")
    from sqlalchemy.dialects import mysql
    from sqlalchemy.exc import CompileError
    from sqlalchemy.schema import CreateTable

    with pytest.raises(CompileError, match="VARCHAR requires a length on dialect mysql"):
        CreateTable(tables.model_table()).compile(dialect=mysql.dialect())
    table = tables.mariadb_metadata().tables[tables.TABLE]
    ddl = str(CreateTable(table).compile(dialect=mysql.dialect()))
    assert f"`key` VARCHAR({tables.MARIADB_KEY_LENGTH}) NOT NULL" in ddl
    assert "value BLOB NOT NULL" in ddl
    keys = community_sql.SQLSTORE_MARIADB.keys
    assert keys.contains("x" * tables.MARIADB_KEY_LENGTH)
    assert not keys.contains("x" * (tables.MARIADB_KEY_LENGTH + 1))
    values = community_sql.SQLSTORE_MARIADB.values
    assert values.contains(b"x" * tables.MARIADB_VALUE_BYTES)
    assert not values.contains(b"x" * (tables.MARIADB_VALUE_BYTES + 1))


def test_caches_cannot_create_their_tables_on_mariadb() -> None:
    """Why no cache adapter runs on MariaDB: the models' VARCHARs have no length."""
    pytest.importorskip("langchain_community")
    from sqlalchemy.dialects import mysql
    from sqlalchemy.exc import CompileError
    from sqlalchemy.schema import CreateTable

    cache = community("cache")
    for model in (cache.FullLLMCache, cache.FullMd5LLMCache):
        with pytest.raises(CompileError, match="VARCHAR requires a length on dialect mysql"):
            CreateTable(model.__table__).compile(dialect=mysql.dialect())


def test_leases_clean_up_when_the_last_instance_closes() -> None:
    leases = Leases()
    leases.acquire("ns")
    leases.acquire("ns")
    assert leases.release("ns") is False
    assert leases.release("ns") is True
    leases.acquire("ns")
    assert leases.release("ns") is True
