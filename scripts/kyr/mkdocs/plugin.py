"""The MkDocs glue: feed each page through the catalogs, and the theme through the UI catalog.

All the work is done by the engine-agnostic core (:mod:`kyr.translate`,
:mod:`kyr.markers`); this plugin only calls it at the right MkDocs events. It
runs beside :mod:`kyr.mkdocs.i18n`, which owns URLs, the switcher and
alternates, and asks it which language is being built.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urljoin
from dataclasses import dataclass, field
from pathlib import Path

from babel.dates import format_date
from jinja2 import select_autoescape
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from kyr import catalog as catalogs
from kyr import frontmatter, markers, recordings
from kyr.catalog import MEDIA, THEME
from kyr.frontmatter import FrontMatterError
from kyr.languages import LanguageError, Languages, load_languages
from kyr.media import MediaError
from kyr.pofile import CatalogError
from kyr.mkdocs.config import KyrConfig
from kyr.mkdocs.theme import SETTINGS, material_english
from kyr.keypoints import key_points
from kyr.qr import qr_svg, qr_url
from kyr.render_check import Judge
from kyr.sanitize import sanitizer_for, scan_page
from kyr.segment import without_notes
from kyr.translate import Translations

log = logging.getLogger("mkdocs.plugins.kyr")

#: Material's own assets, which the lean templates in overrides/ replace.
UNUSED_THEME_ASSETS = ("assets/javascripts/", "assets/stylesheets/", "assets/images/")

#: A cleaner per English page (its Markdown), allowing what that page renders to.
_SANITIZERS: dict = {}

#: Python-Markdown's footnotes write this as the title of each back link.
FOOTNOTE_BACKLINK = "Jump back to footnote %d in the text"


@dataclass
class PageInfo:
    """What the theme needs to know about a page beyond its HTML."""

    lang: str
    #: Languages other than the page's that some blocks are shown in, in chain order.
    fallback_langs: list[str] = field(default_factory=list)
    #: Whether some blocks show translations no qualified human has reviewed.
    drafts: bool = False
    last_reviewed: str | None = None
    last_reviewed_iso: str | None = None
    #: The language the date is written in (Mam dates use Spanish formats).
    last_reviewed_lang: str | None = None
    status: str | None = None
    sources: list[dict] = field(default_factory=list)
    media: list[dict] = field(default_factory=list)
    #: Native name of every language, for labels such as a video's languages.
    language_names: dict[str, str] = field(default_factory=dict)
    #: This page in every language: lang, native name, href (relative) and url (absolute).
    alternates: list[dict] = field(default_factory=list)
    #: Key points for the pocket card, as HTML: in the page's language, and in English.
    card: str = ""
    card_source: str = ""


def title_text(page) -> str:
    """A page's title as plain text, for templates to escape wherever they insert it.

    A front matter ``title`` is YAML, so already text. Without one, MkDocs takes
    the first heading's rendered HTML with its tags stripped but its character
    references kept (``Fish &amp; chips``), so those are decoded here; escaping
    then writes them back exactly once. Jinja's ``striptags`` would instead turn a
    heading's ``&lt;meta&gt;`` into a tag.

    >>> from types import SimpleNamespace as Page
    >>> title_text(Page(meta={}, title="Fish &amp; chips &lt;b&gt;"))
    'Fish & chips <b>'
    >>> title_text(Page(meta={"title": "A &amp; B"}, title="A &amp; B"))
    'A &amp; B'
    """
    if page is None or page.title is None:
        return ""
    if "title" in (page.meta or {}):
        return str(page.meta["title"])
    return html.unescape(page.title)


#: Bad input, which stops a build with its file and line (and no traceback).
INPUT_ERRORS = (CatalogError, LanguageError, MediaError, FrontMatterError)


@contextmanager
def reported() -> Iterator[None]:
    """Turn an input error into MkDocs's PluginError: MkDocs then logs it and exits 1, without a traceback."""
    try:
        yield
    except INPUT_ERRORS as exc:
        raise PluginError(str(exc)) from None


