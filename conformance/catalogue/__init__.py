"""A catalogue of stores and caches that prove the suite.

``broken_stores`` and ``broken_caches`` each break one rule of the spec the way
a real backend gets it wrong; the suite must reject every one of them, under
the clauses recorded in ``entries``. ``unusual_stores`` and ``unusual_caches``
are correct but unusual; the suite must accept every one of them.

The adapter tuples in ``entries`` can be passed to ``pytest --backend``::

    pytest --backend=storespec.conformance.catalogue.entries:BROKEN_ADAPTERS
    pytest --backend=storespec.conformance.catalogue.entries:UNUSUAL_ADAPTERS
"""
