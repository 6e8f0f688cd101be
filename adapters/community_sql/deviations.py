"""The clauses these backends break, each confirmed by a run and by the upstream source.

Line numbers are those of langchain-community 0.4.2 (``langchain_community/...``). The
reproductions run as they are: the SQLite ones on a throwaway in-memory database, the
MariaDB ones against the local server (``mysql+pymysql://root@127.0.0.1:3306/test``), in
a namespace of their own whose rows they delete at the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from storespec.conformance.deviation import Deviation, by_clause

STORE_SOURCE: Final = "langchain_community/storage/sql.py"
CACHE_SOURCE: Final = "langchain_community/cache.py"


# -- SQLStore on a sync Engine: the async methods raise -------------------------------

_SYNC_STORE = (
    "import asyncio\n"
    "from langchain_community.storage import SQLStore\n"
    "s = SQLStore(namespace='demo', db_url='sqlite:///:memory:')\n"
    "s.create_schema()\n"
)
_ASYNC_RAISES = (
    f"{STORE_SOURCE}:177-178: `amget` starts with `assert isinstance(self.engine, "
    "AsyncEngine)`; 286-293: `_make_async_session`, which `amset`, `amdelete` and "
    "`ayield_keys` use, raises ValueError unless the store was built on an AsyncEngine"
)
_ASYNC_RAISES_OBSERVED = (
    "on a sync Engine every async method fails: amget raises AssertionError, and amset, "
    "amdelete and ayield_keys raise ValueError('Attempting to use an async method in when "
    "sync mode is turned on. ...')"
)


def _sync_mode(clause: str, what: str, reproduction: str) -> Deviation:
    return Deviation(
        clause=clause,
        observed=f"{what}: {_ASYNC_RAISES_OBSERVED}",
        reproduction=_SYNC_STORE + reproduction,
        evidence=_ASYNC_RAISES,
    )


_AMSET_RAISES = (
    "try:\n"
    "    asyncio.run(s.amset([('a', b'1')]))\n"
    "except ValueError as error:\n"
    "    assert 'sync mode is turned on' in str(error)\n"
    "else:\n"
    "    raise AssertionError('amset worked on a sync engine')\n"
)
_AMGET_RAISES = (
    "s.mset([('a', b'1')])\n"
    "try:\n"
    "    asyncio.run(s.amget(['a']))\n"
    "except AssertionError:\n"
    "    pass  # amget asserts an AsyncEngine\n"
    "else:\n"
    "    raise AssertionError('amget worked on a sync engine')\n"
)
_AYIELD_RAISES = (
    "async def keys():\n"
    "    return [k async for k in s.ayield_keys(prefix='')]\n"
    "try:\n"
    "    asyncio.run(keys())\n"
    "except ValueError as error:\n"
    "    assert 'sync mode is turned on' in str(error)\n"
    "else:\n"
    "    raise AssertionError('ayield_keys worked on a sync engine')\n"
)

SYNC_MODE: Final = by_clause(
    _sync_mode("store.async.equivalent", "the async twins do not work at all", _AMSET_RAISES),
    _sync_mode(
        "store.async.shared-state",
        "a value written with mset cannot be read with amget",
        _AMGET_RAISES,
    ),
    _sync_mode(
        "store.async.nonblocking",
        "the async methods raise instead of running (the suite cannot observe them)",
        _AMSET_RAISES,
    ),
    _sync_mode(
        "store.keys.iterator",
        "ayield_keys returns an async generator, but iterating it raises",
        _AYIELD_RAISES,
    ),
    _sync_mode(
        "store.keys.prefix-empty",
        "the clause's example writes with amset and lists with ayield_keys(prefix=''), "
        "and both raise",
        _AYIELD_RAISES,
    ),
    _sync_mode(
        "store.isolation.concurrent",
        "the test's async half runs amset on two instances at once, and amset raises",
        _AMSET_RAISES,
    ),
    _sync_mode(
        "store.model",
        "the model-based test interleaves sync and async calls, and the first async call raises",
        _AMSET_RAISES,
    ),
)
"""``SQLStore`` on a sync ``Engine`` (SQLite, PostgreSQL, MariaDB alike)."""


# -- SQLStore on an AsyncEngine: the sync methods raise --------------------------------

_ASYNC_STORE = (
    "import asyncio\n"
    "from langchain_community.storage import SQLStore\n"
    "s = SQLStore(namespace='demo', db_url='sqlite+aiosqlite:///:memory:', async_mode=True)\n"
    "asyncio.run(s.acreate_schema())\n"
)
_SYNC_RAISES = (
    f"{STORE_SOURCE}:275-284: `_make_sync_session`, which every sync method uses, raises "
    "ValueError when the store was built on an AsyncEngine (`async_mode`)"
)
_MSET_RAISES = (
    "try:\n"
    "    s.mset([('a', b'1')])\n"
    "except ValueError as error:\n"
    "    assert 'async mode is turned on' in str(error)\n"
    "else:\n"
    "    raise AssertionError('mset worked on an async engine')\n"
)
_SYNC_RAISES_OBSERVED = (
    "on an AsyncEngine every sync method (mget, mset, mdelete, yield_keys) raises "
    "ValueError('Attempting to use a sync method in when async mode is turned on. ...'), "
    "so "
)

ASYNC_MODE_CLAUSES: Final = (
    "store.mget.order",
    "store.mget.missing",
    "store.mget.repeated",
    "store.mget.empty",
    "store.mset.visible",
    "store.mset.overwrite",
    "store.mset.last-wins",
    "store.mset.empty",
    "store.mdelete.exact",
    "store.mdelete.missing",
    "store.mdelete.empty",
    "store.keys.all",
    "store.keys.prefix",
    "store.keys.prefix-literal",
    "store.keys.prefix-empty",
    "store.keys.iterator",
    "store.keys.order",
    "store.keys.laziness",
    "store.keys.concurrent-modification",
    "store.key.distinct",
    "store.value.roundtrip",
    "store.value.falsy",
    "store.async.shared-state",
    "store.batch.large",
    "store.batch.atomicity",
    "store.isolation",
    "store.isolation.concurrent",
    "store.persistence",
    "store.model",
)
"""Clauses whose tests call a sync method of the store: each fails in async mode."""

_AMSET_REPEATED = (
    _ASYNC_STORE + "try:\n"
    "    asyncio.run(s.amset([('a', b'1'), ('a', b'2')]))\n"
    "except Exception as error:\n"
    "    assert 'UNIQUE constraint failed' in str(error)\n"
    "else:\n"
    "    raise AssertionError('amset kept the last pair')\n"
)


def _async_mode(clause: str) -> Deviation:
    return Deviation(
        clause=clause,
        observed=_SYNC_RAISES_OBSERVED + f"no test of {clause} can run its sync calls",
        reproduction=_ASYNC_STORE + _MSET_RAISES,
        evidence=_SYNC_RAISES,
    )


def async_mode(extra_outside_domain: bool) -> dict[str, Deviation]:
    """``SQLStore`` on an ``AsyncEngine``; ``extra_outside_domain``: whether the key domain
    is narrowed, so that ``store.key.outside-domain`` runs (and fails on ``mset``)."""
    clauses: Iterable[str] = ASYNC_MODE_CLAUSES
    if extra_outside_domain:
        clauses = (*ASYNC_MODE_CLAUSES, "store.key.outside-domain")
    found = by_clause(*(_async_mode(c) for c in clauses))
    found["store.async.equivalent"] = Deviation(
        clause="store.async.equivalent",
        observed=(
            "amset with a key repeated in one batch raises IntegrityError (duplicate primary "
            "key), where mset keeps the last pair; and the sync twins raise ValueError"
        ),
        reproduction=_AMSET_REPEATED,
        evidence=(
            f"{STORE_SOURCE}:205-214: `amset` deletes the batch's keys once, then adds one "
            "row per pair, so a repeated key inserts its primary key twice; 216-226: `mset` "
            "first builds `dict(key_value_pairs)`, which keeps the last pair"
        ),
    )
    return found


# -- SQLStore on MariaDB: the default collation merges keys ----------------------------

_MARIADB_STORE = (
    "from sqlalchemy import create_engine\n"
    "from langchain_community.storage import SQLStore\n"
    "engine = create_engine('mysql+pymysql://root@127.0.0.1:3306/test?charset=utf8mb4')\n"
    "s = SQLStore(namespace='storespec_demo_collation', engine=engine)\n"
    "# the table as storespec creates it: SQLStore.create_schema() cannot compile VARCHAR\n"
    "# without a length on MariaDB\n"
    "from storespec.adapters.community_sql import tables\n"
    "with engine.begin() as connection:\n"
    "    tables.create_on(connection, 'mariadb')\n"
)
_COLLATION = (
    f"{STORE_SOURCE}:60-63: `namespace` and `key` are plain `Mapped[str]` columns, so on "
    "MariaDB they take the database's default collation (here utf8mb4_general_ci: "
    "case- and accent-insensitive, PAD SPACE); `mset` (216-226) deletes with `key IN (...)` "
    "and inserts, and `mget` (191-203) maps the rows found by the keys they hold"
)
_COLLIDE = (
    _MARIADB_STORE + "s.mset([('key', b'lower')])\n"
    "s.mset([('Key', b'upper')])\n"
    "assert s.mget(['key', 'Key']) == [None, b'upper']  # 'key' was replaced\n"
    "assert list(s.yield_keys()) == ['Key']\n"
    "s.mset([('k', b'1')])\n"
    "s.mset([('k ', b'2')])\n"
    "assert s.mget(['k', 'k ']) == [None, b'2']  # trailing spaces are ignored\n"
    "try:\n"
    "    s.mset([('ab', b'1'), ('aB', b'2')])\n"
    "except Exception as error:\n"
    "    assert 'Duplicate entry' in str(error)\n"
    "else:\n"
    "    raise AssertionError('both keys were stored')\n"
    "s.mdelete(list(s.yield_keys()))\n"
)

MARIADB_COLLATION: Final = by_clause(
    Deviation(
        clause="store.key.distinct",
        observed=(
            "keys that differ only in letter case ('key', 'Key'), in accents ('cafe', "
            "'caf\u00e9') or in trailing spaces ('k', 'k ', '' and ' ') address one row: a "
            "batch holding two of them raises IntegrityError (Duplicate entry ... for key "
            "'PRIMARY'), and writing one in a later batch replaces the other, which then "
            "reads back as None"
        ),
        reproduction=_COLLIDE,
        evidence=_COLLATION,
    ),
    Deviation(
        clause="store.keys.prefix",
        observed=(
            "prefix matching itself is literal (yield_keys filters with str.startswith), but "
            "storing the test's keys 'ab' and 'aB' in one batch raises IntegrityError: they "
            "collide under the case-insensitive collation"
        ),
        reproduction=_COLLIDE,
        evidence=_COLLATION,
    ),
    Deviation(
        clause="store.keys.prefix-literal",
        observed=(
            "prefix matching itself is literal and case-sensitive (str.startswith), but the "
            "keys 'Ab1', 'ab1', 'AB1' and 'aB1' cannot all be stored: one batch of them "
            "raises IntegrityError under the case-insensitive collation"
        ),
        reproduction=_COLLIDE,
        evidence=_COLLATION,
    ),
)
"""``SQLStore`` on MariaDB, as the sync driver's runs show it."""


