"""What a running scenario holds: its backend, its instances and the step it is at."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.namespace import Namespace


class Broke(AssertionError):
    """The consumer got a wrong result; the message says what, in one line."""


class OutsideDomain(Exception):
    """The scenario needs data the backend's declared domains do not hold; the message says
    which."""


class Context:
    """A scenario's view of one backend: fresh instances, and the step it is at.

    Every instance lives in a namespace of its own and is closed, newest first,
    when the scenario ends.
    """

    def __init__(self, adapter: Adapter) -> None:
        self.adapter = adapter
        self.step = "open an instance"
        self._open: list[AbstractAsyncContextManager[Any]] = []
        self._dirs: list[Path] = []

    def at(self, step: str) -> None:
        """Record the step the scenario is about to take."""
        self.step = step

    def expect(self, condition: bool, wrong: str) -> None:
        """Raise Broke with ``wrong`` unless ``condition`` holds."""
        if not condition:
            raise Broke(wrong)

    def needs(self, condition: bool, reason: str) -> None:
        """Raise OutsideDomain with ``reason`` unless ``condition`` holds."""
        if not condition:
            raise OutsideDomain(reason)

    async def open(self) -> Any:
        """A fresh, empty instance of the backend in a new namespace."""
        token = Namespace.new_token("scenario")
        path = Path(tempfile.mkdtemp(prefix=f"{token}_"))
        self._dirs.append(path)
        manager = self.adapter.open(Namespace(token, path))
        instance = await manager.__aenter__()
        self._open.append(manager)
        return instance

    async def close(self) -> None:
        """Close every instance, newest first, and remove the namespaces' directories."""
        errors: list[BaseException] = []
        while self._open:
            manager = self._open.pop()
            try:
                await manager.__aexit__(None, None, None)
            except Exception as exc:
                errors.append(exc)
        for path in self._dirs:
            shutil.rmtree(path, ignore_errors=True)
        if errors:
            raise errors[0]
