"""Embedding caching: ``CacheBackedEmbeddings`` over a byte store.

The cache stores each text's vector under its namespace and a hash of the text; a
second run over the same texts is served from the store without calling the model,
and returns the very same vectors.
"""

from __future__ import annotations

import hashlib

from langchain_classic.embeddings import CacheBackedEmbeddings
from langchain_core.stores import ByteStore

from storespec.adapters.scenarios.context import Context
from storespec.adapters.scenarios.domains import both, holds_bytes, holds_keys
from storespec.adapters.scenarios.fakes import CountingEmbeddings
from storespec.adapters.scenarios.scenario import Scenario
from storespec.adapters.scenarios.texts import passages

TEXTS = 300
"""Texts per run: a few documents' worth of chunks."""

NAMESPACE = "text-embedding-fake-1536/"
"""A namespace as users name it: after the model."""

KEY = NAMESPACE + hashlib.sha256(b"text").hexdigest()
"""A key as the cache writes it."""


def _embedder(store: ByteStore, model: CountingEmbeddings, namespace: str) -> CacheBackedEmbeddings:
    return CacheBackedEmbeddings.from_bytes_store(
        model,
        store,
        namespace=namespace,
        batch_size=64,
        query_embedding_cache=True,
        key_encoder="sha256",
    )


def _texts(seed: int) -> list[str]:
    texts = passages(seed, TEXTS, 20, 6000)
    return [*texts, texts[0], texts[7]]  # a batch repeats texts, as chunked corpora do


async def _two_runs(ctx: Context, asynchronous: bool) -> None:
    ctx.at("open a store")
    store: ByteStore = await ctx.open()
    model = CountingEmbeddings()
    texts = _texts(61 if asynchronous else 62)
    distinct = len(set(texts))
    call = "aembed_documents" if asynchronous else "embed_documents"
    ctx.at(f"first {call} of {len(texts)} texts")
    cached = _embedder(store, model, NAMESPACE)
    first = await cached.aembed_documents(texts) if asynchronous else cached.embed_documents(texts)
    direct = model.model.embed_documents(texts)
    ctx.expect(first == direct, "the first run's vectors differ from the model's")
    ctx.expect(
        model.embedded <= len(texts), f"the model embedded {model.embedded} of {len(texts)} texts"
    )
    ctx.at(f"second {call} of the same texts, by a new CacheBackedEmbeddings")
    before = model.embedded
    again = _embedder(store, model, NAMESPACE)
    second = await again.aembed_documents(texts) if asynchronous else again.embed_documents(texts)
    calls = model.embedded - before
    ctx.expect(calls == 0, f"the model embedded {calls} of {distinct} texts again")
    wrong = [i for i, (a, b) in enumerate(zip(second, first, strict=True)) if a != b]
    ctx.expect(
        not wrong,
        f"{len(wrong)} vectors differ from the first run, e.g. text {wrong[0]}" if wrong else "",
    )
    ctx.at("a query embedded twice")
    query = texts[3][:200]
    vector = await again.aembed_query(query) if asynchronous else again.embed_query(query)
    before = model.embedded
    repeat = await cached.aembed_query(query) if asynchronous else cached.embed_query(query)
    ctx.expect(model.embedded == before, "the repeated query was embedded again")
    ctx.expect(repeat == vector, "the repeated query's vector differs")


async def embed_sync(ctx: Context) -> None:
    """A second ``embed_documents`` over the same texts calls the model for none of them."""
    await _two_runs(ctx, asynchronous=False)


async def embed_async(ctx: Context) -> None:
    """A second ``aembed_documents`` over the same texts calls the model for none of them."""
    await _two_runs(ctx, asynchronous=True)


async def namespaces(ctx: Context) -> None:
    """Two models' namespaces on one store never serve each other's vectors."""
    ctx.at("open a store")
    store: ByteStore = await ctx.open()
    texts = _texts(63)[:120]
    small, large = CountingEmbeddings(size=384), CountingEmbeddings()
    ctx.at("embed with the first model")
    first = await _embedder(store, small, "fake-384/").aembed_documents(texts)
    ctx.at("embed the same texts with the second model, in its own namespace")
    second = _embedder(store, large, NAMESPACE).embed_documents(texts)
    ctx.expect(
        large.embedded == len(set(texts)),
        "the second model's texts were served from "
        f"the first model's namespace ({large.embedded} of {len(set(texts))} embedded)",
    )
    ctx.expect(all(len(v) == 1536 for v in second), "a vector of the wrong model came back")
    ctx.at("embed again with the first model")
    before = small.embedded
    again = _embedder(store, small, "fake-384/").embed_documents(texts)
    ctx.expect(small.embedded == before, f"the model embedded {small.embedded - before} again")
    ctx.expect(again == first, "vectors of the first namespace changed")


CORPUS = 20_011
"""Chunks of a corpus indexed in one call: tens of thousands of keys in one batch."""


async def corpus(ctx: Context) -> None:
    """A corpus of tens of thousands of chunks, embedded through the cache in one call with
    the default batch size (one mget and one mset of every key), is served whole the second
    time."""
    ctx.at("open a store")
    store: ByteStore = await ctx.open()
    model = CountingEmbeddings(size=64)
    texts = passages(64, CORPUS, 60, 400)
    ctx.at(f"first embed_documents of {CORPUS:,} chunks")
    cached = CacheBackedEmbeddings.from_bytes_store(
        model, store, namespace=NAMESPACE, key_encoder="sha256"
    )
    first = cached.embed_documents(texts)
    ctx.expect(model.embedded == CORPUS, f"the model embedded {model.embedded:,} chunks")
    ctx.at(f"second aembed_documents of the {CORPUS:,} chunks")
    second = await cached.aembed_documents(texts)
    calls = model.embedded - CORPUS
    ctx.expect(calls == 0, f"the model embedded {calls:,} of {CORPUS:,} chunks again")
    wrong = sum(1 for a, b in zip(second, first, strict=True) if a != b)
    ctx.expect(wrong == 0, f"{wrong:,} of {CORPUS:,} vectors differ from the first run")


APPLIES = both(holds_bytes, holds_keys(KEY, "fake-384/" + KEY[len(NAMESPACE) :]))

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "embeddings.embed-documents",
        "embedding caching",
        "store",
        "CacheBackedEmbeddings.from_bytes_store: embed_documents twice",
        embed_sync,
        APPLIES,
    ),
    Scenario(
        "embeddings.aembed-documents",
        "embedding caching",
        "store",
        "CacheBackedEmbeddings.from_bytes_store: aembed_documents twice",
        embed_async,
        APPLIES,
    ),
    Scenario(
        "embeddings.namespaces",
        "embedding caching",
        "store",
        "two models' namespaces on one byte store",
        namespaces,
        APPLIES,
    ),
    Scenario(
        "embeddings.corpus",
        "embedding caching",
        "store",
        f"a corpus of {CORPUS:,} chunks embedded in one call, twice",
        corpus,
        APPLIES,
    ),
)
