"""A static compatibility site built from conformance reports and scenario results.

``python -m storespec.adapters.site --reports DIR --scenarios FILE --out DIR`` writes plain
HTML pages with relative links only, so the site works from the file system and from any
static host.
"""
