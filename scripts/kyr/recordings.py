"""Local recordings: a speaker's audio or video file, encoded once for readers who pay for every byte.

An entry of the media registry may name a file under ``docs/`` (``file:
audio/mam/court-case.wav``). The build encodes each such file once, before the
languages are built, into ``recordings/`` at the root of the site, where every
language's page links to the same copy:

- speech: Opus at 20 kbps, mono, 60 ms frames, in WebM (about 150 KB a minute);
- video: VP9 at 360 lines at most, with the same Opus sound, in WebM.

WebM rather than Ogg: Chromium and Firefox play both, and Safari took up Opus
in WebM (iOS 15 onwards) years before Ogg; at 60 ms frames WebM costs about 4 %
more bytes (measured: 19.5 s of speech, 47.4 KB in Ogg, 49.2 KB in WebM).
Metadata of the source (a phone writes its model, sometimes where it was) is
dropped.

The output's name holds a hash of the source's bytes and of the encoding
settings, so a file already encoded in the previous site is copied from it
instead of being encoded again. ffmpeg and ffprobe (Debian package ``ffmpeg``)
do the work; this module only runs them, and imports nothing from MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from babel.numbers import format_decimal

#: Extensions a source recording may have (the schema of ``media.yml`` allows the same).
SOURCE_SUFFIXES = (".wav", ".mp3", ".ogg", ".m4a", ".webm")
#: The folder of the site that holds the encoded recordings.
FOLDER = "recordings"
OPUS = ["-c:a", "libopus", "-b:a", "20k", "-ac", "1", "-application", "voip", "-frame_duration", "60"]
#: ffmpeg's arguments for each kind; changing them changes every output's name, so all are encoded again.
PROFILES = {
    "audio": ["-vn", *OPUS],
    "video": [
        "-vf", "scale=-2:'min(360,ih)'", "-pix_fmt", "yuv420p", "-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "42",
        "-deadline", "good", "-cpu-used", "4", "-row-mt", "1", *OPUS,
    ],
}
MIME = {"audio": "audio/webm", "video": "video/webm"}


class RecordingError(ValueError):
    """A recording cannot be used or encoded: names the registry, the entry and the file."""


@dataclass(frozen=True)
class Recording:
    """One encoded recording, as the pages need it."""

    #: The source, relative to ``docs/``, as the registry names it.
    source: str
    #: The encoded file, relative to the root of the site.
    path: str
    kind: str
    type: str
    duration_seconds: float
    bytes: int
    source_bytes: int
    #: Whether it was copied from the previous site rather than encoded.
    reused: bool = False


def _tool(name: str, where: str) -> str:
    found = shutil.which(name)
    if not found:
        raise RecordingError(f"{where}: {name} is not installed; it encodes local recordings (apt-get install ffmpeg)")
    return found


def probe(path: Path, where: str) -> tuple[str, float]:
    """The kind ("audio" or "video") and the duration in seconds of a media file.

    A cover picture in an MP3 or M4A is not a video. Anything ffprobe cannot read,
    or that has no sound and no picture, is an error naming `where`.
    """
    command = [_tool("ffprobe", where), "-v", "error", "-show_entries",
               "stream=codec_type:stream_disposition=attached_pic:format=duration", "-of", "json", str(path)]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise RecordingError(f"{where}: {path} is not an audio or video file ({run.stderr.strip() or 'ffprobe failed'})")
    info = json.loads(run.stdout or "{}")
    streams = info.get("streams", [])
    types = {s.get("codec_type") for s in streams if not s.get("disposition", {}).get("attached_pic")}
    duration = float(info.get("format", {}).get("duration") or 0)
    if "video" in types:
        return "video", duration
    if "audio" in types and duration > 0:
        return "audio", duration
    raise RecordingError(f"{where}: {path} is not an audio or video file (no sound or picture in it)")


def output_name(source: str, digest: str, kind: str) -> str:
    """The encoded file's name: the source's stem and a hash of its bytes' `digest` and the settings.

    >>> output_name("audio/mam/court-case.wav", "0" * 64, "audio")
    'court-case-93387a076ace.webm'
    """
    both = hashlib.sha256(json.dumps(PROFILES[kind]).encode() + b"\0" + digest.encode()).hexdigest()
    return f"{Path(source).stem}-{both[:12]}.webm"


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read in chunks: a video may be larger than memory allows."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def encode(source: Path, target: Path, kind: str, where: str) -> None:
    """Encode `source` into `target` with the profile of `kind`; raise naming `where` if ffmpeg fails."""
    partial = target.with_name(target.name + ".part")
    command = [_tool("ffmpeg", where), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(source),
               "-map_metadata", "-1", *PROFILES[kind], "-f", "webm", str(partial)]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        partial.unlink(missing_ok=True)
        raise RecordingError(f"{where}: ffmpeg could not encode {source}: {run.stderr.strip()[-500:]}")
    partial.rename(target)


def prepare(
    entries: list[dict], docs: Path, out: Path, previous: Path | None = None, registry: str = "media.yml"
) -> dict[str, Recording]:
    """Encode every local file the registry names into `out`, once each; return them by source.

    `previous` is the ``recordings/`` folder of the last site: a file there with
    the same name (same source bytes, same settings) is copied, not encoded.
    Errors name `registry` and the entry.
    """
    done: dict[str, Recording] = {}
    for entry in entries:
        source = entry.get("file")
        if not source or source in done:
            continue
        where = f"{registry}: entry {entry['id']!r}, file {source}"
        path = docs / source
        if not path.is_file():
            raise RecordingError(f"{where}: {path} does not exist")
        kind, _ = probe(path, where)
        if kind != entry["kind"]:
            raise RecordingError(f"{where}: the entry says kind: {entry['kind']}, but the file is {kind}")
        name = output_name(source, file_digest(path), kind)
        out.mkdir(parents=True, exist_ok=True)
        target = out / name
        old = previous / name if previous else None
        reused = bool(old and old.is_file() and old.stat().st_size > 0)
        if reused:
            shutil.copyfile(old, target)
        else:
            encode(path, target, kind, where)
        _, duration = probe(target, where)
        done[source] = Recording(
            source=source, path=f"{FOLDER}/{name}", kind=kind, type=MIME[kind], duration_seconds=round(duration, 2),
            bytes=target.stat().st_size, source_bytes=path.stat().st_size, reused=reused,
        )
    return done


def save(recordings: dict[str, Recording], path: Path) -> None:
    """Write the recordings as JSON, for the build's worker processes."""
    path.write_text(json.dumps({k: asdict(v) for k, v in recordings.items()}, indent=1), encoding="utf-8")


