"""The harness closes what a test opens, and never waits on a backend whose calls still run."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.deadline import BackendTimeout
from storespec.conformance.core.namespace import Namespace
from storespec.conformance.suite.harness import Instances
from storespec.reference import InMemoryStore

closed: list[str] = []


def _factory(namespace: Namespace, **options: Any) -> Iterator[InMemoryStore[Any]]:
    yield InMemoryStore()
    closed.append(namespace.token)


@pytest.fixture
def instances(tmp_path: Path) -> Iterator[Instances]:
    closed.clear()
    adapter = Adapter(name="closing", kind="store", factory=_factory)
    with asyncio.Runner() as runner:
        yield Instances(adapter, runner, tmp_path)


def test_a_fresh_instance_is_closed_after_its_block(instances: Instances) -> None:
    with instances.fresh() as store:
        store.mset([("k", b"v")])
    assert len(closed) == 1


def test_an_instance_left_open_is_never_closed(instances: Instances) -> None:
    with instances.fresh() as store:
        instances.leave(store)
    instances.close()
    assert closed == []


def test_an_instance_whose_block_ran_out_of_time_is_never_closed(instances: Instances) -> None:
    with pytest.raises(BackendTimeout), instances.fresh():
        raise BackendTimeout("the test did not finish within 1 s: the backend hangs")
    assert closed == []
