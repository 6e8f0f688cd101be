"""A cache that takes maxsize but declares no maxsize capability gets a hint in the report."""

from __future__ import annotations

from typing import Any

import pytest

from storespec.conformance import Adapter
from storespec.conformance.core import clauses
from storespec.conformance.core.hints import capability_hints
from storespec.conformance.core.resolve import resolve
from storespec.reference import InMemoryCache, InMemoryStore
from tests.conftest import read_report


class ForwardingCache(InMemoryCache):
    """Passes every keyword on to the reference, maxsize included."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)


def open_cache(namespace: object, maxsize: int | None = None) -> InMemoryCache:
    return InMemoryCache(maxsize=maxsize)


MAXSIZE_CLAUSES = sum("maxsize" in c.requires for c in clauses.index().values())


def test_the_hint_counts_the_clauses_that_need_the_capability() -> None:
    adapter = Adapter(name="forgetful", kind="cache", factory=open_cache)
    (hint,) = capability_hints(adapter)
    assert MAXSIZE_CLAUSES >= 8
    assert hint.startswith("forgetful takes maxsize but declares no maxsize capability: ")
    assert (
        f"the {MAXSIZE_CLAUSES} maxsize clauses are not applicable; "
        "declare capabilities={'maxsize'}"
    ) in hint


def test_a_named_class_taking_maxsize_through_kwargs_gets_the_hint() -> None:
    (adapter,) = resolve(f"{__name__}:ForwardingCache")
    assert not adapter.has("maxsize")
    assert len(capability_hints(adapter)) == 1


@pytest.mark.parametrize(
    "adapter",
    [
        # the capability is declared
        Adapter(name="c", kind="cache", factory=open_cache, capabilities=frozenset({"maxsize"})),
        # **options is how every adapter factory receives options: no evidence of maxsize
        Adapter(name="c", kind="cache", factory=lambda ns, **o: InMemoryCache()),
        # a store has no maxsize clauses
        Adapter(name="s", kind="store", factory=lambda ns, maxsize=None: InMemoryStore()),
    ],
    ids=["declared", "options-only", "store"],
)
def test_no_hint_without_a_forgotten_declaration(adapter: Adapter) -> None:
    assert capability_hints(adapter) == []


def test_a_named_class_with_a_maxsize_parameter_is_given_the_capability() -> None:
    (adapter,) = resolve("storespec.reference:InMemoryCache")
    assert adapter.has("maxsize")
    assert capability_hints(adapter) == []


def test_the_hint_is_printed_and_written_to_both_reports(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        forgetful="""
from storespec.reference import InMemoryCache

class ForwardingCache(InMemoryCache):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
"""
    )
    pytester.syspathinsert()
    result = pytester.runpytest(
        "--backend=forgetful:ForwardingCache",
        "--clause=cache.maxsize",
        "--clause=cache.lookup.miss",
        "--conformance-report=r.json",
        "--conformance-report=r.md",
        "-p",
        "no:cacheprovider",
    )
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "*cache.maxsize.update-no-evict*not applicable*",
            "note: forgetful:ForwardingCache takes maxsize but declares no maxsize capability*",
            "*storespec verdict: PASS*",
        ]
    )
    (info,) = read_report(pytester.path / "r.json")["backends"]
    assert any(
        f"the {MAXSIZE_CLAUSES} maxsize clauses are not applicable" in n for n in info["notes"]
    )
    assert "Note: forgetful:ForwardingCache takes maxsize" in (pytester.path / "r.md").read_text()
