"""`kyr serve`'s fast path (kyr.mkdocs.preview): a saved page catalog renders its page as a build does."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kyr import buildstate, refusals
from kyr import catalog as catalogs
from kyr.languages import load_languages
from kyr.mkdocs.pagecache import STATE_VARIABLE
from kyr.mkdocs.preview import PagePreview
from kyr.pofile import read_po

from .conftest import DASHBOARD, PUBLIC_ADDRESS, kyr
from .test_dashboard import REFUSED, project  # noqa: F401  (the built project fixture)

#: What an in-process build sets for its plugin (kyr.mkdocs.site.run_language), put back after each test.
BUILD_VARIABLES = ("KYR_BUILD_LANGUAGE", "KYR_PREVIOUS_SITE", "KYR_RECORDINGS", "KYR_REFUSALS", STATE_VARIABLE)
#: The save button's size: the fast path keeps the last build's, a build measures it again.
SAVE_BUTTON = re.compile(rb'(<div class="keep"[^>]*>\s*<button>)[^<]*(</button>)')


@pytest.fixture
def copied(project, tmp_path, monkeypatch):  # noqa: F811
    """A copy of the built project, its preview, and the environment as it was afterwards."""
    for name in BUILD_VARIABLES:
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("KYR_SITE_URL", PUBLIC_ADDRESS)  # as the project's site was built
    folder = tmp_path / "project"
    shutil.copytree(project, folder, symlinks=True)
    table = load_languages(folder / "locales" / "languages.toml")
    preview = PagePreview((folder / "mkdocs.yml").resolve(), folder / "site", table)
    yield folder, preview
    preview.close()


def page_files(site: Path, langs: list[str]) -> dict[str, bytes]:
    """Every page, QR code and share text of the languages, the save button's size masked."""
    found = {}
    for lang in langs:
        for path in sorted((site / lang).rglob("*")):
            if path.name in ("index.html", "qr.svg", "share.txt"):
                data = path.read_bytes()
                found[path.relative_to(site).as_posix()] = SAVE_BUTTON.sub(rb"\1\2", data) if path.suffix == ".html" else data
    return found


def save(folder: Path, lang: str, domain: str, translations: dict[str, str]) -> Path:
    path = catalogs.po_path(folder / "locales", lang, domain)
    cat = read_po(path)
    for msgid, msgstr in translations.items():
        cat[msgid].string = msgstr
    catalogs.write(path, cat, load_languages(folder / "locales" / "languages.toml")[lang])
    return path


@pytest.mark.parametrize("warm", [True, False], ids=["sessions-made-before", "sessions-made-on-save"])
def test_a_saved_page_catalog_renders_its_page_in_every_language_showing_it_as_a_build_does(copied, tmp_path, warm):
    folder, preview = copied
    site = folder / "site"
    if warm:  # as `kyr serve` does once it has built: then the save renders the pages again
        for code in ("es", "mam", "quc"):
            preview.session(code)
    # A new title (the home page's pager shows it), and the refused translation fixed.
    path = save(folder, "es", "court", {"Court": "Tribunal", "First paragraph.": "Primer párrafo."})
    assert preview.pages_saved({path})
    page = (site / "es" / "court" / "index.html").read_text(encoding="utf-8")
    assert "Primer párrafo." in page and "Tribunal" in page
    assert "Tribunal" in (site / "es" / "index.html").read_text(encoding="utf-8")  # the neighbour's pager
    assert "Primer párrafo." in (site / "mam" / "court" / "index.html").read_text(encoding="utf-8")  # Mam falls back to Spanish
    # What the page refused is gone from the preview's banners, and the next build builds these languages again.
    shown = refusals.load_by_language(site / DASHBOARD / "refused.json")
    assert not [r for r in shown.get("es", []) if r.domain == "court"]
    assert {"es", "mam", "quc"}.isdisjoint(buildstate.load(site)) and "en" in buildstate.load(site)
    # A clean build of the same inputs writes the same pages.
    clean = tmp_path / "clean"
    kyr(folder, "build", "--clean", "--site", str(clean), env={"KYR_SITE_URL": PUBLIC_ADDRESS})
    assert page_files(site, ["es", "mam", "quc"]) == page_files(clean, ["es", "mam", "quc"])
    # A second save uses the same sessions, and a translation refused again is shown as refused.
    path = save(folder, "es", "court", {"First paragraph.": REFUSED})
    assert preview.pages_saved({path})
    assert "Primer párrafo." not in (site / "es" / "court" / "index.html").read_text(encoding="utf-8")
    shown = refusals.load_by_language(site / DASHBOARD / "refused.json")
    assert [r.msgid for r in shown["es"] if r.domain == "court"] == ["First paragraph."]


def test_anything_else_saved_goes_the_full_way_and_a_broken_catalog_writes_nothing(copied):
    folder, preview = copied
    site = folder / "site"
    before = page_files(site, ["es", "mam", "quc"])
    locales = folder / "locales"
    assert not preview.pages_saved({catalogs.po_path(locales, "es", catalogs.THEME)})
    assert not preview.pages_saved({folder / "docs" / "court.md"})
    assert not preview.pages_saved(set())  # the server was told of no path: a change of config
    # Poedit's .mo beside a saved catalog is not a reason to build everything.
    path = catalogs.po_path(locales, "es", "court")
    assert preview.pages_saved({path, path.with_suffix(".mo")})
    # An unescaped quote: the fast path gives up (the full build says FILE:LINE) and writes nothing.
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "Corte"', 'msgstr "La "Corte""'), encoding="utf-8")
    assert not preview.pages_saved({path})
    assert page_files(site, ["es", "mam", "quc"]) == before
    assert not preview.sessions
