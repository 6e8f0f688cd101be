"""Model-based testing: a backend and the reference model run the same random operations.

A machine goes through one API (``sync`` or ``async``) or interleaves both (``mixed``),
as the backend offers them; it owns the event loop that drives the async API. Every
result is compared with the model's, so the first divergence fails with the shortest
sequence that shows it. Listings are compared by a machine of their own, so that a
listing defect fails the listing clause and not the model of reads and writes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, ClassVar

from hypothesis import note
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, Generation

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.suite.checks import describe_generations, difference, same_generations
from storespec.conformance.suite.drivers import CacheDriver, StoreDriver
from storespec.conformance.suite.harness import Instances
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


MODES = ("sync", "async", "mixed")
"""Through the sync API, through the async API, or through either at each step."""


def modes(adapter: Adapter) -> list[str]:
    """The machine modes a backend's APIs allow: mixed only when it offers both."""
    offered = [m for m in ("sync", "async") if m in adapter.apis]
    return offered + (["mixed"] if len(offered) == 2 else [])


class RecentlyUsedCache(InMemoryCache):
    """A least-recently-used model: a hit or an update makes a pair the most recently used,
    and a full cache evicts the pair used longest ago."""

    def lookup(self, prompt: str, llm_string: str) -> Any:
        found = super().lookup(prompt, llm_string)
        if found is not None:
            self._touch((prompt, llm_string))
        return found

    def update(self, prompt: str, llm_string: str, return_val: Any) -> None:
        key = (prompt, llm_string)
        if key in self._data:
            self._touch(key)
        super().update(prompt, llm_string, return_val)

    def _touch(self, key: tuple[str, str]) -> None:
        self._order.remove(key)
        self._order.append(key)


class _BackendMachine(RuleBasedStateMachine):
    adapter: ClassVar[Adapter]
    mode: ClassVar[str] = "sync"
    source: ClassVar[str] = ""
    lru: ClassVar[bool] = False
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
        self._drivers = {
            api: (StoreDriver if self.adapter.kind == "store" else CacheDriver)(
                self.backend, api, self._instances.run
            )
            for api in ("sync", "async")
        }

    def via(self, use_async: bool) -> Any:
        """The driver of the step: the machine's API, or in mixed mode the one drawn."""
        if self.mode == "mixed":
            return self._drivers["async" if use_async else "sync"]
        return self._drivers[self.mode]

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


def _replay_note(machine: _BackendMachine) -> None:
    if not currently_in_test_context():
        return
    name = type(machine).__name__
    options = {**machine.options, **({"lru": True} if machine.lru else {})}
    extra = "".join(f", {key}={value!r}" for key, value in options.items())
    source = machine.source or machine.adapter.name
    note(
        "# To replay: run this block, then the steps printed after 'state.start()'\n"
        "from langchain_core.messages import AIMessage\n"
        "from langchain_core.outputs import ChatGeneration, Generation\n"
        "from storespec.conformance.suite.stateful import replay\n"
        f"{name} = replay({source!r}, name={machine.adapter.name!r}, "
        f"machine={name!r}, mode={machine.mode!r}{extra})\n"
        f"state = {name}()"
    )


def _configure(
    machine: type[_BackendMachine],
    adapter: Adapter,
    mode: str,
    source: str,
    options: dict[str, Any] | None = None,
) -> type[_BackendMachine]:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    machine.adapter = adapter
    machine.mode = mode
    machine.source = source
    machine.options = dict(options or {})
    return machine


