"""Choose what each block shows in a language, following its fallback chain.

For a block on a page in language L, the chain (``mam → es → en``) is walked
until a language has a usable translation:

- an empty msgstr is not usable;
- a fuzzy one whose source changed since (it has ``#| msgid``) is never shown:
  it may state an old fact;
- another fuzzy one is a draft: shown only where that language's policy is
  ``publish``, and then marked as not yet reviewed;
- one whose facts (phone numbers, dates, numbers, addresses, form names) differ
  from its source's is never shown (:func:`kyr.checks.check_facts`), whatever tool
  wrote the catalog: a stale draft that lost its ``#|`` still states the old facts;
- one that fails :func:`kyr.checks.check` is never shown: it is judged by what it
  renders to with the site's Markdown configuration (the `judge`), where it
  stands in its page (a heading, an image's alt text; theme strings and media
  titles are plain text), with the page's reference labels.

The source language ends every chain, so every block shows something.

    >>> tr = Translations(Path("locales"), load_languages(Path("locales/languages.toml")))  # doctest: +SKIP
    >>> tr.choose("mam", "index", "What do you need to know?")  # doctest: +SKIP
    Choice(text='¿Qué necesita saber?', lang='es', draft=True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from kyr import catalog as catalogs
from kyr.apply import Choice, PageResult, apply
from kyr.checks import check, check_facts, check_placeholders, check_plural_placeholders, default_judge, errors
from kyr.languages import Languages
from kyr.render_check import PARAGRAPH, PLAIN, Judge
from kyr.segment import segment


@dataclass
class Translations:
    locales_dir: Path
    languages: Languages
    #: Renders with the site's Markdown configuration; without one, :func:`kyr.checks.default_judge`.
    judge: Judge | None = None
    _cache: dict[tuple[str, str], tuple[tuple[int, int], Catalog | None]] = field(default_factory=dict)
    #: Translations refused by a check, as (lang, domain, msgid, messages): logged by the caller.
    refused: list[tuple[str, str, str, list[str]]] = field(default_factory=list)

    def catalog(self, lang: str, domain: str) -> Catalog | None:
        """The catalog of a language and domain, read again only when its file changed."""
        path = catalogs.po_path(self.locales_dir, lang, domain)
        template = catalogs.template_path(self.locales_dir, domain)
        try:
            mtime = (path.stat().st_mtime_ns, template.stat().st_mtime_ns if template.exists() else 0)
        except FileNotFoundError:
            return None
        cached = self._cache.get((lang, domain))
        if cached and cached[0] == mtime:
            return cached[1]
        loaded = catalogs.read_translation(self.locales_dir, lang, domain)
        self._cache[(lang, domain)] = (mtime, loaded)
        return loaded

    def loaded(self) -> list[tuple[Path, Catalog]]:
        """The catalogs read so far whose files are as they were read (for :func:`kyr.stats.counted`)."""
        found = []
        for (lang, domain), (mtime, cat) in self._cache.items():
            path = catalogs.po_path(self.locales_dir, lang, domain)
            if cat is not None and path.is_file() and path.stat().st_mtime_ns == mtime[0]:
                found.append((path, cat))
        return found

    def choose(
        self, lang: str, domain: str, msgid: str, context: str | None = None, kind: str | None = None,
        labels: frozenset[str] | None = None,
    ) -> Choice:
        """What a reader of `lang` sees for the source text `msgid`.

        `kind` is where the text stands (a segment kind); theme strings and media titles
        are plain text. `labels` are the reference labels of the page (None: any label).
        """
        if kind is None:
            kind = PLAIN if domain in (catalogs.THEME, catalogs.MEDIA) else PARAGRAPH
        judge = self.judge or default_judge()
        for code in self.languages[lang].chain:
            if code == self.languages.source:
                return Choice(msgid, code, False)
            cat = self.catalog(code, domain)
            message = cat.get(msgid, context) if cat is not None else None
            if message is None or not message.string or not isinstance(message.string, str):
                continue
            if message.fuzzy and (message.previous_id or self.languages[code].drafts == "hide"):
                continue
            issues = check(msgid, message.string, judge=judge, kind=kind, labels=labels)
            # Whatever wrote the catalog (a merge tool may leave a stale draft without #|),
            # a translation whose facts differ from its source's is never shown.
            issues += check_facts(msgid, message.string, self.languages[code])
            if domain == catalogs.THEME:  # theme strings are format strings: placeholders must survive
                issues += check_placeholders(msgid, message.string)
            problems = errors(issues)
            if problems:
                self.refused.append((code, domain, msgid, [p.message for p in problems]))
                continue
            return Choice(message.string, code, message.fuzzy)
        return Choice(msgid, self.languages.source, False)

    def choose_plural(self, lang: str, domain: str, singular: str, plural: str, n: int, context: str | None = None) -> Choice:
        """What a reader of `lang` sees for a text with a count `n` (gettext's ngettext).

        Each language of the chain picks the form its own Plural-Forms gives for `n`
        (Russian: 1 файл, 3 файла, 5 файлов); an empty form, or a refused one, falls
        through to the next language. The source's msgid is its form 0, msgid_plural the other.
        """
        judge = self.judge or default_judge()
        for code in self.languages[lang].chain:
            language = self.languages[code]
            if code == self.languages.source:
                return Choice(singular if language.plural_index(n) == 0 else plural, code, False)
            cat = self.catalog(code, domain)
            message = cat.get(singular, context) if cat is not None else None
            if message is None or not message.pluralizable or not isinstance(message.string, (tuple, list)):
                continue
            index = language.plural_index(n)
            text = message.string[index] if index < len(message.string) else ""
            if not text or (message.fuzzy and (message.previous_id or language.drafts == "hide")):
                continue
            problems = errors(check(plural, text, judge=judge, kind=PLAIN) + check_plural_placeholders(plural, text))
            if problems:
                self.refused.append((code, domain, singular, [p.message for p in problems]))
                continue
            return Choice(text, code, message.fuzzy)
        return Choice(singular if n == 1 else plural, self.languages.source, False)

    def page(self, lang: str, rel_path: str, source: str, slugify: Callable[[str], str] | None = None) -> PageResult:
        """The page's Markdown in `lang`, every block chosen along the chain."""
        if lang == self.languages.source:
            return PageResult(source)
        domain = catalogs.page_domain(rel_path)
        judge = self.judge or default_judge()
        # Cut as `kyr extract` cut it, with the site's extensions, so every msgid is looked up.
        segments = segment(source, judge.extension_names)
        labels = judge.page_labels(source)
        choices = [self.choose(lang, domain, seg.text, seg.context, seg.kind, labels) for seg in segments]
        extra = {"slugify": slugify} if slugify else {}
        pin_ids = bool({"attr_list", "markdown.extensions.attr_list"} & judge.extension_names)
        return apply(source, segments, choices, lang, rendered_ids=judge.page_heading_ids(source), pin_ids=pin_ids, **extra)
