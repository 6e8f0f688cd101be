"""The compatibility matrix's page, rendered from typed reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from storespec.adapters import matrix
from storespec.conformance.core import clauses
from storespec.conformance.core.report import BackendInfo, FindingInfo, Report
from storespec.conformance.core.verdicts import FailureRecord, Outcome, Verdict

REPRODUCTION = "store.mset([('a*', b'1')])\nassert list(store.yield_keys(prefix='a*')) == []"


def _finding(finding_id: str, severity: str, clause_ids: list[str]) -> FindingInfo:
    return FindingInfo(
        id=finding_id,
        summary="prefixes | are globs",
        severity=severity,
        clauses=clause_ids,
        reproduction=REPRODUCTION,
        evidence="source.py:12",
        explained=1,
    )


def _verdict(backend: str, clause_id: str, outcome: Outcome, finding: str | None = None) -> Verdict:
    failures = [FailureRecord("test_x", "AssertionError: wrong", finding)] if finding else []
    return Verdict(
        backend,
        clauses.get(clause_id),
        outcome,
        advisory=False,
        tests=1,
        failures=failures,
        findings=[finding] if finding else [],
    )


def _report() -> Report:
    shared = _finding("glob/prefix", "wrong answer", ["store.keys.prefix"])
    refused = _finding("glob/no-async", "portability limit", ["store.async.equivalent"])
    backends = [
        BackendInfo(name="one", kind="store", apis=["sync"], findings=[shared, refused]),
        BackendInfo(name="two", kind="store", findings=[shared]),
        BackendInfo(name="three", kind="store"),
    ]
    verdicts = [
        _verdict("one", "store.keys.prefix", Outcome.KNOWN, "glob/prefix"),
        _verdict("one", "store.async.equivalent", Outcome.KNOWN, "glob/no-async"),
        _verdict("two", "store.keys.prefix", Outcome.KNOWN, "glob/prefix"),
        _verdict("two", "store.async.equivalent", Outcome.PASS),
        _verdict("three", "store.keys.prefix", Outcome.FAIL),
        _verdict("three", "store.async.equivalent", Outcome.PASS),
    ]
    return Report(verdicts=verdicts, backends=backends, tests_run=6)


def test_each_finding_is_shown_once_with_a_link_to_its_reproduction() -> None:
    page = matrix.render([("family", _report(), "1 s")], 1.0)
    assert "assert list(store.yield_keys(prefix='a*'))" not in page  # on the site instead
    assert page.count("[reproduction](../site/backends/one.html#finding-glob-prefix)") == 1
    assert page.count("`glob/prefix` (wrong answer; store.keys.prefix): prefixes") == 1
    assert "- `glob/prefix` (wrong answer): as above" in page
    assert "prefixes \\| are globs" in page


def test_a_finding_a_search_missed_is_not_a_failure() -> None:
    report = _report()
    report.verdicts[0] = _verdict("one", "store.model", Outcome.UNEXPECTED_PASS)
    report.verdicts[0].findings = ["glob/model"]
    page = matrix.render([("family", report, "1 s")], 1.0)
    assert "|(`glob/model` not shown)|" in page
    assert "| known findings | 1 wrong answer, 1 portability limit | sync |" in page


def test_summary_counts_findings_by_severity_and_names_the_apis() -> None:
    page = matrix.render([("family", _report(), "1 s")], 1.0)
    rows = {
        line.split("|")[1].strip(): line for line in page.splitlines() if line.startswith("| `")
    }
    assert "| known findings | 1 wrong answer, 1 portability limit | sync |" in rows["`one`"]
    assert "| known findings | 1 wrong answer | sync, async |" in rows["`two`"]
    assert "| **FAIL** | none |" in rows["`three`"]


def test_summary_counts_the_scenarios_that_work_and_links_the_site_page() -> None:
    page = matrix.render([("family", _report(), "1 s")], 1.0, scenarios={"one": (3, 5)})
    (row,) = [line for line in page.splitlines() if line.startswith("| `one`")]
    assert row.endswith("| 3 of 5 work | [site](../site/backends/one.html) |")
    (row,) = [line for line in page.splitlines() if line.startswith("| `two`")]
    assert "| not run |" in row


def test_clause_cells_hold_the_finding_id() -> None:
    page = matrix.render([("family", _report(), "1 s")], 1.0)
    (row,) = [line for line in page.splitlines() if line.startswith("|`store.keys.prefix`")]
    assert row.endswith("|`glob/prefix`|`glob/prefix`|**FAIL**|")


def test_a_family_without_report_is_listed() -> None:
    page = matrix.render([("lost", None, "no report (3 s): boom")], 3.0)
    assert "- `lost`: no report (3 s): boom" in page


def test_unknown_family_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        matrix.main(["--family", "no-such-family", "--out", str(tmp_path / "m.md")])
