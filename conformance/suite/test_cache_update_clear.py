"""update replaces the whole value; clear removes every entry of this cache and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.outputs import Generation

from storespec.conformance.checks import assert_hit
from storespec.conformance.harness import Instances
from storespec.conformance.marks import verifies


@verifies("cache.update.replace")
def test_update_replaces_the_whole_list(cache: Any) -> None:
    cache.update("p", "l", [Generation(text="a"), Generation(text="b"), Generation(text="c")])
    replacement = [Generation(text="z")]
    cache.update("p", "l", replacement)
    assert_hit(cache.lookup("p", "l"), replacement)


@verifies("cache.clear.all")
def test_clear_removes_every_entry(cache: Any) -> None:
    pairs = [(f"p{i}", f"l{i % 3}") for i in range(12)]
    for prompt, llm in pairs:
        cache.update(prompt, llm, [Generation(text=prompt)])
    cache.clear()
    left = [pair for pair in pairs if cache.lookup(*pair) is not None]
    assert not left, f"clear() left {len(left)} entries, e.g. {left[:3]}"
    cache.update("p0", "l0", [Generation(text="again")])
    assert_hit(cache.lookup("p0", "l0"), [Generation(text="again")])


@verifies("cache.clear.all")
def test_aclear_removes_every_entry(cache: Any, run: Callable[[Any], Any]) -> None:
    for i in range(5):
        run(cache.aupdate(f"p{i}", "l", [Generation(text="x")]))
    run(cache.aclear())
    left = [i for i in range(5) if run(cache.alookup(f"p{i}", "l")) is not None]
    assert not left, f"aclear() left {len(left)} of 5 entries"


@verifies("cache.clear.scope")
def test_clear_leaves_other_caches_alone(instances: Instances) -> None:
    first, second = instances.open(), instances.open()
    kept = [Generation(text="kept")]
    first.update("p", "l", [Generation(text="gone")])
    second.update("p", "l", kept)
    second.update("q", "l", kept)
    first.clear()
    # Whether clear() emptied ``first`` is cache.clear.all's concern; this clause is about
    # what it left alone.
    assert_hit(second.lookup("p", "l"), kept, "another cache's entry after clear()")
    assert_hit(second.lookup("q", "l"), kept, "another cache's entry after clear()")


@verifies("cache.clear.kwargs")
def test_clear_accepts_keyword_arguments(cache: Any, run: Callable[[Any], Any]) -> None:
    cache.update("p", "l", [Generation(text="x")])
    cache.clear(unknown_option=True)
    assert cache.lookup("p", "l") is None
    run(cache.aupdate("p", "l", [Generation(text="x")]))
    run(cache.aclear(unknown_option=True))
    assert run(cache.alookup("p", "l")) is None


@verifies("cache.isolation")
def test_caches_in_distinct_namespaces_are_isolated(instances: Instances) -> None:
    first, second = instances.open(), instances.open()
    first.update("p", "l", [Generation(text="first")])
    assert second.lookup("p", "l") is None
    second.update("p", "l", [Generation(text="second")])
    assert_hit(first.lookup("p", "l"), [Generation(text="first")])
    assert_hit(second.lookup("p", "l"), [Generation(text="second")])


@verifies("cache.persistence")
def test_second_instance_sees_entries(instances: Instances) -> None:
    first = instances.open()
    stored = [Generation(text="kept")]
    first.update("p", "l", stored)
    assert_hit(instances.reopen(first).lookup("p", "l"), stored, "a second instance's lookup")
