"""Pages whose inputs did not change keep their last output: the page cache of one language's build.

`kyr build` (:mod:`kyr.mkdocs.site`) gives each language's worker what its pages
are made from (:func:`kyr.mkdocs.site.language_inputs`): a ``shell`` digest (the
config, theme, software, the UI and media catalogs, the list of pages...) and
each page's own inputs (its Markdown, template and catalogs along the chain).
A page's key adds its neighbours' own inputs, as the pager shows their titles.

The cache holds, for each page, its key and what its build wrote and said: the
page as MkDocs wrote it (before the language's offline size is put into it: that
is the language's, see :mod:`kyr.mkdocs.keep`), its QR code and share text, its
title (for its neighbours' pagers), its offline-manifest entry, and the
translations refused while it was read and while it was rendered. A page whose
key is unchanged is not read or rendered: MkDocs' dirty mode skips it
(``File.is_modified``), its files come from the cache, and its title and refusals
take their places, so the language's output is the one a clean build writes.

Each build writes a new cache next to its output, and `kyr build` puts it in
place of the old one only once the site is in place. A cache is right for any
site: it maps keys to outputs, whatever build wrote it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

from kyr.buildstate import Digest
from kyr.files import replace_text
from kyr.refusals import Refusal

#: What `kyr build` tells a worker, as the path of a JSON file: {"shell", "pages", "previous", "out"}.
STATE_VARIABLE = "KYR_PAGE_STATE"
RECORDS = "pages.json"
SIZES = "sizes.json"
CHECKED = "checked.json"
FILES = "files"
#: Files a page's build writes beside it (kyr.mkdocs.plugin.on_post_page, kyr.mkdocs.keep.write_share).
BESIDE = ("qr.svg", "share.txt")


def refusal_dicts(found: list[Refusal]) -> list[dict]:
    return [asdict(r) for r in found]


def refusals_from(dicts: list[dict]) -> list[Refusal]:
    return [Refusal(**{**d, "reasons": tuple(d["reasons"])}) for d in dicts]


class PageCache:
    """One language's page cache: the last build's (`previous`) and the one this build writes (`out`)."""

    def __init__(self, state_file: Path):
        state = json.loads(state_file.read_text(encoding="utf-8"))
        self.shell: str = state["shell"]
        self.own: dict[str, str] = state["pages"]
        self.previous = Path(state["previous"]) if state.get("previous") else None
        self.out = Path(state["out"])
        self.records: dict[str, dict] = {}
        if self.previous and (self.previous / RECORDS).is_file():
            try:
                self.records = json.loads((self.previous / RECORDS).read_text(encoding="utf-8"))
            except ValueError:
                self.records = {}
        self.sizes: dict[str, int] = self._load(SIZES)
        #: Catalogs the last build read without an error: the sha256 of their bytes, their template's and the shell's.
        self.checked: dict[str, str] = self._load(CHECKED)
        self.new_checked: dict[str, str] = {}
        #: This build's records, by page path.
        self.new: dict[str, dict] = {}

    def _load(self, name: str) -> dict:
        try:
            return json.loads((self.previous / name).read_text(encoding="utf-8")) if self.previous else {}
        except (OSError, ValueError):
            return {}

    def checked_before(self, catalog: Path, template: Path) -> bool:
        """Whether the last build read this very catalog (same bytes, template and shell) without an error.

        The build reads every catalog before writing anything, to stop at a broken one
        with its FILE:LINE; one that passed and did not change passes again.
        """
        digest = Digest()
        digest.add("shell", self.shell)
        digest.add_file(catalog, "catalog")
        digest.add_file(template, "template")
        found = digest.hexdigest()
        self.new_checked[str(catalog)] = found
        return self.checked.get(str(catalog)) == found

    def key(self, page) -> str:
        """The page's key: the shell, its own inputs, and its neighbours' (whose titles its pager shows)."""
        digest = Digest()
        digest.add("shell", self.shell)
        digest.add("url", page.file.dest_uri)
        for label, other in (("page", page), ("previous", page.previous_page), ("next", page.next_page)):
            uri = getattr(getattr(other, "file", None), "src_uri", None)
            digest.add(label, f"{uri} {self.own.get(uri, 'unknown') if uri else ''}")
        return digest.hexdigest()

    def restore(self, key: str, src_uri: str, site_dir: Path) -> dict | None:
        """Put the page's last output into `site_dir` and this build's cache, if its key is unchanged; its record."""
        record = self.records.get(src_uri)
        if record is None or record.get("key") != key or self.previous is None:
            return None
        cached = [self.previous / FILES / rel for rel in record["files"]]
        if not all(path.is_file() for path in cached):
            return None
        for rel, path in zip(record["files"], cached):
            for target in (site_dir / rel, self.out / FILES / rel):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        self.new[src_uri] = record
        return record

    def keep(self, key: str, src_uri: str, site_dir: Path, dest: Path, title: str, entry: dict,
             read: list[Refusal], rendered: list[Refusal]) -> None:
        """Record a page this build wrote: its files as they are now (before the language's size goes in)."""
        files = [dest] + [dest.parent / name for name in BESIDE if (dest.parent / name).is_file()]
        rels = [path.relative_to(site_dir).as_posix() for path in files]
        for rel in rels:
            target = self.out / FILES / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site_dir / rel, target)
        self.new[src_uri] = {"key": key, "files": rels, "title": title, "entry": entry,
                             "read": refusal_dicts(read), "rendered": refusal_dicts(rendered)}

    def save(self) -> None:
        """Write this build's records and brotli sizes (the plugin leaves only those this build used)."""
        for name, data in ((RECORDS, self.new), (SIZES, self.sizes), (CHECKED, self.new_checked)):
            replace_text(self.out / name, json.dumps(data, ensure_ascii=False))  # key order kept: entries go into offline.json
