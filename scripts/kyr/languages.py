"""The languages the site is built in, and each one's policy.

The data lives in ``locales/languages.toml``; this module reads it and answers the
questions the rest of the core asks: which chain does a Mam reader fall back
through, which Plural-Forms header does a catalog carry, which CLDR locale formats
a date.

    >>> langs = load_languages(Path("locales/languages.toml"))
    >>> langs["mam"].chain
    ('mam', 'es', 'en')
    >>> langs["mam"].media_first, langs["es"].media_first
    (True, False)
    >>> langs["ht"].month_names[10]
    'novanm'
    >>> langs["es"].direction, langs["es"].plural_index(1), langs["es"].plural_index(5)
    ('ltr', 0, 1)
"""

from __future__ import annotations

import pickle
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError, localedata
from babel.messages.plurals import get_plural
from babel.plural import to_gettext

from kyr.pofile import plural_count, plural_rule

DRAFT_POLICIES = ("publish", "hide")
#: Values of ``dir``: HTML's, which CLDR's layout orientation ("right-to-left") shortens to.
DIRECTIONS = ("ltr", "rtl")


class LanguageError(ValueError):
    """``languages.toml`` is missing something or contradicts itself."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    chain: tuple[str, ...]
    drafts: str
    plural_forms: str
    formats: str
    #: Written with the Mayan alphabets, where ʼ (U+02BC) marks the glottal stop.
    mayan_orthography: bool = False
    #: Readers get their own language's audio and video first, above the text (Mam, Kʼicheʼ).
    media_first: bool = False
    #: The twelve month names, January first, where CLDR's (through ``formats``) are another language's.
    month_names: tuple[str, ...] | None = None
    #: Writing direction, HTML's ``dir``: CLDR's, or the ``dir`` key where CLDR has no locale.
    direction: str = "ltr"

    @property
    def is_source(self) -> bool:
        return len(self.chain) == 1

    @property
    def num_plurals(self) -> int:
        """The ``nplurals`` of the Plural-Forms header.

        >>> Language("x", "X", ("x",), "hide", "nplurals=3; plural=0;", "en").num_plurals
        3
        """
        head = self.plural_forms.split(";")[0]
        return int(head.split("=")[1])

    def plural_index(self, n: int) -> int:
        """Which plural form (msgstr[i]) this language uses for the number n.

        >>> ru = Language("ru", "Русский", ("ru", "en"), "hide", babel_plural_forms("ru"), "ru")
        >>> [ru.plural_index(n) for n in (1, 3, 5, 21)]
        [0, 1, 2, 0]
        """
        return plural_rule(self.plural_forms)(n)


@dataclass(frozen=True)
class Languages:
    source: str
    by_code: dict[str, Language]

    def __getitem__(self, code: str) -> Language:
        try:
            return self.by_code[code]
        except KeyError:
            raise LanguageError(f"unknown language {code!r}; known: {', '.join(self.by_code)}") from None

    def __iter__(self):
        return iter(self.by_code.values())

    @property
    def codes(self) -> list[str]:
        return list(self.by_code)

    @property
    def targets(self) -> list[Language]:
        """Every language but the source: the ones with catalogs."""
        return [lang for lang in self if not lang.is_source]


def babel_plural_forms(code: str) -> str | None:
    """Plural-Forms from CLDR through Babel, or None where CLDR has no such locale.

    >>> babel_plural_forms("es")
    'nplurals=2; plural=(n != 1);'
    >>> babel_plural_forms("mam") is None
    True
    """
    if not is_cldr_locale(code):
        return None
    locale = Locale.parse(code, sep="-")
    table = str(get_plural(locale))
    # Babel's hand-kept table has Arabic's "many" and "other" swapped (python-babel/babel#816):
    # where it and CLDR's own rule have the same forms but disagree, CLDR's rule wins.
    cldr = to_gettext(locale.plural_form)
    try:
        same_forms = plural_count(cldr) == plural_count(table)
    except ValueError:  # CLDR's rule uses operands gettext has not (e: the exponent): keep the table's
        return table
    if same_forms and any(plural_rule(cldr)(n) != plural_rule(table)(n) for n in range(1001)):
        return cldr
    return table


def cldr_direction(code: str) -> str | None:
    """The writing direction CLDR gives a locale ("ltr" or "rtl"), or None where it has no such locale.

    A locale without a layout of its own inherits root's, left to right.

    >>> cldr_direction("ar"), cldr_direction("es"), cldr_direction("quc"), cldr_direction("mam")
    ('rtl', 'ltr', 'ltr', None)
    """
    if not is_cldr_locale(code):
        return None
    locale = Locale.parse(code, sep="-")
    for name in (str(locale), locale.language, "root"):
        if localedata.exists(name):
            order = own_cldr_data(name).get("character_order")
            if order:
                return "rtl" if order == "right-to-left" else "ltr"
    return "ltr"


def is_cldr_locale(code: str) -> bool:
    """Whether Babel has CLDR data (dates, numbers) for a locale.

    >>> is_cldr_locale("es"), is_cldr_locale("quc"), is_cldr_locale("mam"), is_cldr_locale("x y")
    (True, True, False, False)
    """
    try:
        Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def own_cldr_data(name: str) -> dict:
    """The CLDR data of one locale file alone, without what it inherits from its parents.

    Read from Babel's file directly: ``localedata.load(name, merge_inherited=False)``
    caches that partial data under the locale's name, and every later ``Locale(name)``
    of the process then lacks what it inherits (Haitian Creole its date formats).

    >>> "date_formats" in own_cldr_data("es"), "date_formats" in own_cldr_data("quc")
    (True, False)
    """
    with open(localedata.resolve_locale_filename(name), "rb") as file:
        return pickle.load(file)


#: An ISO 639 language code, optionally with BCP 47 subtags (``pt-BR``): it is used in URLs and lang attributes.
_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _line_of(text: str, code: str) -> int:
    """The line of a language's table in languages.toml, for messages (1 if it is not a table of its own).

    >>> _line_of('source = "en"\\n[languages.en]\\nname = "English"\\n', "en")
    2
    """
    m = re.search(rf"^[ \t]*\[[ \t]*languages[ \t]*\.[ \t]*\"?{re.escape(code)}\"?[ \t]*\]", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def load_languages(path: Path) -> Languages:
    """Read ``languages.toml``; check every code, chain, policy and CLDR locale, naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LanguageError(f"{path}: {exc}") from exc
    source = data.get("source")
    table = data.get("languages") or {}
    if not isinstance(table, dict) or source not in table:
        raise LanguageError(f"{path}:1: source language {source!r} is not in [languages]")
    by_code: dict[str, Language] = {}
    for code, entry in table.items():
        where = f"{path}:{_line_of(text, code)}: {code}"
        if not _CODE.match(code):
            raise LanguageError(f"{where}: not a language code (ISO 639, e.g. 'es', 'mam', 'pt-BR')")
        if not isinstance(entry, dict):
            raise LanguageError(f"{where}: must be a table ([languages.{code}])")
        fallback = tuple(entry.get("fallback", ()))
        if code != source and (not fallback or fallback[-1] != source):
            fallback = (*fallback, source)
        for other in fallback:
            if other not in table or other == code:
                raise LanguageError(f"{where}: fallback {other!r} is not another known language")
        drafts = entry.get("drafts", "hide")
        if drafts not in DRAFT_POLICIES:
            raise LanguageError(f"{where}: drafts must be one of {DRAFT_POLICIES}, not {drafts!r}")
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise LanguageError(f"{where}: name is required (the language's native name, for the switcher)")
        direction = entry.get("dir") or cldr_direction(code)
        if direction is None:
            raise LanguageError(f"{where}: CLDR has no data for it, so dir is required (\"ltr\" or \"rtl\", how it is written)")
        if direction not in DIRECTIONS:
            raise LanguageError(f"{where}: dir must be one of {DIRECTIONS}, not {direction!r}")
        plural_forms = entry.get("plural_forms") or babel_plural_forms(code)
        if plural_forms is None:
            raise LanguageError(f"{where}: CLDR has no data for it, so plural_forms is required")
        try:
            plural_count(plural_forms)
        except ValueError as exc:
            raise LanguageError(f"{where}: plural_forms: {exc}") from None
        formats = entry.get("formats", code)
        if not isinstance(formats, str) or not is_cldr_locale(formats):
            raise LanguageError(
                f"{where}: CLDR has no locale {formats!r} to write dates in; set formats to one it has "
                f"(e.g. {fallback[0]!r}, the first language it falls back to)"
            )
        month_names = entry.get("month_names")
        if month_names is not None and (
            not isinstance(month_names, list) or len(month_names) != 12 or not all(isinstance(m, str) and m for m in month_names)
        ):
            raise LanguageError(f"{where}: month_names must list the 12 months, January first")
        by_code[code] = Language(
            code=code,
            name=entry["name"],
            chain=(code, *fallback),
            drafts=drafts,
            plural_forms=plural_forms,
            formats=formats,
            mayan_orthography=bool(entry.get("mayan_orthography", False)),
            media_first=bool(entry.get("media_first", False)),
            month_names=tuple(month_names) if month_names else None,
            direction=direction,
        )
    return Languages(source=source, by_code=by_code)
