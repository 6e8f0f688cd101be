"""The distribution maps each top-level folder under storespec and ships the spec."""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata, resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {
    "reference": "storespec.reference",
    "conformance": "storespec.conformance",
    "adapters": "storespec.adapters",
    "spec": "storespec.spec",
    "catalogue": "storespec.catalogue",
}


def pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_python_package_folder_is_listed() -> None:
    tool = pyproject()["tool"]
    assert isinstance(tool, dict)
    listed = set(tool["setuptools"]["packages"])
    expected = set()
    for folder, package in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            expected.add(".".join([package, *relative.parts]))
    assert expected == listed


def test_no_bare_top_level_names_are_installed() -> None:
    installed = [p for p in sys.path if p.endswith("site-packages")]
    (dist,) = [d for d in metadata.distributions(path=installed) if d.name == "storespec"]
    tops = {
        f.parts[0]
        for f in dist.files or []
        if f.suffix == ".py" and not f.parts[0].startswith("__editable__")
    }
    assert tops <= {"storespec"}, tops


def test_spec_documents_ship_in_the_package() -> None:
    names = {p.name for p in resources.files("storespec.spec").iterdir()}
    assert {
        "intro.md",
        "store.md",
        "cache.md",
        "changelog.md",
        "implementation-defined.md",
    } <= names


def test_the_plugin_and_backends_are_registered() -> None:
    plugins = {ep.name: ep.value for ep in metadata.entry_points(group="pytest11")}
    assert plugins["storespec"] == "storespec.conformance.plugin"
    names = {ep.name for ep in metadata.entry_points(group="storespec.backends")}
    assert {"reference", "reference-store", "reference-cache"} <= names
