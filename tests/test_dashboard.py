"""The translators' dashboard and `kyr stats`: figures as pocount counts them, refusals, noindex."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kyr import catalog as catalogs
from kyr import stats
from kyr.languages import load_languages
from kyr.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"

SMALL = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: es\\n"

msgid "Call <b>1-800-898-7180</b> now."
msgstr "Llame al <b>1-800-898-7180</b> ahora."

#, fuzzy
#| msgid "Old text here"
msgid "New text, here."
msgstr "Texto viejo aquí"

#, fuzzy
msgid "A draft... with e.g. dots"
msgstr "Un borrador"

#, fuzzy
msgid "Fuzzy but empty"
msgstr ""

msgid "¿Nothing yet? «quoted» — word"
msgstr ""

#~ msgid "Obsolete"
#~ msgstr "Obsoleto"
'''


def pocount(path: Path) -> dict[str, int]:
    """pocount's CSV figures of one file."""
    out = subprocess.run(["pocount", "--csv", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [r for r in csv.reader(io.StringIO(out)) if r and not r[0].startswith("Filename")]
    values = [int(v) for v in rows[-1][1:10]]
    keys = ["translated", "translated_words", "translated_target_words", "fuzzy", "fuzzy_words",
            "untranslated", "untranslated_words", "total", "total_words"]
    return dict(zip(keys, values))


def ours(path: Path) -> dict[str, int]:
    figures = stats.count(read_po(path)).as_dict()
    return {k: figures[k] for k in ("translated", "translated_words", "translated_target_words", "fuzzy",
                                    "fuzzy_words", "untranslated", "untranslated_words", "total", "total_words")}


def test_small_fixture_counts(tmp_path):
    path = tmp_path / "small.po"
    path.write_text(SMALL, encoding="utf-8")
    c = stats.count(read_po(path))
    assert (c.translated, c.draft, c.stale, c.untranslated) == (1, 1, 1, 2)
    assert c.stale_words == 3 and c.translated_words == 3 and c.translated_target_words == 4


needs_pocount = pytest.mark.skipif(shutil.which("pocount") is None, reason="translate-toolkit's pocount is not installed")


@needs_pocount
def test_small_fixture_matches_pocount(tmp_path):
    path = tmp_path / "small.po"
    # pocount leaves a fuzzy entry with an empty msgstr out of every count; we count it missing.
    path.write_text(SMALL.replace('#, fuzzy\nmsgid "Fuzzy but empty"', 'msgid "Fuzzy but empty"'), encoding="utf-8")
    assert ours(path) == pocount(path)
    path.write_text(SMALL, encoding="utf-8")
    theirs, mine = pocount(path), ours(path)
    assert (mine["untranslated"], mine["untranslated_words"]) == (theirs["untranslated"] + 1, theirs["untranslated_words"] + 3)


@needs_pocount
def test_shipped_catalogs_match_pocount():
    paths = sorted(LOCALES.glob("*/LC_MESSAGES/*.po"))
    assert paths
    figures = {str(p): (ours(p), pocount(p)) for p in paths}
    mismatched = {p: pair for p, pair in figures.items() if pair[0] != pair[1]}
    assert not mismatched


def test_stats_json_is_the_collected_counts():
    out = subprocess.run([sys.executable, "-m", "kyr.cli", "--root", str(ROOT), "stats", "--json"],
                         capture_output=True, text=True, check=True).stdout
    figures = json.loads(out)
    collected = stats.as_json(stats.collect(LOCALES, load_languages(LOCALES / "languages.toml")))
    assert figures == collected
    es = figures["es"]["court-case"]
    assert es["total"] == es["translated"] + es["fuzzy"] + es["untranslated"]
    assert es["total_words"] > 0 and es["stale"] <= es["fuzzy"]


# -- the dashboard in a built site ----------------------------------------------------------------

import re  # noqa: E402

from .conftest import PUBLIC_ADDRESS, kyr, make_project  # noqa: E402

PAGE = "---\ntitle: Court\n---\n# Court\n\nFirst paragraph.\n\nSecond paragraph.\n"
INDEX = "---\ntitle: Home\n---\n# Home\n\nRead the [court page](court.md).\n"
REFUSED = "Primer <script>x</script> párrafo."


def dashboard_figures(page: str) -> dict[str, dict[str, dict[str, int]]]:
    """{lang: {domain: {key: value}}} read back from the dashboard's table cells."""
    figures: dict = {}
    for lang, domain, cells in re.findall(r'<tr data-lang="([^"]+)" data-domain="([^"(][^"]*)">(.*?)</tr>', page, re.S):
        figures.setdefault(lang, {})[domain] = {k: int(v) for k, v in re.findall(r'data-key="(\w+)">(\d+)<', cells)}
    return figures


def expected(stats_json: dict) -> dict:
    keys = ("translated", "stale", "untranslated", "translated_words", "stale_words", "untranslated_words")
    return {
        lang: {
            domain: {**{k: c[k] for k in keys}, "draft": c["fuzzy"] - c["stale"], "draft_words": c["fuzzy_words"] - c["stale_words"]}
            for domain, c in domains.items()
        }
        for lang, domains in stats_json.items()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A small project: the Spanish court page translated, one translation refused by the build, one stale."""
    folder = tmp_path_factory.mktemp("dashboard")
    docs = folder / "src"
    docs.mkdir()
    (docs / "index.md").write_text(INDEX, encoding="utf-8")
    (docs / "court.md").write_text(PAGE, encoding="utf-8")
    project = make_project(folder / "project", docs)
    path = catalogs.po_path(project / "locales", "es", "court")
    cat = read_po(path)
    for msgid, msgstr in {"Court": "Corte", "First paragraph.": REFUSED, "Second paragraph.": "Segundo párrafo."}.items():
        cat[msgid].string = msgstr
    cat["Second paragraph."].flags.add("fuzzy")
    cat["Second paragraph."].previous_id = ["Old second paragraph."]
    catalogs.write(path, cat, load_languages(project / "locales" / "languages.toml")["es"])
    # Built with a public address, as a published site is: then it has a sitemap to keep the dashboard out of.
    result = kyr(project, "build", "--site", str(project / "site"), check=False, env={"KYR_SITE_URL": PUBLIC_ADDRESS})
    assert result.returncode == 0, result.stderr
    return project


def test_dashboard_figures_equal_stats_json(project):
    page = (project / "site" / "translators" / "index.html").read_text(encoding="utf-8")
    figures = json.loads(kyr(project, "stats", "--json").stdout)
    assert dashboard_figures(page) == expected(figures)
    court = figures["es"]["court"]
    assert (court["translated"], court["stale"], court["stale_words"]) == (2, 1, 2)


@needs_pocount
def test_fixture_catalogs_equal_pocount(project):
    for path in sorted((project / "locales").glob("*/LC_MESSAGES/*.po")):
        assert ours(path) == pocount(path), path


def test_dashboard_lists_the_builds_refusals_with_file_and_line(project):
    page = (project / "site" / "translators" / "index.html").read_text(encoding="utf-8")
    path = catalogs.po_path(project / "locales", "es", "court")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text == 'msgid "First paragraph."')
    assert f"locales/es/LC_MESSAGES/court.po:{line}" in page
    assert "adds the element &lt;script&gt;" in page and "<script>" not in page
    # Links to the catalog's page and the built page; the built page shows the fallback.
    assert 'href="../es/court/"' in page and (project / "site" / "es" / "court" / "index.html").is_file()
    assert "First paragraph." in (project / "site" / "es" / "court" / "index.html").read_text(encoding="utf-8")


def test_dashboard_is_hidden_from_readers_and_crawlers(project):
    site = project / "site"
    page = (site / "translators" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page
    assert "translators" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    readers = [p for p in site.rglob("*.html") if "translators" not in p.parts]
    assert readers and not [p for p in readers if "translators" in p.read_text(encoding="utf-8")]
    # No script, no third party: the site's own stylesheet only.
    assert "<script" not in page and not re.search(r'(?:href|src)="(?:https?:)?//', page)
    assert 'href="../assets/kyr.css"' in page and (site / "assets" / "kyr.css").is_file()


def test_build_output_has_no_preview_banner(project):
    for path in (project / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "Preview only" not in text and "The last build failed" not in text, path


SHIPPED = ROOT / "site" / "translators" / "index.html"


@pytest.mark.skipif(not SHIPPED.is_file(), reason="site/ is not built (make site)")
def test_shipped_dashboard_equals_stats_json():
    figures = json.loads(kyr(ROOT, "stats", "--json").stdout)
    assert dashboard_figures(SHIPPED.read_text(encoding="utf-8")) == expected(figures)
