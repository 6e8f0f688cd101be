"""The reference cache obeys every rule its docstring states."""

from __future__ import annotations

from collections import OrderedDict

import pytest
from hypothesis import given
from hypothesis import strategies as st
from langchain_core.caches import RETURN_VAL_TYPE
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, Generation

from storespec.reference import InMemoryCache

LLM = "llm"


def gen(text: str) -> list[Generation]:
    return [Generation(text=text)]


def fill(cache: InMemoryCache, *prompts: str) -> None:
    for prompt in prompts:
        cache.update(prompt, LLM, gen(prompt))


def present(cache: InMemoryCache, *prompts: str) -> list[str]:
    """The prompts, of those named, whose entry is in the cache."""
    return [p for p in prompts if cache.lookup(p, LLM) is not None]


def test_maxsize_defaults_to_unbounded() -> None:
    assert InMemoryCache().maxsize is None
    assert InMemoryCache(maxsize=None).maxsize is None


@pytest.mark.parametrize("maxsize", [1, 2, 100])
def test_a_positive_maxsize_is_kept(maxsize: int) -> None:
    assert InMemoryCache(maxsize=maxsize).maxsize == maxsize


@pytest.mark.parametrize("maxsize", [0, -1, -100])
def test_a_maxsize_below_one_is_rejected(maxsize: int) -> None:
    with pytest.raises(ValueError, match=f"got {maxsize}"):
        InMemoryCache(maxsize=maxsize)


def test_maxsize_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        InMemoryCache(3)  # type: ignore[call-arg]


def test_an_empty_cache_misses() -> None:
    cache = InMemoryCache()
    assert cache.lookup("p", LLM) is None
    assert len(cache) == 0


def test_lookup_answers_what_update_stored() -> None:
    cache = InMemoryCache()
    value: RETURN_VAL_TYPE = [
        Generation(text="one", generation_info={"n": 1}),
        ChatGeneration(message=AIMessage(content="two")),
    ]
    cache.update("p", LLM, value)
    assert cache.lookup("p", LLM) == value
    assert len(cache) == 1


def test_an_empty_return_value_is_a_hit() -> None:
    cache = InMemoryCache()
    cache.update("p", LLM, [])
    assert cache.lookup("p", LLM) == []


def test_entries_are_keyed_by_the_exact_pair() -> None:
    cache = InMemoryCache()
    cache.update("p", "l", gen("p/l"))
    cache.update("l", "p", gen("l/p"))
    cache.update("p", "L", gen("p/L"))
    cache.update("p ", "l", gen("p /l"))
    cache.update("", "", gen("empty"))
    assert cache.lookup("p", "l") == gen("p/l")
    assert cache.lookup("l", "p") == gen("l/p")
    assert cache.lookup("p", "L") == gen("p/L")
    assert cache.lookup("p ", "l") == gen("p /l")
    assert cache.lookup("", "") == gen("empty")
    assert cache.lookup("P", "l") is None
    assert cache.lookup("p", "") is None
    assert cache.lookup("pl", "") is None
    assert len(cache) == 5


def test_update_replaces_the_value_of_a_present_pair() -> None:
    cache = InMemoryCache()
    cache.update("p", LLM, gen("old"))
    cache.update("p", LLM, gen("new"))
    assert cache.lookup("p", LLM) == gen("new")
    assert len(cache) == 1


def test_an_unbounded_cache_evicts_nothing() -> None:
    cache = InMemoryCache()
    prompts = [f"p{i}" for i in range(2000)]
    fill(cache, *prompts)
    assert len(cache) == 2000
    assert present(cache, *prompts) == prompts


def test_a_full_cache_evicts_the_oldest_inserted_pair() -> None:
    cache = InMemoryCache(maxsize=3)
    fill(cache, "a", "b", "c")
    assert len(cache) == 3
    fill(cache, "d")
    assert present(cache, "a", "b", "c", "d") == ["b", "c", "d"]
    assert len(cache) == 3
    fill(cache, "e", "f")
    assert present(cache, "a", "b", "c", "d", "e", "f") == ["d", "e", "f"]
    assert cache.lookup("f", LLM) == gen("f")


def test_a_cache_of_one_keeps_only_the_latest_pair() -> None:
    cache = InMemoryCache(maxsize=1)
    fill(cache, "a")
    cache.update("b", "other", gen("b"))
    assert cache.lookup("a", LLM) is None
    assert cache.lookup("b", "other") == gen("b")
    assert len(cache) == 1


def test_pairs_sharing_a_prompt_are_evicted_separately() -> None:
    cache = InMemoryCache(maxsize=2)
    cache.update("p", "l1", gen("1"))
    cache.update("p", "l2", gen("2"))
    cache.update("q", "l1", gen("3"))
    assert cache.lookup("p", "l1") is None
    assert cache.lookup("p", "l2") == gen("2")
    assert cache.lookup("q", "l1") == gen("3")


def test_updating_a_present_pair_evicts_nothing_and_keeps_its_position() -> None:
    cache = InMemoryCache(maxsize=3)
    fill(cache, "a", "b", "c")
    cache.update("a", LLM, gen("a2"))
    assert present(cache, "a", "b", "c") == ["a", "b", "c"]
    assert cache.lookup("a", LLM) == gen("a2")
    assert len(cache) == 3
    fill(cache, "d")
    assert present(cache, "a", "b", "c", "d") == ["b", "c", "d"]


