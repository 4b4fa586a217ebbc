"""The shipped Know-Your-Rights site: every page, in every language, is dated, sourced and linked."""

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from kyr import catalog as catalogs
from kyr.languages import load_languages

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = load_languages(ROOT / "locales" / "languages.toml")
PAGES = [p.removesuffix(".md") for p in catalogs.pages(ROOT / "docs")]


def page_file(site: Path, lang: str, page: str) -> Path:
    folder = site if lang == LANGUAGES.source else site / lang
    return folder / ("index.html" if page == "index" else f"{page}/index.html")


def article(text: str) -> str:
    return text[text.index("<article") : text.index("</article>")]


@pytest.mark.parametrize("lang", LANGUAGES.codes)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_date_sources_and_notice(built_site, lang, page):
    body = article(page_file(built_site, lang, page).read_text(encoding="utf-8"))
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}"', body), "no last-reviewed date"
    sources = re.search(r'<ul class="kyr-sources">(.*?)</ul>', body, re.S)
    assert sources and re.search(r'<a href="https://', sources.group(1)), "no source"
    assert 'class="kyr-legal"' in body, "no not-legal-advice notice"


def test_front_matter_of_every_page(tmp_path):
    for path in sorted((ROOT / "docs").glob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        assert meta.get("last_reviewed"), path
        assert meta.get("sources") and all(s["url"].startswith("https://") for s in meta["sources"]), path
        assert meta.get("status") in (None, "ended", "changing"), path
        if "key_points" in meta:
            points = meta["key_points"]
            assert isinstance(points, list) and 1 <= len(points) <= 5, f"{path.name}: key_points must be a list of 1 to 5"
            assert all(isinstance(p, str) and p.strip() for p in points), f"{path.name}: empty or non-string key point"


def test_ended_policies_show_the_banner_first(built_site):
    for lang in LANGUAGES.codes:
        body = article(page_file(built_site, lang, "title-42").read_text(encoding="utf-8"))
        assert body.find("kyr-banner--ended") < body.find("<h1"), lang


_HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
_ID = re.compile(r'\bid="([^"]+)"')


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_every_internal_link_resolves(built_site, lang):
    folder = built_site if lang == LANGUAGES.source else built_site / lang
    checked = 0
    for page in folder.rglob("index.html"):
        if lang == LANGUAGES.source and page.relative_to(built_site).parts[0] in LANGUAGES.codes:
            continue
        text = page.read_text(encoding="utf-8")
        for href in _HREF.findall(text):
            href = html.unescape(href)
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "//")):
                continue
            if parts.path.startswith("/"):
                target = built_site / unquote(parts.path).lstrip("/")
            else:
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(built_site)}: broken link {href}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in _ID.findall(target.read_text(encoding="utf-8")), f"{page}: no #{parts.fragment}"
            checked += 1
    assert checked > 50


@pytest.mark.parametrize("lang", [lang.code for lang in LANGUAGES.targets if lang.drafts == "publish"])
def test_published_languages_have_no_untranslated_entry(lang):
    from kyr.stats import collect

    counts = collect(ROOT / "locales", LANGUAGES)[lang]
    assert {domain: c.untranslated for domain, c in counts.items() if c.untranslated} == {}


@pytest.mark.parametrize("lang", [lang.code for lang in LANGUAGES.targets if lang.mayan_orthography])
def test_mayan_drafts_are_fuzzy_and_marked_for_native_review(lang):
    for domain in ("theme", "index"):
        cat = catalogs.read_po(catalogs.po_path(ROOT / "locales", lang, domain))
        drafts = [m for m in cat if m.id and m.string]
        assert drafts, f"{lang}/{domain} has no draft"
        for m in drafts:
            assert m.fuzzy, m.id
            assert "draft — needs review by a native speaker" in m.auto_comments, m.id


def test_mayan_pages_fall_back_to_spanish_marked_as_such(built_site):
    for lang in ("mam", "quc"):
        text = page_file(built_site, lang, "index").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in text
        assert re.search(r'<h1 id="what-do-you-need-to-know" lang="es"', text)
        assert "¿Qué necesita saber?" in text


