"""One construct per file (tests/fixtures/constructs/): segmented as Python-Markdown reads it.

Each ``<name>.md`` has beside it ``<name>.html``, the HTML Python-Markdown gave for
it in English with the site's extensions, generated once
(``tests/bench/write_constructs.py``) and committed: a change in Python-Markdown or in our
reading shows up here. A name ``<extension>--<what>.md`` is rendered and segmented
with that extension enabled too (``md_in_html``, ``tabbed``, ``blocks``), as a site
that enables it in its mkdocs.yml would.

For every file:

- its segments are exactly the ones listed in SEGMENTS (the rule it pins);
- identity catalogs give back the source byte for byte, and shown as another
  language, the same HTML once the ``lang`` attributes are taken away;
- marked catalogs (``kyr.pseudo``; ``XX `` + msgid) give the same HTML with every
  block marked: pseudo leaves no plain letter outside code, and ``XX `` taken out
  gives the English HTML back.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given
from kyr.engine import get_data

from kyr import markers
from kyr.apply import Choice, HeadingIdRecorder, apply
from kyr.pseudo import pseudo
from kyr.segment import (
    ADMONITION_TITLE, CODE_TITLE, HEADING, LINK_TITLE, PARAGRAPH, TABLE_CELL, TERM, segment,
)

from .conftest import kyr, make_project
from .strategies import OPTIONAL_EXTENSIONS, documents
from .test_roundtrip import EXTENSIONS, MANY, comparable, plain_letters

CONSTRUCTS = Path(__file__).parent / "fixtures" / "constructs"
PAGES = sorted(CONSTRUCTS.glob("*.md"))
#: The extension a file name's prefix enables on top of the site's own.
OPTIONAL = {
    "md_in_html": ["md_in_html"],
    "tabbed": ["pymdownx.tabbed"],
    "blocks": ["pymdownx.blocks.admonition", "pymdownx.blocks.details", "pymdownx.blocks.html"],
    "betterem": ["pymdownx.betterem"],
    "smarty": ["smarty"],
    "magiclink": ["pymdownx.magiclink"],
    "emoji": ["pymdownx.emoji"],
    "tasklist": ["pymdownx.tasklist"],
    "arithmatex": ["pymdownx.arithmatex"],
    "fancylists": ["pymdownx.fancylists", "pymdownx.saneheaders"],
}

#: What each construct gives the catalogs, and the Python-Markdown rule that says so.
SEGMENTS = {
    # mkdocs/utils/meta.py get_data(): `key: value` lines up to a blank line are meta-data.
    "meta-multimarkdown": [(HEADING, "The page"), (PARAGRAPH, "The first paragraph.")],
    # pymdownx/superfences.py RE_NESTED_FENCE_START options: title="...".
    "fence-title": [(HEADING, "Code"), (CODE_TITLE, "An example file")],
    # blockprocessors.py ListIndentProcessor then CodeBlockProcessor: 8 columns in an item is code.
    "list-indented-code": [(HEADING, "Steps"), (PARAGRAPH, "Run this command:"), (PARAGRAPH, "Then read the result.")],
    "admonition-indented-code": [
        (HEADING, "Careful"), (ADMONITION_TITLE, "Before you start"), (PARAGRAPH, "Type this:"), (PARAGRAPH, "And wait."),
    ],
    # BlockQuoteProcessor.test searches the whole block; lazy lines stay in the quote.
    "paragraph-then-quote": [
        (HEADING, "Quote"), (PARAGRAPH, "A paragraph that goes on"),
        (PARAGRAPH, "and a quote that starts inside it with a lazy line."),
    ],
    # HRProcessor.SEARCH_RE searches the whole block; SetextHeaderProcessor reads only its first line.
    "paragraph-then-rule-stars": [(HEADING, "Rule"), (PARAGRAPH, "Text before the rule."), (PARAGRAPH, "Text after the rule.")],
    "paragraph-then-rule-dashes": [(HEADING, "Rule"), (PARAGRAPH, "A paragraph over two lines."), (PARAGRAPH, "Text after the rule.")],
    # footnotes.py FootnoteBlockProcessor.RE searches the whole block.
    "paragraph-then-footnote": [(HEADING, "Footnote"), (PARAGRAPH, "Text with a note.[^1]"), (PARAGRAPH, "The note itself.")],
    # ReferenceProcessor.RE searches the whole block.
    "paragraph-then-link-reference": [
        (HEADING, "Reference"), (PARAGRAPH, "Read [the guide][guide]."), (LINK_TITLE, "The guide's title"),
        (PARAGRAPH, "Text after the reference."),
    ],
    # htmlparser.py HTMLExtractor: a block-level tag opening a line starts raw HTML, up to its end tag.
    "paragraph-then-html": [(HEADING, "HTML"), (PARAGRAPH, "Text before a block."), (PARAGRAPH, "Text after the block.")],
    # ListProcessor.run: indented and lazy lines up to a blank line are the item's.
    "list-continuation-lazy": [
        (HEADING, "List"), (PARAGRAPH, "An item that goes on indented and then lazily."), (PARAGRAPH, "A second item."),
    ],
    "list-deeper-continuation": [
        (HEADING, "List"),
        (PARAGRAPH, "An item whose next line is indented by eight - and looks like an item."), (PARAGRAPH, "A second item."),
    ],
    # UListProcessor.test matches a block's start only: inside an item's later block `- ` is text.
    "list-paragraph-then-dashes": [
        (HEADING, "List"), (PARAGRAPH, "First item."),
        (PARAGRAPH, "A paragraph in the item - that is not a list - in Python-Markdown."), (PARAGRAPH, "Second item."),
    ],
    # toc.py: ids from the rendered heading; an undefined reference stays literal text.
    "heading-undefined-reference": [
        (HEADING, "Heading"), (HEADING, "See [this][nowhere] part"), (HEADING, "See [that][there] part"), (PARAGRAPH, "Text."),
    ],
    # toc.py strip_tags(): tags and comments out, a code span's text kept.
    "heading-inline-html": [
        (HEADING, "Heading"), (HEADING, "Press <kbd>Enter</kbd> now"),
        (HEADING, "Run `<div>` and <!-- a comment --> go"), (PARAGRAPH, "Text."),
    ],
    # BlockQuoteProcessor.run: a quote after blank lines joins the blockquote before it.
    "quote-fence-blank-line": [(HEADING, "Quote"), (PARAGRAPH, "A quoted paragraph.")],
    # def_list.py DefListProcessor: no term of its own, the block before (the comment) is the term.
    "definition-comment-term": [
        (HEADING, "Terms"), (PARAGRAPH, "A paragraph."), (PARAGRAPH, "A definition whose term is the comment."),
    ],
    # tables.py TableProcessor._split_row: a pipe in a code span is no cell border.
    "table-code-pipe": [
        (HEADING, "Table"), (TABLE_CELL, "Name"), (TABLE_CELL, "Code"), (TABLE_CELL, "Pipe"), (TABLE_CELL, "`a|b`"),
        (TABLE_CELL, "Or"), (TABLE_CELL, "`x` or `y|z`"),
    ],
    # mkdocs/structure/files.py reads pages as utf-8-sig.
    "bom": [(HEADING, "A heading after a byte-order mark"), (PARAGRAPH, "Text.")],
    # Raw HTML is not Markdown: its text stays out by design.
    "raw-html": [(HEADING, "Raw"), (PARAGRAPH, "Text after it.")],
    # htmlparser.py HTMLExtractor "intail": text after a raw block's closing tag starts a paragraph.
    "raw-html-tail": [(HEADING, "Tail"), (PARAGRAPH, "Text after the closing tag and the next line.")],
    # ReferenceProcessor.RE: the title may stand on the line after the URL.
    "link-reference-title-next-line": [
        (HEADING, "Reference"), (PARAGRAPH, "See [the form][form]."), (LINK_TITLE, "The form's title"),
    ],
    # md_in_html.py: an element with `markdown` holds Markdown; others stay raw.
    "md_in_html--div": [
        (HEADING, "Markdown in HTML"), (PARAGRAPH, "A paragraph inside a div."), (PARAGRAPH, "An item inside it."),
    ],
    # tabbed.py TabbedProcessor.START: `=== "Title"`, content indented by four.
    "tabbed--tabs": [
        (HEADING, "Tabs"), (ADMONITION_TITLE, "First tab"), (PARAGRAPH, "Text of the first tab."),
        (ADMONITION_TITLE, "Second tab"), (PARAGRAPH, "An item in the second tab."),
    ],
    # blocks/__init__.py RE_START/RE_END: `/// name | argument` ... `///`; html's argument is a tag.
    "blocks--admonition": [
        (HEADING, "Blocks"), (ADMONITION_TITLE, "A block title"), (PARAGRAPH, "Text of the block."),
        (ADMONITION_TITLE, "Open me"), (PARAGRAPH, "Hidden text."), (PARAGRAPH, "Text in a div."),
    ],
    # blocks/admonition.py on_create: a type with no argument shows its class, titled, as its title.
    "blocks--untitled-note": [
        (HEADING, "Blocks"), (ADMONITION_TITLE, "Note"), (PARAGRAPH, "A note whose title the type implies."),
        (ADMONITION_TITLE, "Read this"), (PARAGRAPH, "A titled warning."),
    ],
    # CommonMark's flanking rule (betterem), smarty's opening quote and magiclink's URL end read the
    # character next to them: a marker at the edge of a block leaves a space there (kyr.markers).
    "betterem--strong-at-block-edges": [
        (HEADING, "Emphasis"), (PARAGRAPH, "**For a new feature:**"), (PARAGRAPH, "**Note:** read this first."),
        (PARAGRAPH, "Last item ends in **bold.**"),
    ],
    "smarty--quote-at-block-start": [
        (HEADING, "Quotes"), (PARAGRAPH, '"Safe mode" is gone.'), (PARAGRAPH, "'Single' quotes start this item."),
    ],
    "magiclink--url-at-block-end": [
        (HEADING, "Links"), (PARAGRAPH, "Read the rules at https://example.org/rules."), (PARAGRAPH, "Or go to https://example.org/help"),
    ],
    # toc.py TocTreeprocessor.run: the id comes from the rendered heading (an emoji's image is no text),
    # so translated headings keep the id toc gave (kyr.apply.HeadingIdRecorder).
    "emoji--heading-shortcode": [(HEADING, "Emoji"), (HEADING, ":warning: Work in progress"), (PARAGRAPH, "Text.")],
    # attr_list.py runs after the inline patterns: `__` in a pinned id is escaped, or it is emphasis.
    "heading-underscore-id": [(HEADING, "Names"), (HEADING, "The `__all__` list"), (PARAGRAPH, "Text.")],
    # blocks/__init__.py BlocksProcessor.test: the name in lower case, searched in the whole block.
    "blocks--name-case-and-mid-paragraph": [
        (HEADING, "Blocks"), (ADMONITION_TITLE, "Note"), (PARAGRAPH, "A note named in capitals."),
        (PARAGRAPH, "A line of text"), (ADMONITION_TITLE, "Careful"), (PARAGRAPH, "A block that starts inside a paragraph."),
    ],
    # tasklist.py RE_CHECKBOX: `[x] ` opening an item is its checkbox, not text.
    "tasklist--checkboxes": [(HEADING, "Tasks"), (PARAGRAPH, "Done already"), (PARAGRAPH, "Still to do")],
    # arithmatex.py BlockArithmatexProcessor: a block that is all `$$...$$` is display math.
    "arithmatex--display-math": [(HEADING, "Math"), (PARAGRAPH, "Text after the math.")],
    # fancylists.py FancyOListProcessor: `1)`, roman and `#.` markers; saneheaders.py: `#hashtag` is no heading.
    "fancylists--markers": [
        (HEADING, "Lists"), (PARAGRAPH, "First item"), (PARAGRAPH, "Second item"), (PARAGRAPH, "A roman item"),
        (PARAGRAPH, "Another roman item"), (PARAGRAPH, "A generic item"), (PARAGRAPH, "#hashtag is text, not a heading."),
    ],
    # A paragraph of tags alone is raw HTML (RawHtmlPostprocessor; md_in_html cannot reach into a tab).
    "tabbed--html-tag-lines": [
        (HEADING, "Tabs"), (ADMONITION_TITLE, "pip"), (PARAGRAPH, "Install it."), (PARAGRAPH, "The installer for Python."),
    ],
    # ListProcessor.get_items keeps a lazy line as written: `  #1132.` is no heading (HashHeaderProcessor).
    "list-lazy-hash": [(HEADING, "List"), (PARAGRAPH, "Fixed a bug with endpoints - #1132."), (PARAGRAPH, "Second item.")],
}


def extensions_of(page: Path) -> list[str]:
    prefix = page.stem.split("--")[0] if "--" in page.stem else None
    return EXTENSIONS + OPTIONAL.get(prefix, [])


def render(source: str, extensions: list[str]) -> str:
    """The page's HTML as MkDocs makes it: utf-8-sig, meta-data taken off by MkDocs' own reader."""
    body, _ = get_data(source.removeprefix("\ufeff"))
    md = markdown.Markdown(extensions=extensions, extension_configs={"footnotes": {"BACKLINK_TITLE": "%d"}})
    return md.convert(body)


def translate(source: str, extensions: list[str], how, page_lang: str = "es") -> str:
    """The page with every block's text made by `how`, headings keeping the ids toc gave them (as the build does)."""
    segments = segment(source, extensions)
    md = markdown.Markdown(extensions=extensions)
    ids = HeadingIdRecorder.register(md)
    md.convert(get_data(source.removeprefix("\ufeff"))[0])
    choices = [Choice(how(s.text), "es", False) for s in segments]
    return apply(source, segments, choices, page_lang, rendered_ids=ids.ids).markdown


