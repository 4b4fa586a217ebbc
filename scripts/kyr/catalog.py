"""Catalogs: from pages to templates, from templates to one PO file per language.

Layout (gettext's, one domain per page plus one for the theme and one for media)::

    locales/templates/<page>.pot         # templates, written by `kyr extract`
    locales/<lang>/LC_MESSAGES/<page>.po # translations, merged by `kyr update`
    locales/templates/theme.pot, media.pot and their .po files likewise

A page ``docs/court-case.md`` is domain ``court-case``; ``docs/a/b.md`` is ``a/b``.

``update`` merges like ``msgmerge --previous``: a changed source block keeps its
old translation, marked fuzzy with the old msgid as ``#| msgid``; a removed block
stays as an obsolete ``#~`` entry; running it twice changes nothing.

    >>> t = template_from_segments(segment("# Hi\\n"), "docs/a.md")
    >>> [(m.id, m.locations) for m in t if m.id]
    [('Hi', [('docs/a.md', 1)])]
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from kyr.languages import Language, Languages
from kyr.pofile import read_po, write_po
from kyr.segment import BASE_EXTENSIONS, Segment, segment

THEME = "theme"
MEDIA = "media"
RESERVED = {THEME, MEDIA, "templates"}
PROJECT = "Know-Your-Rights site"
HEADER = "# {title}\n# This file is distributed under the same license as the Know-Your-Rights site.\n#"


@dataclass(frozen=True)
class UIMessage:
    """A message that does not come from a page: a theme string or a media title."""

    #: The msgid, or (msgid, msgid_plural) for a string with a count.
    id: str | tuple[str, str]
    context: str | None = None
    locations: tuple[tuple[str, int], ...] = ()
    notes: tuple[str, ...] = ()


def page_domain(rel_path: str) -> str:
    """The gettext domain of a page.

    >>> page_domain("court-case.md"), page_domain("topics/mpp.md")
    ('court-case', 'topics/mpp')
    """
    domain = rel_path.removesuffix(".md")
    if domain in RESERVED:
        raise ValueError(f"docs/{rel_path}: the name {domain!r} is reserved for {domain}.po; rename the page")
    return domain


def pages(docs_dir: Path) -> list[str]:
    """Every Markdown page under docs_dir, as POSIX paths relative to it, sorted."""
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))


def _new_catalog(title: str, language: Language | None = None) -> Catalog:
    catalog = Catalog(
        locale=language.code if language else None,
        project=PROJECT,
        header_comment=HEADER.format(title=title),
        charset="utf-8",
        fuzzy=False,
    )
    return catalog


def template_from_segments(segments: Iterable[Segment], rel_path: str) -> Catalog:
    """A template holding one message per distinct (context, text), with every location."""
    template = _new_catalog(f"Messages of {rel_path}.")
    for seg in segments:
        existing = template.get(seg.text, seg.context)
        if existing is not None:
            existing.locations.append((rel_path, seg.lineno))
            for note in seg.notes:
                if note not in existing.auto_comments:
                    existing.auto_comments.append(note)
            continue
        template.add(seg.text, locations=[(rel_path, seg.lineno)], auto_comments=list(seg.notes), context=seg.context)
    return template


def template_from_ui(messages: Iterable[UIMessage], title: str) -> Catalog:
    template = _new_catalog(title)
    for msg in messages:
        existing = template.get(msg.id, msg.context)
        if existing is not None:
            existing.locations.extend(msg.locations)
            continue
        template.add(msg.id, locations=list(msg.locations), auto_comments=list(msg.notes), context=msg.context)
    return template


def page_templates(docs_dir: Path, extensions: Iterable[str] = BASE_EXTENSIONS) -> Iterator[tuple[str, Catalog]]:
    """(domain, template) for every page of docs_dir, read with the site's Markdown `extensions`."""
    extensions = frozenset(extensions)
    for rel in pages(docs_dir):
        source = (docs_dir / rel).read_text(encoding="utf-8")
        yield page_domain(rel), template_from_segments(segment(source, extensions), f"{docs_dir.name}/{rel}")


def template_path(locales_dir: Path, domain: str) -> Path:
    return locales_dir / "templates" / f"{domain}.pot"