def mariadb_sync() -> dict[str, Deviation]:
    """``SQLStore`` on MariaDB with a sync driver."""
    return {**SYNC_MODE, **MARIADB_COLLATION}


# -- SQLAlchemyCache and SQLiteCache: one row per generation ---------------------------

_SQLALCHEMY_CACHE = (
    "import tempfile\n"
    "from sqlalchemy import create_engine\n"
    "from langchain_community.cache import SQLAlchemyCache\n"
    "from langchain_core.outputs import Generation\n"
    "c = SQLAlchemyCache(create_engine(f'sqlite:///{tempfile.mkdtemp()}/cache.sqlite3'))\n"
)
_MERGE_BY_INDEX = (
    f"{CACHE_SOURCE}:278-286: `update` builds one row per generation keyed by "
    "(prompt, llm, idx) and `session.merge`s each, never deleting the rows of higher "
    "indexes left by an earlier, longer list"
)
_STALE_TAIL = (
    _SQLALCHEMY_CACHE + "c.update('p', 'l', [Generation(text='a'), Generation(text='b')])\n"
    "c.update('p', 'l', [Generation(text='z')])\n"
    "assert c.lookup('p', 'l') == [Generation(text='z'), Generation(text='b')]\n"
)
_NO_ROWS = _SQLALCHEMY_CACHE + "c.update('p', 'l', [])\nassert c.lookup('p', 'l') is None\n"

