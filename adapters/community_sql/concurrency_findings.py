"""The findings of langchain-community's SQL backends under realistic sizes and concurrent use.

Line numbers are those of langchain-community 0.4.2 (``langchain_community/...``). The
reproductions run as they are against the local servers (PostgreSQL
``postgresql+psycopg://postgres@127.0.0.1:5432/test``, MariaDB
``mysql+pymysql://root@127.0.0.1:3306/test``), in namespaces or schemas of their own that
they remove at the end.
"""

from __future__ import annotations

from typing import Final

from storespec.conformance.core.findings import Finding, Severity, Signature

STORE_SOURCE: Final = "langchain_community/storage/sql.py"
CACHE_SOURCE: Final = "langchain_community/cache.py"

BTREE_LIMIT: Final = (
    r"index row (size \d+ exceeds btree version \d+ maximum \d+|requires \d+ bytes, "
    r"maximum size is \d+)"
)
"""PostgreSQL's refusal of a btree index entry over a third of a page (about 2.7 KB)."""

_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# -- PostgreSQL: texts in btree indexes ----------------------------------------------------

_PG_CACHE = (
    "import secrets\n"
    "from sqlalchemy import create_engine, text\n"
    "from langchain_community.cache import CLS\n"
    "from langchain_core.outputs import Generation\n"
    "schema = 'storespec_demo_btree'\n"
    f"engine = create_engine('{_PG}', connect_args={{'options': f'-csearch_path={{schema}}'}})\n"
    "with engine.begin() as connection:\n"
    "    connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS {schema}'))\n"
    "c = CLS(engine)\n"
    "long = secrets.token_hex(1500)  # 3,000 incompressible characters\n"
    "try:\n"
    "    c.update(ARGS, [Generation(text='x')])\n"
    "except Exception as error:\n"
    "    assert 'ProgramLimitExceeded' in str(error) and 'index row' in str(error), error\n"
    "else:\n"
    "    raise AssertionError('a 3,000-character text was cached')\n"
    "finally:\n"
    "    with engine.begin() as connection:\n"
    "        connection.execute(text(f'DROP SCHEMA {schema} CASCADE'))\n"
)


def _pg_cache(cls: str, args: str) -> str:
    return _PG_CACHE.replace("CLS", cls).replace("ARGS", args)


CACHE_PROMPT_IN_BTREE: Final = Finding(
    id="sqlalchemycache/postgres-prompt-in-btree",
    clauses=("cache.key.distinct", "cache.value.whole", "cache.clear.all"),
    summary=(
        "on PostgreSQL, update of a prompt or llm_string over about 2.7 KB raises "
        "OperationalError (ProgramLimitExceeded: index row size exceeds the btree maximum) "
        "and caches nothing: both texts are columns of the primary key; a chat model's "
        "call with such a prompt fails (langchain-ai/langchain#11655)"
    ),
    severity=Severity.PORTABILITY,
    signature=Signature(message=r"ProgramLimitExceeded\) " + BTREE_LIMIT),
    reproduction=_pg_cache("SQLAlchemyCache", "long, 'llm'"),
    evidence=(
        f"{CACHE_SOURCE}:234-241: `FullLLMCache` declares `prompt = Column(String, "
        "primary_key=True)` and `llm = Column(String, primary_key=True)`; PostgreSQL's "
        "btree entries are limited to a third of a page (src/backend/access/nbtree: "
        "BTMaxItemSize, 2,704 bytes); langchain-ai/langchain#11655"
    ),
)
"""``SQLAlchemyCache`` on PostgreSQL."""

MD5_CACHE_LLM_IN_BTREE: Final = Finding(
    id="sqlalchemymd5cache/postgres-llm-string-in-btree",
    clauses=("cache.key.distinct",),
    summary=(
        "on PostgreSQL, update with an llm_string over about 2.7 KB raises OperationalError "
        "(ProgramLimitExceeded) and caches nothing: the prompt is indexed by its MD5, the "
        "llm_string whole"
    ),
    severity=Severity.PORTABILITY,
    signature=Signature(message=r"ProgramLimitExceeded\) " + BTREE_LIMIT),
    reproduction=_pg_cache("SQLAlchemyMd5Cache", "'prompt', long"),
    evidence=(
        f"{CACHE_SOURCE}:1531-1536: `FullMd5LLMCache` declares `llm = Column(String, "
        "index=True)` (and `prompt_md5` indexed, the prompt itself not)"
    ),
)
"""``SQLAlchemyMd5Cache`` on PostgreSQL."""

