"""Tests that kill mutants of the reference implementation which the other tests let live.

The first test runs the whole conformance suite against the reference in this
process, so that a mutation-testing tool that watches which tests call which
functions credits the suite with the mutants it kills. The others each pin one
behaviour of ``storespec.reference`` that neither ``test_store.py``,
``test_cache.py`` nor the suite pinned (see docs/mutation.md).
"""

from __future__ import annotations

import json

import pytest


def test_the_conformance_suite_accepts_the_reference(pytester: pytest.Pytester) -> None:
    report = pytester.path / "report.json"
    result = pytester.runpytest_inprocess(
        "--backend=storespec.adapters.reference:BACKENDS",
        "--conformance-profile=quick",
        f"--conformance-report={report}",
        "-p",
        "no:cacheprovider",
        "-q",
    )
    verdicts = json.loads(report.read_text(encoding="utf-8"))["clauses"]
    rejected = {
        (v["backend"], v["id"]): v["failures"][:1]
        for v in verdicts
        if v["outcome"] not in ("pass", "not applicable")
    }
    assert not rejected
    assert result.ret == 0
