"""The checker on textbook histories, linearizable and not."""

from __future__ import annotations

import pytest

from storespec.conformance.core.linearizability import (
    EVERY_KEY,
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    UNKNOWN,
    HistoryError,
    Operation,
    check,
)


def op(client, called, returned, kind, key="k", value=None):
    return Operation(client, called, returned, kind, key, value)


def test_stale_read_after_a_completed_write_is_not_linearizable():
    history = [
        op("a", 1, 2, "put", value=1),
        op("a", 3, 4, "put", value=2),
        op("b", 5, 6, "get", value=1),
    ]
    result = check(history)
    assert result.outcome == NOT_LINEARIZABLE
    assert result.key == "k"
    assert set(result.witness) == set(history)


def test_lost_update_is_not_linearizable():
    # Two writers both complete; later reads see the first write, then the second:
    # the second write was lost and reappeared, which no single order explains.
    history = [
        op("a", 1, 3, "put", value=1),
        op("b", 2, 4, "put", value=2),
        op("c", 5, 6, "get", value=2),
        op("c", 7, 8, "get", value=1),
    ]
    assert check(history).outcome == NOT_LINEARIZABLE


def test_read_of_a_value_never_written_is_not_linearizable_and_says_so():
    history = [op("a", 1, 2, "put", value=1), op("b", 3, 4, "get", value=7)]
    result = check(history)
    assert result.outcome == NOT_LINEARIZABLE
    assert result.witness == (history[1],)
    assert "7, which no call wrote" in result.explain()


def test_read_after_delete_must_miss():
    history = [
        op("a", 1, 2, "put", value=1),
        op("a", 3, 4, "delete"),
        op("b", 5, 6, "get", value=1),
    ]
    assert check(history).outcome == NOT_LINEARIZABLE


def test_overlapping_operations_may_take_effect_in_either_order():
    history = [
        op("a", 1, 6, "put", value=1),
        op("b", 2, 7, "put", value=2),
        op("c", 3, 8, "get", value=2),
        op("d", 4, 9, "get", value=1),
        op("e", 5, 10, "get", value=None),
    ]
    # c reads 2 and d reads 1: possible as put 2, get, put 1, get; e reads nothing
    # before either put takes effect.
    assert check(history).outcome == LINEARIZABLE


def test_a_read_overlapping_a_write_may_see_either_value():
    for seen in (None, 1):
        history = [op("a", 1, 4, "put", value=1), op("b", 2, 3, "get", value=seen)]
        assert check(history).ok


def test_an_operation_that_never_returned_may_or_may_not_take_effect():
    took = [op("a", 1, None, "put", value=1), op("b", 2, 3, "get", value=1)]
    did_not = [op("a", 1, None, "put", value=1), op("b", 2, 3, "get", value=None)]
    assert check(took).ok
    assert check(did_not).ok


def test_keys_are_checked_apart_and_the_failing_key_is_named():
    history = [
        op("a", 1, 2, "put", "x", 1),
        op("a", 3, 4, "put", "y", 2),
        op("b", 5, 6, "get", "x", 1),
        op("b", 7, 8, "get", "y", None),
    ]
    result = check(history)
    assert result.outcome == NOT_LINEARIZABLE
    assert result.key == "y"
    assert result.partitions == 2
    assert {o.key for o in result.witness} == {"y"}


def test_a_clear_acts_on_every_key():
    fine = [
        op("a", 1, 2, "put", "x", 1),
        op("b", 3, 4, "delete", EVERY_KEY),
        op("c", 5, 6, "get", "x", None),
    ]
    stale = [*fine[:2], op("c", 5, 6, "get", "x", 1)]
    assert check(fine).ok
    result = check(stale)
    assert result.outcome == NOT_LINEARIZABLE
    assert "delete every key" in result.explain()


def test_the_witness_is_minimal_and_keeps_the_write_a_read_saw():
    history = [
        op("a", 1, 2, "put", value=1),
        op("x", 3, 4, "get", value=1),
        op("a", 5, 6, "put", value=2),
        op("x", 7, 8, "get", value=2),
        op("b", 9, 10, "get", value=1),
        op("x", 11, 12, "get", value=2),
    ]
    result = check(history)
    assert result.outcome == NOT_LINEARIZABLE
    # put 1, put 2 and the stale read: each of the three is needed.
    assert [o.called for o in result.witness] == [1, 5, 9]
    text = result.explain()
    assert "b: get key 'k' -> 1 (called at 9, returned at 10)" in text


