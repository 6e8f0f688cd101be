"""Shared fixtures of the project's own tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

BACKENDS_MODULE = '''
import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.stores import BaseStore
from storespec.conformance import Adapter, Deviation
from storespec.conformance.catalogue.entries import BROKEN_CACHES
from storespec.reference import InMemoryCache, InMemoryStore


class GlobPrefixStore(InMemoryStore):
    """Matches prefixes as fnmatch patterns, as a Redis SCAN MATCH does."""

    def yield_keys(self, *, prefix=None):
        import fnmatch
        keys = list(self._data)
        if prefix:
            keys = [k for k in keys if fnmatch.fnmatchcase(k, prefix + "*")]
        return iter(keys)


class NeedsArgs(InMemoryStore):
    def __init__(self, url: str) -> None:
        super().__init__()


def store_factory():
    return InMemoryStore()


def not_a_store():
    return 42


GOOD_STORE = Adapter(name="good-store", kind="store", factory=lambda ns, **o: InMemoryStore())
GOOD_CACHE = Adapter(
    name="good-cache", kind="cache", factory=lambda ns, **o: InMemoryCache(**o),
    capabilities=frozenset({"maxsize"}),
)
GLOB = Adapter(name="glob-store", kind="store", factory=lambda ns, **o: GlobPrefixStore())
GLOB_DECLARED = Adapter(
    name="glob-declared",
    kind="store",
    factory=lambda ns, **o: GlobPrefixStore(),
    deviations={
        "store.keys.prefix-literal": Deviation(
            clause="store.keys.prefix-literal", observed="prefixes are glob patterns"
        )
    },
)
STALE = Adapter(
    name="stale-declaration",
    kind="store",
    factory=lambda ns, **o: InMemoryStore(),
    deviations={
        "store.mget.order": Deviation(clause="store.mget.order", observed="was once broken")
    },
)
SWEEPING_DECLARED = dataclasses.replace(
    next(e.adapter for e in BROKEN_CACHES if e.name == "legacy-sweeping-cache"),
    name="sweeping-declared",
    deviations={
        "cache.isolation": Deviation(
            clause="cache.isolation", observed="clear() removes entries of other caches"
        )
    },
)
INSTANCE = InMemoryStore()
PAIR = (GOOD_STORE, GOOD_CACHE)
NUMBER = 7
'''


@pytest.fixture
def backends(pytester: pytest.Pytester) -> pytest.Pytester:
    """A pytester directory with a module ``tiny`` of small backends on sys.path."""
    pytester.makepyfile(tiny=BACKENDS_MODULE)
    pytester.syspathinsert()
    return pytester


def read_report(path: Path) -> dict[str, Any]:
    """A JSON report, parsed."""
    return json.loads(path.read_text(encoding="utf-8"))


def outcomes(report: dict[str, Any], backend: str) -> dict[str, str]:
    """Clause ID -> outcome for one backend of a JSON report."""
    return {c["id"]: c["outcome"] for c in report["clauses"] if c["backend"] == backend}
