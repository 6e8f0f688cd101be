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
    first.mset([("shared", values[0]), ("onlyfirst", values[1])])
    assert second.mget(["shared", "onlyfirst"]) == [None, None]
    assert keys_of(second) == []
    second.mset([("shared", values[2])])
    second.mdelete(["onlyfirst"])
    assert first.mget(["shared", "onlyfirst"]) == [values[0], values[1]]
    assert keys_of(first) == ["onlyfirst", "shared"]
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