def _store_writes(
    adapter: Adapter, *, incidental: bool
) -> tuple[type[_BackendMachine], st.SearchStrategy[str]]:
    """A machine that writes and deletes on a store and on the reference model alike; with
    ``incidental``, the writes only arrange what the machine's own checks read."""
    keys = _keys(adapter)
    examples = [v for v in adapter.values.examples if v is not None]
    # Values are the declared examples when there are enough of them: value fidelity is
    # store.value.roundtrip's concern, and drawing rich values would dominate the run.
    values: st.SearchStrategy[Any] = (
        st.sampled_from(examples) if len(examples) >= 3 else adapter.values.strategy()
    )
    pairs = st.lists(st.tuples(keys, values), max_size=5)

    class StoreWrites(_BackendMachine):
        def __init__(self) -> None:
            super().__init__()
            self.model: InMemoryStore[Any] = InMemoryStore()

        def writer(self, use_async: bool) -> StoreDriver:
            driver: StoreDriver = self.via(use_async)
            return driver.given if incidental else driver

        @initialize()
        def start(self) -> None:
            _replay_note(self)

        @rule(pairs=pairs, use_async=st.booleans())
        def mset(self, pairs: list[tuple[str, Any]], use_async: bool) -> None:
            self.writer(use_async).mset(pairs)
            self.model.mset(pairs)

        @rule(keys=st.lists(keys, max_size=4), use_async=st.booleans())
        def mdelete(self, keys: list[str], use_async: bool) -> None:
            self.writer(use_async).mdelete(keys)
            self.model.mdelete(keys)

    return StoreWrites, keys


def store_machine(adapter: Adapter, mode: str = "sync", source: str = "") -> type[_BackendMachine]:
    """A machine that runs a store and :class:`storespec.reference.InMemoryStore` side by
    side, comparing every read (``store.model``)."""
    writes, keys = _store_writes(adapter, incidental=False)
    pool = adapter.keys.within(list(KEY_POOL))

    class StoreMachine(writes):  # type: ignore[valid-type,misc]
        @rule(keys=st.lists(keys, max_size=6), use_async=st.booleans())
        def mget(self, keys: list[str], use_async: bool) -> None:
            driver = self.via(use_async)
            got, expected = driver.mget(keys), self.model.mget(keys)
            assert got == expected, f"{driver.name('mget')}({keys!r}) = {got!r}, model {expected!r}"

        @invariant()
        def agrees(self) -> None:
            self.mget(list(pool), use_async=False)

    return _configure(StoreMachine, adapter, mode, source)


def listing_machine(
    adapter: Adapter, mode: str = "sync", source: str = ""
) -> type[_BackendMachine]:
    """A machine that compares every listing of a store with the reference model's after
    random writes and deletes (``store.keys.model``)."""
    prefixes = st.one_of(st.none(), st.sampled_from(["", "a", "ab", "k:", "K", "b", "z"]))

    writes, _ = _store_writes(adapter, incidental=True)

    class ListingMachine(writes):  # type: ignore[valid-type,misc]
        @rule(prefix=prefixes, use_async=st.booleans())
        def yield_keys(self, prefix: str | None, use_async: bool) -> None:
            if prefix and not self.adapter.keys.contains(prefix):
                return
            driver = self.via(use_async)
            got = driver.sorted_keys(prefix)
            expected = sorted(self.model.yield_keys(prefix=prefix))
            name = driver.name("yield_keys")
            assert got == expected, f"{name}(prefix={prefix!r}) = {got!r}, model {expected!r}"

        @invariant()
        def agrees(self) -> None:
            self.yield_keys(None, use_async=False)

    return _configure(ListingMachine, adapter, mode, source)


def _cheap_values(adapter: Adapter) -> tuple[list[list[Generation]], st.SearchStrategy[Any]]:
    """Generation lists from the declared examples plus numbered ones, and a strategy of
    their positions: sequences, not value fidelity, are what the model test explores, and
    an index is cheap to draw and to print (a replayed machine builds the same list). With
    no such list in the domain, drawn values."""
    numbered = [[_numbered(i)] for i in range(8)]
    choices = [list(v) for v in adapter.values.examples] + adapter.values.within(numbered)
    if choices:
        return choices, st.integers(0, len(choices) - 1)
    return choices, adapter.values.strategy()


def _numbered(i: int) -> Generation:
    """Generation ``i``: plain or chat, with or without info, told apart by their text."""
    info = {"n": i} if i % 2 else None
    if i % 4 < 2:
        return Generation(text=f"v{i}", generation_info=info)
    message = AIMessage(content=f"v{i}", id=f"run-{i}" if info else None)
    return ChatGeneration(message=message, generation_info=info)


