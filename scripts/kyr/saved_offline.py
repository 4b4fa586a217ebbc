"""What a phone stores to read a language without a signal: the manifest, and the worker's version.

Each language's root gets, at build time:

- ``offline.json``: the manifest: every URL the language needs offline (its pages
  as folder URLs, their ``share.txt``, the site's scripts and stylesheet, relative
  to the language's root), the titles of its pages, the bytes a reader downloads
  to save them all (brotli, as the host sends the build's ``.br`` copies), and the
  build's version (a hash of what the manifest lists);
- ``sw.js``: the service worker (``overrides/assets/sw.js``) with that version in
  it, so a new build is a new worker, a new cache, and the old cache goes;
- ``offline.html``: the page a reader gets for a page the phone never stored.

The worker lives at each language's root because a worker's scope is its own
folder: one there serves that language's pages and no other's cache.
QR codes (print only), the 404 page, the sitemap and recordings (large, and
streamed in ranges) are not part of a saved language.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "a").mkdir(), (root / "a" / "index.html").write_text("<p>a</p>"), (root / "qr.svg").write_text("<svg/>")
    >>> [f.url for f in files(root, root)]
    ['a/']
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import brotli

from kyr.compress import BROTLI_QUALITY, BROTLI_WINDOW

MANIFEST = "offline.json"
WORKER = "sw.js"
PAGE = "offline.html"
#: Files of a language that a saved language leaves out (see the module's docstring).
LEFT_OUT = {"qr.svg", "404.html", "sitemap.xml", "robots.txt", MANIFEST, WORKER, PAGE}
#: The worker's source says this where the build's version goes.
VERSION_MARK = "KYR_VERSION"


@dataclass(frozen=True)
class Entry:
    """One file to save: its URL relative to the language's root, and its path."""

    url: str
    path: Path


def _url(rel: str) -> str:
    """A file's URL as a reader's browser asks for it: a page by its folder.

    >>> _url("index.html"), _url("court-case/index.html"), _url("court-case/share.txt")
    ('./', 'court-case/', 'court-case/share.txt')
    """
    if rel == "index.html":
        return "./"
    return rel.removesuffix("index.html")


def files(lang_root: Path, build_root: Path, skip: frozenset[str] = frozenset(), assets: str = "assets") -> list[Entry]:
    """The language's files under `lang_root`, then the site's `assets` under `build_root`, as entries.

    Top-level folders named in `skip` (other languages, recordings) are left out.
    """
    found: list[Entry] = []
    up = "../" * len(lang_root.relative_to(build_root).parts)
    for path in sorted(lang_root.rglob("*")):
        rel = path.relative_to(lang_root)
        if not path.is_file() or path.name in LEFT_OUT or path.suffix in (".br", ".gz"):
            continue
        if rel.parts[0] in skip or (up == "" and rel.parts[0] == assets):
            continue
        found.append(Entry(_url(rel.as_posix()), path))
    for path in sorted((build_root / assets).rglob("*")):
        if path.is_file() and path.name not in LEFT_OUT and path.suffix not in (".br", ".gz"):
            found.append(Entry(up + path.relative_to(build_root).as_posix(), path))
    return found


def brotli_size(data: bytes) -> int:
    """What `data` weighs as the build's `.br` copy (kyr.compress's settings).

    >>> brotli_size(b"hola " * 100) < 50
    True
    """
    return len(brotli.compress(data, quality=BROTLI_QUALITY, lgwin=BROTLI_WINDOW))


def total_bytes(entries: list[Entry], known: dict[str, int] | None = None, used: dict[str, int] | None = None) -> int:
    """The brotli bytes of every entry. Sizes are found in `known` by the sha256 of a file's
    bytes (an incremental build's page cache) before being computed, and put into `used`.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "x"; _ = p.write_text("hola " * 100)
    >>> used = {}; total_bytes([Entry("x", p)], {}, used) == total_bytes([Entry("x", p)], used) == brotli_size(p.read_bytes())
    True
    """
    total = 0
    for entry in entries:
        data = entry.path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        size = known[digest] if known and digest in known else brotli_size(data)
        if used is not None:
            used[digest] = size
        total += size
    return total


def version(entries: list[Entry]) -> str:
    """A hash of every URL and its bytes: the same build gives the same version.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "x"; _ = p.write_text("x")
    >>> version([Entry("x", p)]) == version([Entry("x", p)]) != version([Entry("y", p)])
    True
    """
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(entry.url.encode() + b"\0" + hashlib.sha256(entry.path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def manifest(entries: list[Entry], pages: list[dict], size: int) -> dict:
    """The manifest as written to ``offline.json``."""
    return {"version": version(entries), "bytes": size, "files": [e.url for e in entries], "pages": pages}


def write(lang_root: Path, data: dict, worker_source: str) -> None:
    """Write ``offline.json`` and the worker with its version into the language's root."""
    if VERSION_MARK not in worker_source:
        raise ValueError(f"the service worker's source has no {VERSION_MARK}")
    (lang_root / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (lang_root / WORKER).write_text(worker_source.replace(VERSION_MARK, data["version"], 1), encoding="utf-8")
