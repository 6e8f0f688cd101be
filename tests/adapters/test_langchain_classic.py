"""langchain-classic's LocalFileStore and EncoderBackedStore against the suite.

LocalFileStore writes below the namespace's directory and is checked with a canary
directory beside the namespaces; EncoderBackedStore wraps a new in-memory byte store.
Every declared deviation is also reproduced directly, in every run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storespec.adapters import langchain_classic
from storespec.adapters.langchain_classic import file_store
from storespec.conformance.adapter import Adapter
from storespec.conformance.namespace import Namespace
from tests.adapters.support import assert_conformant, run_suite, skip_or_fail
from tests.adapters.tolerated import reproduce

MODULE = "storespec.adapters.langchain_classic"
FILE_STORE = langchain_classic.LOCAL_FILE_STORE
ENCODER_STORE = langchain_classic.ENCODER_BACKED_STORE


def require(adapter: Adapter) -> None:
    """Skip (fail under CI) when langchain-classic is not installed."""
    reason = adapter.unavailable()
    if reason is not None:
        skip_or_fail(f"{adapter.name}: {reason}")


def test_local_file_store(tmp_path: Path) -> None:
    require(FILE_STORE)
    canary = file_store.FileCanary()
    canary.plant()
    try:
        returncode, report, output = run_suite(f"{MODULE}:LOCAL_FILE_STORE", tmp_path)
        damage = canary.check()
    finally:
        canary.remove()
    if damage:
        pytest.fail(f"the run changed files beside the namespaces: {damage}", pytrace=False)
    assert_conformant(returncode, report, output, FILE_STORE)


def test_encoder_backed_store(tmp_path: Path) -> None:
    require(ENCODER_STORE)
    returncode, report, output = run_suite(f"{MODULE}:ENCODER_BACKED_STORE", tmp_path)
    assert_conformant(returncode, report, output, ENCODER_STORE)


@pytest.mark.parametrize(
    ("backend", "clause"),
    [(a, c) for a in langchain_classic.BACKENDS for c in sorted(a.deviations)],
    ids=[f"{a.name}:{c}" for a in langchain_classic.BACKENDS for c in sorted(a.deviations)],
)
def test_deviation_reproduces(backend: Adapter, clause: str) -> None:
    require(backend)
    reproduce(backend.deviations[clause])


def test_canary_reports_changed_vanished_and_new_files() -> None:
    canary = file_store.FileCanary()
    canary.plant()
    try:
        assert canary.check() == []
        (canary.root / "a").write_bytes(b"other")
        (canary.root / "dir" / "nested").unlink()
        (canary.root / "intruder").write_bytes(b"")
        damage = canary.check()
        assert len(damage) == 3, damage
        assert any("changed" in d for d in damage)
        assert any("vanished" in d for d in damage)
        assert any("appeared" in d for d in damage)
    finally:
        canary.remove()
    assert not canary.root.exists()


def test_file_store_key_domain() -> None:
    keys = file_store.KEYS
    for key in ("a", "Key", "a.b", "a_b", "a-b", "...", "x" * 255):
        assert keys.contains(key), key
    for key in ("", ".", "..", "a/b", "a b", "k\n", "a:b", "ключ", "x" * 256):
        assert not keys.contains(key), key


def test_file_store_instances_share_the_namespace_directory(tmp_path: Path) -> None:
    require(FILE_STORE)
    namespace = Namespace("ss_test_0", tmp_path)
    first = FILE_STORE.factory(namespace)
    first.mset([("k", b"v")])
    assert FILE_STORE.factory(namespace).mget(["k"]) == [b"v"]
    assert [p.name for p in tmp_path.iterdir()] == ["k"]
