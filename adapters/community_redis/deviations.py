"""The clauses these backends break, each confirmed by a run and by the upstream source."""

from __future__ import annotations

from storespec.conformance.deviation import Deviation

STORE_DEVIATIONS: dict[str, Deviation] = {}
CACHE_DEVIATIONS: dict[str, Deviation] = {}
ASYNC_CACHE_DEVIATIONS: dict[str, Deviation] = {}
MEMCACHED_DEVIATIONS: dict[str, Deviation] = {}
