"""Foreign data planted beside the namespaces on the JSON-capable Redis server.

The keys imitate what a careless cache would touch: a plain string, a key named like
a glob (``*``), and JSON entries shaped like another ``RedisCache``'s, one under the
class's default prefix ``redis`` and one under a foreign namespace. None of them lies
inside a namespace: every token is ``ss_<worker>_<16 hex digits>``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, Final

from storespec.adapters.langchain_redis import server

_HASH: Final = hashlib.md5(b"storespec canary").hexdigest()

STRINGS: Final[Mapping[str, bytes]] = {
    "storespec_canary:string": b"\x00canary\xff",
    "*": b"a key named like a glob",
}
DOCUMENTS: Final[Mapping[str, list[dict[str, Any]]]] = {
    f"redis:{_HASH}:{_HASH}": [{"lc": 1, "type": "not", "id": ["default", "prefix"]}],
    f"ss_canary:{_HASH}:{_HASH}": [{"lc": 1, "type": "not", "id": ["other", "namespace"]}],
}


class JsonRedisCanary:
    """Strings and JSON documents on the server, outside every namespace."""

    def plant(self) -> None:
        """Write every canary key, replacing an older canary's."""
        with server.client() as connection:
            for key, value in STRINGS.items():
                connection.set(key, value)
            for key, document in DOCUMENTS.items():
                connection.json().set(key, "$", document)

    def check(self) -> list[str]:
        """One line per canary key that vanished or changed."""
        problems: list[str] = []
        with server.client() as connection:
            for key, value in STRINGS.items():
                found: Any = connection.get(key)
                if found != value:
                    problems.append(_problem(key, found))
            for key, document in DOCUMENTS.items():
                found = connection.json().get(key) if connection.exists(key) else None
                if found != document:
                    problems.append(_problem(key, found))
        return problems

    def remove(self) -> None:
        """Delete exactly the canary keys."""
        with server.client() as connection:
            connection.delete(*STRINGS, *DOCUMENTS)


def _problem(key: str, found: object) -> str:
    what = "vanished" if found is None else f"changed to {found!r:.60}"
    return f"redis {server.address()}: canary key {key!r} {what}"