def ids(page: Path) -> str:
    return page.stem


def expected_html(page: Path) -> str:
    return page.with_suffix(".html").read_text(encoding="utf-8")


def test_every_construct_has_its_segments_and_html():
    assert {p.stem for p in PAGES} == set(SEGMENTS)
    assert all(p.with_suffix(".html").exists() for p in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=ids)
def test_english_html_is_what_python_markdown_gave(page):
    assert render(page.read_text(encoding="utf-8"), extensions_of(page)) == expected_html(page)


@pytest.mark.parametrize("page", PAGES, ids=ids)
def test_segments(page):
    found = [(s.kind, s.text) for s in segment(page.read_text(encoding="utf-8"), extensions_of(page))]
    assert found == SEGMENTS[page.stem]


@pytest.mark.parametrize("page", PAGES, ids=ids)
def test_identity_catalogs(page):
    source, extensions = page.read_text(encoding="utf-8"), extensions_of(page)
    assert translate(source, extensions, lambda text: text) == source
    # Shown as Spanish on a Mam page: every block goes through the catalog and comes out the same.
    shown = markers.resolve(render(translate(source, extensions, lambda text: text, "mam"), extensions), "mam")
    without_lang = re.sub(r'<span lang="es">(.*?)</span>', r"\1", shown, flags=re.S).replace(' lang="es"', "")
    assert re.sub(r"\s+", " ", without_lang) == re.sub(r"\s+", " ", expected_html(page))


