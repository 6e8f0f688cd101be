"""From the first run to the fix: short output, honest clause selection, and replay lines
that reproduce the failure as printed, from another directory."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import report_at

SAMPLES = '''
from storespec.conformance import Adapter
from storespec.reference import InMemoryStore


class Reversed(InMemoryStore):
    """Answers mget in reverse order."""

    def mget(self, keys):
        return list(reversed(super().mget(keys)))


def explode(namespace, **options):
    raise ConnectionError("server went away")


class Flaky(InMemoryStore):
    """Fails one mget in the whole run: a property test sees it once, never on replay."""

    calls = 0

    def mget(self, keys):
        Flaky.calls += 1
        if Flaky.calls == 12:
            raise RuntimeError("connection reset by peer")
        return super().mget(keys)


REVERSED = Adapter(name="reversed", kind="store", factory=lambda ns, **o: Reversed())
FLAKY = Adapter(name="flaky", kind="store", factory=lambda ns, **o: Flaky(), apis=frozenset({"sync"}))
CRASH = Adapter(name="crash", kind="store", factory=explode)
'''


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A directory holding the module ``samples`` of small backends."""
    (tmp_path / "samples.py").write_text(SAMPLES, encoding="utf-8")
    return tmp_path


def pytest_in(where: Path, samples: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run pytest in ``where`` as a user would, with the samples importable."""
    env = {**os.environ, "PYTHONPATH": str(samples)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def replays(output: str) -> list[str]:
    """The replay lines printed under 'replay a failure'."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("replay a failure"))
    return [line.strip() for line in lines[start + 1 :] if line.startswith("  pytest ")]


def rerun(line: str, samples: Path, elsewhere: Path) -> subprocess.CompletedProcess[str]:
    """Run a printed replay line, as printed, from another directory."""
    words = shlex.split(line)
    assert words[0] == "pytest"
    return pytest_in(elsewhere, samples, *words[1:])


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A directory other than the one the first run started in."""
    where = tmp_path / "elsewhere"
    where.mkdir()
    return where


def test_a_raising_constructor_is_said_once_and_short(
    samples: Path, tmp_path: Path, elsewhere: Path
) -> None:
    report = tmp_path / "r.json"
    done = pytest_in(samples, samples, "--backend=samples:CRASH", f"--conformance-report={report}")
    assert done.returncode == 1
    output = done.stdout
    assert len(output.splitlines()) < 200, output
    verdicts = report_at(report).verdicts_of("crash")
    ran = [v for v in verdicts.values() if v.outcome.value != "not applicable"]
    assert ran
    assert all(v.outcome.value == "error" for v in ran), {v.clause.id: v.outcome for v in ran}
    assert all(
        re.search(
            rf"{re.escape(v.clause.id)}\s+\S+\s+(ERROR|error \(advisory\))\s+cannot construct the backend$",
            output,
            re.M,
        )
        for v in ran
    ), output
    assert output.count("ConnectionError: server went away") <= 3, output
    (line,) = replays(output)
    again = rerun(line, samples, elsewhere)
    assert again.returncode == 1
    assert "ConnectionError: server went away" in again.stdout


def test_clause_selection_runs_every_test_of_the_clause(samples: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    done = pytest_in(
        samples,
        samples,
        "--backend=storespec.reference:InMemoryCache",
        "--clause=cache.maxsize.invalid",
        f"--conformance-report={report}",
    )
    assert done.returncode == 0, done.stdout[-3000:]
    verdict = report_at(report).verdicts_of("storespec.reference:InMemoryCache")
    assert verdict["cache.maxsize.invalid"].outcome.value == "pass"
    assert verdict["cache.maxsize.invalid"].tests >= 4  # three sizes and the spec's example
    assert verdict["cache.lookup.miss"].outcome.value == "not run"


def test_a_family_prefix_selects_the_family(samples: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    done = pytest_in(
        samples,
        samples,
        "--backend=reference-store",
        "--clause=store.mget",
        f"--conformance-report={report}",
    )
    assert done.returncode == 0, done.stdout[-3000:]
    outcomes = report_at(report).outcomes_of("reference-store")
    assert {c for c, o in outcomes.items() if o == "pass"} >= {
        "store.mget.order",
        "store.mget.missing",
        "store.mget.repeated",
        "store.mget.empty",
    }
    assert outcomes["store.mset.visible"] == "not run"


def test_a_keyword_selection_is_partial_never_pass(samples: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    done = pytest_in(
        samples,
        samples,
        "--backend=storespec.reference:InMemoryCache",
        "-k",
        "non_positive",
        f"--conformance-report={report}",
    )
    assert done.returncode == 0, done.stdout[-3000:]
    data = report_at(report)
    assert (
        data.outcomes_of("storespec.reference:InMemoryCache")["cache.maxsize.invalid"] == "partial"
    )
    assert data.result == "partial"
    assert "storespec verdict: PARTIAL" in done.stdout


def test_a_run_in_which_no_test_ran_says_so(samples: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    done = pytest_in(
        samples,
        samples,
        "--backend=reference-store",
        "-k",
        "no_test_has_this_name",
        f"--conformance-report={report}",
    )
    assert done.returncode == 5
    assert "no conformance test ran" in done.stdout
    assert report_at(report).result == "not run"


def test_an_unknown_clause_is_a_usage_error(samples: Path) -> None:
    done = pytest_in(samples, samples, "--backend=reference-store", "--clause=store.mgett")
    assert done.returncode == 4
    assert "--clause=store.mgett names no clause" in done.stderr
    assert "store.mget" in done.stderr


def test_every_replay_line_reproduces_its_failure(samples: Path, elsewhere: Path) -> None:
    done = pytest_in(
        samples,
        samples,
        "--backend=samples:REVERSED",
        "--clause=store.mget.order",
        "--clause=store.model",
        # The replay lines carry the profile: the reruns shrink with its budget too.
        "--conformance-profile=quick",
    )
    assert done.returncode == 1
    lines = replays(done.stdout)
    assert all("--conformance-profile=quick" in line for line in lines), lines
    kinds = {
        "a clause test": [x for x in lines if "test_store_mget.py" in x],
        "a spec example": [x for x in lines if "store.md::" in x],
        "a model test": [x for x in lines if "test_models.py" in x],
    }
    assert all(kinds.values()), kinds
    for kind, found in kinds.items():
        again = rerun(found[0], samples, elsewhere)
        assert again.returncode == 1, f"{kind}: {again.stdout[-2000:]}"
        assert re.search(r"^(FAILED|1 failed)", again.stdout, re.M), (
            f"{kind}: {again.stdout[-2000:]}"
        )


def test_the_printed_model_steps_replay_as_a_script(samples: Path, elsewhere: Path) -> None:
    done = pytest_in(samples, samples, "--backend=samples:REVERSED", "--clause=store.model")
    assert done.returncode == 1
    lines = [
        line.removeprefix("E").strip("\n")[3:]
        for line in done.stdout.splitlines()
        if line.startswith("E   ")
    ]
    start = next(i for i, line in enumerate(lines) if line.startswith("# To replay"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("state.teardown()"))
    script = "\n".join(lines[start : end + 1])
    assert "replay('samples:REVERSED'" in script
    ran = subprocess.run(
        [sys.executable, "-c", script],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(samples)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode != 0
    assert "AssertionError" in ran.stderr, ran.stderr[-2000:]


def test_an_intermittent_failure_names_its_root_cause(samples: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    done = pytest_in(
        samples,
        samples,
        "--backend=samples:FLAKY",
        "-k",
        "test_drawn_values_round_trip",
        f"--conformance-report={report}",
    )
    assert done.returncode == 1
    verdict = report_at(report).verdicts_of("flaky")["store.value.roundtrip"]
    reason = verdict.failures[0].reason
    assert reason.startswith("intermittent: RuntimeError: connection reset by peer"), reason
    assert "first failing call: test_drawn_values_round_trip" in reason
    assert "FlakyFailure" not in reason
    assert re.search(
        r"store.value.roundtrip\s+MUST\s+FAIL\s+intermittent: RuntimeError", done.stdout
    )
