"""Round trips: nothing bypasses the catalogs, and nothing but text changes.

- Engine-free, over random documents: an identity translation gives back the
  source byte for byte; a pseudo-translation renders (Python-Markdown, the
  extensions of mkdocs.yml) to the same element structure with every text node
  translated, and the same heading ids.
- Full builds of docs trees that are not ours: identity catalogs give the same
  article HTML as the English build; pseudo catalogs leave no text of the
  article, navigation or theme that is not pseudo-translated.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kyr.apply import Choice, apply
from kyr.languages import load_languages
from kyr.pseudo import pseudo
from kyr.segment import segment

from .conftest import ROOT, fill, kyr, make_project

EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]
FIXTURES = Path(__file__).parent / "fixtures"
NATIVE_NAMES = {lang.code: lang.name for lang in load_languages(ROOT / "locales" / "languages.toml")}

words = st.lists(st.sampled_from(["asylum", "court", "hearing", "judge", "Mexico", "border", "case", "rights"]), min_size=1, max_size=6).map(" ".join)
inline = st.one_of(words, words.map(lambda w: f"**{w}**"), words.map(lambda w: f"[{w}](page.md)"), words.map(lambda w: f"`{w}`"))
line = st.lists(inline, min_size=1, max_size=4).map(" ".join).map(lambda s: s[0].upper() + s[1:])
block = st.one_of(
    line,
    st.tuples(line, line).map(lambda t: f"{t[0]}\n{t[1]}"),
    line.map(lambda s: f"## {s}"),
    st.lists(line, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {i}" for i in items)),
    st.tuples(line, line).map(lambda t: f"1. {t[0]}\n    - {t[1]}"),
    st.tuples(line, line).map(lambda t: f'!!! note "{t[0]}"\n    {t[1]}'),
    st.tuples(line, line).map(lambda t: f"??? tip\n    {t[0]}\n\n    {t[1]}"),
    st.tuples(line, line).map(lambda t: f"| {t[0]} | x |\n|---|---|\n| {t[1]} | y |"),
    st.tuples(line, line).map(lambda t: f"{t[0]}\n:   {t[1]}"),
    line.map(lambda s: f"> {s}"),
    line.map(lambda s: f"```\n{s}\n```"),
)
documents = st.lists(block, min_size=1, max_size=8).map(lambda blocks: "# Title\n\n" + "\n\n".join(blocks) + "\n")


def render(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


class Text(HTMLParser):
    """Tags in order, and text nodes outside code."""

    def __init__(self):
        super().__init__()
        self.tags, self.texts, self.code = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs).get("id")))
        self.code += tag in ("code", "pre")

    def handle_endtag(self, tag):
        self.code -= tag in ("code", "pre")

    def handle_data(self, data):
        if not self.code and data.strip():
            self.texts.append(data)


def parse(html: str) -> Text:
    parser = Text()
    parser.feed(html)
    return parser


def translate_all(source, how):
    segments = segment(source)
    return apply(source, segments, [Choice(how(s.text), "es", False) for s in segments], "es").markdown


@settings(max_examples=150, deadline=None)
@given(documents)
def test_identity_translation_gives_back_the_source(source):
    assert translate_all(source, lambda text: text) == source


@settings(max_examples=150, deadline=None)
@given(documents)
def test_pseudo_translation_keeps_structure_and_leaves_no_source_text(source):
    original, translated = parse(render(source)), parse(render(translate_all(source, pseudo)))
    assert translated.tags == original.tags  # same elements, same heading ids
    assert [t for t in translated.texts if re.search("[A-Za-z]", t)] == []


@pytest.mark.parametrize("page", ["index.md", "guide/deep.md"])
def test_rich_sample_pseudo_structure(page):
    source = (FIXTURES / "rich" / "docs" / page).read_text(encoding="utf-8")
    body = source.split("---\n", 2)[2]
    original, translated = parse(render(body)), parse(render(translate_all(source, pseudo).split("---\n", 2)[2]))
    assert translated.tags == original.tags
    leftovers = [t for t in translated.texts if re.search("[A-Za-z]", t) and "example.invalid" not in t]
    assert leftovers == []


# -- full builds -----------------------------------------------------------------


def article_content(html: str, url: str, prefix: str = "") -> str:
    """The page's own content, without the theme's notices and page data, with site-absolute URLs.

    A Spanish page lives one folder deeper and shares images with the English
    site, so its relative URLs differ; what they point at must not.
    """
    body = html[html.index("<article") : html.index("</article>")]
    body = body[: body.index('<aside class="about-page">')] if "about-page" in body else body
    body = re.sub(r'<p class="banner[^"]*"[^>]*>.*?</p>', "", body, flags=re.S)

    def absolute(m):
        target = urljoin(url, m.group(2))
        if prefix and target.startswith(prefix) and not m.group(2).startswith(("http", "mailto:")):
            target = "/" + target[len(prefix) :]
        return f'{m.group(1)}="{target}"'

    return re.sub(r'\b(href|src)="([^"]*)"', absolute, body)


@pytest.fixture(scope="module", params=["rich", "repo"])
def project(request, tmp_path_factory):
    docs = FIXTURES / "rich" / "docs" if request.param == "rich" else ROOT / "docs"
    return make_project(tmp_path_factory.mktemp(request.param), docs)


def test_identity_catalogs_give_the_untranslated_html(project, tmp_path):
    fill(project, "es", lambda msgid: msgid)
    assert kyr(project, "build", "--site", str(tmp_path / "site"), "--language", "en", "--language", "es").returncode == 0
    site = tmp_path / "site"
    pages = [p for p in site.rglob("index.html") if p.relative_to(site).parts[0] not in ("es", "pt", "ht", "mam", "quc")]
    assert pages
    for english in pages:
        rel = english.relative_to(site).parent.as_posix()
        url = "/" if rel == "." else f"/{rel}/"
        spanish = site / "es" / english.relative_to(site)
        assert article_content(spanish.read_text(encoding="utf-8"), "/es" + url, "/es/") == article_content(
            english.read_text(encoding="utf-8"), url
        ), english


class Visible(HTMLParser):
    """Visible text nodes, with whether an ancestor sets its own language or holds code."""

    SKIP = {"script", "style", "title", "code", "pre", "time"}

    def __init__(self, page_lang):
        super().__init__()
        self.stack, self.found, self.page_lang = [], [], page_lang

    def handle_starttag(self, tag, attrs):
        if tag in ("meta", "link", "img", "br", "hr", "input", "source"):
            return
        attrs = dict(attrs)
        # The pocket card's back is the English source on purpose, marked lang="en".
        source_side = "pocket__side--source" in (attrs.get("class") or "") and attrs.get("lang") == "en"
        self.stack.append((tag, attrs.get("lang"), source_side))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not data.strip() or any(t in self.SKIP for t, _, _ in self.stack):
            return
        langs = [lang for tag, lang, _ in self.stack if lang and tag != "html"]
        # A language's own name, marked as being in that language (the switcher), is no text to translate.
        endonym = bool(langs) and NATIVE_NAMES.get(langs[-1]) == data.strip()
        self.found.append((data.strip(), endonym or any(side for _, _, side in self.stack)))


def test_pseudo_catalogs_leave_no_untranslated_text(project, tmp_path):
    fill(project, "es", pseudo)
    assert kyr(project, "build", "--site", str(tmp_path / "site"), "--language", "es").returncode == 0
    pages = sorted((tmp_path / "site" / "es").rglob("index.html"))
    assert pages
    for page in pages:
        parser = Visible("es")
        parser.feed(page.read_text(encoding="utf-8"))
        plain = [
            text for text, endonym in parser.found
            if not endonym and re.search("[A-Za-z]", text) and not re.fullmatch(r"\S+@\S+|https?://\S+|[\d\W]+\w?", text)
        ]
        assert plain == [], f"{page}: text that bypassed the catalogs"
