"""Linearizability of a concurrent history against a sequential register model.

A history is linearizable when each operation can be given one instant between its
call and its return such that, taken in that order, the operations give the results
a single sequential instance would give. No maintained Python checker exists (the
known ones are Porcupine, in Go, and Knossos, in Clojure), so this module holds a
small one: the search of Wing & Gong as refined by Lowe ("Testing for
linearizability", 2017), memoised on (set of operations linearized, model state) as
Porcupine does, with the history partitioned per key (P-compositionality, Horn &
Kroening 2015): a history of independent registers is linearizable exactly when each
register's history is. Operations of one effect whose intervals do not nest (two
deletes, say) are linearized in call order only, since they can swap instants.

The model is a register per key. ``put`` writes a value, ``get`` reads one (``None``
when absent) and ``delete`` empties the register. Values are tokens: any hashable
stand-ins, compared by equality. An operation under the key :data:`EVERY_KEY` (a
cache's ``clear``) acts on every register and is put in every key's history; checked
that way, a history can pass that no single order explains across keys, but no
linearizable history ever fails.

An operation that never returned (``returned is None``), or raised (``raised``), may
have taken effect or not: it may be linearized anywhere after its call, which at the
very end means not at all; a ``get`` without a result constrains nothing. A client
that saw its call raise goes on to its next call.

Checking is NP-complete in the worst case; each check has a time budget and answers
:data:`UNKNOWN` when it runs out, never hangs.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

Kind = Literal["put", "get", "delete"]
KINDS: Final[frozenset[str]] = frozenset({"put", "get", "delete"})

EVERY_KEY: Final = "<every key>"
"""The key of an operation that acts on every register, such as a cache's ``clear``."""

LINEARIZABLE: Final = "linearizable"
NOT_LINEARIZABLE: Final = "not linearizable"
UNKNOWN: Final = "unknown"
Outcome = Literal["linearizable", "not linearizable", "unknown"]

_CHECK_EVERY: Final = 1024
"""Search steps between two looks at the clock."""


class HistoryError(ValueError):
    """A history that is not well formed: a return before its call, an unknown kind."""


@dataclass(frozen=True)
class Operation:
    """One call on one register, as a client saw it.

    ``called`` and ``returned`` are positions in one global order of calls and returns
    (a monotonic counter); ``returned`` is None when the call never returned, and
    ``raised`` is true when it returned by raising. ``value`` is the token a ``put``
    wrote or a ``get`` read (None: read nothing).
    """

    client: str
    called: int
    returned: int | None
    kind: Kind
    key: Hashable
    value: Hashable = None
    text: str = ""
    raised: bool = False
    """The call in words, for explanations; a default is made from the fields."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            msg = f"operation kind must be one of {sorted(KINDS)}, not {self.kind!r}"
            raise HistoryError(msg)
        if self.returned is not None and self.returned <= self.called:
            msg = f"operation returned at {self.returned}, not after its call at {self.called}"
            raise HistoryError(msg)

    @property
    def pending(self) -> bool:
        """Whether the operation's effect is uncertain: it never returned, or raised."""
        return self.returned is None or self.raised

    @property
    def ended(self) -> float:
        """The last instant the operation may take effect: its return; infinity when
        its effect is uncertain."""
        return float("inf") if self.returned is None or self.raised else self.returned

    def describe(self) -> str:
        """The operation in one line: who, what, and when."""
        what = self.text or _default_text(self)
        if self.returned is None:
            until = "never returned"
        else:
            until = f"{'raised' if self.raised else 'returned'} at {self.returned}"
        return f"{self.client}: {what} (called at {self.called}, {until})"


def _default_text(op: Operation) -> str:
    key = "every key" if op.key == EVERY_KEY else f"key {op.key!r}"
    if op.kind == "put":
        return f"put {op.value!r} under {key}"
    if op.kind == "delete":
        return f"delete {key}"
    if op.pending:
        return f"get {key} (no result)"
    found = "nothing" if op.value is None else repr(op.value)
    return f"get {key} -> {found}"


