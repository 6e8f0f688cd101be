"""Docstores: multi-vector and parent-document retrieval over a store.

The retrievers search small child chunks in a vector store and answer with the parent
documents they belong to, read from the docstore by ID: a byte store through
``create_kv_docstore`` (documents serialised), or a store that holds ``Document`` objects
directly. A docstore that works returns each parent whole, and none once deleted.
"""

from __future__ import annotations

import uuid
from typing import Any

from langchain_classic.retrievers import MultiVectorRetriever, ParentDocumentRetriever
from langchain_core.documents import Document
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.load import dumps
from langchain_core.vectorstores import InMemoryVectorStore
from langchain_text_splitters import RecursiveCharacterTextSplitter

from storespec.adapters.scenarios.answers import mapping_difference, short
from storespec.adapters.scenarios.context import Context
from storespec.adapters.scenarios.domains import (
    UUID_KEY,
    both,
    holds_bytes,
    holds_documents,
    holds_keys,
)
from storespec.adapters.scenarios.scenario import Scenario
from storespec.adapters.scenarios.texts import passages, prose

PARENTS = 40
"""Parent documents per scenario, besides one of several megabytes."""

LARGE = 1_234_567
"""Characters of the large parent: about 3 MB once encoded."""

CHILD_CHARS = 400


def parents(seed: int, large: bool) -> list[Document]:
    """Documents with metadata as loaders set it; with ``large``, one of LARGE characters."""
    texts = passages(seed, PARENTS, 300, 30_000)
    if large:
        texts.append(prose(seed + 1, LARGE))
    return [
        Document(
            page_content=text,
            metadata={"source": f"corpus/dóc-{i}.md", "page": i, "tags": ["a", "ß"], "score": 7},
        )
        for i, text in enumerate(texts)
    ]


def _difference(got: Document, want: Document) -> str | None:
    if got.page_content != want.page_content:
        return f"page_content {short(got.page_content)} instead of {short(want.page_content)}"
    return mapping_difference(got.metadata, want.metadata)


def _needs_values(ctx: Context, documents: list[Document], serialised: bool) -> None:
    values = ctx.adapter.values
    for document in documents:
        value: Any = dumps(document).encode("utf-8") if serialised else document
        ctx.needs(
            values.contains(value),
            f"the store's values ({values.description}) do not hold a document of "
            f"{len(document.page_content):,} characters",
        )


async def _retrieves(
    ctx: Context,
    retriever: MultiVectorRetriever,
    queries: dict[int, str],
    documents: list[Document],
    asynchronous: bool,
) -> None:
    for index, query in queries.items():
        found = await retriever.ainvoke(query) if asynchronous else retriever.invoke(query)
        want = documents[index]
        ranks = [
            r for r, d in enumerate(found) if d.metadata.get("source") == want.metadata["source"]
        ]
        ctx.expect(
            bool(ranks),
            f"parent {index} is missing: {len(found)} other documents came back for its chunk",
        )
        ctx.expect(
            ranks[0] == 0,
            f"parent {index}, whose chunk matches the query exactly, came back at rank "
            f"{ranks[0] + 1} of {len(found)}, not first",
        )
        wrong = _difference(found[0], want)
        ctx.expect(wrong is None, f"parent {index} came back altered: {wrong}")


async def _forgets(
    ctx: Context,
    retriever: MultiVectorRetriever,
    queries: dict[int, str],
    documents: list[Document],
) -> None:
    for index, query in queries.items():
        found = await retriever.ainvoke(query)
        texts = {d.page_content for d in found}
        ctx.expect(documents[index].page_content not in texts, f"deleted parent {index} came back")


def _sample(count: int, every: int) -> list[int]:
    return list(range(0, count, every))


