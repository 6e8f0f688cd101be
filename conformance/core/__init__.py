"""The framework-agnostic core: clauses, adapters, findings, verdicts and the typed report.

Nothing here imports pytest; the pytest layer (``storespec.conformance.plugin``) and the
suite (``storespec.conformance.suite``) build on it.
"""
