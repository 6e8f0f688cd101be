"""Where each ``llm_string``'s GPTCache keeps its files: a directory of the namespace's own.

``GPTCache`` opens one ``gptcache.Cache`` per ``llm_string`` and lets an init function set
it up. Left to itself it uses ``get_data_manager(data_path=llm_string)``: a map file named
after the ``llm_string``, in the working directory. The adapter therefore always passes an
init function, which gives each ``llm_string`` gptcache's exact-match map data manager in a
directory named after the SHA-256 of the ``llm_string``: distinct ``llm_string``s never
share a directory, any ``llm_string`` gives a valid file name, and every file stays inside
the namespace's directory.

gptcache registers an exit hook per ``gptcache.Cache`` that flushes its map to disk when
the interpreter exits, long after the suite has removed the namespace. Once an instance is
torn down, :meth:`MapCacheInit.detach` makes its caches write nothing more.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any


def data_dir(root: Path, llm_string: str) -> Path:
    """The directory of ``llm_string``'s entries under ``root``: one per ``llm_string``."""
    return root / hashlib.sha256(llm_string.encode("utf-8")).hexdigest()


class Detached:
    """A data manager that holds nothing and writes nothing: what a torn-down cache keeps."""

    def flush(self) -> None:
        """Write nothing."""

    def close(self) -> None:
        """Write nothing."""


class MapCacheInit:
    """Sets up each ``llm_string``'s ``gptcache.Cache`` as ``GPTCache``'s docstring
    recommends: the prompt as the key, an exact-match map data manager, and files that
    stay under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._caches: list[Any] = []

    def __call__(self, cache_obj: Any, llm_string: str) -> None:
        from gptcache.manager import manager_factory  # type: ignore[import-untyped]
        from gptcache.processor.pre import get_prompt  # type: ignore[import-untyped]

        cache_obj.init(
            pre_embedding_func=get_prompt,
            data_manager=manager_factory("map", data_dir=str(data_dir(self.root, llm_string))),
        )
        self._caches.append(cache_obj)

    def detach(self) -> None:
        """From now on, no cache this function set up writes anything, not even at exit."""
        for cache_obj in self._caches:
            cache_obj.data_manager = Detached()
        self._caches.clear()
