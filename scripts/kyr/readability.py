"""Reading grade of the English pages (Flesch–Kincaid), to keep them plain.

The target is U.S. grade 7 or below. Only what a reader reads counts: front
matter, comments, link targets and Markdown syntax are removed first.

Dependencies: the standard library, textstat and pyphen (which textstat itself
uses to count syllables); see :func:`grade` for why pyphen is called directly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyphen
import textstat

_RULES = [
    (re.compile(r"\A---\n.*?\n---\n", re.S), ""),  # front matter
    (re.compile(r"<!--.*?-->", re.S), ""),  # comments
    (re.compile(r"^(```|~~~).*?^\1", re.S | re.M), ""),  # fenced code
    (re.compile(r"^ {0,3}\|?[ :|-]+\|[ :|-]*$", re.M), ""),  # table rules
    (re.compile(r"^[ \t]*(!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+\"(.*?)\")?[ \t]*$", re.M), r"\2"),  # admonitions
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links, images
    (re.compile(r"\[\^[^\]]+\]:?"), ""),  # footnotes
    (re.compile(r"\{:?[^}]*\}"), ""),  # attribute lists
    (re.compile(r"^[ \t]*(#{1,6}|[*+-]|\d+\.|:|>)[ \t]+", re.M), ""),  # block markers
    (re.compile(r"(\*\*|__|\*|_|`)"), ""),  # inline marks
    (re.compile(r"[ \t]*\|[ \t]*"), " "),  # table pipes
]


def plain_text(markdown: str) -> str:
    """The words a reader reads, one block per line, each ending with punctuation.

    >>> plain_text("---\\ntitle: x\\n---\\n# Hi\\n\\n- Call **us** at [the court](https://x.test).\\n")
    'Hi.\\nCall us at the court.'
    >>> plain_text('!!! warning "Be careful"\\n    Answer by the *deadline*.[^1]\\n')
    'Be careful.\\nAnswer by the deadline.'
    """
    text = markdown
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    lines = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line:
            # A heading or list item is a sentence of its own for the formula.
            lines.append(line if line[-1] in ".!?:;" else line + ".")
    return "\n".join(lines)


_HYPHENATOR = pyphen.Pyphen(lang="en_US")


def _syllables(word: str) -> int:
    return len(_HYPHENATOR.positions(word)) + 1


def grade(markdown: str) -> float:
    """Flesch–Kincaid grade level of a page's text.

    textstat counts English syllables with NLTK's CMU dictionary, which it
    downloads at run time; builds here must work offline, so syllables come
    from pyphen's bundled English dictionary (textstat's own fallback) and the
    standard formula is applied to textstat's sentence count.

    >>> grade("The cat sat. The dog ran.")
    -2.6
    >>> grade("# Ask for help\\n\\nCall a legal service today.") < 7
    True
    """
    text = plain_text(markdown)
    words = re.findall(r"[^\W\d_]+(?:['ʼ’][^\W\d_]+)*", text)
    if not words:
        return 0.0
    sentences = max(1, textstat.sentence_count(text))
    syllables = sum(_syllables(w.lower()) for w in words)
    return round(0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59, 1)


def page_grades(docs_dir: Path) -> dict[str, float]:
    """Grade of every page, by its path relative to docs_dir.

    >>> import pathlib, tempfile
    >>> docs = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (docs / "index.md").write_text("# Home\\n\\nSay that you are afraid.\\n", encoding="utf-8")
    >>> page_grades(docs)
    {'index.md': -1.4}
    """
    return {
        p.relative_to(docs_dir).as_posix(): grade(p.read_text(encoding="utf-8")) for p in sorted(docs_dir.rglob("*.md"))
    }
