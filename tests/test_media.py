"""The media registry is valid, uses only known https URLs, and orders cards for the reader."""

import re
from pathlib import Path

import pytest

from kyr import media

ROOT = Path(__file__).resolve().parents[1]
# CI runs in a fresh clone with shared/ beside the repository.
FACTS = Path(__file__).resolve().parents[2] / "shared" / "content-facts.md"
URL = re.compile(r"https?://[^\s)\"'<>]+")


def test_shipped_registry_is_valid():
    entries = media.load_media(ROOT / "docs" / "media.yml")
    assert entries and all(e["url"].startswith("https://") for e in entries)


@pytest.mark.skipif(not FACTS.exists(), reason="the shared fact base is not beside the repository")
def test_every_url_is_in_the_fact_base():
    facts = FACTS.read_text(encoding="utf-8")
    for entry in media.load_media(ROOT / "docs" / "media.yml"):
        assert entry["url"] in facts, entry["id"]


@pytest.mark.skipif(not FACTS.exists(), reason="the shared fact base is not beside the repository")
def test_every_url_on_the_pages_is_in_the_fact_base():
    facts = FACTS.read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        for url in URL.findall(page.read_text(encoding="utf-8")):
            assert url.startswith("https://") and url in facts, f"{page.name}: {url}"


def test_topics_are_real_pages():
    pages = {p.stem for p in (ROOT / "docs").glob("*.md")}
    for entry in media.load_media(ROOT / "docs" / "media.yml"):
        assert set(entry["topics"]) <= pages, entry["id"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"url": "http://x.test/"}, "scheme 'http' is not allowed"),
        ({"url": 'https://x.test/" onmouseover="x'}, "character '\"' is not allowed"),
        ({"url": "javascript:alert(1)"}, "scheme 'javascript' is not allowed"),
        ({"languages": ["xx"]}, "is not one of"),
        ({"kind": "podcast"}, "is not one of"),
        ({"checked": "23/11/2026"}, "does not match"),
    ],
)
def test_schema_rejects_bad_entries(tmp_path, change, message):
    entry = {"id": "a", "title": "T", "provider": "P", "url": "https://x.test/", "languages": ["en"],
             "kind": "page", "topics": ["index"], "checked": "2026-11-23", **change}
    path = tmp_path / "media.yml"
    import yaml

    path.write_text(yaml.safe_dump([entry]), encoding="utf-8")
    with pytest.raises(media.MediaError, match=message) as info:
        media.load_media(path)
    assert "entry 'a'" in str(info.value)


def test_missing_field_is_named(tmp_path):
    path = tmp_path / "media.yml"
    path.write_text("- id: a\n  title: T\n", encoding="utf-8")
    with pytest.raises(media.MediaError, match="'provider' is a required property"):
        media.load_media(path)


def test_mam_reader_gets_mam_media_first():
    entries = media.load_media(ROOT / "docs" / "media.yml")
    cards = media.media_for_page(entries, "court-case", ["mam", "es", "en"])
    assert cards and "mam" in cards[0]["languages"]
    has_mam = ["mam" in card["languages"] for card in cards]
    assert has_mam == sorted(has_mam, reverse=True), "a Mam card comes after a card without Mam"


def test_order_follows_the_chain_then_the_rest_and_is_stable():
    entries = [
        {"id": "en-1", "languages": ["en"], "topics": ["index"]},
        {"id": "ht", "languages": ["ht"], "topics": ["index"]},
        {"id": "es", "languages": ["es", "en"], "topics": ["index"]},
        {"id": "mam", "languages": ["mam"], "topics": ["index", "court-case"]},
        {"id": "en-2", "languages": ["en"], "topics": ["index"]},
        {"id": "other-page", "languages": ["mam"], "topics": ["court-case"]},
    ]
    cards = media.media_for_page(entries, "index", ["mam", "es", "en"])
    assert [card["id"] for card in cards] == ["mam", "es", "en-1", "en-2", "ht"]
    assert media.media_for_page(entries, "title-42", ["mam", "es", "en"]) == []


def test_duplicate_ids_are_refused(tmp_path):
    import yaml

    entry = {"id": "a", "title": "T", "provider": "P", "url": "https://x.test/", "languages": ["en"],
             "kind": "page", "topics": ["index"], "checked": "2026-11-23"}
    path = tmp_path / "media.yml"
    path.write_text(yaml.safe_dump([entry, entry]), encoding="utf-8")
    with pytest.raises(media.MediaError, match="'a' is used twice"):
        media.load_media(path)


def test_unknown_field_and_broken_yaml_name_the_file(tmp_path):
    path = tmp_path / "media.yml"
    path.write_text("- id: a\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(media.MediaError, match="media.yml"):
        media.load_media(path)
    path.write_text(
        "- {id: a, title: T, provider: P, url: 'https://x.test/', languages: [en], kind: page,"
        " topics: [index], checked: 2026-11-23, size_mb: 3}\n",
        encoding="utf-8",
    )
    with pytest.raises(media.MediaError, match="entry 'a'.*size_mb"):
        media.load_media(path)
