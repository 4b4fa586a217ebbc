"""What each reader meets first: own-language media, one status line, who checked the page, phone links.

Issue 8: a Mam or Kʼicheʼ reader on a 360×740 phone finds audio and video in
their language on the first screen, under at most one notice box. Issue 7: every
page says when its facts were checked and whether a lawyer has, and every phone
number is a `tel:` link. The site tests read the built HTML with the standard
library's parser; the others drive Chromium.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kyr.catalog import THEME
from kyr.languages import load_languages
from kyr.translate import Translations

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = load_languages(ROOT / "locales" / "languages.toml")
PAGES = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))
PHONE = {"width": 360, "height": 740}
MEDIA_FIRST = [lang.code for lang in LANGUAGES if lang.media_first]
#: A phone number as pages write it: North American (1-800-898-7180, (800) 898-7180, +1 800 898 7180)
#: or international (+52 55 1234 5678). Dates (2026-11-23) and grouped numbers (30 000) do not match.
PHONE_NUMBER = re.compile(r"(?<![\w+-])(?:\+\d{1,3}[ .-]?)?(?:1-)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\w-])|\+\d{1,3}(?:[ .-]\d{2,4}){3,4}(?!\w)")


def url(server, lang, page):
    prefix = "" if lang == LANGUAGES.source else f"{lang}/"
    return f"{server}/{prefix}{'' if page == 'index' else page + '/'}"


def built_page(site: Path, lang: str, page: str) -> str:
    prefix = Path() if lang == LANGUAGES.source else Path(lang)
    folder = prefix if page == "index" else prefix / page
    return (site / folder / "index.html").read_text(encoding="utf-8")


# -- own-language media first, one status line (issue 8) --------------------------------------------

#: Where the first own-language audio/video link or player and the first paragraph of the page's words are.
POSITIONS = """lang => {
  const h1 = document.querySelector('article h1');
  const cards = [...document.querySelectorAll('article .card')].filter(c => c.querySelector(`.card__meta [lang="${lang}"]`));
  const media = cards.map(c => c.querySelector('audio, video, a')).find(Boolean);
  const words = [...document.querySelectorAll('article p')]
    .find(p => (h1.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING) && !p.closest('.banner, .own-media, .card'));
  const before = e => words && (e.compareDocumentPosition(words) & Node.DOCUMENT_POSITION_FOLLOWING);
  const box = e => e && e.getBoundingClientRect();
  return {media: box(media), words: box(words),
          boxes: [...document.querySelectorAll('article .banner, article .admonition')].filter(before).filter(e => e.matches('.banner')).length};
}"""


@pytest.mark.parametrize("lang", MEDIA_FIRST)
def test_own_language_media_on_the_first_screen(browser, server, lang):
    """At 360×740 the first audio or video in the reader's language is fully on the first screen, above the words."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    print(f"\n{lang}: y of the first own-language media link and of the first paragraph (px, 360×740)")
    for name in PAGES:
        page.goto(url(server, lang, name))
        found = page.evaluate(POSITIONS, lang)
        media, words = found["media"], found["words"]
        print(f"  {name:26} media {media and round(media['y'])}  paragraph {words and round(words['y'])}")
        assert media, f"{lang}/{name}: no audio or video in {lang}"
        assert media["y"] >= 0 and media["y"] + media["height"] <= PHONE["height"], f"{lang}/{name}: media at {media}"
        assert words is None or media["y"] < words["y"], f"{lang}/{name}: the words come before the media"
        kinds = page.eval_on_selector("article .own-media", "s => s.querySelector('.card__meta').textContent")
        assert kinds.strip(), f"{lang}/{name}: the card does not say what it is"
        assert page.locator("article .own-media iframe, article .own-media [autoplay]").count() == 0
    context.close()


@pytest.mark.parametrize("lang", MEDIA_FIRST)
def test_topic_without_own_media_says_so_and_offers_the_sites(browser, server, built_site, lang):
    """A page whose topic has nothing in the language shows the language's other media under a plain line."""
    import yaml

    entries = yaml.safe_load((ROOT / "docs" / "media.yml").read_text(encoding="utf-8"))
    in_language = [e for e in entries if lang in e["languages"]]
    topics = {t for e in in_language for t in e["topics"]}
    without = [name for name in PAGES if name not in topics]
    assert without, "every page has media in the language: nothing to check"
    for name in without:
        html = built_page(built_site, lang, name)
        section = html.split('<section class="own-media"', 1)[1].split("</section>", 1)[0]
        assert 'class="own-media__none"' in section, f"{lang}/{name}"
        assert all(e["url"] in section for e in in_language), f"{lang}/{name}: not every {lang} resource is offered"
    for name in sorted(topics & set(PAGES)):
        section = built_page(built_site, lang, name).split('<section class="own-media"', 1)[1].split("</section>", 1)[0]
        assert "own-media__none" not in section, f"{lang}/{name} has its own media"


