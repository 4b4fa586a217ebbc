"""`kyr serve`'s fast path: a saved page catalog renders that one page again, in every language showing it.

A rebuild of a language (:func:`kyr.mkdocs.site.build`) loads the config, hashes
every input, lists and reconfigures every file, restores every kept page and
measures the language's offline size: about 2 s at 300 pages, however little
changed. A translator who saves ``locales/es/LC_MESSAGES/court.po`` changed one
page. So the served process keeps, for each language, the MkDocs objects of a
build of that language made in this process (a :class:`Session`: the config with
its plugins, the files, the navigation, the templates), and on such a save it
renders the page again with MkDocs' own page steps (every plugin event of a page
runs: the checks, the sanitizer, the markers), in the saved language and in
those whose fallback chain goes through it, then puts the new files in the
served site.

What this does not redo, a preview can do without until the next build: the
offline size on the save button (the last one stays), the offline manifest, the
page cache. So the manifest entries of the languages it touched are dropped
(:mod:`kyr.buildstate`), and the next `kyr build` builds them again. Anything
else saved (an English page, a template, the theme or media catalog, the
config), a page that fails, or a build that failed before, goes the full way.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from pathlib import Path

from kyr import buildstate, refusals
from kyr import catalog as catalogs
from kyr.dashboard import FOLDER as DASHBOARD
from kyr.files import replace_bytes
from kyr.mkdocs.keep import SIZE_MARK
from kyr.mkdocs.pagecache import BESIDE

log = logging.getLogger("kyr")

#: Names a save may leave in a catalog folder besides the catalog: Poedit's compiled .mo,
#: editors' backups and swap files. The build reads none of them.
IGNORED_SUFFIXES = (".mo", "~", ".swp", ".swx", ".tmp", ".bak")


def page_catalogs(paths: set[Path], locales: Path, table) -> dict[str, set[str]] | None:
    """The page catalogs among saved `paths`, as {language: page domains}; None if anything else was saved.

    >>> from types import SimpleNamespace
    >>> table = SimpleNamespace(codes=["en", "es"], source="en")
    >>> page_catalogs({Path("locales/es/LC_MESSAGES/court.po"), Path("locales/es/LC_MESSAGES/court.mo")}, Path("locales"), table)
    {'es': {'court'}}
    >>> page_catalogs({Path("locales/es/LC_MESSAGES/theme.po")}, Path("locales"), table) is None
    True
    >>> page_catalogs({Path("docs/court.md")}, Path("locales"), table) is None
    True
    """
    found: dict[str, set[str]] = {}
    for path in paths:
        try:
            rel = path.resolve().relative_to(locales.resolve())
        except ValueError:
            return None
        parts = rel.parts
        if len(parts) < 3 or parts[1] != "LC_MESSAGES" or parts[0] not in table.codes or parts[0] == table.source:
            return None
        if path.name.endswith(IGNORED_SUFFIXES) or path.name.startswith("."):
            continue
        if path.suffix != ".po":
            return None
        domain = "/".join(parts[2:]).removesuffix(".po")
        if domain in (catalogs.THEME, catalogs.MEDIA):
            return None
        found.setdefault(parts[0], set()).add(domain)
    return found


class Session:
    """One language built in this process, kept to render its pages again."""

    def __init__(self, code: str, config, folder: Path):
        self.code = code
        self.config = config
        self.plugin = config.plugins["kyr"]
        #: Where the session's build wrote its site: the page files are found there first.
        self.folder = folder
        self.by_domain = {catalogs.page_domain(uri): uri for uri in self.plugin.page_order}
        #: The pages the session's own build rendered (their inputs changed since the site was
        #: built: a save came first), until they are put in the site.
        self.unpublished = [rel for page in self.plugin.built.values() for rel in self.files_of(page)]

    def render(self, uri: str, neighbours: bool = True) -> list[Path]:
        """Render the page `uri` again (and its neighbours, if its title changed); the files written, from the site's root."""
        from kyr.engine import build_page, populate_page

        plugin, config = self.plugin, self.config
        page = plugin.files.get_file_from_path(uri).page
        title = page.title
        plugin.unkeep(page)
        populate_page(page, config, plugin.files)
        build_page(page, config, plugin.files.documentation_pages(), plugin.nav, plugin.env)
        plugin._enter(("end", ""))
        rels = self.files_of(page)
        if neighbours and page.title != title:  # the neighbours' pagers show it
            for other in (page.previous_page, page.next_page):
                if other is not None and other.file is not None:
                    rels += self.render(other.file.src_uri, neighbours=False)
        return rels

    def files_of(self, page) -> list[Path]:
        """The files a page's build writes (the page, its QR code and share text), from the site's root."""
        dest = Path(page.file.abs_dest_path)
        written = [dest] + [dest.parent / name for name in BESIDE if (dest.parent / name).is_file()]
        return [path.relative_to(self.config.site_dir) for path in written]


    def refusals(self) -> list[refusals.Refusal]:
        return self.plugin.refusals_in_order()


