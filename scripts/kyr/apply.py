"""Put translations back into a page, each at the source position it came from.

The page is never re-written from a parse tree: every segment's span in the
source is replaced by its translation, and every byte outside the spans stays as
it was. So indentation, nesting, fences and attribute lists survive untouched.

A block shown in another language than the page's (a fallback), or shown as an
unreviewed draft, is wrapped in invisible markers (see :mod:`kyr.markers`); once
the page is HTML, the markers become a ``lang`` attribute on the enclosing
element, so a Mam page never labels Spanish or English text as Mam.

    >>> src = "# Hello\\n\\nText.\\n"
    >>> segs = segment(src)
    >>> apply(src, segs, [Choice("Hola", "es", False), None], "es").markdown
    '# Hola { #hello }\\n\\nText.\\n'
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from markdown.treeprocessors import Treeprocessor

from kyr import markers
from kyr.segment import CODE_TITLE, HEADING, PARAGRAPH, SINGLE_LINE, TABLE_CELL, Segment, segment

__all__ = ["Choice", "HeadingIdRecorder", "PageResult", "apply", "heading_ids"]


@dataclass(frozen=True)
class Choice:
    """What one block shows: its text, the language of that text, and whether it is an unreviewed draft."""

    text: str
    lang: str
    draft: bool


@dataclass
class PageResult:
    markdown: str
    #: Languages of blocks shown in another language than the page's.
    fallback_langs: set[str] = field(default_factory=set)
    #: How many blocks show unreviewed (fuzzy) translations.
    drafts: int = 0
    #: How many blocks are shown in the page's own language (none: the whole page falls back).
    own_blocks: int = 0


def _default_slugify(text: str) -> str:
    from markdown.extensions.toc import slugify

    return slugify(text, "-")


_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.S)


def _plain(inline_markdown: str, labels: frozenset[str] = frozenset()) -> str:
    """The text a reader sees of a heading's inline Markdown, as Python-Markdown's toc reads it.

    toc's ``strip_tags`` takes comments and tags out of the rendered heading, but the
    text of a code span is text, ``<`` and all; a reference link whose label the page
    does not define (`labels`, lower case) stays as written.

    >>> _plain("Run `<div>` *now* <b>here</b><!-- c -->")
    'Run <div> now here'
    >>> _plain("See [x][nope] and [y][ok]", frozenset({"ok"}))
    'See [x][nope] and y'
    """
    parts = _CODE_SPAN.split(inline_markdown)
    # split() gives text, then (ticks, code) pairs: code is kept whole, text is read as Markdown.
    out = []
    for n in range(0, len(parts), 3):
        out.append(_plain_text(parts[n], labels))
        if n + 2 < len(parts):
            out.append(parts[n + 2].strip())
    return " ".join(html.unescape("".join(out)).split())


def _plain_text(text: str, labels: frozenset[str]) -> str:
    """`_plain` of Markdown that holds no code span."""
    text = re.sub(r"\[\^[^\]]+\]", "", text)  # footnote references
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images

    def reference(m: re.Match) -> str:
        label = (m.group(2) or m.group(1)).lower()
        return m.group(1) if " ".join(label.split()) in labels else m.group(0)

    text = re.sub(r"\[([^\]]*)\](?:\[([^\]]*)\])?", reference, text)  # reference links, defined or not
    text = re.sub(r"(\*\*|\*)(.+?)\1", r"\2", text)  # emphasis
    text = re.sub(r"(?<!\w)(__|_)(?!_)(.+?)(?<!_)\1(?!\w)", r"\2", text)  # no emphasis inside a word (snake_case)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)
    return re.sub(r"\\(.)", r"\1", text)


def heading_ids(
    segments: Sequence[Segment],
    slugify: Callable[[str], str] = _default_slugify,
    reserved: Iterable[str] = (),
    labels: frozenset[str] = frozenset(),
) -> dict[int, str]:
    """The id each heading gets in the source language, keyed by the segment's start.

    Explicit ids win; the others come from the text and are made unique the way
    Python-Markdown's toc does (``_1``, ``_2``...), past the ids that attribute
    lists give other elements (`reserved`).

    >>> heading_ids(segment("# A b\\n\\n# A b\\n"))
    {2: 'a-b', 9: 'a-b_1'}
    """
    from markdown.extensions.toc import unique

    used = {s.anchor for s in segments if s.kind == HEADING and s.anchor} | set(reserved)
    counters: dict[str, int] = {}
    ids: dict[int, str] = {}
    for seg in segments:
        if seg.kind != HEADING:
            continue
        if seg.anchor:
            ids[seg.start] = seg.anchor
            continue
        ids[seg.start] = unique(slugify(_plain(seg.text, labels)), used, counters)
    return ids


_HEADING_TAGS = frozenset(f"h{n}" for n in range(1, 7))


class HeadingIdRecorder(Treeprocessor):
    """The id of every heading of the last page a Markdown instance converted, in document order.

    Registered below toc (priority 5), it reads the ids toc gave, with the site's own
    slugify, separator and unique rule, after attribute lists set theirs. Headings in
    raw HTML are not in the tree, and are not segments either: the list pairs with a
    page's heading segments one to one.

    >>> import markdown
    >>> md = markdown.Markdown(extensions=["toc"])
    >>> recorder = HeadingIdRecorder.register(md)
    >>> _ = md.convert("# A & B\\n\\n## A & B\\n")
    >>> recorder.ids
    ['a-b', 'a-b_1']
    """

    def __init__(self, md):
        super().__init__(md)
        self.ids: list[str] = []

    @classmethod
    def register(cls, md) -> HeadingIdRecorder:
        recorder = cls(md)
        md.treeprocessors.register(recorder, "kyr_heading_ids", 1)
        return recorder

    def run(self, root) -> None:
        self.ids = [el.get("id", "") for el in root.iter() if el.tag in _HEADING_TAGS]


_FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[ \t]*$", re.M | re.S)
_REFERENCE = re.compile(r"^ {0,3}\[([^\[\]]*)\]:[ \t]*\S", re.M)
_BLOCK_ATTRS = re.compile(r"\{:?[ \t]*([^}\n ][^}\n]*)[ \t]*\}[ \t]*$", re.M)


_EMPHASIS_MARK = re.compile(r"\*|(?<![^\W_])_|_(?![^\W_])")


def _attr_list_id(anchor: str) -> str:
    """An id as written in an attribute list, which attr_list reads after the inline patterns:
    a `*`, or a `_` at a word's edge, could be read as emphasis, so it is escaped. An
    underscore inside a word is never emphasis and stays as it is (toc counts ids before
    the escapes are undone, so an escaped id would not make a later twin unique).

    >>> _attr_list_id("__all__-list"), _attr_list_id("step_by_step_1")
    ('\\\\_\\\\_all\\\\_\\\\_-list', 'step_by_step_1')
    """
    return _EMPHASIS_MARK.sub(lambda m: "\\" + m.group(0), anchor)


def explicit_ids(source: str) -> set[str]:
    """Ids that attribute lists at the end of a line give, outside fenced code.

    >>> sorted(explicit_ids("Para.\\n{: #here .lead }\\n\\n```\\n{ #not }\\n```\\n"))
    ['here']
    """
    text = _FENCED.sub("", source)
    return {w[1:] for m in _BLOCK_ATTRS.finditer(text) for w in m.group(1).split() if w.startswith("#") and len(w) > 1}


def reference_labels(source: str) -> frozenset[str]:
    """Labels of the link references a page defines, lower case, as Python-Markdown keys them.

    >>> sorted(reference_labels("[One Two]: https://x.test\\n[^1]: note\\n"))
    ['one two']
    """
    text = _FENCED.sub("", source)
    return frozenset(" ".join(m.group(1).lower().split()) for m in _REFERENCE.finditer(text) if not m.group(1).startswith("^"))


def _rule_follows(source: str, seg: Segment) -> bool:
    """Whether the line after a paragraph is a `---` rule that would underline a one-line paragraph.

    >>> src = "One\\ntwo.\\n---\\n"
    >>> _rule_follows(src, segment(src)[0])
    True
    """
    return bool(re.match(r"\n" + re.escape(seg.prefix) + r" {0,3}-+[ \t]*(?:\n|$)", source[seg.end :]))


def _fit_quotes(text: str, quote: str) -> str:
    """A code fence title's quote mark inside it would end the title (superfences has no escape,
    and the title is shown HTML-escaped): it becomes the typographic mark.

    >>> _fit_quotes("Pa egzanp 'sa a'", "'"), _fit_quotes('Say "hi"', "'")
    ('Pa egzanp ’sa a’', 'Say "hi"')
    """
    return text.replace(quote, {'"': "”", "'": "’"}[quote])


def _shape(seg: Segment, text: str) -> str:
    """Fit a translation to the place it goes: one line where a block allows no more."""
    if seg.kind in SINGLE_LINE:
        text = " ".join(text.split("\n"))
    if seg.kind == TABLE_CELL:
        # A pipe ends a cell unless escaped, but not inside a code span (tables.py splits around them).
        text = "".join(
            part if n % 2 else re.sub(r"(?<!\\)\|", r"\\|", part)
            for n, part in enumerate(re.split(r"(`+[^`]*`+)", text))
        )
    if seg.kind == PARAGRAPH:
        return ("  \n" + seg.prefix).join(line.strip() for line in text.split("\n"))
    return text


def apply(
    source: str,
    segments: Sequence[Segment],
    choices: Sequence[Choice | None],
    page_lang: str,
    slugify: Callable[[str], str] = _default_slugify,
    rendered_ids: Sequence[str] | None = None,
    pin_ids: bool = True,
) -> PageResult:
    """Replace each segment's span with its choice; None keeps the source text.

    A heading whose text changes keeps the id its source text gives it, so every
    language has the same anchors: the ids toc gave the source page
    (`rendered_ids`, from a :class:`HeadingIdRecorder`) when they pair with the
    heading segments, else ids worked out from the text with `slugify`. The id is
    pinned with an attribute list; a site without ``attr_list`` (`pin_ids` false)
    would show one as text, so there a translated heading's id follows its text.
    """
    ids = None
    starts = [seg.start for seg in segments if seg.kind == HEADING]
    if rendered_ids is not None and len(rendered_ids) == len(starts):
        ids = dict(zip(starts, rendered_ids))
    result = PageResult("")
    out: list[str] = []
    pos = 0
    for seg, choice in zip(segments, choices, strict=True):
        if choice is not None and choice.lang == page_lang:
            result.own_blocks += 1
        if choice is None or (choice.text == seg.text and choice.lang == page_lang and not choice.draft):
            continue
        marked = choice.lang != page_lang or choice.draft
        if choice.lang != page_lang:
            result.fallback_langs.add(choice.lang)
        if choice.draft:
            result.drafts += 1
        if seg.yaml_value:
            body = markers.wrap(choice.text, choice.lang, choice.draft) if marked else choice.text
            text = json.dumps(body, ensure_ascii=False)
        else:
            # An implied title has no span in the source: its text is the choice's, even when unchanged.
            text = _shape(seg, choice.text) if choice.text != seg.text or seg.implied else source[seg.start : seg.end]
            if seg.kind == CODE_TITLE:
                text = _fit_quotes(text, source[seg.start - 1])
            if marked:
                text = markers.wrap(text, choice.lang, choice.draft)
        if seg.implied:
            text = seg.implied.format(text)
        if seg.kind == PARAGRAPH and "\n" not in text and _rule_follows(source, seg):
            # `---` under a paragraph of several lines is a rule; under one line, a setext
            # heading: a blank line keeps it a rule when the translation fits on one line.
            text += "\n" + seg.prefix.rstrip()
        out.append(source[pos : seg.start])
        out.append(text)
        pos = seg.end
        # Markers or new words would change the id toc derives from the text: pin the source's.
        if seg.kind == HEADING and seg.anchor is None and pin_ids:
            if ids is None:
                ids = heading_ids(segments, slugify, explicit_ids(source), reference_labels(source))
            anchor = _attr_list_id(ids[seg.start])
            if seg.attrs:
                out.append(source[pos : seg.attrs[0]] + f"#{anchor} ")
                pos = seg.attrs[0]
            else:
                out.append(f" {{ #{anchor} }}")
    out.append(source[pos:])
    result.markdown = "".join(out)
    return result
