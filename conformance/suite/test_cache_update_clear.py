"""update replaces the whole value; clear removes every entry of this cache and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.outputs import Generation

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.plugin.marks import verifies
from storespec.conformance.plugin.outcomes import not_applicable
from storespec.conformance.suite import workloads
from storespec.conformance.suite.checks import assert_hit, short
from storespec.conformance.suite.drivers import CacheDriver
from storespec.conformance.suite.harness import Instances
from storespec.conformance.suite.workloads import Workload


@verifies("cache.update.replace")
def test_update_replaces_the_whole_list(cache: CacheDriver) -> None:
    cache.update("p", "l", [Generation(text="a"), Generation(text="b"), Generation(text="c")])
    replacement = [Generation(text="z")]
    cache.update("p", "l", replacement)
    assert_hit(cache.lookup("p", "l"), replacement)


@verifies("cache.update.visible")
def test_every_update_is_visible_to_the_next_lookup(
    cache: CacheDriver, adapter: Adapter, work: Workload
) -> None:
    llms = workloads.within(adapter.llm_strings, ["llm", *work.llm_strings])
    long_prompts = [*work.questions[:20], *(twins[0] for twins in work.twins)]
    prompts = workloads.within(adapter.keys, long_prompts)
    short_prompts = workloads.within(
        adapter.keys, [f"prompt {i} \u043a\u043b\u044e\u0447" for i in range(work.scale.entries)]
    )
    if not llms or not short_prompts:
        not_applicable("no probe prompt or llm_string lies in the declared domains")
    pairs = [(p, llms[i % len(llms)]) for i, p in enumerate(prompts)]
    pairs += [(p, llms[0]) for p in short_prompts]
    missed: list[int] = []
    refused = 0
    for i, (prompt, llm) in enumerate(pairs):
        try:
            cache.update(prompt, llm, [Generation(text=f"answer {i}")])
        except Exception:
            # A loud refusal (a prompt too long for an index, say) is the concern of
            # cache.key.domain; this clause is about the updates that return.
            refused += 1
            continue
        if cache.lookup(prompt, llm) is None:
            missed.append(i)
    if refused == len(pairs):
        not_applicable("every update raised; see cache.key.domain")
    assert not missed, (
        f"{len(missed)} of {len(pairs)} updates were not visible to the lookup right after "
        f"them; the first, of ({short(pairs[missed[0]][0])}, {short(pairs[missed[0]][1])}), "
        f"came after {missed[0]:,} other entries"
    )


@verifies("cache.clear.all")
def test_clear_removes_every_entry(cache: CacheDriver) -> None:
    pairs = [(f"p{i}", f"l{i % 3}") for i in range(12)]
    for prompt, llm in pairs:
        cache.given.update(prompt, llm, [Generation(text=prompt)])
    cache.clear()
    left = [pair for pair in pairs if cache.lookup(*pair) is not None]
    assert not left, f"{cache.name('clear')}() left {len(left)} entries, e.g. {left[:3]}"
    cache.given.update("p0", "l0", [Generation(text="again")])
    assert_hit(cache.lookup("p0", "l0"), [Generation(text="again")])


@verifies("cache.clear.scope")
def test_clear_leaves_other_caches_alone(
    instances: Instances, drive: Callable[[Any], CacheDriver]
) -> None:
    first, second = drive(instances.open()), drive(instances.open())
    kept = [Generation(text="kept")]
    first.given.update("p", "l", [Generation(text="gone")])
    second.given.update("p", "l", kept)
    second.given.update("q", "l", kept)
    first.clear()
    # Whether clear() emptied ``first`` is cache.clear.all's concern; this clause is about
    # what it left alone.
    assert_hit(second.lookup("p", "l"), kept, "another cache's entry after clear()")
    assert_hit(second.lookup("q", "l"), kept, "another cache's entry after clear()")


@verifies("cache.clear.kwargs")
def test_clear_accepts_keyword_arguments(cache: CacheDriver) -> None:
    cache.given.update("p", "l", [Generation(text="x")])
    cache.clear(unknown_option=True)
    assert cache.lookup("p", "l") is None


@verifies("cache.isolation")
def test_caches_in_distinct_namespaces_are_isolated(
    instances: Instances, drive: Callable[[Any], CacheDriver]
) -> None:
    first, second = drive(instances.open()), drive(instances.open())
    first.given.update("p", "l", [Generation(text="first")])
    assert second.lookup("p", "l") is None
    second.given.update("p", "l", [Generation(text="second")])
    assert_hit(first.lookup("p", "l"), [Generation(text="first")])
    assert_hit(second.lookup("p", "l"), [Generation(text="second")])


@verifies("cache.persistence")
def test_second_instance_sees_entries(
    instances: Instances, drive: Callable[[Any], CacheDriver]
) -> None:
    first = instances.open()
    stored = [Generation(text="kept")]
    drive(first).given.update("p", "l", stored)
    second = drive(instances.reopen(first))
    assert_hit(second.lookup("p", "l"), stored, "a second instance's lookup")
