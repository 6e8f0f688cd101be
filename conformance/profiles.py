"""Hypothesis budgets for the property-based and model-based tests."""

from __future__ import annotations

from typing import Final

from hypothesis import HealthCheck, settings

PROFILES: Final[dict[str, dict[str, int]]] = {
    "quick": {"max_examples": 15, "stateful_step_count": 15, "derandomize": 1},
    "default": {"max_examples": 50, "stateful_step_count": 30, "derandomize": 1},
    "thorough": {"max_examples": 400, "stateful_step_count": 60, "derandomize": 0},
}
"""Name -> budget. The quick and default profiles are derandomized: the same backend gets
the same verdicts on every run, as a release gate needs; thorough explores anew each run."""

_PREFIX = "storespec-"


def _register() -> None:
    for name, budget in PROFILES.items():
        settings.register_profile(
            _PREFIX + name,
            deadline=None,
            suppress_health_check=[
                HealthCheck.function_scoped_fixture,
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
            ],
            print_blob=True,
            report_multiple_bugs=False,
            database=None,
            max_examples=budget["max_examples"],
            stateful_step_count=budget["stateful_step_count"],
            derandomize=bool(budget["derandomize"]),
        )


def activate(name: str | None) -> None:
    """Load a profile; None keeps a ``--hypothesis-profile`` the user chose, else loads default."""
    _register()
    if name is None:
        current = settings.get_current_profile_name()
        if current not in (None, "default"):
            return
        name = "default"
    settings.load_profile(_PREFIX + name)
