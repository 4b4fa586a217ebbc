"""`kyr recording-script LANG PAGE`: the page block by block as the reader sees it, the file name, the entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kyr import media

from .conftest import kyr, make_recording, make_project
from .test_pipeline import set_translation, write_docs

PAGE = """---
title: Your court case
last_reviewed: 2026-11-23
---
# Your court case

Go to **every** hearing. Read the [help page](other.md).

- Take your papers.
- Arrive early.
"""
OTHER = "# Other\n\nText.\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("script")
    project = make_project(folder / "project", write_docs(folder / "src", {"court-case.md": PAGE, "other.md": OTHER}))
    set_translation(project, "es", "court-case", "Go to **every** hearing. Read the [help page](other.md).",
                    "Vaya a **todas** las audiencias. Lea la [página de ayuda](other.md).")
    set_translation(project, "es", "court-case", "Take your papers.", "Lleve sus papeles.", fuzzy=True)
    return project


def test_mam_script_has_every_block_in_english_and_the_spanish_the_reader_sees(project):
    run = kyr(project, "recording-script", "mam", "court-case")
    text = run.stdout
    blocks = re.findall(r"^### Block (\d+)$", text, re.M)
    assert blocks == ["1", "2", "3", "4"], text
    assert "**English:** Go to every hearing. Read the help page." in text
    assert "**Español:** Vaya a todas las audiencias. Lea la página de ayuda." in text
    assert "**Español, not yet reviewed:** Lleve sus papeles." in text
    # A block no one translated is what a Mam reader sees: English, so it is not repeated.
    arrive = text.split("### Block 4")[1]
    assert "**English:** Arrive early." in arrive and "Español" not in arrive
    assert "other.md" not in text.split("## The page")[1].split("## After")[0], "link targets are not read aloud"
    assert "Save the recording as **`docs/audio/mam/court-case.wav`**" in text
    assert "Language to speak: **Mam**" in text and "last reviewed 2026-11-23" in text


def test_the_entry_it_suggests_publishes_the_recording_once_filled_in(project, tmp_path):
    text = kyr(project, "recording-script", "mam", "court-case").stdout
    snippet = text.split("```yaml\n")[1].split("```")[0]
    entry = yaml.safe_load(snippet)[0]
    docs = tmp_path / "docs"
    make_recording(tmp_path / "docs" / "audio" / "mam" / "court-case.wav")
    (docs / "media.yml").write_text(snippet, encoding="utf-8")
    with pytest.raises(media.MediaError, match="entry 'court-case-mam-recording'"):
        media.load_media(docs / "media.yml")  # as printed, it cannot be published by mistake
    entry.update(provider="A legal service", checked="2026-11-23")
    (docs / "media.yml").write_text(yaml.safe_dump([entry], allow_unicode=True), encoding="utf-8")
    [loaded] = media.load_media(docs / "media.yml")
    assert loaded["file"] == "audio/mam/court-case.wav" and loaded["topics"] == ["court-case"]
    assert loaded["languages"] == ["mam"] and loaded["kind"] == "audio"


def test_written_to_a_file_and_errors_are_clear(project, tmp_path):
    out = tmp_path / "script.md"
    assert kyr(project, "recording-script", "quc", "court-case", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# Recording script: Your court case")
    bad_lang = kyr(project, "recording-script", "xx", "court-case", check=False)
    assert bad_lang.returncode == 1 and "xx: not a language" in bad_lang.stderr
    bad_page = kyr(project, "recording-script", "mam", "nowhere", check=False)
    assert bad_page.returncode == 1 and "nowhere.md: no such page" in bad_page.stderr


def test_the_shipped_court_case_page():
    from .conftest import ROOT

    text = kyr(ROOT, "recording-script", "mam", "court-case").stdout
    assert "docs/audio/mam/court-case.wav" in text and text.count("### Block ") > 10
