"""Incremental builds: a rebuild keeps what did not change, and its site equals a clean build's, byte for byte.

The property test edits a small project at random (an English page, a catalog,
the theme, the config's environment), rebuilds the same site folder after each
round of edits, builds the project from nothing beside it, and compares the two
sites file by file: every byte, compressed copies included, nothing set aside.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import fill, kyr, make_project
from kyr import buildstate
from kyr import catalog as catalogs
from kyr.languages import load_languages
from kyr.mkdocs.site import build
from kyr.pseudo import pseudo

PAGES = {
    "index.md": "---\ntitle: Home\ndescription: Where to start.\nlast_reviewed: 2026-11-23\n---\n# Home\n\nStart here to know your rights.\n\n## Pages\n\nEvery page is listed.\n",
    "court.md": "---\ntitle: Court\nlast_reviewed: 2026-11-20\n---\n# Court\n\nGo to every hearing.\n\n- Bring your papers.\n- Call 1-800-555-0100 for help.\n\n!!! warning \"Careful\"\n    Missing a hearing can end your case.\n",
    "help.md": "---\ntitle: Legal help\nlast_reviewed: 2026-11-21\n---\n# Legal help\n\nA lawyer can help you for free.\n\n| When | What |\n|------|------|\n| Monday | Clinic |\n",
    "fees.md": "---\ntitle: Fees\nlast_reviewed: 2026-11-22\n---\n# Fees\n\nAsking for asylum costs $100 a year.\n",
    "work.md": "# Work permit\n\nYou can ask for a work permit 150 days after you apply.\n",
    "move.md": "---\ntitle: Moving\n---\n# Moving\n\nTell the court your new address within 5 days.\n",
}


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(a: Path, b: Path) -> None:
    left, right = site_files(a), site_files(b)
    assert sorted(left) == sorted(right), (sorted(set(left) ^ set(right)))[:20]
    differing = [name for name in left if left[name] != right[name]]
    assert not differing, differing[:20]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A three-page project; Spanish and Haitian Creole translated in full, Portuguese in part."""
    src = tmp_path_factory.mktemp("incremental") / "src"
    src.mkdir()
    for name, text in PAGES.items():
        (src / name).write_text(text, encoding="utf-8")
    project = make_project(src.parent / "project", src)
    fill(project, "es", pseudo)
    fill(project, "ht", lambda msgid: msgid.upper() if "%" not in msgid else msgid)
    language = load_languages(project / "locales" / "languages.toml")["pt"]
    path = catalogs.po_path(project / "locales", "pt", "court")
    cat = catalogs.load(path)
    cat["Go to every hearing."].string = "Vá a todas as audiências."
    catalogs.write(path, cat, language)
    return project


