"""The findings of these backends, each confirmed by a run and by the upstream source.

Line numbers are those of langchain-community 0.4.2 (``langchain_community/...``).
Every reproduction runs against a local Redis or memcached server; the ones that
call ``clear()`` use a throwaway database (Redis DB 13) or server, because they flush it.
"""

from __future__ import annotations

from typing import Final

from storespec.conformance.core.findings import Finding, Severity, Signature

STORE_SOURCE: Final = "langchain_community/storage/redis.py"
CACHE_SOURCE: Final = "langchain_community/cache.py"

_STORE_SETUP = (
    "import redis\n"
    "from langchain_community.storage import RedisStore\n"
    "s = RedisStore(client=redis.Redis(), namespace='demo')\n"
)
_CACHE_SETUP = (
    "import redis\n"
    "from langchain_community.cache import RedisCache\n"
    "from langchain_core.outputs import Generation\n"
    "c = RedisCache(redis.Redis(db=13))  # an empty, throwaway database\n"
)
_MEMCACHED_SETUP = (
    "from langchain_community.cache import MemcachedCache\n"
    "from langchain_core.outputs import Generation\n"
    "from pymemcache.client.base import Client\n"
    "c = MemcachedCache(Client(('127.0.0.1', 11311)))  # a throwaway server\n"
)


# -- RedisStore ---------------------------------------------------------------

_PREFIX_EXACT = (
    f"{STORE_SOURCE}:133-137: `pattern = self._get_prefixed_key(prefix)` is passed to "
    "`scan_iter(match=pattern)` with no trailing `*`"
)
_EMPTY_DEL = (
    f"{STORE_SOURCE}:128-129: `self.client.delete(*_keys)` sends `DEL` with no key for an "
    "empty batch, which Redis rejects"
)

_EMPTY_DEL_REPRODUCTION = (
    _STORE_SETUP + "import asyncio\n"
    "for call in (lambda: s.mdelete([]), lambda: asyncio.run(s.amdelete([]))):\n"
    "    try:\n"
    "        call()\n"
    "    except redis.exceptions.ResponseError as error:\n"
    "        assert 'wrong number of arguments' in str(error)\n"
    "    else:\n"
    "        raise AssertionError('an empty delete worked')\n"
)

