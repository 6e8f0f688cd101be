"""langchain-core's InMemoryStore, InMemoryByteStore and InMemoryCache against the suite.

They need no server: each instance is a new Python object. The cache has one finding
(an update of a present pair in a full cache evicts the oldest entry), under two
clauses; ``cache.maxsize.model`` shows it only by a random search, so a run may miss it
(see ``tests.adapters.tolerated``), and its reproduction runs here every time.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from storespec.adapters import langchain_core
from storespec.conformance.core.adapter import Adapter
from tests.adapters.support import assert_conformant, reproduce, run_suite
from tests.adapters.tolerated import assert_conformant_or_missed

MODULE = "storespec.adapters.langchain_core"


@pytest.mark.parametrize(
    ("attribute", "backend"),
    [("STORE", langchain_core.STORE), ("BYTE_STORE", langchain_core.BYTE_STORE)],
    ids=["InMemoryStore", "InMemoryByteStore"],
)
def test_store(attribute: str, backend: Adapter, tmp_path: Path) -> None:
    assert_conformant(run_suite(f"{MODULE}:{attribute}", tmp_path), backend)


def test_cache(tmp_path: Path) -> None:
    assert_conformant_or_missed(run_suite(f"{MODULE}:CACHE", tmp_path), langchain_core.CACHE)


def test_cache_finding_reproduces() -> None:
    (finding,) = langchain_core.CACHE.findings
    reproduce(finding)


def test_cache_finding_cites_the_evicting_line() -> None:
    """The cited line of langchain_core/caches.py is the eviction, in the installed version."""
    from langchain_core.caches import InMemoryCache

    lines, first = inspect.getsourcelines(InMemoryCache.update)
    evicting = [
        first + i for i, line in enumerate(lines) if "len(self._cache) == self._maxsize" in line
    ]
    assert evicting, "InMemoryCache.update no longer evicts before every write: re-run the suite"
    cited = f"langchain_core/caches.py:{evicting[0]} "
    for finding in langchain_core.CACHE.findings:
        assert cited in finding.evidence, (finding.id, cited)
        assert "https://github.com/langchain-ai/langchain/issues/36750" in finding.evidence


def test_instances_are_fresh_and_unbounded_by_default() -> None:
    from langchain_core.outputs import Generation

    first = langchain_core.CACHE.factory(None)
    second = langchain_core.CACHE.factory(None, maxsize=None)
    first.update("p", "llm", [Generation(text="x")])
    assert second.lookup("p", "llm") is None
    store = langchain_core.STORE.factory(None)
    store.mset([("k", 1)])
    assert list(langchain_core.STORE.factory(None).yield_keys()) == []
