"""The value domain of ``MongoDBDocStore``: ``Document``s it can rebuild from a MongoDB record.

``mset`` stores ``{"_id": key, "page_content": ..., **metadata}`` and ``mget`` builds
``Document(page_content=..., metadata=<the other fields>)``. So a value reads back
equal only if it has no ``id`` (not stored) and metadata whose keys are plain field
names (no ``_id``, ``page_content``, ``$`` or ``.``) and whose values are JSON-like.
"""

from __future__ import annotations

from typing import Any, Final

from hypothesis import strategies as st
from langchain_core.documents import Document

from storespec.conformance.core.domains import JSON, Domain, text

_FIELD: Final = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8).filter(
    lambda k: k not in ("_id", "page_content")
)


def _is_field(key: Any) -> bool:
    return (
        isinstance(key, str)
        and bool(key)
        and key not in ("_id", "page_content")
        and not key.startswith("$")
        and "." not in key
        and "\x00" not in key
    )


def _contains(value: Any) -> bool:
    if not isinstance(value, Document) or value.id is not None:
        return False
    if "\x00" in value.page_content:
        return False
    return all(_is_field(k) and JSON.contains(v) for k, v in value.metadata.items())


def _strategy() -> st.SearchStrategy[Document]:
    contents = text(exclude="\x00").strategy()
    metadata = st.dictionaries(_FIELD, JSON.strategy(), max_size=3)
    return st.builds(lambda t, m: Document(page_content=t, metadata=m), contents, metadata)


DOCUMENTS: Final[Domain[Document]] = Domain(
    "Documents without id, with JSON-like metadata under plain field names",
    _contains,
    _strategy,
    (
        Document(page_content="one"),
        Document(page_content="two", metadata={"source": "a.txt"}),
        Document(page_content="three", metadata={"page": 3, "tags": ["x", "y"]}),
        Document(page_content=""),
    ),
    ("Documents only, without id", "metadata: JSON-like values under plain field names"),
)