def load(path: Path) -> dict[str, Recording]:
    """Read what :func:`save` wrote.

    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "r.json"
    >>> r = Recording("a.wav", "recordings/a-1.webm", "audio", "audio/webm", 61.5, 150_000, 2_000_000)
    >>> save({"a.wav": r}, f); load(f) == {"a.wav": r}
    True
    """
    return {k: Recording(**v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def duration_text(seconds: float) -> str:
    """Minutes and seconds, as a player shows them.

    >>> duration_text(19.48), duration_text(61), duration_text(3725)
    ('0:19', '1:01', '62:05')
    """
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def iso_duration(seconds: float) -> str:
    """An ISO 8601 duration, for ``<time datetime>``.

    >>> iso_duration(61.4)
    'PT1M1S'
    """
    whole = int(seconds)
    return f"PT{whole // 60}M{whole % 60}S"


def size_text(size: int, locale: str) -> str:
    """A file's size in KB or MB (of 1000), with the reader's decimal sign.

    >>> size_text(47_392, "en"), size_text(1_234_567, "es")
    ('47 KB', '1,2 MB')
    """
    if size < 1_000_000:
        return f"{format_decimal(max(1, round(size / 1000)), locale=locale)} KB"
    return f"{format_decimal(round(size / 1_000_000, 1), locale=locale)} MB"


def summary(recordings: dict[str, Recording]) -> str:
    """One line for the build's log: what was encoded and what it weighs.

    >>> r = Recording("a.wav", "recordings/a-1.webm", "audio", "audio/webm", 19.5, 49_222, 858_856, reused=True)
    >>> summary({"a.wav": r})
    'recordings: 0 encoded, 1 reused; a.wav 858856 → 49222 bytes, 19.5 s, 20.2 kbps'
    """
    encoded = sum(not r.reused for r in recordings.values())
    parts = [
        f"{r.source} {r.source_bytes} → {r.bytes} bytes, {r.duration_seconds} s, "
        f"{r.bytes * 8 / 1000 / max(r.duration_seconds, 0.01):.1f} kbps"
        for r in recordings.values()
    ]
    return f"recordings: {encoded} encoded, {len(recordings) - encoded} reused; " + "; ".join(parts)