def test_a_search_out_of_time_answers_unknown():
    # Twelve overlapping writes of distinct values and a read that fits none of them:
    # the search must try every set of the writes before it can refute.
    history = [op(f"w{i}", i + 1, 100 + i, "put", value=i) for i in range(12)]
    history.append(op("r", 200, 201, "get", value=-1))
    result = check(history, seconds=1e-9)
    assert result.outcome == UNKNOWN
    assert "ran out of its 1e-09 s budget on key 'k' (13 operations)" in result.explain()
    assert check(history, seconds=60).outcome == NOT_LINEARIZABLE


def test_bad_histories_get_a_clear_error():
    with pytest.raises(HistoryError, match="not after its call"):
        op("a", 5, 5, "put", value=1)
    with pytest.raises(HistoryError, match="kind must be one of"):
        op("a", 1, 2, "cas", value=1)
    with pytest.raises(HistoryError, match=r"called .* before .* returned"):
        check([op("a", 1, 4, "put", value=1), op("a", 2, 3, "get", value=1)])
    with pytest.raises(HistoryError, match="two events at position 2"):
        check([op("a", 1, 2, "put", value=1), op("b", 2, 3, "get", value=1)])
    with pytest.raises(HistoryError, match="budget must be positive"):
        check([], seconds=0)


def test_the_operations_of_one_batch_call_share_its_positions():
    batch = [op("a", 1, 2, "put", "x", 1), op("a", 1, 2, "put", "y", 2)]
    assert check([*batch, op("b", 3, 4, "get", "y", 2)]).ok
    with pytest.raises(HistoryError, match="two events at position 1"):
        check([op("a", 1, 2, "put", "x", 1), op("b", 1, 3, "put", "y", 2)])


def test_a_call_that_raised_may_take_effect_later_and_its_client_goes_on():
    history = [
        Operation("a", 1, 2, "put", "k", 1, raised=True),
        Operation("a", 3, 4, "get", "k", None),
        Operation("b", 5, 6, "get", "k", 1),
    ]
    result = check(history)
    assert result.ok
    assert "raised at 2" in Operation("a", 1, 2, "put", "k", 1, raised=True).describe()
    failed_read = [op("a", 1, 2, "put", value=1), Operation("b", 3, 4, "get", "k", 9, raised=True)]
    assert check(failed_read).ok


def test_many_failed_writes_that_nobody_read_do_not_slow_the_search():
    history = [Operation(f"w{i}", i + 1, 1000 + i, "put", "k", i, raised=True) for i in range(60)]
    history += [op("r", 2000 + 2 * i, 2001 + 2 * i, "get", value=None) for i in range(50)]
    history.append(op("r", 3000, 3001, "get", value=7))
    result = check(history, seconds=5)
    assert result.outcome == LINEARIZABLE


def test_many_failed_clears_are_ordered_once_not_in_every_combination():
    # A cache whose clear always raises: each clear may or may not have taken effect,
    # and 40 of them give 2 ** 40 sets of effects; interchangeable ones are searched in
    # one order only. The history is linearizable (no clear took effect), and a stale
    # read after them is still found.
    clears = [
        Operation(f"c{i}", 10 * i + 1, 10 * i + 2, "delete", EVERY_KEY, raised=True)
        for i in range(40)
    ]
    writes = [op(f"w{i}", 10 * i + 3, 10 * i + 4, "put", value=i) for i in range(40)]
    reads = [op(f"r{i}", 10 * i + 5, 10 * i + 6, "get", value=i) for i in range(40)]
    history = clears + writes + reads
    assert check(history, seconds=30).outcome == LINEARIZABLE
    stale = op("late", 1000, 1001, "get", value=38)
    assert check([*history, stale], seconds=30).outcome == NOT_LINEARIZABLE


def test_a_witness_keeps_every_delete_a_read_of_nothing_may_have_seen():
    # The read of nothing at 7-8 is explained by the clear at 5-6; the history fails
    # only because of the stale read at 11-12. Dropping the clear would make
    # [write, read of nothing] a witness that blames a correct read.
    history = [
        op("a", 1, 2, "put", "k", 1),
        Operation("b", 5, 6, "delete", EVERY_KEY),
        op("c", 7, 8, "get", "k", None),
        op("d", 9, 10, "put", "k", 2),
        op("e", 11, 12, "get", "k", 1),
    ]
    result = check(history)
    assert result.outcome == NOT_LINEARIZABLE
    kinds = [(o.kind, o.value) for o in result.witness]
    assert ("get", 1) in kinds, result.explain()
    assert not (("get", None) in kinds and ("delete", None) not in kinds), result.explain()
