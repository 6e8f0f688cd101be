"""The namespace that isolates one backend instance the suite creates."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Namespace:
    """Where one instance lives: everything it writes must stay inside.

    ``token`` is unique per run, test and worker, made of ``[a-z0-9_]`` and at
    most 40 characters, so it fits a key prefix, a table name or a file name.
    ``path`` is an empty directory that the suite created for this namespace
    and removes afterwards.
    """

    token: str
    path: Path

    @staticmethod
    def new_token(label: str = "") -> str:
        """A fresh token: ``ss_<worker>_<random>``."""
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        safe = "".join(c for c in f"{worker}{label}".lower() if c.isalnum())[:12]
        return f"ss_{safe}_{secrets.token_hex(8)}"
