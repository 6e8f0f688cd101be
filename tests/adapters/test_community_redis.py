"""langchain-community's Redis and memcached backends against the suite, with their findings.

Redis is the machine's service on 127.0.0.1:6379 (``STORESPEC_REDIS_URL``). memcached is
the suite's own server on 127.0.0.1:11311 (``STORESPEC_MEMCACHED_URL``): CI starts it,
and this module starts one itself when nothing listens there and ``memcached`` is
installed, and stops it afterwards.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from storespec.adapters import community_redis, local_servers
from storespec.adapters.community_redis import canaries, memcached, redis_server, scratch
from storespec.adapters.community_redis.lease import ExclusiveLease
from storespec.conformance.core.adapter import Adapter
from tests.adapters.support import reproduce, run_suite, skip_or_fail
from tests.adapters.tolerated import assert_conformant_or_missed

MODULE = "storespec.adapters.community_redis"


@pytest.fixture(scope="module")
def memcached_server() -> Iterator[None]:
    """The suite's memcached server: the running one, or one started here for the module."""
    try:
        with local_servers.memcached(*memcached.address()):
            yield
    except local_servers.ServerMissing as exc:
        skip_or_fail(str(exc))


def require(adapter: Adapter) -> None:
    """Skip (fail under CI) when the adapter's server is missing here."""
    reason = adapter.unavailable()
    if reason is not None:
        skip_or_fail(f"{adapter.name}: {reason}")


def _plant(db: int) -> dict[str, bytes]:
    """Keys of this test only, under the canary prefix, in database ``db``."""
    planted = {
        f"{canaries.PREFIX}test:{secrets.token_hex(6)}:{i}": bytes([i, 0, 255]) for i in range(3)
    }
    with redis_server.client(db) as connection:
        for key, value in planted.items():
            assert connection.set(key, value, nx=True)
    return planted


def _intact(db: int, planted: dict[str, bytes]) -> list[str]:
    with redis_server.client(db) as connection:
        return [k for k, v in planted.items() if connection.get(k) != v]


def _remove(db: int, planted: dict[str, bytes]) -> None:
    with redis_server.client(db) as connection:
        connection.delete(*planted)


def _namespace_keys(db: int) -> set[bytes]:
    """Keys in the shape ``<token>/<key>`` that ``RedisStore`` writes for a namespace."""
    with redis_server.client(db) as connection:
        return set(connection.scan_iter(match="ss_*/*", count=1000))


def test_store(tmp_path: Path) -> None:
    require(community_redis.STORE)
    shared = redis_server.shared_db()
    before = _namespace_keys(shared)
    planted = _plant(shared)
    try:
        run = run_suite(f"{MODULE}:STORE", tmp_path)
        assert_conformant_or_missed(run, community_redis.STORE)
        assert run.outcomes("community-redis-store")["store.isolation"] == "pass"
        assert _intact(shared, planted) == []
    finally:
        _remove(shared, planted)
    assert _namespace_keys(shared) - before == set(), "namespaces left behind"


@pytest.mark.parametrize(
    "backend", [community_redis.CACHE, community_redis.ASYNC_CACHE], ids=lambda a: a.name
)
def test_redis_caches(backend: Adapter, tmp_path: Path) -> None:
    require(backend)
    shared, database = redis_server.shared_db(), scratch.scratch()
    planted = _plant(shared)
    try:
        attribute = "CACHE" if backend is community_redis.CACHE else "ASYNC_CACHE"
        run = run_suite(f"{MODULE}:{attribute}", tmp_path)
        assert_conformant_or_missed(run, backend)
        isolation = run.read().verdicts_of(backend.name)["cache.isolation"]
        assert any("vanished" in f.reason for f in isolation.failures), (
            "FLUSHDB should have removed the foreign data planted in the scratch database"
        )
        assert _intact(shared, planted) == [], "clear() reached beyond the scratch database"
    finally:
        _remove(shared, planted)
    assert database.foreign() == [], "cache entries left behind in the scratch database"


@pytest.mark.usefixtures("memcached_server")
def test_memcached_cache(tmp_path: Path) -> None:
    require(community_redis.MEMCACHED_CACHE)
    run = run_suite(f"{MODULE}:MEMCACHED_CACHE", tmp_path)
    assert_conformant_or_missed(run, community_redis.MEMCACHED_CACHE)
    found = run.outcomes("community-memcached-cache")
    assert found["cache.clear.scope"] == "known finding"
    assert memcached.all_keys() == [], "entries left behind on the suite's memcached server"


