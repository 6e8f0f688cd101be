"""The findings of ``LocalFileStore`` under concurrent use, each confirmed by a run and the
source (line numbers of langchain-classic 1.0.8, ``langchain_classic/storage/file_system.py``).
The reproductions run as they are, in a throwaway temporary directory."""

from __future__ import annotations

from typing import Final

from storespec.conformance.core.findings import Finding, Severity, Signature

SOURCE: Final = "langchain_classic/storage/file_system.py"

_TORN = (
    "import tempfile, threading\n"
    "from langchain_classic.storage import LocalFileStore\n"
    "values = (b'a' * 1_000_003, b'b' * 1_000_003)\n"
    "def torn_reads():  # a race: each try in a directory of its own\n"
    "    store = LocalFileStore(tempfile.mkdtemp())\n"
    "    store.mset([('k', values[0])])\n"
    "    done = threading.Event()\n"
    "    def write():\n"
    "        for i in range(200):\n"
    "            store.mset([('k', values[i % 2])])\n"
    "        done.set()\n"
    "    writer = threading.Thread(target=write)\n"
    "    writer.start()\n"
    "    torn = []\n"
    "    while not done.is_set():\n"
    "        [value] = store.mget(['k'])\n"
    "        if value not in values:\n"
    "            torn.append(len(value or b''))  # b'' or a part of one\n"
    "    writer.join()\n"
    "    return torn\n"
    "assert any(torn_reads() for _ in range(5)), 'no read saw a value being written'\n"
)

TORN_READ: Final = Finding(
    id="localfilestore/read-during-write-is-torn",
    clauses=("store.concurrency.linearizable",),
    summary=(
        "an mget at the same time as an mset of its key can return b'' or the first part "
        "of the new value, bytes no call wrote: mset truncates the file and then writes it "
        "in place"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"not linearizable",
        tests=("test_each_key_is_linearizable_under_threads_and_tasks",),
    ),
    reproduction=_TORN,
    evidence=(
        f"{SOURCE}:133-138: `mset` calls `full_path.write_bytes(value)` (open with 'wb', "
        "which truncates, then write), not a write to a temporary file renamed over the key; "
        "116-118: `mget` reads whatever the file holds"
    ),
)

_CHECK_THEN_ACT = (
    "import tempfile, threading\n"
    "from langchain_classic.storage import LocalFileStore\n"
    "store = LocalFileStore(tempfile.mkdtemp())\n"
    "errors = []\n"
    "def churn():\n"
    "    for _ in range(300):\n"
    "        try:\n"
    "            store.mset([('k', b'v')])\n"
    "            store.mdelete(['k'])\n"
    "            store.mget(['k'])\n"
    "        except FileNotFoundError as error:\n"
    "            errors.append(error)\n"
    "threads = [threading.Thread(target=churn) for _ in range(8)]\n"
    "for t in threads: t.start()\n"
    "for t in threads: t.join()\n"
    "assert errors, 'no call raised'\n"
)

CHECK_THEN_ACT: Final = Finding(
    id="localfilestore/delete-during-call-raises",
    clauses=("store.concurrency.no-errors",),
    summary=(
        "mdelete or mget of a key that another thread deletes at the same time raises "
        "FileNotFoundError: each checks that the file exists and then unlinks or reads it"
    ),
    severity=Severity.CRASH,
    signature=Signature(
        message=r"raised FileNotFoundError",
        tests=("test_concurrent_calls_raise_nothing",),
    ),
    reproduction=_CHECK_THEN_ACT,
    evidence=(
        f"{SOURCE}:146-149: `mdelete` runs `if full_path.exists(): full_path.unlink()`; "
        "116-118: `mget` runs `if full_path.exists(): value = full_path.read_bytes()`"
    ),
)

RACES: Final = (TORN_READ, CHECK_THEN_ACT)
"""Found by the concurrency tests; not an intermittent race: 8 threads show it every run."""
