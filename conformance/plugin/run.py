"""One conformance run inside pytest: which tests cite which clauses, what they did, and
what the run concludes."""

from __future__ import annotations

import shlex
import traceback
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from storespec.conformance.core import clauses
from storespec.conformance.core.adapter import Adapter, CannotConstruct
from storespec.conformance.core.deadline import BackendTimeout
from storespec.conformance.core.errors import describe, raised_by_backend
from storespec.conformance.core.findings import Failure
from storespec.conformance.core.hints import capability_hints
from storespec.conformance.core.report import BackendInfo, FindingInfo, Report, table_lines
from storespec.conformance.core.verdicts import (
    BackendPlan,
    TestOutcome,
    TestResult,
    aggregate,
    explaining,
    is_advisory,
)
from storespec.conformance.plugin.canaries import CanaryWatch
from storespec.conformance.plugin.guard import CANNOT_CONSTRUCT, NOT_APPLICABLE, Guard
from storespec.conformance.plugin.marks import OBSERVATION
from storespec.conformance.plugin.outcomes import NotApplicable
from storespec.conformance.suite.drivers import SetupCallError

ITEM_PROPERTY = "storespec"
REPLAY_LIMIT = 10
"""How many replay lines the terminal prints; the report keeps them all."""


def suite_dir() -> Path:
    """Where the installed conformance tests live."""
    from storespec.conformance import suite

    return Path(suite.__file__).parent


def focused(exc: BaseException) -> str:
    """The exception and the frames of the code that raised it, without the suite's own."""
    cause = exc.__cause__ or exc
    frames = [
        f
        for f in traceback.extract_tb(cause.__traceback__)
        if not any(part in f.filename for part in _OWN_FRAMES)
    ]
    lines = ["".join(traceback.format_list(frames)).rstrip()] if frames else []
    lines.append(f"{type(exc).__name__}: {exc}")
    return "\n".join(lines)


_OWN_FRAMES = ("/storespec/", "/conformance/", "/asyncio/", "/contextlib.py", "/_pytest/")


def _raised_by_suite(excinfo: pytest.ExceptionInfo[BaseException]) -> bool:
    """Whether the exception was raised by the suite's own code or a spec example."""
    last = Path(str(excinfo.traceback[-1].path)) if excinfo.traceback else None
    if last is None:
        return True
    own = (Path(__file__).resolve().parents[1], _spec_dir().resolve())
    return any(root == last.resolve() or root in last.resolve().parents for root in own)


def _spec_dir() -> Path:
    from storespec.conformance.plugin.examples import spec_dir

    return spec_dir()


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    text = str(longrepr[2]) if isinstance(longrepr, tuple) else str(longrepr or "")
    return text.strip().removeprefix("Skipped: ")[:500]


def _meta(properties: Iterable[tuple[str, object]]) -> dict[str, Any] | None:
    """The backend and clauses the plugin attached to a test, if any."""
    for key, value in properties:
        if key == ITEM_PROPERTY and isinstance(value, dict):
            return value
    return None


def _test_name(item: pytest.Item) -> str:
    return item.name.split("[", 1)[0]


