"""Hostile translations: judged by what they render to, and nothing they add reaches a page.

- a corpus of our own (tests/fixtures/payloads.txt, ~140 payloads in classes:
  raw elements, quotes hiding tags, escaped backticks, unclosed tags, targets
  with spaces, encoded schemes, attribute lists, block structure) is checked
  once: every payload that would add anything to the page is refused, and the
  counts tried / refused / reaching the page without the check are printed;
- hypothesis writes tags, attributes, quotes, unclosed tags, encoded schemes and
  white space in targets into a page msgstr: a translation that passes the check
  adds nothing to the rendered page;
- theme strings and media titles are plain text: nothing may render as markup;
- a full build with a hostile Spanish catalog: nothing added to any built page,
  and the page scan fails the build when something does get through;
- checks are linear: a 1 MB msgstr costs about 100 times a 10 KB one.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import html5lib
import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kyr import catalog as catalogs
from kyr.apply import Choice, apply
from kyr.checks import SITE_EXTENSIONS, check, default_judge, errors
from kyr.languages import load_languages
from kyr.render_check import EMPHASIS, PLAIN, Judge, compare
from kyr.sanitize import sanitizer_for, scan_page
from kyr.segment import segment

from .conftest import kyr, make_project

PAYLOADS = Path(__file__).parent / "fixtures" / "payloads.txt"
SOURCE = (
    "# Sample\n\n[ref]: https://example.invalid/ref\n\n[Form][ref]\n\n"
    "Read the [court page](other.md) first.\n\nNote.[^1]\n\n[^1]: A note.\n"
)
MSGID = "Read the [court page](other.md) first."
FAITHFUL = "Lea la [página de la corte](other.md) primero."


def corpus() -> list[str]:
    lines = PAYLOADS.read_text(encoding="utf-8").split("\n")
    return [line.replace("\\n", "\n") for line in lines if line and not line.startswith("#")]


def page_with(msgstr: str) -> str:
    """The sample page, rendered as the build renders it, with `msgstr` in place of MSGID and no check."""
    segments = segment(SOURCE)
    choices = [Choice(msgstr, "es", False) if s.text == MSGID else None for s in segments]
    return markdown.markdown(apply(SOURCE, segments, choices, "es").markdown, extensions=list(SITE_EXTENSIONS))


_JUDGE = Judge(SITE_EXTENSIONS)
_CLEAN = None


def added_to_page(msgstr: str) -> list[str]:
    """What the page with `msgstr` has that the page with a faithful translation has not (drops aside)."""
    global _CLEAN
    if _CLEAN is None:
        _CLEAN = _JUDGE.parse(page_with(FAITHFUL))
    return [p for p in compare(_CLEAN, _JUDGE.parse(page_with(msgstr))) if not p.startswith("drops")]


def refused(msgstr: str) -> list[str]:
    labels = default_judge().page_labels(SOURCE)
    return [i.message for i in errors(check(MSGID, msgstr, labels=labels))]


def test_corpus_every_payload_that_reaches_the_page_is_refused(capsys):
    tried = reaching = refused_n = missed = 0
    stopped_by_sanitizer = 0
    clean = sanitizer_for(page_with(FAITHFUL))
    for payload in corpus():
        msgstr = f"{FAITHFUL} {payload}" if not payload.startswith("\n") else FAITHFUL + payload
        tried += 1
        added = added_to_page(msgstr)
        refusal = refused(msgstr)
        reaching += bool(added)
        refused_n += bool(refusal)
        if added and not refusal:
            missed += 1
            print("MISSED", repr(payload), added)
        if added and not [p for p in compare(_CLEAN, _JUDGE.parse(clean(page_with(msgstr)))) if not p.startswith("drops")]:
            stopped_by_sanitizer += 1
    with capsys.disabled():
        print(f"\ncorpus: {tried} tried, {refused_n} refused by kyr check, {reaching} reach the page without the check, "
              f"{missed} reach it with the check; the sanitizer alone stops {stopped_by_sanitizer} of {reaching}")
    assert tried >= 100
    assert missed == 0
    assert reaching > 100  # the corpus is real: most payloads would reach the page


# -- the classes of the issue, one by one ----------------------------------------------------------

CLASSES = [
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/#<">', "adds the element <meta content http-equiv>"),
    ("<iframe src=https://evil.example/ x=\"<\">", "adds the element <iframe src x>"),
    ('<img src="<" onerror=alert(1)>', "adds the element <img onerror src>"),
    ('\\`<meta http-equiv="refresh" content="0;url=https://evil.example/">`', "adds the element <meta content http-equiv>"),
    ("[portal](https://evil.example/ x)", "adds link target 'https://evil.example/ x'"),
    ("[portal](https://evil.example/\u00a0x)", "adds link target 'https://evil.example/\\xa0x'"),
    ("[x](java&#115;cript:alert(1))", "adds a javascript: URL"),
    ("[x](&#106;avascript&#58;alert(1))", "adds a javascript: URL"),
    ("[formulario][ref]", "adds link target '[ref]'"),
    ("[más](other.md){ onclick=alert(1) }", "adds the attribute onclick= to <a>"),
]


@pytest.mark.parametrize("payload, message", CLASSES, ids=[c[1][:40] for c in CLASSES])
def test_each_class_is_refused_and_would_reach_the_page(payload, message):
    msgstr = f"{FAITHFUL} {payload}"
    assert any(message in m for m in refused(msgstr)), refused(msgstr)
    # (A link to a target the page already has elsewhere adds no new target to the page as a whole.)
    reaches = added_to_page(msgstr) or 'formulario</a>' in page_with(msgstr)
    assert reaches, "the payload would not even reach the page"


@pytest.mark.parametrize("payload", ["<iframe/src \\/\\/onload = prompt(1)", "<x OnXxx=1"])
def test_unclosed_tags_render_as_text_in_a_block(payload):
    # Python-Markdown escapes a < that opens no complete tag: the browser sees text, and so does the judge.
    msgstr = f"{FAITHFUL} {payload}"
    assert added_to_page(msgstr) == [] and refused(msgstr) == []
    assert "&lt;" in page_with(msgstr)


# -- generated payloads --------------------------------------------------------------------------

_names = st.sampled_from(["img", "iframe", "meta", "a", "svg", "x", "base", "form", "p", "em", "script", "IMG", "Meta"])
_attrs = st.sampled_from(["src", "href", "onerror", "OnXxx", "onload", "http-equiv", "content", "x", "title", "style", "class"])
_values = st.sampled_from(["<", ">", "x", "https://evil.example/", "0;url=https://evil.example/#<", "alert(1)", "", "`"])
_quotes = st.sampled_from(['"', "'", ""])
_seps = st.sampled_from([" ", "/", "\t", "\n", " \\/\\/"])
_schemes = st.sampled_from(["javascript:", "java&#115;cript:", "&#106;avascript&#58;", "JaVaScRiPt:", "data:text/html,",
                            "vbscript:", "java&Tab;script:", " javascript:", "https://evil.example/"])
_spaces = st.sampled_from([" ", "\u00a0", "\t", "\u2003", "%20", ""])


@st.composite
def tags(draw) -> str:
    name = draw(_names)
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        q = draw(_quotes)
        parts.append(f"{draw(_seps)}{draw(_attrs)}={q}{draw(_values)}{q}")
    closed = draw(st.sampled_from([">", "", "/>", "></" + name + ">"]))
    escape = draw(st.sampled_from(["", "\\`", "`", "\\"]))
    return f"{escape}<{name}{''.join(parts)}{closed}"


@st.composite
def targets(draw) -> str:
    scheme = draw(_schemes)
    return f"[{draw(st.sampled_from(['portal', 'x', 'formulario']))}]({scheme}{draw(_spaces)}alert(1){draw(_spaces)}x)"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(tags(), targets()), min_size=1, max_size=3), st.sampled_from([" ", "\n"]))
def test_a_translation_that_passes_adds_nothing_to_the_page(payloads, glue):
    msgstr = FAITHFUL + glue + " ".join(payloads)
    if refused(msgstr):
        return
    assert added_to_page(msgstr) == [], msgstr


# -- plain text: theme strings, media titles, front matter ----------------------------------------


@pytest.mark.parametrize(
    "msgstr",
    ["Anterior <img src=x onerror=alert(1)>", "Anterior\"><svg onload=alert(1)//", "**Anterior**", "[Anterior](https://evil.example/)",
     "&lt;/title&gt;&lt;meta http-equiv=refresh&gt;", "Anterior <!-- x -->", "`Anterior`"],
)
def test_plain_text_may_render_no_markup(msgstr):
    found = errors(check("Previous", msgstr, kind=PLAIN))
    assert found, msgstr


def test_plain_text_translations_pass():
    for msgid, msgstr in [("Previous", "Anterior"), ("Not yet reviewed: %(n)d", "Sin revisar: %(n)d"), ("Q&A", "P y R"),
                          ("5 < 6", "5 < 6"), ("Video by ACLU", "Video de la ACLU")]:
        assert errors(check(msgid, msgstr, kind=PLAIN)) == [], msgstr


# -- linear time ------------------------------------------------------------------------------------

SHAPES = ["](", "`a", "{a", "[^", "<a ", "[", "*a", "\u00a0](x", "Lea la [página](other.md) primero. "]


def _seconds(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


@pytest.mark.parametrize("shape", SHAPES)
def test_a_1mb_msgstr_is_checked_in_linear_time(shape):
    """A 1 MB msgstr (of a shape that made the old patterns quadratic) costs about 100× a 10 KB one."""
    small, large = (shape * (n // len(shape)) for n in (10_000, 1_000_000))
    judge = Judge(SITE_EXTENSIONS)
    check(MSGID, small, judge=judge)  # warm up
    baseline = min(_seconds(lambda: check(MSGID, small, judge=judge)) for _ in range(3))
    took = min(_seconds(lambda: check(MSGID, large, judge=judge)) for _ in range(2))
    print(f"{shape!r}: 10 KB {baseline * 1000:.1f} ms, 1 MB {took * 1000:.1f} ms")
    # Linear: about 100 times; the margin is for a shared machine. The old patterns took minutes.
    assert took < 100 * baseline * 10 + 0.1, (baseline, took)
    assert errors(check(MSGID, large, judge=judge))  # and it is refused


# -- a full build --------------------------------------------------------------------------------


def hostile_page(n: int) -> str:
    blocks = [f"Case {i}: read the [court page](other.md) first." for i in range(n)]
    return ("# Hostile\n\n[ref]: https://example.invalid/ref\n\n[Form][ref]\n\n" + "\n\n".join(blocks)
            + "\n\n![A photo](photo.png)\n\n!!! note \"Remember\"\n    Text.\n")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    payloads = corpus()
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "src").mkdir()
    (folder / "src" / "index.md").write_text("# Home\n\nSee [the page](hostile.md).\n", encoding="utf-8")
    (folder / "src" / "other.md").write_text("# Other\n\nText.\n", encoding="utf-8")
    (folder / "src" / "hostile.md").write_text(hostile_page(len(payloads)), encoding="utf-8")
    project = make_project(folder / "project", folder / "src")
    language = load_languages(project / "locales" / "languages.toml")["es"]
    path = catalogs.po_path(project / "locales", "es", "hostile")
    cat = catalogs.read_po(path)
    for i, payload in enumerate(payloads):
        glue = "" if payload.startswith("\n") else " "
        cat[f"Case {i}: read the [court page](other.md) first."].string = f"Caso {i}: lea la [página](other.md).{glue}{payload}"
    cat["A photo"].string = 'Una foto](https://evil.example/x.png) <img src=x onerror=alert(1)> ![x'
    cat["Remember"].string = 'Recuerde" onclick="alert(1)'
    catalogs.write(path, cat, language)
    theme = catalogs.po_path(project / "locales", "es", "theme")
    tcat = catalogs.read_po(theme)
    for message in tcat:
        if message.id and "%" not in message.id:
            message.string = f'{message.id}"><svg onload=alert(1)//'
    catalogs.write(theme, tcat, language)
    started = time.perf_counter()
    built = kyr(project, "build", "--site", str(project / "site"), "--language", "en", "--language", "es", check=False)
    return project, built, time.perf_counter() - started


def test_hostile_catalog_builds_and_adds_nothing_to_any_page(hostile):
    project, built, _ = hostile
    assert built.returncode == 0, built.stderr
    # Reader pages; the translators' dashboard (its own meta robots) quotes msgids as text, checked below.
    pages = sorted(p for p in (project / "site").rglob("*.html") if "translators" not in p.parts)
    assert len(pages) >= 6
    dashboard = (project / "site" / "translators" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in dashboard and "evil.example\"" not in dashboard
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert scan_page(html) == [], page
        # Payloads may show as text (escaped); none is an element, an attribute or a target.
        for element in html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False).iter():
            for name, value in element.attrib.items():
                assert "evil.example" not in value and "alert(" not in value and "alert(" not in name, (page, name, value)
    # What came from the catalog: the article and the pocket card, against the English page's.
    def translated_parts(lang: str):
        html = (project / "site" / lang / "hostile" / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        # The template's own status box ("shown in another language"), there because blocks fell back.
        article = re.sub(r'<details class="banner[^"]*".*?</details>', "", article, flags=re.S)
        card = html[html.index('<div class="pocket__side">') : html.index("</section>", html.index("pocket__side"))]
        return _JUDGE.parse(article + card)

    parsed = {lang: translated_parts(lang) for lang in ("es", ".")}
    es, en = parsed["es"], parsed["."]
    # (kyr.markers labels a fallback theme string inside a sentence with <span lang>.)
    assert es.tags <= en.tags | EMPHASIS | {"span"}
    assert es.attributes("span") <= en.attributes("span") | {"lang", "data-draft"}
    for tag in es.tags - {"span"}:  # (role: the template's banner saying some blocks fall back)
        assert es.attributes(tag) <= en.attributes(tag) | {"lang", "data-draft", "role"}, tag


def test_the_page_scan_fails_the_build(tmp_path):
    """Should something get past the checks (here: a raw iframe in the English source), the build stops."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.md").write_text('# Home\n\n<iframe src="https://example.invalid/"></iframe>\n', encoding="utf-8")
    project = make_project(tmp_path / "project", tmp_path / "src")
    (project / "site").mkdir()
    (project / "site" / "keep.txt").write_text("old site", encoding="utf-8")
    built = kyr(project, "build", "--site", str(project / "site"), "--language", "en", check=False)
    assert built.returncode != 0
    assert "index.html: refused to publish: <iframe src='https://example.invalid/'> in the body" in built.stderr
    assert (project / "site" / "keep.txt").read_text(encoding="utf-8") == "old site"


# -- texts that stand inside syntax: an image's alt text, an admonition's title, a link's title ------

CONTEXTS = [
    ("image-alt", "A photo", "Una foto](https://evil.example/x.png) ![x", "adds link target 'https://evil.example/x.png'"),
    ("image-alt", "A photo", 'Una foto" onerror="alert(1)', None),
    ("admonition-title", "Remember", 'Recuerde" onclick="alert(1)', None),
    ("admonition-title", "Remember", "Recuerde <img src=x onerror=alert(1)>", "adds the element <img onerror src>"),
    ("link-title", "Court", 'Corte" onclick="alert(1)', None),
]


@pytest.mark.parametrize("kind, msgid, msgstr, message", CONTEXTS, ids=[f"{c[0]}: {c[2][:30]}" for c in CONTEXTS])
def test_text_is_judged_where_it_stands(kind, msgid, msgstr, message):
    found = [i.message for i in errors(check(msgid, msgstr, kind=kind))]
    if message is None:  # the quote stays inside the attribute value, as text: nothing to refuse
        assert found == [], found
    else:
        assert any(message in m for m in found), found