def test_announcement_pages_say_so_on_their_card(built_site):
    import yaml

    entries = yaml.safe_load((ROOT / "docs" / "media.yml").read_text(encoding="utf-8"))
    announced = [e for e in entries if e.get("announcement")]
    assert announced
    for entry in announced:
        for lang in LANGUAGES.codes:
            for name in entry["topics"]:
                html = built_page(built_site, lang, name)
                card = html.split(f'href="{entry["url"]}"', 1)[1].split("</li>", 1)[0]
                assert 'class="card__note"' in card, f"{lang}/{name}: {entry['id']}"


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_at_most_one_notice_box_above_the_words(browser, server, lang):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for name in PAGES:
        page.goto(url(server, lang, name))
        found = page.evaluate(POSITIONS, lang)
        assert found["boxes"] <= 1, f"{lang}/{name}: {found['boxes']} notice boxes above the first paragraph"
        assert page.locator("article .banner").count() <= 1, f"{lang}/{name}"
    context.close()


NAMES = {"es": "Spanish", "mam": "Mam", "quc": "Kʼicheʼ", "en": "English", "pt": "Portuguese", "ht": "Haitian Creole"}


def expected_status(lang: str, name: str) -> tuple[str, str]:
    """The sentence a whole-page fallback shows in `lang`, and the language it is written in, from the catalogs.

    The languages it names are those the core shows the page's blocks in (kyr.translate), in chain order.
    """
    translations = Translations(ROOT / "locales", LANGUAGES)
    source = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
    shown = translations.page(lang, f"{name}.md", source).fallback_langs
    fallback = [code for code in LANGUAGES[lang].chain if code in shown]
    sentence = translations.choose(lang, THEME, "This page is not yet in %(language)s. It is shown in %(fallback)s.")
    text = sentence.text % {
        "language": translations.choose(lang, THEME, NAMES[lang]).text,
        "fallback": ", ".join(translations.choose(lang, THEME, NAMES[code]).text for code in fallback),
    }
    return text, sentence.lang


@pytest.mark.parametrize("lang", MEDIA_FIRST)
def test_a_whole_page_in_the_fallback_language_says_exactly_that(browser, server, lang):
    """No reviewed Mam or Kʼicheʼ text exists: every page says which language it is shown in, not "some parts"."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    for name in PAGES:
        text, written_in = expected_status(lang, name)
        page.goto(url(server, lang, name))
        summary = page.locator("article .banner summary")
        assert text in " ".join(summary.inner_text().split()), f"{lang}/{name}: {summary.inner_text()!r}"
        span = summary.locator("span", has_text=text)
        assert span.get_attribute("lang") in (written_in, None if written_in == lang else written_in)
        assert page.locator("article .banner summary :text('Some parts')").count() == 0
        # The details open without JavaScript, and the box is still the only one.
        summary.click()
        assert page.locator("article .banner[open] p").count() >= 1
    context.close()


# -- who has checked it, dates (issue 7) ----------------------------------------------------------


class _Text(HTMLParser):
    """Text of a page, each run with whether it is inside a tel: link; plus elements by class."""

    VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.runs: list[tuple[str, bool, bool]] = []
        self.classes: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        in_tel = any(t == "a" and (a.get("href") or "").startswith("tel:") for t, a in self.stack)
        hidden = any(t in ("script", "style", "title") for t, _ in self.stack)
        self.runs.append((data, in_tel, hidden))
        for _, attrs in self.stack:
            for name in (attrs.get("class") or "").split():
                self.classes.setdefault(name, []).append(data)


def parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_every_page_says_when_and_who_checked_it(built_site, lang):
    """Facts-checked date, sources, the legal review line and "not legal advice", on every page in every language."""
    import yaml

    for name in PAGES:
        html = built_page(built_site, lang, name)
        text = parse(html).classes
        source = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
        meta = yaml.safe_load(source.split("---\n")[1])
        assert "".join(text.get("kyr-reviewed", [])).strip(), f"{lang}/{name}: no date"
        assert re.search(r'<ul class="kyr-sources">\s*<li><a href="https://', html), f"{lang}/{name}: no sources"
        assert "".join(text.get("kyr-legal", [])).strip(), f"{lang}/{name}: no 'not legal advice'"
        review = " ".join("".join(text.get("kyr-legal-review", [])).split())
        assert review, f"{lang}/{name}: no review line"
        if meta.get("legal_review"):
            assert meta["legal_review"]["reviewer"] in review, f"{lang}/{name}"
        elif lang == LANGUAGES.source:
            assert review == "A lawyer has not checked this page yet."


def test_haitian_creole_dates_use_kreyol_month_names(built_site):
    months = LANGUAGES["ht"].month_names
    french = ("janvier", "février", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")
    for name in PAGES:
        html = built_page(built_site, "ht", name)
        date = re.search(r'<time datetime="[^"]+" lang="ht">([^<]+)</time>', html)
        assert date, f"ht/{name}: no date in Kreyòl"
        assert any(m in date.group(1).split() for m in months), date.group(1)
        assert not any(f in date.group(1) for f in french), date.group(1)


# -- phone numbers (issue 7) ------------------------------------------------------------------------


def test_phone_number_pattern():
    found = [m.group(0) for m in PHONE_NUMBER.finditer("Call 1-800-898-7180 or +52 55 1234 5678; on 2026-11-23, 30 000 people, Form EOIR-33.")]
    assert found == ["1-800-898-7180", "+52 55 1234 5678"]


def test_every_phone_number_is_a_tel_link(built_site):
    """In every built page of every language, each phone number a reader sees is inside a[href^="tel:"]."""
    plain, linked = [], 0
    for html_file in sorted(built_site.rglob("*.html")):
        if html_file.relative_to(built_site).parts[0] == "translators":  # the translators' dashboard quotes msgids
            continue
        for data, in_tel, hidden in parse(html_file.read_text(encoding="utf-8")).runs:
            for number in PHONE_NUMBER.findall(data):
                if in_tel:
                    linked += 1
                elif not hidden:
                    plain.append(f"{html_file.relative_to(built_site)}: {number}")
    print(f"\n{linked} phone numbers in tel: links")
    assert plain == [], "phone numbers outside tel: links:\n" + "\n".join(plain)


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_tel_links_are_44px_tap_targets(browser, server, lang):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for name in PAGES:
        page.goto(url(server, lang, name))
        small = page.evaluate(
            """() => [...document.querySelectorAll('main a[href^="tel:"]')].map(a => a.getBoundingClientRect())
                 .filter(r => r.width && (r.height < 44 || r.width < 44)).length"""
        )
        assert small == 0, f"{lang}/{name}: {small} phone links under 44px"
    context.close()


# -- the pocket card's own choices (issue 7) ----------------------------------------------------------

CARD_PAGE = """---
title: Court
last_reviewed: 2026-11-23
key_points:
  - Go to every hearing.
  - "Call [1-800-898-7180](tel:+18008987180) to check your case."
