"""Round trips: nothing bypasses the catalogs, and nothing but text changes.

Engine-free, over random documents (tests/strategies.py) and the fixture trees:

- identity: each block's own text as its translation gives back the source byte
  for byte; shown as a fallback on another language's page, it renders (Python-
  Markdown, the extensions of mkdocs.yml) to exactly the source's HTML once the
  ``lang`` attributes are taken away, and every word carries that ``lang``;
- pseudo: every block pseudo-translated renders to the source's HTML exactly,
  once the pseudo letters are mapped back (so: same elements, attributes, heading
  ids, link targets, and every text where it was), and no text node or title/alt
  keeps a plain letter; cutting the translated page again gives back exactly
  the translations.

Full builds (MkDocs, our theme, our plugins) of docs trees that are not ours:
identity catalogs give the English article; pseudo catalogs leave no text in
the article, navigation or theme that did not pass through a catalog.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urljoin

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from kyr.engine import get_data

from kyr import markers
from kyr.apply import Choice, apply
from kyr.languages import load_languages
from kyr.facts import extract
from kyr.pseudo import _LETTERS, pseudo
from kyr.segment import (
    ADMONITION_TITLE, HEADING, IMAGE_ALT, LINK_TITLE, META, PARAGRAPH, TABLE_CELL, TERM, segment,
)

from .conftest import ROOT, fill, kyr, make_project
from .htmltext import Nodes, in_code, is_url, nodes
from .strategies import documents

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_PAGES = sorted(FIXTURES.glob("*/docs/**/*.md"))
NATIVE_NAMES = {lang.code: lang.name for lang in load_languages(ROOT / "locales" / "languages.toml")}
TARGETS = [code for code in NATIVE_NAMES if code != "en"]
UNPSEUDO = {v: k for k, v in _LETTERS.items()}
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
MANY = settings(max_examples=int(os.environ.get("KYR_EXAMPLES", "200")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def extensions() -> list[str]:
    """The Markdown extensions of the real mkdocs.yml, so these tests follow it when it changes."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    return [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: None)


EXTENSIONS = extensions()


def render(source: str) -> str:
    """HTML of a page's body, as MkDocs renders it: read as utf-8-sig, meta-data taken off by its own reader."""
    body, _ = get_data(source.removeprefix("\ufeff"))
    return _MARKDOWN.reset().convert(body)


# The footnote back link's tooltip is theme text, through the UI catalog in a build (tested there).
_MARKDOWN = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"footnotes": {"BACKLINK_TITLE": "%d"}})


def front_matter(source: str) -> dict:
    m = _FRONT.match(source)
    return yaml.safe_load(m.group(1)) if m else {}


def translate(source: str, how, page_lang: str = "es", lang: str = "es"):
    segments = segment(source)
    return apply(source, segments, [Choice(how(s.text), lang, False) for s in segments], page_lang).markdown


def comparable(html: str) -> str:
    """HTML with pseudo letters mapped back and white space runs made one space."""
    return re.sub(r"\s+", " ", html.translate(UNPSEUDO)).strip()


def plain_letters(html: str) -> list[str]:
    """Text a reader sees that still has a plain ASCII letter: outside code, not a URL, not a fact (kyr.facts)."""
    found = nodes(html)
    left = [t for t, stack in found.texts if re.search("[A-Za-z]", without_facts(t)) and not in_code(stack) and not is_url(t)]
    left += [f"{tag}[{name}]={value!r}" for tag, name, value in found.attributes
             if re.search("[A-Za-z]", without_facts(value))]
    return left


def fixture_ids(path: Path) -> str:
    return path.relative_to(FIXTURES).as_posix()


# -- engine-free: identity -------------------------------------------------------------


def check_identity(source: str) -> None:
    assert translate(source, lambda text: text) == source


def check_identity_as_fallback(source: str) -> None:
    """The source's own words, shown as Spanish on a Mam page: same HTML, and every word marked Spanish."""
    shown = markers.resolve(render(translate(source, lambda text: text, page_lang="mam")), "mam")
    without_lang = re.sub(r'<span lang="es">(.*?)</span>', r"\1", shown, flags=re.S).replace(' lang="es"', "")
    assert re.sub(r"\s+", " ", without_lang) == re.sub(r"\s+", " ", render(source))
    unmarked = [
        text for text, stack in nodes(shown).texts
        if re.search("[A-Za-z]", text) and not any(attrs.get("lang") == "es" for _, attrs in stack)
        and not any(tag == "pre" for tag, _ in stack) and not is_url(text)
    ]
    assert unmarked == [], "words a Mam page shows without saying they are Spanish"


