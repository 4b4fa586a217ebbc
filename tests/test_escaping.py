"""Every template context escapes what translators wrote: text stays text, values stay values.

A project of its own is built twice in Spanish: once with harmless translations,
once with hostile ones in every place a template inserts translated text (page
title, description, source titles, a heading-only page title shown in its
neighbours' previous/next links, media titles and providers, every theme string).
Both builds must have the same elements with the same attribute names, page for
page, and the hostile text must be on the page, as text.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import re
import pytest

from kyr import catalog as catalogs
from kyr import markers
from kyr.languages import load_languages

from .conftest import PUBLIC_ADDRESS, kyr, make_project

#: Ends an attribute value and opens an element, if a template does not escape it. No digit in it:
#: a number the source lacks is refused as a changed fact (kyr.facts), and this module tests escaping.
BREAKOUT = '"><svg onload=alert(origin)//'
#: Markup written as character references: MkDocs keeps them, Jinja's striptags decodes them.
TITLE = '&lt;/title&gt;&lt;meta http-equiv="refresh" content="0;url=https://evil.example/"&gt;'
#: Turns the description <meta> into a redirect, if the attribute value is not escaped.
DESCRIPTION = '0;url=https://evil.example/" http-equiv="refresh'
HEADING = "Títulos &lt;/title&gt;&lt;svg onload=alert(origin)&gt;"

SAMPLE = """---
title: The sample
description: What the sample page says.
last_reviewed: 2026-11-23
sources:
  - title: First source
    url: https://example.invalid/first
---
# Sample

A paragraph.
"""
HEADINGS = """# Headings only

This page has no front matter: MkDocs takes its title from the heading.
"""
OTHER = """---
title: The other
last_reviewed: 2026-11-23
---
# Other

Between the two.
"""
INDEX = """---
title: The home
---
# Home

Read the [sample](sample.md).
"""
MEDIA = """- id: sample-video
  title: A video about the sample
  provider: A legal service
  url: https://example.invalid/video?a=1&b=2
  languages: [es]
  kind: video
  topics: [sample]
  checked: 2026-11-23
"""


def hostile(domain: str, msgid: str) -> str:
    if domain in (catalogs.THEME, catalogs.MEDIA):
        return msgid + BREAKOUT
    return {
        "The sample": TITLE,
        "What the sample page says.": DESCRIPTION,
        "First source": "Primera fuente" + BREAKOUT,
        "Headings only": HEADING,
        "The other": "Otra" + BREAKOUT,
    }.get(msgid, msgid)


def translate_all(project: Path, translate) -> None:
    language = load_languages(project / "locales" / "languages.toml")["es"]
    for domain in catalogs.domains(project / "locales"):
        path = catalogs.po_path(project / "locales", "es", domain)
        cat = catalogs.load(path)
        for message in cat:
            if message.id:
                message.string = translate(domain, message.id)
        catalogs.write(path, cat, language)


class Shape(HTMLParser):
    """Elements in document order with their attribute names, the text of <title>, and every attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.classes: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(sorted(name for name, _ in attrs))))
        self.classes.append(dict(attrs).get("class") or "")
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def shape(html: str) -> Shape:
    parser = Shape()
    parser.feed(html)
    parser.close()
    return parser


def pages(site: Path) -> dict[str, str]:
    """Each page's HTML, less the template's own status box: a refused translation's fallback adds it."""
    return {
        p.relative_to(site).as_posix(): re.sub(r'<details class="banner[^"]*".*?</details>', "", p.read_text(encoding="utf-8"), flags=re.S)
        for p in sorted((site / "es").rglob("*.html"))
    }


def sample_project(folder: Path) -> Path:
    """A project of the four sample pages and the media registry, in `folder`."""
    docs = folder / "src"
    docs.mkdir()
    for name, text in {"index.md": INDEX, "sample.md": SAMPLE, "headings.md": HEADINGS, "other.md": OTHER}.items():
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "media.yml").write_text(MEDIA, encoding="utf-8")
    return make_project(folder / "project", docs)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("escaping")
    project = sample_project(folder)
    result = {}
    for name, translate in (("harmless", lambda domain, msgid: msgid), ("hostile", hostile)):
        translate_all(project, translate)
        # With a public address, so that the QR code's alt text is on the page too.
        built = kyr(project, "build", "--language", "es", "--site", str(folder / name), check=False,
                    env={"KYR_SITE_URL": PUBLIC_ADDRESS})
        assert built.returncode == 0, built.stderr
        result[name] = pages(folder / name)
    return result


def test_hostile_translations_add_no_element_and_no_attribute(builds):
    """No page gets an element or attribute that no page of the harmless build has.

    Hostile translations are either escaped (this module's concern) or refused by the
    judge, and then the fallback shows with its `lang` and the page's status notice.
    """
    harmless, hostile_pages = builds["harmless"], builds["hostile"]
    assert harmless.keys() == hostile_pages.keys() and len(harmless) >= 4
    known = {e for html in harmless.values() for e in shape_without_fallback(html)}
    for name, html in hostile_pages.items():
        assert set(shape_without_fallback(html)) <= known, name


