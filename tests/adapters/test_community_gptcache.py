"""langchain-community's GPTCache, on gptcache's map data manager, against the suite.

The run plants its own foreign map files beside the namespaces (the adapter's canary) and
runs with an empty working directory, which must stay free of anything GPTCache writes:
left to itself, GPTCache writes a map file named after each ``llm_string`` there. Every
declared finding is also reproduced directly, in every run.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from storespec.adapters import community_gptcache
from storespec.adapters.community_gptcache import cache, data_dirs, races
from storespec.conformance.core.findings import Failure
from storespec.conformance.core.namespace import Namespace
from tests.adapters.support import PLUGIN, reproduce, run_suite, skip_or_fail
from tests.adapters.tolerated import assert_conformant_or_missed

CACHE = community_gptcache.CACHE

SUITE_ARTEFACTS = frozenset({"report.json", f"{PLUGIN}.py", ".hypothesis", ".benchmarks"})
"""What the suite and its pytest plugins write into the working directory by themselves."""


def require() -> None:
    """Skip (fail under CI) when langchain-community or gptcache is not installed."""
    reason = CACHE.unavailable()
    if reason is not None:
        skip_or_fail(f"{CACHE.name}: {reason}")


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _run_in_empty_directory(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={k: v for k, v in os.environ.items() if k != "IS_CI"},
    )


def test_cache(tmp_path: Path) -> None:
    require()
    run = run_suite("storespec.adapters.community_gptcache:CACHE", tmp_path)
    assert_conformant_or_missed(run, CACHE)
    found = run.outcomes(CACHE.name)
    assert found["cache.isolation"] == "pass"
    assert found["cache.value.chat"] == "pass"
    assert found["cache.maxsize.bound"] == "not applicable"
    assert found["cache.persistence"] == "not applicable"
    written = {p.name for p in tmp_path.iterdir()} - SUITE_ARTEFACTS - {"__pycache__"}
    assert not written, f"the run wrote into its working directory: {sorted(written)}"
    assert "data_map.txt" not in run.output


def test_findings_reproduce() -> None:
    """Each finding's reproduction runs and asserts the defect."""
    require()
    assert [f.id for f in CACHE.findings] == [
        "gptcache/clear-keeps-entries",
        "gptcache/concurrent-writes-lost",
        "gptcache/clear-during-writes-raises",
        "gptcache/map-read-while-rewritten",
    ]
    for finding in CACHE.findings:
        reproduce(finding)


def test_files_stay_in_the_namespace(tmp_path: Path) -> None:
    """Every file lives in the namespace's directory, one directory per llm_string named
    after its SHA-256; a file beside the namespace is neither read into it nor changed."""
    require()
    from langchain_core.outputs import Generation

    beside = tmp_path / "data_map.txt"
    beside.write_bytes(b"not a map: a foreign file beside the namespace")
    namespace = Namespace("ss_test_gptcache", tmp_path / "ns")
    namespace.path.mkdir()
    llm_strings = ["l", "", "../escape", "/abs/path", "x" * 5000, "ключ\n\x00"]
    opened = cache.factory(namespace)
    instance = next(opened)
    for llm_string in llm_strings:
        instance.update("p", llm_string, [Generation(text=llm_string)])
        assert instance.lookup("p", llm_string) == [Generation(text=llm_string)]
    instance.clear()
    opened.close()
    assert beside.read_bytes() == b"not a map: a foreign file beside the namespace"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data_map.txt", "ns"]
    expected = {hashlib.sha256(s.encode()).hexdigest() for s in llm_strings}
    assert {p.name for p in namespace.path.iterdir()} == expected
    assert all(
        path.parent.parent == namespace.path and path.name == "data_map.txt"
        for path in namespace.path.rglob("*")
        if path.is_file()
    )


