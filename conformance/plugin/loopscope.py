"""pytest-asyncio's warning about an unset ``asyncio_default_fixture_loop_scope``.

storespec depends on pytest-asyncio, so installing storespec makes every pytest run of a host
project warn about that setting, even a run of the subclass style whose only async code is the
suite's (its async fixtures are function-scoped, so the setting does not concern them).

When the host leaves it unset, the run says ``fixture-scope``: pytest-asyncio's own name for
what unset means, so no fixture's loop changes. A run that uses the subclass style or
``--backend`` then warns about nothing; any other run gets pytest-asyncio's warning as before,
in the warnings summary, so a host project that does use pytest-asyncio still hears of it.
"""

from __future__ import annotations

import warnings

import pytest

OPTION = "asyncio_default_fixture_loop_scope"
AS_UNSET = "fixture-scope"

HELD = pytest.StashKey[str]()
"""pytest-asyncio's warning text, held back until collection shows whether the run needs it."""


def _unset_warning() -> str | None:
    """pytest-asyncio's warning text, if the installed version warns and knows ``fixture-scope``."""
    try:
        from pytest_asyncio import plugin
    except ImportError:
        return None
    text = getattr(plugin, "_DEFAULT_FIXTURE_LOOP_SCOPE_UNSET", None)
    if not isinstance(text, str) or getattr(plugin, "_MATCH_FIXTURE_SCOPE", None) != AS_UNSET:
        return None
    return text


def _set(config: pytest.Config, value: str) -> bool:
    cache = getattr(config, "_inicache", None)
    if not isinstance(cache, dict):
        return False
    cache[OPTION] = value
    return True


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Give the option a value before pytest-asyncio reads it, if the host left it unset.

    A ``--backend`` run collects only the suite, whose async fixtures are function-scoped.
    """
    suite_only = bool(config.getoption("backend"))
    try:
        if config.getini(OPTION):
            return
    except ValueError:
        return  # pytest-asyncio is not active
    if suite_only:
        _set(config, "function")
        return
    text = _unset_warning()
    if text is not None and _set(config, AS_UNSET):
        config.stash[HELD] = text


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    text = config.stash.get(HELD, None)
    if text is None:
        return
    del config.stash[HELD]
    if not any(getattr(getattr(i, "cls", None), "storespec_subclass", False) for i in items):
        warnings.warn(pytest.PytestDeprecationWarning(text), stacklevel=1)
