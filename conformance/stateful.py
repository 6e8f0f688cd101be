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
from hypothesis.control import currently_in_test_context
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, Generation

from storespec.conformance.adapter import Adapter
from storespec.conformance.checks import (
    akeys_of,
    describe_generations,
    difference,
    keys_of,
    same_generations,
)
from storespec.conformance.harness import Instances
from storespec.reference import InMemoryCache, InMemoryStore

KEY_POOL = ("a", "ab", "abc", "b", "ba", "k:1", "k:2", "K:1")
PROMPT_POOL = ("p", "q", "pq")
LLM_POOL = ("l", "m")
"""Six pairs against a bound of three: evictions and updates of present pairs are frequent."""


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
    runner: ClassVar[asyncio.Runner | None] = None
    """One event loop for every example of a test: starting a loop per example would
    dominate the cost of shrinking a failure."""

    def __init__(self) -> None:
        super().__init__()
        cls = type(self)
        if cls.runner is None:
            cls.runner = asyncio.Runner()
        self._instances = Instances(self.adapter, cls.runner)
        self.backend = self._instances.open(**self.options)

    def run(self, awaitable: Any) -> Any:
        return self._instances.run(awaitable)

    def teardown(self) -> None:
        self._instances.close()

    @classmethod
    def close(cls) -> None:
        """Close the event loop the examples shared."""
        if cls.runner is not None:
            cls.runner.close()
            cls.runner = None


def _keys(adapter: Adapter) -> st.SearchStrategy[str]:
    pool = adapter.keys.within(list(KEY_POOL))
    return st.sampled_from(pool) | adapter.keys.strategy() if pool else adapter.keys.strategy()


def _replay_note(kind: str, adapter: Adapter, options: dict[str, Any]) -> None:
    if not currently_in_test_context():
        return
    extra = "".join(f", {name}={value!r}" for name, value in options.items())
    note(
        f"# To replay: run these lines first, then the steps (state = {kind}Machine() ...)\n"
        "from langchain_core.messages import AIMessage\n"
        "from langchain_core.outputs import ChatGeneration, Generation\n"
        "from storespec.conformance.stateful import replay\n"
        f"{kind}Machine = replay({adapter.name!r}{extra})"
    )


def store_machine(adapter: Adapter) -> type[_BackendMachine]:
    """A machine that runs a store and :class:`storespec.reference.InMemoryStore` side by side."""
    keys = _keys(adapter)
    pairs = st.lists(st.tuples(keys, adapter.values.strategy()), max_size=5)
    KEY_POOL_IN_DOMAIN = adapter.keys.within(list(KEY_POOL))
    prefixes = st.one_of(st.none(), st.sampled_from(["", "a", "ab", "k:", "K", "b", "z"]))

    class StoreMachine(_BackendMachine):
        def __init__(self) -> None:
            super().__init__()
            self.model: InMemoryStore[Any] = InMemoryStore()

        @initialize()
        def start(self) -> None:
            _replay_note("Store", self.adapter, {})

        @rule(pairs=pairs, use_async=st.booleans())
        def mset(self, pairs: list[tuple[str, Any]], use_async: bool) -> None:
            if use_async:
                self.run(self.backend.amset(pairs))
            else:
                self.backend.mset(pairs)
            self.model.mset(pairs)

        @rule(keys=st.lists(keys, max_size=6), use_async=st.booleans())
        def mget(self, keys: list[str], use_async: bool) -> None:
            got = self.run(self.backend.amget(keys)) if use_async else self.backend.mget(keys)
            expected = self.model.mget(keys)
            name = "amget" if use_async else "mget"
            assert got == expected, f"{name}({keys!r}) = {got!r}, model {expected!r}"

        @rule(keys=st.lists(keys, max_size=4), use_async=st.booleans())
        def mdelete(self, keys: list[str], use_async: bool) -> None:
            if use_async:
                self.run(self.backend.amdelete(keys))
            else:
                self.backend.mdelete(keys)
            self.model.mdelete(keys)

        @invariant()
        def agrees(self) -> None:
            pool = list(KEY_POOL_IN_DOMAIN)
            got, expected = self.backend.mget(pool), self.model.mget(pool)
            assert got == expected, f"mget({pool!r}) = {got!r}, model {expected!r}"
            listed, model = keys_of(self.backend), keys_of(self.model)
            assert listed == model, f"yield_keys() = {listed!r}, model {model!r}"

        @rule(prefix=prefixes, use_async=st.booleans())
        def yield_keys(self, prefix: str | None, use_async: bool) -> None:
            if prefix and not self.adapter.keys.contains(prefix):
                return
            backend = self.backend
            got = self.run(akeys_of(backend, prefix)) if use_async else keys_of(backend, prefix)
            expected = keys_of(self.model, prefix)
            assert got == expected, f"yield_keys(prefix={prefix!r}) = {got!r}, model {expected!r}"

    StoreMachine.adapter = adapter
    return StoreMachine


