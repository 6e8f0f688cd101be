"""langchain-mongodb's docstore and cache: not runnable without a MongoDB server, precisely.

This machine kind has no MongoDB server (Debian does not package it, and the project
downloads no server binaries), so these tests check the reason the adapters give and
that a run reports both backends as not run with it. Where ``STORESPEC_MONGODB_URL``
names a server that answers, the suite runs against it instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storespec.adapters import langchain_mongodb, servers
from storespec.adapters.langchain_mongodb import server
from tests.adapters.support import assert_conformant, run_suite, unavailable_reason

MODULE = "storespec.adapters.langchain_mongodb:BACKENDS"


def test_reason_names_the_url_and_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(servers.MONGODB_URL, "mongodb://127.0.0.1:9")
    for adapter in langchain_mongodb.BACKENDS:
        reason = adapter.unavailable()
        if reason == server.NEEDS_PACKAGES:
            pytest.skip(reason)
        assert reason is not None
        assert reason.startswith(
            "needs a MongoDB server at mongodb://127.0.0.1:9 (STORESPEC_MONGODB_URL): "
        )


def test_run_reports_both_backends_as_not_run_or_conformant(tmp_path: Path) -> None:
    reason = langchain_mongodb.CACHE.unavailable()
    if reason is None:
        assert_conformant(run_suite(MODULE, tmp_path), *langchain_mongodb.BACKENDS)
        return
    run = run_suite(MODULE, tmp_path, env={"CI": ""})
    assert run.returncode == 0, run.tail()
    for adapter in langchain_mongodb.BACKENDS:
        assert unavailable_reason(run.read(), adapter.name) == reason
        found = run.outcomes(adapter.name)
        assert set(found.values()) <= {"not run", "not applicable"}, found
        assert "not run" in found.values()
