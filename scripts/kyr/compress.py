"""Brotli and gzip copies beside every text file, so a static host serves them as they are.

Brotli at its best qualities is slow (milliseconds for a small page), so a file
whose bytes equal those of the previous build takes that build's copies instead
of being compressed again. Media files (the build's ``recordings/*.webm``, any
image) are already compressed: they are not text, so they get no copies.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.html").write_text("<p>" + "hola " * 50)
    >>> precompress(d)
    1
    >>> sorted(p.name for p in d.iterdir())
    ['a.html', 'a.html.br', 'a.html.gz']
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import brotli

#: Only these are compressed; media (.webm, .ogg, .png ...) would not shrink and would double the site's size.
TEXT_SUFFIXES = {".html", ".css", ".js", ".svg", ".xml", ".txt", ".json", ".webmanifest"}
#: A 64 KiB window: every file we ship is smaller, and a smaller window starts faster.
BROTLI_WINDOW = 16
#: Chosen by measurement (tests/bench/brotli_quality.py, printed by `make bench`): on the bench's
#: text files quality 10 is 3% larger than 11 and 2.2 times faster, 9 and below 11% larger. Readers
#: pay the bytes on every view and the build pays the time once (an incremental build reuses the
#: copies of unchanged files), and at 10 a page goes over the repeat-view budget of 4 KB
#: (tests/browser/test_pages.py): 11.
BROTLI_QUALITY = 11


def _reuse(path: Path, data: bytes, previous: Path | None, rel: Path) -> bool:
    if previous is None:
        return False
    old = previous / rel
    packed = [old.with_name(old.name + suffix) for suffix in (".br", ".gz")]
    if old.resolve() == path.resolve():  # compressing in place: copies written after the file are up to date
        written = path.stat().st_mtime_ns
        return all(p.is_file() and p.stat().st_mtime_ns >= written for p in packed)
    if not (old.is_file() and all(p.is_file() for p in packed) and old.read_bytes() == data):
        return False
    for p in packed:
        shutil.copyfile(p, path.with_name(p.name))
    return True


def precompress(folder: Path, previous: Path | None = None, skip: frozenset[str] = frozenset()) -> int:
    """Write `<file>.br` and `<file>.gz` for every text file under `folder`; return how many.

    `previous` is the same folder in the last build, whose copies are reused for
    unchanged files; top-level folders named in `skip` are left out.
    """
    count = 0
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.suffix not in TEXT_SUFFIXES or not path.is_file() or (rel.parts[0] in skip and len(rel.parts) > 1):
            continue
        data = path.read_bytes()
        if not _reuse(path, data, previous, rel):
            # Best quality for what every reader downloads; QR codes load only to print or present.
            quality = 5 if path.name == "qr.svg" else BROTLI_QUALITY
            path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=quality, lgwin=BROTLI_WINDOW))
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        count += 1
    return count
