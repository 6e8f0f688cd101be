"""Time the reference store and cache against langchain-core and a raw baseline.

Every round runs each implementation once per workload, in an order that
rotates from round to round, and the ratios are taken within a round; the
report gives the median ratio with its min and max over the rounds, so a slow
moment of a noisy machine shifts one round, not the verdict. The exit status
is nonzero when a target is missed, unless ``--no-check`` is given.
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

STORE_KEYS = 200_000
BATCH = 1_000
USERS = 100
PREFIXES = tuple(f"user:{user:02d}:" for user in range(0, USERS, USERS // 10))
STORE_OPERATIONS = ("mset", "mget", "yield_keys", "mdelete")
CHUNK = 1_000


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


@dataclass(frozen=True)
class Target:
    """A workload on which the reference must be at least ``speedup`` times as fast as core."""

    workload: str
    speedup: float


@dataclass
class Samples:
    """The seconds each implementation took on one workload, one entry per round."""

    times: dict[str, list[float]]

    def median(self, name: str) -> float:
        return statistics.median(self.times[name])

    def speedups(self, over: str) -> list[float]:
        """How many times faster the reference was than ``over``, round by round."""
        return [o / r for o, r in zip(self.times[over], self.times[REFERENCE], strict=True)]


def rotated(step: int) -> tuple[str, ...]:
    """The implementations in the order they run at a step; each goes first in turn."""
    shift = step % len(IMPLEMENTATIONS)
    return IMPLEMENTATIONS[shift:] + IMPLEMENTATIONS[:shift]


def interleaved(steps: dict[str, list[Callable[[], object]]]) -> dict[str, float]:
    """The seconds each implementation's steps take in all.

    Step i of every implementation runs before step i + 1 of any, so a slow
    moment of the machine falls on all implementations alike.
    """
    totals = dict.fromkeys(steps, 0.0)
    count = len(next(iter(steps.values())))
    clock = time.perf_counter
    for i in range(count):
        for name in rotated(i):
            step = steps[name][i]
            start = clock()
            step()
            totals[name] += clock() - start
    return totals


def time_caches(maxsize: int, updates: int, prompts: list[str]) -> dict[str, float]:
    """Seconds for ``updates`` new-key updates on a full cache, each with a hit and a miss."""
    caches = {name: make(maxsize) for name, make in CACHES.items()}
    for cache in caches.values():
        for prompt in prompts[:maxsize]:
            cache.update(prompt, LLM_STRING, RETURN_VAL)
    half = maxsize // 2

    def chunk(cache: Cache, begin: int) -> Callable[[], None]:
        def run() -> None:
            update = cache.update
            lookup = cache.lookup
            for i in range(begin, min(begin + CHUNK, maxsize + updates)):
                update(prompts[i], LLM_STRING, RETURN_VAL)
                lookup(prompts[i - half], LLM_STRING)
                lookup(prompts[i - maxsize], LLM_STRING)

        return run

    begins = range(maxsize, maxsize + updates, CHUNK)
    gc.collect()
    seconds = interleaved(
        {name: [chunk(cache, begin) for begin in begins] for name, cache in caches.items()}
    )
    last = maxsize + updates - 1
    for name, cache in caches.items():
        if cache.lookup(prompts[last], LLM_STRING) is None:
            raise AssertionError(f"{name}: the newest entry is missing")
        if cache.lookup(prompts[last - maxsize], LLM_STRING) is not None:
            raise AssertionError(f"{name}: an entry outlived its eviction")
    return seconds


def time_stores(batches: list[list[str]]) -> dict[str, dict[str, float]]:
    """Seconds for each store operation over every key, by operation and implementation."""
    stores = {name: make() for name, make in STORES.items()}
    pairs = [[(key, index) for index, key in enumerate(batch)] for batch in batches]
    found: dict[str, list[int]] = {name: [] for name in stores}

    def mset(store: Store, batch: list[tuple[str, int]]) -> Callable[[], None]:
        return lambda: store.mset(batch)

    def mget(store: Store, batch: list[str]) -> Callable[[], object]:
        return lambda: store.mget(batch)

    def yield_keys(store: Store, prefix: str, into: list[int]) -> Callable[[], None]:
        return lambda: into.append(len(list(store.yield_keys(prefix=prefix))))

    def mdelete(store: Store, batch: list[str]) -> Callable[[], None]:
        return lambda: store.mdelete(batch)

    phases: dict[str, dict[str, list[Callable[[], object]]]] = {
        "mset": {name: [mset(s, batch) for batch in pairs] for name, s in stores.items()},
        "mget": {name: [mget(s, batch) for batch in batches] for name, s in stores.items()},
        "yield_keys": {
            name: [yield_keys(s, prefix, found[name]) for prefix in PREFIXES]
            for name, s in stores.items()
        },
        "mdelete": {name: [mdelete(s, batch) for batch in batches] for name, s in stores.items()},
    }
    seconds: dict[str, dict[str, float]] = {}
    for operation, steps in phases.items():
        if operation == "mdelete":
            for name, store in stores.items():
                if store.mget(batches[-1]) != list(range(len(batches[-1]))):
                    raise AssertionError(f"{name}: mget answered wrong values")
        gc.collect()
        seconds[operation] = interleaved(steps)
    for name, store in stores.items():
        if found[name] != [STORE_KEYS // USERS] * len(PREFIXES):
            raise AssertionError(f"{name}: yield_keys listed the wrong keys")
        if list(store.yield_keys()):
            raise AssertionError(f"{name}: mdelete left keys behind")
    return seconds


def measure(rounds: int, updates: int) -> dict[str, Samples]:
    """Every workload's samples, by workload name."""
    prompts = [f"prompt number {i}" for i in range(max(CACHE_SIZES) + updates)]
    keys = [f"user:{i % USERS:02d}:doc:{i}" for i in range(STORE_KEYS)]
    batches = [keys[i : i + BATCH] for i in range(0, STORE_KEYS, BATCH)]
    workloads = [f"cache maxsize={size}" for size in CACHE_SIZES]
    workloads += [f"store {operation}" for operation in STORE_OPERATIONS]
    samples = {w: Samples({name: [] for name in IMPLEMENTATIONS}) for w in workloads}
    for round_index in range(rounds):
        results = {
            f"cache maxsize={size}": time_caches(size, updates, prompts) for size in CACHE_SIZES
        }
        results.update({f"store {op}": t for op, t in time_stores(batches).items()})
        for workload, seconds in results.items():
            for name, value in seconds.items():
                samples[workload].times[name].append(value)
        print(f"  round {round_index + 1}/{rounds} done", file=sys.stderr, flush=True)
    return samples


