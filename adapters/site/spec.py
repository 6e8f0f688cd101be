"""The spec's Markdown cut into prose and clauses, each clause rendered on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from storespec.conformance.core import clauses

PAGES = ("intro.md", "store.md", "cache.md", "implementation-defined.md", "changelog.md")
"""The spec's documents, each a page of the site under spec/."""

LINK = re.compile(r'href="([a-z-]+)\.md(#[^"]*)?"')

HEADING = re.compile(r"^### ([a-z0-9][a-z0-9.-]*) \u2014 (.+)$")

_MD = MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class Section:
    """Prose between clauses (``clause`` empty), or one clause with its rendered text."""

    html: str
    clause: str = ""
    title: str = ""
    level: str = ""


def render(text: str) -> str:
    """Markdown as HTML, with links between the spec's documents pointing at their pages."""
    return LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', _MD.render(text))


def page(document: str) -> list[Section]:
    """A spec document without clauses (intro, changelog) as one rendered section."""
    return [Section(render(clauses.read_document(document)))]


def sections(document: str) -> list[Section]:
    """The document ``store.md`` or ``cache.md`` as rendered sections, in order."""
    index = clauses.index()
    found: list[Section] = []
    current: tuple[str, str] | None = None
    lines: list[str] = []

    def flush() -> None:
        html = render("\n".join(lines))
        if current is None:
            if html.strip():
                found.append(Section(html))
        else:
            clause = index.get(current[0])
            level = str(clause.level) if clause is not None else ""
            found.append(Section(html, current[0], current[1], level))

    for line in clauses.read_document(document).splitlines():
        match = HEADING.match(line)
        if match or line.startswith(("# ", "## ")):
            flush()
            lines = []
            current = (match.group(1), match.group(2)) if match else None
            if not match:
                lines.append(line)
            continue
        lines.append(line)
    flush()
    return found
