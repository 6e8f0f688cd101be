"""Hints for an implementer: what an adapter probably meant to declare but did not.

A hint never changes a verdict; it is printed beside the report so that clauses reported as
not applicable for a forgotten declaration are not mistaken for clauses the backend meets.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from storespec.conformance.core import capabilities as caps
from storespec.conformance.core import clauses
from storespec.conformance.core.adapter import Adapter


def _parameters(target: Callable[..., Any]) -> list[inspect.Parameter]:
    try:
        return list(inspect.signature(target).parameters.values())
    except (TypeError, ValueError):
        return []


def takes_maxsize(adapter: Adapter) -> bool:
    """Whether the backend's constructor accepts ``maxsize``.

    A class or function named on the command line (``module:attribute``) is called with the
    options as keywords, so ``**kwargs`` passes ``maxsize`` on and counts. An adapter's own
    factory receives every option through ``**options`` by the adapter protocol, so there only
    a parameter named ``maxsize`` counts.
    """
    wrapped = getattr(adapter.factory, "__wrapped__", None)
    target = wrapped if wrapped is not None else adapter.factory
    for parameter in _parameters(target):
        if parameter.name == caps.MAXSIZE and parameter.kind is not parameter.VAR_KEYWORD:
            return True
        if wrapped is not None and parameter.kind is parameter.VAR_KEYWORD:
            return True
    return False


def capability_hints(adapter: Adapter) -> list[str]:
    """One line per capability the adapter seems to have forgotten to declare."""
    if adapter.kind != "cache" or adapter.has(caps.MAXSIZE) or not takes_maxsize(adapter):
        return []
    needing = [c for c in clauses.index().values() if caps.MAXSIZE in c.requires]
    return [
        f"{adapter.name} takes maxsize but declares no maxsize capability: the "
        f"{len(needing)} maxsize clauses are not applicable; declare "
        "capabilities={'maxsize'} in its Adapter to run them"
    ]
