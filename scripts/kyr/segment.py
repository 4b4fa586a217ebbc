"""Cut a Markdown page into translatable segments, the way Python-Markdown reads it.

One segment per block: heading, paragraph, list item paragraph, table cell,
admonition and details title, footnote, definition term and definition, the alt
text of an image that stands alone, a link reference's title, and the front
matter's ``title``, ``description``, ``sources[].title`` and ``key_points`` items. Inline Markdown stays
inside the segment (``**bold**``, ``[text](url)``). Code, HTML, comments,
attribute lists and URL-only lines are not segments.

Each segment knows the exact span of the source it came from, so a translation is
put back in place and everything that is not text (indentation, list markers,
fences, ``{ #id }``) is left as it was.

This follows Python-Markdown (and so MkDocs), not CommonMark: nested blocks are
indented by four spaces, a list needs a blank line before it when it follows a
paragraph, and ``!!!``/``???`` open admonitions and details.

    >>> [s.text for s in segment("# Hello\\n\\nSay *hi*\\nto all.\\n")]
    ['Hello', 'Say *hi* to all.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

# A line of the current container: (1-based line number, offset in the source of
# the first character of `text`, the line with the container's prefix removed).
Line = tuple[int, int, str]

HEADING = "heading"
PARAGRAPH = "paragraph"
TABLE_CELL = "table-cell"
ADMONITION_TITLE = "admonition-title"
TERM = "term"
IMAGE_ALT = "image-alt"
LINK_TITLE = "link-title"
META = "meta"
#: Kinds whose text must stay on one line when put back.
SINGLE_LINE = {HEADING, TABLE_CELL, ADMONITION_TITLE, TERM, IMAGE_ALT, LINK_TITLE, META}

FRONT_MATTER_KEYS = ("title", "description")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^(#{1,6})(?!#)[ \t]*(.*?)[ \t]*$")
_ATTRS_TAIL = re.compile(r"[ \t]+\{:?[ \t]*([^}\n ][^}\n]*)[ \t]*\}[ \t]*$")
_ATTRS_LINE = re.compile(r"^\{:?[ \t]*([^}\n ][^}\n]*)[ \t]*\}[ \t]*$")
_HR = re.compile(r"^ {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ADMONITION = re.compile(r'^(!!!|\?\?\?\+?) ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *$')
_LIST = re.compile(r"^( {0,3})([*+-]|\d+\.)([ \t]+)(\S.*)?$")
_FOOTNOTE = re.compile(r"^\[\^([^\]]+)\]:[ \t]*")
_LINK_REF = re.compile(r"""^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*<?\S+?>?(?:[ \t]+(["'(])(.*)["')])?[ \t]*$""")
_QUOTE = re.compile(r"^ {0,3}> ?")
_DEFINITION = re.compile(r"^ {0,3}:[ \t]{1,3}")
_TABLE_RULE = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_IMAGE_ONLY = re.compile(r'^!\[(?P<alt>[^\]]*)\]\((?P<src>\S+?)(?:[ \t]+"(?P<title>[^"]*)")?\)[ \t]*$')
_URL_ONLY = re.compile(r"^<?(https?://|mailto:|www\.)\S+>?$")
_COMMENT_NOTE = re.compile(r"^<!--\s*i18n(-context)?:\s*(.*?)\s*-->$", re.S)
_HTML_BLOCK = re.compile(
    r"^ {0,3}</?(address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption|figure|"
    r"footer|form|h[1-6]|header|hr|main|nav|ol|p|pre|section|table|ul|script|style|iframe|video|audio)\b",
    re.I,
)


@dataclass(frozen=True)
class Segment:
    """One translatable piece of a page.

    ``start:end`` is the span of the source the text was read from; for a
    paragraph over several lines it covers their prefixes too. ``prefix`` is what
    stands before each continuation line in the source (indentation, ``> ``), so
    a translation over several lines can be put back in the same container.
    """

    kind: str
    text: str
    lineno: int
    start: int
    end: int
    prefix: str = ""
    context: str | None = None
    notes: tuple[str, ...] = ()
    #: For headings: the explicit id, or None where the id comes from the text.
    anchor: str | None = None
    #: For headings: span of an attribute list without an id, to add one to.
    attrs: tuple[int, int] | None = None
    #: For front matter values: how the value was quoted in YAML.
    yaml_value: bool = False
    #: For titles that an admonition only implies: insert ` "title"` at start.
    implied: bool = False


@dataclass
class _Pending:
    notes: list[str] = field(default_factory=list)
    context: str | None = None

    def take(self) -> tuple[tuple[str, ...], str | None]:
        notes, context = tuple(self.notes), self.context
        self.notes, self.context = [], None
        return notes, context


def _indent(text: str) -> int:
    """Columns of leading white space, tabs counting to the next multiple of 4."""
    col = 0
    for ch in text:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
    return col


def _dedent(line: Line, width: int) -> Line:
    """Remove up to `width` columns of indentation from a line."""
    lineno, offset, text = line
    col = i = 0
    while i < len(text) and col < width and text[i] in " \t":
        col += 1 if text[i] == " " else 4 - col % 4
        i += 1
    return lineno, offset + i, text[i:]


def _blank(line: Line) -> bool:
    return not line[2].strip()


def _lines(source: str, start: int = 0, first_lineno: int = 1) -> list[Line]:
    lines: list[Line] = []
    offset = start
    for n, text in enumerate(source[start:].split("\n")):
        lines.append((first_lineno + n, offset, text.rstrip("\r")))
        offset += len(text) + 1
    return lines


_NOTE_LINES = re.compile(r"^[ \t]*<!--\s*i18n(?:-context)?:.*?-->[ \t]*\n", re.S | re.M)


def without_notes(source: str) -> str:
    """The page without its ``<!-- i18n: ... -->`` notes, which are for translators only.

    >>> without_notes("<!-- i18n: keep the number -->\\nCall 911.\\n")
    'Call 911.\\n'
    """
    return _NOTE_LINES.sub("", source)


def segment(source: str) -> list[Segment]:
    """All segments of a Markdown page, front matter first, in source order."""
    segments, body_start, body_line = _front_matter(source)
    parser = _Parser(source, segments)
    parser.container(_lines(source, body_start, body_line), prefix="", in_list=False)
    return segments


# -- front matter ---------------------------------------------------------------

_FM_KEY = re.compile(r"^(?P<key>title|description):[ \t]*(?P<value>\S.*?)[ \t]*$")
_FM_SOURCE_TITLE = re.compile(r"^(?P<lead>[ \t]*-?[ \t]*)title:[ \t]*(?P<value>\S.*?)[ \t]*$")
#: An item of ``key_points:``, the points an author chose for the pocket card.
_FM_LIST_ITEM = re.compile(r"^[ \t]*-[ \t]+(?P<value>\S.*?)[ \t]*$")


def _front_matter(source: str) -> tuple[list[Segment], int, int]:
    """Segments of the YAML front matter, and where the Markdown body starts."""
    if not source.startswith("---\n"):
        return [], 0, 1
    end = source.find("\n---\n", 3)
    tail = "\n---\n"
    if end < 0:
        if source.endswith("\n---"):
            end, tail = len(source) - 4, "\n---"
        else:
            return [], 0, 1
    segments: list[Segment] = []
    section = ""
    for lineno, offset, text in _lines(source[: end + 1], 4, 2):
        if text and not text[0].isspace() and not text.startswith("-"):
            section = text.split(":", 1)[0]
        m = _FM_KEY.match(text) if not text[:1].isspace() else None
        if m is None and section == "sources":
            m = _FM_SOURCE_TITLE.match(text)
        if m is None and section == "key_points":
            m = _FM_LIST_ITEM.match(text)
        if m is None:
            continue
        raw = m.group("value")
        value = yaml.safe_load(raw)
        if not isinstance(value, str) or not value.strip():
            continue
        start = offset + m.start("value")
        segments.append(
            Segment(META, value, lineno, start, start + len(raw), yaml_value=True)
        )
    body_start = end + len(tail)
    return segments, body_start, source.count("\n", 0, body_start) + 1


# -- blocks ---------------------------------------------------------------------


class _Parser:
    def __init__(self, source: str, out: list[Segment]):
        self.source = source
        self.out = out
        self.pending = _Pending()

    def emit(self, kind: str, lines: list[Line], prefix: str = "", **extra) -> None:
        """Add a segment for `lines`, already cut to the text, joined with spaces."""
        lines = [ln for ln in lines if ln[2].strip()]
        if not lines:
            return
        first, last = lines[0], lines[-1]
        lead = len(first[2]) - len(first[2].lstrip())
        start = first[1] + lead
        end = last[1] + len(last[2].rstrip())
        parts = []
        for i, (_, _, text) in enumerate(lines):
            hard = i < len(lines) - 1 and text.endswith("  ")
            parts.append(text.strip() + ("\n" if hard else " "))
        text = "".join(parts).rstrip()
        notes, context = self.pending.take()
        self.out.append(
            Segment(kind, text, first[0], start, end, prefix, context, notes, **extra)
        )

    def emit_span(self, kind: str, lineno: int, start: int, text: str, **extra) -> None:
        notes, context = self.pending.take()
        self.out.append(Segment(kind, text, lineno, start, start + len(text), "", context, notes, **extra))

    # A container is the document, a list item, an admonition body, a footnote...
    def container(self, lines: list[Line], prefix: str, in_list: bool) -> None:
        i = 0
        while i < len(lines):
            line = lines[i]
            text = line[2]
            if not text.strip():
                i += 1
                continue
            stripped = text.lstrip()
            if _indent(text) >= 4:
                i = self.skip_indented_code(lines, i)
            elif stripped.startswith("<!--"):
                i = self.comment(lines, i)
            elif _FENCE.match(text):
                i = self.fence(lines, i)
            elif _ATX.match(text):
                self.heading(line)
                i += 1
            elif _HR.match(text):
                i += 1
            elif _ADMONITION.match(text):
                i = self.admonition(lines, i, prefix)
            elif _LIST.match(text):
                i = self.list_items(lines, i, prefix)
            elif _FOOTNOTE.match(text):
                i = self.footnote(lines, i, prefix)
            elif _LINK_REF.match(text):
                self.link_ref(line)
                i += 1
            elif _HTML_BLOCK.match(text):
                i = self.skip_until_blank(lines, i)
            elif _ATTRS_LINE.match(stripped):
                i += 1
            elif _QUOTE.match(text):
                i = self.blockquote(lines, i, prefix)
            elif i + 1 < len(lines) and "|" in text and _TABLE_RULE.match(lines[i + 1][2]) and "-" in lines[i + 1][2]:
                i = self.table(lines, i)
            else:
                i = self.paragraph(lines, i, prefix, in_list)

    def skip_indented_code(self, lines: list[Line], i: int) -> int:
        while i < len(lines) and (_blank(lines[i]) or _indent(lines[i][2]) >= 4):
            i += 1
        return i

    def skip_until_blank(self, lines: list[Line], i: int) -> int:
        while i < len(lines) and not _blank(lines[i]):
            i += 1
        return i

    def comment(self, lines: list[Line], i: int) -> int:
        """Skip an HTML comment; keep `<!-- i18n: ... -->` for the next segment."""
        body = []
        while i < len(lines):
            body.append(lines[i][2].strip())
            i += 1
            if "-->" in body[-1]:
                break
        m = _COMMENT_NOTE.match("\n".join(body))
        if m and m.group(1):
            self.pending.context = m.group(2)
        elif m:
            self.pending.notes.append(" ".join(m.group(2).split()))
        return i

    def fence(self, lines: list[Line], i: int) -> int:
        fence = _FENCE.match(lines[i][2]).group(1)
        i += 1
        while i < len(lines):
            m = _FENCE.match(lines[i][2])
            i += 1
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not lines[i - 1][2].strip()[len(m.group(1)):].strip():
                break
        self.pending.take()
        return i

    def heading(self, line: Line) -> None:
        lineno, offset, text = line
        m = _ATX.match(text)
        body = m.group(2)
        start = offset + m.start(2)
        body = re.sub(r"[ \t]+#+$", "", body) if body.strip("#") else ""
        self.heading_text(lineno, start, body)

    def heading_text(self, lineno: int, start: int, body: str) -> None:
        """A heading's text, ATX or setext, without its attribute list."""
        anchor = attrs = None
        a = _ATTRS_TAIL.search(body)
        if a:
            ids = re.findall(r"#([\w\-:.]+)", a.group(1))
            anchor = ids[0] if ids else None
            if not ids:
                attrs = (start + a.start(1), start + a.end(1))
            body = body[: a.start()]
        if body.strip():
            self.emit_span(HEADING, lineno, start, body.rstrip(), anchor=anchor, attrs=attrs)

    def admonition(self, lines: list[Line], i: int, prefix: str) -> int:
        lineno, offset, text = lines[i]
        m = _ADMONITION.match(text)
        if m.group(3) is not None:
            if m.group(3).strip():
                self.emit_span(ADMONITION_TITLE, lineno, offset + m.start(3), m.group(3))
        else:
            # Python-Markdown shows the capitalised type as the title: it must be
            # translatable too, so it becomes a segment put back as an explicit title.
            implied = m.group(2).split()[0].capitalize()
            notes, context = self.pending.take()
            end = offset + m.end(2)
            self.out.append(Segment(ADMONITION_TITLE, implied, lineno, end, end, "", context, notes, implied=True))
        body, i = self.indented_body(lines, i + 1)
        self.container(body, prefix + "    ", in_list=False)
        return i

    def indented_body(self, lines: list[Line], i: int) -> tuple[list[Line], int]:
        """The lines indented by four columns that follow, with blank lines between."""
        body: list[Line] = []
        j = i
        while j < len(lines):
            if _blank(lines[j]):
                j += 1
                continue
            if _indent(lines[j][2]) < 4:
                break
            body.extend(lines[i:j])
            body.append(_dedent(lines[j], 4))
            j += 1
            i = j
        return [(_dedent(ln, 4) if not _blank(ln) and _indent(ln[2]) >= 4 else ln) for ln in body], i

    def list_items(self, lines: list[Line], i: int, prefix: str) -> int:
        while i < len(lines):
            m = _LIST.match(lines[i][2])
            if not m:
                break
            lineno, offset, text = lines[i]
            head = (lineno, offset + m.start(4) if m.group(4) else offset + len(text), m.group(4) or "")
            item = [head]
            j = _lazy_end(lines, i + 1, lambda text: _LIST.match(text) or _starts_block(text))
            item.extend(_dedent(line, 4) for line in lines[i + 1 : j])
            body, j = self.indented_body(lines, j)
            item.extend(body)
            self.container(item, prefix + "    ", in_list=True)
            i = j
            following = _next_after_blanks(lines, i, _LIST)
            if following is None:
                break
            i = following
        return i

    def blockquote(self, lines: list[Line], i: int, prefix: str) -> int:
        quoted: list[Line] = []
        while i < len(lines) and not _blank(lines[i]):
            lineno, offset, text = lines[i]
            m = _QUOTE.match(text)
            quoted.append((lineno, offset + m.end(), text[m.end():]) if m else lines[i])
            i += 1
        self.container(quoted, prefix + "> ", in_list=False)
        return i

    def footnote(self, lines: list[Line], i: int, prefix: str) -> int:
        lineno, offset, text = lines[i]
        m = _FOOTNOTE.match(text)
        item = [(lineno, offset + m.end(), text[m.end():])]
        j = _lazy_end(lines, i + 1, lambda text: _starts_block(text) or _FOOTNOTE.match(text))
        item.extend(lines[i + 1 : j])
        body, j = self.indented_body(lines, j)
        self.container(item + body, prefix + "    ", in_list=False)
        return j

    def link_ref(self, line: Line) -> None:
        lineno, offset, text = line
        m = _LINK_REF.match(text)
        if m.group(3):
            self.emit_span(LINK_TITLE, lineno, offset + m.start(3), m.group(3))

    def table(self, lines: list[Line], i: int) -> int:
        rows = [lines[i]]
        j = i + 2
        while j < len(lines) and not _blank(lines[j]) and "|" in lines[j][2]:
            rows.append(lines[j])
            j += 1
        for lineno, offset, text in rows:
            for start, cell in _cells(text):
                if cell.strip():
                    lead = len(cell) - len(cell.lstrip())
                    self.emit_span(TABLE_CELL, lineno, offset + start + lead, cell.strip())
        return j

    def paragraph(self, lines: list[Line], i: int, prefix: str, in_list: bool) -> int:
        para = [lines[i]]
        j = i + 1
        while j < len(lines) and not _blank(lines[j]):
            text = lines[j][2]
            if _starts_block(text) or (in_list and _LIST.match(text)) or _indent(text) >= 4 and in_list:
                break
            if _SETEXT.match(text) and len(para) == 1:
                lineno, offset, head = para[0]
                self.heading_text(lineno, offset + len(head) - len(head.lstrip()), head.strip())
                return j + 1
            if _DEFINITION.match(text):
                for term in para:
                    self.emit(TERM, [term])
                return self.definitions(lines, j, prefix)
            para.append(lines[j])
            j += 1
        # A paragraph followed by a blank line and a definition is a list of terms.
        k = j
        while k < len(lines) and _blank(lines[k]):
            k += 1
        if k < len(lines) and k == j + 1 and _DEFINITION.match(lines[k][2]):
            for term in para:
                self.emit(TERM, [term])
            return self.definitions(lines, k, prefix)
        self.text_block(para, prefix)
        return j

    def definitions(self, lines: list[Line], i: int, prefix: str) -> int:
        while i < len(lines) and _DEFINITION.match(lines[i][2]):
            lineno, offset, text = lines[i]
            m = _DEFINITION.match(text)
            item = [(lineno, offset + m.end(), text[m.end():])]
            j = _lazy_end(lines, i + 1, _DEFINITION.match)
            item.extend(lines[i + 1 : j])
            body, j = self.indented_body(lines, j)
            self.container(item + body, prefix + "    ", in_list=False)
            i = j
            following = _next_after_blanks(lines, i, _DEFINITION)
            if following is not None:
                i = following
        return i

    def text_block(self, para: list[Line], prefix: str) -> None:
        """A paragraph: its text, minus a trailing attribute list, URL or lone image."""
        if _ATTRS_LINE.match(para[-1][2].strip()):
            para = para[:-1]
        if not para:
            return
        if len(para) == 1:
            lineno, offset, text = para[0]
            stripped = text.strip()
            lead = len(text) - len(text.lstrip())
            if _URL_ONLY.match(stripped):
                self.pending.take()
                return
            image = _IMAGE_ONLY.match(_ATTRS_TAIL.sub("", stripped))
            if image:
                if image.group("alt").strip():
                    self.emit_span(IMAGE_ALT, lineno, offset + lead + image.start("alt"), image.group("alt"))
                if image.group("title"):
                    self.emit_span(LINK_TITLE, lineno, offset + lead + image.start("title"), image.group("title"))
                return
        self.emit(PARAGRAPH, para, prefix)


def _lazy_end(lines: list[Line], j: int, stops) -> int:
    """Where the lines that lazily continue a paragraph end: at a blank, an indented line or a `stops` line."""
    while j < len(lines) and not _blank(lines[j]) and _indent(lines[j][2]) < 4 and not stops(lines[j][2]):
        j += 1
    return j


def _next_after_blanks(lines: list[Line], i: int, pattern: re.Pattern) -> int | None:
    """The next non-blank line, if it matches `pattern`: the same list goes on after blank lines."""
    while i < len(lines) and _blank(lines[i]):
        i += 1
    return i if i < len(lines) and pattern.match(lines[i][2]) else None


def _starts_block(text: str) -> bool:
    """Whether a line opens a block that ends a paragraph in Python-Markdown."""
    return bool(
        _ATX.match(text) or _FENCE.match(text) or _ADMONITION.match(text) or text.lstrip().startswith("<!--")
    )


def _cells(row: str) -> list[tuple[int, str]]:
    """Split a table row on unescaped pipes outside code spans: (offset, cell) pairs.

    >>> _cells("| a | `b|c` |")
    [(1, ' a '), (5, ' `b|c` ')]
    """
    cells: list[tuple[int, str]] = []
    start = 0
    i = 0
    in_code = False
    stripped = row.rstrip()
    while i < len(stripped):
        ch = stripped[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            in_code = not in_code
        elif ch == "|" and not in_code:
            cells.append((start, stripped[start:i]))
            start = i + 1
        i += 1
    cells.append((start, stripped[start:]))
    if cells and not cells[0][1].strip() and row.lstrip().startswith("|"):
        cells = cells[1:]
    if cells and not cells[-1][1].strip() and stripped.endswith("|"):
        cells = cells[:-1]
    return cells
