"""The checker agrees with brute force on small drawn histories."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storespec.conformance.core.linearizability import (
    EVERY_KEY,
    Operation,
    brute_force,
    check,
)


@st.composite
def histories(draw: st.DrawFn, *, clears: bool) -> list[Operation]:
    """Up to 7 operations by up to 3 clients on 2 keys, with random overlaps and
    results drawn from a few values, so that both verdicts are common."""
    clients = draw(st.integers(1, 3))
    count = draw(st.integers(1, 7))
    kinds = ["put", "get", "delete"]
    # Events: each client's calls in order; positions interleave across clients.
    plans = [draw(st.integers(0, count)) for _ in range(clients)]
    plans[0] = max(plans[0], 1)
    slots: list[tuple[int, str]] = []
    for c, n in enumerate(plans):
        for _ in range(n):
            slots += [(c, "call"), (c, "return")]
    order = draw(st.permutations(range(len(slots))))
    # Assign positions keeping each client's own events in order.
    per_client: dict[int, list[int]] = {}
    for position, index in enumerate(order, start=1):
        per_client.setdefault(slots[index][0], []).append(position)
    ops: list[Operation] = []
    for c, positions in per_client.items():
        positions.sort()
        for j in range(0, len(positions), 2):
            kind = draw(st.sampled_from(kinds))
            key = draw(st.sampled_from(["x", "y"]))
            if kind == "delete" and clears and draw(st.booleans()):
                key = EVERY_KEY
            value = draw(st.sampled_from([None, 1, 2])) if kind == "get" else None
            if kind == "put":
                value = draw(st.sampled_from([1, 2, 3]))
            returned: int | None = positions[j + 1]
            if j + 2 >= len(positions) and draw(st.integers(0, 5)) == 0:
                returned = None
            raised = draw(st.integers(0, 7)) == 0
            ops.append(Operation(f"c{c}", positions[j], returned, kind, key, value, raised=raised))
    return ops


@settings(max_examples=400, deadline=None, derandomize=True)
@given(histories(clears=False))
def test_the_checker_agrees_with_brute_force(history: list[Operation]) -> None:
    assert check(history).ok == brute_force(history)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(histories(clears=True))
def test_with_clears_the_checker_never_rejects_what_brute_force_accepts(
    history: list[Operation],
) -> None:
    # A clear is checked in each key's history apart, which can accept more than a
    # single order over all keys allows, but never less.
    if brute_force(history):
        assert check(history).ok


@settings(max_examples=200, deadline=None, derandomize=True)
@given(histories(clears=False))
def test_every_witness_is_non_linearizable_and_one_minimal(history: list[Operation]) -> None:
    result = check(history)
    if result.ok:
        return
    witness = list(result.witness)
    assert not brute_force(witness)
    reads_unwritten = _unwritten(witness)
    for dropped in witness:
        rest = [o for o in witness if o is not dropped]
        assert brute_force(rest) or not _unwritten(rest) <= reads_unwritten


def _unwritten(ops: list[Operation]) -> set[object]:
    written = {o.value for o in ops if o.kind == "put"}
    return {
        o.value for o in ops if o.kind == "get" and not o.pending and o.value is not None
    } - written
