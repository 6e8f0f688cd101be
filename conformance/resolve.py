"""What ``--backend`` accepts, and how each form becomes a list of adapters.

A backend is named in one of three ways: a built-in or registered name (an
entry point in the ``storespec.backends`` group), or ``module:attribute``
where the attribute is an :class:`Adapter`, a sequence of them, a
``BaseStore`` / ``BaseCache`` subclass, or a zero-argument factory.
"""

from __future__ import annotations

import importlib
import inspect
import traceback
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Any

from langchain_core.caches import BaseCache
from langchain_core.stores import BaseStore

from storespec.conformance import capabilities as caps
from storespec.conformance.adapter import Adapter, Kind, check_shape
from storespec.conformance.domains import BYTES, FULL_TEXT, GENERATIONS
from storespec.conformance.namespace import Namespace

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
            try:
                target = getattr(target, part)
            except AttributeError:
                raise BackendError(
                    f"backend {name!r}: module {module_name!r} has no attribute {attribute!r}"
                ) from None
        return adapters_from(target, name)
    entries = registered()
    if name not in entries:
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
    top = (getattr(obj, "__module__", "") or "").split(".")[0]
    return tuple(sorted(set(metadata.packages_distributions().get(top, []))))


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