def test_foreign_data_in_the_scratch_database_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    require(community_redis.STORE)
    monkeypatch.setenv(redis_server.SCRATCH_DB, "12")
    with redis_server.client(12) as connection:
        if connection.dbsize():
            pytest.skip("Redis DB 12 is in use; the test needs it empty")
        key = f"foreign-{secrets.token_hex(6)}"
        connection.set(key, b"not the suite's")
        try:
            reason = community_redis.CACHE.unavailable()
        finally:
            connection.delete(key)
    assert reason is not None
    assert reason.startswith("Redis DB 12 at ")
    assert "holds foreign data" in reason
    assert community_redis.CACHE.unavailable() is None


def test_scratch_database_must_differ_from_the_shared_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(redis_server.SCRATCH_DB, str(redis_server.shared_db()))
    assert "names the shared database" in (redis_server.scratch_unavailable() or "")
    monkeypatch.setenv(redis_server.SCRATCH_DB, "thirteen")
    assert "is not a Redis database number" in (redis_server.scratch_unavailable() or "")


@pytest.mark.usefixtures("memcached_server")
def test_foreign_data_on_the_memcached_server_is_refused() -> None:
    require(community_redis.MEMCACHED_CACHE)
    key = f"foreign-{secrets.token_hex(6)}"
    with memcached.client() as connection:
        connection.set(key, b"not the suite's", noreply=False)
        try:
            reason = community_redis.MEMCACHED_CACHE.unavailable()
        finally:
            connection.delete(key, noreply=False)
    assert reason is not None
    assert "holds foreign data" in reason
    assert community_redis.MEMCACHED_CACHE.unavailable() is None


def test_missing_memcached_names_the_port_and_who_starts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STORESPEC_MEMCACHED_URL", "memcached://127.0.0.1:9")
    reason = memcached.unavailable()
    assert reason is not None
    if reason != memcached.NEEDS_PACKAGES:
        assert reason.startswith("needs memcached on 127.0.0.1:9 ")
        assert "the matrix and the project's tests start one" in reason


def test_lease_counts_instances_and_cleans_up_once(tmp_path: Path) -> None:
    calls: list[str] = []
    lease = ExclusiveLease(
        f"test-{secrets.token_hex(4)}",
        on_first=lambda: calls.append("first"),
        on_last=lambda: calls.append("last"),
    )
    lease.acquire()
    lease.acquire()
    assert lease.held
    assert lease.briefly(lambda: "inside") == "inside"
    lease.release()
    assert calls == ["first"]
    lease.release()
    assert calls == ["first", "last"]
    assert not lease.held
    with pytest.raises(RuntimeError, match="released more often"):
        lease.release()
    lease.path.unlink(missing_ok=True)


FINDINGS = {f.id: f for adapter in community_redis.BACKENDS for f in adapter.findings}
"""Every finding of the family, once."""

THROWAWAY_DB = 13
"""The Redis database the cache reproductions write and flush."""


@pytest.mark.parametrize("finding_id", sorted(FINDINGS))
def test_finding_reproduces(finding_id: str, request: pytest.FixtureRequest) -> None:
    """Each finding's reproduction runs and asserts the defect: the store's in its own
    namespace, the Redis caches' in a database they may flush, memcached's on the suite's
    own server."""
    finding = FINDINGS[finding_id]
    if finding_id.startswith("memcached-cache/"):
        request.getfixturevalue("memcached_server")  # before the check: it starts one
        require(community_redis.MEMCACHED_CACHE)
    else:
        require(community_redis.STORE)
    if f"db={THROWAWAY_DB}" in finding.reproduction:
        with _throwaway_database():
            reproduce(finding)
        return
    reproduce(finding)


@contextmanager
def _throwaway_database() -> Iterator[None]:
    """DB 13 for the block, flushed after it: held as the suite's scratch database is, so
    that a Redis cache the suite runs at the same time in another process (its default
    scratch database is DB 13) waits for it, as it waits for them."""
    database = scratch.scratch()
    if database.db != THROWAWAY_DB:
        pytest.skip(
            f"the reproductions flush Redis DB {THROWAWAY_DB}, which "
            f"{redis_server.SCRATCH_DB}={database.db} does not make the suite's own"
        )
    try:
        database.lease.acquire()
    except scratch.ForeignData as exc:  # never flush data the suite did not create
        skip_or_fail(str(exc))
    try:
        yield
    finally:
        try:
            with redis_server.client(THROWAWAY_DB) as connection:
                connection.flushdb()
        finally:
            database.lease.release()
