"""Judge a translation by what it renders to, not by what its Markdown looks like.

A translation and its source are rendered with the site's own Markdown
configuration (the extensions and their settings, passed in by the caller: the
MkDocs plugin gives its ``markdown_extensions``/``mdx_configs``; ``kyr check``
reads them from ``mkdocs.yml`` through MkDocs), and both results are parsed with
html5lib, the HTML5 parsing algorithm browsers follow. The translation may then
use only what its source renders to:

- element types of the source, plus plain emphasis (``em``, ``strong``) where the
  text is Markdown; in plain text (theme strings, media titles, front matter)
  nothing more than the source;
- attributes the source has on that element type; values as in the source,
  except the translatable text of ``title`` and ``alt``;
- link and image targets (any URL attribute) of the source, resolved as the
  browser sees them (entities decoded): adding one, or dropping one, is refused;
- no new link or footnote definitions, no HTML the parser had to repair
  (an unclosed tag, an attribute at the end of input).

So ``<meta http-equiv="refresh" content="0;url=https://evil.example/#<">`` is an
added ``meta``, whatever quotes and ``<`` it hides behind:

    >>> judge = Judge(["attr_list"])
    >>> judge.errors("See [the form](a.md).", 'Vea <meta http-equiv="refresh" content="0;url=x#<"> [el formulario](a.md).')
    ['adds the element <meta content http-equiv>, which the source does not have']
    >>> judge.errors("See [the form](a.md).", "Vea [el formulario](https://evil.example/ x).")
    ["adds link target 'https://evil.example/ x', which the source does not have", "drops link target 'a.md'"]
    >>> judge.errors("See [the form](a.md).", "Vea **ya** [el formulario](a.md).")
    []

A block is judged alone, but a reference label resolves through its page: the
labels the page defines (or, where the page is not known, every label) resolve
to a target named after the label (``[ref]``), so ``[texto][ref]`` counts as the
target ``[ref]``, which the source must use too. Footnote references ``[^1]``
resolve the same way, as ``[^1]``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import html5lib
from markdown import Markdown

from kyr.apply import HeadingIdRecorder
from kyr.segment import ADMONITION_TITLE, IMAGE_ALT, LINK_TITLE, META, PARAGRAPH, SINGLE_LINE, TABLE_CELL

#: Text that is shown as text (theme strings, media titles, front matter): nothing may render as markup.
PLAIN = "plain"

#: How a text of each kind stands in a page; "{}" is the text. Other kinds are inline text of a block.
_CONTEXTS = {
    IMAGE_ALT: "![{}](kyr:image)",
    LINK_TITLE: '[kyr](kyr:link "{}")',
    ADMONITION_TITLE: '!!! note "{}"\n    kyr\n',
}
#: What a faithful translation may add to Markdown text: emphasis, and a line break
#: (kyr.apply puts a line break of a paragraph's translation back as a hard break).
EMPHASIS = frozenset({"em", "strong", "br"})
#: Attributes whose values are text a translation rewords.
TEXT_ATTRIBUTES = frozenset({"title", "alt"})
#: Attributes whose values a browser follows or loads (HTML's URL attributes).
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "poster", "data", "cite", "background", "longdesc",
     "manifest", "ping", "xlink:href", "codebase", "archive", "lowsrc", "dynsrc", "icon"}
)
_DANGEROUS_SCHEME = re.compile(r"(javascript|vbscript|data|file):", re.I)
#: What browsers strip from a URL before reading its scheme: controls, spaces, tabs and newlines.
URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]")
#: Extensions whose syntax needs a character prose (:data:`PROSE`) never has, or a line start it never
#: makes. With these alone, prose renders to one paragraph of text and nothing else, so it is judged
#: without being rendered; tests/test_checks.py renders random prose to hold this to Python-Markdown.
PROSE_SAFE_EXTENSIONS = frozenset(
    {"abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "meta", "sane_lists", "tables", "toc",
     "pymdownx.details", "pymdownx.superfences"}
)
#: One line of prose: letters, digits, spaces and the punctuation of sentences, none of which is
#: Markdown syntax with the extensions above; and not starting as a block does (a list's ``1.`` or
#: ``-``, an admonition's ``!!!``, details' ``???``, a definition's ``:``, an indent).
PROSE = re.compile(r"(?!\d+[.)])(?:[^\W_]|[¿¡\"“«‘'(])(?:[^\W_]|[ .,;:?!¿¡'’‘\"“”«»()%/–—…-])*")
#: A translation longer than this (given its source's length) is refused before it is rendered:
#: Python-Markdown takes time that grows faster than the text on some inputs (``[[[[``, ``<a <a``),
#: so the work per block stays bounded by the trusted source.
MAX_GROWTH, MAX_EXTRA = 4, 400


def kind_of(segment_kind: str) -> str:
    """The kind a segment's text is judged as: front matter values are plain text.

    >>> kind_of("meta"), kind_of("heading")
    ('plain', 'heading')
    """
    return PLAIN if segment_kind == META else segment_kind


def placed(text: str, kind: str) -> str:
    """`text` as :func:`kyr.apply.apply` puts it in its page: one line where the block allows
    no more, a hard break for a paragraph's line break, ``|`` escaped in a table cell.

    >>> placed("a\\n  b", PARAGRAPH), placed("a\\nb", "heading"), placed("a|b", TABLE_CELL)
    ('a  \\nb', 'a b', 'a\\\\|b')
    """
    if kind in SINGLE_LINE:
        text = " ".join(text.split("\n"))
    if kind == TABLE_CELL:
        text = re.sub(r"(?<!\\)\|", r"\\|", text)
    if kind == PARAGRAPH:
        text = "  \n".join(line.strip() for line in text.split("\n"))
    return text


def _comment_tag() -> object:
    from xml.etree.ElementTree import Comment

    return Comment


@dataclass(frozen=True)
class Rendered:
    """What a text renders to, as the browser will read it."""

    html: str
    #: (element, attribute names) of every element, in document order.
    elements: tuple[tuple[str, tuple[str, ...]], ...]
    #: (element, attribute) → values, for attributes that are neither text nor URLs.
    values: Mapping[tuple[str, str], frozenset[str]]
    #: Every URL the browser would follow or load, entities decoded.
    urls: tuple[str, ...]
    #: html5lib's parse errors: HTML the parser had to repair.
    parse_errors: frozenset[str]
    #: Link or footnote definitions made by the text itself.
    definitions: tuple[str, ...]

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(tag for tag, _ in self.elements)

    def attributes(self, tag: str) -> frozenset[str]:
        return frozenset(a for t, attrs in self.elements if t == tag for a in attrs)


class _References(dict):
    """Python-Markdown's ``md.references`` for one block judged alone.

    A label resolves when the page defines it (``labels``; ``None``: any label),
    to a target named after the label; a definition the block makes is recorded,
    not used.
    """

    def __init__(self, labels: frozenset[str] | None):
        super().__init__()
        self.labels = labels
        self.defined: list[str] = []

    def __contains__(self, label) -> bool:
        return self.labels is None or label in self.labels

    def __getitem__(self, label):
        return (f"[{label}]", None)

    def get(self, label, default=None):
        return self[label] if label in self else default

    def __setitem__(self, label, value) -> None:
        self.defined.append(label)


#: Renders, verdicts and page labels per Markdown configuration, for this process.
_SHARED: dict[str, tuple[dict, dict, dict, dict]] = {}


@dataclass
class Judge:
    """Renders texts with one Markdown configuration and compares what they render to.

    Renders of source texts are kept (every language checks the same sources), and
    so are verdicts: the build asks about the same theme string on every page.
    """

    extensions: Iterable = ()
    extension_configs: Mapping | None = None
    _md: Markdown = field(init=False, repr=False)
    _sources: dict = field(init=False, repr=False, default_factory=dict)
    _verdicts: dict = field(init=False, repr=False, default_factory=dict)
    _page_labels: dict = field(init=False, repr=False, default_factory=dict)

    @property
    def extension_names(self) -> frozenset[str]:
        """The enabled extensions by name, which tell the segmenter which blocks exist.

        >>> sorted(Judge(["tables", "md_in_html"]).extension_names)
        ['md_in_html', 'tables']
        """
        return frozenset(e for e in self.extensions if isinstance(e, str))

    def __post_init__(self):
        self.extensions = list(self.extensions)
        self.extension_configs = dict(self.extension_configs or {})
        # Judges of the same configuration share what they rendered: a worker process builds
        # several languages, and each checks the same sources (and Mam rechecks Spanish).
        key = repr((self.extensions, sorted(self.extension_configs.items())))
        self._sources, self._verdicts, self._page_labels, self._page_ids = _SHARED.setdefault(key, ({}, {}, {}, {}))
        self._md = Markdown(extensions=self.extensions, extension_configs=self.extension_configs)
        names = {e.removeprefix("markdown.extensions.") if isinstance(e, str) else None for e in self.extensions}
        self._prose_safe = names <= PROSE_SAFE_EXTENSIONS
        self._heading_ids = HeadingIdRecorder.register(self._md)
        self._parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)

    # -- rendering ---------------------------------------------------------------------------

    def _convert(self, markdown_text: str, references: dict) -> str:
        md = self._md
        md.reset()
        md.references = references
        return md.convert(markdown_text)

    def _footnotes_defined(self) -> list[str]:
        found = []
        for ext in self._md.registeredExtensions:
            notes = getattr(ext, "footnotes", None)
            if isinstance(notes, dict):
                found.extend(f"[^{k}]" for k in notes)
        return found

    def render(self, text: str, kind: str = PARAGRAPH, labels: frozenset[str] | None = None) -> Rendered:
        """`text` as it renders where a text of `kind` stands, parsed as a browser parses it.

        >>> r = Judge().render('Go <img src="<" onerror=alert(1)>')
        >>> r.elements
        (('p', ()), ('img', ('onerror', 'src')))
        >>> r.urls
        ('<',)
        """
        if self.is_prose(text, kind):
            return Rendered(f"<p>{text.strip()}</p>", (("p", ()),), {}, (), frozenset(), ())
        return self.render_markdown(text, kind, labels)

    def is_prose(self, text: str, kind: str = PARAGRAPH) -> bool:
        """Whether `text`, where a text of `kind` stands, is one paragraph of prose with this configuration.

        >>> judge = Judge(["toc", "tables"])
        >>> judge.is_prose("¿Tiene miedo de volver? Pida asilo (protección), hoy."), judge.is_prose("1. Pida asilo")
        (True, False)
        >>> judge.is_prose("Pida *asilo*"), Judge(["smarty"]).is_prose("Pida asilo")
        (False, False)
        """
        return self._prose_safe and kind not in _CONTEXTS and kind != PLAIN and PROSE.fullmatch(text) is not None

    def render_markdown(self, text: str, kind: str = PARAGRAPH, labels: frozenset[str] | None = None) -> Rendered:
        """`text` rendered by Python-Markdown and parsed by html5lib (what :meth:`render` does for all but prose)."""
        references = _References(labels)
        html = self._convert(_CONTEXTS.get(kind, "{}").replace("{}", placed(text, kind), 1), references)
        definitions = tuple(f"[{d}]" for d in references.defined) + tuple(self._footnotes_defined())
        return self.parse(html, definitions)

    def parse(self, html: str, definitions: tuple[str, ...] = ()) -> Rendered:
        """HTML as a browser parses it (html5lib), reduced to what :func:`compare` looks at."""
        fragment = self._parser.parseFragment(html)
        errors = frozenset(code for _, code, _ in self._parser.errors)
        comment = _comment_tag()
        elements, values, urls = [], {}, []
        for element in fragment.iter():
            if element is fragment:
                continue
            if element.tag is comment:
                elements.append(("!--", ()))
                continue
            tag = str(element.tag).rpartition("}")[2].lower()  # <svg> and <math> come with a namespace
            names = tuple(sorted(a.rpartition("}")[2].lower() for a in element.attrib))
            elements.append((tag, names))
            for name, value in element.attrib.items():
                name = name.rpartition("}")[2].lower()
                if name in URL_ATTRIBUTES:
                    urls.append(value)
                elif name not in TEXT_ATTRIBUTES:
                    values.setdefault((tag, name), set()).add(value)
        return Rendered(
            html, tuple(elements), {k: frozenset(v) for k, v in values.items()}, tuple(urls), errors, definitions
        )

    def source(self, text: str, kind: str, labels: frozenset[str] | None) -> Rendered:
        key = (text, kind, labels)
        if key not in self._sources:
            self._sources[key] = self.render(text, kind, labels)
        return self._sources[key]

    def page_labels(self, page: str) -> frozenset[str]:
        """Every reference label and footnote (as ``^id``) a page defines, as Python-Markdown reads them.

        >>> sorted(Judge(["footnotes"]).page_labels("A [b][Ref].\\n\\n[ref]: x.md\\n\\n[^1]: Note.\\n"))
        ['^1', 'ref']
        """
        if page not in self._page_labels:
            md = self._md
            md.reset()
            md.references = {}  # a plain dict: the page's own definitions are stored, not judged
            md.convert(page)
            labels = set(md.references) | {"^" + note[2:-1] for note in self._footnotes_defined()}
            self._page_ids[page] = tuple(self._heading_ids.ids)
            md.reset()
            self._page_labels[page] = frozenset(labels)
        return self._page_labels[page]

    def page_heading_ids(self, page: str) -> tuple[str, ...]:
        """The ids of a page's headings, in order, as toc gives them with the site's configuration.

        >>> Judge(["toc", "attr_list"]).page_heading_ids("# A & B\\n\\n## Two { #second }\\n")
        ('a-b', 'second')
        """
        self.page_labels(page)
        return self._page_ids[page]

    # -- judging -----------------------------------------------------------------------------

    def errors(self, source: str, translation: str, kind: str = PARAGRAPH, labels: frozenset[str] | None = None) -> list[str]:
        """What `translation` renders to that `source` does not, each as a message; [] if nothing."""
        key = (source, translation, kind, labels)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._judge(source, translation, kind, labels)
            if len(self._verdicts) > 50_000:  # a long serve session: forget, rather than grow for ever
                self._verdicts.clear()
                self._sources.clear()
            self._verdicts[key] = verdict
        return list(verdict)

    def _judge(self, source: str, translation: str, kind: str, labels: frozenset[str] | None) -> tuple[str, ...]:
        limit = MAX_GROWTH * len(source) + MAX_EXTRA
        if len(translation) > limit:
            return (f"is {len(translation)} characters long, more than a translation of its source may be ({limit})",)
        src = self.source(source, kind, labels)
        out = self.render(translation, kind, labels)
        problems = compare(src, out, emphasis=kind != PLAIN)
        if kind == PLAIN:
            # Plain text is also read as it would be if a template put it in a page unescaped, and
            # with its entities decoded once (what Jinja's striptags does to &lt;meta&gt;).
            for how, decode in (("as raw HTML", str), ("with entities decoded", html.unescape)):
                raw = compare(self.parse(decode(source)), self.parse(decode(translation)), emphasis=False)
                problems += [f"{how}, {p}" for p in raw if not p.startswith("drops") and f"{how}, {p}" not in problems]
        return tuple(problems)


def _describe(tag: str, attrs: Iterable[str]) -> str:
    if tag == "!--":
        return "an HTML comment"
    names = " ".join(attrs)
    return f"<{tag}{' ' + names if names else ''}>"


def compare(source: Rendered, translation: Rendered, emphasis: bool = True) -> list[str]:
    """Everything `translation` renders to beyond what `source` does, as messages.

    >>> j = Judge()
    >>> compare(j.render("[a](x.md)"), j.render("[b](x.md){ onclick=go() }"))
    []
    >>> compare(j.render("[a](x.md)"), j.render("[b](JAVA&#115;cript:go())"))
    ["adds link target 'JAVAscript:go()', which the source does not have", 'adds a javascript: URL', "drops link target 'x.md'"]
    """
    problems: list[str] = []
    allowed = source.tags | (EMPHASIS if emphasis else frozenset())
    seen: set[str] = set()

    def once(message: str) -> None:
        if message not in seen:
            seen.add(message)
            problems.append(message)

    for tag, attrs in translation.elements:
        if tag not in allowed:
            once(f"adds the element {_describe(tag, attrs)}, which the source does not have")
            continue
        for name in attrs:
            if name not in source.attributes(tag) and name not in TEXT_ATTRIBUTES:
                once(f"adds the attribute {name}= to <{tag}>, which the source does not have")
    for (tag, name), values in translation.values.items():
        if tag in allowed and name in source.attributes(tag):
            for value in sorted(values - source.values.get((tag, name), frozenset())):
                once(f"gives <{tag}> the {name}={value!r}, which the source does not have")
    source_urls = set(source.urls)
    for url in translation.urls:
        if url not in source_urls:
            once(f"adds link target {url!r}, which the source does not have")
            scheme = _DANGEROUS_SCHEME.match(URL_NOISE.sub("", url))
            if scheme:
                once(f"adds a {scheme.group(1).lower()}: URL")
    for definition in translation.definitions:
        once(f"defines {definition}, which only the English page may define")
    for code in sorted(translation.parse_errors - source.parse_errors):
        once(f"renders to HTML a browser has to repair ({code})")
    for url in source.urls:
        if url not in translation.urls:
            once(f"drops link target {url!r}")
    return problems