@MANY
@given(documents())
def test_identity_translation_gives_back_the_source(source):
    check_identity(source)


@MANY
@given(documents())
# A link reference's title is a block of its own, inside the paragraph that uses it: its marker
# once paired with the paragraph's and wrote `title="esYou</span>"` (fixed in kyr.markers).
@example('# You\n\n[you][ref]\n\n[ref]: https://example.invalid/ref "You"\n')
# An implied admonition title shown in another language was once written as an empty title (fixed in kyr.apply).
@example("# You\n\n!!! note\n    You\n")
def test_identity_shown_as_fallback_renders_the_same_page_marked(source):
    check_identity_as_fallback(source)


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=fixture_ids)
def test_identity_on_fixture_pages(page):
    source = page.read_text(encoding="utf-8")
    check_identity(source)
    check_identity_as_fallback(source)


# -- engine-free: pseudo ---------------------------------------------------------------


def check_pseudo(source: str) -> None:
    translated = translate(source, pseudo)
    original_html, html = render(source), render(translated)
    # Same elements, attributes (heading ids, link targets, classes) and text in the same places.
    assert comparable(html) == comparable(original_html)
    # ...and every word a reader sees went through the catalog.
    assert plain_letters(html) == []
    # Cut again, the translated page gives exactly the translations, block for block.
    segments = segment(source)
    again = segment(translated)
    assert [(s.kind, s.text) for s in again] == [(s.kind, pseudo(s.text)) for s in segments]
    # Front matter: title, description and the sources' titles translated, everything else as it was.
    meta, new_meta = front_matter(source), front_matter(translated)
    expected = {k: pseudo(v) if k in ("title", "description") else v for k, v in meta.items()}
    if "sources" in meta:
        expected["sources"] = [{**s, "title": pseudo(s["title"])} for s in meta["sources"]]
    assert new_meta == expected


@MANY
@given(documents())
def test_pseudo_translation_renders_the_source_page_in_pseudo_letters(source):
    check_pseudo(source)


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=fixture_ids)
def test_pseudo_on_fixture_pages(page):
    check_pseudo(page.read_text(encoding="utf-8"))


def test_the_property_sees_a_block_put_back_in_the_wrong_place():
    # What the pseudo property exists to catch: a translation that lands outside its block.
    source = "# Title\n\n- one\n\n    two\n"
    segments = segment(source)
    moved = apply(source, segments, [Choice(pseudo(s.text), "es", False) for s in segments], "es").markdown
    assert comparable(render(moved)) == comparable(render(source))
    broken = moved.replace("    ŧŵö", "ŧŵö")  # the nested paragraph pulled out of its list item
    assert comparable(render(broken)) != comparable(render(source))


def test_rich_sample_covers_every_construct():
    """The rich fixture holds every construct of the issue, so the tests above test them all."""
    source = (FIXTURES / "rich" / "docs" / "index.md").read_text(encoding="utf-8")
    found = {(s.kind, s.text) for s in segment(source)}
    expected = {
        (META, "Rich sample"), (META, "Every construct the segmenter knows, in one place."),
        (HEADING, "Rich sample page"), (HEADING, "Setext heading"), (HEADING, "Heading with an explicit id"),
        (PARAGRAPH, "A line with a hard break\nand its second half."),
        (PARAGRAPH, "Deeply nested ordered item"), (PARAGRAPH, "A second paragraph in step two."),
        (TABLE_CELL, "Cell `two`"), (TABLE_CELL, "[Linked](guide/deep.md) cell"),
        (ADMONITION_TITLE, "Careful now"), (ADMONITION_TITLE, "Note"), (ADMONITION_TITLE, "Open me"), (ADMONITION_TITLE, "Tip"),
        (PARAGRAPH, "Details body."), (PARAGRAPH, "The footnote text."), (PARAGRAPH, "Text with a footnote.[^note]"),
        (TERM, "Term one"), (TERM, "Term two"), (PARAGRAPH, "The definition of both terms."),
        (IMAGE_ALT, "Alt text of a lone image"), (LINK_TITLE, "Image title"), (LINK_TITLE, "Reference title"),
        (PARAGRAPH, "A quotation over two lines."),
        (PARAGRAPH, 'A paragraph with **bold**, *emphasis*, `code` and a [link](guide/deep.md "Link title") that continues on a second line.'),
    }
    assert expected <= found
    texts = " ".join(text for _, text in found)
    for never in ("code is never extracted", "indented code", "url-only-line", ".lead", "a note for translators", "#explicit"):
        assert never not in texts
    html = render(source)
    # The nested list stays nested, three deep.
    assert re.search(r"<ul>\s*<li>Nested item</li>.*<ol>\s*<li>Deeply nested ordered item</li>", html, re.S)


