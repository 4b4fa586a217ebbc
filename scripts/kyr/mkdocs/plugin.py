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

from jinja2 import select_autoescape
from markupsafe import Markup, escape

from kyr import catalog as catalogs
from kyr import frontmatter, markers, recordings, refusals
from kyr.address import public_address
from kyr.catalog import MEDIA, THEME, page_domain
from kyr.dates import long_date
from kyr.engine import LOGGER, BasePlugin, Page, PluginError, event_priority, get_data, normalize_url
from kyr.frontmatter import FrontMatterError
from kyr.languages import LanguageError, Languages, load_languages
from kyr.media import MediaError
from kyr.pofile import CatalogError
from kyr.mkdocs.config import KyrConfig
from kyr.mkdocs import keep
from kyr.mkdocs.pagecache import STATE_VARIABLE, PageCache, refusals_from
from kyr.mkdocs.theme import SETTINGS, UI_KEYS
from kyr.keypoints import key_points, phone_lines
from kyr.qr import qr_svg, qr_url
from kyr.render_check import Judge
from kyr.sanitize import sanitizer_for, scan_page
from kyr.segment import without_notes
from kyr.translate import Translations

log = logging.getLogger(f"{LOGGER}.plugins.kyr")

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
    #: Writing direction of every language ("ltr", "rtl"), for `dir` where a text is in another language.
    directions: dict[str, str] = field(default_factory=dict)
    #: This page in every language: lang, native name, href (relative) and url (absolute).
    alternates: list[dict] = field(default_factory=list)
    #: Key points and phone lines for the pocket card, as HTML: in the page's language, and in English.
    card: str = ""
    card_source: str = ""
    #: The English page's title and date, for the English side of the card.
    title_source: str = ""
    last_reviewed_source: str | None = None
    #: Languages the whole page is shown in, when no block is in the page's own language.
    whole_fallback: list[str] = field(default_factory=list)
    #: `legal_review:` of the front matter: who checked the page and when (formatted, and ISO).
    legal_reviewer: str | None = None
    legal_review_date: str | None = None
    legal_review_iso: str | None = None
    #: The language's readers get their own-language media first (``media_first`` in languages.toml).
    media_first: bool = False
    #: Media in the page's own language, for the top of the page: the page's own, else the site's.
    own_media: list[dict] = field(default_factory=list)
    #: Whether `own_media` are the site's other media, because this topic has none in the language.
    own_media_elsewhere: bool = False
    #: The site's home in the page's language, for the card, and whether it is public (not
    #: localhost): only a public address gets a QR code on the card.
    site_address: str = ""
    site_public: bool = False
    #: The page's HTML cut after its title (h1), so the theme can put media between them.
    heading: str = ""
    body: str = ""

    def english(self, msgid: str, **variables) -> Markup:
        """A theme string in English (the msgid itself), for the English side of the pocket card.

        It behaves as Jinja's `_()` does under autoescaping: the template's own text is
        trusted, the values put into it are escaped.

        >>> PageInfo("es").english("Checked on %(date)s", date="<b>")
        Markup('Checked on &lt;b&gt;')
        """
        return Markup(msgid) % variables if variables else Markup(msgid)

    @staticmethod
    def plain(text: str) -> str:
        """Text without language markers, to go inside a sentence that carries its own.

        >>> PageInfo.plain(markers.wrap("español", "es", False))
        'español'
        """
        return type(text)(markers.strip(str(text))) if isinstance(text, Markup) else markers.strip(text)


