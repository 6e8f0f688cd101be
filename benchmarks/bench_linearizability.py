"""Time the linearizability checker on histories of 100, 1,000 and 10,000 operations.

Each history is made by simulating clients that overlap: every operation gets a call
and a return on one global clock and takes effect at a random instant between them,
on a register per key, so the history is linearizable by construction. A second
history of each size has one read changed to return a value that was overwritten
before the read was called: the checker must find it and cut it down to a minimal
witness. Histories spread over 10 keys show what partitioning per key buys; those on
one key, where all 16 clients overlap, are the hard case. Each time is the median of
``--repeat`` runs; the stale-read time includes cutting the witness down.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import platform
import random
import statistics
import sys
import time
from dataclasses import replace

from storespec.conformance.core.linearizability import (
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    Operation,
    check,
)

SIZES = (100, 1_000, 10_000)
CLIENTS = 16


def simulated(count: int, keys: int, seed: int) -> list[Operation]:
    """A linearizable history of ``count`` operations by ``CLIENTS`` clients."""
    rng = random.Random(seed)
    # Each client's next operation: (call instant, client). Effects happen in order of
    # their instants; calls and returns are numbered on one clock afterwards.
    pending: list[tuple[float, int]] = [(rng.random(), c) for c in range(CLIENTS)]
    heapq.heapify(pending)
    planned: list[tuple[float, float, float, int, str, str, int]] = []
    written = 0
    while len(planned) < count:
        start, client = heapq.heappop(pending)
        length = rng.expovariate(1.0)
        effect = start + rng.random() * length
        kind = rng.choices(("put", "get", "delete"), weights=(4, 5, 1))[0]
        key = f"k{rng.randrange(keys)}"
        written += 1
        planned.append((start, effect, start + length, client, kind, key, written))
        heapq.heappush(pending, (start + length + rng.random() * 0.1, client))
    state: dict[str, int | None] = {}
    seen: dict[int, int | None] = {}
    for index in sorted(range(len(planned)), key=lambda i: planned[i][1]):
        _, _, _, _, kind, key, value = planned[index]
        if kind == "put":
            state[key] = value
        elif kind == "delete":
            state[key] = None
        else:
            seen[index] = state.get(key)
    instants = sorted(
        [(p[0], i, "call") for i, p in enumerate(planned)]
        + [(p[2], i, "return") for i, p in enumerate(planned)]
    )
    position: dict[tuple[int, str], int] = {
        (i, what): n for n, (_, i, what) in enumerate(instants, start=1)
    }
    ops = []
    for i, (_, _, _, client, kind, key, value) in enumerate(planned):
        token = value if kind == "put" else seen.get(i)
        ops.append(
            Operation(
                f"client {client}",
                position[(i, "call")],
                position[(i, "return")],
                kind,  # type: ignore[arg-type]
                key,
                token if kind != "delete" else None,
            )
        )
    return ops


def with_stale_read(ops: list[Operation], seed: int) -> list[Operation]:
    """``ops`` with one read changed to return a value overwritten before it was called."""
    rng = random.Random(seed)
    reads = [i for i, op in enumerate(ops) if op.kind == "get"]
    rng.shuffle(reads)
    for i in reads:
        read = ops[i]
        puts = sorted(
            (op for op in ops if op.kind == "put" and op.key == read.key),
            key=lambda op: op.called,
        )
        for old, new in itertools.pairwise(puts):
            assert new.returned is not None
            if new.returned < read.called and old.value != read.value:
                changed = list(ops)
                changed[i] = replace(read, value=old.value)
                return changed
    raise RuntimeError("no read can be made stale in this history")


def timed(ops: list[Operation], repeat: int, expect: str) -> tuple[float, int]:
    times = []
    witness = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = check(ops, seconds=600)
        times.append(time.perf_counter() - start)
        assert result.outcome == expect, result.explain()
        witness = len(result.witness)
    return statistics.median(times), witness


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per history (default 3)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--one-key-up-to",
        type=int,
        default=1_000,
        help="also time histories on one key up to this size (default 1,000)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    print(f"python {platform.python_version()} on {platform.machine()}, {CLIENTS} clients")
    print(f"{'operations':>10} {'keys':>5} {'linearizable':>14} {'stale read':>12} {'witness':>8}")
    for size in args.sizes:
        for keys in (10, 1) if size <= args.one_key_up_to else (10,):
            ops = simulated(size, keys, seed=size + keys)
            good, _ = timed(ops, args.repeat, LINEARIZABLE)
            bad, witness = timed(with_stale_read(ops, seed=size), args.repeat, NOT_LINEARIZABLE)
            print(f"{size:>10,} {keys:>5} {good:>13.3f}s {bad:>11.3f}s {witness:>8}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
