"""lookup: None on a miss; on a hit, exactly the generations stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, Generation

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.domains import chat_generations, plain_generations
from storespec.conformance.plugin.marks import verifies
from storespec.conformance.plugin.outcomes import not_applicable
from storespec.conformance.suite import profiles
from storespec.conformance.suite.checks import (
    assert_hit,
    describe_generations,
    differing_fields,
    hit,
)
from storespec.conformance.suite.drivers import CacheDriver
from storespec.conformance.suite.harness import Instances
from storespec.conformance.suite.probes import ANSWER


@verifies("cache.lookup.miss")
def test_miss_is_none(cache: CacheDriver) -> None:
    assert cache.lookup("prompt", "llm") is None
    cache.given.update("prompt", "llm", [Generation(text="x")])
    found = cache.lookup("otherprompt", "llm")
    assert found is None, f"a miss returned {describe_generations(found)}, not None"


@verifies("cache.lookup.hit")
def test_hit_returns_what_was_stored(cache: CacheDriver, adapter: Adapter) -> None:
    stored = [list(v) for v in adapter.values.examples]
    for i, generations in enumerate(stored):
        cache.given.update(f"prompt{i}", "llm", generations)
    for i, generations in enumerate(stored):
        assert_hit(cache.lookup(f"prompt{i}", "llm"), generations)


@verifies("cache.lookup.hit")
def test_hit_keeps_order_text_and_info(cache: CacheDriver, adapter: Adapter) -> None:
    stored = [
        Generation(text="first", generation_info={"finish_reason": "stop", "index": 0}),
        Generation(text="second", generation_info={"index": 1}),
        Generation(text="", generation_info=None),
        Generation(text="last \u2713\nline"),
    ]
    if not adapter.values.contains(stored):
        not_applicable("these generations lie outside the declared value domain")
    cache.given.update("p", "l", stored)
    assert_hit(cache.lookup("p", "l"), stored)


@verifies("cache.lookup.hit")
def test_hit_keeps_the_order_of_many_generations(cache: CacheDriver) -> None:
    stored = [Generation(text=f"generation {i}") for i in range(12)]
    cache.given.update("p", "l", stored)
    assert_hit(cache.lookup("p", "l"), stored)


@verifies("cache.lookup.hit")
@profiles.per_example_instances()
@given(data=st.data())
def test_drawn_generations_read_back_equal(
    instances: Instances, drive: Callable[[Any], CacheDriver], data: st.DataObject
) -> None:
    stored = data.draw(
        st.lists(st.lists(plain_generations(), min_size=1, max_size=4), min_size=1, max_size=3)
    )
    assume(all(instances.adapter.values.contains(g) for g in stored))
    with instances.fresh() as raw:
        cache = drive(raw)
        for i, generations in enumerate(stored):
            cache.given.update(f"prompt{i}", "llm", generations)
        for i, generations in enumerate(stored):
            assert_hit(cache.lookup(f"prompt{i}", "llm"), generations)


@verifies("cache.value.chat")
def test_chat_generation_keeps_type_and_message(cache: CacheDriver, adapter: Adapter) -> None:
    # One generation per entry: the order of several is cache.lookup.hit's concern.
    stored = {
        "capital": ChatGeneration(message=ANSWER, generation_info={"finish_reason": "tool_calls"}),
        "city": ChatGeneration(message=AIMessage(content="Lyon")),
    }
    if not adapter.values.contains(list(stored.values())):
        not_applicable("ChatGeneration lies outside the declared value domain")
    for prompt, generation in stored.items():
        cache.given.update(prompt, "chatmodel", [generation])
    for prompt, generation in stored.items():
        found = hit(cache.lookup(prompt, "chatmodel"))
        types = [type(g).__name__ for g in found]
        assert len(found) == 1, f"{prompt!r} read back as {types}"
        assert isinstance(found[0], ChatGeneration), f"{prompt!r} read back as {types}"
        changed = differing_fields(found[0].message, generation.message)
        assert not changed, f"the message stored under {prompt!r} read back with other {changed}"


@verifies("cache.value.chat")
@profiles.per_example_instances()
@given(data=st.data())
def test_drawn_chat_messages_read_back_equal(
    instances: Instances, drive: Callable[[Any], CacheDriver], data: st.DataObject
) -> None:
    stored = data.draw(st.lists(chat_generations(), min_size=1, max_size=3))
    assume(instances.adapter.values.contains(stored))
    with instances.fresh() as raw:
        cache = drive(raw)
        for i, generation in enumerate(stored):
            cache.given.update(f"prompt{i}", "llm", [generation])
        for i, generation in enumerate(stored):
            found = hit(cache.lookup(f"prompt{i}", "llm"))
            assert all(isinstance(g, ChatGeneration) for g in found), (
                f"prompt{i} read back as {[type(g).__name__ for g in found]}"
            )
            changed = differing_fields(found[0].message, generation.message)
            assert not changed, f"the message of prompt{i} read back with other {changed}"


@verifies("cache.value.empty-list")
def test_empty_list_is_a_hit(cache: CacheDriver) -> None:
    cache.given.update("p", "l", [])
    found = cache.lookup("p", "l")
    assert found is not None, "an empty list read back as a miss"
    assert found == [], f"an empty list read back as {found!r}"


@verifies("cache.value.aliasing")
def test_observe_aliasing(cache: CacheDriver, observe: Any) -> None:
    stored = [Generation(text="a")]
    cache.given.update("p", "l", stored)
    stored.append(Generation(text="b"))
    found = cache.lookup("p", "l")
    assert found is not None
    observe(
        f"{cache.api}: " + ("aliases the caller's list" if len(found) == 2 else "stores a copy")
    )