sources:
  - title: EOIR
    url: https://www.justice.gov/eoir/customer-service-initiatives
---
# Court

Go to every hearing.

Call [1-800-898-7180](tel:+18008987180) to check your case.

1. A mechanical step.
"""


def card_project(tmp_path: Path, site_url: str) -> Path:
    """A project of its own with one page whose author chose its key points; es filled in, as a fuzzy draft."""
    import os
    import shutil
    import subprocess
    import sys

    folder = tmp_path / "project"
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("---\ntitle: Home\n---\n# Home\n\nHello.\n", encoding="utf-8")
    (folder / "docs" / "court.md").write_text(CARD_PAGE, encoding="utf-8")
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    (folder / "locales").mkdir()
    shutil.copy(ROOT / "locales" / "languages.toml", folder / "locales" / "languages.toml")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config.split("\nnav:")[0] + "\n", encoding="utf-8")
    env = {**os.environ, "KYR_SITE_URL": site_url}

    def kyr(*args):
        subprocess.run([sys.executable, "-m", "kyr.cli", "--root", str(folder), *args], check=True, env=env, capture_output=True)

    kyr("extract")
    kyr("update")
    from kyr import catalog as catalogs

    path = catalogs.po_path(folder / "locales", "es", "court")
    cat = catalogs.load(path)
    for message in cat:
        if message.id:
            message.string = "ES " + message.id
    catalogs.write(path, cat, LANGUAGES["es"])
    kyr("build", "--site", str(folder / "site"))
    return folder / "site"


def pocket_card(html: str) -> str:
    return html.split('<section id="pocket-card"', 1)[1].split("</section>", 1)[0]


def test_pocket_card_uses_the_authors_key_points_their_translation_and_a_public_qr_code(tmp_path):
    site = card_project(tmp_path, "https://kyr.example.org/")
    english = pocket_card((site / "court" / "index.html").read_text(encoding="utf-8"))
    assert "<li>Go to every hearing.</li>" in english
    assert "A mechanical step" not in english, "the author's points replace the mechanical choice"
    assert english.count('href="tel:+18008987180"') == 1, "the phone line is on the card once"
    assert 'class="pocket__qr" src="qr.svg" alt=' in english, "loaded with the page, so print shows it"
    assert '<span class="pocket__address">https://kyr.example.org/</span>' in english
    spanish = pocket_card((site / "es" / "court" / "index.html").read_text(encoding="utf-8"))
    reader, source = spanish.split('<div class="pocket__side pocket__side--source" lang="en">')
    assert "ES Go to every hearing." in reader and "ES Go to every hearing." not in source
    assert "<li>Go to every hearing.</li>" in source
    assert '<span class="pocket__address">https://kyr.example.org/es/</span>' in reader
    assert (site / "es" / "court" / "qr.svg").is_file()


def test_no_qr_code_on_the_card_for_a_local_address(tmp_path):
    site = card_project(tmp_path, "http://localhost:8000/")
    card = pocket_card((site / "court" / "index.html").read_text(encoding="utf-8"))
    assert "pocket__qr" not in card and "pocket__address" not in card, "no QR code and no address to print"
    assert "localhost" not in card
