"""A consumer scenario: a named use of a backend by LangChain code, in steps."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from storespec.adapters.scenarios.context import Context
from storespec.conformance.core.adapter import Adapter, Kind

Applicability = Callable[[Adapter], str | None]
"""Returns None when a scenario applies to the adapter, else why it does not."""


@dataclass(frozen=True)
class Scenario:
    """One way LangChain uses a store or cache, and what a user sees when it works."""

    id: str
    family: str
    kind: Kind
    summary: str
    run: Callable[[Context], Awaitable[None]]
    applies: Applicability | None = None

    def not_applicable(self, adapter: Adapter) -> str | None:
        """Why the scenario cannot run on ``adapter``, or None if it can."""
        if adapter.kind != self.kind:
            return f"the scenario needs a {self.kind}; {adapter.name} is a {adapter.kind}"
        if self.applies is None:
            return None
        return self.applies(adapter)
