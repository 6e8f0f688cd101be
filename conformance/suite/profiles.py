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


def activate(name: str | None, chosen: str | None = None) -> None:
    """Load budget ``name``; without one, keep the hypothesis profile the user ``chosen``
    with ``--hypothesis-profile``, or else load the default budget. A profile hypothesis
    loads by itself (its ``ci`` profile, when the ``CI`` variable is set) is no choice."""
    _register()
    if name is None:
        if chosen is not None:
            return
        name = "default"
    settings.load_profile(_PREFIX + name)


def per_example_instances() -> settings:
    """Settings for a property test that opens an instance per example from the
    function-scoped ``instances`` fixture, as the suite's do on purpose: the current
    profile, with that health check suppressed too."""
    current = settings.default.suppress_health_check if settings.default else ()
    suppressed = {*current, HealthCheck.function_scoped_fixture}
    return settings(suppress_health_check=sorted(suppressed, key=lambda check: check.value))
