"""Brotli and gzip copies beside every text file, so a static host serves them as they are.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.html").write_text("<p>" + "hola " * 50)
    >>> precompress(d)
    1
    >>> sorted(p.name for p in d.iterdir())
    ['a.html', 'a.html.br', 'a.html.gz']
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

TEXT_SUFFIXES = {".html", ".css", ".js", ".svg", ".xml", ".txt", ".json", ".webmanifest"}


def precompress(site: Path) -> int:
    """Write `<file>.br` and `<file>.gz` for every text file under `site`; return how many files."""
    count = 0
    for path in sorted(site.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=11))
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        count += 1
    return count
