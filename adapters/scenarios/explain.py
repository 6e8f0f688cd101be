"""Which declared findings of a backend account for a scenario that breaks on it.

The rule: a break is explained by every finding applied to the backend (its versions
match the installed packages) that either

- has a signature message, and that message matches the break's detail, the exception as
  ``Type: message`` (the runner's ``(raised at file:line)`` note left out, a backend's
  failed ``assert`` worded as the suite words it), as it would match a failing test of
  the suite; or
- is listed in ``WRONG_RESULTS`` with a pattern that matches the detail: a scenario words a
  wrong result in its own terms (``the model answered 12 again``), which no suite message
  can match, so such a link is declared by hand, one pattern per finding.

A finding listed in ``COINCIDENCES`` never explains a break of the scenarios named there:
its message is also what a different defect raises in them.

A break that no finding explains is a new finding to investigate.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Final

from storespec.adapters.scenarios.outcome import BREAKS, ScenarioResult
from storespec.conformance.core.errors import raised_by_backend
from storespec.conformance.core.findings import Finding, VersionOf, installed_version

WRONG_RESULTS: Final[Mapping[str, str]] = {
    "gptcache/concurrent-writes-lost": r"^the model answered \d+ again",
    # CacheBackedEmbeddings decodes each vector it reads: a torn read (b'' or the first
    # part of a file) is a JSON document cut short.
    "localfilestore/read-during-write-is-torn": r"^json\.decoder\.JSONDecodeError: ",
}
"""Finding ID -> a pattern of the scenario details that show it as a wrong result."""

COINCIDENCES: Final[Mapping[str, tuple[str, ...]]] = {
    # Its batches hold distinct keys: a duplicate key there comes from two writers at once.
    "sqlstore/amset-repeated-key-raises": ("concurrent.*",),
}
"""Finding ID -> shell patterns of the scenarios whose breaks its message matches by
coincidence."""

_RAISED_AT = re.compile(r" \(raised at [^)]*\)$")


def failure_text(detail: str) -> str:
    """A break's detail as a finding's signature reads a failure: ``Type: message``, and
    an ``assert`` that failed in the backend worded as the suite words it (a scenario's own
    checks raise ``Broke``, whose detail names no exception type)."""
    text = _RAISED_AT.sub("", detail)
    if text.startswith("AssertionError"):
        text = raised_by_backend(text)
    return text


def explaining(
    result: ScenarioResult,
    findings: Sequence[Finding],
    version_of: VersionOf = installed_version,
) -> list[str]:
    """The IDs of ``findings`` that explain ``result``, in declaration order; none unless
    it breaks."""
    if result.outcome != BREAKS:
        return []
    text = failure_text(result.detail)
    found: list[str] = []
    for finding in findings:
        if finding.not_applied(version_of) is not None:
            continue
        if any(fnmatch.fnmatchcase(result.scenario, p) for p in COINCIDENCES.get(finding.id, ())):
            continue
        message = finding.signature.message
        by_message = bool(message) and re.search(message, text, re.S) is not None
        pattern = WRONG_RESULTS.get(finding.id)
        by_hand = pattern is not None and re.search(pattern, text) is not None
        if by_message or by_hand:
            found.append(finding.id)
    return found


def explained(
    results: Sequence[ScenarioResult],
    findings: Sequence[Finding],
    version_of: VersionOf = installed_version,
) -> list[ScenarioResult]:
    """``results`` with ``explained_by`` filled from ``findings``."""
    return [replace(r, explained_by=explaining(r, findings, version_of)) for r in results]


def reexplained(
    written: dict[str, Any],
    findings_of: Mapping[str, Sequence[Finding]],
    version_of: VersionOf = installed_version,
) -> dict[str, Any]:
    """A scenarios report with every ``explained_by`` filled again from ``findings_of``
    (backend name -> its findings), for when findings were declared after the run."""
    backends = []
    for entry in written["backends"]:
        results = [ScenarioResult.from_json(r) for r in entry["results"]]
        findings = findings_of.get(entry["name"], ())
        results = explained(results, findings, version_of)
        backends.append({**entry, "results": [r.to_json() for r in results]})
    return {**written, "backends": backends}
