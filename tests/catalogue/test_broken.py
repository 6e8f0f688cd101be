"""The suite rejects every broken backend of the catalogue, under the right clauses."""

from __future__ import annotations

from typing import Any

import pytest

from storespec.catalogue import entries, scorecard
from storespec.catalogue.entries import (
    INTENDED,
    MODELS,
    REJECTED,
    UNRELATED,
    BrokenEntry,
)
from storespec.conformance.core import clauses
from storespec.conformance.core.verdicts import Outcome
from tests.catalogue.conftest import Run

CATALOGUE_RUNS = ("broken", "advisory", "advisory-strict")

MUST = scorecard.clauses_at(clauses.Level.MUST)
SHOULD = scorecard.clauses_at(clauses.Level.SHOULD)
FAILED = scorecard.FAILED


def _cases(aspect: str) -> list[Any]:
    """One case per entry that breaks a MUST clause, marked xfail where the suite falls short."""
    cases = []
    for entry in entries.BROKEN_STORES + entries.BROKEN_CACHES:
        marks = []
        if aspect in entry.gaps:
            marks.append(pytest.mark.xfail(strict=True, reason=entry.gaps[aspect]))
        cases.append(pytest.param(entry, id=entry.name, marks=marks))
    return cases


# -- the catalogue itself ------------------------------------------------------------------


def test_every_must_clause_has_a_broken_entry() -> None:
    covered = {e.breaks for e in entries.BROKEN_STORES + entries.BROKEN_CACHES}
    missing = sorted(MUST - covered)
    assert not missing, f"MUST clauses without a broken backend in the catalogue: {missing}"


def test_every_should_clause_has_an_advisory_entry() -> None:
    missing = sorted(SHOULD - {e.breaks for e in entries.ADVISORY})
    assert not missing, f"SHOULD clauses without a broken backend in the catalogue: {missing}"


def test_entries_cite_known_clauses_at_the_right_level() -> None:
    for entry in entries.BROKEN_STORES + entries.BROKEN_CACHES:
        assert entry.breaks in MUST, entry.name
        assert entry.breaks in entry.rejected_under, entry.name
        assert entry.rejected_under <= MUST, (entry.name, sorted(entry.rejected_under - MUST))
        assert set(entry.gaps) <= {REJECTED, INTENDED, UNRELATED}, entry.name
    for entry in entries.ADVISORY:
        assert entry.rejected_under == {entry.breaks} <= SHOULD, entry.name


def test_entry_names_are_unique() -> None:
    names = [e.name for e in entries.BROKEN + entries.UNUSUAL]
    assert len(names) == len(set(names))


# -- entries that break a MUST clause --------------------------------------------------------


def test_the_broken_run_fails(catalogue_runs: dict[str, Run]) -> None:
    run = catalogue_runs["broken"]
    assert run.exit_code == 1, run.output[-3000:]
    assert run.report.result == "fail"


@pytest.mark.parametrize("entry", _cases(REJECTED))
def test_entry_fails_the_run(catalogue_runs: dict[str, Run], entry: BrokenEntry) -> None:
    verdicts = catalogue_runs["broken"].verdicts(entry.name)
    breaking = sorted(i for i, v in verdicts.items() if v.breaks_run)
    assert breaking, f"{entry.name} ({entry.bug}) passed every clause"


@pytest.mark.parametrize("entry", _cases(INTENDED))
def test_entry_fails_each_clause_it_breaks(
    catalogue_runs: dict[str, Run], entry: BrokenEntry
) -> None:
    verdicts = catalogue_runs["broken"].verdicts(entry.name)
    wrong = {i: verdicts[i].outcome for i in sorted(entry.rejected_under)}
    wrong = {i: o for i, o in wrong.items() if o not in FAILED}
    assert not wrong, f"{entry.name} ({entry.bug}): expected fail or error, got {wrong}"


@pytest.mark.parametrize("entry", _cases(UNRELATED))
def test_entry_fails_no_unrelated_clause(
    catalogue_runs: dict[str, Run], entry: BrokenEntry
) -> None:
    run = catalogue_runs["broken"]
    unrelated = sorted(scorecard.failing_must(run, entry.name) - entry.rejected_under - MODELS)
    verdicts = run.verdicts(entry.name)
    detail = {i: verdicts[i].failures[:1] for i in unrelated}
    assert not unrelated, f"{entry.name} ({entry.bug}) also fails {detail}"


REGRESSIONS = [
    pytest.param(e, id=e.name)
    for e in entries.BROKEN_STORES + entries.BROKEN_CACHES
    if e.regressions
]


def test_the_catalogue_has_a_regression_under_a_declared_finding() -> None:
    assert REGRESSIONS, "no broken entry declares a finding and has a second bug under it"
    for param in REGRESSIONS:
        (entry,) = param.values
        named = {c for f in entry.adapter.findings for c in f.clauses}
        assert entry.regressions <= entry.rejected_under & named, entry.name


@pytest.mark.parametrize("entry", REGRESSIONS)
def test_a_new_failure_under_a_declared_finding_fails_the_clause(
    catalogue_runs: dict[str, Run], entry: BrokenEntry
) -> None:
    verdicts = catalogue_runs["broken"].verdicts(entry.name)
    for clause in sorted(entry.regressions):
        verdict = verdicts[clause]
        known = {f.finding for f in verdict.failures if f.finding}
        assert verdict.outcome is Outcome.FAIL, f"{clause}: {verdict.outcome}, {verdict.note}"
        assert known == {f.id for f in entry.adapter.findings}, f"{clause}: explained by {known}"
        assert verdict.new_failures, f"{clause}: no new failure beside {known}"
        assert scorecard.regressed(verdict)


# -- entries that break only a SHOULD clause ------------------------------------------------


ADVISORY = [pytest.param(e, id=e.name) for e in entries.ADVISORY]


def test_advisory_failures_do_not_fail_the_run(catalogue_runs: dict[str, Run]) -> None:
    run = catalogue_runs["advisory"]
    assert run.exit_code == 0, run.output[-3000:]
    assert run.report.result == "pass"


def test_advisory_failures_fail_a_strict_run(catalogue_runs: dict[str, Run]) -> None:
    run = catalogue_runs["advisory-strict"]
    assert run.exit_code == 1, run.output[-3000:]
    assert run.report.result == "fail"


@pytest.mark.parametrize("entry", ADVISORY)
def test_advisory_entry_is_reported_as_an_advisory_failure(
    catalogue_runs: dict[str, Run], entry: BrokenEntry
) -> None:
    verdicts = catalogue_runs["advisory"].verdicts(entry.name)
    verdict = verdicts[entry.breaks]
    assert (verdict.outcome, verdict.advisory) == (Outcome.FAIL, True), verdict
    failing = sorted(i for i, v in verdicts.items() if v.outcome in FAILED)
    assert failing == [entry.breaks], f"{entry.name} also fails {failing}"


@pytest.mark.parametrize("entry", ADVISORY)
def test_advisory_entry_fails_a_strict_run(
    catalogue_runs: dict[str, Run], entry: BrokenEntry
) -> None:
    verdict = catalogue_runs["advisory-strict"].verdicts(entry.name)[entry.breaks]
    assert (verdict.outcome, verdict.advisory) == (Outcome.FAIL, False), verdict
