"""A known deviation: a clause a backend is declared to break, with the evidence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Deviation:
    """A backend's declared failure of one clause.

    A known deviation runs strictly: its failure is reported as *known
    deviation*, and if every test of the clause passes the run reports an
    *unexpected pass* and fails, so the declaration cannot go stale.
    """

    clause: str
    observed: str
    """What the backend does instead, in plain words."""
    reproduction: str = ""
    """A minimal snippet that shows it."""
    evidence: str = ""
    """An upstream issue, source line or report that confirms it."""


def by_clause(*deviations: Deviation) -> dict[str, Deviation]:
    """The deviations keyed by their clause, as :class:`Adapter` takes them."""
    return {d.clause: d for d in deviations}