SQLALCHEMY_CACHE: Final = by_clause(
    Deviation(
        clause="cache.update.replace",
        observed=(
            "an update with a shorter list overwrites only the first rows: after storing "
            "[a, b, c] and then [z], lookup returns [z, b, c]"
        ),
        reproduction=_STALE_TAIL,
        evidence=_MERGE_BY_INDEX,
    ),
    Deviation(
        clause="cache.async.equivalent",
        observed=(
            "aupdate (BaseCache's default, update in an executor) keeps the stale tail as "
            "update does: after [one, two] and then [three], alookup returns [three, two]"
        ),
        reproduction=(
            "import asyncio\n" + _SQLALCHEMY_CACHE + "asyncio.run(c.aupdate('p', 'l', "
            "[Generation(text='one'), Generation(text='two')]))\n"
            "asyncio.run(c.aupdate('p', 'l', [Generation(text='three')]))\n"
            "found = asyncio.run(c.alookup('p', 'l'))\n"
            "assert found == [Generation(text='three'), Generation(text='two')]\n"
        ),
        evidence=_MERGE_BY_INDEX,
    ),
    Deviation(
        clause="cache.value.empty-list",
        observed=(
            "update(p, l, []) writes no row, so lookup finds none and returns None (a miss); "
            "an earlier value of the pair is even left in place"
        ),
        reproduction=_NO_ROWS,
        evidence=(
            f"{CACHE_SOURCE}:278-286: one row per generation, none for []; 253-276: "
            "`lookup` returns None when the query finds no rows"
        ),
    ),
    Deviation(
        clause="cache.model",
        observed=(
            "random sequences diverge from the model when a pair is updated with a shorter "
            "list than it held: the stale tail of the longer list is returned (found by some "
            "runs, missed by others, depending on the drawn sequence)"
        ),
        reproduction=_STALE_TAIL,
        evidence=_MERGE_BY_INDEX,
    ),
)
"""``SQLAlchemyCache`` and its subclass ``SQLiteCache``, on any database."""


