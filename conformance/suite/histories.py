"""Recording what many threads and tasks see when they share one instance.

A *plan* fixes, from a seed, how many async tasks and threads call one instance and
which calls each makes; the interleaving is whatever the scheduler does. Tasks go
through the async API and threads through the sync API, each only if the backend
offers it. Every call's start and end are stamped with one global counter, so the
history's real-time order is exact, and each call is split into one register
operation per key it touches (:mod:`storespec.conformance.core.linearizability`).
Each value written is distinct, so a value read names the call that wrote it.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final

import pytest
from hypothesis import settings
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, Generation

from storespec.conformance.core.adapter import Api
from storespec.conformance.core.domains import Domain
from storespec.conformance.core.errors import describe, raised_at
from storespec.conformance.core.linearizability import (
    EVERY_KEY,
    NOT_LINEARIZABLE,
    UNKNOWN,
    Operation,
    check,
)
from storespec.conformance.suite.checks import same_generations
from storespec.conformance.suite.harness import Instances

MIN_CLIENTS: Final = 2
MAX_CLIENTS: Final = 16
SWITCH_INTERVAL: Final = 1e-5
"""Seconds between the interpreter's thread switches while a history is recorded:
short, so that threads interleave inside calls, as they do on a loaded server."""

Runner = Callable[[Awaitable[Any]], Any]


@dataclass(frozen=True)
class Call:
    """One call a client makes: the sync method's name and its arguments."""

    method: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Plan:
    """Who calls what, drawn from ``seed``: ``tasks`` async clients and ``threads``
    sync clients, each with its own calls."""

    seed: int
    tasks: int
    threads: int
    calls: dict[str, tuple[Call, ...]]
    seconds: float
    """Wall time after which clients stop making new calls."""

    def summary(self) -> str:
        """The plan in one line, with the seed that reproduces it."""
        count = sum(len(c) for c in self.calls.values())
        return (
            f"seed {self.seed}: {self.tasks} async tasks and {self.threads} threads, "
            f"{count} calls on one instance"
        )


@dataclass
class History:
    """What the clients of one plan saw."""

    plan: Plan
    operations: list[Operation] = field(default_factory=list)
    raised: list[str] = field(default_factory=list)
    """Each call that raised, in words, with its exception."""
    unfinished: list[str] = field(default_factory=list)
    """Clients that had not finished when the recording gave up on them."""
    calls: int = 0

    def most_at_once(self) -> int:
        """The most calls that were in progress at one time."""
        spans = {(op.client, op.called, op.returned) for op in self.operations}
        events = sorted(
            [(called, 1) for _, called, _ in spans]
            + [(returned, -1) for _, _, returned in spans if returned is not None]
        )
        current = most = 0
        for _, change in events:
            current += change
            most = max(most, current)
        return most


@dataclass
class Values:
    """Distinct values to write, made one by one, and how to tell which one a read
    returned."""

    make: Callable[[int], Any]
    """The ``i``-th value; distinct for distinct ``i``."""
    same: Callable[[Any, Any], bool]
    items: list[Any] = field(default_factory=list)

    def fresh(self) -> int:
        """The token (index) of a value not written before."""
        self.items.append(self.make(len(self.items)))
        return len(self.items) - 1

    def token(self, found: Any) -> Hashable:
        """The index of the value ``found`` equals; None for None; else a stand-in
        that no write matches, naming what was read."""
        if found is None:
            return None
        guess = _index_in(found)
        if (
            guess is not None
            and 0 <= guess < len(self.items)
            and self.same(found, self.items[guess])
        ):
            return guess
        for index, value in enumerate(self.items):
            if self.same(found, value):
                return index
        return f"<a value never written: {_short(found)}>"

    def label(self, token: Hashable) -> str:
        """A value token in words."""
        if token is None:
            return "nothing"
        if isinstance(token, int):
            return f"value #{token} ({_size(self.items[token])})"
        return str(token)


def _index_in(found: Any) -> int | None:
    """The index every value made here carries at its start, if ``found`` has one."""
    try:
        if isinstance(found, bytes):
            return int.from_bytes(found[:4], "big")
        if isinstance(found, str):
            return int(found.split(":", 1)[0])
        if isinstance(found, dict):
            return int(found["n"])
        if isinstance(found, list) and found:
            first = found[0]
            if isinstance(first, int):
                return first
            return int(str(getattr(first, "text", "")).split(":", 1)[0])
    except (ValueError, KeyError, TypeError):
        return None
    return None


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _size(value: Any) -> str:
    if isinstance(value, bytes | str):
        return f"{type(value).__name__} of length {len(value):,}"
    return type(value).__name__


# -- drawing data ---------------------------------------------------------------------