def _api(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return None if callspec is None else callspec.params.get("api")


def _absolute_id(item: pytest.Item) -> str:
    """The item's node id with an absolute path: it selects the test from any directory."""
    rest = item.nodeid.split("::", 1)[1] if "::" in item.nodeid else ""
    return f"{item.path}::{rest}" if rest else str(item.path)


@dataclass(eq=False)
class ConformanceRun:
    """The backends under test, the options, and every result as it arrives."""

    adapters: list[Adapter]
    timeout: float = 300.0
    selected: bool = False
    """Whether ``--backend`` chose the adapters (the installed suite runs) or subclasses did."""
    strict: bool = False
    pin: str | None = None
    profile: str | None = None
    reports: list[Path] = field(default_factory=list)
    given: dict[str, str] = field(default_factory=dict)
    """Backend name -> the ``--backend`` argument that named it."""
    clause_filter: tuple[str, ...] = ()
    """``--clause`` values: the clause IDs (or ID prefixes) whose tests run."""
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    expected: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(backend, clause) -> how many tests cite the clause in a full run."""
    report: Report | None = None
    canaries: CanaryWatch = field(default_factory=CanaryWatch)
    errors: list[str] = field(default_factory=list)
    seed: int | None = None
    guard: Guard = field(init=False)

    def __post_init__(self) -> None:
        self.guard = Guard(self.adapter_of, self.timeout)

    @property
    def by_name(self) -> Mapping[str, Adapter]:
        return {a.name: a for a in self.adapters}

    # -- collection ---------------------------------------------------------

    @staticmethod
    def is_subclass_item(item: pytest.Item) -> bool:
        """Whether the item is a method of a conformance subclass."""
        return bool(getattr(getattr(item, "cls", None), "storespec_subclass", False))

    @staticmethod
    def is_suite_item(item: pytest.Item) -> bool:
        """Whether the item belongs to the installed conformance suite."""
        return suite_dir() in Path(str(item.path)).parents

    def adapter_of(self, item: pytest.Item) -> Adapter | None:
        """The backend a collected test runs against, if it runs against one."""
        found = getattr(item, "storespec_adapter", None)
        if found is None:
            callspec = getattr(item, "callspec", None)
            if callspec is not None:
                found = callspec.params.get("adapter")
        if found is None:
            found = getattr(getattr(item, "cls", None), "backend", None)
            if isinstance(found, Adapter) and found.name not in self.by_name:
                self.adapters.append(found)
        return found if isinstance(found, Adapter) else None

    def annotate(self, item: pytest.Item, adapter: Adapter, ids: tuple[str, ...]) -> None:
        """Attach the backend and clauses to the item, count it toward its clauses, and mark
        it not applicable if it needs a capability the backend lacks."""
        item.user_properties.append((ITEM_PROPERTY, {"backend": adapter.name, "clauses": ids}))
        for clause_id in ids:
            self.expected[adapter.name, clause_id] += 1
        needed = set().union(*(clauses.get(i).requires for i in ids))
        missing = sorted(needed - adapter.capabilities)
        if missing:
            item.stash[NOT_APPLICABLE] = (
                f"not applicable: {adapter.name} lacks capability {', '.join(missing)}"
            )

    def chosen(self, ids: tuple[str, ...]) -> bool:
        """Whether a test citing ``ids`` is selected by ``--clause``."""
        if not self.clause_filter:
            return True
        return any(i == c or i.startswith(c + ".") for i in ids for c in self.clause_filter)

    # -- running ------------------------------------------------------------

    def classify(
        self, item: pytest.Item, report: pytest.TestReport, call: pytest.CallInfo[None]
    ) -> None:
        """Record what the test did, then turn failures that declared findings explain, and
        failures of advisory clauses, into expected failures: only the rest fail pytest."""
        meta = _meta(item.user_properties)
        if meta is None:
            return
        backend = meta["backend"]
        ids: tuple[str, ...] = meta["clauses"]
        adapter = self.by_name.get(backend)
        excinfo = call.excinfo
        if excinfo is not None and excinfo.errisinstance(BackendTimeout):
            self.guard.hung.setdefault(backend, str(excinfo.value))
        if excinfo is not None and excinfo.errisinstance(CannotConstruct):
            self.guard.unconstructible.setdefault(backend, str(excinfo.value))
        if excinfo is not None and excinfo.errisinstance(CannotConstruct):
            report.longrepr = focused(excinfo.value)
        outcome, reason = self._raw(report, call)
        report.storespec_raw = outcome.value  # type: ignore[attr-defined]
        report.storespec_reason = reason  # type: ignore[attr-defined]
        report.storespec_meta = (_test_name(item), _api(item), _absolute_id(item))  # type: ignore[attr-defined]
        if outcome not in (TestOutcome.FAILED, TestOutcome.ERROR) or adapter is None:
            return
        result = TestResult(item.nodeid, backend, ids, outcome, reason, "", *_meta_of(report))
        findings = self.applied(adapter)
        unexplained = [c for c in ids if explaining(c, result, findings) is None]
        if not unexplained:
            found = {f.id for c in ids if (f := explaining(c, result, findings)) is not None}
            report.outcome = "skipped"
            report.wasxfail = "known finding " + ", ".join(sorted(found))
        elif all(
            is_advisory(clauses.get(i), strict=self.strict, pin=self.pin) for i in unexplained
        ):
            report.outcome = "skipped"
            report.wasxfail = f"advisory: {', '.join(unexplained)} not met: {reason}"

    @staticmethod
    def _raw(report: pytest.TestReport, call: pytest.CallInfo[None]) -> tuple[TestOutcome, str]:
        excinfo = call.excinfo
        if excinfo is not None and excinfo.errisinstance(NotApplicable):
            return TestOutcome.NOT_APPLICABLE, str(excinfo.value)
        if report.skipped:
            reason = _skip_reason(report)
            if reason.startswith(CANNOT_CONSTRUCT):
                return TestOutcome.ERROR, CANNOT_CONSTRUCT.removesuffix(": ")
            return TestOutcome.SKIPPED, reason
        if not report.failed:
            return TestOutcome.PASSED, ""
        reason = describe(excinfo.value) if excinfo is not None else _skip_reason(report)
        if excinfo is not None and excinfo.type is AssertionError and not _raised_by_suite(excinfo):
            # An assert statement in the backend is a refusal, not a check the result failed.
            reason = raised_by_backend(reason)
        if excinfo is not None and excinfo.errisinstance(CannotConstruct):
            return TestOutcome.ERROR, CANNOT_CONSTRUCT.removesuffix(": ")
        if excinfo is not None and excinfo.errisinstance(SetupCallError):
            return TestOutcome.ERROR, f"error of setup: {excinfo.value}"
        if report.when != "call":
            return TestOutcome.ERROR, reason
        return TestOutcome.FAILED, reason

    def applied(self, adapter: Adapter) -> list[Any]:
        """The adapter's findings that apply to the installed package versions."""
        return [f for f in adapter.findings if f.not_applied() is None]

    # -- hooks of the run, registered as a plugin ---------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        meta = _meta(report.user_properties)
        raw = getattr(report, "storespec_raw", None)
        if meta is None or raw is None:
            return
        name, api, absolute = getattr(report, "storespec_meta", ("", None, ""))
        entry = self.results.setdefault(
            report.nodeid,
            {
                "backend": meta["backend"],
                "clauses": tuple(meta["clauses"]),
                "outcome": None,
                "reason": "",
                "observation": "",
                "name": name,
                "api": api,
                "absolute": absolute,
            },
        )
        outcome = TestOutcome(raw)
        reason = getattr(report, "storespec_reason", "")
        observations = [str(v) for k, v in report.user_properties if k == OBSERVATION]
        if observations:
            entry["observation"] = "; ".join(observations)
        if report.when == "setup" or outcome in (TestOutcome.ERROR, TestOutcome.FAILED):
            if entry["outcome"] not in (TestOutcome.ERROR, TestOutcome.FAILED):
                entry["outcome"] = outcome
                entry["reason"] = reason
        elif report.when == "call":
            entry["outcome"] = outcome
            if outcome in (TestOutcome.NOT_APPLICABLE, TestOutcome.SKIPPED):
                entry["reason"] = reason

    def pytest_report_teststatus(
        self, report: pytest.TestReport, config: pytest.Config
    ) -> tuple[str, str, str] | None:
        raw = getattr(report, "storespec_raw", None)
        if raw == TestOutcome.NOT_APPLICABLE.value and report.skipped:
            return "not applicable", "n", "NOT APPLICABLE"
        wasxfail = str(getattr(report, "wasxfail", ""))
        if raw is not None and wasxfail.startswith("known finding"):
            return "known finding", "k", "KNOWN FINDING"
        if raw is not None and wasxfail.startswith("advisory"):
            return "advisory", "a", "ADVISORY"
        return None

    def test_results(self) -> list[TestResult]:
        """Every recorded result, in the order the tests ran."""
        return [
            TestResult(
                test=nodeid,
                backend=e["backend"],
                clauses=e["clauses"],
                outcome=e["outcome"] or TestOutcome.SKIPPED,
                reason=e["reason"],
                observation=e["observation"],
                name=e["name"],
                api=e["api"],
            )
            for nodeid, e in self.results.items()
        ]

    def conclude(self) -> Report:
        """Turn the recorded results into verdicts and the report."""
        results = self.test_results()
        results += self.canaries.check({a.name: a.kind for a in self.adapters}, results)
        plans = {
            a.name: BackendPlan(
                a.kind,
                self.applied(a),
                {c: n for (b, c), n in self.expected.items() if b == a.name},
            )
            for a in self.adapters
        }
        verdicts = aggregate(
            results, clauses.index().values(), plans, strict=self.strict, pin=self.pin
        )
        explained = Counter(f.finding for v in verdicts for f in v.failures if f.finding)
        report = Report(
            verdicts=verdicts,
            backends=[self._info(a, explained) for a in self.adapters],
            strict=self.strict,
            pin=self.pin,
            seed=self.seed,
            profile=self.profile,
            errors=[*self.errors, *self.canaries.errors],
            tests_run=sum(
                r.outcome in (TestOutcome.PASSED, TestOutcome.FAILED, TestOutcome.ERROR)
                for r in results
            ),
        )
        for name, what in self.guard.hung.items():
            report.errors.append(f"{name} hung ({what}); its later tests were not run")
        for name, what in self.guard.unconstructible.items():
            report.errors.append(f"{name}: {CANNOT_CONSTRUCT}{what}")
        report.errors += self._understated(verdicts)
        report.failed = bool(report.errors) or any(v.breaks_run for v in verdicts)
        report.replays = self._replays(verdicts)
        return report

    def _understated(self, verdicts: list[Any]) -> list[str]:
        """A finding whose severity is belied by a failure it explains, once per finding."""
        findings = {(a.name, f.id): f for a in self.adapters for f in a.findings}
        said: dict[tuple[str, str], str] = {}
        for verdict in verdicts:
            for failure in verdict.failures:
                key = (verdict.backend, failure.finding or "")
                finding = findings.get(key)
                if finding is None or key in said:
                    continue
                if finding.understates(Failure(failure.test, None, failure.reason)):
                    said[key] = (
                        f"{verdict.backend}: finding {finding.id} is declared a "
                        f"{finding.severity} but explains a wrong result ({failure.reason[:120]}):"
                        " declare it a wrong answer or data loss"
                    )
        return list(said.values())

    def _replays(self, verdicts: list[Any]) -> list[str]:
        """A command per test behind a failing verdict, that reruns it as it ran."""
        failing = {
            f.test
            for v in verdicts
            if v.breaks_run or v.new_failures
            for f in (v.new_failures or v.failures)
        }
        lines: list[str] = []
        construction_shown: set[str] = set()
        for nodeid, entry in self.results.items():
            if nodeid not in failing:
                continue
            if entry["reason"].startswith(CANNOT_CONSTRUCT.removesuffix(": ")):
                if entry["backend"] in construction_shown:
                    continue
                construction_shown.add(entry["backend"])
            words = ["pytest"]
            spec = self.given.get(entry["backend"])
            if spec is not None:
                words.append(f"--backend={spec}")
            if self.seed is not None:
                words.append(f"--hypothesis-seed={self.seed}")
            if self.profile is not None:
                words.append(f"--conformance-profile={self.profile}")
            words.append(entry["absolute"] or nodeid)
            lines.append(shlex.join(words))
        return lines

    def _info(self, adapter: Adapter, explained: Counter[str]) -> BackendInfo:
        from storespec.conformance.core.report import version_of

        info = BackendInfo(name=adapter.name, kind=adapter.kind, description=adapter.description)
        info.packages = {p: version_of(p) for p in adapter.packages}
        info.capabilities = sorted(adapter.capabilities)
        info.apis = [api for api in ("sync", "async") if api in adapter.apis]
        domains = {
            "keys" if adapter.kind == "store" else "prompts": adapter.keys,
            "values": adapter.values,
        }
        if adapter.kind == "cache":
            domains["llm_strings"] = adapter.llm_strings
        info.domains = {k: d.description for k, d in domains.items()}
        info.narrowed = {k: list(d.narrower) for k, d in domains.items() if d.narrower}
        info.notes.extend(capability_hints(adapter))
        info.unavailable = adapter.unavailable()
        info.replay = self.given.get(adapter.name, "")
        if not self.selected:
            info.notes.append(
                f"{adapter.name}: the subclass style runs the suite's tests, not the spec's "
                "examples; pytest --backend=module:attribute runs both"
            )
        for finding in adapter.findings:
            record = FindingInfo.of(finding, finding.not_applied())
            record.explained = explained.get(finding.id, 0)
            info.findings.append(record)
            if not record.applied:
                info.notes.append(
                    f"{adapter.name}: finding {finding.id} not applied: {record.not_applied_reason}"
                )
        if adapter.servers is not None and info.unavailable is None:
            try:
                info.servers = dict(adapter.servers())
            except Exception as exc:
                info.notes.append(f"server versions unavailable: {type(exc).__name__}: {exc}")
        return info

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        if hasattr(session.config, "workerinput"):
            return
        self.seed = session.config.getoption("hypothesis_seed", None)
        self.canaries.plant(self.adapters)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if hasattr(session.config, "workerinput"):
            return
        if exitstatus in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.USAGE_ERROR):
            return
        if not self.adapters:
            return
        self.report = self.conclude()
        for path in self.reports:
            self.report.write(path)
        if self.report.failed:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.report is None:
            return
        tw = terminalreporter
        tw.section("storespec conformance", sep="=")
        if not self.results:
            tw.write_line("no conformance test ran: the selection left none", red=True)
        for line in table_lines(self.report.verdicts, width=max(tw._tw.fullwidth, 160)):
            tw.write_line(line)
        for error in self.report.errors:
            tw.write_line(f"error: {error}", red=True)
        for info in self.report.backends:
            for note in info.notes:
                tw.write_line(f"note: {note}", yellow=True)
        for name, counts in self.report.summary().items():
            tw.write_line(f"{name}: " + ", ".join(f"{n} {o}" for o, n in counts.items() if n))
        result = self.report.result
        tw.write_line(
            f"storespec verdict: {result.upper()}",
            bold=True,
            red=result == "fail",
            green=result == "pass",
            yellow=result in ("partial", "not run"),
        )
        for path in self.reports:
            tw.write_line(f"report written to {path}")
        replays = self.report.replays
        if replays:
            tw.write_line("replay a failure (from any directory):")
            for line in replays[:REPLAY_LIMIT]:
                tw.write_line(f"  {line}")
            if len(replays) > REPLAY_LIMIT:
                tw.write_line(f"  ... and {len(replays) - REPLAY_LIMIT} more in the JSON report")


def _meta_of(report: Any) -> tuple[str, str | None]:
    name, api, _ = getattr(report, "storespec_meta", ("", None, ""))
    return name, api


RUN_KEY = pytest.StashKey[ConformanceRun]()
"""Where the plugin keeps the run on the pytest config."""