@dataclass(frozen=True)
class Check:
    """The verdict on one history: the outcome and, when it is not linearizable, the
    smallest sub-history of one key that is not either."""

    outcome: Outcome
    key: Hashable = None
    """The key whose history decided the outcome (the failing or timed-out one)."""
    witness: tuple[Operation, ...] = ()
    """A sub-history of ``key`` that is not linearizable, from which no single
    operation can be removed without it becoming linearizable."""
    operations: int = 0
    partitions: int = 0
    reason: str = ""

    @property
    def ok(self) -> bool:
        """Whether the history is known to be linearizable."""
        return self.outcome == LINEARIZABLE

    def explain(self) -> str:
        """The verdict in words; for a failure, the witness, one operation a line."""
        if self.outcome == LINEARIZABLE:
            return f"linearizable: {self.operations} operations on {self.partitions} keys"
        if self.outcome == UNKNOWN:
            return f"unknown: {self.reason}"
        # The cause first: reports keep the first few hundred characters of a failure.
        lines = [
            f"not linearizable on key {self.key!r}: {self.reason}" if self.reason else "",
            f"no order of these {len(self.witness)} operations, each placed between its call "
            "and its return, gives the results observed:",
        ]
        lines += [f"  {op.describe()}" for op in sorted(self.witness, key=lambda o: o.called)]
        return "\n".join(line for line in lines if line)


@dataclass
class _Budget:
    seconds: float
    start: float = field(default_factory=time.monotonic)

    def spent(self) -> bool:
        return time.monotonic() - self.start > self.seconds


class _OutOfTime(Exception):
    pass


def check(history: Iterable[Operation], *, seconds: float = 10.0) -> Check:
    """Decide whether ``history`` is linearizable, key by key, within ``seconds``.

    Raises HistoryError for a history that is not well formed (a client with two
    calls open at once, two events at the same position).
    """
    if seconds <= 0:
        raise HistoryError(f"the time budget must be positive, not {seconds!r}")
    ops = list(history)
    _check_well_formed(ops)
    parts = {key: pruned(part) for key, part in partition(ops).items()}
    budget = _Budget(seconds)
    for key, part in sorted(parts.items(), key=lambda item: repr(item[0])):
        try:
            fine = _linearizable(part, budget)
        except _OutOfTime:
            reason = (
                f"the search ran out of its {seconds:g} s budget on key {key!r} "
                f"({len(part)} operations)"
            )
            return Check(UNKNOWN, key, (), len(ops), len(parts), reason)
        if not fine:
            try:
                witness = minimal(part, budget)
            except _OutOfTime:
                witness = tuple(part)
            return Check(NOT_LINEARIZABLE, key, witness, len(ops), len(parts), _why(witness))
    return Check(LINEARIZABLE, None, (), len(ops), len(parts))


def partition(history: Sequence[Operation]) -> dict[Hashable, list[Operation]]:
    """Each key's history; operations on every key join each of them."""
    parts: dict[Hashable, list[Operation]] = {}
    shared = [op for op in history if op.key == EVERY_KEY]
    for op in history:
        if op.key != EVERY_KEY:
            parts.setdefault(op.key, []).append(op)
    for part in parts.values():
        part.extend(shared)
    if not parts and shared:
        parts[EVERY_KEY] = list(shared)
    return parts


def pruned(ops: Sequence[Operation]) -> list[Operation]:
    """``ops`` without the operations of uncertain effect that cannot matter: a ``get``
    without a result, and a ``put`` whose value no ``get`` returned (taking effect last
    is as good as never). Either way the verdict is the same, and the search does not
    try every place for them."""
    read = {op.value for op in ops if op.kind == "get" and not op.pending}
    return [
        op
        for op in ops
        if not op.pending or op.kind == "delete" or (op.kind == "put" and op.value in read)
    ]


def _check_well_formed(ops: Sequence[Operation]) -> None:
    """Each position holds one event, except that the operations one batch call is
    split into (same client, call and return) share theirs; a client waits for each
    call to return before it makes the next."""
    seen: dict[int, Operation] = {}
    calls: dict[tuple[str, int, int | None], Operation] = {}
    for op in ops:
        calls.setdefault((op.client, op.called, op.returned), op)
        for position in (op.called, op.returned):
            if position is None:
                continue
            other = seen.setdefault(position, op)
            same_call = (other.client, other.called, other.returned) == (
                op.client,
                op.called,
                op.returned,
            )
            if not same_call:
                msg = f"two events at position {position}: {other} and {op}"
                raise HistoryError(msg)
    by_client: dict[str, list[Operation]] = {}
    for op in calls.values():
        by_client.setdefault(op.client, []).append(op)
    for client, own in by_client.items():
        own.sort(key=lambda o: o.called)
        for before, after in itertools.pairwise(own):
            if before.returned is None or before.returned > after.called:
                msg = f"{client} called {after} before {before} returned"
                raise HistoryError(msg)


def _step(state: Hashable, op: Operation) -> tuple[bool, Hashable]:
    if op.kind == "put":
        return True, op.value
    if op.kind == "delete":
        return True, None
    if op.pending:
        return True, state
    return op.value == state, state