@pytest.mark.parametrize("page", PAGES, ids=ids)
def test_pseudo_catalogs(page):
    source, extensions = page.read_text(encoding="utf-8"), extensions_of(page)
    translated = translate(source, extensions, pseudo)
    html = render(translated, extensions)
    assert comparable(html) == comparable(expected_html(page))
    # Raw HTML is not translated by design: its text is the only English left.
    raw = {"Raw HTML is not translated.", "Text inside raw HTML stays out of the catalogs.", "Still raw."}
    # An undefined reference's label is shown as written: a label, not text to translate; so is an
    # emoji's shortcode in its image's title (pymdownx.emoji).
    left = [t for t in plain_letters(html.replace("[nowhere]", "")) if t not in raw]
    assert [t for t in left if not re.fullmatch(r"img\[title\]=':[a-z0-9_+-]+:'", t)] == []
    again = segment(translated, extensions)
    assert [(s.kind, s.text) for s in again] == [(s.kind, pseudo(s.text)) for s in segment(source, extensions)]


@pytest.mark.parametrize("page", PAGES, ids=ids)
def test_marked_catalogs(page):
    source, extensions = page.read_text(encoding="utf-8"), extensions_of(page)
    html = render(translate(source, extensions, lambda text: "XX " + text), extensions)
    assert re.sub(r"\s+", " ", html.replace("XX ", "")) == re.sub(r"\s+", " ", expected_html(page))
    # Every block is marked where it shows (a link reference's title where the link is).
    assert html.count("XX ") >= len(segment(source, extensions))


