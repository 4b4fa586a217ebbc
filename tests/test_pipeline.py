"""The pipeline end to end, through the `kyr` command on projects of their own.

- unsafe or broken translations: `kyr check` names FILE:LINE and exits 1; the
  built page shows the fallback for that block and none of the injected markup;
- malformed catalogs (syntax, encoding, duplicates): `kyr build` exits non-zero
  naming FILE:LINE, and the site built before is left byte for byte;
- fallback blocks carry their language; drafts follow each language's policy;
  stale fuzzy entries are never shown; fuzzy text is never shown as reviewed;
- glottal-stop warnings, `kyr stats --json`, `pybabel extract` parity, and
  msgfmt and `kyr check` on the repository's own catalogs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kyr import catalog as catalogs
from kyr.languages import load_languages

from .conftest import ROOT, kyr, make_project
from .htmltext import lang_of, nodes
from .test_checks import UNSAFE

NATIVE_NAMES = {lang.code: lang.name for lang in load_languages(ROOT / "locales" / "languages.toml")}

SAMPLE = """---
title: Sample
last_reviewed: 2026-11-23
sources:
  - title: Source
    url: https://example.invalid/
---
# Sample page

Read the [court page](other.md) first.

Second paragraph.

Third paragraph.

Fourth paragraph.

Fifth paragraph.

Sixth paragraph.
"""
OTHER = """---
title: Other page
last_reviewed: 2026-11-23
---
# Other page

!!! warning
    Text of a page that no language has translated.

- A list item
- Another one
"""


def write_docs(folder: Path, pages: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def set_translation(project: Path, lang: str, domain: str, msgid: str, msgstr: str, fuzzy=False, previous=None) -> Path:
    path = catalogs.po_path(project / "locales", lang, domain)
    cat = catalogs.read_po(path)
    message = cat[msgid]
    message.string = msgstr
    if fuzzy:
        message.flags.add("fuzzy")
    if previous:
        message.previous_id = [previous]
    catalogs.write(path, cat, load_languages(project / "locales" / "languages.toml")[lang])
    return path


def build(project: Path, *langs: str, site: str = "site"):
    args = ["build", "--site", str(project / site)] + [a for lang in langs for a in ("--language", lang)]
    return kyr(project, *args, check=False)


def page(project: Path, lang: str, name: str = "index", site: str = "site") -> str:
    folder = project / site / ("" if lang == "en" else lang)
    return (folder / ("index.html" if name == "index" else f"{name}/index.html")).read_text(encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line of `path` holding `needle`."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


def msgid_line(path: Path, msgid_start: str) -> int:
    """Line of the `msgid` keyword of the entry whose msgid starts with `msgid_start` (wrapped or not)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith(("msgid", '"')) and msgid_start in line)
    while not lines[at].startswith("msgid"):
        at -= 1
    return at + 1


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A project of its own: this repository's config, theme and languages; the sample pages."""
    folder = tmp_path_factory.mktemp("pipeline")
    docs = write_docs(folder / "src", {"index.md": SAMPLE, "other.md": OTHER, "safety.md": safety_page()})
    return make_project(folder / "project", docs)


def clone(base: Path, folder: Path) -> Path:
    shutil.copytree(base, folder, symlinks=True)
    return folder


# -- unsafe translations -------------------------------------------------------------------

# (A footnote reference the page does not define is plain text there: not a case.)
CASES = [msgstr for msgstr, _, rendered in UNSAFE if rendered is not None] + [
    "Lea **la [página](other.md) primero.",
    "Lea la [página] (other.md) primero.",
]
DROPPED_LINK = "Lea primero la página de la corte."


def safety_page() -> str:
    blocks = [f"Case {n}: read the [court page](other.md) first." for n in range(len(CASES) + 1)]
    # The page defines [ref], so a translation that uses it would really link to it.
    return "# Safety\n\n[ref]: https://example.invalid/ref\n\n[Form][ref]\n\n" + "\n\n".join(blocks) + "\n"