def _linearizable(ops: Sequence[Operation], budget: _Budget) -> bool:
    """Lowe's search over the call/return events of one register's history."""
    n = len(ops)
    if n == 0:
        return True
    # Events: (position, is_return, op index). A never-returned op returns after all.
    last = max(max(op.called for op in ops), max(op.returned or 0 for op in ops)) + 1
    events: list[tuple[float, int, int]] = []
    for i, op in enumerate(ops):
        events.append((op.called, 0, i))
        events.append((last + i if op.pending else op.ended, 1, i))
    events.sort()
    size = len(events)
    # Doubly linked list over the events, with a head sentinel at index ``size``.
    head = size
    nxt = [*range(1, size), -1, 0]
    prv = [head, *range(size - 1), -1]
    is_return = [e[1] == 1 for e in events]
    op_of = [e[2] for e in events]
    match = [0] * size  # call event -> its return event
    call_at = [0] * n
    for index, (_, ret, i) in enumerate(events):
        if ret:
            match[call_at[i]] = index
        else:
            call_at[i] = index

    def lift(index: int) -> None:
        for e in (index, match[index]):
            nxt[prv[e]] = nxt[e]
            if nxt[e] != -1:
                prv[nxt[e]] = prv[e]

    def unlift(index: int) -> None:
        for e in (match[index], index):
            if nxt[e] != -1:
                prv[nxt[e]] = e
            nxt[prv[e]] = e

    need = _interchangeable_before(ops)
    state: Hashable = None
    linearized = 0
    seen: set[tuple[int, Hashable]] = set()
    stack: list[tuple[int, Hashable]] = []
    entry = nxt[head]
    steps = 0
    while nxt[head] != -1:
        steps += 1
        if steps % _CHECK_EVERY == 0 and budget.spent():
            raise _OutOfTime
        if not is_return[entry]:
            i = op_of[entry]
            if linearized & need[i] != need[i]:
                entry = nxt[entry]
                continue
            fits, after = _step(state, ops[i])
            if fits:
                marked = linearized | (1 << i)
                if (marked, after) not in seen:
                    seen.add((marked, after))
                    stack.append((entry, state))
                    state, linearized = after, marked
                    lift(entry)
                    entry = nxt[head]
                    continue
            entry = nxt[entry]
        else:
            if not stack:
                return False
            entry, state = stack.pop()
            linearized &= ~(1 << op_of[entry])
            unlift(entry)
            entry = nxt[entry]
    return True


def _effect(op: Operation) -> tuple[Hashable, ...]:
    """What an operation does to, or requires of, the register: equal for operations that
    can stand in for each other at one instant."""
    if op.kind == "delete":
        return ("delete",)
    if op.kind == "get" and op.pending:
        return ("get", "no result")
    return (op.kind, op.value)


def _interchangeable_before(ops: Sequence[Operation]) -> list[int]:
    """For each operation, the set (a bit mask) of operations of the same effect that the
    search linearizes before it: those called no later and ending no later.

    Two such operations can swap their instants in any linearization (each instant lies
    within both intervals) without changing a result, so every linearizable history has
    a linearization in this order; searching only those prunes the orders of
    interchangeable operations, which otherwise grow as 2 ** n, as with many deletes
    (a cache's ``clear``) that raised and so may have taken effect or not."""
    need = [0] * len(ops)
    groups: dict[tuple[Hashable, ...], list[int]] = {}
    for i, op in enumerate(ops):
        groups.setdefault(_effect(op), []).append(i)
    for members in groups.values():
        members.sort(key=lambda i: (ops[i].called, ops[i].ended, i))
        for position, i in enumerate(members):
            for j in members[:position]:
                if ops[j].ended <= ops[i].ended:
                    need[i] |= 1 << j
    return need


def _unwritten(ops: Sequence[Operation]) -> set[Hashable]:
    written = {op.value for op in ops if op.kind == "put"}
    return {
        op.value for op in ops if op.kind == "get" and not op.pending and op.value is not None
    } - written


def _deletes_needed(ops: Sequence[Operation], trial: Sequence[Operation]) -> list[Operation]:
    """The deletes of ``ops`` that a sub-history ``trial`` must keep to stand for ``ops``:
    every one called before a read in ``trial`` that found nothing returned, since such a
    delete may be what that read saw."""
    ends = [op.ended for op in trial if op.kind == "get" and not op.pending and op.value is None]
    if not ends:
        return []
    last = max(ends)
    return [op for op in ops if op.kind == "delete" and op.called < last]


