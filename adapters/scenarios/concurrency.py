"""Concurrent use: many threads, or many asyncio tasks, sharing one backend instance.

A server application serves requests from a thread pool or from tasks on one event loop,
all through one cache or store. Concurrent misses must each store their own answer, and
every later call must be served its own answer, never another request's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from langchain_classic.embeddings import CacheBackedEmbeddings
from langchain_core.caches import BaseCache
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.stores import ByteStore

from storespec.adapters.scenarios.answers import message_difference
from storespec.adapters.scenarios.context import Context
from storespec.adapters.scenarios.embeddings import APPLIES, NAMESPACE
from storespec.adapters.scenarios.fakes import CountingEmbeddings
from storespec.adapters.scenarios.model_caching import Answers, chat_answers
from storespec.adapters.scenarios.scenario import Scenario
from storespec.adapters.scenarios.texts import passages

WORKERS = 16
"""Threads or tasks at once: a modest server's worth."""

PER_WORKER = 6
"""Requests each worker makes."""


async def _together(calls: list[Callable[[], Awaitable[Any]]]) -> list[Any]:
    return list(await asyncio.gather(*(call() for call in calls)))


def _in_threads(function: Callable[..., Any], *arguments: Any) -> Callable[[], Awaitable[Any]]:
    """``function(*arguments)`` in a thread of its own, as a server's worker runs it."""

    async def call() -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, function, *arguments)

    return call


async def _chat(ctx: Context, threads: bool) -> None:
    ctx.at("open a cache")
    cache: BaseCache = await ctx.open()
    answers = Answers(chat_answers(91, WORKERS * PER_WORKER * 2))
    model = GenericFakeChatModel(messages=answers, cache=cache)
    prompts = passages(92, WORKERS * PER_WORKER, 200, 4000)
    requests: list[list[BaseMessage]] = [[HumanMessage(content=p)] for p in prompts]
    groups = [requests[w::WORKERS] for w in range(WORKERS)]
    mode = f"{WORKERS} threads" if threads else f"{WORKERS} tasks"

    def serve(group: list[list[BaseMessage]]) -> list[Any]:
        return [model.invoke(r) for r in group]

    async def serve_async(group: list[list[BaseMessage]]) -> list[Any]:
        return [await model.ainvoke(r) for r in group]

    def calls() -> list[Callable[[], Awaitable[Any]]]:
        if threads:
            return [_in_threads(serve, g) for g in groups]
        return [lambda g=g: serve_async(g) for g in groups]  # type: ignore[misc]

    ctx.at(f"first calls from {mode}")
    first = await _together(calls())
    texts = [str(m.content) for group in first for m in group]
    ctx.expect(len(set(texts)) == len(texts), "two requests were served one answer")
    taken = answers.taken
    ctx.at(f"the same calls again from {mode}")
    again = await _together(calls())
    ctx.expect(answers.taken == taken, f"the model answered {answers.taken - taken} again")
    for worker, (got, want) in enumerate(zip(again, first, strict=True)):
        for index, (message, expected) in enumerate(zip(got, want, strict=True)):
            wrong = message_difference(message, expected)
            ctx.expect(wrong is None, f"worker {worker}, request {index}: {wrong}")


async def chat_threads(ctx: Context) -> None:
    """Chat calls from many threads through one cache: each is served its own answer."""
    await _chat(ctx, threads=True)


async def chat_tasks(ctx: Context) -> None:
    """Chat calls from many asyncio tasks through one cache: each is served its own answer."""
    await _chat(ctx, threads=False)


async def _embeddings(ctx: Context, threads: bool) -> None:
    ctx.at("open a store")
    store: ByteStore = await ctx.open()
    model = CountingEmbeddings(size=256)
    texts = passages(93, 600, 40, 2000)
    # Overlapping slices: several workers embed the same text at the same time.
    slices = [texts[w * 30 : w * 30 + 120] for w in range(WORKERS)]
    mode = f"{WORKERS} threads" if threads else f"{WORKERS} tasks"

    def embedder() -> CacheBackedEmbeddings:
        return CacheBackedEmbeddings.from_bytes_store(
            model, store, namespace=NAMESPACE, key_encoder="sha256"
        )

    def calls() -> list[Callable[[], Awaitable[Any]]]:
        if threads:
            return [_in_threads(embedder().embed_documents, s) for s in slices]
        return [lambda s=s: embedder().aembed_documents(s) for s in slices]  # type: ignore[misc]

    ctx.at(f"embed overlapping slices from {mode}")
    first = await _together(calls())
    expected = [model.model.embed_documents(s) for s in slices]
    ctx.expect(first == expected, "a worker got vectors of other texts")
    used = {t for s in slices for t in s}
    before = model.embedded
    ctx.at(f"embed the slices again from {mode}")
    again = await _together(calls())
    calls_made = model.embedded - before
    ctx.expect(calls_made == 0, f"the model embedded {calls_made} of {len(used)} texts again")
    ctx.expect(again == expected, "a worker got vectors of other texts from the cache")


async def embeddings_threads(ctx: Context) -> None:
    """Cache-backed embeddings from many threads over one store, texts overlapping."""
    await _embeddings(ctx, threads=True)


async def embeddings_tasks(ctx: Context) -> None:
    """Cache-backed embeddings from many asyncio tasks over one store, texts overlapping."""
    await _embeddings(ctx, threads=False)


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "concurrent.chat-threads",
        "concurrent use",
        "cache",
        f"chat calls from {WORKERS} threads through one cache",
        chat_threads,
    ),
    Scenario(
        "concurrent.chat-tasks",
        "concurrent use",
        "cache",
        f"chat calls from {WORKERS} asyncio tasks through one cache",
        chat_tasks,
    ),
    Scenario(
        "concurrent.embeddings-threads",
        "concurrent use",
        "store",
        f"CacheBackedEmbeddings from {WORKERS} threads over one byte store",
        embeddings_threads,
        APPLIES,
    ),
    Scenario(
        "concurrent.embeddings-tasks",
        "concurrent use",
        "store",
        f"CacheBackedEmbeddings from {WORKERS} asyncio tasks over one byte store",
        embeddings_tasks,
        APPLIES,
    ),
)
