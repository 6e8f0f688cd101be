"""The key is the exact (prompt, llm_string) pair; every string in the domain is a key."""

from __future__ import annotations

import pytest
from langchain_core.outputs import Generation

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.plugin.marks import verifies
from storespec.conformance.plugin.outcomes import not_applicable
from storespec.conformance.suite.checks import assert_hit, short
from storespec.conformance.suite.drivers import CacheDriver
from storespec.conformance.suite.probes import PROMPT_PAIRS, UNUSUAL_TEXT


@verifies("cache.key.exact")
def test_other_llm_string_or_prompt_is_a_miss(cache: CacheDriver, adapter: Adapter) -> None:
    stored = [Generation(text="hit")]
    cache.given.update("prompt", "llma", stored)
    assert cache.lookup("prompt", "llmb") is None
    assert cache.lookup("prompt2", "llma") is None
    assert cache.lookup("prompt", "llma2") is None
    if adapter.llm_strings.contains(""):
        assert cache.lookup("prompt", "") is None
    assert_hit(cache.lookup("prompt", "llma"), stored)


def _in_domain(adapter: Adapter, pairs: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    return [
        (prompt, llm)
        for prompt, llm in pairs
        if adapter.keys.contains(prompt) and adapter.llm_strings.contains(llm)
    ]


@verifies("cache.key.distinct")
@pytest.mark.parametrize("group", range(len(PROMPT_PAIRS)), ids=lambda i: f"group{i}")
def test_distinct_pairs_do_not_collide(cache: CacheDriver, adapter: Adapter, group: int) -> None:
    pairs = _in_domain(adapter, PROMPT_PAIRS[group])
    if len(pairs) < 2:
        not_applicable("fewer than two of these pairs lie in the declared domains")
    for i, (prompt, llm) in enumerate(pairs):
        cache.update(prompt, llm, [Generation(text=f"entry {i}")])
    for i, (prompt, llm) in enumerate(pairs):
        found = cache.lookup(prompt, llm)
        assert found is not None, f"({short(prompt)}, {short(llm)}) missed"
        assert [g.text for g in found] == [f"entry {i}"], (
            f"({short(prompt)}, {short(llm)}) collides with another pair: read {found!r}"
        )


@verifies("cache.key.domain")
@pytest.mark.parametrize("role", ["prompt", "llm_string"])
def test_unusual_strings_are_keys(cache: CacheDriver, adapter: Adapter, role: str) -> None:
    domain = adapter.keys if role == "prompt" else adapter.llm_strings
    texts = domain.within(UNUSUAL_TEXT)
    if not texts:
        not_applicable(f"no probe {role} lies in the declared domain")
    for i, text in enumerate(texts):
        pair = (text, "llm") if role == "prompt" else ("prompt", text)
        stored = [Generation(text=f"value {i}")]
        cache.update(*pair, stored)
        found = cache.lookup(*pair)
        assert found is not None, f"{role} {short(text)} missed right after update"
        assert_hit(found, stored, f"lookup with {role} {short(text)}")
