"""`kyr offline`: a ZIM file that Kiwix reads and searches, and zips that work from a USB stick."""

import zipfile
from pathlib import Path

import pytest
from libzim.reader import Archive
from libzim.search import Query, Searcher
from libzim.suggestion import SuggestionSearcher

from kyr.dashboard import FOLDER as DASHBOARD
from kyr.languages import load_languages
from kyr.offline import make_offline, site_files

from .conftest import ROOT

LANGUAGES = load_languages(ROOT / "locales" / "languages.toml")
NAME = "know-your-rights"


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def dist(built_site, tmp_path_factory):
    before = snapshot(built_site)
    out = tmp_path_factory.mktemp("dist")
    made = make_offline(built_site, out, LANGUAGES.codes, LANGUAGES.source, "Know Your Rights", creator="Test creator", publisher="Test publisher")
    assert snapshot(built_site) == before, "the offline copies never change site/"
    assert {m.path.name for m in made} == {f"{NAME}.zim", f"{NAME}.zip", *(f"{NAME}-{c}.zip" for c in LANGUAGES.codes)}
    return out


def pages(site: Path) -> list[str]:
    return [f for f in site_files(site) if f.endswith("index.html")]


def test_the_zim_holds_every_page_of_every_language(built_site, dist):
    zim = Archive(dist / f"{NAME}.zim")
    expected = pages(built_site)
    assert len(expected) >= 10 * len(LANGUAGES.codes)
    for path in expected:
        assert zim.has_entry_by_path(path), path
        entry = zim.get_entry_by_path(path)
        assert entry.title and entry.title != path, path
    assert zim.main_entry.get_item().path == "index.html"
    assert zim.article_count == len(expected)  # every page is a front article, nothing else is
    assert not any(zim.has_entry_by_path(f) for f in ("sitemap.xml", "robots.txt", "index.html.br", "index.html.gz"))
    # Links inside the ZIM name files, as a reader without a web server's folder rule needs.
    court = bytes(zim.get_entry_by_path("es/court-case/index.html").get_item().content).decode()
    assert 'href="../index.html"' in court and 'href="../../court-case/index.html"' in court


def test_the_zim_says_what_it_is(dist):
    zim = Archive(dist / f"{NAME}.zim")
    meta = {key: bytes(zim.get_metadata(key)).decode() for key in zim.metadata_keys if not key.startswith("Illustration")}
    assert meta["Language"] == "eng,spa,por,hat,mam,quc"
    assert meta["Name"] == "know_your_rights_mul_all" and meta["Title"] == "Know Your Rights"
    assert meta["Creator"] == "Test creator" and meta["Publisher"] == "Test publisher"
    assert meta["Description"] and len(meta["Description"]) <= 80
    assert len(meta["Date"]) == 10
    assert zim.has_illustration(48)
    png = bytes(zim.get_illustration_item(48).content)
    assert png.startswith(b"\x89PNG") and png[16:24] == (48).to_bytes(4, "big") * 2
    assert zim.has_fulltext_index and zim.has_title_index
    assert zim.check(), "libzim's own checks"


def test_kiwix_finds_spanish_pages_for_asilo(dist):
    zim = Archive(dist / f"{NAME}.zim")
    search = Searcher(zim).search(Query().set_query("asilo"))
    found = list(search.getResults(0, 50))
    assert search.getEstimatedMatches() >= 3
    assert any(path.startswith("es/") for path in found), found
    suggestions = list(SuggestionSearcher(zim).suggest("asilo").getResults(0, 20))
    assert suggestions, "no title suggestion for asilo"


def test_every_zip_leaves_out_what_only_a_web_host_needs(dist):
    for archive in dist.glob("*.zip"):
        names = zipfile.ZipFile(archive).namelist()
        assert names and not [n for n in names if n.endswith((".br", ".gz", "/sitemap.xml", "/robots.txt"))], archive.name


def test_no_copy_holds_the_translators_dashboard(built_site, dist):
    """The dashboard is for translators, and links to catalogs no copy holds: readers' copies leave it out."""
    assert (built_site / DASHBOARD / "index.html").is_file()
    for archive in dist.glob("*.zip"):
        assert not [n for n in zipfile.ZipFile(archive).namelist() if f"/{DASHBOARD}/" in n], archive.name
    zim = Archive(dist / f"{NAME}.zim")
    assert not zim.has_entry_by_path(f"{DASHBOARD}/index.html")


def test_the_whole_zip_holds_every_page(built_site, dist):
    names = set(zipfile.ZipFile(dist / f"{NAME}.zip").namelist())
    assert {f"{NAME}/{p}" for p in pages(built_site)} <= names


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_each_language_zip_holds_its_language_and_the_shared_assets(built_site, dist, lang):
    folder = f"{NAME}-{lang}"
    names = [n.removeprefix(folder + "/") for n in zipfile.ZipFile(dist / f"{folder}.zip").namelist()]
    others = [c for c in LANGUAGES.codes if c != LANGUAGES.source]
    own = [p for p in pages(built_site) if (p.split("/")[0] == lang if lang in others else p.split("/")[0] not in others)]
    assert set(own) <= set(names) and len(own) >= 10
    assert "assets/kyr.css" in names and "assets/kyr.js" in names
    for name in names:
        top = name.split("/")[0]
        assert top not in others or top == lang, f"{lang} zip holds {name}"
        if lang != LANGUAGES.source and name.endswith(".html"):
            assert top == lang, f"{lang} zip holds {name}"
    # The switcher's links to languages this copy lacks are text, not dead links.
    page = zipfile.ZipFile(dist / f"{folder}.zip").read(f"{folder}/{own[0]}").decode()
    switcher = page.split('class="langs"')[1].split("</nav>")[0]
    assert switcher.count("href=") == 1 and switcher.count("hreflang=") == len(LANGUAGES.codes), switcher
