"""Pseudo-translation: every letter swapped for a marked look-alike.

A pseudo-locale catalog (``kyr pseudo``) shows at a glance, and to the tests,
any text that reaches the reader without passing through a catalog: it stays
plain ASCII. Markdown syntax, link targets, code, HTML entities, attribute lists
and footnote labels are left as they are, so the page keeps its structure; so are
the facts a translation must keep (:mod:`kyr.facts`: form names, e-mails, month
names in dates, a.m./p.m.), or the build would refuse every pseudo-translation.

    >>> pseudo("Read **the [form](https://x.test/a)** now.")
    'Ŕéàđ **ŧĥé [ƒöŕɱ](https://x.test/a)** ñöŵ.'
    >>> pseudo("Send Form EOIR-33 by 5 pm on 11 May 2023.")
    'Šéñđ Ƒöŕɱ EOIR-33 ƀý 5 pm öñ 11 May 2023.'
"""

from __future__ import annotations

import re

from kyr.facts import extract

_LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥíĵķłɱñöƥɋŕšŧüʋŵẋýžÀƁÇĐÉƑĜĤÍĴĶŁṀÑÖƤɊŔŠŦÜṼŴẊÝŽ",
)
# Left as written: code spans, link and image URLs (not their titles), reference labels, autolinks
# and HTML, entities, attribute lists, footnote references, bare URLs, and
# the theme's placeholders (%d, %(name)s); not "7% of", which is text.
_PROTECTED = re.compile(
    r"`+[^`]*`+"
    r"|\]\(<?[^\s)>]*>?"
    r"|\]\[[^\]]*\]"
    r"|<[^<>]+>"
    r"|&#?\w+;"
    r"|\{[^{}]*\}"
    r"|\[\^[^\]]+\]"
    r"|https?://\S+"
    r"|%(?:\(\w+\))?[ds]"
)


def pseudo(text: str) -> str:
    """Swap the letters of everything a reader would see, but its facts."""
    kept = sorted([m.span() for m in _PROTECTED.finditer(text)] + [(f.start, f.end) for f in extract(text).items if not f.optional])
    out, pos = [], 0
    for start, end in kept:
        if end <= pos:
            continue
        start = max(start, pos)
        out.append(text[pos:start].translate(_LETTERS))
        out.append(text[start:end])
        pos = end
    out.append(text[pos:].translate(_LETTERS))
    return "".join(out)
