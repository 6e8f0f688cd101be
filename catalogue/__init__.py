"""A catalogue of stores and caches that proves the suite.

``broken_stores``, ``broken_caches``, ``broken_workloads`` and ``broken_async``
each break one rule of the spec the way a real backend gets it wrong, and
``broken_regressions`` a rule twice under a declared finding; the suite must reject
every one of them, under the clauses recorded in ``entries``. ``unusual_stores``,
``unusual_caches``, ``unusual_workloads`` and ``unusual_apis`` are correct but
unusual; the suite must accept every one of them. ``profile``
registers a fast, repeatable hypothesis profile for these runs.

The adapter tuples in ``entries`` can be passed to ``pytest --backend``::

    pytest -p storespec.catalogue.profile \\
        --hypothesis-profile=storespec-catalogue \\
        --backend=storespec.catalogue.entries:BROKEN_ADAPTERS

``UNUSUAL_ADAPTERS`` and ``ADVISORY_ADAPTERS`` (SHOULD clauses only) work the same way.
"""
