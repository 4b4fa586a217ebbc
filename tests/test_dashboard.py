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
