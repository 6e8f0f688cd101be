"""The findings of ``GPTCache`` under concurrent use, confirmed by runs and the source (line
numbers of langchain-community 0.4.2, ``langchain_community/cache.py``, and gptcache 0.1.44).
All are races: the reproductions try several times, each on a throwaway directory."""

from __future__ import annotations

from typing import Final

from storespec.conformance.core.findings import Finding, Severity, Signature

CACHE_SOURCE: Final = "langchain_community/cache.py"

_SETUP = (
    "import hashlib, tempfile, threading, traceback\n"
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

_FIRST_CALLS = _SETUP + (
    "def first_calls(c):\n"
    "    # 16 threads start at once on a cache no call has touched; each looks up, misses\n"
    "    # and updates 30 prompts of one llm_string, as a model does\n"
    "    start = threading.Barrier(16)\n"
    "    written, raised = [], []  # updates that returned; (error, function that raised)\n"
    "    def work(worker):\n"
    "        start.wait()\n"
    "        for i in range(30):\n"
    "            try:\n"
    "                c.lookup(f'prompt {worker}:{i}', 'llm')\n"
    "                c.update(f'prompt {worker}:{i}', 'llm', [Generation(text=f'{worker}:{i}')])\n"
    "            except Exception as error:\n"
    "                function = traceback.extract_tb(error.__traceback__)[-1].name\n"
    "                raised.append((repr(error), function))\n"
    "                continue\n"
    "            written.append((worker, i))\n"
    "    threads = [threading.Thread(target=work, args=(w,)) for w in range(16)]\n"
    "    for t in threads: t.start()\n"
    "    for t in threads: t.join()\n"
    "    return written, raised\n"
)

_LOST = _FIRST_CALLS + (
    "def lost_writes():\n"
    "    c = fresh()\n"
    "    written, _ = first_calls(c)\n"
    "    return [(w, i) for w, i in written\n"
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
    "            except Exception as error:  # gptcache/map-read-while-rewritten too\n"
    "                errors.append(error)\n"
    "    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]\n"
    "    for t in threads: t.start()\n"
    "    for t in threads: t.join()\n"
    "    return [e for e in errors if 'dictionary changed size' in str(e)]\n"
    "assert any(clear_raises() for _ in range(10)), 'clear never raised in 10 tries'\n"
)

CLEAR_DURING_WRITES_RAISES: Final = Finding(
    id="gptcache/clear-during-writes-raises",
    clauses=("cache.concurrency.no-errors",),
    summary=(
        "clear() while other threads use the cache raises RuntimeError ('dictionary "
        "changed size during iteration'): it iterates gptcache_dict, which other threads' "
        "first calls extend, and pickles each map data manager's entries, which their "
        "updates change"
    ),
    severity=Severity.CRASH,
    signature=Signature(
        # The first failed call of the suite's history; a scenario's exception.
        message=r"^[^;]*RuntimeError: dictionary changed size during iteration",
        tests=("test_concurrent_calls_raise_nothing",),
    ),
    reproduction=_CLEAR,
    evidence=(
        f"{CACHE_SOURCE}:841-849: `clear` runs `for gptcache_instance in "
        "self.gptcache_dict.values(): gptcache_instance.flush()` with no lock; "
        "gptcache/manager/data_manager.py:172-175: `MapDataManager.flush` pickles `self.data` "
        "while other threads' `save` (126-131) write into it"
    ),
)

_HALF_READ = _FIRST_CALLS + (
    "def raised_loading_the_map():\n"
    "    _, raised = first_calls(fresh())  # no clear(): gptcache flushes every 20 saves\n"
    "    return [error for error, function in raised if function == 'init']\n"
    "assert any(raised_loading_the_map() for _ in range(10)), (\n"
    "    'no call raised loading the map file in 10 tries')\n"
)

MAP_READ_WHILE_REWRITTEN: Final = Finding(
    id="gptcache/map-read-while-rewritten",
    clauses=("cache.concurrency.no-errors",),
    summary=(
        "a call that builds the gptcache.Cache of an llm_string (its first, or its first "
        "after clear) can raise EOFError, UnpicklingError or UnicodeDecodeError: it loads "
        "the map's data_map.txt while another Cache of that llm_string rewrites the file in "
        "place, in clear() or in gptcache's own flush after every 20 saves (1 to 2 of 480 "
        "calls of 16 threads, in 7 of 10 tries here)"
    ),
    severity=Severity.CRASH,
    signature=Signature(
        # The first failed call of the suite's history, by where it raised; a scenario's
        # exception, which says only what it is.
        message=(
            r"^[^;]*\(at gptcache/manager/data_manager\.py:\d+ in init\)"
            r"|^(EOFError: Ran out of input|(_pickle\.)?UnpicklingError: |UnicodeDecodeError: )"
        ),
        tests=("test_concurrent_calls_raise_nothing",),
    ),
    reproduction=_HALF_READ,
    evidence=(
        "gptcache/manager/data_manager.py:115-118: a new `MapDataManager` runs "
        "`pickle.load` on data_map.txt when it exists; 172-175: `flush` opens that file "
        "with 'wb', truncating it, before it dumps; gptcache/adapter/adapter.py:267-272: "
        "`put` flushes every `config.auto_flush` (20) saves; "
        f"{CACHE_SOURCE}:802-809: two threads' first calls each build a Cache "
        "(gptcache/concurrent-writes-lost)"
    ),
)

RACES: Final = (CONCURRENT_WRITES_LOST, CLEAR_DURING_WRITES_RAISES, MAP_READ_WHILE_REWRITTEN)
