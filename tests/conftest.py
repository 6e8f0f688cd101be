"""Shared fixtures of the project's own tests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from storespec.conformance.core.report import Report

UNUSED_PLUGINS = ("langsmith_plugin", "codspeed", "recording", "syrupy", "socket", "anyio")
"""Pytest plugins that the development extras install (through langchain-tests and
langsmith) and that no pytest run these tests start uses: together they cost every such
run about 1.5 s of start-up, of 3.8 s for a run against the reference."""


def pytest_configure(config: pytest.Config) -> None:
    """The pytest runs that tests start load none of ``UNUSED_PLUGINS``. Set in a process
    that runs tests, never in an xdist controller: its workers are pytest runs of these
    tests themselves, and langchain-tests' marks need its plugins there.

    Every pytest run, workers included, may keep the modules whose asserts pytest rewrote:
    under ``PYTHONDONTWRITEBYTECODE`` each run rewrites every module of storespec (a pytest
    plugin) again, about 3 s of a 9 s run against the reference."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if getattr(config, "workerinput", None) is None and config.getoption("numprocesses", None):
        return
    os.environ["PYTEST_ADDOPTS"] = " ".join(
        [*(f"-p no:{name}" for name in UNUSED_PLUGINS), os.environ.get("PYTEST_ADDOPTS", "")]
    ).strip()


BACKENDS_MODULE = '''
import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.stores import BaseStore
from storespec.conformance import Adapter
from storespec.conformance.core.findings import Finding, Signature
from storespec.catalogue.entries import BROKEN_CACHES
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
class GlobAndCaseBlindStore(GlobPrefixStore):
    """A glob prefix, and (a second defect) prefixes compared without case."""

    def yield_keys(self, *, prefix=None):
        if prefix and not any(c in prefix for c in "*?["):
            return iter([k for k in self._data if k.lower().startswith(prefix.lower())])
        return super().yield_keys(prefix=prefix)


PREFIX_IS_GLOB = Finding(
    id="glob-store/prefix-is-glob",
    clauses=("store.keys.prefix-literal",),
    summary="prefixes are glob patterns",
    severity="wrong answer",
    signature=Signature(message=r"prefix '[^']*[*?\\[]"),
)
GLOB_DECLARED = Adapter(
    name="glob-declared",
    kind="store",
    factory=lambda ns, **o: GlobPrefixStore(),
    findings=(PREFIX_IS_GLOB,),
)
GLOB_REGRESSED = dataclasses.replace(
    GLOB_DECLARED, name="glob-regressed", factory=lambda ns, **o: GlobAndCaseBlindStore()
)
GLOB_FIXED_UPSTREAM = dataclasses.replace(
    GLOB_DECLARED,
    name="glob-fixed-upstream",
    findings=(dataclasses.replace(PREFIX_IS_GLOB, versions={"langchain-core": "<0.0.1"}),),
)
STALE = Adapter(
    name="stale-declaration",
    kind="store",
    factory=lambda ns, **o: InMemoryStore(),
    findings=(
        Finding(
            id="stale/mget-order",
            clauses=("store.mget.order",),
            summary="was once broken",
            severity="wrong answer",
        ),
    ),
)
SWEEPING_DECLARED = dataclasses.replace(
    next(e.adapter for e in BROKEN_CACHES if e.name == "legacy-sweeping-cache"),
    name="sweeping-declared",
    findings=(
        Finding(
            id="sweeping/clear-flushes-everything",
            clauses=("cache.isolation",),
            summary="clear() removes entries of other caches",
            severity="data loss",
        ),
    ),
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
    """A JSON report, parsed as plain data (for tests of the format itself)."""
    return json.loads(path.read_text(encoding="utf-8"))


def report_at(path: Path) -> Report:
    """A JSON report, read back as typed objects."""
    return Report.read(path)
