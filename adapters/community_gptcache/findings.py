"""The finding of this backend, confirmed by a run and by the upstream source.

Line numbers are those of langchain-community 0.4.2 (``langchain_community/cache.py``) and
gptcache 0.1.44 (``gptcache/...``). One cause: ``GPTCache.clear()``
flushes each ``gptcache.Cache`` it holds, which for the map data manager writes every entry
to ``data_map.txt``, and then forgets those objects; the next call for an ``llm_string``
builds a new ``gptcache.Cache``, whose map data manager loads ``data_map.txt`` back. So
``clear()`` and ``aclear()`` remove nothing. The reproductions run as they are, on a
throwaway temporary directory.
"""

from __future__ import annotations

from typing import Final

from storespec.adapters.community_gptcache.races import RACES
from storespec.conformance.core.findings import Finding, Severity, Signature

CACHE_SOURCE: Final = "langchain_community/cache.py"


_SETUP = (
    "import hashlib, tempfile\n"
    "from pathlib import Path\n"
    "from gptcache.manager import manager_factory\n"
    "from gptcache.processor.pre import get_prompt\n"
    "from langchain_community.cache import GPTCache\n"
    "from langchain_core.outputs import Generation\n"
    "root = Path(tempfile.mkdtemp())\n"
    "def init(cache_obj, llm_string):\n"
    "    folder = root / hashlib.sha256(llm_string.encode()).hexdigest()\n"
    "    cache_obj.init(pre_embedding_func=get_prompt,\n"
    "                   data_manager=manager_factory('map', data_dir=str(folder)))\n"
    "c = GPTCache(init)\n"
)
_CLEAR_KEEPS = (
    _SETUP + "c.update('p', 'l', [Generation(text='x')])\n"
    "c.clear()\n"
    "assert c.gptcache_dict == {}  # the gptcache.Cache objects are forgotten ...\n"
    "assert (root / hashlib.sha256(b'l').hexdigest() / 'data_map.txt').is_file()  # ... "
    "after a flush\n"
    "assert c.lookup('p', 'l') == [Generation(text='x')]  # and the entry is read back\n"
)
_ACLEAR_STEPS = (
    "asyncio.run(c.aupdate('p', 'l', [Generation(text='x')]))\n"
    "asyncio.run(c.aclear())\n"
    "assert asyncio.run(c.alookup('p', 'l')) == [Generation(text='x')]\n"
    "assert c.lookup('p', 'l') == [Generation(text='x')]\n"
)
_FLUSH_THEN_RELOAD = (
    f"{CACHE_SOURCE}:841-849: `clear` calls `gptcache_instance.flush()` on every "
    "`gptcache.Cache` and then `self.gptcache_dict.clear()`, deleting nothing; "
    "gptcache/core.py:106-112: `Cache.flush` calls `self.data_manager.flush()`; "
    "gptcache/manager/data_manager.py:172-175: `MapDataManager.flush` pickles every entry "
    f"into `data_map.txt`; {CACHE_SOURCE}:802-809 and 780-800: the next call builds a new "
    "`gptcache.Cache` through the init function, and gptcache/manager/data_manager.py:"
    "107-118: the new `MapDataManager` loads `data_map.txt` back (`pickle.load`)"
)
_OBSERVED = (
    "clear() removes nothing: it writes every entry to the map's data_map.txt (Cache.flush) "
    "and forgets its gptcache.Cache objects, and the next call for that llm_string loads "
    "data_map.txt back, so every entry is found again"
)


CLEAR_KEEPS_ENTRIES: Final = Finding(
    id="gptcache/clear-keeps-entries",
    clauses=(
        "cache.clear.all",
        "cache.clear.kwargs",
        "cache.async.equivalent",
        "cache.async.shared-state",
        "cache.model",
        "cache.concurrency.linearizable",
    ),
    summary=_OBSERVED + "; aclear() (clear in an executor) likewise",
    severity=Severity.WRONG_ANSWER,
    signature=Signature(message=r"^AssertionError"),
    reproduction="import asyncio\n" + _CLEAR_KEEPS + _ACLEAR_STEPS,
    evidence=_FLUSH_THEN_RELOAD,
)
CACHE_FINDINGS: Final = (CLEAR_KEEPS_ENTRIES, *RACES)
"""``GPTCache`` on gptcache's map data manager."""
