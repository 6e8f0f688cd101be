"""The suite accepts every unusual but correct backend of the catalogue."""

from __future__ import annotations

from typing import Any

import pytest

from storespec.catalogue import entries, scorecard
from storespec.catalogue.entries import UnusualEntry
from storespec.conformance.core import clauses
from tests.catalogue.conftest import Run

CATALOGUE_RUNS = ("unusual",)

ACCEPTED = scorecard.ACCEPTED


def _clause_cases() -> list[Any]:
    """One case per entry and clause the suite is known to fail wrongly, marked xfail."""
    return [
        pytest.param(
            entry,
            clause,
            id=f"{entry.name}-{clause}",
            marks=pytest.mark.xfail(strict=True, reason=reason),
        )
        for entry in entries.UNUSUAL
        for clause, reason in entry.gaps.items()
    ]


def test_gaps_name_known_clauses() -> None:
    for entry in entries.UNUSUAL:
        assert set(entry.gaps) <= set(clauses.index()), entry.name


GAPS = {e.name: sorted(e.gaps) for e in entries.UNUSUAL if e.gaps}


@pytest.mark.xfail(bool(GAPS), strict=True, reason=f"the suite wrongly fails {GAPS}")
def test_the_unusual_run_passes(catalogue_runs: dict[str, Run]) -> None:
    run = catalogue_runs["unusual"]
    assert run.exit_code == 0, run.output[-3000:]
    assert run.report.result == "pass"


@pytest.mark.parametrize("entry", [pytest.param(e, id=e.name) for e in entries.UNUSUAL])
def test_entry_passes_every_clause(catalogue_runs: dict[str, Run], entry: UnusualEntry) -> None:
    run = catalogue_runs["unusual"]
    verdicts = run.verdicts(entry.name)
    rejected = {
        i: (verdicts[i].outcome.value, verdicts[i].failures[:1], verdicts[i].note)
        for i in scorecard.rejected_unusual(run, entry)
        if i not in entry.gaps
    }
    assert not rejected, f"{entry.name} ({entry.unusual}) was rejected under {rejected}"


@pytest.mark.parametrize(("entry", "clause"), _clause_cases())
def test_entry_passes_a_clause_the_suite_gets_wrong(
    catalogue_runs: dict[str, Run], entry: UnusualEntry, clause: str
) -> None:
    verdict = catalogue_runs["unusual"].verdicts(entry.name)[clause]
    assert verdict.outcome in ACCEPTED, verdict.failures[:1]
