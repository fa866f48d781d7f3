"""Helpers for prose generated from data: formatting, HTML-safe quoting, Markdown output."""

from __future__ import annotations

import html
from collections.abc import Iterable

from IPython.display import Markdown


def esc(text: object) -> str:
    """Escape corpus-derived text for Markdown/HTML prose (so ``<script>`` shows as text)."""
    out = html.escape(str(text), quote=False)
    for ch in "*_`[]#|":
        out = out.replace(ch, "\\" + ch)
    return out


def esc_dollar(text: object) -> str:
    """:func:`esc`, and "$" as an HTML entity (Markdown reads "$...$" as mathematics)."""
    return esc(text).replace("$", "&#36;")


def evidence_link(words: str, doc_id: str, start: int, end: int) -> str:
    """Markdown link from already-escaped ``words`` to the text viewer at raw offsets ``start``-``end``
    (``texts/<doc_id>.html#start=N&end=M``: on the site it opens the text with that span highlighted)."""
    return f"[{words}](texts/{doc_id}.html#start={int(start)}&end={int(end)})"


def num(x: float, digits: int = 0) -> str:
    """Thousands separator, fixed digits."""
    return f"{x:,.{digits}f}"


def pct(part: float, whole: float, digits: int = 1) -> str:
    return f"{100 * part / whole:.{digits}f}%" if whole else "n/a"


def join(items: Iterable[str], last: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural_word or word + 's')}"


def show(*paragraphs: str) -> Markdown:
    """Display computed prose (Markdown) in a notebook."""
    return Markdown("\n\n".join(paragraphs))
