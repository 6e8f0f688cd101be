"""``python -m storespec.conformance``: the ``storespec`` command."""

from storespec.conformance.cli import main

raise SystemExit(main())
