"""Two built sites compared file by file, byte for byte, for the engine comparison.

Only what an engine may legitimately write differently is set aside: a sitemap's
``<lastmod>`` dates (the day of the build) and a page's ``<meta name="generator">``
(the engine's name and version). Our theme writes neither today; they are set
aside so that adding one does not turn the comparison into noise. A compressed
copy (``.gz``, ``.br``) is compared by its decompressed, normalised content, as
its bytes follow from those.
"""

from __future__ import annotations

import difflib
import gzip
import re
from pathlib import Path

import brotli

_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")
_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*"\s*/?>')
_UNPACK = {".gz": gzip.decompress, ".br": brotli.decompress}


def normalised(name: str, data: bytes) -> bytes:
    """A file's bytes without what legitimately differs between engines.

    >>> normalised("sitemap.xml", b"<url><lastmod>2026-11-23</lastmod></url>")
    b'<url><lastmod></lastmod></url>'
    >>> normalised("index.html", b'<meta name="generator" content="ProperDocs 1.6.7">')
    b'<meta name="generator">'
    >>> normalised("index.html", b"<lastmod>kept: only sitemaps have them</lastmod>")
    b'<lastmod>kept: only sitemaps have them</lastmod>'
    """
    suffix = Path(name).suffix
    if suffix in _UNPACK:
        return normalised(name.removesuffix(suffix), _UNPACK[suffix](data))
    if name.endswith(".xml") and "sitemap" in Path(name).name:
        data = _LASTMOD.sub(b"<lastmod></lastmod>", data)
    if suffix == ".html":
        data = _GENERATOR.sub(b'<meta name="generator">', data)
    return data


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    """What differs between the sites `a` and `b`: one line per file, sorted; empty when equal."""
    left, right = files(a), files(b)
    found = [f"only in {a.name}: {name}" for name in sorted(left - right)]
    found += [f"only in {b.name}: {name}" for name in sorted(right - left)]
    for name in sorted(left & right):
        x, y = (a / name).read_bytes(), (b / name).read_bytes()
        if x != y and normalised(name, x) != normalised(name, y):
            found.append(f"differs: {name}")
    return found


def first_diff(a: Path, b: Path, name: str, lines: int = 20) -> str:
    """A unified diff of one differing text file, to show in a failure message."""
    x = normalised(name, (a / name).read_bytes()).decode("utf-8", "replace").splitlines()
    y = normalised(name, (b / name).read_bytes()).decode("utf-8", "replace").splitlines()
    diff = difflib.unified_diff(x, y, f"{a.name}/{name}", f"{b.name}/{name}", lineterm="", n=1)
    return "\n".join(list(diff)[:lines])


def report(a: Path, b: Path, limit: int = 30) -> str:
    """The differences as a message: every differing file (up to `limit`), then the first one's diff."""
    found = differences(a, b)
    if not found:
        return ""
    shown = found[:limit] + ([f"... and {len(found) - limit} more"] if len(found) > limit else [])
    text = f"{len(found)} file(s) differ between {a} and {b}:\n" + "\n".join(shown)
    first = next((line.split(": ", 1)[1] for line in found if line.startswith("differs: ")), None)
    if first and not first.endswith((".gz", ".br", ".png", ".jpg", ".webm", ".ogg", ".opus", ".mp4")):
        text += "\n\n" + first_diff(a, b, first)
    return text
