"""What the site concludes about a backend from its reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storespec.adapters.site.model import SiteError, attach_scenarios, read_reports
from tests.site.samples import FINDING, write_samples


@pytest.fixture
def samples(tmp_path: Path) -> tuple[Path, Path]:
    return write_samples(tmp_path)


def test_verdicts_follow_the_clauses_and_the_findings(samples: tuple[Path, Path]) -> None:
    reports, scenarios = samples
    backends = {b.name: b for b in read_reports(reports)}
    attach_scenarios(list(backends.values()), scenarios)
    assert backends["good-store"].verdict == "pass"
    assert backends["glob-store"].verdict == "pass with findings"
    assert backends["lossy-cache"].verdict == "fail"  # cache.lookup.miss fails, unexplained
    assert backends["glob-store"].severity_counts == {
        "data loss": 0,
        "wrong answer": 1,
        "crash": 0,
        "portability limit": 0,
    }
    assert backends["glob-store"].scenarios_working == (1, 1)
    assert backends["lossy-cache"].scenarios_working == (0, 1)
    assert backends["glob-store"].verdict_on("store.keys.prefix-literal") is not None
    assert backends["glob-store"].verdict_on("store.mdelete.exact") is None


def test_a_finding_that_does_not_apply_is_not_counted(samples: tuple[Path, Path]) -> None:
    reports, _ = samples
    data = json.loads((reports / "stores.json").read_text())
    data["backends"][0]["findings"][0].update(applied=False, not_applied_reason="glob-store 2.1")
    data["clauses"][1].update(outcome="pass", findings=[], failures=[])
    (reports / "stores.json").write_text(json.dumps(data))
    glob = {b.name: b for b in read_reports(reports)}["glob-store"]
    assert glob.findings == []
    assert [f.id for f in glob.info.findings] == [FINDING["id"]]
    assert glob.verdict == "pass"


def test_an_unavailable_backend_was_not_run_and_one_without_a_report_gets_a_page(
    samples: tuple[Path, Path],
) -> None:
    reports, scenarios = samples
    data = json.loads(scenarios.read_text())
    data["backends"].append(
        {"name": "far-store", "kind": "store", "unavailable": "needs a server", "results": []}
    )
    scenarios.write_text(json.dumps(data))
    backends = read_reports(reports)
    attach_scenarios(backends, scenarios)
    far = {b.name: b for b in backends}["far-store"]
    assert far.verdict == "not run"
    assert far.info.unavailable == "needs a server"
    assert [b.name for b in backends] == sorted(b.name for b in backends)


def test_bad_inputs_are_short_errors(samples: tuple[Path, Path]) -> None:
    reports, _ = samples
    with pytest.raises(SiteError, match="takes 'storespec-scenarios/1'"):
        attach_scenarios([], reports / "stores.json")
    (reports / "broken.json").write_text("{not json")
    with pytest.raises(SiteError, match=r"broken\.json: cannot read JSON"):
        read_reports(reports)
    (reports / "broken.json").write_text(
        json.dumps({"format": "storespec-report/2", "clauses": [{}]})
    )
    with pytest.raises(SiteError, match=r"not a valid storespec-report/2 report"):
        read_reports(reports)
