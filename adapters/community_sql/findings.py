"""The findings of langchain-community's SQL backends, each confirmed by a run and the source.

Line numbers are those of langchain-community 0.4.2 (``langchain_community/...``). The
reproductions run as they are: the SQLite ones on a throwaway in-memory database, the
MariaDB ones against the local server (``mysql+pymysql://root@127.0.0.1:3306/test``), in
a namespace of their own whose rows they delete at the end.
"""

from __future__ import annotations

from typing import Final

from storespec.conformance.core.findings import Finding, Severity, Signature

STORE_SOURCE: Final = "langchain_community/storage/sql.py"
CACHE_SOURCE: Final = "langchain_community/cache.py"
PARITY: Final = ("store.async.equivalent", "store.async.shared-state", "store.async.nonblocking")
"""The clauses that call both APIs on purpose: where offering one API shows."""


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
SYNC_ENGINE_REFUSES_ASYNC: Final = Finding(
    id="sqlstore/sync-engine-refuses-async-api",
    clauses=PARITY,
    summary=_ASYNC_RAISES_OBSERVED + "; a store serves one API, the one of its engine",
    severity=Severity.PORTABILITY,
    signature=Signature(
        message=r"^(ValueError: Attempting to use an async method in when sync mode is turned on"
        r"|AssertionError \(raised by the backend\):?\s*$)",
    ),
    reproduction=_SYNC_STORE + _AMSET_RAISES + _AMGET_RAISES,
    evidence=_ASYNC_RAISES,
)
"""``SQLStore`` on a sync ``Engine`` (SQLite, PostgreSQL, MariaDB alike): the adapters
declare ``apis={"sync"}``, and the parity clauses show the async API refused."""


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
    "ValueError('Attempting to use a sync method in when async mode is turned on. ...'): "
)

_AMSET_REPEATED = (
    _ASYNC_STORE + "try:\n"
    "    asyncio.run(s.amset([('a', b'1'), ('a', b'2')]))\n"
    "except Exception as error:\n"
    "    assert 'UNIQUE constraint failed' in str(error)\n"
    "else:\n"
    "    raise AssertionError('amset kept the last pair')\n"
)


ASYNC_ENGINE_REFUSES_SYNC: Final = Finding(
    id="sqlstore/async-engine-refuses-sync-api",
    clauses=PARITY[:2],
    summary=_SYNC_RAISES_OBSERVED + "a store serves one API, the one of its engine",
    severity=Severity.PORTABILITY,
    signature=Signature(
        message=r"^ValueError: Attempting to use a sync method in when async mode is turned on",
    ),
    reproduction=_ASYNC_STORE + _MSET_RAISES,
    evidence=_SYNC_RAISES,
)
"""``SQLStore`` on an ``AsyncEngine``: the adapters declare ``apis={"async"}``."""

AMSET_REPEATED_KEY: Final = Finding(
    id="sqlstore/amset-repeated-key-raises",
    clauses=("store.mset.last-wins", "store.model", "store.keys.model"),
    summary=(
        "amset with a key repeated in one batch raises IntegrityError (duplicate primary "
        "key) and writes nothing of the batch, where mset keeps the last pair: the only "
        "defect of the async API of SQLStore in async mode"
    ),
    severity=Severity.CRASH,
    signature=Signature(
        message=r"IntegrityError.*(UNIQUE constraint failed|duplicate key|Duplicate entry)",
    ),
    reproduction=_AMSET_REPEATED,
    evidence=(
        f"{STORE_SOURCE}:205-214: `amset` deletes the batch's keys once, then adds one "
        "row per pair, so a repeated key inserts its primary key twice; 216-226: `mset` "
        "first builds `dict(key_value_pairs)`, which keeps the last pair"
    ),
)
"""``SQLStore`` on an ``AsyncEngine``, any database."""


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

MARIADB_COLLATION: Final = Finding(
    id="sqlstore/mariadb-collation-merges-keys",
    clauses=(
        "store.key.distinct",
        "store.keys.prefix",
        "store.keys.prefix-literal",
        "store.model",
        "store.keys.model",
    ),
    summary=(
        "keys that differ only in letter case ('key', 'Key'), in accents ('cafe', "
        "'caf\u00e9') or in trailing spaces ('k', 'k ', '' and ' ') address one row: a "
        "batch holding two of them raises IntegrityError (Duplicate entry ... for key "
        "'PRIMARY'), and writing one in a later batch replaces the other, which then "
        "reads back as None"
    ),
    severity=Severity.DATA_LOSS,
    signature=Signature(
        message=r"IntegrityError.*Duplicate entry .* for key 'PRIMARY'"
        r"|^AssertionError: (a?mget|keys|a?yield_keys)",
    ),
    reproduction=_COLLIDE,
    evidence=_COLLATION,
)
"""``SQLStore`` on MariaDB, whatever the driver."""


