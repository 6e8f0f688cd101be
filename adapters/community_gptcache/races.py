"""The findings of ``GPTCache`` under concurrent use, confirmed by runs and the source (line
numbers of langchain-community 0.4.2, ``langchain_community/cache.py``, and gptcache 0.1.44).
Both are races: the reproductions try several times, each on a throwaway directory."""

from __future__ import annotations

from typing import Final

from storespec.conformance.core.findings import Finding, Severity, Signature

CACHE_SOURCE: Final = "langchain_community/cache.py"

_SETUP = (
    "import hashlib, tempfile, threading\n"
    "from pathlib import Path\n"
    "from gptcache.manager import manager_factory\n"
    "from gptcache.processor.pre import get_prompt\n"
    "from langchain_community.cache import GPTCache\n"
    "from langchain_core.outputs import Generation\n"
    "def fresh():\n"
    "    root = Path(tempfile.mkdtemp())\n"
    "    def init(cache_obj, llm_string):\n"
    "        folder = root / hashlib.sha256(llm_string.encode()).hexdigest()\n"
    "        cache_obj.init(pre_embedding_func=get_prompt,\n"
    "                       data_manager=manager_factory('map', data_dir=str(folder)))\n"
    "    return GPTCache(init)\n"
)

_LOST = _SETUP + (
    "def lost_writes():\n"
    "    c = fresh()  # no call yet: the threads' first calls meet an empty gptcache_dict\n"
    "    start = threading.Barrier(16)\n"
    "    def work(worker):  # as a model does: look up, miss, answer, update\n"
    "        start.wait()\n"
    "        for i in range(30):\n"
    "            c.lookup(f'prompt {worker}:{i}', 'llm')\n"
    "            c.update(f'prompt {worker}:{i}', 'llm', [Generation(text=f'{worker}:{i}')])\n"
    "    threads = [threading.Thread(target=work, args=(w,)) for w in range(16)]\n"
    "    for t in threads: t.start()\n"
    "    for t in threads: t.join()\n"
    "    return [(w, i) for w in range(16) for i in range(30)\n"
    "            if c.lookup(f'prompt {w}:{i}', 'llm') != [Generation(text=f'{w}:{i}')]]\n"
    "assert any(lost_writes() for _ in range(10)), 'every write was kept in 10 tries'\n"
)

CONCURRENT_WRITES_LOST: Final = Finding(
    id="gptcache/concurrent-writes-lost",
    clauses=("cache.concurrency.linearizable",),
    summary=(
        "threads whose first calls for an llm_string run at once each build a gptcache.Cache "
        "for it; the last replaces the others in gptcache_dict, and the updates made "
        "through the replaced ones are silently gone (30 of 480 writes of 16 threads in "
        "most tries; 0 in others)"
    ),
    severity=Severity.DATA_LOSS,
    signature=Signature(
        message=r"not linearizable",
        tests=("test_each_pair_is_linearizable_under_threads_and_tasks",),
    ),
    reproduction=_LOST,
    evidence=(
        f"{CACHE_SOURCE}:802-809: `_get_gptcache` reads `self.gptcache_dict.get(llm_string)` "
        "and, when absent, calls `_new_gptcache`, with no lock; 780-800: `_new_gptcache` "
        "builds a new `gptcache.Cache` with its own map data manager and assigns "
        "`self.gptcache_dict[llm_string] = _gptcache`, replacing any built meanwhile; "
        "observed: a loss in a try exactly when `_new_gptcache` ran twice"
    ),
)

_CLEAR = _SETUP + (
    "def clear_raises():\n"
    "    c = fresh()\n"
    "    errors = []\n"
    "    start = threading.Barrier(8)\n"
    "    def work(worker):\n"
    "        start.wait()\n"
    "        for i in range(40):\n"
    "            try:\n"
    "                c.update(f'p{i}', f'llm{i % 5}', [Generation(text='x')])\n"
    "                c.clear() if i % 8 == worker else None\n"
    "            except RuntimeError as error:\n"
    "                errors.append(str(error))\n"
    "    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]\n"
    "    for t in threads: t.start()\n"
    "    for t in threads: t.join()\n"
    "    return errors\n"
    "assert any(clear_raises() for _ in range(10)), 'clear never raised in 10 tries'\n"
)

CLEAR_DURING_WRITES_RAISES: Final = Finding(
    id="gptcache/clear-during-writes-raises",
    clauses=("cache.concurrency.no-errors",),
    summary=(
        "clear() while other threads use the cache raises: RuntimeError ('dictionary "
        "changed size during iteration') in clear, which iterates gptcache_dict, which "
        "other threads' first calls extend, and pickles each map data manager's entries, "
        "which their updates change; and EOFError ('Ran out of input') in a lookup or "
        "update whose first call for an llm_string loads the map file that clear is "
        "rewriting"
    ),
    severity=Severity.CRASH,
    signature=Signature(
        message=r"raised (RuntimeError: dictionary changed size during iteration"
        r"|EOFError: Ran out of input)",
        tests=("test_concurrent_calls_raise_nothing",),
    ),
    reproduction=_CLEAR,
    evidence=(
        f"{CACHE_SOURCE}:841-849: `clear` runs `for gptcache_instance in "
        "self.gptcache_dict.values(): gptcache_instance.flush()` with no lock; "
        "gptcache/manager/data_manager.py:172-175: `MapDataManager.flush` pickles `self.data` "
        "while other threads' `save` (126-131) write into it; 115-118: a new manager's "
        "`init` runs `pickle.load` on that file, which `flush` (172-175) opens with 'wb', "
        "truncating it, before it dumps"
    ),
)

RACES: Final = (CONCURRENT_WRITES_LOST, CLEAR_DURING_WRITES_RAISES)
