"""A page's key points, for a wallet-size pocket card: its first warning box and its first numbered steps.

Pages follow one style (see docs/): what must not be missed goes in an
admonition, and what to do goes in a numbered list. Both are taken as Markdown,
so the same function cuts them from the English source and from a translation.
An author who wants other points lists them in the front matter (``key_points:``),
and the glue uses those instead; the phone numbers of the page go on the card
either way (:func:`phone_lines`).

    >>> key_points("# T\\n\\nIntro.\\n\\n!!! warning \\"Do not\\"\\n    Miss it.\\n\\n1. One\\n2. Two\\n\\nEnd.\\n")
    '!!! warning "Do not"\\n    Miss it.\\n\\n1. One\\n2. Two'
"""

from __future__ import annotations

import re

_ADMONITION = re.compile(r"^(!!!|\?\?\?\+?) ?[\w-]+")
_STEP = re.compile(r"^\d+\. ")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def _block(lines: list[str], start: int, belongs) -> str:
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and not belongs(line):
            break
        if not line.strip() and (end + 1 >= len(lines) or not belongs(lines[end + 1])):
            break
        end += 1
    return "\n".join(lines[start:end]).rstrip()


#: A link, but not an image nor a `tel:` link: a phone number stays tappable on a phone and readable on paper.
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\((?!tel:)[^)]*\)")
_TEL = re.compile(r"\]\((tel:\+?[0-9]+)\)")
#: What makes a line part of a list, definition, quote or admonition rather than its words.
_LINE_MARK = re.compile(r"^(?:[ \t]*(?:[-*+]|\d+\.|:|>)[ \t]+|[ \t]+)")


def key_points(markdown: str) -> str:
    """The first admonition and the first numbered list of a page, as Markdown ('' if neither).

    Links keep their text only: a card is read on paper, and a page's relative
    links would point nowhere from another page.
    """
    lines = _FRONT_MATTER.sub("", markdown).split("\n")
    found = []
    for pattern, belongs in (
        (_ADMONITION, lambda line: line.startswith("    ")),
        (_STEP, lambda line: bool(_STEP.match(line)) or line.startswith("    ")),
    ):
        start = next((i for i, line in enumerate(lines) if pattern.match(line)), None)
        if start is not None:
            found.append((start, _block(lines, start, belongs)))
    return _LINK.sub(r"\1", "\n\n".join(block for _, block in sorted(found)))


def phone_lines(markdown: str, besides: str = "") -> list[str]:
    """Each line of a page with a phone link (`tel:`) not already in `besides`, as Markdown on its own, once.

    List, definition and quote marks go; other links keep their text only.

    >>> page = "Intro.\\n\\nCheck by phone\\n:   Call [1-800-0](tel:+18000). [Portal](https://x.org).\\n"
    >>> phone_lines(page)
    ['Call [1-800-0](tel:+18000). Portal.']
    >>> phone_lines(page, besides="- Call [1-800-0](tel:+18000) to check.")
    []
    >>> phone_lines("No phone here.")
    []
    """
    known = set(_TEL.findall(besides))
    found: list[str] = []
    for line in _FRONT_MATTER.sub("", markdown).split("\n"):
        if set(_TEL.findall(line)) - known:
            text = _LINK.sub(r"\1", _LINE_MARK.sub("", line, count=1)).strip()
            if text not in found:
                found.append(text)
    return found
