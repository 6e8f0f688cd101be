"""What ``--backend`` accepts, and how each form becomes a list of adapters.

A backend is named in one of three ways: a built-in or registered name (an
entry point in the ``storespec.backends`` group), or ``module:attribute``
where the attribute is an :class:`Adapter`, a sequence of them, a
``BaseStore`` / ``BaseCache`` subclass, or a zero-argument factory.
"""

from __future__ import annotations

import ast
import difflib
import importlib
import importlib.util
import inspect
import re
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata
from types import ModuleType
from typing import Any

from langchain_core.caches import BaseCache
from langchain_core.stores import BaseStore

from storespec.conformance.core import capabilities as caps
from storespec.conformance.core.adapter import Adapter, Kind, check_shape
from storespec.conformance.core.domains import BYTES, FULL_TEXT, GENERATIONS
from storespec.conformance.core.namespace import Namespace

ENTRY_POINT_GROUP = "storespec.backends"


class BackendError(Exception):
    """A ``--backend`` value that cannot be used; the message says why, in a few lines."""


def registered() -> dict[str, metadata.EntryPoint]:
    """Every backend name registered by an installed distribution."""
    return {ep.name: ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}


def _cause(exc: BaseException) -> str:
    lines = traceback.format_exception_only(type(exc), exc)
    return "".join(lines).strip()


def _import(module_name: str, source: str) -> Any:
    try:
        return importlib.import_module(module_name)
    except Exception as exc:
        raise BackendError(
            f"backend {source!r}: cannot import {module_name!r}: {_cause(exc)}"
        ) from None


def resolve(name: str) -> list[Adapter]:
    """The adapters one ``--backend`` value names; BackendError if it names none."""
    name = name.strip()
    if ":" in name:
        module_name, _, attribute = name.partition(":")
        module = _import(module_name, name)
        target: Any = module
        for part in attribute.split("."):
            target = _attribute(target, part, name)
        if isinstance(target, ModuleType):
            raise BackendError(_module_named(target, name))
        return adapters_from(target, name)
    entries = registered()
    if name not in entries:
        if _looks_like_module(name):
            raise BackendError(_module_path_hint(name, entries))
        known = ", ".join(sorted(entries)) or "none"
        raise BackendError(
            f"unknown backend {name!r}. Available: {known}. "
            "Or name a class or factory as module:attribute."
        )
    try:
        target = entries[name].load()
    except Exception as exc:
        raise BackendError(
            f"backend {name!r}: cannot load {entries[name].value}: {_cause(exc)}"
        ) from None
    return adapters_from(target, name)


def _attribute(owner: Any, part: str, source: str) -> Any:
    """``owner.part``; a submodule that its package does not import is imported."""
    try:
        return getattr(owner, part)
    except AttributeError:
        pass
    if isinstance(owner, ModuleType) and hasattr(owner, "__path__"):
        submodule = f"{owner.__name__}.{part}"
        if importlib.util.find_spec(submodule) is not None:
            return _import(submodule, source)
    if not isinstance(owner, ModuleType):
        raise BackendError(f"backend {source!r}: {_describe(owner)} has no attribute {part!r}")
    message = f"backend {source!r}: module {owner.__name__!r} has no attribute {part!r}"
    message += _did_you_mean(part, [n for n in vars(owner) if not n.startswith("_")])
    raise BackendError(message)


MODULE_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
"""A Python module path."""

CLOSE_MATCHES = 3
SHOWN = 5


def _looks_like_module(name: str) -> bool:
    """A dotted path, or a single name that is an importable module."""
    if MODULE_PATH.fullmatch(name) is None:
        return False
    if "." in name:
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _did_you_mean(name: str, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=CLOSE_MATCHES)
    return f". Close: {', '.join(close)}" if close else ""


def _nameable(value: Any, module: ModuleType) -> bool:
    if isinstance(value, Adapter):
        return True
    if isinstance(value, list | tuple) and value and isinstance(value[0], Adapter):
        return True
    return (
        inspect.isclass(value)
        and issubclass(value, BaseStore | BaseCache)
        and value.__module__ == module.__name__
    )


def _candidates(module: ModuleType) -> list[str]:
    """What ``--backend`` could name in ``module``: its adapters, and the store and cache
    classes it defines."""
    return [a for a, v in vars(module).items() if not a.startswith("_") and _nameable(v, module)]


def _example(module: ModuleType) -> str:
    found = _candidates(module)
    if not found:
        return ""
    more = ", ..." if len(found) > SHOWN else ""
    return (
        f", e.g. --backend={module.__name__}:{found[0]} (it holds {', '.join(found[:SHOWN])}{more})"
    )


