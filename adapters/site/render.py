"""Writing the site: every page from the templates, badges and the static assets."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from storespec.adapters.site.badge import badge
from storespec.adapters.site.model import SEVERITIES, Backend, slug
from storespec.adapters.site.spec import PAGES, sections
from storespec.adapters.site.spec import page as spec_page
from storespec.conformance.core import clauses

SPEC_DOCUMENTS = {"store": "store.md", "cache": "cache.md"}


def environment() -> Environment:
    """The Jinja environment over the templates shipped with the package."""
    env = Environment(
        loader=PackageLoader("storespec.adapters.site", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["slug"] = slug
    env.globals["SEVERITIES"] = SEVERITIES
    return env


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _finding_owner(backends: list[Backend]) -> dict[str, Backend]:
    return {f.id: b for b in backends for f in b.info.findings}


def _scenarios_by_kind(scenarios: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Scenario IDs per backend kind: a backend page lists only its kind's scenarios."""
    kinds: dict[str, list[str]] = {}
    for scenario in scenarios:
        kinds.setdefault(str(scenario.get("kind", "")), []).append(str(scenario["id"]))
    return kinds


def build(backends: list[Backend], scenarios: list[dict[str, Any]], out: Path) -> list[Path]:
    """Write the whole site into ``out`` and return the pages written."""
    env = environment()
    out.mkdir(parents=True, exist_ok=True)
    static = resources.files("storespec.adapters.site") / "static"
    for name in ("site.css", "sort.js"):
        _write(out / name, (static / name).read_text(encoding="utf-8"))
    owners = _finding_owner(backends)
    titles = {s["id"]: s for s in scenarios}
    common: Mapping[str, Any] = {
        "backends": backends,
        "scenarios": scenarios,
        "scenario_index": titles,
        "kinds": _scenarios_by_kind(scenarios),
        "owners": owners,
        "severities": SEVERITIES,
    }
    pages: list[Path] = []

    def page(template: str, target: str, **context: Any) -> None:
        depth = target.count("/")
        text = env.get_template(template).render(**common, root="../" * depth, **context)
        _write(out / target, text)
        pages.append(out / target)

    page("index.html", "index.html", title="Compatibility")
    page("how-to-read.html", "how-to-read.html", title="How to read this site")
    page("scenarios.html", "scenarios.html", title="Consumer scenarios")
    for backend in backends:
        page("backend.html", f"backends/{backend.slug}.html", title=backend.name, b=backend)
        total = len(backend.findings)
        svg = badge(backend.name, backend.verdict, total)
        _write(out / "badges" / f"{backend.slug}.svg", svg)
    for kind, document in SPEC_DOCUMENTS.items():
        kind_backends = [b for b in backends if b.kind == kind]
        page(
            "spec.html",
            f"spec/{kind}.html",
            title=f"The {kind} contract",
            sections=sections(document),
            kind_backends=kind_backends,
            index=clauses.index(),
        )
    for document in PAGES:
        if document in SPEC_DOCUMENTS.values():
            continue
        name = document.removesuffix(".md")
        page(
            "spec.html",
            f"spec/{name}.html",
            title=f"Spec: {name.replace('-', ' ')}",
            sections=spec_page(document),
            kind_backends=[],
            index=clauses.index(),
        )
    for severity in SEVERITIES:
        found = [(b, f) for b in backends for f in b.findings if f.severity == severity]
        page(
            "severity.html",
            f"severity/{slug(severity)}.html",
            title=f"Findings: {severity}",
            severity=severity,
            found=found,
        )
    return pages


def clean(out: Path) -> None:
    """Remove a previous build from ``out``, if any."""
    for name in ("backends", "badges", "spec", "severity"):
        shutil.rmtree(out / name, ignore_errors=True)
