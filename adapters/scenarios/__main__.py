"""Run the consumer scenarios against named backends and write the results as JSON.

python -m storespec.adapters.scenarios --backend NAME [--backend NAME ...] --out scenarios.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storespec.adapters import local_servers
from storespec.adapters.matrix import FAMILIES
from storespec.adapters.scenarios.catalogue import SCENARIOS
from storespec.adapters.scenarios.explain import explained, reexplained
from storespec.adapters.scenarios.report import backend_entry, merge, report
from storespec.adapters.scenarios.runner import TIME_LIMIT, run_backend
from storespec.conformance.core.findings import Finding
from storespec.conformance.core.resolve import BackendError, resolve


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m storespec.adapters.scenarios",
        description="Run LangChain's own callers against backends, scenario by scenario.",
    )
    parser.add_argument("--backend", action="append", default=[], help="a --backend name")
    parser.add_argument(
        "--matrix", action="store_true", help="every adapter family of the compatibility matrix"
    )
    parser.add_argument("--out", type=Path, required=True, help="the JSON file to write")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT,
        help=f"seconds one scenario may take on one backend (default {TIME_LIMIT:g})",
    )
    parser.add_argument("--merge", action="store_true", help="add to the results already in --out")
    parser.add_argument(
        "--explain-only",
        action="store_true",
        help="run nothing: fill explained_by in --out again from the backends' findings",
    )
    args = parser.parse_args(argv)
    if args.matrix:
        args.backend = [*FAMILIES, *args.backend]
    if args.explain_only:
        if not args.out.is_file():
            parser.error(f"--explain-only: {args.out} is no scenarios report")
        args.backend = args.backend or list(FAMILIES)
    if not args.backend:
        parser.error("name at least one --backend, or pass --matrix")
    if args.time_limit <= 0:
        parser.error("--time-limit must be a positive number of seconds")
    return args


def _explain_only(out: Path, names: Sequence[str]) -> int:
    findings_of: dict[str, Sequence[Finding]] = {}
    for name in names:
        try:
            findings_of.update({a.name: a.findings for a in resolve(name)})
        except BackendError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    written = reexplained(json.loads(out.read_text(encoding="utf-8")), findings_of)
    out.write_text(json.dumps(written, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _run(names: Sequence[str], time_limit: float) -> list[dict[str, Any]] | None:
    """Every scenario on every backend of ``names``; None when a name resolves to nothing."""
    backends: list[dict[str, Any]] = []
    for name in names:
        try:
            adapters = resolve(name)
        except BackendError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return None
        for adapter in adapters:
            reason = adapter.unavailable()
            if reason is not None:
                print(f"{adapter.name}: skipped: {reason}", file=sys.stderr)
                backends.append(backend_entry(adapter.name, adapter.kind, reason, []))
                continue
            results = explained(run_backend(adapter, SCENARIOS, time_limit), adapter.findings)
            for result in results:
                where = f" at {result.step!r}" if result.step else ""
                detail = f": {result.detail}" if result.detail else ""
                why = ", ".join(result.explained_by) or "new finding to investigate"
                why = f" [{why}]" if result.outcome == "breaks" else ""
                print(f"{adapter.name} {result.scenario}: {result.outcome}{where}{detail}{why}")
            backends.append(backend_entry(adapter.name, adapter.kind, None, results))
    return backends


def main(argv: Sequence[str] | None = None) -> int:
    """Run every scenario on every named backend; 2 when a name resolves to nothing."""
    args = _arguments(argv)
    if args.explain_only:
        return _explain_only(args.out, args.backend)
    with local_servers.owned():
        backends = _run(args.backend, args.time_limit)
    if backends is None:
        return 2
    written = report(SCENARIOS, backends)
    if args.merge and args.out.exists():
        written = merge([json.loads(args.out.read_text(encoding="utf-8")), written])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(written, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
