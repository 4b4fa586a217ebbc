"""Text nodes of an HTML page, with the elements (and their lang attributes) above each one."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class Nodes(HTMLParser):
    """Text nodes with the tags and ``lang`` above them; title and alt attributes."""

    VOID = {"img", "br", "hr", "input", "meta", "link", "source", "col", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.texts: list[tuple[str, list[tuple[str, dict]]]] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("title", "alt", "aria-label", "content"):
            if attrs.get(name):
                self.attributes.append((tag, name, attrs[name]))
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data.strip(), list(self.stack)))


def nodes(html: str) -> Nodes:
    parser = Nodes()
    parser.feed(html)
    return parser


def in_code(stack) -> bool:
    return any(tag in ("code", "pre") for tag, _ in stack)


def is_url(text: str) -> bool:
    return bool(re.fullmatch(r"(https?://|mailto:)\S+|\S+@\S+\.\w+", text))


def lang_of(stack) -> str | None:
    """The language the nearest lang attribute gives a text node."""
    return next((attrs["lang"] for _, attrs in reversed(stack) if attrs.get("lang")), None)
