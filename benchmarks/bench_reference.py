"""Time the reference store and cache against langchain-core and a raw baseline.

A workload is cut into steps. Within a round, step i of every implementation
runs before step i + 1 of any, in an order that rotates from step to step, so
a slow moment of a noisy machine falls on all of them alike. A round's speedup
is the median, over its steps, of the ratio of two implementations' times on
the same step; the report gives the median speedup over the rounds with its
min and max. The exit status is nonzero when a target is missed, unless
``--no-check`` is given.
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import sys
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, Protocol

from langchain_core.caches import InMemoryCache as CoreCache
from langchain_core.outputs import Generation
from langchain_core.stores import InMemoryStore as CoreStore

from storespec.reference import InMemoryCache, InMemoryStore

REFERENCE = "reference"
CORE = "langchain-core"
RAW = "raw"
IMPLEMENTATIONS = (REFERENCE, CORE, RAW)

LLM_STRING = "model=bench temperature=0"
RETURN_VAL = [Generation(text="cached")]
CACHE_SIZES = (1_000, 10_000, 100_000)
UPDATES = 50_000
CHUNK = 1_000

STORE_KEYS = 200_000
BATCH = 1_000
USERS = 100
PREFIXES = tuple(f"user:{user:02d}:" for user in range(0, USERS, 5))
STORE_OPERATIONS = ("mset", "mget", "yield_keys", "mdelete")

RESOLUTION = 0.03
"""How far apart identical code can measure on a busy machine; a smaller gap is a tie."""


class Cache(Protocol):
    def lookup(self, prompt: str, llm_string: str) -> Any: ...

    def update(self, prompt: str, llm_string: str, return_val: Any) -> None: ...


class Store(Protocol):
    def mget(self, keys: Sequence[str]) -> list[Any]: ...

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None: ...

    def mdelete(self, keys: Sequence[str]) -> None: ...

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]: ...


class RawCache:
    """The raw cache baseline: an OrderedDict that drops its first item when full."""

    def __init__(self, *, maxsize: int) -> None:
        self._maxsize = maxsize
        self._data: OrderedDict[tuple[str, str], Any] = OrderedDict()

    def lookup(self, prompt: str, llm_string: str) -> Any:
        return self._data.get((prompt, llm_string))

    def update(self, prompt: str, llm_string: str, return_val: Any) -> None:
        key = (prompt, llm_string)
        data = self._data
        if key not in data and len(data) >= self._maxsize:
            data.popitem(last=False)
        data[key] = return_val


class RawStore:
    """The raw store baseline: a dict, with no checks."""

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}

    def mget(self, keys: Sequence[str]) -> list[Any]:
        return list(map(self._data.get, keys))

    def mset(self, key_value_pairs: Sequence[tuple[str, Any]]) -> None:
        self._data.update(key_value_pairs)

    def mdelete(self, keys: Sequence[str]) -> None:
        pop = self._data.pop
        for key in keys:
            pop(key, None)

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        if prefix is None:
            return iter(list(self._data))
        return iter([key for key in self._data if key.startswith(prefix)])


CACHES: dict[str, Callable[[int], Cache]] = {
    REFERENCE: lambda maxsize: InMemoryCache(maxsize=maxsize),
    CORE: lambda maxsize: CoreCache(maxsize=maxsize),
    RAW: lambda maxsize: RawCache(maxsize=maxsize),
}

STORES: dict[str, Callable[[], Store]] = {
    REFERENCE: InMemoryStore,
    CORE: CoreStore,
    RAW: RawStore,
}

Steps = dict[str, list[Callable[[], object]]]
"""Each implementation's steps of one workload, in the order they run."""


@dataclass(frozen=True)
class Round:
    """The seconds each step of one workload took, by implementation."""

    seconds: dict[str, list[float]]

    def total(self, name: str) -> float:
        return sum(self.seconds[name])

    def speedup(self, over: str) -> float:
        """How many times as fast as ``over`` the reference ran a typical step."""
        pairs = zip(self.seconds[over], self.seconds[REFERENCE], strict=True)
        return statistics.median(other / reference for other, reference in pairs)


