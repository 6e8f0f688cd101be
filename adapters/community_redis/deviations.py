"""The clauses these backends break, each confirmed by a run and by the upstream source.

Line numbers are those of langchain-community 0.4.2 (``langchain_community/...``).
Every reproduction runs against a local Redis or memcached server; the ones that
call ``clear()`` use a throwaway database (Redis DB 13) or server, because they flush it.
"""

from __future__ import annotations

from typing import Final

from storespec.conformance.deviation import Deviation, by_clause

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

STORE_DEVIATIONS: Final = by_clause(
    Deviation(
        clause="store.mdelete.empty",
        observed=(
            "mdelete([]) raises redis.exceptions.ResponseError: wrong number of arguments "
            "for 'del' command"
        ),
        reproduction=_STORE_SETUP + "s.mdelete([])  # ResponseError",
        evidence=_EMPTY_DEL,
    ),
    Deviation(
        clause="store.keys.prefix",
        observed=(
            "yield_keys(prefix=p) lists only the key equal to p, not the keys that start "
            "with p: the prefix becomes a SCAN MATCH pattern without a trailing '*'"
        ),
        reproduction=(
            _STORE_SETUP + "s.mset([('user', b'1'), ('user:1', b'2')])\n"
            "assert list(s.yield_keys(prefix='user')) == ['user']  # 'user:1' is missing"
        ),
        evidence=_PREFIX_EXACT,
    ),
    Deviation(
        clause="store.keys.prefix-literal",
        observed=(
            "the prefix is a Redis glob pattern: yield_keys(prefix='a*') lists 'a', 'a1' and "
            "'ab'; '?', '[ab]' and '\\' are wildcards or escapes too; and a literal prefix "
            "such as 'Ab' lists only the key 'Ab' itself"
        ),
        reproduction=(
            _STORE_SETUP + "s.mset([('a', b'1'), ('ab', b'2'), ('a*b', b'3')])\n"
            "assert sorted(s.yield_keys(prefix='a*')) == ['a', 'a*b', 'ab']"
        ),
        evidence=_PREFIX_EXACT + "; SCAN MATCH treats * ? [ ] \\ as glob syntax",
    ),
    Deviation(
        clause="store.async.equivalent",
        observed=(
            "amdelete([]) raises ResponseError like mdelete([]) (the default async twin runs "
            "the sync method)"
        ),
        reproduction=_STORE_SETUP + "import asyncio\nasyncio.run(s.amdelete([]))  # ResponseError",
        evidence=_EMPTY_DEL,
    ),
    Deviation(
        clause="store.model",
        observed=(
            "random operation sequences diverge from the reference at mdelete([]) (raises) "
            "and at yield_keys with a prefix (exact-match glob instead of a literal prefix)"
        ),
        reproduction=_STORE_SETUP + "s.mdelete([])  # ResponseError",
        evidence=f"{_EMPTY_DEL}; {_PREFIX_EXACT}",
    ),
)

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

_CACHE_COMMON = (
    Deviation(
        clause="cache.lookup.hit",
        observed=(
            "a hit of several generations comes back in hash-table order, not the order "
            "stored: [first, second, '', last] reads back as [last, first, second, '']"
        ),
        reproduction=(
            _CACHE_SETUP
            + "stored = [Generation(text=t) for t in ('first', 'second', '', 'last')]\n"
            "c.update('p', 'l', stored)\n"
            "print([g.text for g in c.lookup('p', 'l')])  # ['last', 'first', 'second', '']"
        ),
        evidence=_HGETALL,
    ),
    Deviation(
        clause="cache.value.empty-list",
        observed="update(p, l, []) stores nothing (logs 'Redis update failed'); lookup misses",
        reproduction=_CACHE_SETUP + "c.update('p', 'l', [])\nassert c.lookup('p', 'l') is None",
        evidence=_EMPTY,
    ),
    Deviation(
        clause="cache.key.distinct",
        observed=(
            "pairs with equal concatenations share one entry: ('ab', 'c') and ('a', 'bc') "
            "read each other's value"
        ),
        reproduction=(
            _CACHE_SETUP + "c.update('ab', 'c', [Generation(text='first')])\n"
            "assert c.lookup('a', 'bc') == [Generation(text='first')]"
        ),
        evidence=_KEY,
    ),
    Deviation(
        clause="cache.update.replace",
        observed=(
            "updating with a shorter list overwrites the first fields and keeps the rest: "
            "[a, b, c] then [z] reads back as z, b and c"
        ),
        reproduction=(
            _CACHE_SETUP + "c.update('p', 'l', [Generation(text=t) for t in 'abc'])\n"
            "c.update('p', 'l', [Generation(text='z')])\n"
            "assert len(c.lookup('p', 'l')) == 3"
        ),
        evidence=_HSET,
    ),
    Deviation(
        clause="cache.clear.scope",
        observed=(
            "clear() flushes the whole Redis database: every other cache's entries and every "
            "other key in it are gone"
        ),
        reproduction=(
            _CACHE_SETUP + "c.redis.set('other-application', b'kept?')\n"
            "c.clear()\nassert c.redis.get('other-application') is None"
        ),
        evidence=_FLUSHDB,
    ),
    Deviation(
        clause="cache.isolation",
        observed=(
            "two caches on one database share every entry: the key has no namespace, so a "
            "second cache finds what the first stored"
        ),
        reproduction=(
            _CACHE_SETUP + "other = RedisCache(redis.Redis(db=13))\n"
            "c.update('p', 'l', [Generation(text='first')])\n"
            "assert other.lookup('p', 'l') == [Generation(text='first')]"
        ),
        evidence=_NO_NAMESPACE,
    ),
)