class KyrPlugin(BasePlugin[KyrConfig]):
    #: The last failed build's message, for `mkdocs serve`'s pages (see on_serve). On the
    #: class: serve makes new plugin instances for every rebuild.
    build_error: str | None = None

    def __init__(self):
        self.pages: dict[str, PageInfo] = {}
        self.languages: Languages | None = None
        self.translations: Translations | None = None
        self.material: dict[str, str] = {}
        #: The recordings `kyr build` encoded, by source (read once per build from KYR_RECORDINGS).
        self._recordings: dict[str, recordings.Recording] | None = None

    @property
    def lang(self) -> str:
        i18n = self.i18n
        return i18n.current_language if i18n and i18n.current_language else self.languages.source

    @event_priority(-110)  # after static-i18n's on_config (-100) has chosen the language
    def on_config(self, config):
        with reported():
            return self._configure(config)

    def _configure(self, config):
        root = Path(config.config_file_path).parent
        self.languages = load_languages(root / self.config.languages_file)
        if self.translations is None:  # kept across builds, so unchanged catalogs are not re-read
            # Translations are judged by what they render to with this site's Markdown configuration.
            judge = Judge(config.markdown_extensions, config.mdx_configs)
            self.translations = Translations(root / self.config.locales_dir, self.languages, judge)
        self.i18n = next((p for p in config.plugins.values() if p.__class__.__name__ == "I18n"), None)
        self.media_file = Path(config.docs_dir) / self.config.media_file if self.config.media_file else None
        self.pages = {}
        self._media = None
        self._recordings = None
        # Text that MkDocs and Python-Markdown write themselves goes through the UI catalog too.
        config.site_name = self.ui(config.site_name)
        footnotes = config.mdx_configs.setdefault("footnotes", {})
        footnotes["BACKLINK_TITLE"] = self.ui(FOOTNOTE_BACKLINK)
        self.root = root
        return config

    # Every input is read before MkDocs empties the site folder (and `mkdocs serve`'s
    # copy of it): a broken catalog, page or registry stops the build with its file
    # and line, and the last good site stays as it was.
    def on_pre_build(self, config):
        with reported():
            only = self.i18n.config.get("only") if self.i18n else None
            codes = [self.lang] if only or not self.i18n else self.languages.codes
            locales = self.root / self.config.locales_dir
            for code in dict.fromkeys(c for code in codes for c in self.languages[code].chain):
                if code != self.languages.source:
                    for domain in catalogs.domains(locales):
                        self.translations.catalog(code, domain)
            docs = Path(config.docs_dir)
            for rel in catalogs.pages(docs):
                frontmatter.read((docs / rel).read_text(encoding="utf-8-sig"), str(docs / rel))
            if self.media_file and self.media_file.exists():
                from kyr import media

                self._media = media.load_media(self.media_file)
                media.check_topics(self._media, {rel.removesuffix(".md") for rel in catalogs.pages(docs)}, self.media_file)

    def on_build_error(self, error):
        KyrPlugin.build_error = str(error)

    def on_post_build(self, config):
        KyrPlugin.build_error = None

    # `mkdocs serve`: a failed rebuild keeps the last good site served (MkDocs would hold
    # every request until a build succeeds), with the error at the top of each page.
    def on_serve(self, server, config, builder):
        from kyr.mkdocs.site import guard_server

        guard_server(server, lambda: KyrPlugin.build_error)
        return server

    # Templates are set up once per build, so the gettext callables know the build's language.
    # MkDocs makes its Jinja environment without autoescaping: every value a template inserts
    # (titles, descriptions, sources, media, theme strings, all of them translatable) would be
    # markup. With autoescaping on they are text in text and values in attributes; only HTML
    # the build made itself is Markup (page.content, the pocket card: see on_page_context).
    def on_env(self, env, config, files):
        self.material = material_english([Path(d) for d in config.theme.dirs])
        env.autoescape = select_autoescape(enabled_extensions=("html", "htm", "xml"), default_for_string=True, default=True)
        env.add_extension("jinja2.ext.i18n")
        # Jinja's newstyle gettext trusts a translation as Markup when autoescaping is on;
        # ours come from translators, so they are escaped first (placeholders still work).
        env.install_gettext_callables(
            gettext=lambda msgid: escape(self.ui(msgid)),
            ngettext=lambda singular, plural, n: escape(self.ui_plural(singular, plural, n)),
            newstyle=True,
        )
        env.globals["kyr_material"] = self.material_text
        env.filters["title_text"] = title_text
        return env

    def ui(self, msgid: str, **variables) -> str:
        """A theme string in the reader's language, marked where it falls back."""
        choice = self.translations.choose(self.lang, THEME, msgid)
        text = choice.text % variables if variables else choice.text
        if choice.lang != self.lang or choice.draft:
            return markers.wrap(text, choice.lang, choice.draft)
        return text

    def ui_plural(self, singular: str, plural: str, n: int, **variables) -> str:
        return self.ui(singular if n == 1 else plural, n=n, **variables)

    def material_text(self, key: str) -> str:
        """Material's `lang.t(key)`, through the UI catalog."""
        if key == "language":
            return self.lang
        if key == "direction":
            return "ltr"
        if key in SETTINGS or key not in self.material:
            return self.material.get(key, key)
        return self.ui(self.material[key])

    # Theme files are in the collection by now: drop Material's scripts, styles and fonts,
    # which our lean templates never load, so they are neither copied nor compressed.
    # Source recordings are not copied either: readers get the build's encodes (kyr.recordings).
    def on_files(self, files, config):
        ours = Path(config.theme.custom_dir or config.docs_dir).resolve()
        for file in list(files):
            if file.src_uri.startswith(UNUSED_THEME_ASSETS) and not Path(file.abs_src_path).is_relative_to(ours):
                files.remove(file)
            elif file.src_uri.lower().endswith(recordings.SOURCE_SUFFIXES):
                files.remove(file)
        return files

    # Reading the source is the one place where front matter and body are still together.
    def on_page_read_source(self, page: Page, config):
        with reported():
            return self._read_source(page, config)

    def _read_source(self, page: Page, config):
        path = Path(page.file.abs_src_path)
        source = path.read_text(encoding="utf-8-sig")
        # MkDocs drops front matter that does not parse without a word; here it stops the build.
        frontmatter.read(source, str(path))
        result = self.translations.page(self.lang, page.file.src_uri, source)
        frontmatter.read(result.markdown, str(path))
        for code, domain, msgid, problems in self.translations.refused:
            log.warning("%s/%s: translation of %r refused, fallback shown: %s", code, domain, msgid[:40], "; ".join(problems))
        self.translations.refused.clear()
        chain = self.languages[self.lang].chain
        markdown = without_notes(result.markdown)
        card = key_points(markdown)
        self.pages[page.file.src_uri] = PageInfo(
            lang=self.lang,
            fallback_langs=[c for c in chain if c in result.fallback_langs],
            drafts=result.drafts > 0,
            # HTML the build made from the page's (checked) Markdown, like the page's body.
            card=Markup(self.render(card, config)) if card else "",
            card_source=Markup(self.render(key_points(without_notes(source)), config))
            if card and self.lang != self.languages.source
            else "",
        )
        return markdown

    def render(self, markdown: str, config) -> str:
        """Markdown to HTML with the site's extensions, for text outside a page's body."""
        from markdown import Markdown

        return Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(markdown)

    # Front matter is parsed by now; dates, sources and media are page data for the theme.
    def on_page_context(self, context, page, config, nav):
        info = self.pages.get(page.file.src_uri) or PageInfo(lang=self.lang)
        meta = page.meta
        language = self.languages[self.lang]
        reviewed = meta.get("last_reviewed")
        if isinstance(reviewed, str):
            reviewed = dt.date.fromisoformat(reviewed)
        if isinstance(reviewed, dt.date):
            info.last_reviewed_iso = reviewed.isoformat()
            info.last_reviewed = format_date(reviewed, format="long", locale=language.formats)
            info.last_reviewed_lang = language.formats
        info.status = meta.get("status")
        info.sources = [s for s in meta.get("sources") or [] if isinstance(s, dict) and s.get("url")]
        info.media = self.media_for(page)
        info.language_names = {lang.code: lang.name for lang in self.languages}
        info.alternates = self.alternates(page, config)
        context["kyr"] = info
        # The body is HTML that Python-Markdown made from checked translations: the one
        # value templates insert as markup, everything else is escaped.
        page.content = Markup(page.content or "")
        return context

    def alternates(self, page: Page, config) -> list[dict]:
        """This page in every language, for the switcher and hreflang.

        Every page exists in every language (blocks fall back, pages never do), so
        the links follow from the URL alone; static-i18n's alternates cannot be
        used here, because it only knows the other languages' files in their builds.
        """
        base = config.site_url or "/"
        own = "" if self.lang == self.languages.source else f"{self.lang}/"
        path = page.url.removeprefix(own) if own else page.url
        links = []
        for lang in self.languages:
            target = ("" if lang.is_source else f"{lang.code}/") + path
            links.append(
                {"lang": lang.code, "name": lang.name, "href": normalize_url(target, page), "url": urljoin(base, target)}
            )
        return links

    def media_for(self, page: Page) -> list[dict]:
        if not self.media_file or not self.media_file.exists():
            return []
        from kyr import media

        if self._media is None:  # once per build: every page reads the same registry
            self._media = media.load_media(self.media_file)
        entries = self._media
        topic = page.file.src_uri.removesuffix(".md")
        chain = list(self.languages[self.lang].chain)
        cards = []
        for entry in media.media_for_page(entries, topic, chain):
            card = {**entry, "title": self.media_text(entry["title"]), "provider": self.media_text(entry["provider"])}
            if "file" in entry:
                card["local"] = self.local_recording(entry["file"], page)
            cards.append(card)
        return cards

    def local_recording(self, source: str, page: Page) -> dict | None:
        """What the player needs of a recording the build encoded (kyr build does it before the pool)."""
        if self._recordings is None:
            manifest = os.environ.get("KYR_RECORDINGS")
            self._recordings = recordings.load(Path(manifest)) if manifest else {}
        encoded = self._recordings.get(source)
        if encoded is None:
            log.warning("%s: not encoded, so not shown; `kyr build` encodes local recordings", source)
            return None
        locale = self.languages[self.lang].formats
        return {
            "src": normalize_url(encoded.path, page),
            "type": encoded.type,
            "kind": encoded.kind,
            "duration_seconds": encoded.duration_seconds,
            "bytes": encoded.bytes,
            "duration": recordings.duration_text(encoded.duration_seconds),
            "duration_iso": recordings.iso_duration(encoded.duration_seconds),
            "size": recordings.size_text(encoded.bytes, locale),
        }

    def media_text(self, msgid: str) -> str:
        choice = self.translations.choose(self.lang, MEDIA, msgid)
        if choice.lang != self.lang or choice.draft:
            return markers.wrap(choice.text, choice.lang, choice.draft)
        return choice.text

    # A translated page's body passes a whitelist of what its English page renders to.
    def on_page_content(self, html, page, config, files):
        if self.lang == self.languages.source:
            return html
        from mkdocs.utils.meta import get_data

        source, _ = get_data(Path(page.file.abs_src_path).read_text(encoding="utf-8-sig"))
        if source not in _SANITIZERS:  # kept per process: a worker builds several languages
            _SANITIZERS[source] = sanitizer_for(self.render(source, config))
        clean = _SANITIZERS[source]
        info = self.pages.get(page.file.src_uri)
        if info is not None and info.card:  # the pocket card is rendered from the translation too
            info.card = Markup(clean(info.card))  # cleaned HTML the build made, like the body
        return clean(html)

    # The page is HTML now: markers become lang attributes; and its URL is final, for the QR code.
    def on_post_page(self, output, page, config):
        if page.canonical_url:
            qr_file = Path(page.file.abs_dest_path).parent / "qr.svg"
            qr_file.parent.mkdir(parents=True, exist_ok=True)
            qr_file.write_bytes(self.previous_qr(qr_file, page.canonical_url, config) or qr_svg(page.canonical_url))
        return self.scanned(markers.resolve(output, self.lang), page.file.dest_uri)

    def scanned(self, html: str, name: str) -> str:
        """`html`, if it holds nothing that no page of ours may hold; else the build fails, naming it."""
        found = scan_page(html)
        if found:
            raise PluginError(f"{name}: refused to publish: " + "; ".join(found))
        return html

    def previous_qr(self, qr_file: Path, url: str, config) -> bytes | None:
        """The last build's QR code for this page, if it encodes the same URL (choosing its mask is slow)."""
        previous = os.environ.get("KYR_PREVIOUS_SITE")
        if not previous:
            return None
        old = Path(previous) / qr_file.relative_to(config.site_dir)
        data = old.read_bytes() if old.is_file() else b""
        return data if data and qr_url(data) == url else None

    # Theme-only pages (404.html, sitemap.xml) carry markers from UI strings too.
    def on_post_template(self, output_content, template_name, config):
        output = markers.resolve(output_content, self.lang)
        return self.scanned(output, template_name) if template_name.endswith(".html") else output
