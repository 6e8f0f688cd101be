"""What a consumer scenario concluded about one backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Outcome = Literal["works", "breaks", "not applicable"]

WORKS: Outcome = "works"
BREAKS: Outcome = "breaks"
NOT_APPLICABLE: Outcome = "not applicable"


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario on one backend.

    ``detail`` is empty when the scenario works; when it breaks, the exception or the
    wrong result in one line, and ``step`` the step that broke; when it is not
    applicable, why. ``explained_by`` lists the IDs of the backend's declared findings
    that account for a break.
    """

    scenario: str
    backend: str
    outcome: Outcome
    detail: str = ""
    step: str = ""
    seconds: float = 0.0
    explained_by: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The result as the runner's JSON writes it."""
        return {
            "scenario": self.scenario,
            "backend": self.backend,
            "outcome": self.outcome,
            "detail": self.detail,
            "step": self.step,
            "seconds": round(self.seconds, 3),
            "explained_by": list(self.explained_by),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScenarioResult:
        """A result read back from the runner's JSON."""
        outcome = data["outcome"]
        if outcome not in (WORKS, BREAKS, NOT_APPLICABLE):
            msg = f"scenario result: unknown outcome {outcome!r}"
            raise ValueError(msg)
        return cls(
            scenario=str(data["scenario"]),
            backend=str(data["backend"]),
            outcome=outcome,
            detail=str(data.get("detail", "")),
            step=str(data.get("step", "")),
            seconds=float(data.get("seconds", 0.0)),
            explained_by=[str(i) for i in data.get("explained_by", [])],
        )
