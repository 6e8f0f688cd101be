"""A hypothesis profile for running the suite against the catalogue: fast and repeatable.

Load it as a pytest plugin and select it::

    pytest -p storespec.catalogue.profile --hypothesis-profile=storespec-catalogue \\
        --backend=storespec.catalogue.entries:BROKEN_ADAPTERS

It has the budget of the ``quick`` conformance profile, draws the same examples
on every run (``derandomize``), keeps no example database, and does not shrink
a failing example: the catalogue needs to know *that* a clause fails, not the
shortest sequence that shows it, and shrinking dozens of broken backends costs
minutes. Selected, it wins over the budget of ``--conformance-profile``, which
then chooses only the scale of the realistic workloads.
"""

from __future__ import annotations

from typing import Final

import pytest
from hypothesis import HealthCheck, Phase, settings

from storespec.conformance.suite.profiles import PROFILES

NAME: Final = "storespec-catalogue"

settings.register_profile(
    NAME,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    print_blob=False,
    max_examples=PROFILES["quick"]["max_examples"],
    stateful_step_count=PROFILES["quick"]["stateful_step_count"],
)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Load this profile again after the conformance plugin has loaded its budget."""
    if config.getoption("hypothesis_profile", default=None) == NAME:
        settings.load_profile(NAME)
