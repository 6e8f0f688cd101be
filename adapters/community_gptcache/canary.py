"""Foreign map files planted beside the namespaces' directories, checked after a run.

A directory in the system's temporary directory, where the suite also creates namespace
directories, laid out as an instance's namespace is: a directory per ``llm_string`` the
suite uses, named after its SHA-256 and holding a ``data_map.txt`` with a foreign entry,
and a top-level ``data_map.txt`` and files named after ``llm_string``s, as GPTCache's
default data manager would write them. No file may change, vanish or appear.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Final

from storespec.adapters import file_canary
from storespec.adapters.community_gptcache.data_dirs import data_dir

LLM_STRINGS: Final = ("l", "llm", "l0", "other", "")
"""``llm_string``s the conformance tests use."""

MAP_FILE: Final = "data_map.txt"
"""The file name of gptcache's map data manager."""


def _map_bytes(llm_string: str) -> bytes:
    """A map file with one foreign entry, as gptcache's map data manager pickles it."""
    return pickle.dumps({"p": ("p", f"foreign answer for {llm_string!r}", "p", set())})


class MapFileCanary(file_canary.FileCanary):
    """Map files of a foreign cache in the temporary directory, beside the namespaces."""

    def populate(self, root: Path) -> None:
        """A map file per llm_string laid out as an instance's, and GPTCache's default files."""
        (root / MAP_FILE).write_bytes(_map_bytes("default"))
        for llm_string in LLM_STRINGS:
            folder = data_dir(root, llm_string)
            folder.mkdir()
            (folder / MAP_FILE).write_bytes(_map_bytes(llm_string))
            if llm_string:
                (root / llm_string).write_bytes(_map_bytes(llm_string))
