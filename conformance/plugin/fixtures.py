"""The fixtures every conformance test draws on: the backend, its instances, its domains."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import pytest_asyncio
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, Generation

from storespec.conformance.core.adapter import Adapter, Api
from storespec.conformance.core.deadline import DaemonExecutor
from storespec.conformance.core.domains import distinct_samples
from storespec.conformance.core.namespace import Namespace
from storespec.conformance.plugin.guard import ABANDON
from storespec.conformance.plugin.marks import OBSERVATION
from storespec.conformance.suite import workloads
from storespec.conformance.suite.drivers import CacheDriver, StoreDriver, driver
from storespec.conformance.suite.harness import Instances, collect
from storespec.conformance.suite.workloads import Workload


def in_ci() -> bool:
    """Whether this run is CI's (``CI=true``), where a missing server is a failure."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_available(adapter: Adapter) -> None:
    """Skip (or, under CI, fail) when the backend cannot run here."""
    reason = adapter.unavailable()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"{adapter.name} cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"not run: {adapter.name}: {reason}")


@pytest.fixture
def adapter(request: pytest.FixtureRequest) -> Adapter:
    """The backend under test: set by ``--backend`` or by overriding this fixture."""
    found: Adapter | None = getattr(request.node, "storespec_adapter", None)
    if found is None:
        pytest.fail(
            "no backend under test: run pytest with --backend=NAME, "
            "or override the 'adapter' fixture in a conformance subclass",
            pytrace=False,
        )
    return found


@pytest.fixture
def instances(
    adapter: Adapter, tmp_path: Any, request: pytest.FixtureRequest
) -> Iterator[Instances]:
    """Fresh instances of the backend, each isolated, closed after the test."""
    require_available(adapter)
    runner = asyncio.Runner()
    harness = Instances(adapter, runner, tmp_path)
    try:
        yield harness
    finally:
        if request.node.stash.get(ABANDON, False):
            harness.abandon()
        else:
            try:
                harness.close()
            finally:
                runner.close()


def _open_checked(instances: Instances, kind: str) -> Any:
    if instances.adapter.kind != kind:
        pytest.fail(f"{instances.adapter.name} is a {instances.adapter.kind}, not a {kind}")
    return instances.open()


@pytest.fixture
def api(request: pytest.FixtureRequest) -> Api:
    """The API a behavioural test goes through: each one the backend offers, in turn."""
    chosen: Api = getattr(request, "param", "sync")
    return chosen


@pytest.fixture
def store(instances: Instances, api: Api) -> StoreDriver:
    """A fresh, empty store in its own namespace, reached through the API under test."""
    return StoreDriver(_open_checked(instances, "store"), api, instances.run)


@pytest.fixture
def cache(instances: Instances, api: Api) -> CacheDriver:
    """A fresh, empty cache in its own namespace, reached through the API under test."""
    return CacheDriver(_open_checked(instances, "cache"), api, instances.run)


@pytest.fixture
def drive(instances: Instances, api: Api) -> Callable[[Any], Any]:
    """Wrap an instance (from ``instances.open()`` or ``instances.fresh()``) in the driver
    for the API under test."""
    return lambda instance: driver(instances.adapter.kind, instance, api, instances.run)


@pytest.fixture
def run(instances: Instances) -> Callable[[Any], Any]:
    """Run an awaitable on the loop the instances were opened on."""
    return instances.run


async def _open_async(adapter: Adapter, tmp_path: Any, kind: str) -> AsyncIterator[Any]:
    require_available(adapter)
    if adapter.kind != kind:
        pytest.fail(f"{adapter.name} is a {adapter.kind}, not a {kind}")
    ns = Namespace(Namespace.new_token("a"), tmp_path)
    asyncio.get_running_loop().set_default_executor(DaemonExecutor())
    async with adapter.open(ns) as instance:
        yield instance


@pytest_asyncio.fixture
async def astore(adapter: Adapter, tmp_path: Any) -> AsyncIterator[Any]:
    """A fresh store opened on the running event loop, for async tests."""
    async for instance in _open_async(adapter, tmp_path, "store"):
        yield instance


@pytest_asyncio.fixture
async def acache(adapter: Adapter, tmp_path: Any) -> AsyncIterator[Any]:
    """A fresh cache opened on the running event loop, for async tests."""
    async for instance in _open_async(adapter, tmp_path, "cache"):
        yield instance


@pytest.fixture
def values(adapter: Adapter) -> list[Any]:
    """Three distinct, truthy values from the backend's value domain."""
    return distinct_samples(adapter.values, 3)


@pytest.fixture
def observe(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Record what a backend does on an implementation-defined point, for the report."""

    def record(text: str) -> None:
        request.node.user_properties.append((OBSERVATION, text))

    return record


@pytest.fixture
def spec_namespace(adapter: Adapter, instances: Instances) -> dict[str, Any]:
    """The names the spec's examples use, bound to the backend under test."""
    names: dict[str, Any] = {"run": instances.run, "collect": collect}
    if adapter.kind == "store":
        instance = _open_checked(instances, "store")
        names.update(store=instance, values=distinct_samples(adapter.values, 3))
    else:
        instance = _open_checked(instances, "cache")
        names.update(
            cache=instance,
            new_cache=lambda maxsize=None: instances.open(maxsize=maxsize),
            Generation=Generation,
            ChatGeneration=ChatGeneration,
            AIMessage=AIMessage,
        )
    names["reopen"] = lambda: instances.reopen(instance)
    return names


@pytest.fixture
def work(request: pytest.FixtureRequest) -> Workload:
    """The realistic probes of this run, built once per process."""
    return workloads.for_run(request.config)
