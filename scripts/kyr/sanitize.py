"""Defence in depth at output: clean what translations rendered to, and scan every built page.

:mod:`kyr.checks` refuses a translation that renders to anything its source does
not; two more layers stand behind it, so that one mistake there does not publish
a redirect or a script:

- :func:`sanitizer_for` makes a whitelist sanitizer (nh3, the Python binding of
  the maintained ammonia library) that allows exactly the elements, attributes
  and URL schemes that the English page renders to; a translated page's body
  goes through it.
- :func:`scan_page` reads a built page as a browser does (html5lib) and names
  every ``<meta>`` that is not one of the template's own, every ``<base>``,
  ``<form>``, ``<iframe>``, ``<object>``, ``<embed>``, event-handler attribute,
  and ``javascript:``/``vbscript:``/``data:`` URL other than the template's
  ``data:,`` placeholders. The build fails on any.

    >>> scan_page('<html><head><meta charset="utf-8"></head><body><p>Hi</p></body></html>')
    []
    >>> scan_page('<p>Hi <meta http-equiv="refresh" content="0;url=https://evil.example/#<"></p>')
    ["<meta content='0;url=https://evil.example/#<' http-equiv='refresh'> in the body"]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree.ElementTree import Comment

import html5lib
import nh3

from kyr.render_check import EMPHASIS, URL_ATTRIBUTES, URL_NOISE

#: Elements no page of ours has, anywhere.
FORBIDDEN = frozenset({"base", "form", "iframe", "frame", "frameset", "object", "embed", "applet", "portal"})
#: The template's own <meta> in <head>: (attribute, value) that identifies each (overrides/main.html).
OWN_META = (("charset", None), ("name", "viewport"), ("name", "referrer"), ("name", "description"),
            ("http-equiv", "content-security-policy"))
#: The template's own data: URL: the empty icon.
OWN_DATA = {("link", "href"): "data:,"}
_BAD_SCHEME = re.compile(r"(javascript|vbscript|data):", re.I)


def _local(tag) -> str:
    return str(tag).rpartition("}")[2].lower()


def _describe(tag: str, attrib: dict) -> str:
    attrs = " ".join(f"{_local(k)}={v!r}" for k, v in sorted(attrib.items()))
    return f"<{tag}{' ' + attrs if attrs else ''}>"


def _own_meta(attrib: dict, seen: set) -> bool:
    """Whether a <meta> in <head> is one of the template's own (each at most once)."""
    attrs = {_local(k): v for k, v in attrib.items()}
    for name, value in OWN_META:
        if name in attrs and (value is None or attrs[name].strip().lower() == value):
            if (name, value) in seen:
                return False
            seen.add((name, value))
            return set(attrs) <= {name, "content"} if name != "charset" else set(attrs) == {"charset"}
    return False


def scan_page(html: str) -> list[str]:
    """Everything in a built page that no page of ours may hold, as messages; [] if nothing."""
    document = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    found: list[str] = []
    head = document.find("head")
    in_head = {id(e) for e in head.iter()} if head is not None else set()
    own_meta: set = set()
    for element in document.iter():
        if element.tag is Comment:
            continue
        tag = _local(element.tag)
        where = "" if id(element) in in_head else " in the body"
        if tag in FORBIDDEN:
            found.append(f"{_describe(tag, element.attrib)}{where}")
            continue
        if tag == "meta" and not (id(element) in in_head and _own_meta(element.attrib, own_meta)):
            found.append(f"{_describe(tag, element.attrib)}{where}")
            continue
        for name, value in element.attrib.items():
            name = _local(name)
            if name.startswith("on"):
                found.append(f"event handler {name}= on <{tag}>{where}")
            elif name in URL_ATTRIBUTES and _BAD_SCHEME.match(URL_NOISE.sub("", value)):
                if OWN_DATA.get((tag, name)) != value:
                    found.append(f"{name}={value!r} on <{tag}>{where}")
    return found


def _features(html: str) -> tuple[set[str], dict[str, set[str]], set[str]]:
    """Elements, attributes per element, and URL schemes that `html` renders to."""
    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    tags: set[str] = set()
    attributes: dict[str, set[str]] = {}
    schemes: set[str] = set()
    for element in fragment.iter():
        if element is fragment or element.tag is Comment:
            continue
        tag = _local(element.tag)
        tags.add(tag)
        for name, value in element.attrib.items():
            name = _local(name)
            attributes.setdefault(tag, set()).add(name)
            if name in URL_ATTRIBUTES and ":" in value.split("/", 1)[0]:
                schemes.add(value.split(":", 1)[0].lower())
    return tags, attributes, schemes


def sanitizer_for(source_html: str) -> Callable[[str], str]:
    """A cleaner allowing what `source_html` (the English page) has, plus emphasis and line breaks.

    Event handlers and the ``javascript:``, ``vbscript:`` and ``data:`` schemes are
    never allowed, whatever the source has; comments are dropped.

    >>> clean = sanitizer_for('<p>See <a href="https://example.invalid/">this</a>.</p>')
    >>> clean('<p>Vea <a href="javascript:alert(1)" onclick="x()">esto</a><iframe src="x"></iframe>.</p>')
    '<p>Vea <a>esto</a>.</p>'
    >>> clean('<p>Vea<br />esto.</p>')  # nothing to take out: the same bytes
    '<p>Vea<br />esto.</p>'
    """
    tags, attributes, schemes = _features(source_html)
    tags |= EMPHASIS  # what the check lets a translation add
    attributes = {t: {a for a in names if not a.startswith("on")} for t, names in attributes.items()}
    schemes = (schemes | {"https", "http", "mailto", "tel"}) - {"javascript", "vbscript", "data"}
    tags -= FORBIDDEN | {"script", "style", "meta", "link"}

    def clean(html: str) -> str:
        cleaned = nh3.clean(
            html, tags=tags, attributes=attributes, url_schemes=schemes, link_rel=None, strip_comments=True,
            clean_content_tags={"script", "style"} - tags,
        )
        # Where nothing was taken out, the page keeps its own bytes: nh3 writes <br> for <br />.
        return html if cleaned == html or _tree(cleaned) == _tree(html) else cleaned

    return clean


def _tree(html: str) -> tuple:
    """Every element (with its attributes), comment and text of `html`, in order, as a browser reads it."""
    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return tuple(
        (str(e.tag), sorted(e.attrib.items()), e.text, e.tail) for e in fragment.iter() if e is not fragment
    )
