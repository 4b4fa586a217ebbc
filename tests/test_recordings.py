"""Local recordings: encoded once with ffmpeg into the site, reused while unchanged, clear errors.

The recording is made at test time by espeak-ng speaking Spanish (tests/conftest.py);
the project's own registry holds none.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kyr import media, recordings

from .conftest import kyr, make_recording, recording_entry


def built_page(project: Path, lang: str) -> str:
    folder = project / "site" / ("" if lang == "en" else lang)
    return (folder / "recorded" / "index.html").read_text(encoding="utf-8")


def encoded_files(site: Path) -> list[Path]:
    return sorted((site / recordings.FOLDER).glob("*.webm"))


def test_the_build_encodes_the_recording_once_into_small_opus(recorded_project):
    site = recorded_project / "site"
    [encoded] = encoded_files(site)
    log = (recorded_project / "first-build.log").read_text(encoding="utf-8")
    assert "recordings: 1 encoded, 0 reused" in log
    print("\n" + next(line for line in log.splitlines() if line.startswith("recordings:")))
    source = recorded_project / "docs" / "audio" / "es" / "recorded.wav"
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,channels:format=duration,format_name", "-of", "json", str(encoded)],
        capture_output=True, text=True, check=True,
    ).stdout
    assert '"codec_name": "opus"' in probe and '"channels": 1' in probe and "webm" in probe
    kind, duration = recordings.probe(encoded, "test")
    assert kind == "audio" and duration > 3
    kbps = encoded.stat().st_size * 8 / 1000 / duration
    assert 12 < kbps < 26, kbps  # 20 kbps Opus and the container's overhead
    assert encoded.stat().st_size < source.stat().st_size / 10
    # The raw source is never copied into the site, in any language, nor compressed.
    assert not list(site.rglob("*.wav"))
    assert not [p for p in site.rglob("*") if p.suffix in (".br", ".gz") and ".webm" in p.name]


@pytest.mark.parametrize("lang, prefix", [("en", "../"), ("es", "../../"), ("mam", "../../")])
def test_every_language_shows_the_same_copy_with_length_and_size(recorded_project, lang, prefix):
    [encoded] = encoded_files(recorded_project / "site")
    html = built_page(recorded_project, lang)
    player = re.search(r'<audio class="player__media" controls preload="none">(.*?)</audio>', html, re.S)
    assert player, html
    assert f'<source src="{prefix}recordings/{encoded.name}" type="audio/webm">' in player.group(1)
    assert re.search(r'<time datetime="PT0M\d+S">0:\d\d</time> · \d+ KB', html)
    assert "media-src 'self'" in html


def test_an_unchanged_recording_is_reused_and_a_changed_one_encoded_again(recorded_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(recorded_project, project, symlinks=True)
    [first] = encoded_files(project / "site")
    again = kyr(project, "build", "--site", str(project / "site"), "--language", "es", check=False)
    assert again.returncode == 0, again.stderr
    assert "recordings: 0 encoded, 1 reused" in again.stderr
    assert encoded_files(project / "site") == [first]
    make_recording(project / "docs" / "audio" / "es" / "recorded.wav", "Otra grabación, distinta de la primera.")
    changed = kyr(project, "build", "--site", str(project / "site"), "--language", "es", check=False)
    assert "recordings: 1 encoded, 0 reused" in changed.stderr
    [second] = encoded_files(project / "site")
    assert second.name != first.name, "a changed source gets a new name, so no cache serves the old one"
    assert second.name in built_page(project, "es")


def registry_with(tmp_path: Path, **entry) -> Path:
    path = tmp_path / "docs" / "media.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump([recording_entry(**entry)]), encoding="utf-8")
    return path


def test_a_missing_file_names_the_registry_entry_and_file(tmp_path):
    path = registry_with(tmp_path, file="audio/mam/court-case.wav")
    with pytest.raises(media.MediaError, match=r"media\.yml: entry 'test-recording' field file: audio/mam/court-case\.wav does not exist"):
        media.load_media(path)


@pytest.mark.parametrize("file", ["../secret.wav", "audio/court-case.txt", "/etc/passwd.wav"])
def test_the_schema_refuses_paths_outside_docs_and_other_extensions(tmp_path, file):
    with pytest.raises(media.MediaError, match="entry 'test-recording' field file: .* does not match"):
        media.load_media(registry_with(tmp_path, file=file))


def test_a_local_file_is_audio_or_video_and_needs_no_url(tmp_path):
    make_recording(tmp_path / "docs" / "audio" / "es" / "recorded.wav")
    assert media.load_media(registry_with(tmp_path))[0]["file"] == "audio/es/recorded.wav"
    with pytest.raises(media.MediaError, match="entry 'test-recording' field kind: 'page' is not one of"):
        media.load_media(registry_with(tmp_path, kind="page"))
    plain = recording_entry()
    del plain["file"]
    (tmp_path / "docs" / "media.yml").write_text(yaml.safe_dump([plain]), encoding="utf-8")
    with pytest.raises(media.MediaError, match="'url' is a required property"):
        media.load_media(tmp_path / "docs" / "media.yml")


def test_a_file_that_is_not_audio_names_entry_and_file(tmp_path):
    fake = tmp_path / "docs" / "audio" / "mam" / "court-case.wav"
    fake.parent.mkdir(parents=True)
    fake.write_text("not a recording", encoding="utf-8")
    entries = media.load_media(registry_with(tmp_path, file="audio/mam/court-case.wav"))
    with pytest.raises(recordings.RecordingError, match=r"media\.yml: entry 'test-recording', file audio/mam/court-case\.wav: .* is not an audio or video file"):
        recordings.prepare(entries, tmp_path / "docs", tmp_path / "out", registry="docs/media.yml")


def test_kind_must_match_the_file(tmp_path):
    make_recording(tmp_path / "docs" / "audio" / "es" / "recorded.wav")
    entries = media.load_media(registry_with(tmp_path, kind="video"))
    with pytest.raises(recordings.RecordingError, match="the entry says kind: video, but the file is audio"):
        recordings.prepare(entries, tmp_path / "docs", tmp_path / "out")


def test_without_ffmpeg_the_error_says_what_to_install(tmp_path, monkeypatch):
    make_recording(tmp_path / "docs" / "audio" / "es" / "recorded.wav")
    entries = media.load_media(registry_with(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(recordings.RecordingError, match=r"entry 'test-recording', file audio/es/recorded\.wav: ffprobe is not installed.*apt-get install ffmpeg"):
        recordings.prepare(entries, tmp_path / "docs", tmp_path / "out")


def test_a_broken_recording_stops_the_build_and_keeps_the_old_site(recorded_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(recorded_project, project, symlinks=True)
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    (project / "docs" / "audio" / "es" / "recorded.wav").write_bytes(b"RIFF broken")
    failed = kyr(project, "build", "--site", str(project / "site"), "--language", "es", check=False)
    assert failed.returncode == 1
    assert "entry 'test-recording', file audio/es/recorded.wav" in failed.stderr and "was left as it was" in failed.stderr
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == before


def test_video_is_encoded_to_small_vp9_webm(tmp_path):
    source = tmp_path / "docs" / "video" / "talk.webm"
    source.parent.mkdir(parents=True)
    wav = make_recording(tmp_path / "speech.wav")
    # A 640×480 test pattern with the speech as its sound: a stand-in for a phone's video.
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25", "-i", str(wav),
                    "-shortest", "-c:v", "libvpx-vp9", "-b:v", "1M", "-deadline", "realtime", "-c:a", "libopus", str(source)],
                   check=True)
    entries = media.load_media(registry_with(tmp_path, file="video/talk.webm", kind="video"))
    [video] = recordings.prepare(entries, tmp_path / "docs", tmp_path / "out").values()
    print(f"\n{recordings.summary({video.source: video})}")
    assert video.kind == "video" and video.type == "video/webm" and video.path.startswith("recordings/talk-")
    size = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "stream=codec_name,height",
                           "-of", "csv=p=0", str(tmp_path / "out" / Path(video.path).name)], capture_output=True, text=True).stdout
    assert size.strip() == "vp9,360"
