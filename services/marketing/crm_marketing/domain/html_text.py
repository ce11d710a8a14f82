"""Plain text derived from an HTML mail part, for templates saved without a text part.

stdlib ``html.parser`` rather than html2text: html2text is GPL-3.0 (it would bind the
suite's licence) and writes Markdown (``**bold**``, ``[link](url)``) where a mail client
shows plain text; what a mail's text part needs is small: paragraphs and line breaks,
list bullets, links as "text (url)", no scripts or styles, whitespace collapsed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "ul", "ol", "hr"}
_SKIPPED = {"script", "style", "head", "title"}
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.href: str | None = None
        self.link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.href:
            shown = "".join(self.link_text).strip()
            # A link whose text is its address is written once.
            if shown != self.href:
                self.parts.append(f" ({self.href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        text = data.replace("\n", " ")
        self.parts.append(text)
        if self.href is not None:
            self.link_text.append(text)


def html_to_text(html: str) -> str:
    """The readable text of an HTML part."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"