# -- full builds -----------------------------------------------------------------------

TREES = {"rich": FIXTURES / "rich" / "docs", "plain": FIXTURES / "plain" / "docs", "repo": ROOT / "docs"}


@pytest.fixture(scope="session", params=sorted(TREES))
def built_trees(request, tmp_path_factory):
    """A docs tree built twice in a project of its own: Spanish catalogs as identity, then as pseudo.

    Returns (project, identity site, pseudo site).
    """
    project = make_project(tmp_path_factory.mktemp(request.param), TREES[request.param])
    fill(project, "es", lambda msgid: msgid)
    identity = project / "site-identity"
    result = kyr(project, "build", "--no-compress", "--site", str(identity), "--language", "en", "--language", "es", check=False)
    assert result.returncode == 0, result.stderr
    assert kyr(project, "pseudo", "es").returncode == 0
    pseudo_site = project / "site-pseudo"
    result = kyr(project, "build", "--no-compress", "--site", str(pseudo_site), "--language", "es", check=False)
    assert result.returncode == 0, result.stderr
    return request.param, project, identity, pseudo_site


def english_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if p.relative_to(site).parts[0] not in (*TARGETS, "translators"))


def article(html: str, url: str, prefix: str = "") -> str:
    """The page's <article>, with URLs made site-absolute (a Spanish page is one folder deeper).

    Three things differ by design and are put aside: the last-reviewed date, which
    CLDR writes in each language's own format (with its lang attribute), the
    order of the media cards, which list resources in the reader's language first,
    and the size of the language's offline copy on the "Save" button (each
    language's pages weigh what they weigh).
    """
    body = html[html.index("<article") : html.index("</article>")]
    body = re.sub(r"(<div class=\"keep\"[^>]*>\s*<button>[^<(]*)\([^)<]*\)", r"\1(SIZE)", body)
    body = re.sub(r'<time datetime="([^"]*)" lang="[^"]*">[^<]*</time>', r'<time datetime="\1">DATE</time>', body)
    body = re.sub(
        r'(<ul class="cards">)(.*?)(\s*</ul>)',
        lambda m: m.group(1) + "".join(sorted(re.split(r'(?=\s*<li class="card">)', m.group(2)))) + m.group(3),
        body, flags=re.S,
    )

    def absolute(m):
        value = m.group(2)
        if value.startswith(("http:", "https:", "mailto:", "data:", "#", "?")):
            return m.group(0)
        target = urljoin(url, value)
        if prefix and target.startswith(prefix):
            target = "/" + target[len(prefix):]
        return f'{m.group(1)}="{target}"'

    return re.sub(r'\b(href|src|srcset|data-src)="([^"]*)"', absolute, body)


def test_identity_catalogs_give_the_untranslated_article(built_trees):
    name, _, site, _ = built_trees
    pages = english_pages(site)
    assert len(pages) >= 2
    for english in pages:
        rel = english.relative_to(site).parent.as_posix()
        url = "/" if rel == "." else f"/{rel}/"
        spanish = (site / "es" / english.relative_to(site)).read_text(encoding="utf-8")
        assert '<html lang="es"' in spanish
        assert article(spanish, "/es" + url, "/es/") == article(english.read_text(encoding="utf-8"), url), english