def _cheap_values(adapter: Adapter) -> st.SearchStrategy[list[Generation]]:
    """Generation lists from the declared examples plus numbered ones: sequences, not
    value fidelity, are what the model test explores, and drawing is its hot path."""
    numbered = [[_numbered(i)] for i in range(8)]
    choices = [list(v) for v in adapter.values.examples] + adapter.values.within(numbered)
    return st.sampled_from(choices) if choices else adapter.values.strategy()


def _numbered(i: int) -> Generation:
    """Generation ``i``: plain or chat, with or without info, told apart by their text."""
    info = {"n": i} if i % 2 else None
    if i % 4 < 2:
        return Generation(text=f"v{i}", generation_info=info)
    message = AIMessage(content=f"v{i}", id=f"run-{i}" if info else None)
    return ChatGeneration(message=message, generation_info=info)


def cache_machine(adapter: Adapter, **options: Any) -> type[_BackendMachine]:
    """A machine that runs a cache and the reference cache side by side; a bounded cache
    against both conforming update policies, keeping those it matches."""
    prompts = adapter.keys.within(list(PROMPT_POOL)) or ["p"]
    llms = adapter.llm_strings.within(list(LLM_POOL)) or ["l"]
    pairs = [(p, llm) for p in prompts for llm in llms]
    pair = st.sampled_from(pairs)
    values = _cheap_values(adapter)

    class CacheMachine(_BackendMachine):
        def __init__(self) -> None:
            super().__init__()
            maxsize = self.options.get("maxsize")
            self.models: list[InMemoryCache] = [InMemoryCache(maxsize=maxsize)]
            if maxsize is not None:
                self.models.append(RefreshingCache(maxsize=maxsize))

        @initialize()
        def start(self) -> None:
            _replay_note("Cache", self.adapter, self.options)

        @rule(
            updates=st.lists(st.tuples(pair, values), min_size=1, max_size=4),
            use_async=st.booleans(),
        )
        def update(
            self, updates: list[tuple[tuple[str, str], list[Generation]]], use_async: bool
        ) -> None:
            for key, value in updates:
                if use_async:
                    self.run(self.backend.aupdate(*key, value))
                else:
                    self.backend.update(*key, value)
                for model in self.models:
                    model.update(*key, value)

        @invariant()
        def agrees(self) -> None:
            self.lookup(use_async=False)

        @rule(use_async=st.booleans())
        def lookup(self, use_async: bool) -> None:
            for pair in pairs:
                backend = self.backend
                got = self.run(backend.alookup(*pair)) if use_async else backend.lookup(*pair)
                expected = [m.lookup(*pair) for m in self.models]
                agreeing = [
                    m for m, e in zip(self.models, expected, strict=True) if _same_result(got, e)
                ]
                name = "alookup" if use_async else "lookup"
                assert agreeing, f"{name}{pair!r} = {describe_generations(got)}: " + " or ".join(
                    dict.fromkeys(_mismatch(got, e) for e in expected)
                )
                self.models = agreeing

        @rule(use_async=st.booleans(), now=st.integers(0, 3))
        def clear(self, use_async: bool, now: int) -> None:
            if now:
                return
            if use_async:
                self.run(self.backend.aclear())
            else:
                self.backend.clear()
            for model in self.models:
                model.clear()

    CacheMachine.adapter = adapter
    CacheMachine.options = options
    return CacheMachine


def replay(backend: str, **options: Any) -> type[_BackendMachine]:
    """The machine for a backend named as ``--backend`` names it, to replay printed steps."""
    from storespec.conformance.resolve import resolve

    candidates = resolve(backend)
    (adapter,) = [a for a in candidates if a.name == backend] or candidates[:1]
    if adapter.kind == "store":
        return store_machine(adapter)
    return cache_machine(adapter, **options)


def _mismatch(got: Any, expected: Any) -> str:
    if expected is None:
        return "the model has no entry"
    return f"the model holds {describe_generations(expected)} ({difference(got, expected)})"


def _same_result(got: Any, expected: Any) -> bool:
    if expected is None:
        return got is None
    return same_generations(got, expected)
