"""langchain-core's InMemoryStore, InMemoryByteStore and InMemoryCache against the suite.

They need no server: each instance is a new Python object. The cache's two declared
deviations share one upstream cause (an update of a present pair in a full cache
evicts the oldest entry); ``cache.maxsize.model`` is found only by a random search,
so a run may miss it (see ``tests.adapters.tolerated``), and its reproduction runs here
every time.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from storespec.adapters import langchain_core
from storespec.conformance.adapter import Adapter
from tests.adapters.support import assert_conformant, run_suite
from tests.adapters.tolerated import reproduce

MODULE = "storespec.adapters.langchain_core"


@pytest.mark.parametrize(
    ("attribute", "backend"),
    [("STORE", langchain_core.STORE), ("BYTE_STORE", langchain_core.BYTE_STORE)],
    ids=["InMemoryStore", "InMemoryByteStore"],
)
def test_store(attribute: str, backend: Adapter, tmp_path: Path) -> None:
    returncode, report, output = run_suite(f"{MODULE}:{attribute}", tmp_path)
    assert_conformant(returncode, report, output, backend)


def test_cache(tmp_path: Path) -> None:
    returncode, report, output = run_suite(f"{MODULE}:CACHE", tmp_path)
    assert_conformant(returncode, report, output, langchain_core.CACHE)


@pytest.mark.parametrize("clause", sorted(langchain_core.CACHE.deviations))
def test_cache_deviation_reproduces(clause: str) -> None:
    reproduce(langchain_core.CACHE.deviations[clause])


def test_cache_deviations_cite_the_evicting_line() -> None:
    """The cited line of langchain_core/caches.py is the eviction, in the installed version."""
    from langchain_core.caches import InMemoryCache

    lines, first = inspect.getsourcelines(InMemoryCache.update)
    evicting = [
        first + i for i, line in enumerate(lines) if "len(self._cache) == self._maxsize" in line
    ]
    assert evicting, "InMemoryCache.update no longer evicts before every write: re-run the suite"
    cited = f"langchain_core/caches.py:{evicting[0]} "
    for deviation in langchain_core.CACHE.deviations.values():
        assert cited in deviation.evidence, (deviation.clause, cited)
        assert "https://github.com/langchain-ai/langchain/issues/36750" in deviation.evidence


def test_instances_are_fresh_and_unbounded_by_default() -> None:
    from langchain_core.outputs import Generation

    first = langchain_core.CACHE.factory(None)
    second = langchain_core.CACHE.factory(None, maxsize=None)
    first.update("p", "llm", [Generation(text="x")])
    assert second.lookup("p", "llm") is None
    store = langchain_core.STORE.factory(None)
    store.mset([("k", 1)])
    assert list(langchain_core.STORE.factory(None).yield_keys()) == []
