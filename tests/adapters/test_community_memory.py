"""langchain-community's InMemoryCache against the suite.

It is a class of its own, not langchain-core's: no ``maxsize``, so the maxsize
clauses are not applicable, and it declares no finding.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import warnings
from pathlib import Path

from storespec.adapters import community_memory
from tests.adapters.support import assert_conformant, run_suite, skip_or_fail

CACHE = community_memory.CACHE


def require() -> None:
    """Skip (fail under CI) when langchain-community is not installed."""
    reason = CACHE.unavailable()
    if reason is not None:
        skip_or_fail(f"{CACHE.name}: {reason}")


def test_cache(tmp_path: Path) -> None:
    require()
    run = run_suite("storespec.adapters.community_memory:CACHE", tmp_path)
    assert_conformant(run, CACHE)
    found = run.outcomes(CACHE.name)
    assert found["cache.maxsize.bound"] == "not applicable"


def test_is_its_own_class_without_maxsize() -> None:
    """The adapter's premise: if the class becomes core's (with maxsize), revisit it."""
    require()
    from langchain_core.caches import InMemoryCache as CoreCache

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from langchain_community.cache import InMemoryCache

    assert InMemoryCache is not CoreCache
    assert not issubclass(InMemoryCache, CoreCache)
    assert "maxsize" not in inspect.signature(InMemoryCache).parameters
    assert not CACHE.capabilities


def test_import_emits_no_sunset_warning() -> None:
    """The package's sunset notice is about the package, not this class: the adapter hides it."""
    require()
    code = (
        "from storespec.adapters.community_memory import CACHE\n"
        "CACHE.factory(None)\n"
        "import langchain_community\n"
    )
    completed = subprocess.run(
        [sys.executable, "-W", "always::DeprecationWarning", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "sunset" not in completed.stderr, completed.stderr
