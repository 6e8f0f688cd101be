"""The clause parser: the spec's Markdown format, and its errors."""

from __future__ import annotations

import pytest

from storespec.conformance.core import clauses

DOC = """# Store

## mget

### store.a.one — first clause

**MUST** · since 0.1.0

The rule.

### store.a.two — second clause

**SHOULD** · since 0.2.0 · requires: maxsize, persistence

Another rule.

### store.a.old — retired clause

**MUST** · since 0.1.0 · retired in 0.2.0

Old rule.
"""


def test_parse_reads_id_title_level_since_requires_and_rule() -> None:
    first, second, old = clauses.parse(DOC, "x.md")
    assert (first.id, first.title, first.level, first.since) == (
        "store.a.one",
        "first clause",
        clauses.Level.MUST,
        "0.1.0",
    )
    assert first.rule == "The rule."
    assert first.line == 5
    assert first.kind == "store"
    assert second.requires == frozenset({"maxsize", "persistence"})
    assert second.level is clauses.Level.SHOULD
    assert old.retired == "0.2.0"
    assert first.retired is None


def test_heading_without_metadata_is_an_error() -> None:
    with pytest.raises(clauses.SpecError, match=r"x.md:1: clause store.b lacks its metadata"):
        clauses.parse("### store.b — title\n\nNo metadata.\n", "x.md")


def test_malformed_heading_is_an_error() -> None:
    with pytest.raises(clauses.SpecError, match="malformed clause heading"):
        clauses.parse("### Store.B - title\n", "x.md")


def test_unknown_level_is_an_error() -> None:
    with pytest.raises(clauses.SpecError, match="lacks its metadata"):
        clauses.parse("### store.c — t\n\n**MAY** · since 0.1.0\n", "x.md")


def test_index_excludes_retired_clauses_and_get_names_unknown_ids() -> None:
    assert all(c.retired is None for c in clauses.index().values())
    with pytest.raises(KeyError, match=r"unknown clause ID 'store\.nope'"):
        clauses.get("store.nope")


def test_duplicate_ids_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {"store.md": DOC, "cache.md": DOC.replace("store.a.two", "cache.a.two")}
    monkeypatch.setattr(clauses, "read_document", texts.__getitem__)
    clauses.all_clauses.cache_clear()
    try:
        with pytest.raises(clauses.SpecError, match=r"store\.a\.one is used twice"):
            clauses.all_clauses()
    finally:
        clauses.all_clauses.cache_clear()
        clauses.index.cache_clear()


def test_version_tuple_orders_numerically() -> None:
    assert clauses.version_tuple("0.10.0") > clauses.version_tuple("0.9.9")


def test_the_installed_spec_parses() -> None:
    ids = list(clauses.index())
    assert len(ids) >= 50
    assert {clauses.get(i).kind for i in ids} == {"store", "cache"}