@dataclass(frozen=True)
class Target:
    """The reference runs a workload at least ``speedup`` times as fast as langchain-core.

    A target of 1 means no slower, and a tie within ``RESOLUTION`` meets it.
    """

    workload: str
    speedup: float

    def verdict(self, rounds: list[Round]) -> tuple[bool, str]:
        """Whether the median speedup meets the target, and a line that says so."""
        measured = statistics.median(r.speedup(CORE) for r in rounds)
        if self.speedup == 1.0:
            passed = measured >= 1.0 - RESOLUTION
            claim = f"no slower than {CORE} (ties within {RESOLUTION:.0%})"
        else:
            passed = measured >= self.speedup
            claim = f"at least {self.speedup:g}x as fast as {CORE}"
        line = f"{'PASS' if passed else 'FAIL'}  {self.workload}: {claim}; median {measured:.2f}x"
        return passed, line


def rotated(step: int) -> tuple[str, ...]:
    """The implementations in the order they run at a step; each goes first in turn."""
    shift = step % len(IMPLEMENTATIONS)
    return IMPLEMENTATIONS[shift:] + IMPLEMENTATIONS[:shift]


def interleaved(steps: Steps, offset: int) -> Round:
    """Run step i of every implementation before step i + 1 of any, timing each."""
    seconds: dict[str, list[float]] = {name: [] for name in steps}
    clock = time.perf_counter
    gc.collect()
    for i in range(len(steps[REFERENCE])):
        for name in rotated(offset + i):
            step = steps[name][i]
            start = clock()
            step()
            seconds[name].append(clock() - start)
    return Round(seconds)