@pytest.fixture
def project(template, tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(template, copy)
    return copy


def build_times(log: str) -> str:
    return log.strip().splitlines()[-1]


def pages_built(log: str) -> dict[str, int]:
    """How many pages each language built ("es 0.9s 2/6 pages"); kept languages built none."""
    times = build_times(log).rsplit("(", 1)[1].rstrip(")").split(", ")
    return {part.split()[0]: 0 if part.endswith(" kept") else int(part.split()[2].split("/")[0]) for part in times}


def kept_languages(log: str) -> set[str]:
    """The languages `kyr build` says it kept ("built 6 language(s) into site/ in 1.0s (es 0.9s, en kept, ...)")."""
    times = build_times(log).rsplit("(", 1)[1].rstrip(")").split(", ")
    return {part.split()[0] for part in times if part.endswith(" kept")}


def test_nothing_changed_keeps_every_language(project):
    site = project / "site"
    first = kyr(project, "build", "--site", str(site))
    # The dashboard's counts are kept too, one per catalog: the next build parses none to count it.
    table = load_languages(project / "locales" / "languages.toml")
    memo = buildstate.load_memo(buildstate.cache_path(site) / "stats.json")
    assert len(memo) == len(catalogs.domains(project / "locales")) * len(table.targets)
    again = kyr(project, "build", "--site", str(site))
    assert kept_languages(first.stderr) == set()
    assert kept_languages(again.stderr) == set(table.codes), again.stderr
    clean = kyr(project, "build", "--site", str(project / "clean"), "--clean")
    assert kept_languages(clean.stderr) == set()
    assert_same_site(site, project / "clean")


def test_languages_kept_from_a_build_without_copies_get_their_copies(project):
    site = project / "site"
    kyr(project, "build", "--site", str(site), "--no-compress")
    assert not list(site.rglob("*.br"))
    again = kyr(project, "build", "--site", str(site))
    assert kept_languages(again.stderr) == set(load_languages(project / "locales" / "languages.toml").codes), again.stderr
    kyr(project, "build", "--site", str(project / "clean"), "--clean")
    assert_same_site(site, project / "clean")


def test_a_catalog_rebuilds_its_language_and_those_falling_back_to_it(project):
    site = project / "site"
    kyr(project, "build", "--site", str(site))
    table = load_languages(project / "locales" / "languages.toml")
    path = catalogs.po_path(project / "locales", "es", "help")
    cat = catalogs.load(path)
    cat["A lawyer can help you for free."].string = "Un abogado puede ayudarle gratis."
    catalogs.write(path, cat, table["es"])
    again = kyr(project, "build", "--site", str(site))
    assert kept_languages(again.stderr) == {code for code in table.codes if "es" not in table[code].chain}, again.stderr
    # In those, the page and its neighbours (their pagers show its title), not the others.
    built = pages_built(again.stderr)
    assert all(0 < built[code] <= 3 for code in table.codes if "es" in table[code].chain), again.stderr
    assert "Un abogado puede ayudarle gratis." in (site / "es" / "help" / "index.html").read_text(encoding="utf-8")
    kyr(project, "build", "--site", str(project / "clean"), "--clean")
    assert_same_site(site, project / "clean")


def test_a_stopped_build_leaves_no_manifest_to_trust(project):
    """The manifest goes before the site changes: a build stopped between the two leaves none, and the next build is a full one."""
    site = project / "site"
    kyr(project, "build", "--site", str(site))
    assert set(buildstate.load(site)) == set(load_languages(project / "locales" / "languages.toml").codes)
    buildstate.forget(site)  # as a build stopped after this point would leave it
    again = kyr(project, "build", "--site", str(site))
    assert kept_languages(again.stderr) == set()


def test_another_software_version_rebuilds_everything(project, monkeypatch):
    site = project / "site"
    kyr(project, "build", "--site", str(site))
    data = json.loads(buildstate.manifest_path(site).read_text(encoding="utf-8"))
    monkeypatch.setattr(buildstate, "FORMAT", data["format"] + 1)
    assert buildstate.load(site) == {}
    # Our own code is part of every fingerprint: a changed module is another software version...
    package = project / "package"
    shutil.copytree(Path(buildstate.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    version = buildstate.software(package).hexdigest()
    (package / "apply.py").write_text((package / "apply.py").read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    assert buildstate.software(package).hexdigest() != version
    # ...and another software version is another fingerprint for every language.
    from kyr.mkdocs.site import language_inputs

    table = load_languages(project / "locales" / "languages.toml")
    before, _ = language_inputs(project / "mkdocs.yml", table, None)
    monkeypatch.setattr(buildstate, "software_version", lambda: "another version")
    after, _ = language_inputs(project / "mkdocs.yml", table, None)
    assert all(before[code]["fingerprint"] != after[code]["fingerprint"] for code in table.codes)
    assert all(before[code]["shell"] != after[code]["shell"] for code in table.codes)


def test_a_page_depends_on_its_own_files_and_on_what_the_language_shares(project):
    from kyr.mkdocs.site import language_inputs

    table = load_languages(project / "locales" / "languages.toml")
    before, _ = language_inputs(project / "mkdocs.yml", table, None)
    assert set(before["es"]["pages"]) == set(PAGES)
    path = catalogs.po_path(project / "locales", "es", "court")
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after, _ = language_inputs(project / "mkdocs.yml", table, None)
    # Spanish court catalog: the court page of es and of the languages falling back to Spanish, nothing else.
    for code in table.codes:
        changed = {rel for rel in PAGES if before[code]["pages"][rel] != after[code]["pages"][rel]}
        assert changed == ({"court.md"} if "es" in table[code].chain else set()), code
        assert before[code]["shell"] == after[code]["shell"]
    # A theme catalog is the whole language's.
    path = catalogs.po_path(project / "locales", "es", catalogs.THEME)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    theme, _ = language_inputs(project / "mkdocs.yml", table, None)
    assert theme["es"]["shell"] != after["es"]["shell"] and theme["es"]["pages"] == after["es"]["pages"]
    # With an extension that puts one file into another page, every file is every page's.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n"), encoding="utf-8")
    including, _ = language_inputs(config, table, None)
    assert including["es"]["pages"] == {}


# --- incremental == clean, after random edits ---------------------------------------------

WORDS = st.sampled_from(["hearing", "papers", "lawyer", "asylum", "court", "today", "help", "free"])
SENTENCE = st.lists(WORDS, min_size=2, max_size=6).map(lambda words: " ".join(words).capitalize() + ".")


@st.composite
def edits(draw):
    """One edit of the project: (what, details)."""
    kind = draw(st.sampled_from(["page", "msgstr", "title", "untranslate", "theme", "theme_msgstr", "address", "date"]))
    page = draw(st.sampled_from(sorted(PAGES)))
    lang = draw(st.sampled_from(["es", "pt", "ht", "mam", "quc"]))
    return kind, page, lang, draw(SENTENCE), draw(st.integers(0, 50))


def apply_edit(project: Path, edit, env: dict[str, str]) -> None:
    kind, page, lang, text, which = edit
    locales = project / "locales"
    table = load_languages(locales / "languages.toml")
    domain = page.removesuffix(".md")
    if kind == "page":  # a new paragraph, then extract and update as an author does
        path = project / "docs" / page
        path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
        kyr(project, "extract")
        kyr(project, "update")
    elif kind == "date":
        path = project / "docs" / page
        source = path.read_text(encoding="utf-8")
        path.write_text(source.replace("last_reviewed: 2026-11-2", "last_reviewed: 2026-10-2", 1), encoding="utf-8")
    elif kind in ("msgstr", "title", "untranslate", "theme_msgstr"):
        path = catalogs.po_path(locales, lang, catalogs.THEME if kind == "theme_msgstr" else domain)
        cat = catalogs.load(path)
        messages = [m for m in cat if m.id and isinstance(m.id, str) and "%" not in m.id]
        if kind == "title":  # the page's title: its neighbours' pagers show it
            title = re.search(r"^title: (.+)$|^# (.+)$", PAGES[page], re.M)
            messages = [m for m in messages if m.id == (title[1] or title[2])]
        message = messages[which % len(messages)]
        message.string = "" if kind == "untranslate" else f"{text} ({lang})"
        catalogs.write(path, cat, table[lang])
    elif kind == "theme":
        path = project / "overrides" / "main.html"
        path.write_text(path.read_text(encoding="utf-8").replace("</body>", f"<!-- {text} -->\n</body>", 1), encoding="utf-8")
    elif kind == "address":
        env["KYR_SITE_URL"] = "" if env.get("KYR_SITE_URL") else "https://kyr.example.org/"


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rounds=st.lists(st.lists(edits(), min_size=1, max_size=3), min_size=2, max_size=3))
def test_incremental_build_equals_clean_build(template, tmp_path_factory, rounds):
    project = tmp_path_factory.mktemp("edits") / "project"
    shutil.copytree(template, project)
    env = {"KYR_SITE_URL": "https://kyr.example.org/"}
    site, clean = project / "site", project / "clean"
    for edits_of_round in rounds:
        for edit in edits_of_round:
            apply_edit(project, edit, env)
        built = kyr(project, "build", "--site", str(site), env=env, check=False)
        assert built.returncode == 0, built.stderr
        shutil.rmtree(clean, ignore_errors=True)
        kyr(project, "build", "--site", str(clean), "--clean", env=env)
        assert_same_site(site, clean)


# --- one language per machine, then assemble ------------------------------------------------


def test_languages_built_apart_and_assembled_equal_one_build(project):
    """What a CI matrix does: each part is one machine's `kyr build --language X`, then `kyr assemble`."""
    env = {"KYR_SITE_URL": "https://kyr.example.org/"}
    parts = project / "parts"
    for group in (["en"], ["es", "pt"], ["ht"], ["mam"], ["quc"]):
        part = parts / "-".join(group)
        kyr(project, "build", "--site", str(part), *[a for code in group for a in ("--language", code)], env=env)
    folders = [str(part) for part in sorted(parts.iterdir()) if part.is_dir() and not part.name.startswith(".")]
    # A part missing or given twice: nothing is written.
    site = project / "site"
    (site / "keep.txt").parent.mkdir()
    (site / "keep.txt").write_text("the previous site", encoding="utf-8")
    missing = kyr(project, "assemble", str(parts / "en"), str(parts / "es-pt"), "--site", str(site), env=env, check=False)
    assert missing.returncode == 1
    assert "ht: in no part (build it with kyr build --language ht)" in missing.stderr
    twice = kyr(project, "assemble", *folders, str(parts / "ht"), "--site", str(site), env=env, check=False)
    assert twice.returncode == 1 and "ht is in two parts" in twice.stderr
    assert (site / "keep.txt").read_text(encoding="utf-8") == "the previous site"
    kyr(project, "assemble", *folders, "--site", str(site), env=env)
    kyr(project, "build", "--site", str(project / "whole"), env=env)
    assert_same_site(site, project / "whole")