def test_pseudo_pages_keep_the_english_anchors(built_trees):
    """Every id of an English article is on the translated page too, in the same order."""
    _, _, identity, site = built_trees
    for english in english_pages(identity):
        ids = lambda html: re.findall(r'\sid="([^"]+)"', html[html.index("<article") : html.index("</article>")])  # noqa: E731
        spanish = site / "es" / english.relative_to(identity)
        assert ids(spanish.read_text(encoding="utf-8")) == ids(english.read_text(encoding="utf-8")), english


class Visible(Nodes):
    """Visible text of a whole page: the body, the <title>, and texts meant for assistive technology."""

    HIDDEN = {"script", "style"}


#: Text on a Spanish page that is in another language on purpose, each with its own lang attribute.
def deliberate(stack, page_lang: str, text: str) -> bool:
    langs = [(tag, attrs) for tag, attrs in stack if attrs.get("lang") and tag != "html"]
    if not langs:
        return False
    tag, attrs = langs[-1]
    # A language's own name, in that language: the switcher and the languages of a media card.
    if NATIVE_NAMES.get(attrs["lang"]) == text:
        return True
    if attrs["lang"] == page_lang:
        return False
    # The pocket card's second side: the key points in English, for an official to read.
    return any("pocket__side--source" in a.get("class", "") for _, a in langs)


def without_facts(text: str) -> str:
    """`text` less its facts (form names, e-mails, months in dates...), which every translation keeps as written."""
    pieces, at = [], 0
    for fact in sorted((f for f in extract(text).items if not f.optional), key=lambda f: f.start):
        pieces.append(text[at : max(at, fact.start)])
        at = max(at, fact.end)
    return "".join(pieces) + text[at:]


def untranslated_text(html: str, page_lang: str) -> list[str]:
    found = Visible()
    found.feed(html)
    left = []
    for text, stack in found.texts:
        tags = [tag for tag, _ in stack]
        if any(t in Visible.HIDDEN for t in tags) or in_code(stack) or is_url(text):
            continue
        if "time" in tags:  # a date, written by CLDR in the page's language, not by a catalog
            continue
        if not re.search("[A-Za-z]", without_facts(text)) or deliberate(stack, page_lang, text):
            continue
        left.append(text)
    left += [f"{tag}[{name}]={value!r}" for tag, name, value in found.attributes
             if name != "content" and re.search("[A-Za-z]", value) and not is_url(value)]
    return left


def test_pseudo_catalogs_leave_no_text_outside_the_catalogs(built_trees):
    name, _, _, site = built_trees
    pages = sorted((site / "es").rglob("*.html"))
    assert len(pages) >= 3  # pages and the 404 page
    leaks = {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="es"' in html
        left = untranslated_text(html, "es")
        if left:
            leaks[page.relative_to(site).as_posix()] = left
    assert leaks == {}, "text that bypassed the catalogs"


def test_pseudo_pages_mark_nothing_as_fallback(built_trees):
    """With every message translated, no block may fall back: a fallback would be English with lang="en"."""
    _, _, _, site = built_trees
    for page in sorted((site / "es").rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        main = html[html.index("<main") : html.index("</main>")]
        assert "banner--fallback" not in main and "data-draft" not in main, page
        assert re.findall(r'<[^>]+ lang="en"[^>]*>(?!English<)', main) == [], page  # the name "English" is no fallback


def test_the_leak_detector_sees_english_text():
    # What the build test exists to catch: theme or page text that no catalog touched.
    page = '<html lang="es"><body><nav><a href="/">Ŝíŧé</a> Next</nav><p>Ŧéẋŧ <code>code</code> https://x.test/</p></body></html>'
    assert untranslated_text(page, "es") == ["Next"]
    switcher = '<html lang="es"><body><a lang="pt" hreflang="pt">Português</a><p lang="en">Fallback text</p></body></html>'
    assert untranslated_text(switcher, "es") == ["Fallback text"]
    # Facts are kept as written by every translation: only the text around them is looked at.
    dated = '<html lang="es"><body><p>Ŧéẋŧ EOIR-33, 11 May 2023</p><p>Form EOIR-33</p></body></html>'
    assert untranslated_text(dated, "es") == ["Form EOIR-33"]