@pytest.fixture(scope="module")
def safety(base, tmp_path_factory):
    """Every unsafe translation in one Spanish catalog, checked once and built once."""
    project = clone(base, tmp_path_factory.mktemp("safety") / "project")
    path = catalogs.po_path(project / "locales", "es", "safety")
    cat = catalogs.read_po(path)
    for n, msgstr in enumerate(CASES):
        # Tagged at the end of the first line, so block-level injections still open their line.
        first, newline, rest = msgstr.partition("\n")
        cat[f"Case {n}: read the [court page](other.md) first."].string = f"{first} (caso {n}){newline}{rest}"
    cat[f"Case {len(CASES)}: read the [court page](other.md) first."].string = DROPPED_LINK
    catalogs.write(path, cat, load_languages(project / "locales" / "languages.toml")["es"])
    checked = kyr(project, "check", check=False)
    built = build(project, "es")
    assert built.returncode == 0, built.stderr
    return project, path, checked, page(project, "es", "safety")


@pytest.mark.parametrize("n", range(len(CASES)), ids=[c[:40] for c in CASES])
def test_unsafe_translation_is_reported_and_never_rendered(safety, n):
    project, path, checked, html = safety
    assert checked.returncode == 1
    line = msgid_line(path, f"Case {n}: read")
    assert re.search(rf"^{re.escape(str(path))}:{line}: error: ", checked.stdout, re.M), checked.stdout
    # The block falls back to English, marked as English, and nothing of the translation is there.
    assert re.search(rf'<p lang="en">Case {n}: read the <a href="[^"]*other/">court page</a> first.</p>', html)
    assert f"caso {n})" not in html


def test_no_injected_markup_reaches_the_page(safety):
    _, _, _, html = safety
    body = html[html.index("<body") :]
    for injected in ("evil.example", "alert(1)", "onerror", "onload", "onclick", "<script", "<iframe", "<svg",
                     "javascript:", "data:text", "Título falso", "<!-- oculto", "<blockquote", "<h1 id=\"titulo"):
        assert injected not in body, injected


def test_a_dropped_link_is_an_error_and_the_fallback_is_shown(safety):
    project, path, checked, html = safety
    line = msgid_line(path, f"Case {len(CASES)}: read")
    assert f"{path}:{line}: error: drops link target 'other.md'" in checked.stdout
    assert DROPPED_LINK not in html


# -- malformed catalogs ----------------------------------------------------------------------


