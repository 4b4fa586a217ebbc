"""Checks of one translation against its source text.

A translation may say anything, in its own words, but it may not add what its
source lacks. What it adds is judged on what it *renders to*
(:mod:`kyr.render_check`): elements, attributes, link and image targets that the
source does not render to are errors, and so is a dropped or replaced link
target. ``kyr check`` reports them and the build shows the fallback for that
block instead, never the injected markup. Checks of the Markdown text itself
remain for what decides the block's structure: text that would change the kind
of block or split it (a paragraph turned into a list, an empty line), broken
inline Markdown, and the build's private-use markers. Every check here is linear
in the length of the text: no pattern backtracks over untrusted text.

    >>> [i.message for i in check("See [the form](a.md).", "Vea [el formulario](https://evil.example).")]
    ["adds link target 'https://evil.example', which the source does not have", "drops link target 'a.md'"]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from kyr.facts import differences
from kyr.render_check import MAX_EXTRA, MAX_GROWTH, PARAGRAPH, PLAIN, Judge, kind_of

ERROR = "error"
WARNING = "warning"

#: The extensions of the shipped mkdocs.yml (with MkDocs' own), for callers that give no judge of their own.
SITE_EXTENSIONS = (
    "toc", "tables", "fenced_code", "admonition", "attr_list", "def_list", "footnotes",
    "pymdownx.details", "pymdownx.superfences",
)

_BACKTICKS = re.compile(r"`+")
_SPACED_LINK = re.compile(r"\]\s+\((?:https?:|mailto:|[\w./#-]+\.md\b|#)")
_BLOCK_START = re.compile(r"^(#{1,6}(\s|$)|[*+-]\s|\d+\.\s|>|!!!|\?\?\?|\||```|~~~| {4}|\t|:\s)")
# What Python-Markdown reads as a block of its own on any line of a paragraph, not only the first:
# headings, setext underlines, rules, quotes, admonitions, definitions, link and footnote definitions.
# Matched at the start of one line at a time; no quantifier here can backtrack past that line.
_LINE_BLOCK_START = re.compile(
    r"^[ \t]*(#{1,6}(?:\s|$)|>|!!!|\?\?\?|:\s|\[[^\]\n]*\]:|(=+|-+)[ \t]*$|([-*_])(?:[ \t]*\3){2,}[ \t]*$)"
)
_LIST_ITEM = re.compile(r"^[ \t]*(\d+\.|[*+-])[ \t]")
_MARKERS = re.compile("[\ue000-\ue002]")
_GLOTTAL_LOOKALIKE = re.compile(r"(?<=[^\W\d_])['\u2019]")
# A link target, up to the next ) or ]: bounded by the next ], so never rescanned.
_LINK_TARGET = re.compile(r"\]\([^)\]]*\)?")
#: The letter CLDR uses for the glottal stop in Mayan orthographies.
GLOTTAL = "\u02bc"


@dataclass(frozen=True)
class Issue:
    level: str
    message: str


def _without_code(text: str) -> str:
    """`text` with its code spans blanked out, in one pass.

    A run of n backticks opens a span that the next run of exactly n backticks closes,
    as in Python-Markdown; each run is looked at once.

    >>> _without_code("a `b` c ``d ` e`` f ```g")
    'a   c   f ```g'
    """
    # Plain lists of ints, not tuples: a megabyte of backticks makes no work for the garbage collector.
    starts, ends = [], []
    for m in _BACKTICKS.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    # For each run, the next run of the same length (-1: none): one pass from the end.
    following = [-1] * len(starts)
    last_of_length: dict[int, int] = {}
    for i in range(len(starts) - 1, -1, -1):
        length = ends[i] - starts[i]
        following[i] = last_of_length.get(length, -1)
        last_of_length[length] = i
    pieces, at, i = [], 0, 0
    while i < len(starts):
        close = following[i]
        if close < 0:
            i += 1
            continue
        pieces.append(text[at : starts[i]])
        pieces.append(" ")
        at = ends[close]
        i = close + 1
    pieces.append(text[at:])
    return "".join(pieces)


def _balanced(text: str) -> list[str]:
    """Inline Markdown that opens and never closes."""
    plain = _without_code(text)
    problems = []
    if text.count("`") % 2:
        problems.append("an unclosed code span (`)")
    for mark in ("**", "__"):
        if plain.count(mark) % 2:
            problems.append(f"unbalanced {mark}")
    if plain.count("[") != plain.count("]"):
        problems.append("unbalanced [ ]")
    last_open = plain.rfind("](")  # some ]( is never closed exactly when the last one is not
    if last_open >= 0 and ")" not in plain[last_open + 2 :]:
        problems.append("a link target whose ( is never closed")
    if _SPACED_LINK.search(plain):
        problems.append("a link with a space between ] and (, which Markdown does not read as a link")
    return problems


def _structure(msgid: str, msgstr: str) -> list[str]:
    """What in the Markdown text of `msgstr` would change or split the block, or break its inline Markdown."""
    problems = []
    if _MARKERS.search(msgstr):
        problems.append("contains private-use characters U+E000–U+E002, which the build reserves")
    if re.search(r"\n[ \t]*\n", msgstr):
        problems.append("has an empty line, which would split the block in two")
    start = _BLOCK_START.match(msgstr)
    if start and not _BLOCK_START.match(msgid):
        problems.append(f"starts with {start.group(0).strip()!r}, which would turn the block into another kind of block")
    source_lines = Counter(m.group(1) for ln in msgid.split("\n") if (m := _LINE_BLOCK_START.match(ln)))
    for n, line in enumerate(msgstr.split("\n"), 1):
        m = _LINE_BLOCK_START.match(line)
        if m and not source_lines[m.group(1)] and not (n == 1 and start):
            problems.append(f"line {n} starts with {m.group(1).strip()!r}, which would make a block of its own")
    # Inside a paragraph Python-Markdown reads "1. " as text, but the pocket card (kyr.keypoints)
    # takes a page's lines that start so as its steps.
    source_items = {m.group(1) for ln in msgid.split("\n") if (m := _LIST_ITEM.match(ln))}
    for n, line in enumerate(msgstr.split("\n")[1:], 2):
        m = _LIST_ITEM.match(line)
        if m and m.group(1) not in source_items:
            problems.append(f"line {n} starts with {m.group(1)!r}, which would read as a list item")
    source_problems = set(_balanced(msgid))
    problems += [f"has {p}" for p in _balanced(msgstr) if p not in source_problems]
    return problems


@lru_cache(maxsize=1)
def default_judge() -> Judge:
    """A judge with :data:`SITE_EXTENSIONS`, for callers that know no site configuration."""
    return Judge(SITE_EXTENSIONS)


def check(
    msgid: str, msgstr: str, *, judge: Judge | None = None, kind: str = PARAGRAPH, labels: frozenset[str] | None = None
) -> list[Issue]:
    """Everything wrong with `msgstr` as a translation of `msgid`.

    `judge` renders with the site's Markdown configuration; `kind` says where the text
    stands (a segment kind, or :data:`kyr.render_check.PLAIN` for text shown as text);
    `labels` are the reference labels its page defines (``None``: any label).
    """
    if not msgstr:
        return []
    if looks_empty(msgstr) and not looks_empty(msgid):
        return [Issue(ERROR, 'says nothing (only spaces, punctuation or Markdown); leave it empty ("") until it is translated')]
    structure = _structure(msgid, msgstr)
    issues = [Issue(ERROR, message) for message in structure]
    # Text that breaks its block is refused already; rendering it would only cost time
    # (Python-Markdown is slow on long runs of unclosed brackets).
    if not structure:
        judge = judge or default_judge()
        issues += [Issue(ERROR, m) for m in judge.errors(msgid, msgstr, kind_of(kind), labels)]
    return issues


# What a text may hold and still say nothing: attribute lists, link targets, tags.
_NOT_TEXT = re.compile(r"\{[^{}\n]*\}|\]\([^)\]]*\)?|<[^<>\n]*>")


def looks_empty(text: str) -> bool:
    """Whether `text` says nothing: no letter or digit outside Markdown's syntax.

    A translation that looks so would render a heading as its attribute list, or a
    paragraph as punctuation: it is an error, and never counts as translated.

    >>> [looks_empty(t) for t in ("  ", "{ #court }", "**…**", "[ ](https://a.gov)", "¿Sí?", "5")]
    [True, True, True, True, False, False]
    """
    return not any(unicodedata.category(c)[0] in "LN" for c in _NOT_TEXT.sub(" ", text))


def check_facts(msgid: str, msgstr: str, language=None) -> list[Issue]:
    """The facts (:mod:`kyr.facts`) that `msgstr`, written in `language`, changes, drops or adds.

    Link targets are left to :func:`check`, which judges them as rendered.

    >>> check_facts("Call 1-800-898-7180.", "Llame al 1-800-898-7108.", "es")[0].message
    'changes the phone number 1-800-898-7180 to 1-800-898-7108'
    """
    # check() refuses a translation that says nothing or is past this length; reading it would only cost time.
    if not msgstr or looks_empty(msgstr) or len(msgstr) > MAX_GROWTH * len(msgid) + MAX_EXTRA:
        return []
    return [Issue(ERROR, message) for message in differences(msgid, msgstr, language, links=False)]


_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]?\d*(?:\.\d+)?[diouxXeEfFgGcrs%]")


def check_placeholders(msgid: str, msgstr: str) -> list[Issue]:
    """For format strings: the translation keeps every placeholder of the source.

    >>> check_placeholders("%d more", "%s más")[0].message
    "changes the placeholders: ['%d'] in the source, ['%s'] here"
    """
    source, here = sorted(_PLACEHOLDER.findall(msgid)), sorted(_PLACEHOLDER.findall(msgstr))
    if msgstr and source != here:
        return [Issue(ERROR, f"changes the placeholders: {source} in the source, {here} here")]
    return []


def check_plural_placeholders(msgid_plural: str, msgstr: str) -> list[Issue]:
    """For one form of a plural format string: no placeholder the source has not.

    A form may leave the number out, as gettext allows ("one book" for n = 1, Arabic's
    dual); it may not bring one of its own, which would fail or show the wrong value.

    >>> check_plural_placeholders("%(num)d pages", "одна страница")
    []
    >>> check_plural_placeholders("%(num)d pages", "%(n)d страниц")[0].message
    "a placeholder the source has not: ['%(n)d']"
    """
    extra = sorted(set(_PLACEHOLDER.findall(msgstr)) - set(_PLACEHOLDER.findall(msgid_plural)) - {"%%"})
    return [Issue(ERROR, f"a placeholder the source has not: {extra}")] if extra else []


def check_glottal(msgstr: str) -> list[Issue]:
    """Warn where a Mayan-language text writes the glottal stop with ' or ’ instead of ʼ.

    >>> check_glottal("K'iche'")[0].message
    "writes the glottal stop with U+0027 ('); use U+02BC (ʼ) as CLDR does"
    """
    text = _LINK_TARGET.sub("]", _without_code(msgstr))
    issues = []
    for char in sorted(set(_GLOTTAL_LOOKALIKE.findall(text))):
        name = "U+0027 (')" if char == "'" else "U+2019 (’)"
        issues.append(Issue(WARNING, f"writes the glottal stop with {name}; use U+02BC (ʼ) as CLDR does"))
    return issues


def normalize_glottal(text: str) -> str:
    """Treat ʼ, ' and ’ after a letter alike, for matching and searching.

    >>> normalize_glottal("K'iche’") == normalize_glottal("Kʼicheʼ")
    True
    """
    return _GLOTTAL_LOOKALIKE.sub(GLOTTAL, text)


def errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.level == ERROR]


def domain_kinds(domain: str, docs_dir=None, extensions=None) -> tuple[dict[tuple[str, str | None], set[str]], str | None]:
    """How each message of a domain stands in its page, and the page's source (None if unknown).

    Theme strings and media titles are plain text; a page's messages take their
    segments' kinds. Where the page is not found, every message is judged as a paragraph.
    """
    from kyr.catalog import MEDIA, THEME
    from kyr.segment import segment

    if domain in (THEME, MEDIA):
        return {}, None
    page = docs_dir / f"{domain}.md" if docs_dir is not None else None
    if page is None or not page.is_file():
        return {}, None
    source = page.read_text(encoding="utf-8-sig")
    kinds: dict[tuple[str, str | None], set[str]] = {}
    for seg in segment(source, *([extensions] if extensions is not None else [])):
        kinds.setdefault((seg.text, seg.context), set()).add(seg.kind)
    return kinds, source


def check_catalogs(locales_dir, languages, judge: Judge | None = None, docs_dir=None) -> list:
    """Every problem of every catalog in locales_dir, as :class:`kyr.pofile.Problem` s.

    `judge` renders with the site's Markdown configuration; `docs_dir` holds the
    pages, which say how each message stands (a heading, an image's alt text...)
    and which reference labels resolve.
    """
    from kyr.catalog import MEDIA, THEME
    from kyr import termbase
    from kyr.pofile import CatalogError, Problem, read_po

    judge = judge or default_judge()
    problems: list[Problem] = []
    for language in languages.targets:
        root = locales_dir / language.code / "LC_MESSAGES"
        for path in sorted(root.rglob("*.po")):
            domain = path.relative_to(root).as_posix().removesuffix(".po")
            try:
                cat = read_po(path, language.code, locales_dir / "templates" / f"{domain}.pot")
            except CatalogError as exc:
                problems.extend(exc.problems)
                continue
            kinds, page = domain_kinds(domain, docs_dir, judge.extension_names if judge else None)
            labels = judge.page_labels(page) if page is not None else None
            plain = domain in (THEME, MEDIA)
            for message in cat:
                if not message.id or not isinstance(message.string, str) or not message.string:
                    continue
                issues: list[Issue] = []
                for kind in sorted(kinds.get((message.id, message.context)) or {PLAIN if plain else PARAGRAPH}):
                    issues += [i for i in check(message.id, message.string, judge=judge, kind=kind, labels=labels)
                               if i not in issues]
                # A draft marked stale (#| msgid) states the old source's facts; it is never shown.
                if not (message.fuzzy and message.previous_id):
                    issues += check_facts(message.id, message.string, language)
                if "python-format" in message.flags and path.stem == "theme":
                    issues += check_placeholders(message.id, message.string)
                if language.mayan_orthography:
                    issues += check_glottal(message.string)
                for issue in issues:
                    problems.append(Problem(str(path), message.lineno or 1, issue.message, issue.level))
    problems += termbase.check_catalogs(locales_dir, languages)  # warnings: locales/termbase.csv
    return problems
