"""The scorecard in docs/catalogue.md is that of the current catalogue."""

from __future__ import annotations

from pathlib import Path

from storespec.catalogue import entries, scorecard
from storespec.conformance.core import clauses
from storespec.conformance.core.verdicts import FailureRecord, Outcome, Verdict
from tests.catalogue.conftest import Run

CATALOGUE_RUNS = ("broken", "unusual", "advisory", "advisory-strict")

DOC = Path(__file__).parents[2] / "docs" / "catalogue.md"


def test_documented_numbers_are_current(catalogue_runs: dict[str, Run]) -> None:
    current = scorecard.render_numbers(catalogue_runs)
    assert scorecard.documented_numbers(DOC) == current, (
        "docs/catalogue.md is out of date: run "
        "`python -m storespec.catalogue.scorecard --write docs/catalogue.md`"
    )


def test_writing_replaces_only_the_scorecard(
    catalogue_runs: dict[str, Run], tmp_path: Path
) -> None:
    doc = tmp_path / "catalogue.md"
    doc.write_text(
        f"# Title\n\nprose\n\n{scorecard.START}\nstale scorecard\n{scorecard.END}\nafter\n"
    )
    scorecard.write(doc, catalogue_runs)
    text = doc.read_text()
    assert text.startswith(f"# Title\n\nprose\n\n{scorecard.START}\n\n## Numbers\n")
    assert text.endswith(f"{scorecard.END}\nafter\n")
    assert "stale scorecard" not in text
    assert scorecard.documented_numbers(doc) == scorecard.render_numbers(catalogue_runs)


def test_a_broken_verdict_names_what_went_wrong() -> None:
    entry = next(e for e in entries.BROKEN_CACHES if e.name == "lru-cache")
    missed = scorecard.BrokenVerdict(entry, frozenset({"cache.key.exact", "cache.model"}))
    assert missed.missed == {"cache.maxsize.lookup-neutral", "cache.maxsize.model"}
    assert missed.unrelated == {"cache.key.exact"}
    assert missed.found_by_models == {"cache.model"}
    assert missed.text() == (
        "rejected, **missed** `cache.maxsize.lookup-neutral`, `cache.maxsize.model`, "
        "**misattributed**, also fails `cache.key.exact` (and `cache.model` in this run)"
    )
    assert scorecard.BrokenVerdict(entry, frozenset()).text() == "**not rejected**"


def test_every_entry_has_a_row(catalogue_runs: dict[str, Run]) -> None:
    tables = scorecard.render(catalogue_runs)
    missing = [e.name for e in entries.BROKEN + entries.UNUSUAL if f"| `{e.name}` |" not in tables]
    assert not missing, f"entries without a row in the scorecard: {missing}"


def _verdict(outcome: Outcome, *failures: FailureRecord, findings: tuple[str, ...] = ()) -> Verdict:
    clause = clauses.index()["store.keys.prefix-literal"]
    return Verdict("b", clause, outcome, False, 2, list(failures), list(findings))


def test_a_regression_is_a_failure_beside_a_known_one() -> None:
    known = FailureRecord("t[a*]", "AssertionError: prefix 'a*'", "b/glob")
    new = FailureRecord("t[a%]", "AssertionError: prefix 'a%'")
    assert scorecard.regressed(_verdict(Outcome.FAIL, known, new))
    assert not scorecard.regressed(_verdict(Outcome.FAIL, new))
    assert not scorecard.regressed(_verdict(Outcome.KNOWN, known, findings=("b/glob",)))
    assert not scorecard.regressed(_verdict(Outcome.PASS))


def test_only_portability_findings_are_accepted_limits_of_an_unusual_entry(
    catalogue_runs: dict[str, Run],
) -> None:
    run = catalogue_runs["unusual"]
    limited = [e for e in entries.UNUSUAL if e.adapter.findings]
    assert limited, "no unusual entry declares a limit"
    for entry in limited:
        limits = scorecard.declared_limits(run, entry)
        declared = {f.id for f in entry.adapter.findings}
        assert limits, f"{entry.name}: no clause reads its declared limit"
        assert {f for found in limits.values() for f in found} == declared
        assert scorecard.portability_findings(run, entry.name) == declared
