"""Termbase: the key legal terms and each language's word for them, in one CSV file.

``locales/termbase.csv`` has a header row ``en,<lang>...,note`` and one term a
row. A cell may list forms separated by ``|`` (plurals, inflections, a name kept
in English); the first is the preferred term. An empty cell means nobody has
decided yet. CSV, not TBX, because volunteers edit it in any spreadsheet; `kyr
termbase --export` writes TBX-Basic for Weblate's glossary.

`kyr check` warns (``FILE:LINE: warning: term ...``) where a translation's English
source uses a term and the translation has none of the language's forms:

- matching ignores case, link targets and code; an English term matches with a
  plural ``s``/``es``; a translated form matches at the start of a word, so
  ``audiencia`` also finds ``audiencias``;
- a translation that keeps the English term itself (a name such as "Center for
  Gender & Refugee Studies") is not warned about;
- stale drafts (fuzzy with ``#| msgid``) are not checked: they translate another text.

    >>> term = Term(("immigration court",), {"es": ("corte de inmigración", "cortes de inmigración")}, "", 2)
    >>> missing(term, "es", "Call the immigration courts.", "Llame a las cortes de inmigración.")
    False
    >>> missing(term, "es", "Call the immigration court.", "Llame al tribunal.")
    True
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kyr.checks import normalize_glottal

FILENAME = "termbase.csv"
_LINK_TARGET = re.compile(r"\]\([^)\]]*\)|`[^`]*`|<[a-z]+:[^>]*>")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Term:
    """One row: the English forms, each language's forms, a note for translators, its line."""

    english: tuple[str, ...]
    translations: dict[str, tuple[str, ...]]
    note: str
    line: int


class TermbaseError(ValueError):
    """A termbase that cannot be read, with its file and line."""

    def __init__(self, path: Path, line: int, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{path}:{line}: error: {message}")


def _forms(cell: str | None) -> tuple[str, ...]:
    return tuple(form.strip() for form in (cell or "").split("|") if form.strip())


def load(path: Path) -> list[Term]:
    """The terms of a termbase CSV file (UTF-8, header ``en,...,note``); [] if there is none."""
    if not path.is_file():
        return []
    rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    header = [cell.strip() for cell in next(rows, [])]
    if not header or header[0] != "en":
        raise TermbaseError(path, 1, f"the first column must be 'en' (the English term), not {header[:1]}")
    terms = []
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise TermbaseError(path, rows.line_num, f"{len(row)} cells, but the header has {len(header)}")
        cells = dict(zip(header, row))
        english = _forms(cells.get("en"))
        if not english:
            raise TermbaseError(path, rows.line_num, "a row without an English term")
        translations = {lang: _forms(cells.get(lang)) for lang in header[1:] if lang != "note" and _forms(cells.get(lang))}
        terms.append(Term(english, translations, (cells.get("note") or "").strip(), rows.line_num))
    return terms


def _visible(text: str) -> str:
    """Text as matched: without link targets and code, case and apostrophe variants folded."""
    return normalize_glottal(_LINK_TARGET.sub(" ", text)).casefold()


def _has(text: str, form: str, plural: bool = False) -> bool:
    ending = r"(?:s|es)?(?!\w)" if plural else ""
    return re.search(r"(?<!\w)" + re.escape(_visible(form)) + ending, text) is not None


def missing(term: Term, lang: str, msgid: str, msgstr: str) -> bool:
    """Whether `msgid` uses the term and `msgstr` has none of `lang`'s forms (nor the English)."""
    forms = term.translations.get(lang)
    source, translation = _visible(msgid), _visible(msgstr)
    if not forms or not any(_has(source, english, plural=True) for english in term.english):
        return False
    return not any(_has(translation, form) for form in forms) and not any(
        _has(translation, english, plural=True) for english in term.english)


def check_catalogs(locales_dir: Path, languages) -> list:
    """A warning for every translation missing a term of ``locales_dir/termbase.csv``."""
    from kyr.pofile import CatalogError, Problem, read_po

    path = locales_dir / FILENAME
    try:
        terms = load(path)
    except TermbaseError as exc:
        return [Problem(exc.path, exc.line, exc.message)]
    problems = []
    for language in languages.targets:
        wanted = [term for term in terms if language.code in term.translations]
        if not wanted:
            continue
        for po in sorted((locales_dir / language.code / "LC_MESSAGES").rglob("*.po")):
            try:
                catalog = read_po(po)
            except CatalogError:
                continue  # kyr check reports it already
            for message in catalog:
                if not message.id or not isinstance(message.string, str) or not message.string.strip():
                    continue
                if message.fuzzy and message.previous_id:
                    continue
                for term in wanted:
                    if missing(term, language.code, message.id, message.string):
                        forms = " | ".join(term.translations[language.code])
                        problems.append(Problem(
                            str(po), message.lineno or 1,
                            f"term {term.english[0]!r}: the termbase's {language.name} term ({forms}) is not in the "
                            f"translation (locales/{FILENAME}:{term.line})", "warning"))
    return problems


def tbx(terms: Iterable[Term], langs: Iterable[str]) -> bytes:
    """TBX-Basic (the martif form translate-toolkit and Weblate read): one entry per term.

    >>> data = tbx([Term(("asylum",), {"es": ("asilo",)}, "", 2)], ["es"])
    >>> [t.text for t in ET.fromstring(data).iter("term")]
    ['asylum', 'asilo']
    """
    langs = list(langs)
    root = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = f"locales/{FILENAME} of the Know-Your-Rights site (kyr)"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for n, term in enumerate(terms, 1):
        entry = ET.SubElement(body, "termEntry", id=f"term-{n}")
        if term.note:
            ET.SubElement(entry, "note").text = term.note
        for lang, forms in [("en", term.english)] + [(lang, term.translations.get(lang, ())) for lang in langs]:
            if not forms:
                continue
            lang_set = ET.SubElement(entry, "langSet", {_XML_LANG: lang})
            for i, form in enumerate(forms):
                tig = ET.SubElement(lang_set, "tig")
                ET.SubElement(tig, "term").text = form
                status = "preferredTerm-admn-sts" if i == 0 else "admittedTerm-admn-sts"
                ET.SubElement(tig, "termNote", type="administrativeStatus").text = status
    ET.indent(root)
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'
            + ET.tostring(root, encoding="utf-8") + b"\n")
