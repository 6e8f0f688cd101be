"""Model-based testing: a backend and the reference model run the same random operations.

Sync and async calls are interleaved on one instance; the machine owns the
event loop that drives the async API. Every result is compared with the
model's, so the first divergence fails with the shortest sequence that shows it.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from hypothesis import note
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule
from langchain_core.outputs import Generation

from storespec.conformance.adapter import Adapter
from storespec.conformance.checks import akeys_of, describe_generations, keys_of, same_generations
from storespec.conformance.harness import Instances
from storespec.reference import InMemoryCache, InMemoryStore

KEY_POOL = ("a", "ab", "abc", "b", "ba", "k:1", "k:2", "K:1")
PROMPT_POOL = ("p", "q", "pq", "r")
LLM_POOL = ("l", "m")


class RefreshingCache(InMemoryCache):
    """The reference cache, except that an update moves the pair to the newest position.

    Both policies conform (cache.maxsize.update-position is implementation-defined),
    so a bounded backend is compared with both and must match one of them throughout.
    """

    def update(self, prompt: str, llm_string: str, return_val: Any) -> None:
        key = (prompt, llm_string)
        if key in self._data:
            self._order.remove(key)
            self._order.append(key)
        super().update(prompt, llm_string, return_val)


class _BackendMachine(RuleBasedStateMachine):
    adapter: ClassVar[Adapter]
    options: ClassVar[dict[str, Any]] = {}

    def __init__(self) -> None:
        super().__init__()
        self._runner = asyncio.Runner()
        self._instances = Instances(self.adapter, self._runner)
        self.backend = self._instances.open(**self.options)

    def run(self, awaitable: Any) -> Any:
        return self._instances.run(awaitable)

    def teardown(self) -> None:
        try:
            self._instances.close()
        finally:
            self._runner.close()


def _keys(adapter: Adapter) -> st.SearchStrategy[str]:
    pool = adapter.keys.within(list(KEY_POOL))
    return st.sampled_from(pool) | adapter.keys.strategy() if pool else adapter.keys.strategy()


class StoreMachine(_BackendMachine):
    """A store against :class:`storespec.reference.InMemoryStore`."""

    def __init__(self) -> None:
        super().__init__()
        self.model: InMemoryStore[Any] = InMemoryStore()

    @initialize()
    def start(self) -> None:
        note(f"backend: {self.adapter.name}")

    @rule(data=st.data(), use_async=st.booleans())
    def mset(self, data: st.DataObject, use_async: bool) -> None:
        pairs = data.draw(
            st.lists(st.tuples(_keys(self.adapter), self.adapter.values.strategy()), max_size=5),
            label="pairs",
        )
        if use_async:
            self.run(self.backend.amset(pairs))
        else:
            self.backend.mset(pairs)
        self.model.mset(pairs)

    @rule(data=st.data(), use_async=st.booleans())
    def mget(self, data: st.DataObject, use_async: bool) -> None:
        keys = data.draw(st.lists(_keys(self.adapter), max_size=6), label="keys")
        got = self.run(self.backend.amget(keys)) if use_async else self.backend.mget(keys)
        expected = self.model.mget(keys)
        assert got == expected, (
            f"{'amget' if use_async else 'mget'}({keys!r}) = {got!r}, model {expected!r}"
        )

    @rule(data=st.data(), use_async=st.booleans())
    def mdelete(self, data: st.DataObject, use_async: bool) -> None:
        keys = data.draw(st.lists(_keys(self.adapter), max_size=4), label="keys")
        if use_async:
            self.run(self.backend.amdelete(keys))
        else:
            self.backend.mdelete(keys)
        self.model.mdelete(keys)

    @rule(
        prefix=st.one_of(st.none(), st.sampled_from(["", "a", "ab", "k:", "K", "b", "z"])),
        use_async=st.booleans(),
    )
    def yield_keys(self, prefix: str | None, use_async: bool) -> None:
        if prefix is not None and not (prefix == "" or self.adapter.keys.contains(prefix)):
            return
        got = (
            self.run(akeys_of(self.backend, prefix)) if use_async else keys_of(self.backend, prefix)
        )
        expected = keys_of(self.model, prefix)
        assert got == expected, f"yield_keys(prefix={prefix!r}) = {got!r}, model {expected!r}"


class CacheMachine(_BackendMachine):
    """A cache against the reference cache; bounded, against both update policies."""

    def __init__(self) -> None:
        super().__init__()
        maxsize = self.options.get("maxsize")
        self.models: list[InMemoryCache] = [InMemoryCache(maxsize=maxsize)]
        if maxsize is not None:
            self.models.append(RefreshingCache(maxsize=maxsize))

    @initialize()
    def start(self) -> None:
        note(f"backend: {self.adapter.name}, options: {self.options}")

    def _pair(self) -> st.SearchStrategy[tuple[str, str]]:
        prompts = self.adapter.keys.within(list(PROMPT_POOL)) or ["p"]
        llms = self.adapter.llm_strings.within(list(LLM_POOL)) or ["l"]
        return st.tuples(st.sampled_from(prompts), st.sampled_from(llms))

    @rule(data=st.data(), use_async=st.booleans())
    def update(self, data: st.DataObject, use_async: bool) -> None:
        prompt, llm = data.draw(self._pair(), label="pair")
        value: list[Generation] = data.draw(self.adapter.values.strategy(), label="generations")
        if use_async:
            self.run(self.backend.aupdate(prompt, llm, value))
        else:
            self.backend.update(prompt, llm, value)
        for model in self.models:
            model.update(prompt, llm, value)

    @rule(data=st.data(), use_async=st.booleans())
    def lookup(self, data: st.DataObject, use_async: bool) -> None:
        prompt, llm = data.draw(self._pair(), label="pair")
        got = (
            self.run(self.backend.alookup(prompt, llm))
            if use_async
            else self.backend.lookup(prompt, llm)
        )
        agreeing = [m for m in self.models if _same_result(got, m.lookup(prompt, llm))]
        expected = [describe_generations(m.lookup(prompt, llm)) for m in self.models]
        assert agreeing, (
            f"{'alookup' if use_async else 'lookup'}({prompt!r}, {llm!r}) = "
            f"{describe_generations(got)}, model {' or '.join(dict.fromkeys(expected))}"
        )
        self.models = agreeing

    @precondition(lambda self: True)
    @rule(use_async=st.booleans())
    def clear(self, use_async: bool) -> None:
        if use_async:
            self.run(self.backend.aclear())
        else:
            self.backend.clear()
        for model in self.models:
            model.clear()


def _same_result(got: Any, expected: Any) -> bool:
    if expected is None:
        return got is None
    return same_generations(got, expected)


def machine_for(
    base: type[_BackendMachine], adapter: Adapter, **options: Any
) -> type[_BackendMachine]:
    """A machine class bound to one backend (and constructor options)."""
    name = f"{base.__name__}_{''.join(c if c.isalnum() else '_' for c in adapter.name)}"
    return type(name, (base,), {"adapter": adapter, "options": options})