def _syntax_error(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgid "Second paragraph."\nmsgstr ""', 'msgid "Second paragraph."\nmsgstr "unterminated', 1)
    path.write_text(text, encoding="utf-8")
    return line_of(path, 'msgstr "unterminated')


def _latin1(path: Path) -> int:
    data = path.read_bytes().replace(
        b'msgid "Second paragraph."\nmsgstr ""', 'msgid "Second paragraph."\nmsgstr "Segundo parágrafo."'.encode("latin-1"), 1
    )
    path.write_bytes(data)
    return data[: data.index("par\xe1grafo".encode("latin-1"))].count(b"\n") + 1


def _duplicate(path: Path) -> int:
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "Second paragraph."\nmsgstr "Otra vez."\n', encoding="utf-8")
    return len(path.read_text(encoding="utf-8").split("\n")) - 2


def _msgid_without_msgstr(path: Path) -> int:
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "Forgotten"\n', encoding="utf-8")
    return len(path.read_text(encoding="utf-8").split("\n")) - 1


MALFORMED = [
    ("es", "index", _syntax_error, "syntax error"),
    ("pt", "index", _latin1, "not valid UTF-8"),
    ("es", "index", _duplicate, "duplicate message definition"),
    ("mam", "theme", _msgid_without_msgstr, "msgid without msgstr"),
]


@pytest.fixture(scope="module")
def built(base, tmp_path_factory):
    project = clone(base, tmp_path_factory.mktemp("built") / "project")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("lang, domain, damage, message", MALFORMED, ids=[m[3] for m in MALFORMED])
def test_malformed_catalog_stops_the_build_and_keeps_the_old_site(built, tmp_path, lang, domain, damage, message):
    project = clone(built, tmp_path / "project")
    before = files(project / "site")
    assert len(before) > 20
    path = catalogs.po_path(project / "locales", lang, domain)
    line = damage(path)
    result = build(project)
    assert result.returncode != 0
    assert re.search(rf"{re.escape(str(path))}:{line}: error: {message}", result.stderr), result.stderr
    assert files(project / "site") == before
    assert not list(project.glob(".site-staging-*")) and not list(project.glob("site.old-*"))
    checked = kyr(project, "check", check=False)
    assert checked.returncode == 1 and f"{path}:{line}: error: {message}" in checked.stdout


# -- fallback, drafts, stale entries --------------------------------------------------------


@pytest.fixture(scope="module")
def policies(base, tmp_path_factory):
    """Translations chosen so that each policy shows on its own block; built in es, mam and quc."""
    project = clone(base, tmp_path_factory.mktemp("policies") / "project")
    t = lambda *a, **k: set_translation(project, *a, **k)  # noqa: E731
    t("es", "index", "Second paragraph.", "Segundo párrafo.")
    t("es", "index", "Third paragraph.", "Tercer párrafo.", fuzzy=True)
    t("mam", "index", "Third paragraph.", "Toxin tqanil.", fuzzy=True)
    t("es", "index", "Fourth paragraph.", "Cuarto párrafo viejo.", fuzzy=True, previous="Old fourth paragraph.")
    t("mam", "index", "Fifth paragraph.", "Tjweʼn tqanil.")
    t("es", "index", "Sixth paragraph.", "Sexto párrafo.")
    t("mam", "index", "Sixth paragraph.", "Tqaqin tqanil.", fuzzy=True)
    result = build(project, "es", "mam", "quc")
    assert result.returncode == 0, result.stderr
    return project


def test_fallback_blocks_carry_their_language(policies):
    mam = page(policies, "mam")
    assert '<html lang="mam"' in mam
    assert '<p lang="es">Segundo párrafo.</p>' in mam
    assert "<p>Tjweʼn tqanil.</p>" in mam  # Mam's own translation: the page's language, no attribute
    assert re.search(r'<h1 id="sample-page" lang="en">Sample page</h1>', mam)
    assert re.search(r'<details class="banner[^"]* banner--fallback[ "]', mam)  # the one status box says it


@pytest.mark.parametrize("lang", ["mam", "quc"])
def test_untranslated_page_is_never_labelled_as_the_readers_language(policies, lang):
    html = page(policies, lang, "other")
    assert f'<html lang="{lang}"' in html
    words = [(text, lang_of(stack)) for text, stack in nodes(html[html.index("<body") :]).texts if re.search("[A-Za-z]", text)]
    assert words
    mislabelled = [text for text, code in words if code == lang and text != NATIVE_NAMES[lang]]
    assert mislabelled == [], "English text under the page's own lang"
    article = html[html.index("<article") : html.index("</article>")]
    assert re.search(r'<h1 id="other-page" lang="en">Other page</h1>', article)
    assert re.search(r'<p class="admonition-title" lang="en">Warning</p>', article)
    assert re.search(r'<li lang="en">A list item</li>', article)


def test_drafts_are_published_or_hidden_by_policy(policies):
    es, mam = page(policies, "es"), page(policies, "mam")
    assert "<p data-draft>Tercer párrafo.</p>" in es and "banner--draft" in es
    assert "Toxin tqanil" not in mam and "Tqaqin tqanil" not in mam  # Mam hides drafts
    assert '<p lang="es" data-draft>Tercer párrafo.</p>' in mam  # ...and falls back to Spanish's published draft
    assert '<p lang="es">Sexto párrafo.</p>' in mam  # a reviewed Spanish block under a hidden Mam draft
    assert "banner--draft" in mam


def test_reviewed_page_has_no_draft_notice(policies):
    html = page(policies, "es", "other")
    assert "data-draft" not in html and "banner--draft" not in html


def test_stale_fuzzy_translation_is_never_shown(policies):
    for lang in ("es", "mam", "quc"):
        html = page(policies, lang)
        assert "Cuarto párrafo viejo" not in html
        assert '<p lang="en">Fourth paragraph.</p>' in html


def test_fuzzy_text_is_never_shown_as_reviewed(policies):
    """Wherever a fuzzy translation's text is on a page, an element above it says data-draft."""
    fuzzy = set()
    for path in (policies / "locales").rglob("*.po"):
        fuzzy |= {m.string for m in catalogs.read_po(path) if m.id and m.fuzzy and m.string}
    assert fuzzy
    for html_file in (policies / "site").rglob("*.html"):
        for text, stack in nodes(html_file.read_text(encoding="utf-8")).texts:
            if text in fuzzy:
                assert any("data-draft" in attrs for _, attrs in stack), (html_file, text)


# -- warnings, stats, extraction ------------------------------------------------------------


def test_glottal_stop_lookalikes_are_warned_in_mayan_catalogs_only(base, tmp_path):
    project = clone(base, tmp_path / "project")
    quc = set_translation(project, "quc", "index", "Second paragraph.", "K'iche' tzij.")
    mam = set_translation(project, "mam", "index", "Third paragraph.", "Tqan’il.")
    es = set_translation(project, "es", "index", "Second paragraph.", "Dice K'iche'.")
    checked = kyr(project, "check", check=False)
    assert checked.returncode == 0
    assert f"{quc}:{msgid_line(quc, 'Second paragraph.')}: warning: writes the glottal stop with U+0027" in checked.stdout
    assert f"{mam}:{msgid_line(mam, 'Third paragraph.')}: warning: writes the glottal stop with U+2019" in checked.stdout
    assert str(es) not in checked.stdout


def test_stats_json(base, tmp_path):
    project = clone(base, tmp_path / "project")
    set_translation(project, "es", "index", "Second paragraph.", "Segundo párrafo.", fuzzy=True)
    set_translation(project, "es", "index", "Sample page", "Página de ejemplo")
    set_translation(project, "es", "other", "A list item", "Un elemento")
    stats = json.loads(kyr(project, "stats", "--json").stdout)
    templates = {d: sum(1 for m in catalogs.read_po(catalogs.template_path(project / "locales", d)) if m.id)
                 for d in catalogs.domains(project / "locales")}
    assert set(stats) == {"es", "pt", "ht", "mam", "quc"}
    entries = ("translated", "fuzzy", "untranslated")

    def counted(figures: dict) -> dict:
        return {k: figures[k] for k in entries}

    assert counted(stats["es"]["index"]) == {"translated": 1, "fuzzy": 1, "untranslated": templates["index"] - 2}
    assert counted(stats["es"]["other"]) == {"translated": 1, "fuzzy": 0, "untranslated": templates["other"] - 1}
    assert stats["es"]["index"]["translated_words"] == 2 and stats["es"]["index"]["fuzzy_words"] == 2
    for lang in ("pt", "ht", "mam", "quc"):
        assert {d: counted(f) for d, f in stats[lang].items()} == {d: {"translated": 0, "fuzzy": 0, "untranslated": n} for d, n in templates.items()}
    assert templates["index"] == 9  # title, source title, heading, six paragraphs


@pytest.mark.parametrize("tree", ["rich", "plain", "repo"])
def test_pybabel_extract_finds_the_same_messages(tree, tmp_path):
    docs = ROOT / "docs" if tree == "repo" else Path(__file__).parent / "fixtures" / tree / "docs"
    out = tmp_path / "babel.pot"
    subprocess.run(
        [str(Path(sys.executable).with_name("pybabel")), "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(out), str(docs)],
        check=True, capture_output=True,
    )
    babel = {(m.context, m.id): sorted(ln for _, ln in m.locations) for m in catalogs.read_po(out) if m.id}
    ours: dict = {}
    for _, template in catalogs.page_templates(docs):
        for m in template:
            if m.id:
                ours.setdefault((m.context, m.id), []).extend(ln for _, ln in m.locations)
    assert babel == {key: sorted(lines) for key, lines in ours.items()}
    assert len(babel) > 10


def test_shipped_catalogs_pass_msgfmt_and_kyr_check():
    catalogs_found = sorted((ROOT / "locales").rglob("*.po"))
    if not catalogs_found:
        pytest.skip("locales/ has no .po file yet")
    for path in catalogs_found:
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    checked = kyr(ROOT, "check", check=False)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout == "", "kyr check is not clean"
