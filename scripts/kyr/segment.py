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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

import yaml
from markdown.util import BLOCK_LEVEL_ELEMENTS

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
CODE_TITLE = "code-title"
#: Kinds whose text must stay on one line when put back.
SINGLE_LINE = {HEADING, TABLE_CELL, ADMONITION_TITLE, TERM, IMAGE_ALT, LINK_TITLE, META, CODE_TITLE}

FRONT_MATTER_KEYS = ("title", "description")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# pymdownx/superfences.py RE_NESTED_FENCE_START and RE_OPTIONS: `title="..."` among a fence's options.
_FENCE_TITLE = re.compile(r"""^ {0,3}(?:`{3,}|~{3,})[ \t]*\.?[\w#.+-]*(?:[ \t]+[a-zA-Z]\w*(?:=("|').*?\1)?)*?[ \t]+title=(["'])(?P<title>.*?)\2(?=[ \t]|$)""")
# pymdownx/tabbed.py TabbedProcessor.START and pymdownx/blocks/__init__.py RE_START, RE_END.
_TAB = re.compile(r'^={3}(?:\+|\+!|!\+|!)? +"(.*?)" *$')
_BLOCK_START = re.compile(r"^ {0,3}(/{3,})[ ]*([\w-]+)[ ]*(?:\|[ ]*(.*?)[ ]*)?$")
_BLOCK_END = re.compile(r"^ {0,3}(/{3,})[ ]*$")
_ATX = re.compile(r"^(#{1,6})(?!#)[ \t]*(.*?)[ \t]*$")
# pymdownx/saneheaders.py RE_HEADER: a space after the hashes (`#.` is then a list marker, `#hashtag` text).
_SANE_ATX = re.compile(r"^(#{1,6})(?= )[ \t]*(.*?)[ \t]*$")
_ATTRS_TAIL = re.compile(r"[ \t]+\{:?[ \t]*([^}\n ][^}\n]*)[ \t]*\}[ \t]*$")
_ATTRS_LINE = re.compile(r"^\{:?[ \t]*([^}\n ][^}\n]*)[ \t]*\}[ \t]*$")
# markdown/blockprocessors.py HRProcessor.SEARCH_RE: three or more marks, up to two spaces between.
_HR = re.compile(r"^ {0,3}(?:(?:-+ {0,2}){3,}|(?:_+ {0,2}){3,}|(?:\*+ {0,2}){3,}) *$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ADMONITION = re.compile(r'^(!!!|\?\?\?\+?) ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *$')
_LIST = re.compile(r"^( {0,3})([*+-]|\d+\.)([ \t]+)(\S.*)?$")
_CHECKBOX = re.compile(r" *\[[xX ]\] +(?=\S)")
_FOOTNOTE = re.compile(r"^ {0,3}\[\^([^\]]+)\]:[ \t]*")
_LINK_REF = re.compile(r"""^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*<?\S+?>?(?:[ \t]+(["'(])(.*)["')])?[ \t]*$""")
_LINK_TITLE_LINE = re.compile(r"""^[ \t]*(["'(])(.+)["')][ \t]*$""")
_QUOTE = re.compile(r"^ {0,3}> ?")
_DEFINITION = re.compile(r"^ {0,3}:[ \t]{1,3}")
_TABLE_RULE = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_IMAGE_ONLY = re.compile(r'^!\[(?P<alt>[^\]]*)\]\((?P<src>\S+?)(?:[ \t]+"(?P<title>[^"]*)")?\)[ \t]*$')
_TAGS_ONLY = re.compile(r"^(?:[ \t]*</?[A-Za-z][^<>]*>)+[ \t]*$")
_TEXT_ATTRIBUTE = re.compile(r"\s(?:alt|title)\s*=", re.I)
_URL_ONLY = re.compile(r"^<?(https?://|mailto:|www\.)\S+>?$")
_COMMENT_NOTE = re.compile(r"^<!--\s*i18n(-context)?:\s*(.*?)\s*-->$", re.S)
# markdown/htmlparser.py HTMLExtractor: a block-level tag at the start of a line (up to three
# spaces in) opens a raw block, in the middle of a paragraph too, up to the tag that closes it.
# markdown/extensions/abbr.py AbbrBlockprocessor.RE: `*[ABBR]: title`, the title maybe on the next line.
_ABBR = re.compile(r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*(?P<title>.*?)[ \t]*$")
_HTML_BLOCK = re.compile(
    r"^ {0,3}<(%s)(?=[\s/>])" % "|".join(sorted(BLOCK_LEVEL_ELEMENTS, key=len, reverse=True)), re.I
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
    #: For titles that a block only implies: what to insert at start, the text in place of
    #: ``{}`` (`` "{}"`` after ``!!! note``, `` | {}`` after ``/// note``); empty otherwise.
    implied: str = ""


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


#: The extensions whose blocks are always read (those of this project's mkdocs.yml).
BASE_EXTENSIONS = frozenset(
    {"admonition", "attr_list", "def_list", "footnotes", "tables", "toc", "pymdownx.details", "pymdownx.superfences"}
)


def segment(source: str, extensions: Iterable[str] | Mapping[str, dict] = BASE_EXTENSIONS) -> list[Segment]:
    """All segments of a Markdown page, front matter first, in source order.

    `extensions` are the names of the site's Markdown extensions (``markdown_extensions``
    of mkdocs.yml), or a mapping of the names to their configurations (MkDocs'
    ``mdx_configs``), which tells the block types a site adds (``pymdownx.blocks.admonition``'s
    ``types``...); the blocks of ``md_in_html``, ``abbr``, ``pymdownx.tabbed``,
    ``pymdownx.arithmatex`` and ``pymdownx.blocks.*`` are read only where they are
    enabled, as Python-Markdown does.

    >>> [s.text for s in segment('=== "Tab"\\n    Text.\\n', {"pymdownx.tabbed"})]
    ['Tab', 'Text.']
    >>> [s.text for s in segment('=== "Tab"\\n    Text.\\n')]
    ['=== "Tab" Text.']
    """
    # MkDocs reads pages as utf-8-sig: a byte-order mark is not text.
    bom = 1 if source.startswith("\ufeff") else 0
    segments, body_start, body_line = _front_matter(source, bom)
    if body_start == bom:
        body_start, body_line = _multimarkdown_meta(source, bom)
    parser = _Parser(source, segments, extensions)
    parser.container(_lines(source, body_start, body_line), prefix="", in_list=False)
    return segments


def _short_name(extension: str) -> str:
    """An extension's name as this module knows it: Python-Markdown's own by their short name.

    >>> _short_name("markdown.extensions.md_in_html"), _short_name("pymdownx.tabbed")
    ('md_in_html', 'pymdownx.tabbed')
    """
    return extension.removeprefix("markdown.extensions.")


#: pymdownx.blocks extensions whose blocks take a title as argument (the others: `html` a tag,
#: `caption` a number, `define` none).
_TITLED_BLOCKS = {"admonition", "details", "tab"}
#: The block a pymdownx.blocks extension opens, where it is not its own name (caption opens its types only).
_BLOCK_NAMES = {"definition": "define", "caption": None}


def _block_kinds(configs: Mapping[str, dict]) -> tuple[dict[str, bool], dict[str, str]]:
    """The `/// name` blocks a site enables (name: whether its argument is a title), and the titles
    that types show without an argument, read from pymdown-extensions' own configuration defaults.

    >>> kinds, titles = _block_kinds({"pymdownx.blocks.admonition": {"types": ["new", {"name": "x-y"}]}})
    >>> kinds["new"], titles["new"], titles["x-y"], "admonition" in titles
    (True, 'New', 'X Y', False)
    """
    import importlib

    kinds: dict[str, bool] = {}
    titles: dict[str, str] = {}
    for extension, config in configs.items():
        if not extension.startswith("pymdownx.blocks."):
            continue
        family = extension.rsplit(".", 1)[1]
        try:
            defaults = importlib.import_module(extension).makeExtension(**(config or {})).getConfigs()
        except (ImportError, AttributeError, KeyError, TypeError):
            defaults = {}
        name = _BLOCK_NAMES.get(family, family)
        if name:
            kinds[name] = family in _TITLED_BLOCKS
        for entry in defaults.get("types", []):
            kind = entry if isinstance(entry, str) else entry["name"]
            kinds[kind] = family in _TITLED_BLOCKS
            if family in ("admonition", "details"):
                # blocks/admonition.py on_create: `title`, else the class (or name) with `-`/`_` as spaces.
                default = kind if isinstance(entry, str) else entry.get("class", kind)
                titles[kind] = entry.get("title") if isinstance(entry, dict) and entry.get("title") else (
                    re.sub(r"[_-]+", " ", default).title()
                )
    return kinds, titles


#: Roman numerals as list markers; as in pymdownx/fancylists.py, a numeral may repeat up to ten times (IIIII).
_ROMAN = r"(?=[{0}]{{2}}){1}*(?:{2}[{1}{3}]|{3}?{2}{{0,10}})(?:{4}[{2}{5}]|{5}?{4}{{0,10}})(?:{6}[{4}{7}]|{7}?{6}{{0,10}})"


def _list_pattern(configs: Mapping[str, dict]) -> re.Pattern:
    """The line that opens a list item: Python-Markdown's ``-``, ``*``, ``+`` and ``1.``, and with
    pymdownx.fancylists its ordered styles too (FancyOListProcessor.child_re): ``1)``, ``#.``,
    ``a.``, ``ii.``, ``B)``; an upper-case letter with a dot needs two spaces after it.

    >>> fancy = _list_pattern({"pymdownx.fancylists": {}})
    >>> [bool(fancy.match(t)) for t in ("1) One", "ii. Two", "#. Any", "B. No", "B.  Yes")]
    [True, True, True, False, True]
    >>> bool(_list_pattern({}).match("1) One"))
    False
    """
    if "pymdownx.fancylists" not in configs:
        return _LIST
    styles = (configs["pymdownx.fancylists"] or {}).get("additional_ordered_styles", ["roman", "alpha", "generic"])
    ordered = [r"\d+"]
    if "generic" in styles:
        ordered.append("#")
    if "roman" in styles:
        ordered += [_ROMAN.format("IVXLCDM", *"MCDXLIV"), _ROMAN.format("ivxlcdm", *"mcdxliv")]
        if "alpha" not in styles:
            ordered.append(r"[IVXLCDM](?=\)|\.[ ]{2})")
    if "alpha" in styles:
        ordered += ["[a-z]", r"[A-Z](?=\)|\.[ ]{2})"]
    return re.compile(r"^( {0,3})([*+-]|(?:%s)[).])([ \t]+)(\S.*)?$" % "|".join(ordered))


#: pymdownx/arithmatex.py RE_DOLLAR_BLOCK, RE_BRACKET_BLOCK, RE_TEX_BLOCK, by their `block_syntax` names.
_MATH_BLOCKS = {
    "dollar": r"(?P<dollar>[$]{2})(?:\\.|[^\\])+?(?P=dollar)",
    "square": r"\\\[(?:\\[^\]]|[^\\])+?\\\]",
    "begin": r"\\begin\{(?P<env>[a-z]+\*?)\}(?:\\.|[^\\])+?\\end\{(?P=env)\}",
}


def _math_block(config: Mapping) -> re.Pattern:
    """The pattern of a block arithmatex reads as display math (ArithmatexExtension.extendMarkdown).

    >>> bool(_math_block({}).match("$$\\na^2\\n$$")), bool(_math_block({"block_syntax": ["square"]}).match("$$ a $$"))
    (True, False)
    """
    syntax = config.get("block_syntax", ["dollar", "square", "begin"])
    return re.compile(r"(?s)^(?:%s)[ ]*$" % "|".join(_MATH_BLOCKS[name] for name in syntax if name in _MATH_BLOCKS))


# -- front matter ---------------------------------------------------------------

_FM_KEY = re.compile(r"^(?P<key>title|description):[ \t]*(?P<value>\S.*?)[ \t]*$")
_FM_SOURCE_TITLE = re.compile(r"^(?P<lead>[ \t]*-?[ \t]*)title:[ \t]*(?P<value>\S.*?)[ \t]*$")
#: An item of ``key_points:``, the points an author chose for the pocket card.
_FM_LIST_ITEM = re.compile(r"^[ \t]*-[ \t]+(?P<value>\S.*?)[ \t]*$")


def _front_matter(source: str, start: int = 0) -> tuple[list[Segment], int, int]:
    """Segments of the YAML front matter, and where the Markdown body starts."""
    if not source.startswith("---\n", start):
        return [], start, 1
    end = source.find("\n---\n", start + 3)
    tail = "\n---\n"
    if end < 0:
        if source.endswith("\n---"):
            end, tail = len(source) - 4, "\n---"
        else:
            return [], start, 1
    segments: list[Segment] = []
    section = ""
    for lineno, offset, text in _lines(source[: end + 1], start + 4, 2):
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
        try:
            value = yaml.safe_load(raw)
        except yaml.YAMLError:  # kyr.frontmatter reports it, naming the page and line
            continue
        if not isinstance(value, str) or not value.strip():
            continue
        value_start = offset + m.start("value")
        segments.append(Segment(META, value, lineno, value_start, value_start + len(raw), yaml_value=True))
    body_start = end + len(tail)
    return segments, body_start, source.count("\n", 0, body_start) + 1


# mkdocs/utils/meta.py, get_data(): without a YAML block, leading `key: value` lines (and
# lines indented by four that continue a value) up to a blank line are MultiMarkdown
# meta-data; the first other line ends them and starts the body.
_MMD_KEY = re.compile(r"^ {0,3}[A-Za-z0-9_-]+:")
_MMD_MORE = re.compile(r"^(?: {4}|\t)")


def _multimarkdown_meta(source: str, start: int = 0) -> tuple[int, int]:
    """Where the body starts after MultiMarkdown meta-data, which is no text to translate.

    >>> src = "Title: My page\\nauthors: A\\n    B\\n\\n# Hi\\n"
    >>> start, lineno = _multimarkdown_meta(src)
    >>> src[start:], lineno
    ('\\n# Hi\\n', 4)
    >>> _multimarkdown_meta("Note: this is a paragraph.\\nIt goes on.\\n")
    (27, 2)
    """
    seen_key = False
    for lineno, offset, text in _lines(source, start):
        if not text.strip():
            return offset, lineno
        if _MMD_KEY.match(text):
            seen_key = True
        elif not (seen_key and _MMD_MORE.match(text)):
            return offset, lineno
    return len(source), source.count("\n") + 1


# -- blocks ---------------------------------------------------------------------


class _Parser:
    def __init__(self, source: str, out: list[Segment], extensions: Iterable[str] | Mapping[str, dict] = BASE_EXTENSIONS):
        self.source = source
        self.out = out
        self.pending = _Pending()
        configs = {_short_name(e): (extensions[e] or {}) if isinstance(extensions, Mapping) else {} for e in extensions}
        self.extensions = frozenset(configs)
        self.tabbed = "pymdownx.tabbed" in configs
        self.blocks, self.implied_titles = _block_kinds(configs)
        if "pymdownx.fancylists" in configs:
            # fancylists.py registers a `/// fancylists | type=a` block, whose argument is no title.
            self.blocks["fancylists"] = False
        self.md_in_html = "md_in_html" in configs
        self.abbr = "abbr" in configs
        self.tasklist = "pymdownx.tasklist" in configs
        self.list_re = _list_pattern(configs)
        self.atx = _SANE_ATX if "pymdownx.saneheaders" in configs else _ATX
        self.math_block = _math_block(configs["pymdownx.arithmatex"]) if "pymdownx.arithmatex" in configs else None

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

    def emit_implied(self, lineno: int, at: int, title: str, syntax: str) -> None:
        """A title the block shows without the source writing it: inserted at `at` when translated."""
        notes, context = self.pending.take()
        self.out.append(Segment(ADMONITION_TITLE, title, lineno, at, at, "", context, notes, implied=syntax))

    # A container is the document, a list item, an admonition body, a footnote...
    def container(self, lines: list[Line], prefix: str, in_list: bool) -> None:
        i = 0
        after_comment = False
        while i < len(lines):
            line = lines[i]
            text = line[2]
            if not text.strip():
                i += 1
                continue
            stripped = text.lstrip()
            was_comment, after_comment = after_comment, False
            if _indent(text) >= 4:
                i = self.skip_indented_code(lines, i)
            elif stripped.startswith("<!--"):
                i = self.comment(lines, i)
                after_comment = True
            elif _FENCE.match(text):
                i = self.fence(lines, i)
            elif was_comment and _DEFINITION.match(text):
                # def_list's DefListProcessor: a definition with no term of its own takes the
                # block before it as its term, here the comment; the definition is text.
                i = self.definitions(lines, i, prefix)
            elif self.tabbed and _TAB.match(text):
                i = self.tab(lines, i, prefix)
            elif self.abbr and _ABBR.match(text):
                i = self.abbreviation(lines, i)
            elif self.blocks and (m := _BLOCK_START.match(text)) and m.group(2).lower() in self.blocks:
                i = self.generic_block(lines, i, prefix)
            elif not prefix and _HTML_BLOCK.match(text):
                i = self.raw_html(lines, i)
            elif self.atx.match(text):
                self.heading(line)
                i += 1
            elif _HR.match(text):
                i += 1
            elif _ADMONITION.match(text):
                i = self.admonition(lines, i, prefix)
            elif self.list_re.match(text):
                i = self.list_items(lines, i, prefix)
            elif _FOOTNOTE.match(text):
                i = self.footnote(lines, i, prefix)
            elif _LINK_REF.match(text):
                i = self.link_ref(lines, i)
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

    def abbreviation(self, lines: list[Line], i: int) -> int:
        """abbr.py AbbrBlockprocessor: ``*[ABBR]: title`` gives every ABBR of the page a title; the
        title is text, the abbreviation is what the page writes. ``''`` undefines one."""
        lineno, offset, text = lines[i]
        m = _ABBR.match(text)
        start, title = offset + m.start("title"), m.group("title")
        if not title and i + 1 < len(lines) and not _blank(lines[i + 1]):
            lineno, offset, text = lines[i + 1]  # RE's `\n?[ ]*`: the title on the next line
            start, title = offset + len(text) - len(text.lstrip(" ")), text.strip()
            i += 1
        if title and m.group("abbr").strip() and title not in ("''", '""'):
            self.emit_span(LINK_TITLE, lineno, start, title)
        else:
            self.pending.take()
        return i + 1

    def raw_html(self, lines: list[Line], i: int) -> int:
        """A raw HTML block: skipped, but with ``md_in_html`` the Markdown of a ``markdown`` element is read."""
        end, after, markdown_attr = _raw_html_end(lines, i)
        if self.md_in_html and markdown_attr in ("1", "block", "markdown", "") and end > i + 1:
            inner = lines[i + 1 : end]
            closing = lines[end][2].strip() if end < len(lines) else ""
            if lines[i][2].rstrip().endswith(">") and closing.startswith("</"):
                self.container(inner, "", in_list=False)
        self.pending.take()
        lineno, offset, text = lines[end]
        if text[after:].strip():
            # HTMLExtractor's "tail": text after the closing tag starts a paragraph with the lines below.
            rest = [(lineno, offset + after, text[after:]), *lines[end + 1 :]]
            return end + self.paragraph(rest, 0, "", in_list=False)
        return end + 1

    def tab(self, lines: list[Line], i: int, prefix: str) -> int:
        """pymdownx.tabbed: ``=== "Title"``, then its content indented by four."""
        lineno, offset, text = lines[i]
        m = _TAB.match(text)
        if m.group(1).strip():
            self.emit_span(ADMONITION_TITLE, lineno, offset + m.start(1), m.group(1))
        body, i = self.indented_body(lines, i + 1)
        self.container(body, prefix + "    ", in_list=False)
        return i

    def generic_block(self, lines: list[Line], i: int, prefix: str) -> int:
        """pymdownx.blocks: ``/// name | argument``, options indented by four, content, then ``///``."""
        lineno, offset, text = lines[i]
        m = _BLOCK_START.match(text)
        # blocks/__init__.py BlocksProcessor.test: a block's name is read in lower case (`/// Note`).
        slashes, name, argument = m.group(1), m.group(2).lower(), m.group(3)
        # The argument of `tab`, `details`, `admonition`... is a title, of `html` a tag, of a caption a number.
        if not self.blocks[name] or (argument is not None and not argument.strip()):
            self.pending.take()
        elif argument is not None:
            self.emit_span(ADMONITION_TITLE, lineno, offset + m.start(3), argument)
        elif name in self.implied_titles:
            # blocks/admonition.py and details.py on_create: a type with no argument shows its title.
            self.emit_implied(lineno, offset + m.end(2), self.implied_titles[name], " | {}")
        else:
            self.pending.take()
        j = i + 1
        while j < len(lines) and not _blank(lines[j]) and _indent(lines[j][2]) >= 4:
            j += 1  # YAML options
        body_start, depth = j, 0
        while j < len(lines):
            start = _BLOCK_START.match(lines[j][2])
            end = _BLOCK_END.match(lines[j][2])
            if start and len(start.group(1)) == len(slashes):
                depth += 1
            elif end and len(end.group(1)) == len(slashes):
                if depth == 0:
                    break
                depth -= 1
            j += 1
        self.container(lines[body_start:j], prefix, in_list=False)
        return j + 1

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
        lineno, offset, text = lines[i]
        fence = _FENCE.match(text).group(1)
        title = _FENCE_TITLE.match(text)
        if title and title.group("title").strip():
            self.emit_span(CODE_TITLE, lineno, offset + title.start("title"), title.group("title"))
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
        m = self.atx.match(text)
        body = m.group(2)
        start = offset + m.start(2)
        body = re.sub(r"[ \t]+#+$", "", body) if body.strip("#") else ""
        self.heading_text(lineno, start, body)

    def heading_text(self, lineno: int, start: int, body: str) -> None:
        """A heading's text, ATX or setext, without its attribute list."""
        anchor = attrs = None
        a = _ATTRS_TAIL.search(body)
        if a:
            # attr_list.py _handle_word: a word starting with `#` is the id, whatever follows.
            ids = re.findall(r"(?:^|\s)#(\S+)", a.group(1))
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
            self.emit_implied(lineno, offset + m.end(2), implied, ' "{}"')
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
        return body, i

    def list_items(self, lines: list[Line], i: int, prefix: str) -> int:
        while i < len(lines):
            m = self.list_re.match(lines[i][2])
            if not m:
                break
            lineno, offset, text = lines[i]
            head = (lineno, offset + m.start(4) if m.group(4) else offset + len(text), m.group(4) or "")
            # pymdownx/tasklist.py RE_CHECKBOX: a `[ ]` or `[x]` that opens an item is its checkbox,
            # which the item's text (and a marker before it) must leave at the start.
            if self.tasklist and (box := _CHECKBOX.match(head[2])):
                head = (lineno, head[1] + box.end(), head[2][box.end() :])
            # blockprocessors.py ListProcessor.run: up to a blank line, every line that is not a
            # new item belongs to this one, indented (dedented by four) or lazy.
            j = i + 1
            while j < len(lines) and not _blank(lines[j]) and not (_indent(lines[j][2]) < 4 and self.list_re.match(lines[j][2])):
                j += 1
            # ListProcessor.get_items: a line indented by four loses four columns; a lazy line is kept
            # as written, so `  # 12` there is no heading (HashHeaderProcessor wants `#` first).
            first = [head, *(_dedent(line, 4) if _indent(line[2]) >= 4 else line for line in lines[i + 1 : j])]
            self.container(first, prefix + "    ", in_list=True)
            # ListIndentProcessor: blocks indented by four after blank lines are the item's own
            # blocks, read as any block is (a `- ` line there does not break a paragraph).
            body, j = self.indented_body(lines, j)
            self.container(body, prefix + "    ", in_list=False)
            i = j
            following = _next_after_blanks(lines, i, self.list_re)
            if following is None:
                break
            i = following
        return i

    def blockquote(self, lines: list[Line], i: int, prefix: str) -> int:
        """Quoted lines and their lazy continuations; BlockQuoteProcessor adds a quote that follows
        blank lines to the same blockquote, so a fence in it may span an unquoted blank line."""
        quoted: list[Line] = []
        while i < len(lines):
            if _blank(lines[i]):
                following = _next_after_blanks(lines, i, _QUOTE)
                if following is None:
                    break
                quoted.extend(lines[i:following])
                i = following
            lineno, offset, text = lines[i]
            m = _QUOTE.match(text)
            if not m and (_starts_block(text, self.atx) or _indent(text) >= 4):
                break  # headings, rules, admonitions... split the block before the quote does
            quoted.append((lineno, offset + m.end(), text[m.end():]) if m else lines[i])
            i += 1
        self.container(quoted, prefix + "> ", in_list=False)
        return i

    def footnote(self, lines: list[Line], i: int, prefix: str) -> int:
        lineno, offset, text = lines[i]
        m = _FOOTNOTE.match(text)
        item = [(lineno, offset + m.end(), text[m.end():])]
        j = _lazy_end(lines, i + 1, lambda text: _starts_block(text, self.atx) or _FOOTNOTE.match(text))
        item.extend(lines[i + 1 : j])
        body, j = self.indented_body(lines, j)
        self.container(item + body, prefix + "    ", in_list=False)
        return j

    def link_ref(self, lines: list[Line], i: int) -> int:
        """A link reference definition; ReferenceProcessor.RE lets its title stand on the next line."""
        lineno, offset, text = lines[i]
        m = _LINK_REF.match(text)
        if m.group(3):
            self.emit_span(LINK_TITLE, lineno, offset + m.start(3), m.group(3))
            return i + 1
        title = _LINK_TITLE_LINE.match(lines[i + 1][2]) if i + 1 < len(lines) else None
        if title:
            lineno, offset, _ = lines[i + 1]
            self.emit_span(LINK_TITLE, lineno, offset + title.start(2), title.group(2))
            return i + 2
        self.pending.take()
        return i + 1

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
            # SetextHeaderProcessor only looks at a block's first line; after more lines,
            # `---` is a rule (HRProcessor searches the whole block).
            if _SETEXT.match(text) and len(para) == 1:
                lineno, offset, head = para[0]
                self.heading_text(lineno, offset + len(head) - len(head.lstrip()), head.strip())
                return j + 1
            # In an item's first block a `- ` line (up to three spaces in, once dedented) is a new or
            # nested item; a line indented further continues the paragraph, as ListProcessor reads it.
            if _starts_block(text, self.atx) or (in_list and self.list_re.match(text)):
                break
            if _splits_paragraph(text, top_level=not prefix) or (self.abbr and _ABBR.match(text)):
                break
            # blocks/__init__.py BlocksProcessor.test searches the whole block for a `/// name` line:
            # the lines before it are a paragraph of their own.
            if self.blocks and (m := _BLOCK_START.match(text)) and m.group(2).lower() in self.blocks:
                break
            if _DEFINITION.match(text):
                for term in para:
                    self.emit(TERM, [term])
                return self.definitions(lines, j, prefix)
            para.append(lines[j])
            j += 1
        # arithmatex.py BlockArithmatexProcessor.test: a block that is all math is math, not text.
        if self.math_block and self.math_block.match("\n".join(line[2] for line in para)) and (j == len(lines) or _blank(lines[j])):
            self.pending.take()
            return j
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
        # Tags and nothing else: Python-Markdown stashes them as raw HTML (RawHtmlPostprocessor
        # drops the <p> around a block-level one, as in a `<div markdown>` line inside a tab).
        # An alt or title text in them is text, and keeps the block.
        if all(_TAGS_ONLY.match(line[2]) and not _TEXT_ATTRIBUTE.search(line[2]) for line in para):
            self.pending.take()
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


def _starts_block(text: str, atx: re.Pattern = _ATX) -> bool:
    """Whether a line opens a block that ends a paragraph in Python-Markdown."""
    return bool(
        atx.match(text) or _FENCE.match(text) or _ADMONITION.match(text) or _HR.match(text)
        or text.lstrip().startswith("<!--")
    )


def _splits_paragraph(text: str, top_level: bool) -> bool:
    """Whether a line inside a paragraph starts a block of its own there.

    BlockQuoteProcessor, FootnoteBlockProcessor and ReferenceProcessor search the
    whole block, not its start; raw HTML is cut out of the page before blocks are
    read, wherever a block-level tag opens a line (only outside containers).

    >>> _splits_paragraph("> quoted", True), _splits_paragraph("[a]: https://x.test", True)
    (True, True)
    >>> _splits_paragraph("<div>", False), _splits_paragraph("<span>", True)
    (False, False)
    """
    return bool(
        _QUOTE.match(text) or _FOOTNOTE.match(text) or _LINK_REF.match(text)
        or (top_level and _HTML_BLOCK.match(text))
    )


class _RawBlockEnd(HTMLParser):
    """Finds the line where a raw HTML block closes: when its first element's end tag is read."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        #: (line, column) where the tag that closes the block starts.
        self.end: tuple[int, int] | None = None
        self.markdown: str | None = None
        self.started = False

    def handle_starttag(self, tag, attrs):
        if self.end is not None:
            return
        if not self.started:
            self.started = True
            value = dict(attrs).get("markdown", "0") if any(k == "markdown" for k, _ in attrs) else None
            self.markdown = "markdown" if value is None and any(k == "markdown" for k, _ in attrs) else value
        if tag in _VOID:
            if not self.stack:
                self.end = self.getpos()
        else:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()
            if not self.stack and self.end is None:
                self.end = self.getpos()

    def handle_endtag(self, tag):
        if self.end is None and tag in self.stack:
            while self.stack.pop() != tag:
                pass
            if not self.stack:
                self.end = self.getpos()


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _raw_html_end(lines: list[Line], i: int) -> tuple[int, int, str | None]:
    """The raw HTML block starting at line `i`: index of its last line, the column after its
    closing tag there, and the ``markdown`` attribute of its element.

    An element never closed runs to the end, as in Python-Markdown.

    >>> _raw_html_end(_lines("<div>\\n\\ntext\\n\\n</div> tail\\nafter"), 0)
    (4, 6, None)
    >>> _raw_html_end(_lines('<div markdown="1">\\nx\\n</div>'), 0)
    (2, 6, '1')
    """
    finder = _RawBlockEnd()
    for k in range(i, len(lines)):
        finder.feed(lines[k][2] + "\n")
        if finder.end is not None:
            last = i + finder.end[0] - 1
            return last, lines[last][2].find(">", finder.end[1]) + 1, finder.markdown
    return len(lines) - 1, len(lines[-1][2]), finder.markdown


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
