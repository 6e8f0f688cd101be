"""langchain-classic's LocalFileStore and EncoderBackedStore against the suite.

LocalFileStore writes below the namespace's directory and is checked with a canary
directory beside the namespaces; EncoderBackedStore wraps a new in-memory byte store.
Every declared finding is also reproduced directly, in every run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storespec.adapters import langchain_classic
from storespec.adapters.langchain_classic import file_store
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.findings import Finding
from storespec.conformance.core.namespace import Namespace
from tests.adapters.support import reproduce, run_suite, skip_or_fail
from tests.adapters.tolerated import assert_conformant_or_missed

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
        run = run_suite(f"{MODULE}:LOCAL_FILE_STORE", tmp_path)
        damage = canary.check()
    finally:
        canary.remove()
    if damage:
        pytest.fail(f"the run changed files beside the namespaces: {damage}", pytrace=False)
    assert_conformant_or_missed(run, FILE_STORE)


def test_encoder_backed_store(tmp_path: Path) -> None:
    require(ENCODER_STORE)
    run = run_suite(f"{MODULE}:ENCODER_BACKED_STORE", tmp_path)
    assert_conformant_or_missed(run, ENCODER_STORE)
    (finding,) = ENCODER_STORE.findings
    outside = [c for c in finding.clauses if not c.startswith("store.keys.")]
    assert not outside, f"one listing defect fails the listing clauses only, not {outside}"
    verdicts = run.read().verdicts_of(ENCODER_STORE.name)
    failing = {c for c, v in verdicts.items() if v.outcome.value in ("known finding", "fail")}
    assert failing
    assert all(c.startswith("store.keys.") for c in failing), failing


@pytest.mark.parametrize(
    ("backend", "finding"),
    [(a, f) for a in langchain_classic.BACKENDS for f in a.findings],
    ids=[f.id for a in langchain_classic.BACKENDS for f in a.findings],
)
def test_finding_reproduces(backend: Adapter, finding: Finding) -> None:
    require(backend)
    reproduce(finding)


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
    for key in ("a", "Key", "a.b", "a_b", "a-b", "...", "x" * 255, "a/b", "a/.b/c"):
        assert keys.contains(key), key
    outside = ("", ".", "..", "a b", "k\n", "a:b", "ключ", "x" * 256, "a/", "/a", "a//b")
    for key in (*outside, "a/./b", "a/../b", "/".join(["x" * 255] * 13)):
        assert not keys.contains(key), key


def test_file_store_instances_share_the_namespace_directory(tmp_path: Path) -> None:
    require(FILE_STORE)
    namespace = Namespace("ss_test_0", tmp_path)
    first = FILE_STORE.factory(namespace)
    first.mset([("k", b"v")])
    assert FILE_STORE.factory(namespace).mget(["k"]) == [b"v"]
    assert [p.name for p in tmp_path.iterdir()] == ["k"]
