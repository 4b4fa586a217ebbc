"""What each language of a built site was made from, so the next build redoes only what changed.

A language's output (its pages, QR codes, share texts, offline manifest and
worker, and their ``.br``/``.gz`` copies) is a function of its inputs: every
English page and file of the docs folder (a page lists its neighbours' titles,
the home page lists them all, and each language's offline size counts every
page), the catalogs of the languages in its fallback chain, the templates, the
config files, the theme, the recordings the build encoded, and the software
that builds it (our own code, the engine, every installed package, Python).
:class:`Digest` hashes them into one fingerprint per language; the manifest
keeps the fingerprint each language of the site was built from. A language
whose fingerprint is unchanged takes its previous output as it is.

The manifest sits beside the site (``.site.kyr-build.json`` for ``site/``), not in
it, as nothing in a site folder may be published by mistake. It is removed before
a build touches the site and written once the new site is in place, so a build
stopped half-way leaves no manifest, and the next build starts clean.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); _ = (folder / "a.md").write_text("# A")
    >>> first = Digest(); first.add_tree(folder, "docs")
    >>> again = Digest(); again.add_tree(folder, "docs")
    >>> first.hexdigest() == again.hexdigest()
    True
    >>> _ = (folder / "a.md").write_text("# B"); changed = Digest(); changed.add_tree(folder, "docs")
    >>> changed.hexdigest() == first.hexdigest()
    False
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path

from kyr.files import replace_text

#: The manifest's format; another one is read as no manifest (everything is rebuilt).
FORMAT = 1


class Digest:
    """A sha256 over labelled parts, so that moving bytes from one part to another changes it."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, label: str, data: bytes | str) -> None:
        data = data.encode() if isinstance(data, str) else data
        for part in (label.encode(), data):
            self._hash.update(len(part).to_bytes(8, "big") + part)

    def add_file(self, path: Path, label: str) -> None:
        """A file's bytes (or that it is missing) under `label`."""
        self.add(label, path.read_bytes() if path.is_file() else b"\0missing")

    def add_tree(self, folder: Path, label: str, leave_out: frozenset[str] = frozenset(), files: frozenset[str] = frozenset()) -> None:
        """Every file under `folder` (its path and bytes), but the top-level entries named in
        `leave_out` and the files (POSIX paths relative to `folder`) named in `files`."""
        if not folder.is_dir():
            self.add(label, b"\0missing")
            return
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if rel.parts[0] in leave_out or rel.as_posix() in files or not path.is_file():
                continue
            self.add_file(path, f"{label}/{rel.as_posix()}")

    def copy(self) -> "Digest":
        twin = Digest()
        twin._hash = self._hash.copy()
        return twin

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


@functools.cache
def software_version() -> str:
    """:func:`software` of this package, as text: what a memo of our own results is valid for."""
    return software(Path(__file__).parent).hexdigest()


def load_memo(path: Path) -> dict:
    """A memo of results that depend only on their inputs' bytes and the software (empty if another software wrote it)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("memo", {}) if isinstance(data, dict) and data.get("software") == software_version() else {}


def save_memo(path: Path, memo: dict) -> None:
    replace_text(path, json.dumps({"software": software_version(), "memo": memo}))


def software(package: Path) -> Digest:
    """Our own code (every file of the package), Python, and every installed distribution's version.

    A change to any of them may change a byte of the site, so each one rebuilds everything.
    """
    digest = Digest()
    digest.add("python", sys.version)
    digest.add_tree(package, "kyr", leave_out=frozenset({"__pycache__"}))
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.add("distributions", "\n".join(installed))
    return digest


def manifest_path(site: Path) -> Path:
    """Where the manifest of `site` is kept: beside it.

    >>> manifest_path(Path("/p/site"))
    PosixPath('/p/.site.kyr-build.json')
    """
    return site.parent / f".{site.name}.kyr-build.json"


def cache_path(site: Path) -> Path:
    """Where the page caches of `site`'s languages are kept (:mod:`kyr.mkdocs.pagecache`): beside it.

    >>> cache_path(Path("/p/site"))
    PosixPath('/p/.site.kyr-cache')
    """
    return site.parent / f".{site.name}.kyr-cache"


def load(site: Path) -> dict[str, dict]:
    """The languages of `site` and what each was built from; empty when unknown."""
    try:
        data = json.loads(manifest_path(site).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("languages"), dict):
        return {}
    return data["languages"]


def forget(site: Path) -> None:
    """Remove the manifest, before a build changes the site it describes."""
    manifest_path(site).unlink(missing_ok=True)


def save(site: Path, languages: dict[str, dict]) -> None:
    """Write the manifest of `site` (written aside, then renamed into place)."""
    replace_text(manifest_path(site), json.dumps({"format": FORMAT, "languages": languages}, indent=1, sort_keys=True))
