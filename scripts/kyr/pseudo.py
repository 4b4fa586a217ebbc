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

For a right-to-left language (``kyr pseudo ar``, or ``--rtl``) the letters become
Arabic ones, which the browser lays out right to left, so the tests exercise a
mirrored page without a real translation:

    >>> pseudo("Read the [form](https://x.test/a).", rtl=True)
    'رعاد تهع [فورم](https://x.test/a).'
"""

from __future__ import annotations

import re

from kyr.facts import extract

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
# and HTML, entities, attribute lists, footnote references, bare URLs, emoji shortcodes
# (`:warning:`, pymdownx.emoji), and the theme's placeholders (%d, %(name)s); not "7% of", which is text.
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
    r"|(?<![\w:]):[a-z0-9_+-]+:(?![\w:])"
)


def pseudo(text: str, rtl: bool = False) -> str:
    """Swap the letters of everything a reader would see, but its facts (for Arabic letters, if `rtl`)."""
    letters = _RTL_LETTERS if rtl else _LETTERS
    kept = sorted([m.span() for m in _PROTECTED.finditer(text)] + [(f.start, f.end) for f in extract(text).items if not f.optional])
    out, pos = [], 0
    for start, end in kept:
        if end <= pos:
            continue
        start = max(start, pos)
        out.append(text[pos:start].translate(letters))
        out.append(text[start:end])
        pos = end
    out.append(text[pos:].translate(letters))
    return "".join(out)


def pseudo_plural(singular: str, plural: str, forms: int, one: int, rtl: bool = False) -> tuple[str, ...]:
    """Every plural form of a string with a count: the singular's for the form of n = 1 (`one`), the plural's for the rest.

    >>> pseudo_plural("%(num)d file", "%(num)d files", 3, 0)
    ('%(num)d ƒíłé', '%(num)d ƒíłéš', '%(num)d ƒíłéš')
    """
    return tuple(pseudo(singular if i == one else plural, rtl) for i in range(forms))
