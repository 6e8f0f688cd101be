"""One conformance run inside pytest: which tests cite which clauses, and what they did."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from storespec.conformance import clauses
from storespec.conformance.adapter import Adapter, Canary
from storespec.conformance.deadline import BackendTimeout, deadline
from storespec.conformance.marks import OBSERVATION
from storespec.conformance.report import BackendInfo, Report, table_lines, version_of
from storespec.conformance.verdicts import TestOutcome, TestResult, aggregate, is_advisory

ITEM_PROPERTY = "storespec"
HUNG = "backend hung earlier in this run: "
NOT_APPLICABLE = "not applicable: "


ABANDON = pytest.StashKey[bool]()
"""Set on a test whose backend hung: its instances are dropped, not closed."""


def suite_dir() -> Path:
    """Where the installed conformance tests live."""
    from storespec.conformance import suite

    return Path(suite.__file__).parent


def _one_line(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        text = str(crash.message)
    elif isinstance(longrepr, tuple):
        text = str(longrepr[2])
    else:
        text = str(longrepr or "")
    for line in text.splitlines():
        if line.strip():
            return line.strip().removeprefix("Skipped: ").removeprefix("Failed: ")[:300]
    return ""


def _meta(properties: Iterable[tuple[str, object]]) -> dict[str, Any] | None:
    """The backend and clauses the plugin attached to a test, if any."""
    for key, value in properties:
        if key == ITEM_PROPERTY and isinstance(value, dict):
            return value
    return None


@dataclass(eq=False)
class ConformanceRun:
    """The backends under test, the options, and every result as it arrives."""

    adapters: list[Adapter]
    timeout: float = 300.0
    selected: bool = False
    """Whether ``--backend`` chose the adapters (the installed suite runs) or subclasses did."""
    strict: bool = False
    pin: str | None = None
    reports: list[Path] = field(default_factory=list)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    report: Report | None = None
    hung: dict[str, str] = field(default_factory=dict)
    """Backend name -> what hung, once a test against it ran out of time."""
    canaries: dict[str, Canary] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seed: int | None = None
    replay_args: list[str] = field(default_factory=list)

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
        """Attach the backend and clauses to the item, and mark it n/a if it needs a capability
        the backend lacks."""
        item.user_properties.append((ITEM_PROPERTY, {"backend": adapter.name, "clauses": ids}))
        needed = set().union(*(clauses.get(i).requires for i in ids))
        missing = sorted(needed - adapter.capabilities)
        if missing:
            reason = f"{NOT_APPLICABLE}{adapter.name} lacks capability {', '.join(missing)}"
            item.add_marker(pytest.mark.skip(reason=reason))

    # -- running ------------------------------------------------------------

    def _guarded(self, item: pytest.Item, phase: str) -> Generator[None, object, object]:
        adapter = self.adapter_of(item)
        if adapter is None:
            return (yield)
        if phase == "setup" and adapter.name in self.hung:
            pytest.fail(HUNG + self.hung[adapter.name], pytrace=False)
        with deadline(self.timeout, f"{phase} of {item.name}"):
            return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, object, object]:
        return (yield from self._guarded(item, "setup"))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, object, object]:
        return (yield from self._guarded(item, "the test"))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, object, object]:
        if (adapter := self.adapter_of(item)) is not None and adapter.name in self.hung:
            item.stash[ABANDON] = True
        return (yield from self._guarded(item, "teardown"))

    def classify(
        self, item: pytest.Item, report: pytest.TestReport, call: pytest.CallInfo[None]
    ) -> None:
        """Record the raw outcome, then turn failures of declared deviations and of advisory
        clauses into expected failures, so that only breaking failures fail pytest."""
        meta = _meta(item.user_properties)
        if meta is None:
            return
        adapter = self.by_name.get(meta["backend"])
        if call.excinfo is not None and call.excinfo.errisinstance(BackendTimeout):
            self.hung.setdefault(meta["backend"], str(call.excinfo.value))
        raw = self._raw(report)
        report.storespec_raw = raw.value  # type: ignore[attr-defined]
        if raw is not TestOutcome.FAILED or adapter is None:
            return
        ids: tuple[str, ...] = meta["clauses"]
        deviated = [i for i in ids if i in adapter.deviations]
        if deviated:
            observed = adapter.deviations[deviated[0]].observed
            report.outcome = "skipped"
            report.wasxfail = f"known deviation of {deviated[0]}: {observed}"
        elif all(is_advisory(clauses.get(i), strict=self.strict, pin=self.pin) for i in ids):
            report.outcome = "skipped"
            report.wasxfail = f"advisory: {', '.join(ids)} not met: {_one_line(report)}"

    @staticmethod
    def _raw(report: pytest.TestReport) -> TestOutcome:
        if report.when != "call" and report.failed:
            return TestOutcome.ERROR
        if report.skipped:
            reason = _one_line(report)
            if NOT_APPLICABLE in reason:
                return TestOutcome.NOT_APPLICABLE
            return TestOutcome.SKIPPED
        return TestOutcome.FAILED if report.failed else TestOutcome.PASSED

    # -- hooks of the run, registered as a plugin ---------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        meta = _meta(report.user_properties)
        raw = getattr(report, "storespec_raw", None)
        if meta is None or raw is None:
            return
        entry = self.results.setdefault(
            report.nodeid,
            {
                "backend": meta["backend"],
                "clauses": tuple(meta["clauses"]),
                "outcome": None,
                "reason": "",
                "observation": "",
            },
        )
        outcome = TestOutcome(raw)
        observations = [str(v) for k, v in report.user_properties if k == OBSERVATION]
        if observations:
            entry["observation"] = "; ".join(observations)
        if report.when == "setup" or outcome in (TestOutcome.ERROR, TestOutcome.FAILED):
            if entry["outcome"] not in (TestOutcome.ERROR, TestOutcome.FAILED):
                entry["outcome"] = outcome
                entry["reason"] = _one_line(report)
        elif report.when == "call":
            entry["outcome"] = outcome
            if outcome in (TestOutcome.NOT_APPLICABLE, TestOutcome.SKIPPED):
                entry["reason"] = _one_line(report)

    def conclude(self) -> Report:
        """Turn the recorded results into verdicts and the report."""
        results = [
            TestResult(
                test=nodeid,
                backend=e["backend"],
                clauses=e["clauses"],
                outcome=e["outcome"] or TestOutcome.SKIPPED,
                reason=e["reason"],
                observation=e["observation"],
            )
            for nodeid, e in self.results.items()
        ]
        results += self._check_canaries(results)
        backends = {a.name: (a.kind, a.deviations) for a in self.adapters}
        verdicts = aggregate(
            results, clauses.index().values(), backends, strict=self.strict, pin=self.pin
        )
        report = Report(
            verdicts=verdicts,
            backends=[self._info(a) for a in self.adapters],
            strict=self.strict,
            pin=self.pin,
            seed=self.seed,
            errors=list(self.errors),
        )
        for name, what in self.hung.items():
            report.errors.append(f"{name} hung ({what}); its later tests were not run")
        report.failed = bool(self.errors) or any(v.breaks_run for v in verdicts)
        return report

    @staticmethod
    def _info(adapter: Adapter) -> BackendInfo:
        info = BackendInfo(name=adapter.name, kind=adapter.kind, description=adapter.description)
        info.packages = {p: version_of(p) for p in adapter.packages}
        info.capabilities = sorted(adapter.capabilities)
        domains = {
            "keys" if adapter.kind == "store" else "prompts": adapter.keys,
            "values": adapter.values,
        }
        if adapter.kind == "cache":
            domains["llm_strings"] = adapter.llm_strings
        info.domains = {k: d.description for k, d in domains.items()}
        info.narrowed = {k: list(d.narrower) for k, d in domains.items() if d.narrower}
        info.unavailable = adapter.unavailable()
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
        for adapter in self.adapters:
            if adapter.canary is None or adapter.unavailable() is not None:
                continue
            try:
                canary = adapter.canary()
                canary.plant()
            except Exception as exc:
                self.errors.append(f"{adapter.name}: planting foreign data failed: {exc!r}")
                continue
            self.canaries[adapter.name] = canary

    def _check_canaries(self, ran: list[TestResult]) -> list[TestResult]:
        """Foreign data that changed during the run fails the isolation clauses; foreign
        data left alone counts for them only if their tests ran (a run narrowed with ``-k``
        may not have exercised the backend enough to tell)."""
        exercised = {
            (r.backend, c)
            for r in ran
            if r.outcome not in (TestOutcome.SKIPPED, TestOutcome.NOT_APPLICABLE)
            for c in r.clauses
        }
        results: list[TestResult] = []
        for name, canary in self.canaries.items():
            kind = self.by_name[name].kind
            clause_ids = ("store.isolation",) if kind == "store" else ("cache.isolation",)
            try:
                damage = canary.check()
            except Exception as exc:
                damage = [f"checking the foreign data failed: {exc!r}"]
            finally:
                try:
                    canary.remove()
                except Exception as exc:
                    self.errors.append(f"{name}: removing the foreign data failed: {exc!r}")
            if not damage and not any((name, c) in exercised for c in clause_ids):
                continue
            outcome = TestOutcome.FAILED if damage else TestOutcome.PASSED
            reason = "foreign data outside the namespace changed: " + "; ".join(damage)
            results.append(
                TestResult(
                    f"<foreign data canary of {name}>",
                    name,
                    clause_ids,
                    outcome,
                    reason if damage else "",
                )
            )
        self.canaries.clear()
        return results

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
        if self.report is None or not self.results:
            return
        tw = terminalreporter
        tw.section("storespec conformance", sep="=")
        for line in table_lines(self.report.verdicts):
            tw.write_line(line)
        for error in self.report.errors:
            tw.write_line(f"error: {error}", red=True)
        for name, counts in self.report.summary().items():
            tw.write_line(f"{name}: " + ", ".join(f"{n} {o}" for o, n in counts.items() if n))
        failed = self.report.failed
        tw.write_line(
            f"storespec verdict: {'FAIL' if failed else 'PASS'}",
            bold=True,
            red=failed,
            green=not failed,
        )
        for path in self.reports:
            tw.write_line(f"report written to {path}")
        if failed and self.seed is not None:
            tw.write_line(
                f"replay a failure: pytest {' '.join(self.replay_args)} "
                f"--hypothesis-seed={self.seed} '<test id>'"
            )


RUN_KEY = pytest.StashKey[ConformanceRun]()
"""Where the plugin keeps the run on the pytest config."""
