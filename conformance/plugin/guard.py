"""The guard around each test against a backend: deadlines, and backends that cannot run.

A backend that hangs is cut off at the deadline and its later tests fail at once; a
backend whose factory raises is reported once, and its later tests are not started.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field

import pytest

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.deadline import deadline
from storespec.conformance.plugin.outcomes import NotApplicable

HUNG = "backend hung earlier in this run: "
CANNOT_CONSTRUCT = "cannot construct the backend: "

NOT_APPLICABLE = pytest.StashKey[str]()
"""Why a collected test does not apply to its backend (a capability it lacks)."""

ABANDON = pytest.StashKey[bool]()
"""Set on a test whose backend hung: its instances are dropped, not closed."""


@dataclass(eq=False)
class Guard:
    """Deadlines per test phase, and what each backend that cannot run any more did."""

    adapter_of: Callable[[pytest.Item], Adapter | None]
    timeout: float = 300.0
    hung: dict[str, str] = field(default_factory=dict)
    """Backend name -> what hung, once a test against it ran out of time."""
    unconstructible: dict[str, str] = field(default_factory=dict)
    """Backend name -> the exception its factory raised, once it raised."""

    def _guarded(self, item: pytest.Item, phase: str) -> Generator[None, object, object]:
        adapter = self.adapter_of(item)
        if adapter is None:
            return (yield)
        if phase == "setup":
            reason = item.stash.get(NOT_APPLICABLE, None)
            if reason is not None:
                raise NotApplicable(reason)
            if adapter.name in self.hung:
                pytest.fail(HUNG + self.hung[adapter.name], pytrace=False)
            if adapter.name in self.unconstructible:
                pytest.skip(CANNOT_CONSTRUCT + self.unconstructible[adapter.name])
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
