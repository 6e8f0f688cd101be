"""Opening and closing backend instances for one test, from sync code."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.deadline import BackendTimeout, DaemonExecutor
from storespec.conformance.core.namespace import Namespace

T = TypeVar("T")


async def collect(iterator: AsyncIterator[T]) -> list[T]:
    """Every item of an async iterator, in order."""
    return [item async for item in iterator]


class Instances:
    """The instances one test opens, each in a namespace of its own, closed in reverse.

    All async work runs on one event loop that the harness owns, so sync and
    async calls can be interleaved on one instance from a sync test.
    """

    def __init__(self, adapter: Adapter, runner: asyncio.Runner, root: Path | None = None) -> None:
        self.adapter = adapter
        self.runner = runner
        runner.get_loop().set_default_executor(DaemonExecutor())
        self._root = root
        self._open: list[tuple[AbstractAsyncContextManager[Any], Namespace]] = []
        self._namespaces: dict[int, Namespace] = {}
        self._dirs: list[Path] = []
        self._left: list[Any] = []
        """Instances never to close, held so that no later instance takes their id."""

    def run(self, awaitable: Awaitable[T]) -> T:
        """Run ``awaitable`` on the harness's event loop and return its result."""

        async def wrapper() -> T:
            return await awaitable

        # The loop's own run_until_complete: Runner.run also installs a SIGINT handler on
        # every call, which costs more than most backend calls.
        return self.runner.get_loop().run_until_complete(wrapper())

    def namespace(self, label: str = "") -> Namespace:
        """A new namespace with an empty directory that the harness removes."""
        token = Namespace.new_token(label)
        path = Path(tempfile.mkdtemp(prefix=f"{token}_", dir=self._root))
        self._dirs.append(path)
        return Namespace(token, path)

    def open(self, namespace: Namespace | None = None, **options: Any) -> Any:
        """A fresh instance in ``namespace`` (a new one if None), closed with the harness."""
        ns = namespace or self.namespace()
        manager = self.adapter.open(ns, **options)
        instance = self.run(manager.__aenter__())
        self._open.append((manager, ns))
        self._namespaces[id(instance)] = ns
        return instance

    def reopen(self, instance: Any, **options: Any) -> Any:
        """A second instance on the same namespace as ``instance``."""
        return self.open(self._namespaces[id(instance)], **options)

    @contextmanager
    def fresh(self, **options: Any) -> Iterator[Any]:
        """An instance for one block only: for hypothesis examples, which share a test.
        Closed after the block, unless the block ran out of time or ``leave`` was called."""
        ns = self.namespace()
        manager = self.adapter.open(ns, **options)
        instance = self.run(manager.__aenter__())
        try:
            yield instance
        except BackendTimeout:
            self.leave(instance)
            raise
        finally:
            if all(left is not instance for left in self._left):
                self.run(manager.__aexit__(None, None, None))
                shutil.rmtree(ns.path, ignore_errors=True)

    def leave(self, instance: Any) -> None:
        """Never close ``instance``: a client of it still runs, and closing could hang too.
        Its directory goes with the harness."""
        self._left.append(instance)

    def abandon(self) -> None:
        """Drop every instance without closing it: the backend hangs, closing could too."""
        self._open.clear()
        for path in self._dirs:
            shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        """Close every instance, newest first, then remove the namespaces' directories."""
        errors: list[BaseException] = []
        while self._open:
            manager, _ = self._open.pop()
            try:
                self.run(manager.__aexit__(None, None, None))
            except Exception as exc:
                errors.append(exc)
        for path in self._dirs:
            shutil.rmtree(path, ignore_errors=True)
        if errors:
            raise errors[0]
