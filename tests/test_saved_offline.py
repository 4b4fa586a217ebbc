"""The built site's share texts, offline manifests, service workers and offline pages (issue 11, items 3 and 4)."""

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import brotli
import pytest

from kyr.compress import BROTLI_QUALITY, BROTLI_WINDOW
from kyr.languages import load_languages
from kyr.mkdocs.keep import kilobytes
from kyr.share import LIMIT

from .conftest import PUBLIC_ADDRESS, ROOT, kyr, reader_pages

LANGUAGES = load_languages(ROOT / "locales" / "languages.toml")
WORKER_BROTLI_BUDGET = 2048


def lang_root(site: Path, code: str) -> Path:
    return site if code == LANGUAGES.source else site / code


def pages(site: Path, code: str) -> list[Path]:
    """Every page's index.html of one language (not the other languages' folders)."""
    root = lang_root(site, code)
    others = {c for c in LANGUAGES.codes if c != code}
    return [p for p in reader_pages(root) if p.relative_to(root).parts[0] not in others]


def h1(page: Path) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


@pytest.mark.parametrize("code", LANGUAGES.codes)
def test_every_page_has_a_share_text_within_the_limits(built_site, code):
    report = []
    for page in pages(built_site, code):
        text = (page.parent / "share.txt").read_text(encoding="utf-8")
        name = page.parent.relative_to(built_site).as_posix()
        assert 0 < len(text.rstrip("\n")) <= LIMIT, f"{name}: {len(text)} characters"
        assert text.splitlines()[0] == h1(page), f"{name}: the share text starts with the page's title"
        assert text.count("\n• ") in (1, 2, 3), f"{name}: one to three key points"
        # The site has a public address: the text ends with the page's own link, never a local one.
        assert text.rstrip("\n").splitlines()[-1] == PUBLIC_ADDRESS + ("" if name == "." else name + "/"), name
        assert "localhost" not in text and "127.0.0.1" not in text, name
        # The page's hotline goes with it.
        numbers = re.findall(r'<a href="tel:[^"]*">([^<]+)</a>', page.read_text(encoding="utf-8"))
        if numbers:
            assert any(n in text for n in numbers), f"{name}: none of {numbers} in the share text"
        report.append(len(text))
    print(f"\n{code}: {len(report)} share texts, {min(report)}–{max(report)} characters")


def test_share_text_is_in_the_pages_language(built_site):
    spanish = (built_site / "es" / "court-case" / "share.txt").read_text(encoding="utf-8")
    assert spanish.startswith("Su caso en la corte de inmigración\n")
    assert "Esto no es asesoría legal." in spanish and "1-800-898-7180" in spanish


def test_share_text_links_the_page_when_the_site_has_a_public_address(tmp_path, monkeypatch):
    monkeypatch.setenv("KYR_SITE_URL", "https://kyr.example.org/")
    site = tmp_path / "site"
    kyr(ROOT, "build", "--site", str(site), "--language", "es", "--no-compress")
    text = (site / "es" / "court-case" / "share.txt").read_text(encoding="utf-8")
    assert text.rstrip("\n").endswith("\nhttps://kyr.example.org/es/court-case/")
    assert len(text.rstrip("\n")) <= LIMIT


@pytest.mark.parametrize("code", LANGUAGES.codes)
def test_offline_manifest_lists_the_language_and_what_it_weighs(built_site, code):
    root = lang_root(built_site, code)
    manifest = json.loads((root / "offline.json").read_text(encoding="utf-8"))
    files = manifest["files"]
    assert len(files) == len(set(files))
    assert all("://" not in f and not f.startswith("/") for f in files), "relative to the language's root only"
    paths = [(root / f / "index.html") if f.endswith("/") else root / f for f in files]
    assert all(p.resolve().is_file() for p in paths), [f for f, p in zip(files, paths) if not p.is_file()]
    # Every page and its share text; the site's stylesheet and scripts; no QR code, worker or other language.
    for page in pages(built_site, code):
        rel = page.parent.relative_to(root).as_posix()
        folder = "./" if rel == "." else rel + "/"
        assert folder in files and (folder if folder != "./" else "") + "share.txt" in files
    up = "" if code == LANGUAGES.source else "../"
    assert {up + "assets/kyr.css", up + "assets/kyr.js", up + "assets/offline.js"} <= set(files)
    assert not [f for f in files if f.endswith(("qr.svg", "sw.js", ".br", ".gz", "404.html"))]
    assert [p["url"] for p in manifest["pages"]] and {p["url"] for p in manifest["pages"]} <= set(files)
    # What a reader downloads: the .br copies the host sends (the size was written into the pages after counting).
    sent = sum(len(p.with_name(p.name + ".br").resolve().read_bytes()) for p in paths)
    assert abs(manifest["bytes"] - sent) <= sent // 100, (manifest["bytes"], sent)
    label = kilobytes(manifest["bytes"], LANGUAGES[code].formats) + " KB"  # the unit is not yet translated
    assert f"({label})" in (root / "index.html").read_text(encoding="utf-8")
    assert "KYR-OFFLINE-SIZE" not in (root / "index.html").read_text(encoding="utf-8")
    worker = (root / "sw.js").read_text(encoding="utf-8")
    assert f'" {manifest["version"]}"' not in worker and manifest["version"] in worker and "KYR_VERSION" not in worker
    print(f"\n{code}: {len(files)} files, {manifest['bytes']} bytes brotli ({label}), version {manifest['version']}")


def test_the_service_worker_is_small_and_asks_no_other_host(built_site):
    worker = (built_site / "sw.js").read_bytes()
    packed = len(brotli.compress(worker, quality=BROTLI_QUALITY, lgwin=BROTLI_WINDOW))
    print(f"\nservice worker: {len(worker)} bytes, {packed} bytes brotli (budget {WORKER_BROTLI_BUDGET})")
    assert packed <= WORKER_BROTLI_BUDGET
    assert not re.search(rb"https?:", worker)
    # One worker per language root: its scope is its folder.
    assert all((lang_root(built_site, c) / "sw.js").is_file() for c in LANGUAGES.codes)
    assert not (built_site / "assets" / "sw.js").exists()


@pytest.mark.parametrize("code", LANGUAGES.codes)
def test_offline_page_in_the_language_lists_its_pages_and_needs_no_file(built_site, code):
    root = lang_root(built_site, code)
    text = (root / "offline.html").read_text(encoding="utf-8")
    assert f'<html lang="{code}">' in text
    manifest = json.loads((root / "offline.json").read_text(encoding="utf-8"))
    listed = re.findall(r'data-url="([^"]+)">([^<]*)<', text)
    assert [(u, html.unescape(t)) for u, t in listed] == [(p["url"], p["title"]) for p in manifest["pages"]]
    # Its inline style and script are the ones its policy allows (it answers any address, so it has no files).
    policy = html.unescape(re.search(r'Content-Security-Policy" content="([^"]+)"', text).group(1))
    for tag in ("style", "script"):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", text, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in policy
    assert not re.search(r'(?:src|href)="', text), "no file to load"
