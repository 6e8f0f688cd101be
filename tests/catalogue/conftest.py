"""Runs of the conformance suite against the catalogue, shared by its tests.

The runs are those of :mod:`storespec.catalogue.runs`. The runs that
the collected tests need start together, so that they share the machine's cores,
and each is parsed once.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storespec.catalogue import runs
from storespec.catalogue.runs import Run

__all__ = ["Run"]


def _needed(session: pytest.Session) -> set[str]:
    needed: set[str] = set()
    for item in session.items:
        module = getattr(item, "module", None)
        needed.update(getattr(module, "CATALOGUE_RUNS", ()))
    return needed


def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory shared by every xdist worker of this session (the base temp dir
    without xdist), so that each run happens once per session."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _finished(where: Path, deadline: float) -> Run:
    """Wait for the run in ``where`` that another process started, then read it."""
    done = where / "done.json"
    while not done.exists():
        assert time.monotonic() < deadline, f"the run in {where} did not finish"
        time.sleep(0.5)
    result = json.loads(done.read_text(encoding="utf-8"))
    return runs.read(where, result["exit_code"], result["output"])


@pytest.fixture(scope="session")
def catalogue_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Run]]:
    """Every run the collected tests need, started together and awaited. Under xdist the
    first worker to claim a run starts it, and the others wait for its result."""
    root = _shared_root(tmp_path_factory)
    deadline = time.monotonic() + runs.TIMEOUT
    started = {}
    wanted: dict[str, Path] = {}
    for name in runs.parts(sorted(_needed(request.session))):
        where = root / f"catalogue-{name}"
        wanted[name] = where
        try:
            where.mkdir()
        except FileExistsError:
            continue
        started[name] = runs.start(name, where)
    try:
        for name, process in started.items():
            output, _ = process.communicate(timeout=runs.TIMEOUT)
            finished = {"exit_code": process.returncode, "output": output}
            (wanted[name] / "done.json").write_text(json.dumps(finished), encoding="utf-8")
        yield runs.join({name: _finished(where, deadline) for name, where in wanted.items()})
    finally:
        for process in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()
