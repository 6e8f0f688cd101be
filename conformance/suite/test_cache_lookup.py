"""lookup: None on a miss; on a hit, exactly the generations stored."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, Generation

from storespec.conformance.adapter import Adapter
from storespec.conformance.checks import assert_hit, describe_generations
from storespec.conformance.marks import verifies


@verifies("cache.lookup.miss")
def test_miss_is_none(cache: Any) -> None:
    assert cache.lookup("prompt", "llm") is None
    cache.update("prompt", "llm", [Generation(text="x")])
    found = cache.lookup("otherprompt", "llm")
    assert found is None, f"a miss returned {describe_generations(found)}, not None"


@verifies("cache.lookup.hit")
def test_hit_returns_what_was_stored(cache: Any, adapter: Adapter) -> None:
    stored = [list(v) for v in adapter.values.examples]
    for i, generations in enumerate(stored):
        cache.update(f"prompt{i}", "llm", generations)
    for i, generations in enumerate(stored):
        assert_hit(cache.lookup(f"prompt{i}", "llm"), generations)


@verifies("cache.lookup.hit")
def test_hit_keeps_order_text_and_info(cache: Any, adapter: Adapter) -> None:
    stored = [
        Generation(text="first", generation_info={"finish_reason": "stop", "index": 0}),
        Generation(text="second", generation_info={"index": 1}),
        Generation(text="", generation_info=None),
        Generation(text="last \u2713\nline"),
    ]
    if not adapter.values.contains(stored):
        pytest.skip("not applicable: these generations lie outside the declared value domain")
    cache.update("p", "l", stored)
    assert_hit(cache.lookup("p", "l"), stored)


@verifies("cache.lookup.hit")
def test_hit_keeps_the_order_of_many_generations(cache: Any) -> None:
    stored = [Generation(text=f"generation {i}") for i in range(12)]
    cache.update("p", "l", stored)
    assert_hit(cache.lookup("p", "l"), stored)


@verifies("cache.value.chat")
def test_chat_generation_keeps_type_and_message(cache: Any, adapter: Adapter) -> None:
    stored = [
        ChatGeneration(
            message=AIMessage(content="Paris"), generation_info={"finish_reason": "stop"}
        ),
        ChatGeneration(message=AIMessage(content="Lyon")),
    ]
    if not adapter.values.contains(stored):
        pytest.skip("not applicable: ChatGeneration lies outside the declared value domain")
    cache.update("capital", "chatmodel", stored)
    found = cache.lookup("capital", "chatmodel")
    assert found is not None, "lookup missed a stored ChatGeneration list"
    types = [type(g).__name__ for g in found]
    assert all(isinstance(g, ChatGeneration) for g in found), f"read back as {types}"
    assert [g.message.content for g in found] == ["Paris", "Lyon"]
    assert_hit(found, stored)


@verifies("cache.value.empty-list")
def test_empty_list_is_a_hit(cache: Any) -> None:
    cache.update("p", "l", [])
    found = cache.lookup("p", "l")
    assert found is not None, "an empty list read back as a miss"
    assert list(found) == []


@verifies("cache.value.aliasing")
def test_observe_aliasing(cache: Any, observe: Any) -> None:
    stored = [Generation(text="a")]
    cache.update("p", "l", stored)
    stored.append(Generation(text="b"))
    found = cache.lookup("p", "l")
    assert found is not None
    observe("aliases the caller's list" if len(found) == 2 else "stores a copy")
