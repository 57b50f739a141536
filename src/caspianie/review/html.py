"""HTML building blocks for the review pages: escaping, the page shell, tables and
nested highlight spans over an article's text.

Every value that comes from an article or a record goes through ``esc`` (text and
attribute context alike). Pages are self-contained: the stylesheet and the small
script are packaged files inlined into each page, and a Content-Security-Policy
allows no network access and no script except that one (by its hash), so even
markup that slipped past escaping could not run.
"""

from __future__ import annotations

import base64
import hashlib
import html as _stdlib_html
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Iterable, Optional, Sequence

TYPE_COLOURS = {
    "establishment": "#8c564b", "visit": "#1f77b4", "meeting": "#17becf", "summit": "#9467bd",
    "signing": "#2ca02c", "opening": "#ff7f0e", "election": "#bcbd22", "award": "#e377c2",
    "termination": "#d62728", "cultural_event": "#7f7f7f",
}
STATUS_LABELS = {"tp": "matched", "fp": "false positive", "fn": "false negative", "none": ""}


def esc(value: Any) -> str:
    """``value`` as text safe inside an element or a quoted attribute (None is empty)."""
    return "" if value is None else _stdlib_html.escape(str(value), quote=True)


def _static(name: str) -> str:
    """A packaged file under ``caspianie/static``."""
    return resources.files("caspianie.review").joinpath("static", name).read_text(encoding="utf-8")


def _script_hash(script: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page(title: str, body: str, nav: Optional[Sequence[tuple[str, str]]] = None) -> str:
    """A complete, self-contained HTML page; ``body`` must already be escaped markup.

    ``nav`` is a list of (href, label) links shown at the top.
    """
    script = _static("inspect.js")
    policy = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              f"script-src {_script_hash(script)}; base-uri 'none'; form-action 'none'")
    links = ""
    if nav:
        links = '<nav class="top">' + " · ".join(
            f'<a href="{esc(href)}">{esc(label)}</a>' for href, label in nav) + "</nav>"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_static('inspect.css')}</style>\n</head>\n"
        f"<body>\n{links}\n{body}\n<script>{script}</script>\n</body>\n</html>\n"
    )


def table(header: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "grid",
          row_attrs: Optional[Sequence[str]] = None, foot: Optional[Sequence[str]] = None) -> str:
    """An HTML table. Header cells are escaped; body and ``foot`` cells must be markup
    already (escape values with ``esc``). ``row_attrs`` are extra attributes per body row."""
    head = "".join(f"<th>{esc(cell)}</th>" for cell in header)
    body = []
    for i, row in enumerate(rows):
        attrs = f" {row_attrs[i]}" if row_attrs else ""
        body.append(f"<tr{attrs}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    tail = "<tfoot><tr>" + "".join(f"<td>{cell}</td>" for cell in foot) + "</tr></tfoot>" if foot else ""
    return f'<table class="{esc(cls)}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>{tail}</table>'


def attrs(values: dict[str, Any]) -> str:
    """Escaped ``name="value"`` pairs; None values are left out."""
    return " ".join(f'{name}="{esc(value)}"' for name, value in values.items() if value is not None)


def percent(value: Optional[float]) -> str:
    """A figure as a percentage with one decimal, ``-`` when it has no denominator."""
    return "-" if value is None else f"{100 * value:.1f}"


# --- highlight spans -----------------------------------------------------------------------


@dataclass
class Span:
    """A stretch of the article to wrap in an element: ``tag`` with ``attributes``.

    ``anchor`` (an id) goes on the first piece only when the span has to be split
    because it crosses another span's boundary.
    """

    start: int
    end: int
    tag: str
    attributes: dict[str, Any] = field(default_factory=dict)
    anchor: Optional[str] = None

    def open(self, first: bool) -> str:
        values = dict(self.attributes)
        if first and self.anchor is not None:
            values = {"id": self.anchor, **values}
        return f"<{self.tag} {attrs(values)}>" if values else f"<{self.tag}>"

    def close(self) -> str:
        return f"</{self.tag}>"


def render_spans(text: str, spans: Sequence[Span]) -> str:
    """``text`` escaped, with every span wrapped in its element, nested properly.

    Spans are opened longest-first at equal starts. A span that ends inside
    another one closes it early and reopens it afterwards (without the id), so
    crossing spans still give well-formed markup and every character keeps all
    the highlights that cover it.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    ordered = sorted(valid, key=lambda s: (s.start, -s.end))
    out: list[str] = []
    stack: list[Span] = []
    opened: set[int] = set()
    pos = 0
    boundaries = sorted({0, len(text), *(s.start for s in ordered), *(s.end for s in ordered)})
    index = 0
    for point in boundaries:
        if point > pos:
            out.append(esc(text[pos:point]))
            pos = point
        _close_ending(stack, point, out, opened)
        while index < len(ordered) and ordered[index].start == point:
            span = ordered[index]
            out.append(span.open(id(span) not in opened))
            opened.add(id(span))
            stack.append(span)
            index += 1
    while stack:
        out.append(stack.pop().close())
    return "".join(out)


def _close_ending(stack: list[Span], point: int, out: list[str], opened: set[int]) -> None:
    """Close every open span that ends at ``point``; reopen the ones above it that go on."""
    if not any(span.end == point for span in stack):
        return
    deepest = min(i for i, span in enumerate(stack) if span.end == point)
    reopen = [span for span in stack[deepest:] if span.end > point]
    for span in reversed(stack[deepest:]):
        out.append(span.close())
    del stack[deepest:]
    for span in sorted(reopen, key=lambda s: -s.end):
        out.append(span.open(id(span) not in opened))
        stack.append(span)
