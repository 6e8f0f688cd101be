"""langchain-community's ``GPTCache`` on gptcache's exact-match map data manager.

- ``community-gptcache``: ``langchain_community.cache.GPTCache(init_func)``, where
  ``init_func(cache_obj, llm_string)`` gives each ``llm_string`` a ``gptcache.Cache`` with
  ``pre_embedding_func=get_prompt`` and ``manager_factory("map", data_dir=...)``, in a
  directory of the namespace's own (see :mod:`.data_dirs`). No server is needed.

The prompt is the map's key as it is (gptcache's default string "embedding" is the
identity and its default similarity evaluation is exact match), and the ``llm_string``
only names a directory through its SHA-256, so both domains are the spec's: any string.
``GPTCache`` takes no ``maxsize``, so the adapter declares no capability; the map data
manager's own bound (``max_size=1000`` entries per ``llm_string``, evicted least recently
used) is left at gptcache's default, as users get it. No ``persistence`` either: a second
instance sees the first one's entries only once they have been flushed to disk.

One read escapes every namespace, and no adapter can prevent it: importing gptcache builds
the default argument of ``Cache.init``, ``get_data_manager()``, whose map data manager
unpickles ``data_map.txt`` from the working directory if there is one (gptcache/core.py:52,
gptcache/manager/data_manager.py:115-118), and the import fails if that file is not a
pickle. The adapter's caches never use that manager.
"""

from __future__ import annotations

from storespec.adapters.community_gptcache import cache
from storespec.adapters.community_gptcache.canary import MapFileCanary
from storespec.adapters.community_gptcache.findings import CACHE_FINDINGS
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.domains import FULL_TEXT, GENERATIONS

CACHE = Adapter(
    name="community-gptcache",
    kind="cache",
    factory=cache.factory,
    keys=FULL_TEXT,
    values=GENERATIONS,
    llm_strings=FULL_TEXT,
    findings=CACHE_FINDINGS,
    packages=("langchain-community", "langchain-core", "gptcache"),
    available=cache.available,
    canary=MapFileCanary,
    description=(
        "langchain_community.cache.GPTCache(init_func) on gptcache's exact-match map data "
        "manager, a directory per llm_string (its SHA-256) in the namespace's directory; "
        "prompts and llm_strings are any string (the prompt is the map key as it is, the "
        "llm_string only names a directory through its hash); no maxsize: GPTCache takes "
        "none (the map's own LRU bound of 1,000 entries per llm_string is gptcache's default)"
    ),
)

BACKENDS = (CACHE,)
