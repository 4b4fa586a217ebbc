"""Pseudo-translation: every letter swapped for a marked look-alike.

A pseudo-locale catalog (``kyr pseudo``) shows at a glance, and to the tests,
any text that reaches the reader without passing through a catalog: it stays
plain ASCII. Markdown syntax, link targets, code, HTML entities, attribute lists
and footnote labels are left as they are, so the page keeps its structure.

    >>> pseudo("Read **the [form](https://x.test/a)** now.")
    'Ŕéàđ **ŧĥé [ƒöŕɱ](https://x.test/a)** ñöŵ.'
"""

from __future__ import annotations

import re

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
    """Swap the letters of everything a reader would see."""
    out, pos = [], 0
    for m in _PROTECTED.finditer(text):
        out.append(text[pos : m.start()].translate(_LETTERS))
        out.append(m.group(0))
        pos = m.end()
    out.append(text[pos:].translate(_LETTERS))
    return "".join(out)