CACHE_DEVIATIONS: Final = by_clause(
    *_CACHE_COMMON,
    Deviation(
        clause="cache.async.equivalent",
        observed=(
            "the async twins run the sync methods and inherit their faults: after aupdate "
            "of [one, two] and then of [three], alookup returns [three, two]"
        ),
        reproduction=(
            _CACHE_SETUP + "import asyncio\n"
            "asyncio.run(c.aupdate('p', 'l', [Generation(text='one'), Generation(text='two')]))\n"
            "asyncio.run(c.aupdate('p', 'l', [Generation(text='three')]))\n"
            "print(asyncio.run(c.alookup('p', 'l')))  # three and two"
        ),
        evidence=_HSET,
    ),
    Deviation(
        clause="cache.model",
        observed=(
            "random operation sequences diverge from the reference: a shorter update keeps "
            "the old tail, and a hit comes back in hash-table order"
        ),
        reproduction=(
            _CACHE_SETUP + "c.update('p', 'l', [Generation(text=t) for t in ('', '', '', '0')])\n"
            "print(c.lookup('p', 'l'))  # '0' first"
        ),
        evidence=f"{_HSET}; {_HGETALL}",
    ),
)

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
_SYNC_RAISES = (
    "the sync methods lookup(), update() and clear() raise NotImplementedError; only "
    "alookup, aupdate and aclear work"
)


def _sync_raises(clause: str, also: str = "") -> Deviation:
    """A clause that fails first because a sync method raises NotImplementedError."""
    observed = _SYNC_RAISES + (f"; {also}" if also else "")
    return Deviation(
        clause=clause,
        observed=observed,
        reproduction=_ASYNC_SETUP + "c.lookup('p', 'l')  # NotImplementedError",
        evidence=_SYNC_MISSING,
    )


ASYNC_CACHE_DEVIATIONS: Final = by_clause(
    _sync_raises("cache.lookup.miss"),
    _sync_raises("cache.lookup.hit", "through alookup, a hit comes back in hash-table order"),
    _sync_raises("cache.value.chat"),
    _sync_raises("cache.value.empty-list", "aupdate(p, l, []) stores nothing"),
    _sync_raises("cache.value.aliasing", "so the suite cannot observe aliasing"),
    _sync_raises("cache.key.exact"),
    _sync_raises(
        "cache.key.distinct", "the key is md5(prompt + llm_string), so ('ab', 'c') = ('a', 'bc')"
    ),
    _sync_raises("cache.key.domain"),
    _sync_raises("cache.update.replace", "aupdate with a shorter list keeps the old tail"),
    _sync_raises("cache.clear.all"),
    _sync_raises("cache.clear.scope", "aclear() flushes the whole Redis database (FLUSHDB)"),
    _sync_raises("cache.clear.kwargs"),
    _sync_raises("cache.async.shared-state"),
    _sync_raises("cache.isolation", "the key has no namespace: two caches share entries"),
    _sync_raises("cache.persistence"),
    _sync_raises("cache.model"),
    Deviation(
        clause="cache.async.equivalent",
        observed=(
            "aupdate with a shorter list keeps the old tail: after aupdate of [one, two] and "
            "then of [three], alookup returns [three, two]"
        ),
        reproduction=(
            _ASYNC_SETUP + "async def main():\n"
            "    await c.aupdate('p', 'l', [Generation(text='one'), Generation(text='two')])\n"
            "    await c.aupdate('p', 'l', [Generation(text='three')])\n"
            "    print(await c.alookup('p', 'l'))  # three and two\n"
            "asyncio.run(main())"
        ),
        evidence=_HSET,
    ),
)

# -- MemcachedCache -----------------------------------------------------------

_FLUSH_ALL = (
    f"{CACHE_SOURCE}:2357-2370: `clear()` calls `self.client.flush_all(delay, noreply)`, "
    "which empties the whole server"
)

MEMCACHED_DEVIATIONS: Final = by_clause(
    Deviation(
        clause="cache.key.distinct",
        observed=(
            "pairs with equal concatenations share one entry: ('ab', 'c') and ('a', 'bc') "
            "read each other's value"
        ),
        reproduction=(
            _MEMCACHED_SETUP + "c.update('ab', 'c', [Generation(text='first')])\n"
            "assert c.lookup('a', 'bc') == [Generation(text='first')]"
        ),
        evidence=(
            f"{CACHE_SOURCE}:2333 and 2343: lookup and update use `key = _hash(prompt + "
            "llm_string)`"
        ),
    ),
    Deviation(
        clause="cache.clear.scope",
        observed=(
            "clear() sends flush_all, which empties the whole memcached server: the entries "
            "of caches in other namespaces (other key_prefix clients) and all other data"
        ),
        reproduction=(
            _MEMCACHED_SETUP + "other = Client(('127.0.0.1', 11311), key_prefix=b'other:')\n"
            "other.set('k', 'v', noreply=False)\n"
            "c.clear()\nassert other.get('k') is None"
        ),
        evidence=_FLUSH_ALL,
    ),
    Deviation(
        clause="cache.isolation",
        observed=(
            "data planted on the server outside every namespace does not survive clear(): "
            "flush_all removes it (instances in distinct namespaces do not see each other's "
            "entries, thanks to the client's key_prefix)"
        ),
        reproduction=(
            _MEMCACHED_SETUP + "Client(('127.0.0.1', 11311)).set('foreign', 'v', noreply=False)\n"
            "c.clear()\nassert Client(('127.0.0.1', 11311)).get('foreign') is None"
        ),
        evidence=_FLUSH_ALL,
    ),
)
