"""Caches at real sizes: long prompts sharing a system prompt, megabyte answers, keys built
every naive way, eviction at many bounds, and clear() on thousands of entries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from langchain_core.outputs import ChatGeneration, Generation

from storespec.conformance.core import capabilities as caps
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.plugin.marks import verifies
from storespec.conformance.plugin.outcomes import not_applicable
from storespec.conformance.suite import workloads
from storespec.conformance.suite.checks import assert_hit, describe_generations, short
from storespec.conformance.suite.drivers import CacheDriver
from storespec.conformance.suite.harness import Instances
from storespec.conformance.suite.workloads import Workload

LLM = "llm"


def _answer(i: int) -> list[Generation]:
    return [Generation(text=f"answer {i}")]


def _in_domains(adapter: Adapter, pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    found = [
        (p, llm)
        for p, llm in pairs
        if adapter.keys.contains(p) and adapter.llm_strings.contains(llm)
    ]
    return list(dict.fromkeys(found))


def _assert_distinct(cache: CacheDriver, pairs: list[tuple[str, str]], what: str) -> None:
    for i, (prompt, llm) in enumerate(pairs):
        cache.given.update(prompt, llm, _answer(i))
    for i, (prompt, llm) in enumerate(pairs):
        found = cache.lookup(prompt, llm)
        assert found is not None, f"{what}: ({short(prompt, 30)}, {short(llm, 30)}) missed"
        texts = [getattr(g, "text", None) for g in found]
        assert texts == [f"answer {i}"], (
            f"{what}: ({short(prompt, 30)}, {short(llm, 30)}) collides with another pair: "
            f"read {texts!r}"
        )


def _pairs(prompts: Sequence[str], role: str) -> list[tuple[str, str]]:
    return [(p, LLM) if role == "prompt" else ("prompt", p) for p in prompts]


# -- keys ----------------------------------------------------------------------------------


@verifies("cache.key.distinct")
@pytest.mark.parametrize("role", ["prompt", "llm_string"])
def test_long_texts_differing_in_their_last_character(
    cache: CacheDriver, adapter: Adapter, work: Workload, role: str
) -> None:
    groups = [_in_domains(adapter, _pairs(twins, role)) for twins in work.twins]
    groups = [g for g in groups if len(g) >= 2]
    if not groups:
        not_applicable(f"no long {role} lies in the declared domain")
    for pairs in groups:
        size = max(len(pairs[0][0]), len(pairs[0][1]))
        _assert_distinct(cache, pairs, f"{role}s of {size:,} characters")


@verifies("cache.key.distinct")
def test_questions_after_one_long_system_prompt(
    cache: CacheDriver, adapter: Adapter, work: Workload
) -> None:
    llms = [work.llm_strings[0], LLM]
    llm = next((s for s in llms if adapter.llm_strings.contains(s)), None)
    pairs = _in_domains(adapter, [(q, llm or "") for q in work.questions])
    if llm is None or len(pairs) < 2:
        not_applicable("the long prompts lie outside the declared domains")
    _assert_distinct(cache, pairs, "prompts sharing a 20 KB system prompt")


@verifies("cache.key.distinct")
def test_long_llm_strings_differing_at_the_end(
    cache: CacheDriver, adapter: Adapter, work: Workload
) -> None:
    pairs = _in_domains(adapter, [(p, s) for p in ("prompt", "\u00e9") for s in work.llm_strings])
    if len(pairs) < 2:
        not_applicable("the long llm_strings lie outside the declared domain")
    _assert_distinct(cache, pairs, "llm_strings of 12 KB that differ in their seed")


@verifies("cache.key.distinct")
@pytest.mark.parametrize("role", ["prompt", "llm_string"])
def test_identity_variants_are_distinct(cache: CacheDriver, adapter: Adapter, role: str) -> None:
    tested = 0
    for group, variants in sorted(workloads.IDENTITY_GROUPS.items()):
        pairs = _in_domains(adapter, _pairs(variants, role))
        if len(pairs) >= 2:
            _assert_distinct(cache, pairs, f"{group} variants of the {role}")
            tested += 1
    if not tested:
        not_applicable(f"no two variants of a group lie in the {role} domain")


@verifies("cache.key.distinct")
def test_pairs_a_naive_key_merges_are_distinct(cache: CacheDriver, adapter: Adapter) -> None:
    tested = 0
    for group, candidates in enumerate(workloads.NAIVE_KEY_GROUPS):
        pairs = _in_domains(adapter, candidates)
        if len(pairs) >= 2:
            _assert_distinct(cache, pairs, f"pairs a naive key merges (group {group})")
            tested += 1
    if not tested:
        not_applicable("no two pairs of a group lie in the declared domains")


# -- values --------------------------------------------------------------------------------


@verifies("cache.value.whole")
@pytest.mark.parametrize("answer", ["image_answer", "long_answer"])
def test_megabyte_answers_read_back_whole(
    cache: CacheDriver, adapter: Adapter, work: Workload, answer: str
) -> None:
    stored: list[Generation] = getattr(work, answer)
    if not adapter.values.contains(stored):
        not_applicable(f"the {answer} lies outside the declared value domain")
    prompt = work.questions[0] if adapter.keys.contains(work.questions[0]) else "prompt"
    cache.update(prompt, LLM, stored)
    assert_hit(cache.lookup(prompt, LLM), stored, f"lookup of a {answer.replace('_', ' ')}")


@verifies("cache.value.whole")
def test_prompt_just_over_the_declared_limit_is_rejected(
    cache: CacheDriver, adapter: Adapter
) -> None:
    limit = adapter.keys.max_bytes
    if limit is None or limit >= 64 * 1024 * 1024:
        not_applicable("the prompt domain declares no size limit the suite probes")
    prompt = "p" * (limit + 1)
    with pytest.raises(Exception):  # noqa: B017, PT011 - any exception rejects the pair
        cache.update(prompt, LLM, _answer(0))
    assert cache.given.lookup(prompt, LLM) is None, "a rejected prompt was cached"


@verifies("cache.lookup.hit")
def test_embeddings_and_nested_metadata_read_back_exactly(
    cache: CacheDriver, adapter: Adapter, work: Workload
) -> None:
    stored = work.embedding_answer
    if not adapter.values.contains(stored):
        not_applicable("these generations lie outside the declared value domain")
    cache.update("prompt", LLM, stored)
    assert_hit(cache.lookup("prompt", LLM), stored)


def _base(generation: Generation) -> type[Generation]:
    return ChatGeneration if isinstance(generation, ChatGeneration) else Generation


def _same_content(got: Any, expected: Generation) -> bool:
    """Equal as the LangChain class the generation belongs to: a cache may give a chunk
    back as the generation it extends, which is all a model's caller reads."""
    if not isinstance(got, _base(expected)):
        return False
    if got.text != expected.text or got.generation_info != expected.generation_info:
        return False
    if isinstance(expected, ChatGeneration) and isinstance(got, ChatGeneration):
        return bool(got.message.content == expected.message.content)
    return True