@MANY
@given(documents(optional=True))
# Two headings with one id: the translated first pins it, and toc must still see it to give the second `_1`.
@example("# You you you you step_by_step you you you\n\n# `you you you you step_by_step` `you you you`\n")
def test_random_pages_with_optional_extensions(source):
    """md_in_html, tabs and blocks mixed with every other construct, on a site that enables them."""
    extensions = EXTENSIONS + OPTIONAL_EXTENSIONS
    english = render(source, extensions)
    assert translate(source, extensions, lambda text: text) == source
    translated = translate(source, extensions, pseudo)
    html = render(translated, extensions)
    assert comparable(html) == comparable(english)
    assert plain_letters(html) == []
    assert re.sub(r"\s+", " ", render(translate(source, extensions, lambda t: "XX " + t), extensions).replace("XX ", "")) == (
        re.sub(r"\s+", " ", english)
    )


def test_extract_follows_mkdocs_yml_and_a_page_without_text_passes_check(tmp_path):
    """`kyr extract` reads pages with the extensions of the site's mkdocs.yml; a page of code alone
    gives catalogs with a header and no message, which `kyr check` accepts."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('# Home\n\n=== "A tab"\n\n    Text in a tab.\n', encoding="utf-8")
    (docs / "code.md").write_text("```\nonly code\n```\n", encoding="utf-8")
    project = make_project(tmp_path / "project", docs)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.tabbed:\n      alternate_style: true\n", 1,
    ), encoding="utf-8")
    kyr(project, "extract")
    kyr(project, "update")
    template = (project / "locales" / "templates" / "index.pot").read_text(encoding="utf-8")
    assert 'msgid "A tab"' in template and 'msgid "Text in a tab."' in template
    assert 'msgid ""' in (project / "locales" / "es" / "LC_MESSAGES" / "code.po").read_text(encoding="utf-8")
    result = kyr(project, "check", check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def write_expected() -> None:
    """Render every construct with Python-Markdown and write its .html (run once per new construct)."""
    for page in PAGES:
        page.with_suffix(".html").write_text(render(page.read_text(encoding="utf-8"), extensions_of(page)), encoding="utf-8")



def test_a_site_without_attr_list_gets_no_attribute_list_as_text():
    """Without attr_list a pinned id would show as `{ #title }`: there the heading's id follows its text."""
    extensions = [e for e in EXTENSIONS if e != "attr_list"]
    source = "# Title\n\nText.\n"
    segments = segment(source, extensions)
    translated = apply(source, segments, [Choice("Título", "es", False), None], "es", pin_ids=False).markdown
    assert render(translated, extensions).startswith('<h1 id="titulo">Título</h1>')
