"""How far each language is: translated, fuzzy and untranslated messages per page.

    >>> from babel.messages.catalog import Catalog
    >>> c = Catalog(); _ = c.add("a", "b"); _ = c.add("c", "d", flags=["fuzzy"]); _ = c.add("e")
    >>> count(c)
    Counts(translated=1, fuzzy=1, untranslated=1)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from kyr import catalog as catalogs
from kyr.checks import looks_empty
from kyr.languages import Languages


@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    def add(self, other: Counts) -> None:
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated


def count(catalog: Catalog) -> Counts:
    counts = Counts()
    for message in catalog:
        if not message.id:
            continue
        if not message.string or (isinstance(message.string, str) and looks_empty(message.string) and not looks_empty(message.id)):
            counts.untranslated += 1
        elif message.fuzzy:
            counts.fuzzy += 1
        else:
            counts.translated += 1
    return counts


def collect(locales_dir: Path, languages: Languages) -> dict[str, dict[str, Counts]]:
    """{lang: {domain: counts}}; a missing catalog counts as all untranslated."""
    result: dict[str, dict[str, Counts]] = {}
    for domain in catalogs.domains(locales_dir):
        template = catalogs.read_po(catalogs.template_path(locales_dir, domain))
        for language in languages.targets:
            cat = catalogs.load(catalogs.po_path(locales_dir, language.code, domain))
            counts = count(cat) if cat is not None else Counts(untranslated=sum(1 for m in template if m.id))
            result.setdefault(language.code, {})[domain] = counts
    return result


def as_json(stats: dict[str, dict[str, Counts]]) -> dict:
    return {lang: {domain: asdict(c) for domain, c in domains.items()} for lang, domains in stats.items()}


def as_table(stats: dict[str, dict[str, Counts]]) -> str:
    """A plain table: one row per language and page, then one total per language."""
    rows = [f"{'lang':5} {'page':32} {'translated':>10} {'fuzzy':>6} {'untranslated':>12}"]
    for lang, domains in stats.items():
        total = Counts()
        for domain, c in domains.items():
            total.add(c)
            rows.append(f"{lang:5} {domain:32} {c.translated:>10} {c.fuzzy:>6} {c.untranslated:>12}")
        rows.append(f"{lang:5} {'(all)':32} {total.translated:>10} {total.fuzzy:>6} {total.untranslated:>12}")
    return "\n".join(rows)