@verifies("cache.lookup.hit")
def test_generation_subclasses_read_back_as_what_they_extend(
    cache: CacheDriver, adapter: Adapter, work: Workload
) -> None:
    stored = work.chunk_answer
    if not adapter.values.contains(stored):
        not_applicable("chunks lie outside the declared value domain")
    cache.update("prompt", LLM, stored)
    found = cache.lookup("prompt", LLM)
    assert isinstance(found, list), f"lookup returned {describe_generations(found)}"
    assert len(found) == len(stored), f"lookup returned {describe_generations(found)}"
    wrong = [
        i for i, (g, e) in enumerate(zip(found, stored, strict=True)) if not _same_content(g, e)
    ]
    assert not wrong, f"generations {wrong} read back differently: {describe_generations(found)}"


# -- eviction and clear --------------------------------------------------------------------


def _bounded(
    instances: Instances, adapter: Adapter, drive: Callable[[Any], Any], maxsize: int
) -> CacheDriver:
    if not adapter.has(caps.MAXSIZE):
        not_applicable("the cache does not declare maxsize")
    driver: CacheDriver = drive(instances.open(maxsize=maxsize))
    return driver


def _fill(cache: CacheDriver, adapter: Adapter, maxsize: int) -> list[str]:
    overflow = min(maxsize // 3 + 2, 103)
    accent = "\u00e9" if adapter.keys.contains("p1\u00e9") else ""
    prompts = [f"p{i}{accent}" if i % 5 else f"p{i}" for i in range(maxsize + overflow)]
    for i, prompt in enumerate(prompts):
        cache.given.update(prompt, LLM, _answer(i))
    return prompts


@verifies("cache.maxsize.bound")
def test_bound_holds_at_many_sizes(
    instances: Instances, adapter: Adapter, drive: Callable[[Any], Any], work: Workload
) -> None:
    for maxsize in work.scale.maxsizes:
        cache = _bounded(instances, adapter, drive, maxsize)
        prompts = _fill(cache, adapter, maxsize)
        present = [p for p in prompts if cache.lookup(p, LLM) is not None]
        assert len(present) <= maxsize, f"{len(present):,} entries with maxsize={maxsize:,}"
        assert prompts[-1] in present, f"maxsize={maxsize:,}: the newest entry was not kept"


@verifies("cache.maxsize.evict-oldest")
def test_oldest_are_evicted_at_many_sizes(
    instances: Instances, adapter: Adapter, drive: Callable[[Any], Any], work: Workload
) -> None:
    for maxsize in work.scale.maxsizes:
        cache = _bounded(instances, adapter, drive, maxsize)
        prompts = _fill(cache, adapter, maxsize)
        present = [p for p in prompts if cache.lookup(p, LLM) is not None]
        newest = prompts[-maxsize:]
        assert present == newest, (
            f"maxsize={maxsize:,} after {len(prompts):,} updates: {len(present):,} entries "
            f"kept, {len(set(newest) - set(present)):,} of the newest {maxsize:,} missing"
        )


@verifies("cache.clear.all")
def test_clear_removes_thousands_of_entries(
    cache: CacheDriver, adapter: Adapter, work: Workload
) -> None:
    long_prompts = workloads.within(adapter.keys, work.questions)
    prompts = [f"c{i}" for i in range(work.scale.clear)] + long_prompts
    for i, prompt in enumerate(prompts):
        cache.given.update(prompt, LLM, _answer(i))
    cache.clear()
    left = [p for p in prompts if cache.lookup(p, LLM) is not None]
    assert not left, f"{len(left):,} of {len(prompts):,} entries survived clear()"
    cache.given.update(prompts[0], LLM, _answer(0))
    assert cache.lookup(prompts[0], LLM) is not None, "the cache is not usable after clear()"
