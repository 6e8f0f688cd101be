"""``LocalFileStore``: one file per key under the namespace's directory.

The store's root is ``namespace.path``, a directory the suite creates empty and
removes, so a second store opened on the same namespace reads the same files
(``persistence``) and teardown has nothing to remove. The store documents that "All
keys are interpreted as paths relative to this root", accepts only the characters
``[a-zA-Z0-9_.-/]`` and rejects keys that resolve outside the root. The declared key
domain is therefore the relative paths it documents, in their canonical spelling:
file names joined by single ``/``. Other spellings of a path (``a/b/``, ``a//b``,
``a/./b``) name the same file as the canonical one and do not stay distinct; they lie
outside the domain, and the store's accepting them is a finding under
``store.key.outside-domain``.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from hypothesis import strategies as st

from storespec.adapters import file_canary
from storespec.adapters.langchain_classic.file_store_races import RACES
from storespec.adapters.servers import missing_module
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.capabilities import PERSISTENCE
from storespec.conformance.core.domains import BYTES, Domain, text
from storespec.conformance.core.findings import Finding, Severity, Signature
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_classic.storage import LocalFileStore

SOURCE = "langchain_classic/storage/file_system.py"
"""The module of ``LocalFileStore`` (langchain-classic 1.0.8); line numbers below refer to it."""

KEY_ALPHABET = string.ascii_letters + string.digits + "_.-"
"""The characters of one file name in a key: those ``_get_full_path`` accepts
(``re.match(r"^[a-zA-Z0-9_.\\-/]+$", key)``) less the separator ``/``."""

NAME_MAX = 255
"""The longest file name the usual file systems accept."""

PATH_MAX = 3_072
"""The longest key: Linux's PATH_MAX (4,096 bytes) less room for the root directory."""

_NAMES = text(alphabet=KEY_ALPHABET, min_size=1, max_size=NAME_MAX)
_DIRECTORY_NAMES = (".", "..")
_DIRECTORY = "docs"
"""The directory the drawn nested keys lie in; no drawn file name is this one."""


def _is_name(segment: str) -> bool:
    return _NAMES.contains(segment) and segment not in _DIRECTORY_NAMES


def _holds(key: Any) -> bool:
    """Whether ``key`` is a canonical relative path below the root: file names joined by
    single ``/``, none of them ``.`` or ``..``."""
    return isinstance(key, str) and 0 < len(key) <= PATH_MAX and all(map(_is_name, key.split("/")))


def _drawn_keys() -> st.SearchStrategy[str]:
    """File names, and paths of one or two names below one directory. A key beside a
    key that extends it (``f`` and ``f/child``) is probed by ``store.key.domain``
    deterministically; drawn keys never form such a pair, so that the tests that
    draw keys check what they are about."""
    names = _NAMES.strategy().filter(lambda key: key not in (*_DIRECTORY_NAMES, _DIRECTORY))
    nested = st.lists(names, min_size=1, max_size=2).map(lambda p: "/".join([_DIRECTORY, *p]))
    return st.one_of(names, nested).filter(lambda key: len(key) <= PATH_MAX)


KEYS: Domain[str] = Domain(
    "relative paths: file names of [a-zA-Z0-9_.-] (1 to 255 characters, not '.' or '..') "
    f"joined by single '/', at most {PATH_MAX:,} characters",
    _holds,
    _drawn_keys,
    ("a", "key", "Key", "a.b", "a_b", "a-b", "...", "x" * NAME_MAX, "docs/a.txt", "docs/s/b-1"),
    (
        *_NAMES.narrower,
        "not '.' or '..'",
        "no empty segment ('a//b', 'a/b/', '/a'): another spelling of a path",
    ),
)
"""The keys ``LocalFileStore`` documents: paths relative to its root. On a
case-insensitive file system, keys that differ only in case would collide; the domain
assumes a case-sensitive one, as Linux file systems are."""


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

PREFIX_IS_DIRECTORY: Final = Finding(
    id="localfilestore/prefix-is-a-directory",
    clauses=(
        "store.keys.prefix",
        "store.keys.prefix-literal",
        "store.keys.model",
    ),
    summary=_DIRECTORY_PREFIX,
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"^AssertionError",
        tests=(
            "test_prefix_*",
            "store.keys.prefix*",
            "test_large_listing_by_prefix",
            "test_metacharacter_prefixes_are_literal",
            "test_listings_match_the_model",
        ),
    ),
    reproduction=_PREFIX_REPRODUCTION,
    evidence=_DIRECTORY_EVIDENCE,
)
PATHS_ALTERED: Final = Finding(
    id="localfilestore/path-keys-accepted-and-merged",
    clauses=("store.key.outside-domain",),
    summary=(
        "accepts other spellings of a path and stores them altered: 'a/b/', 'a//b' and "
        "'a/./b' all become the file 'a/b', listed back as "
        "'a/b'; a key that ends in one newline ('k\\n') passes the character check "
        "meant to allow only [a-zA-Z0-9_.-/], because `$` in re.match matches before a "
        "trailing newline"
    ),
    severity=Severity.DATA_LOSS,
    signature=Signature(tests=("test_key_outside_domain_is_rejected",)),
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
)
KEY_BESIDE_ITS_PATH: Final = Finding(
    id="localfilestore/key-beside-its-path-raises",
    clauses=("store.key.domain",),
    summary=(
        "a key cannot be stored beside a key that extends it as a path: with 'f' stored, "
        "mset of 'f/child' raises NotADirectoryError (the file 'f' cannot be a directory), "
        "and with 'f/child' stored, mset of 'f' raises IsADirectoryError"
    ),
    severity=Severity.CRASH,
    signature=Signature(message=r"(NotADirectoryError|IsADirectoryError|FileExistsError)"),
    reproduction=(
        "import tempfile\n"
        "from langchain_classic.storage import LocalFileStore\n"
        "with tempfile.TemporaryDirectory() as root:\n"
        "    store = LocalFileStore(root)\n"
        "    store.mset([('f', b'1')])\n"
        "    try:\n"
        "        store.mset([('f/child', b'2')])\n"
        "    except (NotADirectoryError, FileExistsError):\n"
        "        pass\n"
        "    else:\n"
        "        raise AssertionError('f/child was stored beside f')\n"
        "    store.mset([('g/child', b'3')])\n"
        "    try:\n"
        "        store.mset([('g', b'4')])\n"
        "    except IsADirectoryError:\n"
        "        pass\n"
        "    else:\n"
        "        raise AssertionError('g was stored beside g/child')"
    ),
    evidence=(
        f"{SOURCE}:135-136: `self._mkdir_for_store(full_path.parent)` then "
        "`full_path.write_bytes(value)`: a key is a file, and a key that extends it "
        "needs that file to be a directory"
    ),
)
FINDINGS: Final = (PREFIX_IS_DIRECTORY, PATHS_ALTERED, KEY_BESIDE_ITS_PATH, *RACES)
"""Found by running the suite; each is confirmed in the upstream source."""

ADAPTER = Adapter(
    name="langchain-classic-localfilestore",
    kind="store",
    factory=factory,
    keys=KEYS,
    values=BYTES,
    capabilities=frozenset({PERSISTENCE}),
    findings=FINDINGS,
    packages=("langchain-classic", "langchain-core"),
    available=available,
    canary=FileCanary,
    description="langchain_classic.storage.LocalFileStore(namespace.path)",
)
