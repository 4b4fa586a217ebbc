"""The media registry: videos, audio and resource pages that topic pages link to.

``docs/media.yml`` lists each resource once, with the languages it is in and the
pages (topics) it belongs on. Pages show them as plain link cards, never embeds,
so nothing loads from another site until the reader taps. An entry may instead
(or also) name a recording of our own, a file under ``docs/`` (``file:
audio/mam/court-case.wav``), which the build encodes (:mod:`kyr.recordings`).

The rules of an entry are in ``media.schema.json`` (JSON Schema, draft 2020-12)
beside this module. This module needs only the standard library, PyYAML and
jsonschema, so it can be used without MkDocs.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import jsonschema
import yaml


class MediaError(ValueError):
    """The registry cannot be used: names the file and the entry."""


def schema() -> dict:
    """The JSON Schema of the registry, as a dict.

    >>> schema()["items"]["properties"]["kind"]["enum"]
    ['video', 'audio', 'page', 'cards']
    """
    return json.loads(resources.files("kyr").joinpath("media.schema.json").read_text(encoding="utf-8"))


def load_media(path: Path) -> list[dict]:
    """Read and validate the registry; raise :class:`MediaError` naming file and entry.

    YAML dates (``checked: 2026-11-23``) come back as ISO text.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "media.yml"
    >>> _ = path.write_text(
    ...     "- id: court-video\\n  title: Your court case\\n  provider: A legal service\\n"
    ...     "  url: https://example.org/video\\n  languages: [mam, es]\\n  kind: video\\n"
    ...     "  topics: [court-case]\\n  checked: 2026-11-23\\n", encoding="utf-8")
    >>> [(e["id"], e["checked"]) for e in load_media(path)]
    [('court-video', '2026-11-23')]

    A problem names the file and the entry:

    >>> _ = path.write_text("- id: court-video\\n  title: Your court case\\n", encoding="utf-8")
    >>> try:
    ...     load_media(path)
    ... except MediaError as error:
    ...     print(str(error).replace(str(path), "media.yml"))
    media.yml: entry 'court-video': 'provider' is a required property

    A local recording (``file``) must be there, beside the registry:

    >>> _ = path.write_text(
    ...     "- id: court-audio\\n  title: Your court case, read aloud\\n  provider: A legal service\\n"
    ...     "  file: audio/mam/court-case.wav\\n  languages: [mam]\\n  kind: audio\\n"
    ...     "  topics: [court-case]\\n  checked: 2026-11-23\\n", encoding="utf-8")
    >>> try:
    ...     load_media(path)
    ... except MediaError as error:
    ...     print(str(error).replace(str(path.parent), "docs"))
    docs/media.yml: entry 'court-audio' field file: audio/mam/court-case.wav does not exist under docs
    """
    try:
        entries = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise MediaError(f"{path}: {exc}") from exc
    if isinstance(entries, list):
        for entry in entries:
            # YAML reads an unquoted 2026-11-23 as a date; the registry stores ISO text.
            if isinstance(entry, dict) and isinstance(entry.get("checked"), dt.date):
                entry["checked"] = entry["checked"].isoformat()
    validator = jsonschema.Draft202012Validator(schema())
    for error in sorted(validator.iter_errors(entries), key=lambda e: list(e.path)):
        where = ""
        if error.path and isinstance(error.path[0], int) and isinstance(entries[error.path[0]], dict):
            where = f" entry {entries[error.path[0]].get('id', error.path[0])!r}"
        field = ".".join(str(p) for p in list(error.path)[1:])
        raise MediaError(f"{path}:{where}{' field ' + field if field else ''}: {error.message}")
    ids = [entry["id"] for entry in entries]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        raise MediaError(f"{path}: entry id {duplicate!r} is used twice")
    for entry in entries:
        if "file" in entry and not (Path(path).parent / entry["file"]).is_file():
            raise MediaError(
                f"{path}: entry {entry['id']!r} field file: {entry['file']} does not exist under {Path(path).parent}"
            )
    return entries


def media_for_page(entries: list[dict], topic: str, language_chain: list[str]) -> list[dict]:
    """The entries for a page, in the reader's language first, then along the chain, then the rest.

    ``topic`` is the page's file name without ``.md``. The order is stable: entries
    of the same rank keep their order in the registry.

    >>> entries = [
    ...     {"id": "a", "languages": ["en"], "topics": ["court-case"]},
    ...     {"id": "b", "languages": ["mam"], "topics": ["court-case"]},
    ...     {"id": "c", "languages": ["es"], "topics": ["court-case", "index"]},
    ...     {"id": "d", "languages": ["ht"], "topics": ["court-case"]},
    ...     {"id": "e", "languages": ["mam"], "topics": ["index"]},
    ... ]
    >>> [e["id"] for e in media_for_page(entries, "court-case", ["mam", "es", "en"])]
    ['b', 'c', 'a', 'd']
    """

    def rank(entry: dict) -> int:
        positions = [language_chain.index(lang) for lang in entry["languages"] if lang in language_chain]
        return min(positions, default=len(language_chain))

    return sorted((e for e in entries if topic in e["topics"]), key=rank)
