"""Build the compatibility site.

python -m storespec.adapters.site --reports DIR --scenarios FILE --out DIR
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from storespec.adapters.site.model import SiteError, attach_scenarios, read_reports
from storespec.adapters.site.render import build, clean


def main(argv: Sequence[str] | None = None) -> int:
    """Build the site; 2 with a one-line reason when an input cannot be read."""
    parser = argparse.ArgumentParser(
        prog="python -m storespec.adapters.site", description="Build the compatibility site."
    )
    parser.add_argument("--reports", type=Path, required=True, help="folder of JSON reports")
    parser.add_argument("--scenarios", type=Path, help="the scenarios JSON (optional)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the site to")
    args = parser.parse_args(argv)
    try:
        backends = read_reports(args.reports)
        if args.scenarios is not None and not args.scenarios.is_file():
            raise SiteError(f"--scenarios {args.scenarios}: no such file")
        scenarios = attach_scenarios(backends, args.scenarios)
    except SiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not backends:
        print(f"error: no reports in {args.reports}", file=sys.stderr)
        return 2
    clean(args.out)
    pages = build(backends, scenarios, args.out)
    print(f"wrote {len(pages)} pages for {len(backends)} backends to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
