"""Adapters that run the conformance suite against real backends, one folder each."""