def cache_machine(
    adapter: Adapter, mode: str = "sync", source: str = "", *, lru: bool = False, **options: Any
) -> type[_BackendMachine]:
    """A machine that runs a cache and the reference cache side by side; a bounded cache
    against both conforming update policies, keeping those it matches; with ``lru``, a
    bounded cache against the least-recently-used model."""
    prompts = adapter.keys.within(list(PROMPT_POOL)) or ["p"]
    llms = adapter.llm_strings.within(list(LLM_POOL)) or ["l"]
    pairs = [(p, llm) for p in prompts for llm in llms]
    pair = st.sampled_from(pairs)
    choices, values = _cheap_values(adapter)

    class CacheMachine(_BackendMachine):
        def __init__(self) -> None:
            super().__init__()
            maxsize = self.options.get("maxsize")
            self.models: list[InMemoryCache]
            if lru:
                self.models = [RecentlyUsedCache(maxsize=maxsize)]
            else:
                self.models = [InMemoryCache(maxsize=maxsize)]
                if maxsize is not None:
                    self.models.append(RefreshingCache(maxsize=maxsize))

        @initialize()
        def start(self) -> None:
            _replay_note(self)

        @rule(
            updates=st.lists(st.tuples(pair, values), min_size=1, max_size=4),
            use_async=st.booleans(),
        )
        def update(self, updates: list[tuple[tuple[str, str], Any]], use_async: bool) -> None:
            driver = self.via(use_async)
            for key, drawn in updates:
                value = choices[drawn] if isinstance(drawn, int) else drawn
                driver.update(*key, value)
                for model in self.models:
                    model.update(*key, value)

        @invariant()
        def agrees(self) -> None:
            self.lookup(use_async=False)

        @rule(use_async=st.booleans())
        def lookup(self, use_async: bool) -> None:
            driver = self.via(use_async)
            for pair, got in zip(pairs, driver.lookups(pairs), strict=True):
                expected = [m.lookup(*pair) for m in self.models]
                agreeing = [
                    m for m, e in zip(self.models, expected, strict=True) if _same_result(got, e)
                ]
                name = driver.name("lookup")
                assert agreeing, f"{name}{pair!r} = {describe_generations(got)}: " + " or ".join(
                    dict.fromkeys(_mismatch(got, e) for e in expected)
                )
                self.models = agreeing

        @rule(use_async=st.booleans(), now=st.integers(0, 3))
        def clear(self, use_async: bool, now: int) -> None:
            if now:
                return
            self.via(use_async).clear()
            for model in self.models:
                model.clear()

    machine = _configure(CacheMachine, adapter, mode, source, options)
    machine.lru = lru
    return machine


MACHINES: dict[str, Callable[..., type[_BackendMachine]]] = {
    "StoreMachine": store_machine,
    "ListingMachine": listing_machine,
    "CacheMachine": cache_machine,
}


def replay(
    backend: str,
    *,
    name: str | None = None,
    machine: str | None = None,
    mode: str = "sync",
    **options: Any,
) -> type[_BackendMachine]:
    """The machine for a backend named as ``--backend`` names it, to replay printed steps."""
    from storespec.conformance.core.resolve import resolve

    candidates = resolve(backend)
    wanted = name or backend
    (adapter,) = [a for a in candidates if a.name == wanted] or candidates[:1]
    if machine is None:
        machine = "StoreMachine" if adapter.kind == "store" else "CacheMachine"
    return MACHINES[machine](adapter, mode, backend, **options)


def _mismatch(got: Any, expected: Any) -> str:
    if expected is None:
        return "the model has no entry"
    return f"the model holds {describe_generations(expected)} ({difference(got, expected)})"


def _same_result(got: Any, expected: Any) -> bool:
    if expected is None:
        return got is None
    return same_generations(got, expected)