MDELETE_EMPTY_RAISES: Final = Finding(
    id="redis-store/mdelete-empty-raises",
    clauses=("store.mdelete.empty", "store.async.equivalent", "store.model", "store.keys.model"),
    summary=(
        "mdelete([]) and amdelete([]) raise redis.exceptions.ResponseError: wrong number "
        "of arguments for 'del' command"
    ),
    severity=Severity.CRASH,
    signature=Signature(message=r"ResponseError.*wrong number of arguments for 'del'"),
    reproduction=_EMPTY_DEL_REPRODUCTION,
    evidence=_EMPTY_DEL,
)
PREFIX_IS_GLOB: Final = Finding(
    id="redis-store/prefix-is-exact-glob",
    clauses=("store.keys.prefix", "store.keys.prefix-literal", "store.keys.model"),
    summary=(
        "yield_keys(prefix=p) lists only the keys that match p as a Redis glob pattern with "
        "no trailing '*': a literal prefix such as 'user' lists only the key 'user', not "
        "'user:1', and 'a*', '?', '[ab]' and '\\' are wildcards or escapes"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"^AssertionError",
        tests=(
            "test_prefix_*",
            "test_listings_match_the_model",
            "store.keys.prefix*",
            "test_large_listing_by_prefix",
            "test_metacharacter_prefixes_are_literal",
        ),
    ),
    reproduction=(
        _STORE_SETUP + "s.mset([('user', b'1'), ('user:1', b'2'), ('a*b', b'3'), ('ab', b'4')])\n"
        "assert list(s.yield_keys(prefix='user')) == ['user']  # 'user:1' is missing\n"
        "assert sorted(s.yield_keys(prefix='a*')) == ['a*b', 'ab']  # a glob\n"
        "s.mdelete(['user', 'user:1', 'a*b', 'ab'])\n"
    ),
    evidence=_PREFIX_EXACT + "; SCAN MATCH treats * ? [ ] \\ as glob syntax",
)
_SCAN_REPEATS = (
    f"{STORE_SOURCE}:137-144: `yield_keys` yields what `scan_iter` returns, as it comes; "
    "Redis documents that SCAN may return an element more than once (the SCAN command's "
    "guarantees: 'A given element may be returned multiple times'), as when the server "
    "shrinks its key table between two SCAN calls"
)
LISTING_REPEATS_KEYS: Final = Finding(
    id="redis-store/listing-repeats-keys",
    clauses=("store.keys.all",),
    summary=(
        "a listing can yield a key twice: yield_keys passes on SCAN's repeats, which Redis "
        "returns when the server resizes its key table during the listing, as it does "
        "after many keys of any client in the database were deleted"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"^AssertionError",
        tests=("test_every_key_exactly_once", "test_large_listing_lists_every_key_once"),
    ),
    reproduction=(
        "import time\n"
        "import redis\n"
        "from langchain_community.storage import RedisStore\n"
        "client = redis.Redis(db=14)  # a database of few keys\n"
        "s = RedisStore(client=client, namespace='demo')\n"
        "s.mset([(f'k{i}', b'v') for i in range(200)])\n"
        "others = [f'demo_other:{i}' for i in range(40_000)]  # another client's keys\n"
        "client.mset({k: b'v' for k in others})\n"
        "listing = s.yield_keys()\n"
        "listed = [next(listing) for _ in range(100)]\n"
        "client.delete(*others)  # the store's own keys do not change\n"
        "time.sleep(1.5)  # the server shrinks its key table in the background\n"
        "listed += list(listing)\n"
        "s.mdelete([f'k{i}' for i in range(200)])\n"
        "assert len(set(listed)) == 200 and len(listed) > 200, len(listed)  # a key twice\n"
    ),
    evidence=_SCAN_REPEATS,
    intermittent=True,
)
"""In the suite it shows when a listing meets the server's resize after an earlier test
deleted thousands of keys: seen under ``store.keys.all`` through the async API."""
STORE_FINDINGS: Final = (MDELETE_EMPTY_RAISES, PREFIX_IS_GLOB, LISTING_REPEATS_KEYS)

# -- RedisCache and AsyncRedisCache -------------------------------------------

_KEY = f"{CACHE_SOURCE}:391-394: `_RedisCacheBase._key` returns `_hash(prompt + llm_string)`"
_HSET = (
    f"{CACHE_SOURCE}:427-436: `_configure_pipeline_for_update` runs `HSET key` with fields "
    "'0'..'n-1' into the existing hash and never deletes its other fields"
)
_HGETALL = (
    f"{CACHE_SOURCE}:405-424: `_get_generations` appends the values in the order `HGETALL` "
    "returns the fields; a hash whose values exceed hash-max-listpack-value (64 bytes, and "
    "every serialised Generation does) is a hashtable, returned in hash order"
)
_EMPTY = (
    f"{CACHE_SOURCE}:430 and 424: `hset(key, mapping={{}})` raises DataError \"'hset' with no "
    'key value pairs", which update() logs and swallows; `_get_generations` returns '
    "`generations if generations else None`"
)
_FLUSHDB = f"{CACHE_SOURCE}:497-503: `clear()` runs `self.redis.flushdb(...)`"
_NO_NAMESPACE = (
    f"{CACHE_SOURCE}:391-394 and 445-474: the entry key is the bare MD5 hex digest, and the "
    "constructor takes no prefix or namespace"
)