def test_nothing_is_written_after_teardown_or_into_the_working_directory(
    tmp_path: Path,
) -> None:
    """gptcache flushes every cache at interpreter exit; after teardown the adapter's
    caches write nothing, and nothing ever lands in the working directory."""
    require()
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    root = tmp_path / "ns"
    code = (
        "import shutil\n"
        "from pathlib import Path\n"
        "from langchain_core.outputs import Generation\n"
        "from storespec.adapters.community_gptcache import cache\n"
        "from storespec.conformance.core.namespace import Namespace\n"
        f"root = Path({str(root)!r})\n"
        "root.mkdir()\n"
        "opened = cache.factory(Namespace('ss_test_gptcache', root))\n"
        "c = next(opened)\n"
        "c.update('p', 'llm', [Generation(text='x')])\n"
        "c.clear()\n"
        "c.update('q', 'llm', [Generation(text='y')])\n"
        "opened.close()\n"
        "shutil.rmtree(root)\n"
    )
    completed = _run_in_empty_directory(code, cwd)
    assert completed.returncode == 0, completed.stderr
    assert "No such file" not in completed.stderr, completed.stderr
    assert not root.exists(), "a cache wrote into its namespace after teardown"
    assert list(cwd.iterdir()) == []


def test_upstream_default_writes_into_the_working_directory(tmp_path: Path) -> None:
    """The premise of the init function: without one, GPTCache names a map file after the
    llm_string in the working directory, so the adapter never uses that default."""
    require()
    code = (
        "from langchain_community.cache import GPTCache\n"
        "from langchain_core.outputs import Generation\n"
        "c = GPTCache()\n"
        "c.update('p', 'llm', [Generation(text='x')])\n"
        "c.clear()\n"
    )
    completed = _run_in_empty_directory(code, tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["llm"]


def test_gptcache_takes_no_maxsize() -> None:
    """Why the adapter declares no capability: GPTCache's only option is its init function."""
    require()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from langchain_community.cache import GPTCache

    assert list(inspect.signature(GPTCache).parameters) == ["init_func"]
    assert not CACHE.capabilities


@pytest.mark.parametrize(
    "pair", [("a", "b"), ("", " "), ("e\u0301", "\u00e9"), ("A", "a"), ("x/y", "x_y")]
)
def test_distinct_llm_strings_get_distinct_directories(pair: tuple[str, str]) -> None:
    first, second = (data_dirs.data_dir(Path("/ns"), s) for s in pair)
    assert first != second
    assert first.parent == second.parent == Path("/ns")


def _no_errors_failure(*calls: str) -> Failure:
    reason = (
        f"AssertionError: {len(calls)} of 356 calls failed, the first: "
        + "; ".join(calls)
        + " (seed 0: 15 async tasks and 8 threads, 356 calls on one instance; "
        "STORESPEC_CONCURRENCY_SEED=0 records it alone)"
    )
    return Failure("test_concurrent_calls_raise_nothing", "sync", reason)


HALF_READ = (
    "thread 5: lookup('p', 'l') raised UnpicklingError: pickle data was truncated "
    "(at gptcache/manager/data_manager.py:118 in init)"
)
CLEAR_ITERATING = (
    "thread 1: clear() raised RuntimeError: dictionary changed size during iteration "
    "(at langchain_community/cache.py:845 in clear)"
)


def test_the_raising_races_are_told_apart_by_their_first_failed_call() -> None:
    """Each of the two raising races explains a history whose first failed call is its
    own, whatever follows, and a scenario that raises its exception."""
    half_read, clearing = races.MAP_READ_WHILE_REWRITTEN, races.CLEAR_DURING_WRITES_RAISES
    first_half_read = _no_errors_failure(HALF_READ, CLEAR_ITERATING)
    first_clearing = _no_errors_failure(CLEAR_ITERATING, HALF_READ)
    assert half_read.signature.matches(first_half_read)
    assert not clearing.signature.matches(first_half_read)
    assert clearing.signature.matches(first_clearing)
    assert not half_read.signature.matches(first_clearing)
    for scenario in ("EOFError: Ran out of input", "_pickle.UnpicklingError: pickle data was"):
        assert re.search(half_read.signature.message, scenario)
        assert not re.search(clearing.signature.message, scenario)
