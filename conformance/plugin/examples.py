"""The spec's own examples, collected with Sybil and run against each backend under test."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sybil import Example, Sybil
from sybil.integration.pytest import SybilItem
from sybil.parsers.markdown import PythonCodeBlockParser

from storespec.conformance.core import clauses
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.plugin.outcomes import not_applicable

NAMESPACE_FIXTURE = "spec_namespace"

_METHODS = "mget|mset|mdelete|yield_keys|lookup|update|clear"
API_CALLS = {
    "sync": re.compile(rf"\.(?:{_METHODS})\("),
    "async": re.compile(rf"\.a(?:{_METHODS})\("),
}
"""How an example shows which API it calls."""


def spec_dir() -> Path:
    """Where the installed spec documents live."""
    return Path(str(resources.files(clauses.SPEC_PACKAGE)))


def is_spec_document(path: Path) -> bool:
    """Whether ``path`` is one of the installed spec documents that hold clauses."""
    return path.name in clauses.DOCUMENTS and path.parent.resolve() == spec_dir().resolve()


class SpecExample(SybilItem):
    """One example of one clause, run against one backend."""

    def __init__(
        self, parent: pytest.File, sybil: Sybil, example: Example, adapter: Adapter, clause: str
    ) -> None:
        pytest.Item.__init__(self, f"{clause}:line{example.line}[{adapter.name}]", parent)
        self.example = example
        self.storespec_adapter = adapter
        self.add_marker(pytest.mark.clause(clause))
        self.request_fixtures(sybil.fixtures)  # type: ignore[no-untyped-call]

    def setup(self) -> None:
        needed = {api for api, call in API_CALLS.items() if call.search(self.example.parsed)}
        missing = sorted(needed - set(self.storespec_adapter.apis))
        if missing:
            not_applicable(
                f"the example calls the {' and '.join(missing)} API, which "
                f"{self.storespec_adapter.name} does not offer"
            )
        self._request._fillfixtures()
        self.example.namespace.update(self.funcargs[NAMESPACE_FIXTURE])


class SpecDocument(pytest.File):
    """A spec document: its examples, once per backend of the document's kind."""

    adapters: Sequence[Adapter] = ()

    def collect(self) -> Iterator[Any]:
        sybil = Sybil(parsers=[PythonCodeBlockParser()], fixtures=[NAMESPACE_FIXTURE])
        document = sybil.parse(self.path)
        found = clauses.parse(self.path.read_text(encoding="utf-8"), self.path.name)
        starts = [c.line for c in found]
        kind = found[0].kind if found else ""
        examples = list(document.examples())
        for adapter in self.adapters:
            if adapter.kind != kind:
                continue
            for example in examples:
                position = bisect.bisect_right(starts, example.line) - 1
                if position < 0:
                    continue
                yield SpecExample.from_parent(
                    self, sybil=sybil, example=example, adapter=adapter, clause=found[position].id
                )