def po_path(locales_dir: Path, lang: str, domain: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def update(template: Catalog, existing: Catalog | None, language: Language) -> Catalog:
    """Merge a template into a language's catalog, keeping everything translators wrote."""
    # Babel puts the template's own Message objects into the catalog: a copy keeps what is
    # filled in for one language (kyr.memory) out of the next language's catalog.
    template = copy.deepcopy(template)
    if existing is None:
        catalog = _new_catalog(f"{language.name} translation of the Know-Your-Rights site.", language)
        for msg in template:
            if msg.id:
                # A string with a count starts with one empty form for each of the language's.
                empty = ("",) * language.num_plurals if msg.pluralizable else ""
                catalog.add(msg.id, empty, locations=msg.locations, auto_comments=msg.auto_comments, context=msg.context)
        return catalog
    # Babel replaces `#.` notes with the template's; a note written on the catalog's
    # side (e.g. "draft — needs review by a native speaker") must survive.
    notes = {(m.id, m.context): list(m.auto_comments) for m in existing if m.id}
    # Babel also drops the `#| msgid` of an entry that is still fuzzy from an
    # earlier update; msgmerge keeps it until a translator clears the flag.
    previous = {(m.id, m.context): m.previous_id for m in existing if m.id and m.fuzzy and m.previous_id}
    # A block that comes back gets its obsolete translation back, as msgmerge does; Babel would
    # add it untranslated beside the `#~` entry, a duplicate that msgcat refuses.
    for key, message in list(existing.obsolete.items()):
        if template.get(message.id, message.context) is not None and existing.get(message.id, message.context) is None:
            del existing.obsolete[key]
            existing[message.id] = message
    existing.update(template, no_fuzzy_matching=False, update_header_comment=False, keep_user_comments=True)
    for message in existing:
        key = (message.id, message.context)
        # A block whose source changed keeps the notes written on its old text.
        old_key = (message.previous_id[0], message.context) if message.previous_id else key
        for note in notes.get(key, ()) or notes.get(old_key, ()):
            if note not in message.auto_comments:
                message.auto_comments.append(note)
        if message.fuzzy and not message.previous_id and key in previous:
            message.previous_id = previous[key]
        if not (message.fuzzy and message.string):
            # A reviewer cleared the flag (editors cannot edit `#.` lines): the draft is reviewed.
            message.auto_comments = [note for note in message.auto_comments if not is_draft_note(note)]
    return existing


def is_draft_note(note: str) -> bool:
    """A `#.` note saying the entry is an unreviewed draft, which goes once it is reviewed.

    >>> is_draft_note("draft — needs review by a native speaker"), is_draft_note("keep the phone number")
    (True, False)
    >>> is_draft_note("draft from translation memory: court-case.po:12")
    True
    """
    return note.startswith(("draft — ", "draft from "))


def write(path: Path, catalog: Catalog, language: Language | None = None) -> bool:
    """Write a template or catalog; only the theme's strings are format strings."""
    domain = path.name.rsplit(".", 1)[0]
    return write_po(
        path, catalog, plural_forms=language.plural_forms if language else None, formats=domain == THEME
    )


def load(path: Path) -> Catalog | None:
    return read_po(path) if path.exists() else None


def read_translation(locales_dir: Path, lang: str, domain: str) -> Catalog:
    """A language's catalog of a domain, checked against its language and its template.

    The one way `kyr check` and the build read a translation, so both refuse the
    same files (:func:`kyr.pofile.read_po` says which and where).
    """
    return read_po(po_path(locales_dir, lang, domain), lang, template_path(locales_dir, domain))


def domains(locales_dir: Path) -> list[str]:
    """Every domain that has a template."""
    root = locales_dir / "templates"
    return sorted(p.relative_to(root).as_posix().removesuffix(".pot") for p in root.rglob("*.pot"))


def is_used(message: Message) -> bool:
    """A message with an id that is not the header."""
    return bool(message.id)


def update_all(locales_dir: Path, languages: Languages) -> list[Path]:
    """Merge every template into every language's catalog; return the files written.

    A message new in a catalog is filled from the language's translation memory
    (:mod:`kyr.memory`) as a fuzzy draft.
    """
    from kyr.memory import Memory, fill

    written = []
    memories: dict[str, Memory] = {}  # each language's translations, read once, when first needed
    for domain in domains(locales_dir):
        template = read_po(template_path(locales_dir, domain))
        for language in languages.targets:
            path = po_path(locales_dir, language.code, domain)
            existing = load(path)
            before = {(m.id, m.context) for m in existing if m.id} if existing is not None else set()
            merged = update(template, existing, language)
            # A new page, block or changed block may repeat what another catalog already translates.
            new = {(m.id, m.context) for m in merged if m.id} - before
            if new:
                if language.code not in memories:
                    memories[language.code] = Memory.of_language(locales_dir, language.code)
                fill(merged, new, memories[language.code])
            if write(path, merged, language):
                written.append(path)
    return written