_PG_STORE_LONG_KEY = (
    "import secrets\n"
    "from langchain_community.storage import SQLStore\n"
    f"s = SQLStore(namespace='storespec_demo_long_key', db_url='{_PG}')\n"
    "s.create_schema()\n"
    "key = secrets.token_hex(1500)  # 3,000 incompressible characters\n"
    "try:\n"
    "    s.mset([(key, b'v')])\n"
    "except Exception as error:\n"
    "    assert 'index row' in str(error), error\n"
    "else:\n"
    "    s.mdelete([key])\n"
    "    raise AssertionError('a 3,000-character key was stored')\n"
)

STORE_KEY_IN_BTREE: Final = Finding(
    id="sqlstore/postgres-key-in-btree",
    clauses=("store.key.distinct", "store.key.domain"),
    summary=(
        "on PostgreSQL, mset of a key over about 2.7 KB raises (psycopg: OperationalError "
        "ProgramLimitExceeded; asyncpg: DBAPIError) and writes nothing of the batch: the "
        "key is in the primary key and in an index of its own"
    ),
    severity=Severity.PORTABILITY,
    signature=Signature(message=BTREE_LIMIT),
    reproduction=_PG_STORE_LONG_KEY,
    evidence=(
        f"{STORE_SOURCE}:60-63: `key: Mapped[str] = mapped_column(primary_key=True, "
        "index=True, nullable=False)`, an unbounded VARCHAR in two btree indexes"
    ),
)
"""``SQLStore`` on PostgreSQL, either driver."""

# -- SQLStore: a write is DELETE then INSERT ------------------------------------------------

_ONE_KEY_RACE = (
    "import threading\n"
    "from langchain_community.storage import SQLStore\n"
    f"s = SQLStore(namespace='storespec_demo_one_key', db_url='{_PG}')\n"
    "s.create_schema()\n"
    "errors = []\n"
    "start = threading.Barrier(8)\n"
    "def write(worker):\n"
    "    start.wait()\n"
    "    for i in range(40):\n"
    "        try:\n"
    "            s.mset([('k', f'{worker}:{i}'.encode())])\n"
    "        except Exception as error:\n"
    "            errors.append(f'{type(error).__name__}: {error}')\n"
    "threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]\n"
    "for t in threads: t.start()\n"
    "for t in threads: t.join()\n"
    "s.mdelete(['k'])\n"
    "assert any('UniqueViolation' in e for e in errors), errors[:1]\n"
    "# MariaDB: batches of scattered keys, overlapping, deadlock instead\n"
    "import secrets\n"
    "m = SQLStore(namespace='storespec_demo_overlap',\n"
    "             db_url='mysql+pymysql://root@127.0.0.1:3306/test?charset=utf8mb4')\n"
    "m.create_schema()\n"
    "rounds = [[secrets.token_hex(16) for _ in range(330)] for _ in range(5)]\n"
    "errors = []\n"
    "def overlap(worker):\n"
    "    start.wait()\n"
    "    for keys in rounds:\n"
    "        try:\n"
    "            m.mset([(k, b'v') for k in keys[worker * 30 : worker * 30 + 120]])\n"
    "        except Exception as error:\n"
    "            errors.append(f'{type(error).__name__}: {error}')\n"
    "threads = [threading.Thread(target=overlap, args=(w,)) for w in range(8)]\n"
    "for t in threads: t.start()\n"
    "for t in threads: t.join()\n"
    "m.mdelete([k for keys in rounds for k in keys])\n"
    "assert any('Deadlock found' in e for e in errors), errors[:1]\n"
)

STORE_WRITERS_CONFLICT: Final = Finding(
    id="sqlstore/concurrent-writers-raise",
    clauses=("store.concurrency.no-errors",),
    summary=(
        "two writers of one key at the same time make mset or amset raise and roll its "
        "whole batch back: on PostgreSQL IntegrityError (UniqueViolation on "
        "langchain_key_value_stores_pkey), on MariaDB OperationalError (1213, 'Deadlock "
        "found'); a write is a DELETE then an INSERT, never an upsert, and is not retried"
    ),
    severity=Severity.CRASH,
    signature=Signature(
        message=(
            r"calls failed, the first: (task|thread) \d+: a?m(set|delete)\("
            r"|UniqueViolation|Deadlock found"
        ),
        tests=("test_concurrent_calls_raise_nothing",),
    ),
    reproduction=_ONE_KEY_RACE,
    evidence=(
        f"{STORE_SOURCE}:204-213 and 216-226: `amset` and `mset` run `_amdelete`/`_mdelete` "
        "(`DELETE ... WHERE key IN (...)`) and then `session.add_all` of new rows in one "
        "transaction: under READ COMMITTED two transactions both delete nothing and the "
        "second INSERT violates the primary key; under InnoDB's REPEATABLE READ the "
        "DELETEs take next-key locks and the INSERTs wait on each other (error 1213)"
    ),
)
"""``SQLStore`` on PostgreSQL and MariaDB, either API."""

