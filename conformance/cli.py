"""``storespec``: print the clause index and the available backends."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from storespec.conformance.core import clauses
from storespec.conformance.core.resolve import BackendError, registered, resolve


def _clauses(args: argparse.Namespace) -> int:
    selected = [
        c
        for c in clauses.all_clauses()
        if (args.kind is None or c.kind == args.kind)
        and (args.level is None or c.level.value == args.level)
        and (args.retired or c.retired is None)
    ]
    if args.json:
        rows = [
            {
                "id": c.id,
                "title": c.title,
                "level": c.level.value,
                "since": c.since,
                "requires": sorted(c.requires),
                "retired": c.retired,
                "document": c.document,
                "line": c.line,
            }
            for c in selected
        ]
        print(json.dumps(rows, indent=2))
        return 0
    for c in selected:
        needs = f"  [requires {', '.join(sorted(c.requires))}]" if c.requires else ""
        retired = f"  (retired in {c.retired})" if c.retired else ""
        print(f"{c.id:<40} {c.level.value:<22} {c.since:<7} {c.title}{needs}{retired}")
    print(f"{len(selected)} clauses")
    return 0


def _backends(args: argparse.Namespace) -> int:
    status = 0
    for name in sorted(registered()):
        try:
            adapters = resolve(name)
        except BackendError as exc:
            print(f"{name:<40} broken: {exc}")
            status = 1
            continue
        for adapter in adapters:
            reason = adapter.unavailable()
            state = "available" if reason is None else f"not available: {reason}"
            label = name if adapter.name == name else f"{name} -> {adapter.name}"
            print(f"{label:<40} {adapter.kind:<6} {state}")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit status is nonzero on error."""
    parser = argparse.ArgumentParser(prog="storespec", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("clauses", help="print the clause index of the installed spec")
    listing.add_argument("--kind", choices=["store", "cache"])
    listing.add_argument("--level", choices=[level.value for level in clauses.Level])
    listing.add_argument("--retired", action="store_true", help="include retired clauses")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_clauses)
    backends = commands.add_parser("backends", help="list registered backends and whether they run")
    backends.set_defaults(handler=_backends)
    args = parser.parse_args(argv)
    try:
        status = int(args.handler(args))
        sys.stdout.flush()
    except clauses.SpecError as exc:
        print(f"storespec: the installed spec is malformed: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _discard_stdout()
        return 0
    return status


def _discard_stdout() -> None:
    """The reader closed our output early (``storespec clauses | head``): that is its choice,
    not an error, so the rest is dropped without a traceback at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
