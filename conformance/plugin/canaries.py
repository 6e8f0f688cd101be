"""Foreign data planted beside each backend's namespaces, and checked after the run."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from storespec.conformance.core.adapter import Adapter, Canary
from storespec.conformance.core.verdicts import TestOutcome, TestResult

ISOLATION = {"store": ("store.isolation",), "cache": ("cache.isolation",)}


@dataclass(eq=False)
class CanaryWatch:
    """The planted canaries of a run, and the errors met planting or removing them."""

    canaries: dict[str, Canary] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def plant(self, adapters: Iterable[Adapter]) -> None:
        """Plant each available backend's canary."""
        for adapter in adapters:
            if adapter.canary is None or adapter.unavailable() is not None:
                continue
            try:
                canary = adapter.canary()
                canary.plant()
            except Exception as exc:
                self.errors.append(f"{adapter.name}: planting foreign data failed: {exc!r}")
                continue
            self.canaries[adapter.name] = canary

    def check(self, kinds: Mapping[str, str], ran: list[TestResult]) -> list[TestResult]:
        """Foreign data that changed fails the isolation clauses; foreign data left alone
        counts for them only if their tests ran (a narrowed run may not have exercised the
        backend enough to tell). Every canary is removed."""
        exercised = {
            (r.backend, c)
            for r in ran
            if r.outcome not in (TestOutcome.SKIPPED, TestOutcome.NOT_APPLICABLE)
            for c in r.clauses
        }
        results: list[TestResult] = []
        for name, canary in self.canaries.items():
            clause_ids = ISOLATION[kinds[name]]
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
            reason = "foreign data outside the namespace changed: " + "; ".join(damage)
            results.append(
                TestResult(
                    f"<foreign data canary of {name}>",
                    name,
                    clause_ids,
                    TestOutcome.FAILED if damage else TestOutcome.PASSED,
                    reason if damage else "",
                    name="<foreign data canary>",
                )
            )
        self.canaries.clear()
        return results
