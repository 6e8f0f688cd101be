"""The compatibility site, built from sample reports and checked in headless Chromium."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from storespec.adapters.site.__main__ import main
from tests.site.browser import open_browser
from tests.site.samples import FINDING, LOSS, write_samples

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "site"
SVG = "{http://www.w3.org/2000/svg}"


class Page(HTMLParser):
    """The ids, links and tables of one HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tables = 0
        self.headed_tables = 0
        self._in_table = False
        self._headed = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for attribute in ("href", "src"):
            if tag in ("a", "link", "img", "script") and found.get(attribute):
                self.links.append(str(found[attribute]))
        if tag == "table":
            self.tables += 1
            self._in_table, self._headed = True, False
        if tag == "th" and self._in_table:
            self._headed = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.headed_tables += self._headed
            self._in_table = False


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    reports, scenarios = write_samples(root)
    out = root / "site"
    code = main(["--reports", str(reports), "--scenarios", str(scenarios), "--out", str(out)])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from open_browser()


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_written(site: Path) -> None:
    names = {p.relative_to(site).as_posix() for p in _pages(site)}
    assert {
        "index.html",
        "how-to-read.html",
        "scenarios.html",
        "backends/glob-store.html",
        "backends/good-store.html",
        "backends/lossy-cache.html",
        "spec/store.html",
        "spec/cache.html",
        "spec/intro.html",
        "spec/implementation-defined.html",
        "spec/changelog.html",
        "severity/data-loss.html",
        "severity/wrong-answer.html",
        "severity/crash.html",
        "severity/portability-limit.html",
    } == names


def test_every_link_and_anchor_resolves_and_every_table_has_headers(site: Path) -> None:
    parsed = {p: Page(p.read_text(encoding="utf-8")) for p in _pages(site)}
    broken = []
    for path, page in parsed.items():
        assert page.tables == page.headed_tables, f"{path.name}: a table without headers"
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme == "data":
                continue
            assert not parts.scheme, f"{path}: not relative: {link}"
            assert not link.startswith("/"), f"{path}: not relative: {link}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.name}: {link}")
            elif parts.fragment and parts.fragment not in parsed[target].ids:
                broken.append(f"{path.name}: {link} (no such anchor)")
    assert broken == []


def test_badges_are_valid_svg_with_the_verdict_and_findings(site: Path) -> None:
    texts = {}
    for path in sorted((site / "badges").glob("*.svg")):
        root = ET.fromstring(path.read_text(encoding="utf-8"))
        assert root.tag == f"{SVG}svg"
        assert int(root.attrib["width"]) > 0
        texts[path.stem] = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == {
        "glob-store": ["glob-store", "pass with findings, 1 finding"],
        "good-store": ["good-store", "pass"],
        "lossy-cache": ["lossy-cache", "fail, 1 finding"],
    }


def test_a_report_of_another_format_is_a_short_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "old.json").write_text(json.dumps({"format": "storespec-report/1"}))
    assert main(["--reports", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "format 'storespec-report/1'; the site reads 'storespec-report/2'" in (
        capsys.readouterr().err
    )
    assert main(["--reports", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2


def test_every_page_loads_in_the_browser_without_console_errors(site: Path, browser: Any) -> None:
    errors = {}
    for path in _pages(site):
        browser.get(path.as_uri())
        assert browser.find_element("tag name", "h1").text
        logged = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        if logged:
            errors[path.name] = logged
    assert errors == {}


def test_a_backend_page_shows_its_findings_and_scenarios(site: Path, browser: Any) -> None:
    browser.get((site / "backends" / "glob-store.html").as_uri())
    finding = browser.find_element("id", "finding-glob-store-prefix-is-glob")
    assert FINDING["summary"] in finding.text
    assert "wrong answer" in finding.text
    assert "store.keys.prefix-literal" in finding.text
    assert "yield_keys(prefix='a*')" in finding.text
    assert "<not a prefix>" in finding.text  # escaped, shown as text
    row = browser.find_element("id", "scenario-embeddings.embed-documents")
    assert "works" in row.text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "backend.png"))
    browser.get((site / "backends" / "lossy-cache.html").as_uri())
    broken = browser.find_element("id", "scenario-chat-cache.repeat")
    assert "breaks" in broken.text
    assert "second call" in broken.text
    link = broken.find_element("link text", LOSS["id"])
    link.click()
    assert browser.current_url.endswith("#finding-lossy-cache-drops-info")


def test_the_scenarios_page_shows_each_outcome_per_backend(site: Path, browser: Any) -> None:
    browser.get((site / "scenarios.html").as_uri())
    strip = browser.find_element("id", "chat-cache.repeat")
    assert "lossy-cache: breaks" in strip.text
    assert "glob-store" not in strip.text  # a store has no model-caching outcome


def test_the_index_sorts_by_a_column(site: Path, browser: Any) -> None:
    browser.get((site / "index.html").as_uri())

    def first_column() -> list[str]:
        rows = browser.find_elements("css selector", "#backends tbody tr")
        return [r.find_element("css selector", "td").text for r in rows]

    assert first_column() == ["glob-store", "good-store", "lossy-cache"]
    header = browser.find_element("xpath", "//table[@id='backends']//th[text()='data loss']")
    header.click()
    assert first_column()[-1] == "lossy-cache"
    header.click()
    assert first_column()[0] == "lossy-cache"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "index.png"))
