"""Foreign data planted beside the namespaces, on the Redis and memcached servers.

The keys imitate what a careless backend would touch: a plain string and a hash, a
key shaped like another application's ``RedisStore`` namespace (``ss_canary/key``), a
key made of a glob metacharacter (``*``), and an entry shaped like a hashed cache key
(32 hex digits). None of them lies inside a namespace: every namespace token is
``ss_<worker>_<16 hex digits>``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Final

from storespec.adapters.community_redis import redis_server

PREFIX: Final = "storespec_canary:"
"""Keys that start with this are foreign data planted by storespec's own tests."""

HASHED_KEY: Final = hashlib.md5(b"storespec canary").hexdigest()
"""A key of the shape ``RedisCache`` and ``MemcachedCache`` give their entries."""

REDIS_STRINGS: Final[Mapping[str, bytes]] = {
    "storespec_canary:string": b"\x00canary\xff",
    "ss_canary/key": b"another application's namespace",
    "*": b"a key named like a glob",
}
REDIS_HASHES: Final[Mapping[str, Mapping[bytes, bytes]]] = {
    "storespec_canary:hash": {b"0": b"first", b"1": b"second"},
    HASHED_KEY: {b"0": b'{"lc": 1, "type": "not", "id": ["canary"]}'},
}
REDIS_KEYS: Final = frozenset(key.encode() for key in (*REDIS_STRINGS.keys(), *REDIS_HASHES.keys()))
"""Every Redis key a canary plants: the only keys the scratch database may hold that
the suite did not create in this run."""

MEMCACHED_VALUES: Final[Mapping[str, bytes]] = {
    "storespec_canary:string": b"\x00canary\xff",
    f"ss_canary:{HASHED_KEY}": b"another application's cache entry",
    HASHED_KEY: b"an unprefixed cache entry",
}
MEMCACHED_KEYS: Final = frozenset(key.encode() for key in MEMCACHED_VALUES)
"""Every memcached key a canary plants."""


def is_canary(key: bytes) -> bool:
    """Whether ``key`` is storespec's planted foreign data: a canary's key, or one under
    ``PREFIX``. These are the only keys the suite's own databases may hold that the
    suite did not create in this run."""
    return key in REDIS_KEYS or key in MEMCACHED_KEYS or key.startswith(PREFIX.encode())


class RedisCanary:
    """Planted keys in each of ``dbs`` on the configured Redis server."""

    def __init__(self, dbs: tuple[int, ...]) -> None:
        self.dbs = tuple(dict.fromkeys(dbs))

    def plant(self) -> None:
        """Write every canary key into each database, replacing an older canary's."""
        for db in self.dbs:
            with redis_server.client(db) as connection:
                pipe = connection.pipeline()
                for key, value in REDIS_STRINGS.items():
                    pipe.set(key, value)
                for key, fields in REDIS_HASHES.items():
                    pipe.delete(key)
                    pipe.hset(key, mapping=dict(fields))
                pipe.execute()

    def check(self) -> list[str]:
        """One line per canary key that vanished or changed, naming its database."""
        problems: list[str] = []
        for db in self.dbs:
            with redis_server.client(db) as connection:
                for key, value in REDIS_STRINGS.items():
                    found = connection.get(key)
                    if found != value:
                        problems.append(_problem(db, key, found))
                for key, fields in REDIS_HASHES.items():
                    found_fields = connection.hgetall(key) or None
                    if found_fields != fields:
                        problems.append(_problem(db, key, found_fields))
        return problems

    def remove(self) -> None:
        """Delete exactly the canary keys, in each database."""
        for db in self.dbs:
            with redis_server.client(db) as connection:
                connection.delete(*REDIS_STRINGS, *REDIS_HASHES)


class MemcachedCanary:
    """Planted entries on the suite's memcached server."""

    def plant(self) -> None:
        """Write every canary entry, without expiry."""
        from storespec.adapters.community_redis import memcached

        with memcached.client() as connection:
            for key, value in MEMCACHED_VALUES.items():
                connection.set(key, value, noreply=False)

    def check(self) -> list[str]:
        """One line per canary entry that vanished or changed."""
        from storespec.adapters.community_redis import memcached

        problems: list[str] = []
        with memcached.client() as connection:
            for key, value in MEMCACHED_VALUES.items():
                found = connection.get(key)
                if found != value:
                    problems.append(_problem(None, key, found))
        return problems

    def remove(self) -> None:
        """Delete exactly the canary entries."""
        from storespec.adapters.community_redis import memcached

        with memcached.client() as connection:
            for key in MEMCACHED_VALUES:
                connection.delete(key, noreply=False)


def _problem(db: int | None, key: str, found: object) -> str:
    where = "memcached" if db is None else f"redis db {db}"
    what = "vanished" if found is None else f"changed to {found!r:.60}"
    return f"{where}: canary key {key!r} {what}"
