"""QR codes as a phone reads them, and the USB-stick zips opened from disk (file://) in Chromium."""

import io
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image

from kyr.languages import load_languages
from kyr.offline import make_offline

from ..conftest import PUBLIC_ADDRESS, reader_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = load_languages(ROOT / "locales" / "languages.toml")
NAME = "know-your-rights"


def decode(png: bytes) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_every_printed_qr_code_opens_its_own_page(browser, built_site):
    """Decoded from what Chromium draws in print, the way a phone's camera reads the paper."""
    context = browser.new_context(viewport={"width": 794, "height": 1123}, device_scale_factor=2)
    page = context.new_page()
    page.emulate_media(media="print")
    pages = reader_pages(built_site)
    for file in pages:
        rel = file.parent.relative_to(built_site).as_posix()
        address = PUBLIC_ADDRESS + ("" if rel == "." else rel + "/")
        page.goto(file.as_uri())
        assert decode(page.locator(".qr__img").screenshot()) == [address], rel
    assert len(pages) >= 10 * len(LANGUAGES.codes)
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_the_pocket_cards_qr_code_opens_its_page(browser, built_site, lang):
    context = browser.new_context(device_scale_factor=4)
    page = context.new_page()
    folder = built_site if lang == LANGUAGES.source else built_site / lang
    page.goto((folder / "court-case" / "index.html").as_uri() + "#pocket-card")
    page.emulate_media(media="print")
    codes = page.locator(".pocket__qr")
    assert codes.count() == (1 if lang == LANGUAGES.source else 2)
    address = PUBLIC_ADDRESS + ("" if lang == LANGUAGES.source else f"{lang}/") + "court-case/"
    for n in range(codes.count()):
        assert decode(codes.nth(n).screenshot()) == [address]
    context.close()


@pytest.fixture(scope="module")
def usb(built_site, tmp_path_factory):
    """The zips as a shelter's laptop has them: copied to a stick and unpacked."""
    dist = tmp_path_factory.mktemp("dist")
    make_offline(built_site, dist, LANGUAGES.codes, LANGUAGES.source, "Know Your Rights", creator="Test", publisher="Test")
    stick = tmp_path_factory.mktemp("stick")
    for archive in dist.glob("*.zip"):
        zipfile.ZipFile(archive).extractall(stick)
    return stick


def follow(page, selector: str) -> None:
    """Click a link and check it opened a page, not a folder listing."""
    with page.expect_navigation():
        page.click(selector)
    assert page.url.endswith(".html") or ".html#" in page.url or ".html?" in page.url, page.url
    assert page.locator("article.page h1, main h1").count() >= 1, page.url


def test_the_whole_site_works_from_a_usb_stick(browser, usb):
    context = browser.new_context()
    page = context.new_page()
    schemes = set()
    page.on("request", lambda request: schemes.add(urlsplit(request.url).scheme))
    page.goto((usb / NAME / "index.html").as_uri())
    follow(page, 'article a[href$="court-case/index.html"]')
    assert page.url.endswith("/court-case/index.html")
    follow(page, '.langs a[hreflang="es"]')
    assert page.url.endswith("/es/court-case/index.html")
    assert page.evaluate("document.documentElement.lang") == "es"
    follow(page, 'a[rel="next"]')
    follow(page, "a.home")
    assert page.url.endswith("/es/index.html")
    assert page.evaluate("getComputedStyle(document.querySelector('.qr')).display") == "none", "kyr.css applies"
    assert schemes <= {"file", "data"}, schemes
    context.close()


@pytest.mark.parametrize("lang", ["es", LANGUAGES.source])
def test_a_language_zip_works_from_a_usb_stick(browser, usb, lang):
    context = browser.new_context()
    page = context.new_page()
    root = usb / f"{NAME}-{lang}" / ("" if lang == LANGUAGES.source else lang)
    page.goto((root / "index.html").as_uri())
    follow(page, 'article a[href$="/index.html"]')
    follow(page, 'a[rel="next"]')
    follow(page, "a.home")
    assert page.url == (root / "index.html").as_uri()
    # Every link of the page opens a file the copy holds.
    for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
        if href.startswith("file:"):
            target = Path(urlsplit(href).path)
            assert target.is_file(), href
    context.close()