def minimal(ops: Sequence[Operation], budget: _Budget | None = None) -> tuple[Operation, ...]:
    """A sub-history of non-linearizable ``ops`` that is not linearizable either and
    loses that as soon as any one operation is removed, and that is a witness against
    ``ops``: removing reads, writes of values it does not read, and deletes called after
    its last read of nothing never turns a linearizable history into one that is not, so
    those are all it drops (a read keeps the write that explains it, and a read of
    nothing every delete it may have seen).

    The shortest failing prefix (in call order) is found first, then ever smaller
    runs of operations are removed while the rest still fails, down to single ones."""
    budget = budget or _Budget(10.0)
    unwritten = _unwritten(ops)

    def fails(trial: Sequence[Operation]) -> bool:
        if not _unwritten(trial) <= unwritten:
            return False
        kept = {id(op) for op in trial}
        if any(id(op) not in kept for op in _deletes_needed(ops, trial)):
            return False
        return not _linearizable(trial, budget)

    kept = sorted(ops, key=lambda o: o.called)
    small = _small_witness(kept, fails)
    if small is not None:
        kept = small
    low, high = 1, len(kept)
    while low < high:
        middle = (low + high) // 2
        if fails(kept[:middle]):
            high = middle
        else:
            low = middle + 1
    if fails(kept[:high]):
        kept = kept[:high]
    size = max(1, len(kept) // 2)
    while True:
        removed = False
        start = 0
        while start < len(kept):
            trial = kept[:start] + kept[start + size :]
            if trial and fails(trial):
                kept = trial
                removed = True
            else:
                start += size
        if size == 1 and not removed:
            break
        if not removed:
            size = max(1, size // 2)
    return tuple(kept)


RECENT: Final = 8
"""Writes, before a read, among which a small witness is looked for."""


def _small_witness(
    ops: Sequence[Operation], fails: Callable[[Sequence[Operation]], bool]
) -> list[Operation] | None:
    """A failing sub-history of at most three operations around one read, if there is
    one: the read, the write of the value it returned, and one of the last writes that
    returned before it was called (and, for a read of nothing, the deletes it may have
    seen). Most stale and lost reads have such a witness, and
    checking these is cheap where cutting down the whole history is not."""
    writer = {op.value: op for op in ops if op.kind == "put"}
    for read in ops:
        if read.kind != "get" or read.pending:
            continue
        before = [o for o in ops if o.kind != "get" and not o.pending and o.ended < read.called]
        recent = sorted(before, key=lambda o: o.ended)[-RECENT:]
        source = writer.get(read.value) if read.value is not None else None
        candidates: list[list[Operation]] = [[o, read] for o in recent]
        if source is not None:
            candidates += [[source, o, read] for o in recent if o is not source]
        for trial in candidates:
            trial += [d for d in _deletes_needed(ops, trial) if all(d is not o for o in trial)]
            if fails(sorted(trial, key=lambda o: o.called)):
                return sorted(trial, key=lambda o: o.called)
    return None


def _why(witness: Sequence[Operation]) -> str:
    unwritten = _unwritten(witness)
    if unwritten:
        shown = ", ".join(repr(v) for v in sorted(unwritten, key=repr))
        return f"a read returned {shown}, which no call wrote"
    return (
        "every value read was written, but some read missed a value already written or saw "
        "one already overwritten or deleted"
    )


def brute_force(history: Sequence[Operation]) -> bool:
    """Whether some order of all of ``history``, respecting real time, gives its results
    on one map of registers. Exponential: for testing the checker on small histories."""
    ops = list(history)
    n = len(ops)

    def search(done: int, state: dict[Hashable, Hashable]) -> bool:
        if done == (1 << n) - 1:
            return True
        pending = [i for i in range(n) if not done & (1 << i)]
        for i in pending:
            op = ops[i]
            if any(ops[j].ended < op.called for j in pending if j != i):
                continue
            after = _apply(state, op)
            if after is not None and search(done | (1 << i), after):
                return True
        return False

    return search(0, {})


def _apply(state: dict[Hashable, Hashable], op: Operation) -> dict[Hashable, Hashable] | None:
    keys: list[Hashable] = list(state) if op.key == EVERY_KEY else [op.key]
    if op.kind == "get":
        if op.pending or op.key == EVERY_KEY:
            return state
        return state if state.get(op.key) == op.value else None
    after = dict(state)
    for key in keys:
        after.pop(key, None)
    if op.kind == "put":
        after[op.key] = op.value
    return after