def cache_round(maxsize: int, prompts: list[str], offset: int) -> Round:
    """New-key updates on a full cache, each evicting, each with a hit and a miss."""
    caches = {name: CACHES[name](maxsize) for name in rotated(offset)}
    for cache in caches.values():
        for prompt in prompts[:maxsize]:
            cache.update(prompt, LLM_STRING, RETURN_VAL)
    end = maxsize + UPDATES

    def chunk(cache: Cache, begin: int) -> Callable[[], None]:
        def run() -> None:
            update = cache.update
            lookup = cache.lookup
            for i in range(begin, min(begin + CHUNK, end)):
                update(prompts[i], LLM_STRING, RETURN_VAL)
                lookup(prompts[i - maxsize // 2], LLM_STRING)
                lookup(prompts[i - maxsize], LLM_STRING)

        return run

    begins = range(maxsize, end, CHUNK)
    timed = interleaved(
        {name: [chunk(cache, begin) for begin in begins] for name, cache in caches.items()},
        offset,
    )
    for name, cache in caches.items():
        if cache.lookup(prompts[end - 1], LLM_STRING) is None:
            raise AssertionError(f"{name}: the newest entry is missing")
        if cache.lookup(prompts[end - 1 - maxsize], LLM_STRING) is not None:
            raise AssertionError(f"{name}: an entry outlived its eviction")
    return timed


def store_rounds(batches: list[list[str]], offset: int) -> dict[str, Round]:
    """Each store operation over every key, batch by batch, by operation."""
    stores = {name: STORES[name]() for name in rotated(offset)}
    pairs = [[(key, index) for index, key in enumerate(batch)] for batch in batches]
    listed: dict[str, list[int]] = {name: [] for name in stores}

    def mset(store: Store, batch: list[tuple[str, int]]) -> Callable[[], None]:
        return lambda: store.mset(batch)

    def mget(store: Store, batch: list[str]) -> Callable[[], object]:
        return lambda: store.mget(batch)

    def yield_keys(store: Store, prefix: str, into: list[int]) -> Callable[[], None]:
        return lambda: into.append(len(list(store.yield_keys(prefix=prefix))))

    def mdelete(store: Store, batch: list[str]) -> Callable[[], None]:
        return lambda: store.mdelete(batch)

    rounds = {
        "mset": interleaved({n: [mset(s, b) for b in pairs] for n, s in stores.items()}, offset),
        "mget": interleaved({n: [mget(s, b) for b in batches] for n, s in stores.items()}, offset),
        "yield_keys": interleaved(
            {n: [yield_keys(s, p, listed[n]) for p in PREFIXES] for n, s in stores.items()},
            offset,
        ),
    }
    for name, store in stores.items():
        if store.mget(batches[-1]) != list(range(len(batches[-1]))):
            raise AssertionError(f"{name}: mget answered wrong values")
        if listed[name] != [STORE_KEYS // USERS] * len(PREFIXES):
            raise AssertionError(f"{name}: yield_keys listed the wrong keys")
    rounds["mdelete"] = interleaved(
        {n: [mdelete(s, b) for b in batches] for n, s in stores.items()}, offset
    )
    for name, store in stores.items():
        if list(store.yield_keys()):
            raise AssertionError(f"{name}: mdelete left keys behind")
    return rounds


def measure(rounds: int) -> dict[str, list[Round]]:
    """Every round of every workload, by workload."""
    prompts = [f"prompt number {i}" for i in range(max(CACHE_SIZES) + UPDATES)]
    keys = [f"user:{i % USERS:02d}:doc:{i}" for i in range(STORE_KEYS)]
    batches = [keys[i : i + BATCH] for i in range(0, STORE_KEYS, BATCH)]
    results: dict[str, list[Round]] = {}
    for offset in range(rounds):
        for size in CACHE_SIZES:
            results.setdefault(f"cache maxsize={size}", []).append(
                cache_round(size, prompts, offset)
            )
        for operation, timed in store_rounds(batches, offset).items():
            results.setdefault(f"store {operation}", []).append(timed)
        print(f"  round {offset + 1}/{rounds} done", file=sys.stderr, flush=True)
    return results


def spread(values: list[float]) -> str:
    """The median of ``values`` and their range."""
    return f"{statistics.median(values):5.2f}x [{min(values):.2f}-{max(values):.2f}]"


def report(results: dict[str, list[Round]], targets: list[Target]) -> bool:
    """Print the table and one verdict per target; True when every target is met."""
    header = (
        f"{'workload':<21}{REFERENCE:>11}{CORE:>16}{RAW:>10}"
        f"   {'speedup vs core [min-max]':<28}{'vs raw [min-max]'}"
    )
    print(header)
    print("-" * len(header))
    for workload, rounds in results.items():
        times = "".join(
            f"{statistics.median(r.total(name) for r in rounds) * 1e3:>{width}.1f}ms"
            for name, width in ((REFERENCE, 9), (CORE, 14), (RAW, 8))
        )
        vs_core = spread([r.speedup(CORE) for r in rounds])
        vs_raw = spread([r.speedup(RAW) for r in rounds])
        print(f"{workload:<21}{times}   {vs_core:<28}{vs_raw}")
    print()
    met = True
    for target in targets:
        passed, line = target.verdict(results[target.workload])
        met = met and passed
        print(line)
    return met


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, help="rounds to run (default 7, or 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a short run of fewer rounds")
    parser.add_argument("--no-check", action="store_true", help="print only; always exit 0")
    args = parser.parse_args(argv)
    rounds = args.rounds if args.rounds is not None else (3 if args.quick else 7)
    if rounds < 1:
        parser.error("--rounds must be at least 1")
    print(
        f"Python {platform.python_version()}, langchain-core {version('langchain-core')}, "
        f"{rounds} rounds.\n"
        f"cache: {UPDATES} new-key updates on a full cache, each evicting, each with a hit "
        f"and a miss, in steps of {CHUNK}.\n"
        f"store: {STORE_KEYS} keys in batches of {BATCH}, a batch a step; yield_keys lists "
        f"{len(PREFIXES)} prefixes of {STORE_KEYS // USERS} keys, a prefix a step.\n"
        f"raw: OrderedDict with popitem(last=False) for the cache, dict for the store.\n"
        f"Times are each implementation's total, median over rounds; a speedup is the median "
        f"over rounds of the median over steps of the time ratio on the same step.\n",
        flush=True,
    )
    results = measure(rounds)
    targets = [
        Target(f"cache maxsize={max(CACHE_SIZES)}", 5.0),
        Target(f"cache maxsize={min(CACHE_SIZES)}", 1.0),
        *(Target(f"store {operation}", 1.0) for operation in STORE_OPERATIONS),
    ]
    met = report(results, targets)
    return 0 if met or args.no_check else 1


if __name__ == "__main__":
    sys.exit(main())
