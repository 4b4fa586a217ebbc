"""Without a public address nothing local is printed or linked; with one, every page has its QR code."""

import subprocess
import sys

import pytest

from .conftest import PUBLIC_ADDRESS, ROOT, reader_pages
from kyr.languages import load_languages
from kyr.qr import qr_url

LANGUAGES = load_languages(ROOT / "locales" / "languages.toml")


@pytest.fixture(scope="module")
def unaddressed(tmp_path_factory):
    """This repository's site built as mkdocs.yml leaves it: KYR_SITE_URL unset (so localhost)."""
    import os

    site = tmp_path_factory.mktemp("unaddressed") / "site"
    env = {k: v for k, v in os.environ.items() if k != "KYR_SITE_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "kyr.cli", "--root", str(ROOT), "build", "--site", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    return site, done.stderr


def test_no_local_address_anywhere_in_a_site_built_without_one(unaddressed):
    site, log = unaddressed
    found = [
        str(path.relative_to(site))
        for path in site.rglob("*")
        if path.is_file() and path.suffix not in (".br", ".gz") and (b"localhost" in path.read_bytes() or b"127.0.0.1" in path.read_bytes())
    ]
    assert not found, f"a local address in {found}"
    assert not list(site.rglob("qr.svg")) and not (site / "sitemap.xml").exists()
    assert "Sitemap" not in (site / "robots.txt").read_text(encoding="utf-8")
    page = (site / "es" / "court-case" / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page and "hreflang=" not in page.split("</head>")[0]
    assert 'class="qr' not in page and "pocket__qr" not in page and "pocket__address" not in page
    # One line for the whole build, not one per language or page.
    assert log.count("no public site address") == 1, log


def test_every_page_has_a_qr_code_of_its_own_public_address(built_site):
    pages = reader_pages(built_site)
    assert len(pages) >= len(LANGUAGES.codes) * 10
    for page in pages:
        rel = page.parent.relative_to(built_site).as_posix()
        address = PUBLIC_ADDRESS + ("" if rel == "." else rel + "/")
        html = page.read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{address}">' in html, rel
        assert 'class="qr__img" src="qr.svg"' in html, rel
        if 'id="pocket-card"' in html:
            assert 'class="pocket__qr" src="qr.svg"' in html, rel
        assert qr_url((page.parent / "qr.svg").read_bytes()) == address, rel
    assert PUBLIC_ADDRESS + "es/court-case/" in (built_site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_address_in_the_built_site_is_the_public_one(built_site):
    """No page of a site built with an address links to a local one either."""
    for path in built_site.rglob("*.html"):
        data = path.read_bytes()
        assert b"localhost" not in data and b"127.0.0.1" not in data, path