def texts(domain: Domain[str], count: int, stem: str) -> list[str]:
    """``count`` distinct strings of ``domain``: non-ASCII where the domain allows."""
    found: list[str] = []
    for i in itertools.count():
        for candidate in (f"{stem}-ключ-{i}-é", f"{stem}{i}", f"{i}"):
            if domain.contains(candidate) and candidate not in found:
                found.append(candidate)
                break
        if len(found) == count:
            return found
        if i > count * 10:
            break
    msg = f"cannot find {count} distinct strings in the domain {domain.description!r}"
    raise ValueError(msg)


def store_values(domain: Domain[Any], rng: random.Random) -> Values:
    """Distinct values of ``domain``: incompressible bytes, non-ASCII text or JSON
    objects of non-round sizes, whichever the domain holds."""
    makers: tuple[Callable[[int, int], Any], ...] = (
        lambda i, size: i.to_bytes(4, "big") + rng.randbytes(size),
        lambda i, size: f"{i}:" + "".join(rng.choices("aé中ж😀 ", k=size // 8 + 1)),
        lambda i, size: {"n": i, "text": f"ответ {i}", "items": list(range(size % 7))},
        lambda i, size: [i, "ключ"],
    )
    fits = [m for m in makers if domain.contains(m(0, 10))]
    if not fits:
        msg = f"cannot make values in the domain {domain.description!r}"
        raise ValueError(msg)
    return Values(lambda i: fits[0](i, rng.randrange(1, 3000)), lambda a, b: bool(a == b))


def cache_values(domain: Domain[Any], rng: random.Random) -> Values:
    """Distinct generation lists of ``domain``, plain and chat, of non-round lengths."""

    def chat(i: int, words: str) -> list[Any]:
        return [ChatGeneration(message=AIMessage(content=f"{i}: {words}"))]

    def plain(i: int, words: str) -> list[Any]:
        return [Generation(text=f"{i}: {words}", generation_info={"n": i})]

    def bare(i: int, words: str) -> list[Any]:
        return [Generation(text=f"{i}: {words}")]

    fits = [m for m in (chat, plain, bare) if domain.contains(m(0, "x"))]
    if not fits:
        msg = f"cannot make generations in the domain {domain.description!r}"
        raise ValueError(msg)

    def make(i: int) -> list[Any]:
        words = "".join(rng.choices("abcdeжé ", k=rng.randrange(1, 400)))
        return fits[i % len(fits)](i, words)

    return Values(make, same_generations)


def draw_plan(
    seed: int,
    apis: frozenset[Api],
    make_calls: Callable[[random.Random, int], list[Call]],
    *,
    max_calls: int,
    seconds: float,
) -> Plan:
    """The clients and their calls for ``seed``: 2 to 16 tasks if the backend offers the
    async API, 2 to 16 threads if it offers the sync API, each making up to
    ``max_calls`` calls drawn by ``make_calls``."""
    if max_calls < 1:
        raise ValueError(f"max_calls must be at least 1, not {max_calls}")
    rng = random.Random(seed)
    tasks = rng.randint(MIN_CLIENTS, MAX_CLIENTS) if "async" in apis else 0
    threads = rng.randint(MIN_CLIENTS, MAX_CLIENTS) if "sync" in apis else 0
    calls: dict[str, tuple[Call, ...]] = {}
    for name in [f"task {i}" for i in range(tasks)] + [f"thread {i}" for i in range(threads)]:
        calls[name] = tuple(make_calls(rng, rng.randint(1, max_calls)))
    return Plan(seed, tasks, threads, calls, seconds)


# -- recording ------------------------------------------------------------------------


class _Clock:
    """One counter for every call and return of a history."""

    def __init__(self) -> None:
        self._next = itertools.count(1)
        self._lock = threading.Lock()

    def tick(self) -> int:
        with self._lock:
            return next(self._next)


Splitter = Callable[[str, Call, Any, int, int, bool], list[Operation]]
"""(client, call, result, called, returned, raised) -> the call's register operations."""


@contextmanager
def _interleaving() -> Iterator[None]:
    previous = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def record(instance: Any, plan: Plan, split: Splitter, run: Runner) -> History:
    """Run ``plan`` against ``instance``: its tasks on the loop ``run`` uses, its threads
    beside them, all started together; return what each call saw."""
    history = History(plan)
    clock = _Clock()
    lock = threading.Lock()
    go = threading.Event()
    stop_at = time.monotonic() + plan.seconds

    def note(
        client: str,
        call: Call,
        result: Any,
        error: BaseException | None,
        called: int,
        returned: int,
    ) -> None:
        ops = split(client, call, result, called, returned, error is not None)
        with lock:
            history.calls += 1
            history.operations.extend(ops)
            if error is not None:
                where = raised_at(error)
                history.raised.append(
                    f"{client}: {_call_text(call)} raised {describe(error)}"
                    + (f" (at {where})" if where else "")
                )

    def thread_client(name: str) -> None:
        go.wait()
        for call in plan.calls[name]:
            if time.monotonic() > stop_at:
                return
            called = clock.tick()
            try:
                result, error = getattr(instance, call.method)(*call.args), None
            except Exception as exc:
                result, error = None, exc
            note(name, call, result, error, called, clock.tick())
            time.sleep(0)

    async def task_client(name: str) -> None:
        for call in plan.calls[name]:
            if time.monotonic() > stop_at:
                return
            called = clock.tick()
            try:
                result = await getattr(instance, "a" + call.method)(*call.args)
                error = None
            except Exception as exc:
                result, error = None, exc
            note(name, call, result, error, called, clock.tick())
            await asyncio.sleep(0)

    threads = {
        name: threading.Thread(target=thread_client, args=(name,), daemon=True)
        for name in plan.calls
        if name.startswith("thread")
    }

    async def everyone() -> None:
        go.set()
        tasks = [task_client(name) for name in plan.calls if name.startswith("task")]
        await asyncio.gather(*tasks)

    with _interleaving():
        for thread in threads.values():
            thread.start()
        try:
            run(everyone())
        finally:
            go.set()
            grace = time.monotonic() + plan.seconds + 10
            for name, thread in threads.items():
                thread.join(max(0.0, grace - time.monotonic()))
                if thread.is_alive():
                    history.unfinished.append(name)
    return history


def record_on(instances: Instances, instance: Any, plan: Plan, split: Splitter) -> History:
    """The history of ``plan`` on ``instance``. An instance whose clients still run when
    the history ends is left unclosed: closing it could hang too."""
    history = record(instance, plan, split, instances.run)
    if history.unfinished:
        instances.leave(instance)
    return history


def _call_text(call: Call) -> str:
    shown = ", ".join(_arg_text(a) for a in call.args)
    return f"{call.method}({shown})"


def _arg_text(value: Any) -> str:
    if isinstance(value, list) and len(value) > 3:
        return f"[{len(value)} items]"
    if isinstance(value, list):
        return "[" + ", ".join(_arg_text(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(_arg_text(v) for v in value) + ")"
    return _short(value, 30)


# -- stores ---------------------------------------------------------------------------


@dataclass
class StoreWorkload:
    """Calls on a few shared keys, each write with a value of its own."""

    keys: Sequence[str]
    values: Values

    def calls(self, rng: random.Random, count: int) -> list[Call]:
        """``count`` calls: mset of 1-3 pairs, mget of 1-3 keys, mdelete of 1-2 keys."""
        made: list[Call] = []
        for _ in range(count):
            kind = rng.choices(("mset", "mget", "mdelete"), weights=(4, 5, 1))[0]
            if kind == "mset":
                keys = rng.sample(list(self.keys), rng.randint(1, 3))
                pairs = [(k, self.values.items[self.values.fresh()]) for k in keys]
                made.append(Call("mset", (pairs,)))
            elif kind == "mget":
                made.append(Call("mget", (rng.sample(list(self.keys), rng.randint(1, 3)),)))
            else:
                made.append(Call("mdelete", (rng.sample(list(self.keys), rng.randint(1, 2)),)))
        return made

    def split(
        self, client: str, call: Call, result: Any, called: int, returned: int, raised: bool
    ) -> list[Operation]:
        """One register operation per key the call touches."""
        (argument,) = call.args
        text = _call_text(call)
        if call.method == "mset":
            shown = ", ".join(
                f"({_short(k, 30)}, {self.values.label(self.values.token(v))})" for k, v in argument
            )
            text = f"mset([{shown}])"
        if call.method == "mset":
            return [
                Operation(
                    client,
                    called,
                    returned,
                    "put",
                    key,
                    self.values.token(value),
                    f"{text} wrote {self.values.label(self.values.token(value))} under {key!r}",
                    raised,
                )
                for key, value in argument
            ]
        if call.method == "mdelete":
            return [
                Operation(
                    client, called, returned, "delete", key, None, f"{text} deleted {key!r}", raised
                )
                for key in argument
            ]
        answers = None if raised else _answers(result, len(argument))
        ops = []
        for i, key in enumerate(argument):
            if answers is None:
                ops.append(
                    Operation(client, called, returned, "get", key, None, f"{text} raised", True)
                )
                continue
            token = self.values.token(answers[i])
            ops.append(
                Operation(
                    client,
                    called,
                    returned,
                    "get",
                    key,
                    token,
                    f"{text} read {self.values.label(token)} under {key!r}",
                )
            )
        return ops


def _answers(result: Any, count: int) -> list[Any]:
    answers = list(result) if isinstance(result, list | tuple) else []
    if len(answers) != count:
        return [f"<mget answered {_short(result)} for {count} keys>"] * count
    return answers


# -- caches ---------------------------------------------------------------------------


@dataclass
class CacheWorkload:
    """Calls on a few shared (prompt, llm_string) pairs, and an occasional clear."""

    pairs: Sequence[tuple[str, str]]
    values: Values
    clears: bool = True

    def calls(self, rng: random.Random, count: int) -> list[Call]:
        """``count`` calls: update, lookup and (if ``clears``) now and then clear."""
        made: list[Call] = []
        weights = (5, 5, 1 if self.clears else 0)
        for _ in range(count):
            kind = rng.choices(("update", "lookup", "clear"), weights=weights)[0]
            prompt, llm = rng.choice(list(self.pairs))
            if kind == "update":
                made.append(Call("update", (prompt, llm, self.values.items[self.values.fresh()])))
            elif kind == "lookup":
                made.append(Call("lookup", (prompt, llm)))
            else:
                made.append(Call("clear", ()))
        return made

    def split(
        self, client: str, call: Call, result: Any, called: int, returned: int, raised: bool
    ) -> list[Operation]:
        """The call as one operation on its pair's register (clear: on every pair)."""
        text = _call_text(call)
        if call.method == "clear":
            return [Operation(client, called, returned, "delete", EVERY_KEY, None, text, raised)]
        pair = (call.args[0], call.args[1])
        if call.method == "update":
            token = self.values.token(call.args[2])
            prompt, llm = (_short(a, 30) for a in pair)
            words = f"update({prompt}, {llm}, {self.values.label(token)})"
            return [Operation(client, called, returned, "put", pair, token, words, raised)]
        if raised:
            return [Operation(client, called, returned, "get", pair, None, f"{text} raised", True)]
        token = self.values.token(result)
        words = f"{text} found {self.values.label(token)}"
        return [Operation(client, called, returned, "get", pair, token, words)]


# -- budgets --------------------------------------------------------------------------

MAX_CALLS: Final = 30
"""Calls at most per client in one history."""
SECONDS: Final = 5.0
"""Wall time after which a history's clients stop making calls."""
CHECK_SECONDS: Final = 20.0
"""Time the checker may spend on one history before it answers unknown."""
SEED_VARIABLE: Final = "STORESPEC_CONCURRENCY_SEED"
"""Set to a seed a failure printed to record that history alone."""


def seeds() -> list[int]:
    """The seeds of the histories one test records: a few under the quick and default
    budgets (fixed when the profile is derandomized, so verdicts repeat), many under
    the thorough one; only the seed in ``STORESPEC_CONCURRENCY_SEED`` when it is set."""
    chosen = os.environ.get(SEED_VARIABLE, "").strip()
    if chosen:
        try:
            return [int(chosen)]
        except ValueError:
            msg = f"{SEED_VARIABLE} must be an integer seed, not {chosen!r}"
            raise ValueError(msg) from None
    current = settings.default
    examples = current.max_examples if current is not None else 50
    rounds = max(2, examples // 16)
    derandomized = current is not None and current.derandomize
    base = 0 if derandomized else random.SystemRandom().randrange(2**32)
    return [base + i for i in range(rounds)]


def assert_linearizable(record: Callable[[int], History]) -> None:
    """Every history recorded for the run's seeds is linearizable per key; a history whose
    clients hung, or that the checker could not decide in time, leaves the test undecided."""
    undecided: list[str] = []
    for seed in seeds():
        history = record(seed)
        if history.unfinished:
            undecided.append(f"{history.plan.summary()}: {', '.join(history.unfinished)} hung")
            continue
        result = check(history.operations, seconds=CHECK_SECONDS)
        assert result.outcome != NOT_LINEARIZABLE, (
            f"{result.explain()}\n"
            f"{history.plan.summary()} ({SEED_VARIABLE}={seed} records it alone)"
        )
        if result.outcome == UNKNOWN:
            undecided.append(f"{history.plan.summary()}: {result.reason}")
    if undecided:
        pytest.skip("not decided: " + "; ".join(undecided))


def assert_no_errors(record: Callable[[int], History]) -> None:
    """No call of any history recorded for the run's seeds raised, and every client finished."""
    for seed in seeds():
        history = record(seed)
        problems = history.raised + [f"{name} did not finish" for name in history.unfinished]
        # The failed calls lead: a reason is cut at its length limit, and they are what
        # a finding matches.
        assert not problems, (
            f"{len(problems)} of {history.calls} calls failed, the first: "
            + "; ".join(problems[:3])
            + f" ({history.plan.summary()}; {SEED_VARIABLE}={seed} records it alone)"
        )