def split_after_title(content: str) -> tuple[Markup, Markup]:
    """A page's HTML cut after its first h1, both parts as trusted HTML (the page's own rendering).

    >>> split_after_title("<h1>T</h1>\\n<p>x</p>")
    (Markup('<h1>T</h1>'), Markup('\\n<p>x</p>'))
    >>> split_after_title("<p>x</p>")
    (Markup(''), Markup('<p>x</p>'))
    """
    head, found, rest = content.partition("</h1>")
    return (Markup(head + found), Markup(rest)) if found else (Markup(""), Markup(content))


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
        #: Python-Markdown with the site's extensions, for the pocket card and the sanitizer (see render).
        self._markdown = None
        #: Translations refused in this build, with FILE:LINE (kyr.refusals), by the step of the
        #: build that met them: ("config", ""), ("read", page), ("templates", ""), ("rendered", page), ("end", "").
        self._refused: dict[tuple[str, str], list[refusals.Refusal]] = {}
        self._step = ("config", "")

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
        #: Each page's entry in the language's offline manifest (kyr.mkdocs.keep), by page path.
        self.offline_entries: dict[str, dict] = {}
        #: The pages, in the order MkDocs reads and builds them.
        self.page_order: list[str] = []
        #: Pages this build wrote, and those it kept from the last build (their page cache records).
        self.built: dict[str, Page] = {}
        self.kept: dict[str, dict] = {}
        #: The title each kept page had from the nav (None: its own), by page path.
        self.nav_titles: dict[str, str | None] = {}
        state = os.environ.get(STATE_VARIABLE)
        self.cache = PageCache(Path(state)) if state else None
        self._media = None
        self._recordings = None
        self._markdown = None
        self._refused = {}
        self._step = ("config", "")
        # Text that MkDocs and Python-Markdown write themselves goes through the UI catalog too.
        config.site_name = self.ui(config.site_name)
        # Without a public address there is nothing to print or link to: no canonical URL, QR
        # code or card address (kyr.address; `kyr build` says so once, kyr.mkdocs.site).
        config.site_url = public_address(config.site_url)
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
                        path, template = catalogs.po_path(locales, code, domain), catalogs.template_path(locales, domain)
                        if self.cache is None or not self.cache.checked_before(path, template):
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
        self._enter(("end", ""))
        pages = [self.kept[uri]["entry"] if uri in self.kept else self.offline_entries[uri]
                 for uri in self.page_order if uri in self.kept or uri in self.offline_entries]
        if self.cache is not None:  # the pages as written, before the language's size goes into them
            for uri, page in self.built.items():
                self.cache.keep(self.cache.key(page), uri, Path(config.site_dir), Path(page.file.abs_dest_path), title_text(page),
                                self.offline_entries[uri], self._refused.get(("read", uri), []), self._refused.get(("rendered", uri), []))
        used: dict[str, int] = {}
        keep.write_offline(self, config, self.env, pages, self.cache.sizes if self.cache else None, used)
        KyrPlugin.build_error = None
        self.keep_refused()  # theme strings are chosen while templates render, after the last page's source
        if self.cache is not None:
            self.cache.sizes = used
            self.cache.save()
        if os.environ.get("KYR_REFUSALS"):  # kyr build collects them for the dashboard and the preview
            refusals.save_by_language({self.lang: self.refusals_in_order()}, Path(os.environ["KYR_REFUSALS"]))

    def keep_refused(self) -> None:
        """Log the translations refused so far, and keep them with their FILE:LINE for `kyr build`."""
        for code, domain, msgid, problems in self.translations.refused:
            log.warning("%s/%s: translation of %r refused, fallback shown: %s", code, domain, msgid[:40], "; ".join(problems))
        self._refused.setdefault(self._step, []).extend(refusals.collect(self.translations, self.root))

    def _enter(self, step: tuple[str, str]) -> None:
        """Start a step of the build: what was refused until now belongs to the step before."""
        self.keep_refused()
        self._step = step

    def refusals_in_order(self) -> list[refusals.Refusal]:
        """The build's refusals in the order a clean build meets them (a kept page's from the page cache).

        A clean build reads every page, renders the static templates, then renders every page.
        """
        steps = [("config", ""), *(("read", uri) for uri in self.page_order), ("templates", ""),
                 *(("rendered", uri) for uri in self.page_order), ("end", "")]
        found = []
        for kind, uri in steps:
            found += refusals_from(self.kept[uri][kind]) if uri in self.kept else self._refused.get((kind, uri), [])
        return found

    # Pages whose inputs did not change keep their last output (kyr.mkdocs.pagecache); after
    # static-i18n's on_nav (-100), so each page's neighbours are final.
    @event_priority(-110)
    def on_nav(self, nav, config, files):
        self.nav, self.files = nav, files  # `kyr serve` renders a page again with them (kyr.mkdocs.preview)
        documents = files.documentation_pages()
        self.page_order = [file.src_uri for file in documents]
        if self.cache is None:
            return nav
        for file in documents:
            record = self.cache.restore(self.cache.key(file.page), file.src_uri, Path(config.site_dir))
            if record is None:
                file.is_modified = lambda: True
                continue
            self.kept[file.src_uri] = record
            # MkDocs' dirty mode neither reads nor renders it; its neighbours' pagers show its title.
            # A title from mkdocs.yml's nav is noted first: a page rendered again keeps it (kyr.mkdocs.preview).
            self.nav_titles[file.src_uri] = vars(file.page).get("title")
            file.is_modified = lambda: False
            file.page.meta = {"title": record["title"]}
            file.page.title = record["title"]
        return nav

    def unkeep(self, page) -> None:
        """Undo what on_nav did for a kept page, and forget what the page refused: `kyr serve`
        renders it again after the build (kyr.mkdocs.preview). Its title is its own again,
        unless the nav gives one."""
        uri = page.file.src_uri
        if self.kept.pop(uri, None) is not None:
            given = self.nav_titles.get(uri)
            if given is None:
                vars(page).pop("title", None)  # MkDocs' title is a property a set value hides
            else:
                page.title = given
        for step in (("read", uri), ("rendered", uri)):
            self._refused.pop(step, None)

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
        self._enter(("templates", ""))
        self.material = dict(UI_KEYS)
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
        env.filters["csp_hash"] = keep.csp_hash
        self.env = env
        return env

    def ui(self, msgid: str, **variables) -> str:
        """A theme string in the reader's language, marked where it falls back."""
        choice = self.translations.choose(self.lang, THEME, msgid)
        text = choice.text % variables if variables else choice.text
        if choice.lang != self.lang or choice.draft:
            return markers.wrap(text, choice.lang, choice.draft)
        return text

    def ui_plural(self, singular: str, plural: str, n: int, **variables) -> str:
        """A theme string with a count, in the form the reader's language uses for n (its Plural-Forms).

        Jinja's newstyle ngettext then puts n into ``%(num)d`` itself.
        """
        choice = self.translations.choose_plural(self.lang, THEME, singular, plural, n)
        text = choice.text % variables if variables else choice.text
        if choice.lang != self.lang or choice.draft:
            return markers.wrap(text, choice.lang, choice.draft)
        return text

    def material_text(self, key: str) -> str:
        """Material's `lang.t(key)`, through the UI catalog."""
        if key == "language":
            return self.lang
        if key == "direction":
            return self.languages[self.lang].direction
        if key in SETTINGS or key not in self.material:
            return self.material.get(key, key)
        return self.ui(self.material[key])

    @property
    def directions(self) -> dict[str, str]:
        """Each language's writing direction, for the ``dir`` of blocks shown in another language."""
        return {lang.code: lang.direction for lang in self.languages}

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
            elif file.src_uri == keep.WORKER_SOURCE:  # written to each language's root (its scope) instead
                files.remove(file)
        return files

    # Reading the source is the one place where front matter and body are still together.
    def on_page_read_source(self, page: Page, config):
        self._enter(("read", page.file.src_uri))
        with reported():
            return self._read_source(page, config)

    def _read_source(self, page: Page, config):
        path = Path(page.file.abs_src_path)
        source = path.read_text(encoding="utf-8-sig")
        # MkDocs drops front matter that does not parse without a word; here it stops the build.
        frontmatter.read(source, str(path))
        result = self.translations.page(self.lang, page.file.src_uri, source)
        frontmatter.read(result.markdown, str(path))
        self.keep_refused()
        chain = self.languages[self.lang].chain
        fallback_langs = [c for c in chain if c in result.fallback_langs]
        markdown = without_notes(result.markdown)
        english = without_notes(source)
        _, meta = get_data(source)
        points = meta.get("key_points")
        if points is not None and not (isinstance(points, list) and all(isinstance(p, str) and p.strip() for p in points)):
            raise PluginError(f"{page.file.src_uri}: key_points must be a list of Markdown strings")
        domain = page_domain(page.file.src_uri)
        card = self.card_markdown(markdown, [self.page_text(domain, p) for p in points] if points else None)
        self.pages[page.file.src_uri] = PageInfo(
            lang=self.lang,
            fallback_langs=fallback_langs,
            drafts=result.drafts > 0,
            whole_fallback=fallback_langs if fallback_langs and not result.own_blocks else [],
            # HTML the build made from the page's (checked) Markdown, like the page's body.
            card=Markup(self.render(card, config)) if card else "",
            card_source=Markup(self.render(self.card_markdown(english, points), config))
            if card and self.lang != self.languages.source
            else "",
            title_source=str(meta.get("title") or ""),
        )
        return markdown

    def card_markdown(self, markdown: str, points: list[str] | None) -> str:
        """The pocket card's Markdown: the key points (the author's, else chosen from the page), then its phone lines."""
        chosen = "\n".join(f"- {point}" for point in points) if points else key_points(markdown)
        phones = phone_lines(markdown, besides=chosen)
        return "\n\n".join(part for part in (chosen, *phones) if part)

    def page_text(self, domain: str, msgid: str) -> str:
        """A page's sentence in the reader's language, as its body shows it (a key point that is also a block)."""
        choice = self.translations.choose(self.lang, domain, msgid)
        if choice.lang != self.lang or choice.draft:
            return markers.wrap(choice.text, choice.lang, choice.draft)
        return choice.text

    def render(self, markdown: str, config) -> str:
        """Markdown to HTML with the site's extensions, for text outside a page's body."""
        if self._markdown is None:  # one per build: setting up the extensions costs more than a card
            from markdown import Markdown

            self._markdown = Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        return self._markdown.reset().convert(markdown)

    # Front matter is parsed by now; dates, sources and media are page data for the theme.
    def on_page_context(self, context, page, config, nav):
        self._enter(("rendered", page.file.src_uri))
        info = self.pages.get(page.file.src_uri) or PageInfo(lang=self.lang)
        meta = page.meta
        language = self.languages[self.lang]
        reviewed = self.date(page, "last_reviewed", meta.get("last_reviewed"))
        if reviewed:
            info.last_reviewed_iso = reviewed.isoformat()
            info.last_reviewed = self.long_date(reviewed)
            info.last_reviewed_lang = self.date_lang
            info.last_reviewed_source = long_date(reviewed, self.languages.source)
        legal = meta.get("legal_review")
        if legal is not None:
            if not (isinstance(legal, dict) and legal.get("date") and str(legal.get("reviewer") or "").strip()):
                raise PluginError(f"{page.file.src_uri}: legal_review needs a date and a reviewer (date: 2026-12-01, reviewer: Name, organization)")
            checked = self.date(page, "legal_review.date", legal["date"])
            info.legal_reviewer = str(legal["reviewer"]).strip()
            info.legal_review_date = self.long_date(checked)
            info.legal_review_iso = checked.isoformat()
        info.status = meta.get("status")
        info.sources = [s for s in meta.get("sources") or [] if isinstance(s, dict) and s.get("url")]
        info.media = self.media_for(page)
        info.media_first = language.media_first
        if info.media_first:
            info.own_media, info.own_media_elsewhere = self.own_media(page)
            shown = {item["id"] for item in info.own_media}
            info.media = [item for item in info.media if item["id"] not in shown]
        info.site_address, info.site_public = self.site_address(config)
        info.heading, info.body = split_after_title(page.content or "")
        info.language_names = {lang.code: lang.name for lang in self.languages}
        info.directions = self.directions
        info.alternates = self.alternates(page, config)
        context["kyr"] = info
        # The body is HTML that Python-Markdown made from checked translations: the one
        # value templates insert as markup, everything else is escaped.
        page.content = Markup(page.content or "")
        return context

    @property
    def date_lang(self) -> str:
        """The language dates are written in: the page's own where it names its months, else its formats locale."""
        language = self.languages[self.lang]
        return language.code if language.month_names else language.formats

    def long_date(self, date: dt.date) -> str:
        language = self.languages[self.lang]
        return long_date(date, language.formats, language.month_names)

    @staticmethod
    def date(page: Page, key: str, value) -> dt.date | None:
        """A front matter date (YAML reads 2026-11-23 as a date; quoted, it is text)."""
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise PluginError(f"{page.file.src_uri}: {key} must be a date such as 2026-11-23, not {value!r}") from None

    def site_address(self, config) -> tuple[str, bool]:
        """The site's home in this language as written on a card, and whether it is public."""
        if not public_address(config.site_url):
            return "", False
        own = "" if self.lang == self.languages.source else f"{self.lang}/"
        return urljoin(config.site_url, own), True

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
                {"lang": lang.code, "name": lang.name, "dir": lang.direction, "href": normalize_url(target, page), "url": urljoin(base, target)}
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
            cards.append(self.media_card(entry, page))
        return cards

    def own_media(self, page: Page) -> tuple[list[dict], bool]:
        """The page's media in its own language; else the site's, with True: this topic has none."""
        own = [item for item in self.media_for(page) if self.lang in item["languages"]]
        if own:
            return own, False
        entries = [e for e in self._media or [] if self.lang in e["languages"]]
        return [self.media_card(entry, page) for entry in entries], bool(entries)

    def media_card(self, entry: dict, page: Page) -> dict:
        """A registry entry as the theme shows it: title and provider translated, a local recording's player data."""
        card = {**entry, "title": self.media_text(entry["title"]), "provider": self.media_text(entry["provider"])}
        if "file" in entry:
            card["local"] = self.local_recording(entry["file"], page)
        return card

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
        source, _ = get_data(Path(page.file.abs_src_path).read_text(encoding="utf-8-sig"))
        if source not in _SANITIZERS:  # kept per process: a worker builds several languages
            _SANITIZERS[source] = sanitizer_for(self.render(source, config))
        clean = _SANITIZERS[source]
        info = self.pages.get(page.file.src_uri)
        if info is not None and info.card:
            # The pocket card is rendered from the translation too, and holds what its English
            # side holds (a list of key points even where the body has none).
            if info.card_source not in _SANITIZERS:
                _SANITIZERS[info.card_source] = sanitizer_for(str(info.card_source))
            info.card = Markup(_SANITIZERS[info.card_source](info.card))  # cleaned HTML the build made
        return clean(html)

    # The page is HTML now: markers become lang attributes; and its URL is final, for the QR code.
    def on_post_page(self, output, page, config):
        if page.canonical_url:
            qr_file = Path(page.file.abs_dest_path).parent / "qr.svg"
            qr_file.parent.mkdir(parents=True, exist_ok=True)
            qr_file.write_bytes(self.previous_qr(qr_file, page.canonical_url, config) or qr_svg(page.canonical_url))
        title = title_text(page)
        keep.write_share(self, page, config, self.pages.get(page.file.src_uri), title)
        self.offline_entries[page.file.src_uri] = keep.page_entry(page, "" if self.lang == self.languages.source else f"{self.lang}/", title)
        self.built[page.file.src_uri] = page
        return self.scanned(markers.resolve(output, self.lang, self.directions), page.file.dest_uri)

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
        output = markers.resolve(output_content, self.lang, self.directions)
        return self.scanned(output, template_name) if template_name.endswith(".html") else output
