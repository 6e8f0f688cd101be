"""``LocalFileStore``: one file per key under the namespace's directory.

The store's root is ``namespace.path``, a directory the suite creates empty and
removes, so a second store opened on the same namespace reads the same files
(``persistence``) and teardown has nothing to remove. Keys are paths relative
to that root: the store accepts only the characters ``[a-zA-Z0-9_.-/]`` and
rejects keys that resolve outside the root. The declared key domain is one file
name per key: keys with ``/`` name nested files and do not stay distinct
(``a/b/`` and ``a//b`` are the file ``a/b``), which is declared as a deviation
of ``store.key.outside-domain``.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from storespec.adapters import file_canary
from storespec.adapters.servers import missing_module
from storespec.conformance.adapter import Adapter
from storespec.conformance.capabilities import PERSISTENCE
from storespec.conformance.deviation import Deviation
from storespec.conformance.domains import BYTES, Domain, text
from storespec.conformance.namespace import Namespace

if TYPE_CHECKING:
    from langchain_classic.storage import LocalFileStore

SOURCE = "langchain_classic/storage/file_system.py"
"""The module of ``LocalFileStore`` (langchain-classic 1.0.8); line numbers below refer to it."""

KEY_ALPHABET = string.ascii_letters + string.digits + "_.-"
"""The characters ``_get_full_path`` accepts (``re.match(r"^[a-zA-Z0-9_.\\-/]+$", key)``),
less ``/``: a ``/`` makes the key a path, and paths collide (see ``store.key.outside-domain``)."""

NAME_MAX = 255
"""The longest file name the usual file systems accept."""

_NAMES = text(alphabet=KEY_ALPHABET, min_size=1, max_size=NAME_MAX)
_DIRECTORY_NAMES = (".", "..")


def _holds(key: Any) -> bool:
    """Whether ``key`` is one file name below the root: not ``.`` (the root), not ``..``."""
    return _NAMES.contains(key) and key not in _DIRECTORY_NAMES


KEYS: Domain[str] = Domain(
    "file names of [a-zA-Z0-9_.-], 1 to 255 characters, not '.' or '..'",
    _holds,
    lambda: _NAMES.strategy().filter(lambda key: key not in _DIRECTORY_NAMES),
    ("a", "key", "Key", "a.b", "a_b", "a-b", "...", "x" * NAME_MAX),
    (*_NAMES.narrower, "not '.' or '..'"),
)
"""The keys ``LocalFileStore`` holds as distinct keys: one file name each. It also
accepts keys with ``/``, as paths to nested files, but those do not stay distinct.
On a case-insensitive file system, keys that differ only in case would collide too;
the domain assumes a case-sensitive one, as Linux file systems are."""


def available() -> str | None:
    """None when langchain-classic imports, else the one-line reason."""
    if missing_module("langchain_classic") is None:
        return None
    return "needs langchain-classic (pip install 'storespec[classic]')"


def factory(namespace: Namespace, **options: Any) -> LocalFileStore:
    """A ``LocalFileStore`` rooted at the namespace's directory; the suite removes it."""
    from langchain_classic.storage import LocalFileStore

    return LocalFileStore(namespace.path)


class FileCanary(file_canary.FileCanary):
    """Files planted in the system temporary directory, beside the namespaces' directories.

    Namespaces the suite creates outside a test's own temporary directory live in the
    same place, so a store that escaped its root would plausibly write or delete here.
    """

    FILES: Final = {"a": b"canary value", "dir/nested": b"\x00nested\xff", "key": b""}

    def __init__(self) -> None:
        super().__init__("localfilestore")

    def populate(self, root: Path) -> None:
        """Files named like keys, one in a subdirectory, one empty."""
        for name, content in self.FILES.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


