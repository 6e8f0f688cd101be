"""The Redis scratch database the flushing caches run in.

``RedisCache.clear`` and ``AsyncRedisCache.aclear`` run ``FLUSHDB``, and both caches
store every entry under ``md5(prompt + llm_string)``, with no namespace. So:

- they run only in the scratch database (``STORESPEC_REDIS_SCRATCH_DB``, default 13),
  never in the shared one;
- before a process first uses it, the scratch database must hold no key but a
  canary's: any other key is foreign data, and the backend is not run;
- one process at a time uses it (``lease``), so a ``clear()`` in one xdist worker
  never wipes the entries of a test running in another; tests queue instead. One
  database per worker was the alternative, but it needs as many free databases as
  workers and still lets two runs on one machine collide;
- when the process lets go of it, it deletes the keys that appeared while it held the
  database and have the shape of a cache entry (32 hex digits), and nothing else.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from storespec.adapters.community_redis import redis_server
from storespec.adapters.community_redis.canaries import is_canary
from storespec.adapters.community_redis.lease import ExclusiveLease, LeaseTimeout

if TYPE_CHECKING:
    import redis

ENTRY_KEY: Final = re.compile(rb"[0-9a-f]{32}")
"""The keys ``RedisCache`` writes: ``hashlib.md5(...).hexdigest()``."""


class ForeignData(RuntimeError):
    """The scratch database holds keys the suite did not create."""


class ScratchDatabase:
    """One scratch database, held by one process at a time."""

    def __init__(self, db: int) -> None:
        self.db = db
        self.lease = ExclusiveLease(
            f"redis-{redis_server.address()}-db{db}", on_first=self._take, on_last=self._give_back
        )
        self._before: set[bytes] = set()
        self._admin: redis.Redis | None = None

    def _connection(self) -> redis.Redis:
        """The client the suite itself uses on the database (kept: connecting is slow)."""
        if self._admin is None:
            self._admin = redis_server.client(self.db)
        return self._admin

    def keys(self) -> set[bytes]:
        """Every key in the database."""
        return set(self._connection().scan_iter(count=1000))

    def foreign(self, keys: set[bytes] | None = None) -> list[bytes]:
        """Keys that no canary planted (meaningful only before this process writes)."""
        return sorted(k for k in (self.keys() if keys is None else keys) if not is_canary(k))

    def _take(self) -> None:
        keys = self.keys()
        found = self.foreign(keys)
        if found:
            raise ForeignData(self.message(found))
        self._before = keys

    def _give_back(self) -> None:
        created = [k for k in self.keys() - self._before if ENTRY_KEY.fullmatch(k)]
        if created:
            self._connection().delete(*created)

    def message(self, found: list[bytes]) -> str:
        """The one-line reason the database cannot be used."""
        return (
            f"Redis DB {self.db} at {redis_server.address()} holds foreign data ({len(found)} "
            f"keys the suite did not create, e.g. {found[0]!r}); RedisCache.clear() runs "
            f"FLUSHDB, so it needs a database of its own: empty DB {self.db} or set "
            f"{redis_server.SCRATCH_DB} to an empty one"
        )

    def unavailable(self) -> str | None:
        """Why the database cannot be used now, or None."""

        def check() -> str | None:
            found = self.foreign()
            return self.message(found) if found else None

        if self.lease.held:
            return None
        try:
            return self.lease.briefly(check)
        except LeaseTimeout as exc:
            return str(exc)


_DATABASES: dict[tuple[str, int], ScratchDatabase] = {}


def scratch() -> ScratchDatabase:
    """The configured scratch database (ValueError if the setting is invalid)."""
    db = redis_server.scratch_db()
    key = (redis_server.address(), db)
    if key not in _DATABASES:
        _DATABASES[key] = ScratchDatabase(db)
    return _DATABASES[key]
