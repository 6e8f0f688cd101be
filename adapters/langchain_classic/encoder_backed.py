"""``EncoderBackedStore`` with JSON keys and values over an in-memory byte store.

This is the configuration the class's docstring shows: ``json.dumps`` encodes each
key, and values are serialised with ``json.dumps`` and read back with
``json.loads``. ``json.dumps`` is injective on strings, so distinct keys stay
distinct; JSON round-trips bools, ints, strings, lists and string-keyed dicts,
which is the value domain declared. The underlying ``InMemoryByteStore`` is new
for each instance, so nothing outlives the instance.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

from storespec.adapters.servers import missing_module
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.domains import FULL_TEXT, JSON
from storespec.conformance.core.findings import Finding, Severity, Signature
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_classic.storage import EncoderBackedStore

SOURCE = "langchain_classic/storage/encoder_backed.py"
"""The module of ``EncoderBackedStore`` (langchain-classic 1.0.8); line numbers refer to it."""


def encode_key(key: str) -> str:
    """The key as a JSON string literal, as in the class's docstring example."""
    return json.dumps(key)


def serialize(value: Any) -> bytes:
    """The value as UTF-8 JSON."""
    return json.dumps(value).encode("utf-8")


def deserialize(data: bytes) -> Any:
    """The value a ``serialize`` output encodes."""
    return json.loads(data)


def available() -> str | None:
    """None when langchain-classic imports, else the one-line reason."""
    if missing_module("langchain_classic") is None:
        return None
    return "needs langchain-classic (pip install 'storespec[classic]')"


def factory(namespace: Namespace, **options: Any) -> EncoderBackedStore[str, Any]:
    """An ``EncoderBackedStore`` over a new ``InMemoryByteStore``."""
    from langchain_classic.storage import EncoderBackedStore
    from langchain_core.stores import InMemoryByteStore

    return EncoderBackedStore(InMemoryByteStore(), encode_key, serialize, deserialize)


_ENCODED_KEYS = (
    "yield_keys and ayield_keys pass the prefix to the inner store unencoded and yield the "
    "inner store's encoded keys: after mset([('a', v)]) they yield '\"a\"', not 'a', and "
    "yield_keys(prefix='a') yields nothing"
)
_ENCODED_KEYS_EVIDENCE = (
    f"{SOURCE}:161-163 and 178-180: `# For the time being this does not return K, but str "
    "# it's for debugging purposes. Should fix this.` then "
    "`yield from self.store.yield_keys(prefix=prefix)`"
)
_REPRODUCTION = (
    "import json\n"
    "from langchain_classic.storage import EncoderBackedStore\n"
    "from langchain_core.stores import InMemoryByteStore\n"
    "store = EncoderBackedStore(InMemoryByteStore(), json.dumps,\n"
    "                           lambda v: json.dumps(v).encode(), json.loads)\n"
    "store.mset([('a', 1)])\n"
    "assert list(store.yield_keys()) == ['\"a\"']\n"
    "assert list(store.yield_keys(prefix='a')) == []"
)

LISTING_NOT_DECODED: Final = Finding(
    id="encoderbackedstore/listing-not-decoded",
    clauses=(
        "store.keys.all",
        "store.keys.prefix",
        "store.keys.prefix-literal",
        "store.keys.prefix-empty",
        "store.keys.iterator",
        "store.keys.order",
        "store.keys.laziness",
        "store.keys.model",
    ),
    summary=_ENCODED_KEYS,
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"^(AssertionError|ListingError)",
        tests=(
            "test_every_key_exactly_once",
            "test_no_deleted_key_is_yielded",
            "test_empty_*",
            "test_prefix_*",
            "test_yield_keys_*",
            "test_observe_*",
            "test_listings_match_the_model",
            "test_large_listing_*",
            "test_*_prefixes_are_literal",
            "store.keys.*:line*",
        ),
    ),
    reproduction=_REPRODUCTION,
    evidence=_ENCODED_KEYS_EVIDENCE,
)
"""One upstream cause: the key listing is not decoded."""

ADAPTER = Adapter(
    name="langchain-classic-encoderbackedstore-json",
    kind="store",
    factory=factory,
    keys=FULL_TEXT,
    values=JSON,
    findings=(LISTING_NOT_DECODED,),
    packages=("langchain-classic", "langchain-core"),
    available=available,
    description=(
        "langchain_classic.storage.EncoderBackedStore(InMemoryByteStore(), json.dumps, "
        "JSON bytes serializer, json.loads)"
    ),
)
