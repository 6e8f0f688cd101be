"""Foreign files planted beside the namespaces' directories, which no run may touch.

The canary is a directory in the system's temporary directory, where the suite also
creates namespace directories, so a backend that escaped its namespace would plausibly
write, change or delete there. Each adapter family fills it with files shaped like its
own; no file may change, vanish or appear during the run.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
import tempfile
from pathlib import Path


class FileCanary:
    """A directory of foreign files; :meth:`populate` writes them."""

    def __init__(self, label: str = "") -> None:
        prefix = f"storespec_canary_{label}_" if label else "storespec_canary_"
        self.root = Path(tempfile.gettempdir()) / f"{prefix}{secrets.token_hex(6)}"
        self._digests: dict[str, str] = {}

    def populate(self, root: Path) -> None:
        """Write the foreign files below ``root``, which exists and is empty."""
        raise NotImplementedError

    def plant(self) -> None:
        """Create the directory, write the files and remember their digests."""
        self.root.mkdir()
        self.populate(self.root)
        self._digests = self._digest()

    def _digest(self) -> dict[str, str]:
        return {
            path.relative_to(self.root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.root.rglob("*"))
            if path.is_file()
        }

    def check(self) -> list[str]:
        """One line per file that changed, vanished or appeared."""
        if not self.root.is_dir():
            return [f"the directory {self.root} vanished"]
        found = self._digest()
        damage: list[str] = []
        for name in sorted(set(found) | set(self._digests)):
            before, after = self._digests.get(name), found.get(name)
            if before is None:
                damage.append(f"{self.root / name} appeared")
            elif after is None:
                damage.append(f"{self.root / name} vanished")
            elif before != after:
                damage.append(f"{self.root / name} changed")
        return damage

    def remove(self) -> None:
        """Remove the directory, which holds only what :meth:`plant` wrote."""
        shutil.rmtree(self.root, ignore_errors=True)
