"""A page's front matter, read strictly: a block that does not parse is an error naming the page and line.

MkDocs reads the YAML block at the top of a page leniently: when it does not
parse (``last_reviewed: 2026-13-45``), MkDocs drops the whole block without a
word, and the page loses its title, description, date and sources. Every build
path reads each page through :func:`read` first, so such a page stops the build.

The keys the site uses are checked too: ``title`` and ``description`` are text,
``last_reviewed`` a date, ``status`` one of :data:`STATUSES`, and each of
``sources`` a title with a URL :mod:`kyr.urls` accepts.

    >>> read("---\\ntitle: Court\\nlast_reviewed: 2026-11-23\\n---\\n# Court\\n", "docs/court.md")
    {'title': 'Court', 'last_reviewed': datetime.date(2026, 11, 23)}
    >>> read("---\\ntitle: Court\\nlast_reviewed: 2026-13-45\\n---\\n# Court\\n", "docs/court.md")
    Traceback (most recent call last):
    kyr.frontmatter.FrontMatterError: docs/court.md:3: front matter: '2026-13-45' is not a date (month must be in 1..12)
"""

from __future__ import annotations

import datetime as dt
import re

from kyr.urls import url_problem
from kyr.yamltext import YamlError, line_of, load

#: The block MkDocs takes as front matter (mkdocs.utils.meta.YAML_RE): the same text is checked here.
BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
#: Values of ``status`` the theme knows (banners in overrides/main.html).
STATUSES = ("changing", "ended")


class FrontMatterError(ValueError):
    """Front matter that does not parse, or a value the site cannot use."""

    def __init__(self, path: str, line: int, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: front matter: {message}")


def read(source: str, path: str) -> dict:
    """The page's front matter as a dict ({} without any); :class:`FrontMatterError` if it is unusable."""
    block = BLOCK.match(source.removeprefix("\ufeff"))
    if block is None:
        return {}
    try:
        data, node = load(block.group(1))
    except YamlError as exc:
        raise FrontMatterError(path, exc.line + 1, exc.message) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(path, 2, "must be keys with values (title: ..., description: ...)")

    def fail(message: str, *where: str | int) -> FrontMatterError:
        return FrontMatterError(path, line_of(node, *where) + 1, message)

    for key in ("title", "description"):
        if key in data and not isinstance(data[key], str):
            raise fail(f"{key} must be text", key)
    if "last_reviewed" in data:
        reviewed = data["last_reviewed"]
        if isinstance(reviewed, str):
            try:
                reviewed = dt.date.fromisoformat(reviewed)
            except ValueError:
                raise fail(f"last_reviewed {reviewed!r} is not a date (YYYY-MM-DD)", "last_reviewed") from None
        if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
            raise fail("last_reviewed must be a date (YYYY-MM-DD)", "last_reviewed")
    if "status" in data and data["status"] not in STATUSES:
        raise fail(f"status {data['status']!r} is not one of {', '.join(STATUSES)}", "status")
    sources = data.get("sources")
    if sources is not None and not isinstance(sources, list):
        raise fail("sources must be a list of title and url", "sources")
    for n, item in enumerate(sources or []):
        if not isinstance(item, dict) or not isinstance(item.get("title"), str) or not item["title"].strip():
            raise fail("each source needs a title (text) and a url", "sources", n)
        problem = url_problem(item.get("url"))
        if problem:
            raise fail(f"source url: {problem}", "sources", n, "url")
    return data
