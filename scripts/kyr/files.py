"""Writing a file so that no reader ever sees half of it.

The site, its manifest, page caches and refusals are read by other processes (a
web server, the preview, the next build) while a build writes them: each file is
written aside, then renamed over the old one, which POSIX makes atomic.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "deep" / "x.json"
    >>> replace_text(path, "{}"); path.read_text(), sorted(p.name for p in path.parent.iterdir())
    ('{}', ['x.json'])
"""

from __future__ import annotations

import os
from pathlib import Path


def replace_bytes(path: Path, data: bytes) -> None:
    """Put `data` at `path`, written aside then renamed into place; its folder is made if missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + f".part-{os.getpid()}")
    part.write_bytes(data)
    part.replace(path)


def replace_text(path: Path, text: str) -> None:
    """Put `text` (UTF-8) at `path` as :func:`replace_bytes` does."""
    replace_bytes(path, text.encode("utf-8"))