def test_lookups_never_change_the_eviction_order() -> None:
    cache = InMemoryCache(maxsize=3)
    fill(cache, "a", "b", "c")
    for _ in range(3):
        assert cache.lookup("a", LLM) == gen("a")
    assert cache.lookup("missing", LLM) is None
    fill(cache, "d")
    assert present(cache, "a", "b", "c", "d") == ["b", "c", "d"]


def test_a_failed_update_leaves_the_cache_unchanged() -> None:
    cache = InMemoryCache(maxsize=2)
    fill(cache, "a", "b")
    with pytest.raises(TypeError):
        cache.update("c", LLM, None)  # type: ignore[arg-type]
    assert present(cache, "a", "b", "c") == ["a", "b"]
    assert len(cache) == 2
    fill(cache, "c", "d", "e")
    assert present(cache, "a", "b", "c", "d", "e") == ["d", "e"]


@pytest.mark.parametrize("maxsize", [None, 2])
def test_clear_empties_the_cache_and_accepts_keyword_arguments(maxsize: int | None) -> None:
    cache = InMemoryCache(maxsize=maxsize)
    fill(cache, "a", "b")
    cache.clear(anything="ignored")
    assert len(cache) == 0
    assert present(cache, "a", "b") == []
    cache.clear()
    assert len(cache) == 0


def test_eviction_after_clear_starts_from_the_new_entries() -> None:
    cache = InMemoryCache(maxsize=2)
    fill(cache, "a", "b")
    cache.clear()
    fill(cache, "c", "d", "e")
    assert present(cache, "a", "b", "c", "d", "e") == ["d", "e"]
    assert len(cache) == 2


def test_len_counts_the_entries() -> None:
    cache = InMemoryCache(maxsize=3)
    lengths = []
    for prompt in ["a", "b", "a", "c", "d", "e"]:
        fill(cache, prompt)
        lengths.append(len(cache))
    assert lengths == [1, 2, 2, 3, 3, 3]


@pytest.mark.asyncio
async def test_async_twins_answer_as_the_sync_methods_do() -> None:
    sync_cache = InMemoryCache(maxsize=3)
    async_cache = InMemoryCache(maxsize=3)
    prompts = ["a", "b", "c", "a", "d", "e", "b"]
    for index, prompt in enumerate(prompts):
        sync_cache.update(prompt, LLM, gen(f"{prompt}{index}"))
        await async_cache.aupdate(prompt, LLM, gen(f"{prompt}{index}"))
    for prompt in ["a", "b", "c", "d", "e", "missing"]:
        assert await async_cache.alookup(prompt, LLM) == sync_cache.lookup(prompt, LLM)
    assert present(async_cache, "a", "b", "c", "d", "e") == ["b", "d", "e"]
    assert len(async_cache) == len(sync_cache) == 3
    await async_cache.aclear(anything="ignored")
    sync_cache.clear()
    assert len(async_cache) == len(sync_cache) == 0
    assert await async_cache.alookup("e", LLM) is None


@pytest.mark.asyncio
async def test_aclear_restarts_eviction_order() -> None:
    cache = InMemoryCache(maxsize=2)
    fill(cache, "a", "b")
    await cache.aclear()
    await cache.aupdate("c", LLM, gen("c"))
    await cache.aupdate("d", LLM, gen("d"))
    await cache.aupdate("e", LLM, gen("e"))
    assert present(cache, "a", "b", "c", "d", "e") == ["d", "e"]


class FifoModel:
    """An independent model of the cache: an OrderedDict that drops its first item."""

    def __init__(self, maxsize: int | None) -> None:
        self.maxsize = maxsize
        self.entries: OrderedDict[tuple[str, str], RETURN_VAL_TYPE] = OrderedDict()

    def update(self, key: tuple[str, str], value: RETURN_VAL_TYPE) -> None:
        if key not in self.entries and self.maxsize is not None:
            while len(self.entries) >= self.maxsize:
                self.entries.popitem(last=False)
        self.entries[key] = value

    def lookup(self, key: tuple[str, str]) -> RETURN_VAL_TYPE | None:
        return self.entries.get(key)


PROMPTS = st.sampled_from(["a", "b", "c", "d", "e"])
LLM_STRINGS = st.sampled_from(["x", "y"])
KEYS = st.tuples(PROMPTS, LLM_STRINGS)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("update"), KEYS, st.text(max_size=3)),
        st.tuples(st.just("lookup"), KEYS, st.just("")),
        st.tuples(st.just("clear"), KEYS, st.just("")),
    ),
    max_size=60,
)


@given(maxsize=st.none() | st.integers(min_value=1, max_value=4), operations=OPERATIONS)
def test_the_cache_behaves_as_a_fifo_model(
    maxsize: int | None, operations: list[tuple[str, tuple[str, str], str]]
) -> None:
    cache = InMemoryCache(maxsize=maxsize)
    model = FifoModel(maxsize)
    for operation, (prompt, llm_string), text in operations:
        if operation == "update":
            cache.update(prompt, llm_string, gen(text))
            model.update((prompt, llm_string), gen(text))
        elif operation == "lookup":
            assert cache.lookup(prompt, llm_string) == model.lookup((prompt, llm_string))
        else:
            cache.clear()
            model.entries.clear()
        assert len(cache) == len(model.entries)
    for key in [(p, s) for p in "abcde" for s in "xy"]:
        assert cache.lookup(*key) == model.lookup(key)