# -- SQLAlchemyMd5Cache: clear() cannot run --------------------------------------------

_MD5_CACHE = (
    "from sqlalchemy import create_engine\n"
    "from langchain_community.cache import SQLAlchemyMd5Cache\n"
    "from langchain_core.outputs import Generation\n"
    "c = SQLAlchemyMd5Cache(create_engine('sqlite://'))\n"
)
_CLEAR_RAISES = (
    _MD5_CACHE + "c.update('p', 'l', [Generation(text='x')])\n"
    "try:\n"
    "    c.clear()\n"
    "except AttributeError as error:\n"
    "    assert \"has no attribute 'delete'\" in str(error)\n"
    "else:\n"
    "    raise AssertionError('clear() worked')\n"
    "assert c.lookup('p', 'l') == [Generation(text='x')]\n"
)
_NO_DELETE = (
    f"{CACHE_SOURCE}:1597-1600: `clear` runs `session.execute(self.cache_schema.delete())`, "
    "but `cache_schema` is the declarative class FullMd5LLMCache, which has no `delete`; "
    "the session is never committed either"
)
_CLEAR_OBSERVED = (
    "clear() and aclear() raise AttributeError: type object 'FullMd5LLMCache' has no "
    "attribute 'delete', and remove nothing"
)


def _md5_clear(clause: str, what: str) -> Deviation:
    return Deviation(
        clause=clause,
        observed=f"{_CLEAR_OBSERVED}; {what}",
        reproduction=_CLEAR_RAISES,
        evidence=_NO_DELETE,
    )


SQLALCHEMY_MD5_CACHE: Final = by_clause(
    _md5_clear("cache.clear.all", "every entry stays"),
    _md5_clear("cache.clear.scope", "the test cannot reach the point where it checks scope"),
    _md5_clear("cache.clear.kwargs", "with or without keyword arguments"),
    _md5_clear("cache.async.equivalent", "aclear runs clear in an executor"),
    _md5_clear("cache.async.shared-state", "an entry cannot be cleared through either API"),
    _md5_clear("cache.async.nonblocking", "the test's final aclear() raises"),
    _md5_clear("cache.persistence", "the clause's example clears the first instance"),
    _md5_clear("cache.model", "the model-based test calls clear and aclear"),
    Deviation(
        clause="cache.value.empty-list",
        observed="update(p, l, []) writes no row, so lookup returns None (a miss)",
        reproduction=_MD5_CACHE + "c.update('p', 'l', [])\nassert c.lookup('p', 'l') is None\n",
        evidence=(
            f"{CACHE_SOURCE}:1557-1574: one row per generation, none for []; 1550-1555: "
            "`lookup` returns None when no rows are found"
        ),
    ),
)
"""``SQLAlchemyMd5Cache``, on any database."""
