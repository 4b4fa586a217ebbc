"""Translation memory: what a language's catalogs already say, offered where a page repeats it.

`kyr update` fills a message that is new in a catalog (a new page, a new or
changed block) from the other catalogs of the same language, as a fuzzy draft
with a ``#.`` note naming where the text came from:

- an **identical** English source (same msgid and msgctxt) already translated:
  its translation, as a draft a reviewer confirms;
- a **near** match (difflib's ratio ≥ 0.9, the same facts by
  :func:`kyr.facts.same_facts`): its translation, with the other English text as
  ``#| msgid``, as msgmerge writes a fuzzy match, so the build never shows it
  and the translator sees what differs.

Reviewed translations are preferred to drafts, and a stale draft (one with a
``#| msgid``) is never offered: it translates another text. A message that
already has a translation is never touched.

    >>> m = Memory([Unit("Go to every hearing.", None, "Vaya a todas sus audiencias.", True, "court-case", 40)])
    >>> m.best("Go to every hearing.", None).translation
    'Vaya a todas sus audiencias.'
    >>> m.near("Go to every hearing!", None)[0].source
    'Go to every hearing.'
    >>> m.near("Go to every hearing on 5 May.", None)
"""

from __future__ import annotations

import difflib
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from kyr.facts import same_facts

#: difflib's ratio at or above which a source is a near match.
NEAR = 0.9


@dataclass(frozen=True)
class Unit:
    """One translated message of a catalog."""

    source: str
    context: str | None
    translation: str
    reviewed: bool
    domain: str
    line: int


def units(catalog: Catalog, domain: str, drafts: bool = True) -> Iterable[Unit]:
    """The usable translations of a catalog: reviewed ones, and drafts of the current source if `drafts`.

    Plural messages are left out (the site has none).
    """
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or not isinstance(message.string, str):
            continue
        if not message.string.strip() or (message.fuzzy and (message.previous_id or not drafts)):
            continue
        yield Unit(message.id, message.context, message.string, not message.fuzzy, domain, message.lineno or 1)


class Memory:
    """Every usable translation of one language, by English source."""

    def __init__(self, found: Iterable[Unit]):
        self.by_source: dict[tuple[str, str | None], list[Unit]] = {}
        for unit in found:
            self.by_source.setdefault((unit.source, unit.context), []).append(unit)

    @classmethod
    def of_language(cls, locales_dir: Path, lang: str) -> Memory:
        """The memory of one language's catalogs; a catalog that cannot be read gives nothing."""
        from kyr.catalog import domains, po_path
        from kyr.pofile import CatalogError, read_po

        found = []
        for domain in domains(locales_dir):
            path = po_path(locales_dir, lang, domain)
            if path.is_file():
                try:
                    found += units(read_po(path), domain)
                except CatalogError:
                    continue  # `kyr check` names it; its text is no memory to trust
        return cls(found)

    def best(self, source: str, context: str | None) -> Unit | None:
        """The translation of exactly this source: reviewed first, then the most used, then by domain."""
        candidates = self.by_source.get((source, context))
        if not candidates:
            return None
        used = Counter(unit.translation for unit in candidates)
        return min(candidates, key=lambda u: (not u.reviewed, -used[u.translation], u.domain, u.line))

    def near(self, source: str, context: str | None) -> tuple[Unit, float] | None:
        """The closest other source at or above :data:`NEAR` with the same facts, and its ratio."""
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(source)
        found = []
        for (other, other_context), candidates in self.by_source.items():
            if other_context != context or other == source:
                continue
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() < NEAR or matcher.quick_ratio() < NEAR:
                continue
            ratio = matcher.ratio()
            if ratio >= NEAR and same_facts(other, source):
                found.append((-ratio, other, other_context))
        if not found:
            return None
        ratio, other, other_context = min(found)
        return self.best(other, other_context), -ratio


def fill(catalog: Catalog, keys: set[tuple[str, str | None]], memory: Memory) -> int:
    """Fill the messages `keys` of `catalog` that have no translation from `memory`; return how many.

    >>> from babel.messages.catalog import Catalog
    >>> cat = Catalog(); cat.add("Go to every hearing.")  # doctest: +ELLIPSIS
    <Message ...>
    >>> memory = Memory([Unit("Go to every hearing.", None, "Vaya a todas sus audiencias.", True, "court-case", 40)])
    >>> fill(cat, {("Go to every hearing.", None)}, memory), cat["Go to every hearing."].fuzzy
    (1, True)
    >>> cat["Go to every hearing."].auto_comments
    ['draft from translation memory: court-case.po:40']
    """
    filled = 0
    for message in catalog:
        key = (message.id, message.context)
        if key not in keys or not isinstance(message.id, str) or (isinstance(message.string, str) and message.string.strip()):
            continue
        unit = memory.best(*key)
        previous = []
        # Short: msgcat wraps a longer `#.` line, and it would read back as two notes.
        note = "draft from translation memory: {domain}.po:{line}"
        if unit is None:
            near = memory.near(*key)
            if near is None:
                continue
            unit, ratio = near
            previous = [unit.source]
            note = f"draft from translation memory, {ratio:.0%} alike: {{domain}}.po:{{line}}"
        message.string = unit.translation
        message.flags.add("fuzzy")
        message.previous_id = previous
        message.auto_comments.append(note.format(domain=unit.domain, line=unit.line))
        filled += 1
    return filled


# -- TMX export ---------------------------------------------------------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tmx(memories: dict[str, Memory], source_lang: str = "en") -> bytes:
    """A TMX 1.4 document: one translation unit per English source, one variant per language.

    >>> data = tmx({"es": Memory([Unit("Hi", None, "Hola", True, "index", 3)])})
    >>> [(v.get(_XML_LANG), v.findtext("seg")) for v in ET.fromstring(data).iter("tuv")]
    [('en', 'Hi'), ('es', 'Hola')]
    """
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "kyr", "creationtoolversion": "1", "segtype": "block", "o-tmf": "PO",
        "adminlang": "en", "srclang": source_lang, "datatype": "plaintext",
    })
    body = ET.SubElement(root, "body")
    sources = sorted({key for memory in memories.values() for key in memory.by_source}, key=lambda k: (k[0], k[1] or ""))
    for source, context in sources:
        tu = ET.SubElement(body, "tu")
        if context:
            ET.SubElement(tu, "prop", type="x-context").text = context
        variant = ET.SubElement(tu, "tuv", {_XML_LANG: source_lang})
        ET.SubElement(variant, "seg").text = source
        for lang, memory in sorted(memories.items()):
            unit = memory.best(source, context)
            if unit is not None:
                variant = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
                if not unit.reviewed:
                    ET.SubElement(variant, "prop", type="x-state").text = "draft"
                ET.SubElement(variant, "seg").text = unit.translation
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def export(locales_dir: Path, langs: Iterable[str], drafts: bool = False) -> bytes:
    """TMX of the languages `langs`: reviewed translations, and unreviewed drafts too if `drafts`."""
    memories = {}
    for lang in langs:
        memory = Memory.of_language(locales_dir, lang)
        if not drafts:
            memory = Memory(u for found in memory.by_source.values() for u in found if u.reviewed)
        memories[lang] = memory
    return tmx(memories)
