"""The storespec conformance suite: run every clause of the spec against a backend.

Implementers declare an :class:`Adapter` (or name a class) and run
``pytest --backend=NAME``; see docs/implementers-guide.md.
"""

from storespec.conformance.adapter import Adapter, Canary
from storespec.conformance.deviation import Deviation
from storespec.conformance.domains import ANY, BYTES, FULL_TEXT, GENERATIONS, JSON, Domain, text
from storespec.conformance.marks import verifies
from storespec.conformance.namespace import Namespace

__all__ = [
    "ANY",
    "BYTES",
    "FULL_TEXT",
    "GENERATIONS",
    "JSON",
    "Adapter",
    "Canary",
    "Deviation",
    "Domain",
    "Namespace",
    "text",
    "verifies",
]
