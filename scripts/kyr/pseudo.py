"""Pseudo-translation: every letter swapped for a marked look-alike.

A pseudo-locale catalog (``kyr pseudo``) shows at a glance, and to the tests,
any text that reaches the reader without passing through a catalog: it stays
plain ASCII. Markdown syntax, link targets, code, HTML entities, attribute lists
and footnote labels are left as they are, so the page keeps its structure.

    >>> pseudo("Read **the [form](https://x.test/a)** now.")
    'Ŕéàđ **ŧĥé [ƒöŕɱ](https://x.test/a)** ñöŵ.'

For a right-to-left language (``kyr pseudo ar``, or ``--rtl``) the letters become
Arabic ones, which the browser lays out right to left, so the tests exercise a
mirrored page without a real translation:

    >>> pseudo("Read the [form](https://x.test/a).", rtl=True)
    'رعاد تهع [فورم](https://x.test/a).'
"""

from __future__ import annotations

import re

_LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥíĵķłɱñöƥɋŕšŧüʋŵẋýžÀƁÇĐÉƑĜĤÍĴĶŁṀÑÖƤɊŔŠŦÜṼŴẊÝŽ",
)
#: One Arabic letter per Latin one, roughly by sound (Arabic has no case): strong right-to-left characters.
_RTL_LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyz" * 2,
    "ابثدعفغهيجكلمنوپقرستؤڤشخیز" * 2,
)
_RTL_LETTERS.update({ord(c): _RTL_LETTERS[ord(c.lower())] for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
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


def pseudo(text: str, rtl: bool = False) -> str:
    """Swap the letters of everything a reader would see (for Arabic ones, if `rtl`)."""
    letters = _RTL_LETTERS if rtl else _LETTERS
    out, pos = [], 0
    for m in _PROTECTED.finditer(text):
        out.append(text[pos : m.start()].translate(letters))
        out.append(m.group(0))
        pos = m.end()
    out.append(text[pos:].translate(letters))
    return "".join(out)


def pseudo_plural(singular: str, plural: str, forms: int, one: int, rtl: bool = False) -> tuple[str, ...]:
    """Every plural form of a string with a count: the singular's for the form of n = 1 (`one`), the plural's for the rest.

    >>> pseudo_plural("%(num)d file", "%(num)d files", 3, 0)
    ('%(num)d ƒíłé', '%(num)d ƒíłéš', '%(num)d ƒíłéš')
    """
    return tuple(pseudo(singular if i == one else plural, rtl) for i in range(forms))
