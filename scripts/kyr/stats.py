"""How far each language is: entries and words translated, fuzzy (draft or stale) and untranslated per page.

Entries and words are counted as translate-toolkit's ``pocount`` counts them
(the tool Weblate's and Pootle's figures come from), so both tools agree:
words are the *source* (English) words of the entries in each state, and a
translated entry's target words are counted too. A fuzzy entry whose msgstr is
empty is untranslated (pocount leaves such an entry out of every count; here it
is missing, which is what a reader gets). ``stale`` is the part of ``fuzzy`` whose English changed
since (it carries the previous msgid, ``#|``): the build never shows it.

    >>> from babel.messages.catalog import Catalog
    >>> c = Catalog(); _ = c.add("a b", "c"); _ = c.add("d", "e", flags=["fuzzy"], previous_id="x"); _ = c.add("f")
    >>> n = count(c); (n.translated, n.fuzzy, n.stale, n.untranslated, n.translated_words, n.fuzzy_words)
    (1, 1, 1, 1, 2, 1)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from kyr import catalog as catalogs
from kyr.checks import looks_empty
from kyr.languages import Languages

#: What pocount takes for punctuation around a word (translate.lang.common.Common.punctuation):
#: ASCII marks, quotes, inverted, Arabic, CJK, Indic, Ethiopic and a few symbols.
PUNCTUATION = (
    ".,;:!?-@#$%^*_()[]{}/\\'`\"<>"
    "‘’‛“”„‟′″‴‵‶‷‹›«»"
    "¿¡"
    "،؟؛÷"
    "。、，；！？「」『』【】"
    "।॥॰"
    "።፤፣"
    "…±°¹²³·©®×£¥€"
)
_BREAK = re.compile(r"<br\s*?/?>")
#: An XML/HTML tag, opening (with quoted attributes) or closing: not counted as words.
_TAG = re.compile(r"""<[\w.:]+(\s([\w.:]+=(".*?"|'.*?'))?)*/?>|</[\w.]+>""")
#: A dot between two non-digits (and the two characters around it) separates words, as in pocount.
_DOT = re.compile(r"\D\.\D")


def words(text: str) -> int:
    """Words in a message, by pocount's rules: tags dropped, whitespace-split, punctuation stripped.

    >>> words("Call <b>1-800-898-7180</b> — now!"), words("Go to <a href='x'>court</a>.end")
    (4, 4)
    """
    text = _DOT.sub(" ", _TAG.sub("", _BREAK.sub("\n", text)))
    return sum(1 for word in text.split() if word.strip(PUNCTUATION))


def _strings(value) -> tuple[str, ...]:
    """A message's id or string as its forms (a plural entry has several)."""
    return tuple(value) if isinstance(value, (tuple, list)) else (value or "",)


@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    #: Fuzzy entries with a previous msgid (``#|``): part of `fuzzy`.
    stale: int = 0
    #: Source words of the entries in each state, as pocount counts them.
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    stale_words: int = 0
    #: Words of the translations of the translated entries (pocount's "translatedtargetwords").
    translated_target_words: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def draft(self) -> int:
        """Fuzzy entries that are not stale: drafts waiting for review."""
        return self.fuzzy - self.stale

    @property
    def draft_words(self) -> int:
        return self.fuzzy_words - self.stale_words

    def add(self, other: Counts) -> None:
        for key, value in asdict(other).items():
            setattr(self, key, getattr(self, key) + value)

    def as_dict(self) -> dict[str, int]:
        return {**asdict(self), "total": self.total, "total_words": self.total_words}


def _state(message: Message) -> str:
    says_nothing = isinstance(message.string, str) and looks_empty(message.string) and not looks_empty(message.id)
    if not any(_strings(message.string)) or says_nothing:  # the build never shows it
        return "untranslated"
    return "fuzzy" if message.fuzzy else "translated"


def count(catalog: Catalog) -> Counts:
    counts = Counts()
    for message in catalog:
        if not message.id:
            continue
        state = _state(message)
        source = sum(words(s) for s in _strings(message.id))
        setattr(counts, state, getattr(counts, state) + 1)
        setattr(counts, f"{state}_words", getattr(counts, f"{state}_words") + source)
        if state == "fuzzy" and message.previous_id:
            counts.stale += 1
            counts.stale_words += source
        if state == "translated":
            counts.translated_target_words += sum(words(s) for s in _strings(message.string))
    return counts


def counted(found: list[tuple[Path, Catalog]]) -> dict[str, dict]:
    """The counts of catalogs read already (by a build), keyed as :func:`collect` keeps them.

    The build parses every catalog to check it; its workers count them then, so the
    dashboard (written once every language is built) need not parse them again.
    """
    return {hashlib.sha256(path.read_bytes()).hexdigest(): asdict(count(cat)) for path, cat in found}


def collect(locales_dir: Path, languages: Languages, known: dict[str, dict] | None = None,
            used: dict[str, dict] | None = None) -> dict[str, dict[str, Counts]]:
    """{lang: {domain: counts}}; a missing catalog counts as all untranslated.

    Counts depend only on a catalog's bytes: those in `known` (by the sha256 of the
    bytes, as :func:`kyr.mkdocs.site.write_dashboard` keeps them between builds) are
    not parsed again; every catalog's counts are put into `used`.
    """
    result: dict[str, dict[str, Counts]] = {}
    for domain in catalogs.domains(locales_dir):
        template_path = catalogs.template_path(locales_dir, domain)
        for language in languages.targets:
            path = catalogs.po_path(locales_dir, language.code, domain)
            data = path.read_bytes() if path.is_file() else b"template\0" + template_path.read_bytes()
            key = hashlib.sha256(data).hexdigest()
            if known and key in known:
                counts = Counts(**known[key])
            else:
                cat = catalogs.load(path)
                counts = count(catalogs.read_po(template_path) if cat is None else cat)  # no catalog: all untranslated
            if used is not None:
                used[key] = asdict(counts)
            result.setdefault(language.code, {})[domain] = counts
    return result


def totals(domains: dict[str, Counts]) -> Counts:
    """One language's counts summed over its pages."""
    total = Counts()
    for counts in domains.values():
        total.add(counts)
    return total


def as_json(stats: dict[str, dict[str, Counts]]) -> dict:
    return {lang: {domain: c.as_dict() for domain, c in domains.items()} for lang, domains in stats.items()}


def as_table(stats: dict[str, dict[str, Counts]]) -> str:
    """A plain table: one row per language and page, then one total per language."""
    head = f"{'lang':5} {'page':32} {'translated':>10} {'draft':>6} {'stale':>6} {'missing':>8} {'words':>7} {'done':>7}"
    rows = [head]
    for lang, domains in stats.items():
        for domain, c in [*domains.items(), ("(all)", totals(domains))]:
            rows.append(
                f"{lang:5} {domain:32} {c.translated:>10} {c.draft:>6} {c.stale:>6} {c.untranslated:>8}"
                f" {c.total_words:>7} {c.translated_words:>7}"
            )
    return "\n".join(rows)
