"""Brotli quality against bytes and time, on the text files of a built site: how `kyr.compress` chose its quality.

    .venv/bin/python tests/bench/brotli_quality.py site/

For each quality, the bytes of every text file's `.br` copy (as `kyr.compress`
writes it, window included) and the seconds to compress them all on one core;
gzip -9 as a baseline. `make bench` prints it for its N = 60 site.
"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

import brotli

from kyr.compress import BROTLI_QUALITY, BROTLI_WINDOW, TEXT_SUFFIXES


def texts(site: Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted(site.rglob("*")) if p.suffix in TEXT_SUFFIXES and p.is_file()]


def table(site: Path, qualities=range(4, 12)) -> str:
    files = texts(site)
    rows = []
    for quality in qualities:
        started = time.perf_counter()
        size = sum(len(brotli.compress(data, quality=quality, lgwin=BROTLI_WINDOW)) for data in files)
        rows.append((f"brotli {quality}", size, time.perf_counter() - started))
    started = time.perf_counter()
    size = sum(len(gzip.compress(data, compresslevel=9, mtime=0)) for data in files)
    rows.append(("gzip 9", size, time.perf_counter() - started))
    best = min(size for _, size, _ in rows)
    lines = [f"{len(files)} text files, {sum(map(len, files)):,} bytes; kyr.compress uses brotli {BROTLI_QUALITY}",
             f"{'':>10} | {'bytes':>10} | {'vs smallest':>11} | {'seconds':>8}"]
    lines += [f"{name:>10} | {size:>10,} | {size / best - 1:>+10.1%} | {secs:>8.2f}" for name, size, secs in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
