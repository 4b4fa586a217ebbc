"""Translations the build refused, with the catalog file and line, for the dashboard and the preview.

The build's one judge is :meth:`kyr.translate.Translations.choose`: what it
refuses it lists in ``Translations.refused``. Each language's build keeps them
here as :class:`Refusal` records, so the dashboard and ``kyr serve`` show the
same refusals the build made, never a check of their own.

    >>> r = Refusal("locales/es/LC_MESSAGES/a.po", 12, "es", "a", "Hello", ("changes a number",))
    >>> str(r)
    'locales/es/LC_MESSAGES/a.po:12: translation refused (es), the fallback is shown: changes a number'
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from kyr import catalog as catalogs
from kyr.files import replace_text


@dataclass(frozen=True)
class Refusal:
    #: The catalog file, relative to the project's folder, and the line of the entry's msgid.
    path: str
    line: int
    lang: str
    domain: str
    msgid: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: translation refused ({self.lang}), the fallback is shown: {'; '.join(self.reasons)}"


def collect(translations, root: Path) -> list[Refusal]:
    """Take what `translations` refused so far (emptying its list) as records with FILE:LINE, each once."""
    found = []
    for lang, domain, msgid, reasons in translations.refused:
        path = catalogs.po_path(translations.locales_dir, lang, domain)
        cat = translations.catalog(lang, domain)
        message = next((m for m in cat or () if m.id == msgid), None) if cat is not None else None
        try:
            rel = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = str(path)
        found.append(Refusal(rel, (message.lineno or 1) if message else 1, lang, domain, msgid, tuple(reasons)))
    translations.refused.clear()
    return list(dict.fromkeys(found))


def save_by_language(by_language: dict[str, list[Refusal]], path: Path) -> None:
    """{built language: refusals} as JSON: a language's build also refuses its fallbacks' translations."""
    data = {code: [asdict(r) for r in dict.fromkeys(found)] for code, found in sorted(by_language.items())}
    replace_text(path, json.dumps(data, ensure_ascii=False, indent=1))


def load_by_language(path: Path) -> dict[str, list[Refusal]]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {code: [Refusal(**{**i, "reasons": tuple(i["reasons"])}) for i in items] for code, items in data.items()}


def page_of(url_path: str, codes: list[str], source: str) -> tuple[str, str | None]:
    """(language, domain) of a served URL path; the domain is None where no page is known.

    >>> page_of("/es/court-case/", ["en", "es"], "en"), page_of("/", ["en", "es"], "en")
    (('es', 'court-case'), ('en', 'index'))
    >>> page_of("/es/a/b/index.html", ["en", "es"], "en"), page_of("/es/assets/kyr.css", ["en", "es"], "en")
    (('es', 'a/b'), ('es', None))
    """
    parts = [p for p in url_path.strip("/").split("/") if p]
    lang = source
    if parts and parts[0] in codes and parts[0] != source:
        lang = parts.pop(0)
    if parts and parts[-1] == "index.html":
        parts.pop()
    elif parts and "." in parts[-1]:
        return lang, None
    return lang, "/".join(parts) or "index"


def for_page(by_language: dict[str, list[Refusal]], url_path: str, codes: list[str], source: str) -> list[Refusal]:
    """The refusals that a served page shows: its language's, for its page or the theme and media.

    >>> r = Refusal("x.po", 3, "es", "court-case", "Hi", ("why",))
    >>> for_page({"mam": [r]}, "/mam/court-case/", ["en", "es", "mam"], "en") == [r]
    True
    >>> for_page({"mam": [r]}, "/mam/removal-order/", ["en", "es", "mam"], "en")
    []
    """
    lang, domain = page_of(url_path, codes, source)
    return [r for r in by_language.get(lang, []) if r.domain in (domain, catalogs.THEME, catalogs.MEDIA)]
