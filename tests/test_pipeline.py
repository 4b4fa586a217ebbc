"""The pipeline end to end: bad input, unsafe translations, fallback and draft policies."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kyr import catalog as catalogs

from .conftest import ROOT, fill, kyr, make_project

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
"""


@pytest.fixture
def project(tmp_path):
    docs = tmp_path / "src"
    docs.mkdir()
    (docs / "index.md").write_text(SAMPLE, encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\nText.\n", encoding="utf-8")
    return make_project(tmp_path / "project", docs)


def set_translation(project, lang, msgid, msgstr, fuzzy=False, previous=None, domain="index"):
    path = catalogs.po_path(project / "locales", lang, domain)
    cat = catalogs.read_po(path)
    message = cat[msgid]
    message.string = msgstr
    if fuzzy:
        message.flags.add("fuzzy")
    if previous:
        message.previous_id = [previous]
    catalogs.write(path, cat)
    return path


def build(project, *langs):
    args = ["build", "--site", str(project / "site")] + [a for lang in langs for a in ("--language", lang)]
    return kyr(project, *args, check=False)


def page(project, lang, name="index"):
    folder = project / "site" / ("" if lang == "en" else lang)
    return (folder / ("index.html" if name == "index" else f"{name}/index.html")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "msgstr, problem",
    [
        ("Lea la <script>alert(1)</script> página.", "adds HTML"),
        ('Lea <img src=x onerror="alert(1)"> primero.', "adds HTML"),
        ("Lea <iframe src='https://evil.example'></iframe>.", "adds HTML"),
        ("Lea la [página](javascript:alert(1)) primero.", "javascript:"),
        ("Lea la [página](https://evil.example/) primero.", "adds link target"),
        ("Lea la [página](other.md){ onclick=alert(1) } primero.", "attribute list"),
        ("Lea la [página] (other.md) primero.", "space between ] and ("),
        ("Lea **la [página](other.md) primero.", "unbalanced **"),
    ],
)
def test_unsafe_or_broken_translation_is_an_error_and_never_rendered(project, msgstr, problem):
    msgid = "Read the [court page](other.md) first."
    path = set_translation(project, "es", msgid, msgstr)
    checked = kyr(project, "check", check=False)
    assert checked.returncode == 1
    line = next(m.lineno for m in catalogs.read_po(path) if m.id == msgid)
    assert re.search(rf"{re.escape(str(path))}:{line}: error: .*{re.escape(problem)}", checked.stdout), checked.stdout
    assert build(project, "es").returncode == 0
    html = page(project, "es")
    assert "evil.example" not in html and "alert(1)" not in html and "<script>alert" not in html
    assert re.search(r'<p lang="en">Read the <a href="[^"]*other/">court page</a> first.</p>', html)


def test_dropped_link_is_a_warning(project):
    set_translation(project, "es", "Read the [court page](other.md) first.", "Lea primero la página de la corte.")
    checked = kyr(project, "check", check=False)
    assert checked.returncode == 0 and "warning: drops link target 'other.md'" in checked.stdout


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda t: t.replace('msgstr ""\n\n#: docs/index.md', 'msgstr "unterminated\n\n#: docs/index.md', 1), "syntax error"),
        (lambda t: t + '\nmsgid "Second paragraph."\nmsgstr "Otra vez."\n', "duplicate message definition"),
    ],
)
def test_malformed_catalog_stops_the_build_and_keeps_the_old_site(project, damage, message):
    assert build(project).returncode == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    path = catalogs.po_path(project / "locales", "es", "index")
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert re.search(rf"{re.escape(str(path))}:\d+: error: {message}", result.stderr), result.stderr
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob(".site-staging-*"))


def test_catalog_in_another_encoding_is_named(project):
    path = catalogs.po_path(project / "locales", "pt", "index")
    path.write_bytes(path.read_bytes().replace(b'msgid "Second paragraph."\nmsgstr ""', 'msgid "Second paragraph."\nmsgstr "Segundo parágrafo."'.encode("latin-1")))
    result = build(project)
    assert result.returncode == 1 and f"{path}:" in result.stderr and "UTF-8" in result.stderr


def test_fallback_blocks_carry_their_language(project):
    set_translation(project, "es", "Second paragraph.", "Segundo párrafo.")
    assert build(project, "mam", "es").returncode == 0
    mam = page(project, "mam")
    assert '<html lang="mam"' in mam
    assert '<p lang="es">Segundo párrafo.</p>' in mam
    assert re.search(r'<h1 id="sample-page" lang="en">Sample page</h1>', mam)
    assert 'class="banner banner--fallback"' in mam


def test_drafts_are_published_or_hidden_by_policy(project):
    set_translation(project, "es", "Second paragraph.", "Segundo párrafo.", fuzzy=True)
    set_translation(project, "mam", "Second paragraph.", "Tkabʼ tqʼanil.", fuzzy=True)
    assert build(project, "es", "mam").returncode == 0
    es, mam = page(project, "es"), page(project, "mam")
    assert "<p data-draft>Segundo párrafo.</p>" in es and "banner--draft" in es
    assert "Tkabʼ" not in mam
    assert '<p lang="es" data-draft>Segundo párrafo.</p>' in mam


def test_reviewed_translation_has_no_draft_notice(project):
    fill(project, "es", lambda msgid: msgid.upper() if not msgid.startswith("Read") else "Lea la [página](other.md).")
    assert build(project, "es").returncode == 0
    html = page(project, "es")
    assert "data-draft" not in html and "banner--draft" not in html


def test_stale_fuzzy_translation_is_never_shown(project):
    set_translation(project, "es", "Second paragraph.", "Texto viejo.", fuzzy=True, previous="Old paragraph.")
    assert build(project, "es").returncode == 0
    html = page(project, "es")
    assert "Texto viejo" not in html and '<p lang="en">Second paragraph.</p>' in html


def test_glottal_stop_lookalikes_are_warned_in_mayan_catalogs(project):
    set_translation(project, "quc", "Second paragraph.", "K'iche' tzij.")
    checked = kyr(project, "check", check=False)
    assert checked.returncode == 0
    assert "warning: writes the glottal stop with U+0027" in checked.stdout


def test_stats_json(project):
    set_translation(project, "es", "Second paragraph.", "Segundo párrafo.", fuzzy=True)
    set_translation(project, "es", "Sample page", "Página de ejemplo.")
    import json

    stats = json.loads(kyr(project, "stats", "--json").stdout)
    index = stats["es"]["index"]
    assert index["translated"] == 1 and index["fuzzy"] == 1 and index["untranslated"] == 3


def test_pybabel_extract_finds_the_same_messages(project, tmp_path):
    out = tmp_path / "babel.pot"
    subprocess.run(
        [Path(sys.executable).with_name("pybabel"), "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(out), str(project / "docs")],
        check=True, capture_output=True,
    )
    ids = lambda path: {m.id for m in catalogs.read_po(path) if m.id}
    ours = ids(catalogs.template_path(project / "locales", "index")) | ids(catalogs.template_path(project / "locales", "other"))
    assert ids(out) == ours


def test_shipped_catalogs_pass_msgfmt_and_kyr_check():
    for path in sorted((ROOT / "locales").rglob("*.po")):
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    checked = kyr(ROOT, "check", check=False)
    assert checked.returncode == 0 and "error" not in checked.stdout
