"""The subclass style: inherit the suite into a test class of your own project.

    class TestMyStore(StoreConformance):
        backend = Adapter(name="my-store", kind="store", factory=make_store)

Every conformance test of the kind becomes a method of the class, with its
clause markers, and the per-clause verdict table is printed as with
``--backend``. Override the ``adapter`` fixture instead for setup that needs
other fixtures.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any, ClassVar

import pytest

from storespec.conformance import suite
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.plugin.marks import MARKER


def _kind_of(function: Callable[..., Any]) -> str | None:
    marks = getattr(function, "pytestmark", [])
    ids = [str(a) for m in marks if m.name == MARKER for a in m.args]
    kinds = {i.split(".", 1)[0] for i in ids}
    return kinds.pop() if len(kinds) == 1 else None


def suite_tests(kind: str) -> dict[str, Callable[..., Any]]:
    """Every conformance test function of ``kind``, by a name unique across the suite."""
    found: dict[str, Callable[..., Any]] = {}
    for info in sorted(pkgutil.iter_modules(suite.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{suite.__name__}.{info.name}")
        for name, function in vars(module).items():
            if name.startswith("test_") and callable(function) and _kind_of(function) == kind:
                short = info.name.removeprefix("test_")
                found[f"test_{short}__{name.removeprefix('test_')}"] = function
    return found


class Conformance:
    """Base of the subclass style; set ``backend`` or override the ``adapter`` fixture."""

    backend: ClassVar[Adapter]
    storespec_subclass: ClassVar[bool] = True

    @pytest.fixture
    def adapter(self) -> Adapter:
        """The backend the class declares."""
        backend = getattr(self, "backend", None)
        if not isinstance(backend, Adapter):
            pytest.fail(f"{type(self).__name__} must set backend = Adapter(...)", pytrace=False)
        return backend


def _inherit(cls: type, kind: str) -> type:
    for name, function in suite_tests(kind).items():
        setattr(cls, name, staticmethod(function))
    return cls


class StoreConformance(Conformance):
    """Every store clause, as methods of your test class."""


class CacheConformance(Conformance):
    """Every cache clause, as methods of your test class."""


_inherit(StoreConformance, "store")
_inherit(CacheConformance, "cache")
