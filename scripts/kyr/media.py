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

from kyr import urls, yamltext


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

    A problem names the file, the line and the entry:

    >>> _ = path.write_text("- id: court-video\\n  title: Your court case\\n", encoding="utf-8")
    >>> try:
    ...     load_media(path)
    ... except MediaError as error:
    ...     print(str(error).replace(str(path), "media.yml"))
    media.yml:1: entry 'court-video': 'provider' is a required property

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
        entries, node = yamltext.load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise MediaError(f"{path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise MediaError(f"{path}: not valid UTF-8 ({exc.reason}); save the file as UTF-8") from exc
    except yamltext.YamlError as exc:
        where = ""
        if isinstance(node := _partial_node(path), yaml.SequenceNode):
            where = _entry_at(node, exc.line)
        raise MediaError(f"{path}:{exc.line}:{where} {exc.message}") from exc
    entries = entries if entries is not None else []
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
        steps = list(error.path)
        field = ".".join(str(p) for p in steps[1:])
        if steps[-1:] == ["url"] and isinstance(error.instance, str):
            problem = urls.url_problem(error.instance) or error.message
        else:
            problem = error.message
        line = yamltext.line_of(node, *steps)
        raise MediaError(f"{path}:{line}:{where}{' field ' + field if field else ''}: {problem}")
    ids = [entry["id"] for entry in entries]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        line = yamltext.line_of(node, len(ids) - 1 - ids[::-1].index(duplicate), "id")
        raise MediaError(f"{path}:{line}: entry id {duplicate!r} is used twice")
    for entry in entries:
        if "file" in entry and not (Path(path).parent / entry["file"]).is_file():
            raise MediaError(
                f"{path}: entry {entry['id']!r} field file: {entry['file']} does not exist under {Path(path).parent}"
            )
    return entries


def _partial_node(path: Path) -> yaml.Node | None:
    """The registry's node tree as far as it parses, to name the entry a YAML error is in."""
    try:
        return yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, ValueError):
        return None


def _entry_at(node: yaml.SequenceNode, line: int) -> str:
    """' entry <id>:' for the entry holding a 1-based line, or ''."""
    for item in node.value:
        if item.start_mark.line + 1 <= line <= item.end_mark.line + 1 and isinstance(item, yaml.MappingNode):
            ident = next((v.value for k, v in item.value if k.value == "id"), None)
            return f" entry {ident!r}:" if ident else ""
    return ""


def check_topics(entries: list[dict], topics: set[str], path: Path) -> None:
    """Raise :class:`MediaError` for an entry whose topic is no page: its card would silently vanish.

    ``topics`` are the pages' names (``docs/court-case.md`` is ``court-case``).

    >>> check_topics([{"id": "v", "topics": ["court-cas"]}], {"court-case"}, Path("media.yml"))
    Traceback (most recent call last):
    kyr.media.MediaError: media.yml: entry 'v': topic 'court-cas' is no page (no docs/court-cas.md)
    """
    for entry in entries:
        for topic in entry["topics"]:
            if topic not in topics:
                line = _topic_line(path, entry["id"], topic)
                raise MediaError(f"{path}{f':{line}' if line else ''}: entry {entry['id']!r}: topic {topic!r} is no page (no docs/{topic}.md)")


def _topic_line(path: Path, ident: str, topic: str) -> int | None:
    try:
        entries, node = yamltext.load(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for n, entry in enumerate(entries or []):
        if isinstance(entry, dict) and entry.get("id") == ident and topic in entry.get("topics", []):
            return yamltext.line_of(node, n, "topics", entry["topics"].index(topic))
    return None


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
