"""Invisible markers that carry a block's language from Markdown through to HTML.

A block shown in another language than its page (a fallback), or shown as an
unreviewed draft, is wrapped in three private-use characters, which Markdown
leaves alone. Each is padded with a space on the text's side: inline parsers
judge a delimiter by the character next to it, and a space is what they find
at the edge of a block (CommonMark's flanking rule of ``**bold:**``, smarty's
opening quote, magiclink's end of a URL), where a private-use character would
turn ``**`` into text, an opening quote into a closing one, or join the URL.
:func:`resolve` then turns them into attributes on the element that holds
exactly that block (``<p lang="es">``), or a ``<span>`` where none
does; inside attribute values, ``<title>`` and scripts they are just removed.
Nothing about them depends on the site engine.

    >>> resolve("<p>" + wrap("Hola", "es", False) + "</p>", "mam")
    '<p lang="es">Hola</p>'
    >>> resolve("<title>" + wrap("Hola", "es", True) + "</title>", "mam")
    '<title>Hola</title>'

Given each language's writing direction, a block written the other way than its
page also gets ``dir`` (English inside an Arabic page reads left to right):

    >>> resolve("<p>" + wrap("Hello", "en", False) + "</p>", "ar", {"ar": "rtl", "en": "ltr"})
    '<p lang="en" dir="ltr">Hello</p>'
"""

from __future__ import annotations

import re

OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"

_MARKED = re.compile(OPEN + r"([A-Za-z-]+)(\*?)" + SEP + " ?(.*?) ?" + CLOSE, re.S)
_RAW_ELEMENTS = re.compile(r"(<(title|script|style|textarea)\b[^>]*>)(.*?)(</\2>)", re.S | re.I)
_OPEN_TAGS_BEFORE = re.compile(r"(?:<([a-zA-Z][\w-]*)\b[^<>]*>\s*)+$")
_LAST_OPEN_TAG = re.compile(r"<([a-zA-Z][\w-]*)\b([^<>]*)>\s*$")
_CLOSE_AFTER = re.compile(r"\s*</([a-zA-Z][\w-]*)\s*>")
_TAG = re.compile(r"<[^<>]*>")


def wrap(text: str, lang: str, draft: bool) -> str:
    """Mark `text` as being in `lang`, and as an unreviewed draft if `draft`.

    >>> wrap("**Hola:**", "es", False)
    '\\ue000es\\ue001 **Hola:** \\ue002'
    """
    return f"{OPEN}{lang}{'*' if draft else ''}{SEP} {text} {CLOSE}"


def strip(text: str) -> str:
    """The text without any markers.

    >>> strip(wrap("Hola", "es", False) + "!")
    'Hola!'
    """
    return _MARKED.sub(lambda m: m.group(3), text)


def _attributes(lang: str, draft: bool, page_lang: str, directions: dict[str, str] | None = None) -> str:
    attrs = f' lang="{lang}"' if lang != page_lang else ""
    if directions and directions.get(lang, "ltr") != directions.get(page_lang, "ltr"):
        attrs += f' dir="{directions.get(lang, "ltr")}"'
    return attrs + (" data-draft" if draft else "")


def _inside_tag(html: str, pos: int) -> bool:
    return html.rfind("<", 0, pos) > html.rfind(">", 0, pos)


def resolve(html: str, page_lang: str, directions: dict[str, str] | None = None) -> str:
    """Turn markers into ``lang``/``dir``/``data-draft`` attributes; remove them where none can go.

    `directions` gives each language's ``dir`` ("ltr" or "rtl"); without it none is written.
    """
    if OPEN not in html:
        return html
    html = _RAW_ELEMENTS.sub(lambda m: m.group(1) + strip(m.group(3)) + m.group(4), html)
    # A marked title or alt text sits inside a tag, which may itself be inside a marked block:
    # remove those first, so a block's marker never pairs with one inside an attribute.
    html = _TAG.sub(lambda m: strip(m.group(0)), html)
    out: list[str] = []
    pos = 0
    for m in _MARKED.finditer(html):
        lang, draft, inner = m.group(1), bool(m.group(2)), m.group(3)
        before = html[pos : m.start()]
        attrs = _attributes(lang, draft, page_lang, directions)
        if _inside_tag(html, m.start()) or not attrs:
            out.append(before + inner)
        else:
            opening = _LAST_OPEN_TAG.search(before)
            closing = _CLOSE_AFTER.match(html, m.end()) if opening else None
            if opening and closing and closing.group(1).lower() == opening.group(1).lower():
                tag_attrs = re.sub(r'\s(lang="[^"]*"|dir="[^"]*"|data-draft)', "", opening.group(2))
                out.append(before[: opening.start()] + f"<{opening.group(1)}{tag_attrs}{attrs}>")
                out.append(before[opening.end(2) + 1 :] + inner)
            else:
                out.append(before + f"<span{attrs}>{inner}</span>")
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)
