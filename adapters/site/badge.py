"""An SVG badge per backend: its verdict and how many findings it has."""

from __future__ import annotations

from xml.sax.saxutils import escape

COLOURS = {
    "pass": "#2e7d32",
    "pass with findings": "#b26a00",
    "fail": "#c62828",
    "not run": "#757575",
}

CHAR_WIDTH = 7
"""Approximate width of one character of the badge's 11 px font."""


def badge(label: str, verdict: str, findings: int) -> str:
    """A flat two-part badge: ``label`` on grey, the verdict and finding count in colour."""
    value = verdict if findings == 0 else f"{verdict}, {findings} finding{'s' * (findings != 1)}"
    left = CHAR_WIDTH * len(label) + 12
    right = CHAR_WIDTH * len(value) + 12
    width = left + right
    colour = COLOURS.get(verdict, COLOURS["not run"])
    text_label, text_value = escape(label), escape(value)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{text_label}: {text_value}">'
        f"<title>{text_label}: {text_value}</title>"
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        '<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="6" y="14">{text_label}</text>'
        f'<text x="{left + 6}" y="14">{text_value}</text>'
        "</g></svg>\n"
    )