def _module_named(module: ModuleType, source: str) -> str:
    return (
        f"backend {source!r} names the module {module.__name__}: name a class or factory "
        f"as module:attribute{_example(module)}"
    )


def _module_path_hint(name: str, entries: Mapping[str, metadata.EntryPoint]) -> str:
    message = f"unknown backend {name!r}: name a class or factory as module:attribute"
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        message += f" (no module {name!r} is importable here either)"
    else:
        try:
            message += _example(importlib.import_module(name))
        except Exception as exc:
            message += f" (importing {name!r} failed: {_cause(exc)})"
    close = difflib.get_close_matches(name, list(entries), n=CLOSE_MATCHES)
    if close:
        message += f". Close registered names: {', '.join(close)}"
    return message


def adapters_from(target: Any, source: str) -> list[Adapter]:
    """Turn what a backend name points at into adapters, or raise BackendError."""
    if isinstance(target, Adapter):
        return [target]
    if (
        isinstance(target, Sequence)
        and not isinstance(target, str)
        and target
        and all(isinstance(t, Adapter) for t in target)
    ):
        return list(target)
    if inspect.isclass(target):
        if issubclass(target, BaseStore):
            return [_wrap_class(target, "store", source)]
        if issubclass(target, BaseCache):
            return [_wrap_class(target, "cache", source)]
    elif callable(target):
        return _wrap_factory(target, source)
    raise BackendError(
        f"backend {source!r} is {_describe(target)}; expected an Adapter, a BaseStore or "
        "BaseCache subclass, or a zero-argument factory returning a store or cache"
    )


def _describe(target: Any) -> str:
    if inspect.isclass(target):
        return f"the class {target.__module__}.{target.__qualname__}"
    if isinstance(target, BaseStore | BaseCache):
        return (
            f"an instance of {type(target).__qualname__} (shared state cannot be isolated: "
            "pass its class or a factory)"
        )
    return f"a {type(target).__qualname__} object"


def _packages_of(obj: Any) -> tuple[str, ...]:
    """The distributions a class or factory comes from: its module's, and those of the
    modules that module imports at its top level, where they can be found (a backend is
    as much the libraries it is built on as its own package)."""
    name = getattr(obj, "__module__", "") or ""
    tops = {name.split(".")[0], *_top_level_imports(sys.modules.get(name))}
    found = metadata.packages_distributions()
    standard = set(sys.stdlib_module_names)
    return tuple(sorted({d for top in tops - standard for d in found.get(top, [])}))


def _top_level_imports(module: Any) -> set[str]:
    """The top-level names a module's own top-level import statements name."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def _accepts_maxsize(target: Callable[..., Any]) -> bool:
    try:
        return "maxsize" in inspect.signature(target).parameters
    except (TypeError, ValueError):
        return False


def _required_arguments(target: Callable[..., Any]) -> list[str]:
    try:
        params = inspect.signature(target).parameters.values()
    except (TypeError, ValueError):
        return []
    return [
        p.name
        for p in params
        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def _zero_code_adapter(target: Callable[..., Any], kind: Kind, source: str) -> Adapter:
    maxsize = kind == "cache" and _accepts_maxsize(target)

    def factory(namespace: Namespace, **options: Any) -> Any:
        return target(**options)

    factory.__wrapped__ = target  # type: ignore[attr-defined]

    return Adapter(
        name=source,
        kind=kind,
        factory=factory,
        keys=FULL_TEXT,
        values=BYTES if kind == "store" else GENERATIONS,
        capabilities=frozenset({caps.MAXSIZE}) if maxsize else frozenset(),
        packages=_packages_of(target),
        description=f"{source}, wrapped with default domains",
    )


def _wrap_class(target: type, kind: Kind, source: str) -> Adapter:
    required = _required_arguments(target)
    if required:
        raise BackendError(
            f"backend {source!r}: {target.__qualname__}() needs arguments "
            f"({', '.join(required)}); write an adapter or a zero-argument factory"
        )
    return _zero_code_adapter(target, kind, source)


def _wrap_factory(target: Callable[..., Any], source: str) -> list[Adapter]:
    try:
        probe = target()
    except Exception as exc:
        raise BackendError(
            f"backend {source!r}: calling the factory failed: {_cause(exc)}"
        ) from None
    if isinstance(probe, Adapter) or (isinstance(probe, list | tuple) and probe):
        return adapters_from(probe, source)
    for kind in ("store", "cache"):
        try:
            check_shape(kind, probe, source)
        except TypeError:
            continue
        return [_zero_code_adapter(target, kind, source)]
    raise BackendError(
        f"backend {source!r}: the factory returned {_describe(probe)}, "
        "which is neither a store nor a cache"
    )
