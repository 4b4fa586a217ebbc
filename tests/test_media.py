"""The media registry is valid, uses only known https URLs, and orders cards for the reader."""

from pathlib import Path

import pytest

from kyr import media

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT.parent / "shared" / "content-facts.md"


def test_shipped_registry_is_valid():
    entries = media.load_media(ROOT / "docs" / "media.yml")
    assert entries and all(e["url"].startswith("https://") for e in entries)


@pytest.mark.skipif(not FACTS.exists(), reason="the shared fact base is not beside the repository")
def test_every_url_is_in_the_fact_base():
    facts = FACTS.read_text(encoding="utf-8")
    for entry in media.load_media(ROOT / "docs" / "media.yml"):
        assert entry["url"] in facts, entry["id"]


def test_topics_are_real_pages():
    pages = {p.stem for p in (ROOT / "docs").glob("*.md")}
    for entry in media.load_media(ROOT / "docs" / "media.yml"):
        assert set(entry["topics"]) <= pages, entry["id"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"url": "http://x.test/"}, "does not match"),
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
    assert "mam" in cards[0]["languages"]
