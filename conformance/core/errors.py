"""Any exception as a one-line reason, an intermittent failure as its root cause.

When a property test fails once and passes on replay, hypothesis raises ``FlakyFailure``
(an exception group of the failures it saw) whose own message says only that the
results were unreliable. The reason a reader needs is the failure itself and the
call that first showed it: hypothesis keeps that call in the group's notes
("Failing test case: ...") and its message ("Hypothesis <call> produces unreliable
results").
"""

from __future__ import annotations

import re
import sys
import traceback
from pathlib import Path
from typing import Final

from hypothesis.errors import Flaky

LIMIT: Final = 300
"""Characters at most in a reason; a longer message is cut."""

_NOTE = re.compile(r"^Failing test case:\s*(?P<call>.*)$", re.DOTALL)
_MESSAGE = re.compile(r"Hypothesis (?P<call>.+?) produces unreliable results", re.DOTALL)


def raised_by_backend(reason: str) -> str:
    """``reason``, an AssertionError's description, worded as a failed ``assert`` in the
    backend: a refusal, which findings read apart from a check of the suite that failed."""
    return reason.replace("AssertionError", "AssertionError (raised by the backend)", 1)


def describe(exc: BaseException) -> str:
    """One line saying why ``exc`` was raised: its type and message; for an intermittent
    failure, "intermittent: " and the root failure, with the first failing call when
    hypothesis recorded it; for a group, how many failures and the first."""
    if isinstance(exc, Flaky):
        return _intermittent(exc)
    if isinstance(exc, BaseExceptionGroup):
        count = len(exc.exceptions)
        first = _one_line(_root(exc))
        return _cut(f"{count} failures, the first: {first}")
    return _cut(_one_line(exc))


def raised_at(exc: BaseException) -> str:
    """Where ``exc`` was raised, as "path:line in function" of the innermost frame of its
    traceback, the path below the installed packages, the standard library or the working
    directory where it lies there; "" without a traceback. Findings match on it to tell one defect's
    exceptions from another's of the same type."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    frame = frames[-1]
    return f"{_short_path(frame.filename)}:{frame.lineno} in {frame.name}"


def _short_path(filename: str) -> str:
    path = Path(filename)
    parts = path.parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            return "/".join(parts[len(parts) - parts[::-1].index(marker) :])
    stdlib = Path(sys.base_prefix, "lib", f"python{sys.version_info[0]}.{sys.version_info[1]}")
    for base in (stdlib, Path.cwd()):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.as_posix()


def _intermittent(exc: Flaky) -> str:
    root = _root(exc)
    reason = _one_line(root) if root is not exc else _one_line(exc)
    call = _first_call(exc)
    where = f" (first failing call: {call})" if call else ""
    limit = max(40, LIMIT - len(where) - len("intermittent: "))
    return f"intermittent: {_cut(reason, limit)}{where}"


def _root(exc: BaseException) -> BaseException:
    """The first leaf of an exception group, then the exception that started its chain
    of explicit causes."""
    seen: set[int] = set()
    current = exc
    while id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, BaseExceptionGroup) and current.exceptions:
            current = current.exceptions[0]
        elif current.__cause__ is not None:
            current = current.__cause__
        else:
            break
    return current


def _first_call(exc: BaseException) -> str:
    for note in getattr(exc, "__notes__", ()):
        found = _NOTE.match(str(note).strip())
        if found:
            return _squash_call(found.group("call"))
    found = _MESSAGE.search(str(exc))
    return _squash_call(found.group("call")) if found else ""


def _squash_call(text: str) -> str:
    """``f(\\n    x=1,\\n)`` as ``f(x=1)``."""
    squashed = re.sub(r"\s*\n\s*", " ", text.strip())
    squashed = re.sub(r"\(\s+", "(", squashed)
    squashed = re.sub(r",?\s*\)$", ")", squashed)
    return _cut(squashed, 120)


def _one_line(exc: BaseException) -> str:
    name = type(exc).__name__
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return name
    return f"{name}: {' '.join(lines)}"


def _cut(text: str, limit: int = LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