def shown_as_text_or_refused(found, as_text, fallback):
    """Each hostile translation either reaches the page as text (escaping) or is refused (the judge)."""
    assert as_text in found or fallback in found, (as_text, fallback)
    return as_text in found


def test_hostile_text_is_on_the_page_as_text(builds):
    sample = shape(builds["hostile"]["es/sample/index.html"])
    html = builds["hostile"]["es/sample/index.html"]
    other = builds["hostile"]["es/other/index.html"]
    # A front matter title is YAML text: its character references are shown as written.
    escaped = [
        shown_as_text_or_refused([sample.title], TITLE + " · Know Your Rights" + BREAKOUT, "The sample · Know Your Rights"),
        shown_as_text_or_refused(sample.attributes, ("meta", "content", DESCRIPTION), ("meta", "content", "What the sample page says.")),
        shown_as_text_or_refused(
            sample.attributes,
            ("img", "alt", "QR code: open this page on a phone" + BREAKOUT),
            ("img", "alt", "QR code: open this page on a phone"),
        ),
        shown_as_text_or_refused(html, "Primera fuente&#34;&gt;&lt;svg onload=alert(origin)//", ">First source<"),
        shown_as_text_or_refused(html, "A video about the sample&#34;&gt;&lt;svg onload=alert(origin)//", ">A video about the sample<"),
        # The heading shows its references as characters; so does its title in a neighbour's pager.
        shown_as_text_or_refused(other, "</span> Títulos &lt;/title&gt;&lt;svg onload=alert(origin)&gt;</a>", "Headings only</a>"),
    ]
    assert 'href="https://example.invalid/video?a=1&amp;b=2"' in html
    print(f"\n{sum(escaped)} of {len(escaped)} hostile texts shown as text, the others refused by the judge")


def test_markers_never_reach_the_title_or_an_attribute(builds):
    for name, html in builds["hostile"].items():
        found = shape(html)
        assert not any(mark in found.title for mark in (markers.OPEN, markers.SEP, markers.CLOSE)), name
        for tag, attribute, value in found.attributes:
            assert not any(mark in value for mark in (markers.OPEN, markers.SEP, markers.CLOSE)), (name, tag, attribute)
        assert markers.OPEN not in html and markers.CLOSE not in html, name


# -- generated hostile text ---------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: Pieces an attacker combines: quotes, tags (closed and not), references, schemes, whitespace, Jinja.
PIECES = [
    '"', "'", "`", "<", ">", "/", "=", "&", ";", "\u00a0", "\t", "\n", " ",
    '"><svg onload=alert(1)//', "<x OnXxx=1", "<iframe/src \\/\\/onload = prompt(1)", "</title>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">', "&lt;script&gt;", "&#34;", "&quot;",
    "java&#115;cript:", "javascript:alert(1)", "data:text/html,x", "{{ config }}", "{% raw %}", "-->", "<!--",
    "]]>", "\u2028", "é", "ʼ",
]
hostile_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text("abc XYZ", max_size=4)), min_size=1, max_size=8).map("".join)


def shape_without_fallback(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """Elements and attribute names, less what a refused translation's fallback adds (its lang, its banner)."""
    elements = []
    found = shape(html)
    for (tag, names), classes in zip(found.elements, found.classes):
        if tag == "span" and set(names) <= {"lang", "data-draft"}:
            continue
        if tag == "p" and classes in ("banner banner--fallback", "banner banner--draft"):
            continue
        elements.append((tag, tuple(n for n in names if n not in ("lang", "data-draft"))))
    return elements


@pytest.fixture(scope="module")
def project_for_generated(builds, tmp_path_factory):
    return sample_project(tmp_path_factory.mktemp("generated")), {name: shape_without_fallback(html) for name, html in builds["harmless"].items()}


#: Front matter only: the titles differ from the headings, whose rendering kyr.checks judges (not this test).
FRONT_MATTER = {"The sample", "What the sample page says.", "First source", "The other", "The home"}


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_generated_hostile_text_in_theme_media_and_front_matter_adds_nothing(project_for_generated, tmp_path_factory, data):
    project, harmless = project_for_generated
    chosen: dict[tuple[str, str], str] = {}

    def translate(domain: str, msgid: str) -> str:
        if domain == catalogs.THEME and "%" in msgid:
            return msgid  # format strings keep their placeholders; check_placeholders judges those
        if domain in (catalogs.THEME, catalogs.MEDIA) or msgid in FRONT_MATTER:
            text = data.draw(hostile_text, label=f"{domain}: {msgid}")
            chosen[(domain, msgid)] = text.replace("%", "")  # '%' is a format operator in theme strings
            return chosen[(domain, msgid)]
        return msgid

    translate_all(project, translate)
    site = tmp_path_factory.mktemp("generated-site")
    built = kyr(project, "build", "--language", "es", "--site", str(site), "--no-compress", check=False,
                env={"KYR_SITE_URL": PUBLIC_ADDRESS})
    assert built.returncode == 0, built.stderr
    found = pages(site)
    assert found.keys() == harmless.keys()
    for name, html in found.items():
        assert shape_without_fallback(html) == harmless[name], name
        assert markers.OPEN not in html and markers.CLOSE not in html, name