class PagePreview:
    """The sessions of `kyr serve`, and the fast path that uses them."""

    def __init__(self, config_file: Path, site: Path, table):
        self.config_file = config_file
        self.site = site
        self.table = table
        self.root = config_file.parent
        self.sessions: dict[str, Session] = {}
        #: Held while a session is made or used, and by `kyr serve` while it builds.
        self.lock = threading.RLock()
        self._folder = Path(tempfile.mkdtemp(prefix="kyr-preview-"))
        self._inputs: dict | None = None
        self._recordings: Path | None = None
        self._dashboard_due = threading.Event()

    def close(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)

    def forget(self) -> None:
        """Drop every session: something besides a page catalog changed."""
        with self.lock:
            self.sessions.clear()
            self._inputs = None
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder.mkdir(parents=True)

    def session(self, code: str) -> Session:
        """The language's session, built now if there is none (from the page cache: only changed pages are rendered)."""
        with self.lock:
            if code not in self.sessions:
                from kyr.mkdocs.site import encode_recordings, language_inputs, language_task, run_language

                if self._inputs is None:
                    self._recordings = encode_recordings(self.config_file, self._folder, self.site)
                    self._inputs, _ = language_inputs(self.config_file, self.table, self._recordings)
                staging = self._folder / code
                caches = buildstate.cache_path(self.site).resolve()
                task = language_task(self.config_file, code, self._inputs[code], self.site, staging, self._recordings, caches / code)
                self.sessions[code] = Session(code, run_language(task), Path(task[2]))
            return self.sessions[code]

    def warm(self) -> threading.Thread:
        """Make every language's session in the background, one at a time (a save waits at most for one)."""

        def work() -> None:
            for code in self.table.codes:
                if code == self.table.source:
                    continue
                try:
                    self.session(code)
                except Exception as exc:  # the full path will say what is wrong, with its file and line
                    log.debug("preview session %s: %s", code, exc)
                    return

        thread = threading.Thread(target=work, name="kyr-preview-warm", daemon=True)
        thread.start()
        return thread

    def pages_saved(self, paths: set[Path]) -> bool:
        """Render again the pages of the page catalogs saved; False (nothing written) when the full way is needed."""
        saved = page_catalogs(paths, self.root / "locales", self.table) if paths else None
        if saved is None:  # also when the server was told of no path (a change of config)
            return False
        with self.lock:
            written: dict[Path, Session] = {}
            try:
                for lang, domains in saved.items():
                    for code in [c for c in self.table.codes if lang in self.table[c].chain]:
                        session = self.session(code)
                        # A session made after the save read it already: its build's pages go out too.
                        written.update((rel, session) for rel in session.unpublished)
                        for domain in sorted(domains):
                            if domain in session.by_domain:
                                written.update((rel, session) for rel in session.render(session.by_domain[domain]))
            except Exception as exc:  # the full way reports it with its file and line, and keeps the last good site
                log.debug("preview fast path: %s", exc)
                self.forget()
                return False
            self._publish(written)
            for session in written.values():
                session.unpublished = []
            return True

    def _publish(self, written: dict[Path, "Session"]) -> None:
        """Put the rendered files into the served site, and what they refused into the preview's banners."""
        entries = buildstate.load(self.site)
        buildstate.save(self.site, {code: e for code, e in entries.items() if code not in {s.code for s in written.values()}})
        for rel, session in written.items():
            data = (session.folder / rel).read_bytes()
            if rel.suffix == ".html":
                data = data.replace(SIZE_MARK.encode(), getattr(session.plugin, "offline_label", "").encode())
            replace_bytes(self.site / rel, data)
        path = self.site / DASHBOARD / "refused.json"
        found = refusals.load_by_language(path)
        for session in {s.code: s for s in written.values()}.values():
            found[session.code] = session.refusals()
        refusals.save_by_language(found, path)
        self._dashboard_due.set()

    def refresh_dashboard(self) -> None:
        """Write the translators' dashboard again after a fast-path save (in the background: the page comes first)."""
        if not self._dashboard_due.is_set():
            return
        from kyr.mkdocs.site import write_dashboard

        with self.lock:
            self._dashboard_due.clear()
            write_dashboard(self.config_file, self.site, self._folder, [], self.table,
                            buildstate.cache_path(self.site) / "stats.json")
