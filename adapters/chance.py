"""Clauses whose failures only a random search or a race brings out.

The model clauses are verified by hypothesis state machines only: a finding that needs a
particular sequence of calls (two keys that differ in case, a key repeated in one batch,
an update of a pair that is not the oldest) is found in some runs and missed in others.
``store.isolation.concurrent`` and the ``*.concurrency.*`` clauses fail by timing (a
race between threads and tasks on one instance shows in most runs, not all, e.g.
SQLStore's writers of one key on MariaDB, GPTCache's first calls for an llm_string); two
stores writing at once in distinct namespaces of SQLStore's table on MariaDB deadlock in
most runs, not all. A run that misses such a finding reports an *unexpected pass* of its
clause although the backend did not change; the adapter tests and the matrix tell that
apart from a stale declaration,
and each finding's reproduction proves it in every test run.
"""

from __future__ import annotations

from typing import Final

from storespec.conformance.core.verdicts import Outcome, Verdict

CHANCE: Final = frozenset(
    {
        "store.model",
        "store.keys.model",
        "cache.model",
        "cache.maxsize.model",
        "store.isolation.concurrent",
        "store.concurrency.no-errors",
        "store.concurrency.linearizable",
        "cache.concurrency.no-errors",
        "cache.concurrency.linearizable",
    }
)
"""The clauses whose failures only a random search or a race brings out."""


def missed(verdict: Verdict) -> bool:
    """Whether the verdict is an unexpected pass that only chance explains: its clause is
    one of CHANCE, and a finding that names it did not show in this run."""
    return verdict.outcome is Outcome.UNEXPECTED_PASS and verdict.clause.id in CHANCE