async def multi_vector(ctx: Context, serialised: bool) -> None:
    """Parents stored by ID and found through their chunks' vectors, then deleted."""
    ctx.at("open a store")
    store = await ctx.open()
    documents = parents(71, large=False)
    _needs_values(ctx, documents, serialised)
    vectors = InMemoryVectorStore(DeterministicFakeEmbedding(size=64))
    retriever = (
        # A validator builds the docstore from byte_store; the model's type does not say so.
        MultiVectorRetriever(vectorstore=vectors, byte_store=store)  # type: ignore[call-arg]
        if serialised
        else MultiVectorRetriever(vectorstore=vectors, docstore=store)
    )
    ids = [str(uuid.uuid4()) for _ in documents]
    queries: dict[int, str] = {}
    children = []
    for index, (doc_id, document) in enumerate(zip(ids, documents, strict=True)):
        text = document.page_content
        for start in (0, len(text) // 2):
            children.append(
                Document(page_content=text[start : start + 300], metadata={"doc_id": doc_id})
            )
        queries[index] = children[-1].page_content
    ctx.at("index the chunks in the vector store")
    await vectors.aadd_documents(children)
    half = len(documents) // 2
    ctx.at("store half the parents (mset)")
    retriever.docstore.mset(list(zip(ids[:half], documents[:half], strict=True)))
    ctx.at("store the other half (amset)")
    await retriever.docstore.amset(list(zip(ids[half:], documents[half:], strict=True)))
    ctx.at("retrieve parents (invoke)")
    await _retrieves(
        ctx, retriever, {i: queries[i] for i in _sample(len(ids), 3)}, documents, False
    )
    ctx.at("retrieve parents (ainvoke)")
    await _retrieves(ctx, retriever, {i: queries[i] for i in _sample(len(ids), 4)}, documents, True)
    gone = _sample(len(ids), 5)
    ctx.at(f"delete {len(gone)} parents (mdelete)")
    retriever.docstore.mdelete([ids[i] for i in gone])
    ctx.at("retrieve the deleted parents")
    await _forgets(ctx, retriever, {i: queries[i] for i in gone}, documents)
    ctx.at("retrieve the parents that remain")
    kept = {i: queries[i] for i in range(1, len(ids), 5)}
    await _retrieves(ctx, retriever, kept, documents, True)


async def parent_document(ctx: Context, serialised: bool) -> None:
    """Documents split into chunks on the way in, found whole through any chunk."""
    ctx.at("open a store")
    store = await ctx.open()
    documents = parents(81, large=True)
    _needs_values(ctx, documents, serialised)
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHILD_CHARS, chunk_overlap=0)
    vectors = InMemoryVectorStore(DeterministicFakeEmbedding(size=32))
    retriever = (
        ParentDocumentRetriever(  # type: ignore[call-arg]
            vectorstore=vectors, byte_store=store, child_splitter=splitter
        )
        if serialised
        else ParentDocumentRetriever(vectorstore=vectors, docstore=store, child_splitter=splitter)
    )
    ids = [str(uuid.uuid4()) for _ in documents]
    half = len(documents) // 2
    ctx.at("add half the documents (add_documents)")
    retriever.add_documents(documents[:half], ids=ids[:half])
    ctx.at("add the other half, with the large one (aadd_documents)")
    await retriever.aadd_documents(documents[half:], ids=ids[half:])
    queries = {}
    for index, document in enumerate(documents):
        chunks = splitter.split_text(document.page_content)
        queries[index] = chunks[len(chunks) // 2]
    large = len(documents) - 1
    ctx.at("retrieve documents (invoke)")
    await _retrieves(
        ctx, retriever, {i: queries[i] for i in [*_sample(large, 4), large]}, documents, False
    )
    ctx.at("retrieve documents (ainvoke)")
    await _retrieves(ctx, retriever, {i: queries[i] for i in _sample(large, 3)}, documents, True)
    gone = [*_sample(large, 6), large]
    ctx.at(f"delete {len(gone)} documents (amdelete)")
    await retriever.docstore.amdelete([ids[i] for i in gone])
    ctx.at("retrieve the deleted documents")
    await _forgets(ctx, retriever, {i: queries[i] for i in gone}, documents)
    ctx.at("retrieve the documents that remain")
    await _retrieves(ctx, retriever, {i: queries[i] for i in range(1, large, 6)}, documents, False)


async def multi_vector_bytes(ctx: Context) -> None:
    """MultiVectorRetriever(byte_store=store): parents serialised by create_kv_docstore."""
    await multi_vector(ctx, serialised=True)


async def multi_vector_documents(ctx: Context) -> None:
    """MultiVectorRetriever(docstore=store): the store holds the Document objects."""
    await multi_vector(ctx, serialised=False)


async def parent_document_bytes(ctx: Context) -> None:
    """ParentDocumentRetriever(byte_store=store), with a document of several megabytes."""
    await parent_document(ctx, serialised=True)


async def parent_document_documents(ctx: Context) -> None:
    """ParentDocumentRetriever(docstore=store), with a document of several megabytes."""
    await parent_document(ctx, serialised=False)


BYTES = both(holds_bytes, holds_keys(UUID_KEY))
DOCUMENTS = both(holds_documents, holds_keys(UUID_KEY))

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "docstore.multi-vector.bytes",
        "docstores",
        "store",
        "MultiVectorRetriever over create_kv_docstore(store)",
        multi_vector_bytes,
        BYTES,
    ),
    Scenario(
        "docstore.multi-vector.documents",
        "docstores",
        "store",
        "MultiVectorRetriever over a store of Documents",
        multi_vector_documents,
        DOCUMENTS,
    ),
    Scenario(
        "docstore.parent-document.bytes",
        "docstores",
        "store",
        "ParentDocumentRetriever over create_kv_docstore(store)",
        parent_document_bytes,
        BYTES,
    ),
    Scenario(
        "docstore.parent-document.documents",
        "docstores",
        "store",
        "ParentDocumentRetriever over a store of Documents",
        parent_document_documents,
        DOCUMENTS,
    ),
)