# -- phone numbers, the hotline, the border, the navigation ---------------------

#: A North American phone number as people write it: 1-800-898-7180, (800) 898-7180, +1 800 898 7180.
PHONE = re.compile(r"(?<![\w+/])(?:\+?1[-. ]?)?(?:\(\d{3}\)|\d{3})[-. ]\d{3}[-. ]\d{4}(?!\d)")
#: A Markdown tel: link; its text is checked against its target.
TEL_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\(tel:(?P<target>\+\d+)\)")
HOTLINE = "[1-800-898-7180](tel:+18008987180)"


def e164(number: str) -> str:
    """The tel: target a North American number should have.

    >>> e164("1-800-898-7180")
    '+18008987180'
    >>> e164("(800) 898-7180")
    '+18008987180'
    """
    digits = re.sub(r"\D", "", number)
    return "+" + (digits if len(digits) == 11 else "1" + digits)


def phone_problems(markdown: str) -> list[str]:
    """Phone numbers written outside a tel: link, and tel: links whose text and target differ.

    >>> phone_problems("Call [1-800-898-7180](tel:+18008987180).")
    []
    >>> phone_problems("Call **1-800-898-7180**.")
    ['1-800-898-7180 is not a tel: link']
    >>> phone_problems("Call [1-800-898-7180](tel:+18008987181).")
    ['1-800-898-7180 links to tel:+18008987181']
    """
    problems = []
    for link in TEL_LINK.finditer(markdown):
        if e164(link["text"]) != link["target"]:
            problems.append(f"{link['text']} links to tel:{link['target']}")
    rest = TEL_LINK.sub("", markdown)
    problems += [f"{number} is not a tel: link" for number in PHONE.findall(rest)]
    return problems


def english_pages() -> list[Path]:
    return sorted((ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("path", english_pages(), ids=lambda p: p.name)
def test_every_phone_number_on_the_english_pages_is_a_tel_link(path):
    assert phone_problems(path.read_text(encoding="utf-8")) == []


_TEL_ANCHOR = re.compile(r'<a\b[^>]*\bhref="tel:[^"]*"[^>]*>.*?</a>', re.S)


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_every_phone_number_on_the_built_pages_is_a_tel_link(built_site, lang):
    for page in PAGES:
        body = article(page_file(built_site, lang, page).read_text(encoding="utf-8"))
        text = re.sub(r"<[^>]+>", " ", _TEL_ANCHOR.sub("", body))
        assert PHONE.findall(html.unescape(text)) == [], f"{lang}/{page}: a phone number outside a tel: link"


def test_the_eoir_hotline_is_on_the_home_page(built_site):
    assert HOTLINE in (ROOT / "docs" / "index.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    for lang in LANGUAGES.codes:
        body = article(page_file(built_site, lang, "index").read_text(encoding="utf-8"))
        assert 'href="tel:+18008987180"' in body, lang


#: A sentence about the border that says it is open (again): the fact base says it is not clear.
_REOPENED = re.compile(r"\b(re-?open\w*|open(ed)? again|is (now )?open|are (now )?open|lifted)\b", re.I)


def border_reopened(text: str) -> list[str]:
    """Sentences that say or suggest the border reopened.

    >>> border_reopened("A court reopened the border. Ask a motion to reopen your case.")
    ['A court reopened the border.']
    >>> border_reopened("It is not clear if you can ask for asylum at the border today.")
    []
    """
    sentences = re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text))
    return [s for s in sentences if re.search(r"\bborder\b", s, re.I) and _REOPENED.search(s)]


@pytest.mark.parametrize("path", english_pages(), ids=lambda p: p.name)
def test_no_page_says_the_border_reopened(path):
    assert border_reopened(path.read_text(encoding="utf-8")) == []


def test_every_page_is_in_the_navigation():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    listed = set(re.findall(r"^\s*-\s*(?:[^:\n]+:\s*)?(\S+\.md)\s*$", config, re.M))
    assert {p.name for p in english_pages()} <= listed
