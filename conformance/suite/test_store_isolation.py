"""An instance touches only its own namespace; a persistent one keeps its data."""

from __future__ import annotations

from typing import Any

from storespec.conformance.checks import keys_of
from storespec.conformance.harness import Instances
from storespec.conformance.marks import verifies


@verifies("store.isolation")
def test_instances_in_distinct_namespaces_are_isolated(
    instances: Instances, values: list[Any]
) -> None:
    first, second = instances.open(), instances.open()
    first.mset([("shared", values[0]), ("only-first", values[1])])
    assert second.mget(["shared", "only-first"]) == [None, None]
    assert keys_of(second) == []
    second.mset([("shared", values[2])])
    second.mdelete(["only-first"])
    assert first.mget(["shared", "only-first"]) == [values[0], values[1]]
    assert keys_of(first) == ["only-first", "shared"]
    assert keys_of(second) == ["shared"]


@verifies("store.persistence")
def test_second_instance_sees_writes_and_deletes(instances: Instances, values: list[Any]) -> None:
    first = instances.open()
    first.mset([("a", values[0]), ("b", values[1])])
    second = instances.reopen(first)
    assert second.mget(["a", "b"]) == [values[0], values[1]]
    assert keys_of(second) == ["a", "b"]
    second.mdelete(["a"])
    assert instances.reopen(first).mget(["a", "b"]) == [None, values[1]]