HIT_IN_HASH_ORDER: Final = Finding(
    id="redis-cache/hit-in-hash-order",
    clauses=("cache.lookup.hit", "cache.model"),
    summary=(
        "a hit of several generations comes back in hash-table order, not the order "
        "stored: [first, second, '', last] reads back as [last, first, second, '']"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(message=r"^AssertionError"),
    reproduction=(
        _CACHE_SETUP + "stored = [Generation(text=t) for t in ('first', 'second', '', 'last')]\n"
        "c.update('p', 'l', stored)\n"
        "print([g.text for g in c.lookup('p', 'l')])  # ['last', 'first', 'second', '']"
    ),
    evidence=_HGETALL,
)
EMPTY_LIST_IS_MISS: Final = Finding(
    id="redis-cache/empty-list-is-a-miss",
    clauses=("cache.value.empty-list",),
    summary="update(p, l, []) stores nothing (logs 'Redis update failed'); lookup misses",
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"^AssertionError", tests=("test_empty_list_is_a_hit", "cache.value.empty-list:*")
    ),
    reproduction=_CACHE_SETUP + "c.update('p', 'l', [])\nassert c.lookup('p', 'l') is None",
    evidence=_EMPTY,
)
KEY_IS_CONCATENATION: Final = Finding(
    id="redis-cache/key-is-concatenation",
    clauses=("cache.key.distinct",),
    summary=(
        "pairs with equal concatenations share one entry: ('ab', 'c') and ('a', 'bc') "
        "read each other's value"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"^AssertionError",
        tests=("test_distinct_pairs_do_not_collide", "cache.key.distinct:*"),
    ),
    reproduction=(
        _CACHE_SETUP + "c.update('ab', 'c', [Generation(text='first')])\n"
        "assert c.lookup('a', 'bc') == [Generation(text='first')]"
    ),
    evidence=_KEY,
)
SHORTER_UPDATE_KEEPS_TAIL: Final = Finding(
    id="redis-cache/shorter-update-keeps-tail",
    clauses=("cache.update.replace", "cache.model"),
    summary=(
        "updating with a shorter list overwrites the first fields and keeps the rest: "
        "[a, b, c] then [z] reads back as z, b and c"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(message=r"^AssertionError"),
    reproduction=(
        _CACHE_SETUP + "c.update('p', 'l', [Generation(text=t) for t in 'abc'])\n"
        "c.update('p', 'l', [Generation(text='z')])\n"
        "assert len(c.lookup('p', 'l')) == 3"
    ),
    evidence=_HSET,
)
CLEAR_FLUSHES_DATABASE: Final = Finding(
    id="redis-cache/clear-flushes-database",
    clauses=("cache.clear.scope", "cache.isolation"),
    summary=(
        "clear() flushes the whole Redis database: every other cache's entries and every "
        "other key in it are gone"
    ),
    severity=Severity.DATA_LOSS,
    signature=Signature(
        message=r"vanished|after clear\(\)",
        tests=("test_clear_leaves_other_caches_alone", "<foreign data canary>"),
    ),
    reproduction=(
        _CACHE_SETUP + "c.redis.set('other-application', b'kept?')\n"
        "c.clear()\nassert c.redis.get('other-application') is None"
    ),
    evidence=_FLUSHDB,
)
NO_NAMESPACE: Final = Finding(
    id="redis-cache/no-namespace",
    clauses=("cache.isolation",),
    summary=(
        "two caches on one database share every entry: the key has no namespace, so a "
        "second cache finds what the first stored"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"^AssertionError", tests=("test_caches_in_distinct_namespaces_are_isolated",)
    ),
    reproduction=(
        _CACHE_SETUP + "other = RedisCache(redis.Redis(db=13))\n"
        "c.update('p', 'l', [Generation(text='first')])\n"
        "assert other.lookup('p', 'l') == [Generation(text='first')]"
    ),
    evidence=_NO_NAMESPACE,
)
CACHE_FINDINGS: Final = (
    HIT_IN_HASH_ORDER,
    EMPTY_LIST_IS_MISS,
    KEY_IS_CONCATENATION,
    SHORTER_UPDATE_KEEPS_TAIL,
    NO_NAMESPACE,
    CLEAR_FLUSHES_DATABASE,
)
"""``RedisCache`` and ``AsyncRedisCache`` share the code these findings rest on."""

_ASYNC_SETUP = (
    "import asyncio, redis.asyncio\n"
    "from langchain_community.cache import AsyncRedisCache\n"
    "from langchain_core.outputs import Generation\n"
    "c = AsyncRedisCache(redis.asyncio.Redis(db=13))  # an empty, throwaway database\n"
)
_SYNC_MISSING = (
    f"{CACHE_SOURCE}:543-585: AsyncRedisCache.lookup, update and clear raise "
    "NotImplementedError ('This async Redis cache does not implement `lookup()` method. "
    "Consider using the async `alookup()` version.')"
)
SYNC_API_NOT_IMPLEMENTED: Final = Finding(
    id="redis-cache-async/sync-api-not-implemented",
    clauses=("cache.async.equivalent", "cache.async.shared-state"),
    summary=(
        "the sync methods lookup(), update() and clear() raise NotImplementedError; only "
        "alookup, aupdate and aclear work"
    ),
    severity=Severity.PORTABILITY,
    signature=Signature(message=r"^NotImplementedError: This async Redis cache does not implement"),
    reproduction=(
        _ASYNC_SETUP + "try:\n"
        "    c.lookup('p', 'l')\n"
        "except NotImplementedError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('lookup worked')\n"
    ),
    evidence=_SYNC_MISSING,
)
ASYNC_CACHE_FINDINGS: Final = (*CACHE_FINDINGS, SYNC_API_NOT_IMPLEMENTED)
"""``AsyncRedisCache``: the adapter declares ``apis={"async"}``."""

# -- MemcachedCache -----------------------------------------------------------

_FLUSH_ALL = (
    f"{CACHE_SOURCE}:2357-2370: `clear()` calls `self.client.flush_all(delay, noreply)`, "
    "which empties the whole server"
)

MEMCACHED_KEY_IS_CONCATENATION: Final = Finding(
    id="memcached-cache/key-is-concatenation",
    clauses=("cache.key.distinct",),
    summary=(
        "pairs with equal concatenations share one entry: ('ab', 'c') and ('a', 'bc') "
        "read each other's value"
    ),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"^AssertionError",
        tests=("test_distinct_pairs_do_not_collide", "cache.key.distinct:*"),
    ),
    reproduction=(
        _MEMCACHED_SETUP + "c.update('ab', 'c', [Generation(text='first')])\n"
        "assert c.lookup('a', 'bc') == [Generation(text='first')]\n"
        "c.clear()"
    ),
    evidence=(
        f"{CACHE_SOURCE}:2333 and 2343: lookup and update use `key = _hash(prompt + llm_string)`"
    ),
)
MEMCACHED_CLEAR_FLUSHES_SERVER: Final = Finding(
    id="memcached-cache/clear-flushes-server",
    clauses=("cache.clear.scope", "cache.isolation"),
    summary=(
        "clear() sends flush_all, which empties the whole memcached server: the entries "
        "of caches in other namespaces (other key_prefix clients) and all other data"
    ),
    severity=Severity.DATA_LOSS,
    signature=Signature(
        message=r"vanished|after clear\(\)",
        tests=("test_clear_leaves_other_caches_alone", "<foreign data canary>"),
    ),
    reproduction=(
        _MEMCACHED_SETUP + "other = Client(('127.0.0.1', 11311), key_prefix=b'other:')\n"
        "other.set('k', 'v', noreply=False)\n"
        "Client(('127.0.0.1', 11311)).set('foreign', 'v', noreply=False)\n"
        "c.clear()  # flush_all without waiting for the reply\n"
        "c.lookup('p', 'l')  # one more request on that connection: the flush is done\n"
        "assert other.get('k') is None\n"
        "assert Client(('127.0.0.1', 11311)).get('foreign') is None"
    ),
    evidence=_FLUSH_ALL,
)
MEMCACHED_FINDINGS: Final = (MEMCACHED_KEY_IS_CONCATENATION, MEMCACHED_CLEAR_FLUSHES_SERVER)