_DIRECTORY_PREFIX = (
    "yield_keys(prefix=p) lists the files below the directory root/p instead of the keys "
    "that start with p, so for file-name keys every non-empty prefix lists nothing: "
    "prefix 'a' lists neither 'a' nor 'ab'"
)
_DIRECTORY_EVIDENCE = (
    f"{SOURCE}:160-164: `prefix_path = self._get_full_path(prefix) if prefix else "
    "self.root_path` then `for file in prefix_path.rglob('*')`"
)
_PREFIX_REPRODUCTION = (
    "import tempfile\n"
    "from langchain_classic.storage import LocalFileStore\n"
    "with tempfile.TemporaryDirectory() as root:\n"
    "    store = LocalFileStore(root)\n"
    "    store.mset([('a', b'1'), ('ab', b'2'), ('a_1', b'3')])\n"
    "    assert list(store.yield_keys(prefix='a')) == []  # expected a, ab, a_1\n"
    "    assert list(store.yield_keys(prefix='a_')) == []  # expected a_1"
)

DEVIATIONS = {
    "store.keys.prefix": Deviation(
        clause="store.keys.prefix",
        observed=_DIRECTORY_PREFIX,
        reproduction=_PREFIX_REPRODUCTION,
        evidence=_DIRECTORY_EVIDENCE,
    ),
    "store.keys.prefix-literal": Deviation(
        clause="store.keys.prefix-literal",
        observed=_DIRECTORY_PREFIX + "; so 'a_', 'a.' and 'Ab' match nothing either",
        reproduction=_PREFIX_REPRODUCTION,
        evidence=_DIRECTORY_EVIDENCE,
    ),
    "store.async.equivalent": Deviation(
        clause="store.async.equivalent",
        observed="ayield_keys inherits the prefix listing of yield_keys: " + _DIRECTORY_PREFIX,
        reproduction=_PREFIX_REPRODUCTION,
        evidence=_DIRECTORY_EVIDENCE,
    ),
    "store.model": Deviation(
        clause="store.model",
        observed=_DIRECTORY_PREFIX,
        reproduction=_PREFIX_REPRODUCTION,
        evidence=_DIRECTORY_EVIDENCE,
    ),
    "store.key.outside-domain": Deviation(
        clause="store.key.outside-domain",
        observed=(
            "accepts keys with '/' as paths to nested files, and stores non-canonical paths "
            "altered: 'a/b/', 'a//b' and 'a/./b' all become the file 'a/b', listed back as "
            "'a/b'; a key that ends in one newline ('k\\n') passes the character check "
            "meant to allow only [a-zA-Z0-9_.-/], because `$` in re.match matches before a "
            "trailing newline"
        ),
        reproduction=(
            "import tempfile\n"
            "from langchain_classic.storage import LocalFileStore\n"
            "with tempfile.TemporaryDirectory() as root:\n"
            "    store = LocalFileStore(root)\n"
            "    store.mset([('a/b/', b'1'), ('a//b', b'2'), ('k\\n', b'3')])  # no exception\n"
            "    assert sorted(store.yield_keys()) == ['a/b', 'k\\n']\n"
            "    assert store.mget(['a/b']) == [b'2']"
        ),
        evidence=(
            f'{SOURCE}:74: `if not re.match(r"^[a-zA-Z0-9_.\\-/]+$", key):`; '
            f"{SOURCE}:77: `full_path = (self.root_path / key).resolve()`; "
            f"{SOURCE}:163-164 list `str(file.relative_to(self.root_path))`"
        ),
    ),
}
"""Deviations found by running the suite; each is confirmed in the upstream source."""

ADAPTER = Adapter(
    name="langchain-classic-localfilestore",
    kind="store",
    factory=factory,
    keys=KEYS,
    values=BYTES,
    capabilities=frozenset({PERSISTENCE}),
    deviations=DEVIATIONS,
    packages=("langchain-classic", "langchain-core"),
    available=available,
    canary=FileCanary,
    description="langchain_classic.storage.LocalFileStore(namespace.path)",
)