# -- SQLAlchemyCache and SQLiteCache: update is session.merge --------------------------------

_MERGE_RACE = (
    "import tempfile, threading\n"
    "from sqlalchemy import create_engine\n"
    "from langchain_community.cache import SQLAlchemyCache\n"
    "from langchain_core.outputs import Generation\n"
    "def raised():  # a race: each try on a database of its own\n"
    "    c = SQLAlchemyCache(create_engine(f'sqlite:///{tempfile.mkdtemp()}/cache.sqlite3'))\n"
    "    errors = []\n"
    "    start = threading.Barrier(8)\n"
    "    def write(worker):\n"
    "        start.wait()\n"
    "        for i in range(30):\n"
    "            try:\n"
    "                c.update(f'p{i}', 'l', [Generation(text=f'{worker}')] * (1 + worker % 3))\n"
    "                c.clear() if i % 7 == worker else None\n"
    "            except Exception as error:\n"
    "                errors.append(type(error).__name__)\n"
    "    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]\n"
    "    for t in threads: t.start()\n"
    "    for t in threads: t.join()\n"
    "    return {'IntegrityError', 'StaleDataError', 'OperationalError'} & set(errors)\n"
    "assert any(raised() for _ in range(10)), 'no update raised in 10 tries'\n"
)

CACHE_MERGE_RACE: Final = Finding(
    id="sqlalchemycache/concurrent-updates-raise",
    clauses=("cache.concurrency.no-errors",),
    summary=(
        "updates of one pair from several threads or tasks at once raise: IntegrityError "
        "(two INSERTs of one primary key) or StaleDataError (a row merged into was "
        "deleted meanwhile), and the update is lost; `update` reads each row and then "
        "inserts or updates it (`session.merge`), never an atomic upsert"
    ),
    severity=Severity.CRASH,
    signature=Signature(
        message=r"calls failed, the first: (task|thread) \d+: a?update\(.*raised "
        r"(StaleDataError|IntegrityError|OperationalError)",
        tests=("test_concurrent_calls_raise_nothing",),
    ),
    reproduction=_MERGE_RACE,
    evidence=(
        f"{CACHE_SOURCE}:278-286: `update` runs `session.merge(item)` for each generation: "
        "SQLAlchemy's merge SELECTs the row by primary key, then INSERTs or UPDATEs it, "
        "so two sessions that both found no row both INSERT"
    ),
)
"""``SQLAlchemyCache`` and ``SQLiteCache`` on any database."""

_MD5_MERGE = (
    "import threading\n"
    "from sqlalchemy import create_engine, text\n"
    "from langchain_community.cache import SQLAlchemyMd5Cache\n"
    "from langchain_core.outputs import Generation\n"
    "schema = 'storespec_demo_md5_race'\n"
    f"engine = create_engine('{_PG}', connect_args={{'options': f'-csearch_path={{schema}}'}})\n"
    "with engine.begin() as connection:\n"
    "    connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS {schema}'))\n"
    "c = SQLAlchemyMd5Cache(engine)\n"
    "answers = {w: [Generation(text=f'{w}:{i}') for i in range(3)] for w in range(8)}\n"
    "start = threading.Barrier(8)\n"
    "def write(worker):\n"
    "    start.wait()\n"
    "    for i in range(20):\n"
    "        c.update(f'p{i}', 'l', answers[worker])\n"
    "threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]\n"
    "for t in threads: t.start()\n"
    "for t in threads: t.join()\n"
    "found = [c.lookup(f'p{i}', 'l') for i in range(20)]\n"
    "with engine.begin() as connection:\n"
    "    connection.execute(text(f'DROP SCHEMA {schema} CASCADE'))\n"
    "assert any(f not in answers.values() for f in found), 'every pair holds one answer'\n"
)

MD5_CONCURRENT_MERGE: Final = Finding(
    id="sqlalchemymd5cache/concurrent-updates-merge",
    clauses=("cache.concurrency.linearizable",),
    summary=(
        "on PostgreSQL, two updates of one pair at the same time both keep their rows: "
        "lookup then returns the generations of both writes together, a value no call "
        "wrote, until the next update"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"not linearizable",
        tests=("test_each_pair_is_linearizable_under_threads_and_tasks",),
    ),
    reproduction=_MD5_MERGE,
    evidence=(
        f"{CACHE_SOURCE}:1557-1583: `update` deletes the pair's rows and inserts one row "
        "per generation with a fresh `id=str(uuid.uuid1())` primary key; under READ "
        "COMMITTED two transactions each delete what was committed before either and "
        "insert their own rows, which nothing makes conflict; 1585-1595: `lookup` returns "
        "every row of the pair"
    ),
)
"""``SQLAlchemyMd5Cache`` on PostgreSQL."""