_ASYNCPG_BATCH = (
    "import asyncio\n"
    "from langchain_community.storage import SQLStore\n"
    "async def main():\n"
    "    s = SQLStore(namespace='storespec_demo_batch', async_mode=True,\n"
    "                 db_url='postgresql+asyncpg://postgres@127.0.0.1:5432/test')\n"
    "    await s.acreate_schema()\n"
    "    keys = [f'k{i}' for i in range(40_000)]\n"
    "    for call in (s.amset([(k, b'v') for k in keys]), s.amget(keys), s.amdelete(keys)):\n"
    "        try:\n"
    "            await call\n"
    "        except Exception as error:\n"
    "            assert 'cannot exceed 32767' in str(error), error\n"
    "        else:\n"
    "            raise AssertionError('a batch of 40,000 keys worked')\n"
    "    assert await s.amget(keys[:2]) == [None, None]  # nothing of the batch was written\n"
    "    await s.engine.dispose()\n"
    "asyncio.run(main())\n"
)

ASYNCPG_BATCH_LIMIT: Final = Finding(
    id="sqlstore/asyncpg-batch-limit",
    clauses=("store.batch.large",),
    summary=(
        "on PostgreSQL through asyncpg, amset, amget and amdelete of more than 32,767 keys "
        "raise InterfaceError ('the number of query arguments cannot exceed 32767') and "
        "write nothing: each sends every key of the batch as one parameter of one IN (...) "
        "query; the sync API on psycopg takes the same batches"
    ),
    severity=Severity.PORTABILITY,
    signature=Signature(
        message=r"InterfaceError.*the number of query arguments cannot exceed 32767",
        tests=("test_batches_of_fifty_thousand_keys",),
    ),
    reproduction=_ASYNCPG_BATCH,
    evidence=(
        f"{STORE_SOURCE}:177-189, 204-213 and 236-243: `amget`, `amset` (through "
        "`_amdelete`) and `amdelete` filter with `LangchainKeyValueStores.key.in_(keys)`, "
        "one bound parameter per key, never chunked; asyncpg/protocol/prepared_stmt.pyx:"
        "130-132 (asyncpg 0.32.0): `if len(args) > 32767: raise InterfaceError('the number "
        "of query arguments cannot exceed 32767')`"
    ),
)
"""``SQLStore`` on an ``AsyncEngine`` over asyncpg."""


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

SHORTER_UPDATE_KEEPS_TAIL: Final = Finding(
    id="sqlalchemycache/shorter-update-keeps-tail",
    clauses=("cache.update.replace", "cache.model"),
    summary=(
        "an update with a shorter list overwrites only the first rows: after storing "
        "[a, b, c] and then [z], lookup (and alookup) returns [z, b, c]"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(message=r"^AssertionError"),
    reproduction=_STALE_TAIL,
    evidence=_MERGE_BY_INDEX,
)
EMPTY_LIST_IS_MISS: Final = Finding(
    id="sqlalchemycache/empty-list-is-a-miss",
    clauses=("cache.value.empty-list",),
    summary=(
        "update(p, l, []) writes no row, so lookup finds none and returns None (a miss); "
        "an earlier value of the pair is even left in place"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"^AssertionError", tests=("test_empty_list_is_a_hit", "cache.value.empty-list:*")
    ),
    reproduction=_NO_ROWS,
    evidence=(
        f"{CACHE_SOURCE}:278-286: one row per generation, none for []; 253-276: "
        "`lookup` returns None when the query finds no rows"
    ),
)
SQLALCHEMY_CACHE: Final = (SHORTER_UPDATE_KEEPS_TAIL, EMPTY_LIST_IS_MISS)
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


MD5_CLEAR_RAISES: Final = Finding(
    id="sqlalchemymd5cache/clear-raises",
    clauses=(
        "cache.clear.all",
        "cache.clear.scope",
        "cache.clear.kwargs",
        "cache.async.equivalent",
        "cache.async.shared-state",
        "cache.async.nonblocking",
        "cache.persistence",
        "cache.model",
        "cache.concurrency.no-errors",
    ),
    summary=_CLEAR_OBSERVED,
    severity=Severity.CRASH,
    signature=Signature(message=r"AttributeError: type object 'FullMd5LLMCache' has no attribute"),
    reproduction=_CLEAR_RAISES,
    evidence=_NO_DELETE,
)
MD5_EMPTY_LIST_IS_MISS: Final = Finding(
    id="sqlalchemymd5cache/empty-list-is-a-miss",
    clauses=("cache.value.empty-list",),
    summary="update(p, l, []) writes no row, so lookup returns None (a miss)",
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"^AssertionError", tests=("test_empty_list_is_a_hit", "cache.value.empty-list:*")
    ),
    reproduction=_MD5_CACHE + "c.update('p', 'l', [])\nassert c.lookup('p', 'l') is None\n",
    evidence=(
        f"{CACHE_SOURCE}:1557-1574: one row per generation, none for []; 1550-1555: "
        "`lookup` returns None when no rows are found"
    ),
)
SQLALCHEMY_MD5_CACHE: Final = (MD5_CLEAR_RAISES, MD5_EMPTY_LIST_IS_MISS)
"""``SQLAlchemyMd5Cache``, on any database."""
