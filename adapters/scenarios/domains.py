"""Whether a store's declared domains hold what a consumer writes into it."""

from __future__ import annotations

import uuid

from langchain_core.documents import Document

from storespec.adapters.scenarios.scenario import Applicability
from storespec.conformance.core.adapter import Adapter

SAMPLE_BYTES = (b"", b"\x00\xff" * 3, bytes(range(256)) * 4)
"""Byte strings like a byte-store consumer writes: empty, binary, a few kilobytes."""


def holds_bytes(adapter: Adapter) -> str | None:
    """None when the store's values hold bytes, else why not."""
    if all(adapter.values.contains(v) for v in SAMPLE_BYTES):
        return None
    return f"the store's value domain ({adapter.values.description}) holds no bytes"


def holds_documents(adapter: Adapter) -> str | None:
    """None when the store's values hold ``Document`` objects, else why not."""
    sample = Document(page_content="text", metadata={"source": "a.txt"}, id="d1")
    if adapter.values.contains(sample):
        return None
    return f"the store's value domain ({adapter.values.description}) holds no Document"


def holds_keys(*keys: str) -> Applicability:
    """An applicability check: the store's key domain holds every key in ``keys``."""

    def check(adapter: Adapter) -> str | None:
        outside = [k for k in keys if not adapter.keys.contains(k)]
        if not outside:
            return None
        return (
            f"the store's key domain ({adapter.keys.description}) does not hold keys "
            f"such as {outside[0]!r}"
        )

    return check


def both(*checks: Applicability) -> Applicability:
    """An applicability check that needs every one of ``checks``."""

    def check(adapter: Adapter) -> str | None:
        for one in checks:
            reason = one(adapter)
            if reason is not None:
                return reason
        return None

    return check


UUID_KEY = str(uuid.UUID(int=0x1234_5678_9ABC_DEF0_1234_5678_9ABC_DEF0))
"""A key like the document IDs retrievers write."""
