"""Fake models that count their calls, so a scenario can tell a cache hit from a call."""

from __future__ import annotations

import threading

from langchain_core.embeddings import DeterministicFakeEmbedding, Embeddings

DIMENSIONS = 1536
"""The width of a common hosted embedding model's vectors."""


class CountingEmbeddings(Embeddings):
    """Deterministic fake embeddings that count every text they embed."""

    def __init__(self, size: int = DIMENSIONS) -> None:
        self.model = DeterministicFakeEmbedding(size=size)
        self.embedded = 0
        self._lock = threading.Lock()

    def _count(self, texts: int) -> None:
        with self._lock:
            self.embedded += texts

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed ``texts`` and count them."""
        self._count(len(texts))
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Embed one query and count it."""
        self._count(1)
        return self.model.embed_query(text)

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed ``texts`` without leaving the event loop, and count them."""
        return self.embed_documents(texts)

    async def aembed_query(self, text: str) -> list[float]:
        """Embed one query without leaving the event loop, and count it."""
        return self.embed_query(text)
