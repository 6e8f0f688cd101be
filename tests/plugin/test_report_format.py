"""The JSON report keeps its documented format; the Markdown report reads as a summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storespec.conformance.core import clauses
from storespec.conformance.core.report import FORMAT, FindingInfo, Report
from tests.conftest import read_report, report_at

CLAUSE_KEYS = {
    "id",
    "backend",
    "level",
    "since",
    "title",
    "outcome",
    "advisory",
    "tests",
    "failures",
    "findings",
    "observations",
    "note",
}
FINDING_KEYS = {
    "id",
    "summary",
    "severity",
    "clauses",
    "signature",
    "versions",
    "reproduction",
    "evidence",
    "applied",
    "not_applied_reason",
    "explained",
}
BACKEND_KEYS = {
    "name",
    "kind",
    "description",
    "packages",
    "servers",
    "capabilities",
    "domains",
    "narrowed",
    "apis",
    "unavailable",
    "notes",
    "findings",
    "replay",
}


def test_json_report_matches_the_documented_format(backends: pytest.Pytester) -> None:
    path = backends.path / "out" / "report.json"
    backends.runpytest("--backend=tiny:GLOB", "-k", "prefix", f"--conformance-report={path}")
    data = read_report(path)
    assert set(data) == {
        "format",
        "storespec_version",
        "created",
        "python",
        "options",
        "result",
        "tests_run",
        "errors",
        "replays",
        "backends",
        "clauses",
        "summary",
    }
    assert data["format"] == FORMAT
    assert data["result"] == "fail"
    assert data["options"]["strict"] is False
    assert data["options"]["pin"] is None
    assert isinstance(data["options"]["hypothesis_seed"], int)
    assert set(data["backends"][0]) == BACKEND_KEYS
    store_ids = [c.id for c in clauses.index().values() if c.kind == "store"]
    assert [c["id"] for c in data["clauses"]] == store_ids
    for clause in data["clauses"]:
        assert set(clause) == CLAUSE_KEYS
    (failed,) = [c for c in data["clauses"] if c["outcome"] == "fail"]
    assert failed["id"] == "store.keys.prefix-literal"
    assert failed["failures"], "a failing clause lists its failing tests"
    for failure in failed["failures"]:
        assert re.search(r"test_(prefix_is_literal|metacharacter_prefixes)", failure["test"])
        assert "\n" not in failure["reason"]
        assert failure["reason"]
    assert data["summary"]["glob-store"]["fail"] == 1
    assert data["replays"], "a failing run says how to replay each failure"
    typed = report_at(path)
    assert typed.to_json()["clauses"] == data["clauses"]
    assert typed.result == "fail"


def test_markdown_report(backends: pytest.Pytester) -> None:
    path = backends.path / "report.md"
    backends.runpytest(
        "--backend=tiny:GLOB_DECLARED", "-k", "prefix", f"--conformance-report={path}"
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# storespec conformance report")
    assert "Result: **PASS**" in text
    assert "## glob-declared (store)" in text
    assert (
        "| `store.keys.prefix-literal` | MUST | known finding | glob-store/prefix-is-glob |" in text
    )
    assert "| `glob-store/prefix-is-glob` | wrong answer | store.keys.prefix-literal |" in text


def test_both_reports_in_one_run(backends: pytest.Pytester) -> None:
    result = backends.runpytest(
        "--backend=tiny:GOOD_STORE",
        "-k",
        "mget.order or request_order",
        "--conformance-report=a.json",
        "--conformance-report=a.md",
    )
    assert result.ret == 0
    assert (backends.path / "a.json").exists()
    assert (backends.path / "a.md").exists()
    result.stdout.fnmatch_lines(["report written to a.json", "report written to a.md"])


def test_documented_example_has_the_fields_a_run_writes(backends: pytest.Pytester) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "report-format.md").read_text()
    example = json.loads(re.search(r"```json\n(.*?)```", doc, flags=re.DOTALL)[1])
    path = backends.path / "r.json"
    backends.runpytest("--backend=tiny:GOOD_STORE", "-k", "mget", f"--conformance-report={path}")
    written = read_report(path)
    assert set(example) == set(written)
    assert set(example["options"]) == set(written["options"])
    assert set(example["backends"][0]) == set(written["backends"][0])
    assert set(example["clauses"][0]) == set(written["clauses"][0])
    assert set(example["clauses"][0]["failures"][0]) == {"test", "reason", "finding"}
    assert set(example["backends"][0]["findings"][0]) == FINDING_KEYS
    assert set(FindingInfo.__dataclass_fields__) == FINDING_KEYS
    assert Report.from_json(example).backends[0].findings[0].explained == 6
    assert example["format"] == written["format"]
