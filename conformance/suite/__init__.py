"""The conformance tests. Each cites the clauses it verifies with ``@verifies``."""
