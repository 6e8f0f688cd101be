"""The findings of ``MemcachedCache`` under concurrent use, confirmed by a run and the source
(line numbers of langchain-community 0.4.2, ``langchain_community/cache.py``, and pymemcache
4.0.0). The reproductions need a throwaway memcached on 127.0.0.1:11311 (the suite's own
server); the second one needs no memcached, only the local Redis on 6379."""

from __future__ import annotations

from typing import Final

from storespec.conformance.core.findings import Finding, Severity, Signature

CACHE_SOURCE: Final = "langchain_community/cache.py"

_SHARED_CLIENT = (
    "import threading\n"
    "from pymemcache.client.base import Client\n"
    "from langchain_community.cache import MemcachedCache\n"
    "from langchain_core.outputs import Generation\n"
    "c = MemcachedCache(Client(('127.0.0.1', 11311), key_prefix=b'storespec_demo:', timeout=2))\n"
    "errors = []\n"
    "start = threading.Barrier(8)\n"
    "def work(worker):\n"
    "    start.wait()\n"
    "    for i in range(60):\n"
    "        prompt = f'prompt {worker}:{i}'\n"
    "        try:\n"
    "            c.update(prompt, 'llm', [Generation(text=prompt)])\n"
    "            c.lookup(prompt, 'llm')\n"
    "        except Exception as error:\n"
    "            errors.append(f'{type(error).__name__}: {error}')\n"
    "threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]\n"
    "for t in threads: t.start()\n"
    "for t in threads: t.join()\n"
    "c.clear()  # flush_all: the server is a throwaway one\n"
    "assert errors, 'one Client served 8 threads'\n"
)

SHARED_CLIENT: Final = Finding(
    id="memcached-cache/one-client-across-threads",
    clauses=("cache.concurrency.no-errors", "cache.concurrency.linearizable"),
    summary=(
        "with the documented pymemcache base Client, calls from several threads at once "
        "(LangChain runs the sync methods in threads for the async API) share one socket: "
        "replies meet the wrong request, so calls raise (MemcacheUnknownError, "
        "TimeoutError, or the NameError of memcached-cache/lookup-error-handler-raises) "
        "or a lookup reads another call's reply and misses an entry just written"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"calls failed, the first: .*raised (Memcache\w*Error|TimeoutError|NameError"
        r"|OSError|BrokenPipeError|ConnectionResetError)|MemcacheUnknownError|TimeoutError"
        r"|^(OSError|BrokenPipeError|ConnectionResetError): "  # a scenario's exception
        r"|^AssertionError: not linearizable on key",
        tests=(
            "test_concurrent_calls_raise_nothing",
            "test_each_pair_is_linearizable_under_threads_and_tasks",
        ),
    ),
    reproduction=_SHARED_CLIENT,
    evidence=(
        f"{CACHE_SOURCE}:2288-2301: the docstring's setup is `MemcachedCache(Client("
        "'localhost'))`, and 2309-2327 accepts a base Client; pymemcache/client/base.py "
        "(4.0.0): `Client` keeps one socket (`self.sock`) and no lock, and pymemcache "
        "documents that it is not thread-safe (PooledClient is)"
    ),
)
"""``MemcachedCache`` on a base ``Client``, as documented."""

_HANDLER = (
    "from pymemcache.client.base import Client\n"
    "from langchain_community.cache import MemcachedCache\n"
    "# a server answering in another protocol (Redis) makes pymemcache raise MemcacheError\n"
    "c = MemcachedCache(Client(('127.0.0.1', 6379), timeout=5))\n"
    "try:\n"
    "    c.lookup('p', 'l')  # meant to return None when the client raises MemcacheError\n"
    "except NameError as error:\n"
    "    assert \"name 'pymemcache' is not defined\" in str(error)\n"
    "else:\n"
    "    raise AssertionError('lookup handled the MemcacheError')\n"
)

HANDLER_NAME_ERROR: Final = Finding(
    id="memcached-cache/lookup-error-handler-raises",
    clauses=("cache.concurrency.no-errors",),
    summary=(
        "when the client raises a MemcacheError, lookup raises NameError (name 'pymemcache' "
        "is not defined) instead of returning None: its handler names a module imported "
        "for type checking only"
    ),
    severity=Severity.CRASH,
    signature=Signature(message=r"NameError: name 'pymemcache' is not defined"),
    reproduction=_HANDLER,
    evidence=(
        f"{CACHE_SOURCE}:90-91: `import pymemcache` only under `if TYPE_CHECKING:`; "
        "2333-2337: `lookup` runs `except pymemcache.MemcacheError: return None`"
    ),
)
"""``MemcachedCache`` with any client."""

_TOO_LARGE = (
    "from pymemcache.client.base import Client\n"
    "from pymemcache.exceptions import MemcacheServerError\n"
    "from langchain_community.cache import MemcachedCache\n"
    "from langchain_core.outputs import Generation\n"
    "client = Client(('127.0.0.1', 11311), key_prefix=b'storespec_demo:', default_noreply=False)\n"
    "c = MemcachedCache(client)\n"
    "try:\n"
    "    c.update('p', 'l', [Generation(text='x' * 1_100_003)])\n"
    "except MemcacheServerError as error:\n"
    "    assert 'object too large for cache' in str(error)\n"
    "else:\n"
    "    raise AssertionError('a 1.1 MB answer was cached')\n"
)

ITEM_SIZE_LIMIT: Final = Finding(
    id="memcached-cache/item-size-limit",
    clauses=("cache.value.whole",),
    summary=(
        "update of generations whose serialised form exceeds memcached's item size (1 MB by "
        "default, -I) raises MemcacheServerError ('object too large for cache') and caches "
        "nothing (on a client that waits for replies, as the adapter's does)"
    ),
    severity=Severity.PORTABILITY,
    signature=Signature(message=r"MemcacheServerError: b'object too large for cache'"),
    reproduction=_TOO_LARGE,
    evidence=(
        f"{CACHE_SOURCE}:2340-2355: `update` sends the whole JSON of the generations with "
        "`self.client.set(key, value)`, never split; memcached refuses items over its "
        "`-I` limit, 1 MB unless configured (memcached(1)); with pymemcache's default "
        "`noreply=True` the refusal is not even read, and the answer silently is not cached"
    ),
)
"""``MemcachedCache`` on a memcached with its default item size."""

CONCURRENCY_FINDINGS: Final = (SHARED_CLIENT, HANDLER_NAME_ERROR, ITEM_SIZE_LIMIT)
