"""The built files a static host serves as they are: compressed copies and QR codes (no browser needed)."""

import gzip
import re
from pathlib import Path

import brotli
import pytest

from kyr.compress import TEXT_SUFFIXES
from kyr.languages import load_languages
from kyr.qr import qr_svg

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = load_languages(ROOT / "locales" / "languages.toml")


def test_every_text_file_has_brotli_and_gzip_copies_of_the_same_bytes(built_site):
    texts = [p for p in built_site.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES]
    assert len(texts) > 100
    for path in texts:
        data = path.read_bytes()
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data, path
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data, path
    print(f"\n{len(texts)} text files, each with .br and .gz")


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_each_page_has_a_qr_code_of_its_own_url(built_site, lang):
    folder = built_site if lang == LANGUAGES.source else built_site / lang
    pages = [p for p in folder.rglob("index.html") if lang != LANGUAGES.source or p.relative_to(folder).parts[0] not in (*LANGUAGES.codes, "translators")]
    for page in pages:
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
        prefix = "" if lang == LANGUAGES.source else f"/{lang}/"
        assert prefix in canonical
        # The same matrix as a fresh code for that URL: the code opens this page, in this language.
        assert (page.parent / "qr.svg").read_bytes() == qr_svg(canonical), page


def test_no_file_from_material_that_pages_never_load(built_site):
    assert sorted(p.name for p in (built_site / "assets").iterdir() if p.suffix in (".css", ".js")) == ["kyr.css", "kyr.js", "listen.js", "offline.js"]
    assert not list(built_site.rglob("*.woff*")) and not list(built_site.rglob("*.ttf"))
