"""The storespec conformance suite: run every clause of the spec against a backend.

Implementers declare an :class:`Adapter` (or name a class) and run
``pytest --backend=NAME``; see docs/implementers-guide.md.
"""

from storespec.conformance.core.adapter import Adapter, Canary
from storespec.conformance.core.domains import (
    ANY,
    BYTES,
    FULL_TEXT,
    GENERATIONS,
    JSON,
    Domain,
    text,
)
from storespec.conformance.core.findings import Finding, Severity, Signature
from storespec.conformance.core.namespace import Namespace
from storespec.conformance.plugin.marks import verifies

__all__ = [
    "ANY",
    "BYTES",
    "FULL_TEXT",
    "GENERATIONS",
    "JSON",
    "Adapter",
    "Canary",
    "Domain",
    "Finding",
    "Namespace",
    "Severity",
    "Signature",
    "text",
    "verifies",
]