def spread(values: list[float]) -> str:
    """The median of ``values`` with its range, as a speedup."""
    return f"{statistics.median(values):5.2f}x [{min(values):.2f}-{max(values):.2f}]"


def report(samples: dict[str, Samples], targets: list[Target]) -> bool:
    """Print the table and one verdict per target; True when every target is met."""
    header = (
        f"{'workload':<24}{REFERENCE:>11}{CORE:>16}{RAW:>11}"
        f"   {'speedup vs core [min-max]':<28}{'vs raw [min-max]':<24}"
    )
    print(header)
    print("-" * len(header))
    for workload, sample in samples.items():
        times = "".join(
            f"{sample.median(name) * 1e3:>{width}.1f}ms"
            for name, width in ((REFERENCE, 9), (CORE, 14), (RAW, 9))
        )
        print(
            f"{workload:<24}{times}   {spread(sample.speedups(CORE)):<28}"
            f"{spread(sample.speedups(RAW)):<24}"
        )
    print()
    met = True
    for target in targets:
        speedup = statistics.median(samples[target.workload].speedups(CORE))
        passed = speedup >= target.speedup
        met = met and passed
        print(
            f"{'PASS' if passed else 'FAIL'}  {target.workload}: reference at least "
            f"{target.speedup:g}x as fast as {CORE} (median {speedup:.2f}x)"
        )
    return met


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=None, help="rounds to run (default 7)")
    parser.add_argument("--quick", action="store_true", help="a short run of fewer rounds")
    parser.add_argument("--no-check", action="store_true", help="print only; always exit 0")
    args = parser.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 7)
    updates = 20_000 if args.quick else 50_000
    print(
        f"Python {platform.python_version()}, langchain-core {version('langchain-core')}, "
        f"{rounds} rounds; times are medians, speedups are taken round by round.\n"
        f"cache: {updates} new-key updates on a full cache, each evicting, "
        f"each with a hit and a miss.\n"
        f"store: {STORE_KEYS} keys in batches of {BATCH}; yield_keys lists "
        f"{len(PREFIXES)} prefixes of {STORE_KEYS // USERS} keys each.\n"
        f"raw: OrderedDict with popitem(last=False) for the cache, dict for the store.\n"
    )
    samples = measure(rounds, updates)
    targets = [
        Target(f"cache maxsize={max(CACHE_SIZES)}", 5.0),
        Target(f"cache maxsize={min(CACHE_SIZES)}", 1.0),
        *(Target(f"store {operation}", 1.0) for operation in STORE_OPERATIONS),
    ]
    met = report(samples, targets)
    return 0 if met or args.no_check else 1


if __name__ == "__main__":
    sys.exit(main())
