"""A right-to-left site: this repository's pages in a pseudo-Arabic added with `kyr add-language ar`, in Chromium.

The shipped languages stay as they are: the project is a copy in a temporary folder.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import serve

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def kyr(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kyr.cli", "--root", str(root), *args], capture_output=True, text=True, check=False)


def make_project(folder: Path) -> Path:
    """This repository's pages, theme, config and languages, in a folder of its own."""
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "locales").mkdir()
    shutil.copy(ROOT / "locales" / "languages.toml", folder / "locales" / "languages.toml")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    assert kyr(folder, "extract").returncode == 0
    return folder


@pytest.fixture(scope="module")
def rtl_site(tmp_path_factory) -> Path:
    from kyr import catalog as catalogs
    from kyr.languages import load_languages
    project = make_project(tmp_path_factory.mktemp("rtl") / "project")
    added = kyr(project, "add-language", "ar")
    assert added.returncode == 0 and "rtl" in added.stdout, added.stderr
    assert kyr(project, "pseudo", "ar").returncode == 0
    # One untranslated block: it shows in English, left to right inside the Arabic page.
    path = catalogs.po_path(project / "locales", "ar", "index")
    catalog = catalogs.read_po(path)
    body = (project / "docs" / "index.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    first = next(m for m in catalog if m.id and len(m.id) > 60 and f"\n{m.id}\n" in body)
    first.string = ""
    catalogs.write(path, catalog, load_languages(project / "locales" / "languages.toml")["ar"])
    built = kyr(project, "build", "--site", str(project / "site"), "--language", "en", "--language", "ar")
    assert built.returncode == 0, built.stderr
    return project / "site"


@pytest.fixture(scope="module")
def rtl_server(rtl_site):
    httpd, base = serve(rtl_site)
    yield base
    httpd.shutdown()


def _pages(site: Path, lang: str) -> list[str]:
    return sorted(f"{lang}/" + ("" if p.parent == site / lang else p.parent.relative_to(site / lang).as_posix() + "/")
                  for p in (site / lang).rglob("index.html"))


def test_every_arabic_page_reads_right_to_left_without_sideways_scroll(browser, rtl_site, rtl_server):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    pages = _pages(rtl_site, "ar")
    assert len(pages) > 5
    for url in pages:
        page.goto(f"{rtl_server}/{url}")
        found = page.evaluate(
            """() => ({dir: document.documentElement.dir, lang: document.documentElement.lang,
                       computed: getComputedStyle(document.querySelector('main')).direction,
                       scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"""
        )
        assert (found["dir"], found["lang"], found["computed"]) == ("rtl", "ar", "rtl"), url
        assert found["scroll"] <= found["client"], f"{url}: {found['scroll']} px wide at 320 px"
    page.close()


def test_english_inside_arabic_reads_left_to_right(browser, rtl_server):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(f"{rtl_server}/ar/")
    english = page.locator('main [lang="en"]').first
    assert english.get_attribute("dir") == "ltr"
    assert english.evaluate("e => getComputedStyle(e).direction") == "ltr"
    # The switcher writes each language in itself, English left to right.
    assert page.locator('.langs a[hreflang="en"]').get_attribute("dir") == "ltr"
    # The English page has no dir but its own, and names Arabic right to left.
    page.goto(f"{rtl_server}/")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.locator('.langs a[hreflang="ar"]').get_attribute("dir") == "rtl"
    page.close()


def test_layout_mirrors_and_numbers_stay_in_order(browser, rtl_server):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(f"{rtl_server}/ar/")
    # The status box (its home page shows a block in English) has its bar on the right, where an Arabic reader starts.
    banner = page.locator(".banner").first
    assert banner.evaluate("e => getComputedStyle(e).borderRightWidth") == "4px"
    assert banner.evaluate("e => getComputedStyle(e).borderLeftWidth") == "0px"
    page.goto(f"{rtl_server}/ar/court-case/#pocket-card")
    # A phone number reads 1-800-..., not in reverse groups (bidi rule W2 in Arabic text).
    phone = page.locator('.pocket__side:not(.pocket__side--source) a[href^="tel:"]').first
    assert phone.evaluate("e => getComputedStyle(e).direction") == "ltr"
    # The card's English side reads left to right beside the Arabic one.
    assert page.locator(".pocket__side--source").evaluate("e => getComputedStyle(e).direction") == "ltr"
    page.close()
