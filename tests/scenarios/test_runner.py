"""The runner: time limit, unavailable backends, the JSON it writes, bad input."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from storespec.adapters.scenarios.__main__ import main
from storespec.adapters.scenarios.catalogue import SCENARIOS
from storespec.adapters.scenarios.outcome import ScenarioResult
from storespec.adapters.scenarios.report import merge
from storespec.adapters.scenarios.runner import run_scenario
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.namespace import Namespace
from storespec.reference import InMemoryStore

RELEASE = threading.Event()


def _hanging(namespace: Namespace) -> InMemoryStore[Any]:
    """A factory that blocks, as a client connecting to a silent server does."""
    RELEASE.wait()
    return InMemoryStore()


MODULE = """
from storespec.conformance.core.adapter import Adapter
from storespec.reference import InMemoryStore

MISSING = Adapter(
    name="missing-server-store",
    kind="store",
    factory=lambda namespace: InMemoryStore(),
    available=lambda: "needs a server on 127.0.0.1:1",
)
"""


def test_a_scenario_that_hangs_breaks_at_its_step_after_the_time_limit() -> None:
    adapter = Adapter(name="hanging-store", kind="store", factory=_hanging)
    scenario = next(s for s in SCENARIOS if s.id == "docstore.multi-vector.bytes")
    try:
        result = run_scenario(scenario, adapter, time_limit=1.0)
    finally:
        RELEASE.set()
    assert result.outcome == "breaks"
    assert result.detail == "did not finish within 1 s"
    assert result.step == "open a store"


def test_the_runner_writes_every_result_and_skips_an_unavailable_backend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "scenario_backends.py").write_text(MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    out = tmp_path / "out" / "scenarios.json"
    args = ["--backend", "reference-cache", "--backend", "scenario_backends:MISSING"]
    assert main([*args, "--out", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["format"] == "storespec-scenarios/1"
    assert [s["id"] for s in written["scenarios"]] == [s.id for s in SCENARIOS]
    cache, missing = written["backends"]
    assert cache["name"] == "reference-cache"
    assert cache["unavailable"] is None
    outcomes = {r["scenario"]: r["outcome"] for r in cache["results"]}
    assert outcomes["chat-cache.repeat"] == "works"
    assert outcomes["embeddings.embed-documents"] == "not applicable"
    assert all(r["explained_by"] == [] for r in cache["results"])
    assert missing == {
        "name": "missing-server-store",
        "kind": "store",
        "unavailable": "needs a server on 127.0.0.1:1",
        "results": [],
    }
    assert "missing-server-store: skipped: needs a server" in capsys.readouterr().err
    sys.modules.pop("scenario_backends", None)


def test_an_unknown_backend_is_a_short_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--backend", "no-such-backend", "--out", str(tmp_path / "x.json")]) == 2
    assert "unknown backend 'no-such-backend'" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_a_time_limit_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--backend", "reference", "--out", str(tmp_path / "x.json"), "--time-limit", "0"])


def test_results_read_back_and_reject_an_unknown_outcome() -> None:
    result = ScenarioResult("s", "b", "breaks", "KeyError: 'k'", "step 2", 1.5, ["b/f-1"])
    assert ScenarioResult.from_json(result.to_json()) == result
    with pytest.raises(ValueError, match="unknown outcome 'maybe'"):
        ScenarioResult.from_json({**result.to_json(), "outcome": "maybe"})


def test_merging_keeps_each_backend_once_with_its_latest_results() -> None:
    def one(backend: str, outcome: str) -> dict[str, Any]:
        result = {"scenario": "s", "backend": backend, "outcome": outcome}
        entry = {"name": backend, "kind": "store", "unavailable": None, "results": [result]}
        return {"format": "storespec-scenarios/1", "scenarios": [{"id": "s"}], "backends": [entry]}

    merged = merge([one("a", "breaks"), one("b", "works"), one("a", "works")])
    assert [b["name"] for b in merged["backends"]] == ["a", "b"]
    assert merged["backends"][0]["results"][0]["outcome"] == "works"
    with pytest.raises(ValueError, match="not a scenarios report"):
        merge([{"format": "storespec-report/2"}])


def test_no_backend_is_a_short_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "x.json")])
    assert "name at least one --backend, or pass --matrix" in capsys.readouterr().err
