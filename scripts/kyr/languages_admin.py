"""Adding and removing a language: ``kyr add-language`` and ``kyr remove-language``.

A new language's table is appended to ``locales/languages.toml`` as text, so the
file's comments and order stay as they were; only what CLDR (through Babel)
cannot say is written into it, and what neither it nor the user gives is an
error naming the missing key. Its catalogs are made as ``kyr update`` makes them.
A removed language's catalogs go to ``locales/archive/<code>-<date>/``: no
translation is ever deleted.

    >>> cldr_facts("ar")["dir"], cldr_facts("ar")["name"], cldr_facts("mam")["name"]
    ('rtl', 'العربية', None)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

from babel import Locale, localedata

from kyr import catalog as catalogs
from kyr.languages import (
    _CODE,
    DRAFT_POLICIES,
    Language,
    LanguageError,
    babel_plural_forms,
    cldr_direction,
    is_cldr_locale,
    load_languages,
    own_cldr_data,
)

ARCHIVE = "archive"


def has_date_formats(code: str) -> bool:
    """Whether CLDR writes dates for this locale itself (or its language), not only through root's.

    >>> has_date_formats("es"), has_date_formats("pt-BR"), has_date_formats("quc"), has_date_formats("mam")
    (True, True, False, False)
    """
    if not is_cldr_locale(code):
        return False
    locale = Locale.parse(code, sep="-")
    return any(
        localedata.exists(name) and "date_formats" in own_cldr_data(name)
        for name in dict.fromkeys((str(locale), locale.language))
    )


def cldr_facts(code: str) -> dict:
    """What CLDR (Babel's data) says of a language: native name, direction, Plural-Forms, dates; None where it has nothing."""
    known = is_cldr_locale(code)
    locale = Locale.parse(code, sep="-") if known else None
    name = locale.get_display_name() if locale else None
    return {
        "name": name[:1].upper() + name[1:] if name else None,
        "dir": cldr_direction(code),
        "plural_forms": babel_plural_forms(code),
        "date_formats": has_date_formats(code),
    }


def _toml_value(value) -> str:
    """A TOML value: JSON's string escapes are TOML's basic strings.

    >>> _toml_value(["es", "en"]), _toml_value('a "b"')
    ('["es", "en"]', '"a \\\\"b\\\\""')
    """
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def language_table(code: str, entries: dict) -> str:
    """The ``[languages.CODE]`` table, keys in the order given.

    >>> print(language_table("fr", {"name": "Français", "drafts": "hide"}), end="")
    [languages.fr]
    name = "Français"
    drafts = "hide"
    """
    return f"[languages.{code}]\n" + "".join(f"{key} = {_toml_value(value)}\n" for key, value in entries.items())


def _write_checked(path: Path, text: str) -> None:
    """Write languages.toml only if the new text loads; the old file stays otherwise."""
    temporary = path.with_name(f".{path.name}.new")
    temporary.write_text(text, encoding="utf-8")
    try:
        load_languages(temporary)
    except LanguageError as exc:
        temporary.unlink()
        raise LanguageError(str(exc).replace(str(temporary), str(path))) from None
    os.replace(temporary, path)


def add_language(
    locales: Path,
    code: str,
    name: str | None = None,
    fallback: list[str] | None = None,
    drafts: str = "hide",
    direction: str | None = None,
    plural_forms: str | None = None,
    formats: str | None = None,
) -> tuple[Language, list[Path]]:
    """Add `code` to languages.toml and make its catalogs; return it and the catalogs written."""
    path = locales / "languages.toml"
    languages = load_languages(path)
    where = f"{path}: {code}"
    if not _CODE.match(code):
        raise LanguageError(f"{where}: not a language code (ISO 639, e.g. 'ar', 'prs', 'pt-BR')")
    if code in languages.codes:
        raise LanguageError(f"{where}: already in languages.toml")
    if drafts not in DRAFT_POLICIES:
        raise LanguageError(f"{where}: drafts must be one of {DRAFT_POLICIES}, not {drafts!r}")
    facts = cldr_facts(code)
    entries: dict = {"name": name or facts["name"]}
    if not entries["name"]:
        raise LanguageError(f"{where}: CLDR has no locale {code!r}, so name is required (--name, its native name)")
    chain = fallback or [languages.source]
    for other in chain:
        if other not in languages.codes:
            raise LanguageError(f"{where}: fallback {other!r} is not in languages.toml; known: {', '.join(languages.codes)}")
    entries["fallback"] = chain
    entries["drafts"] = drafts
    if direction or not facts["dir"]:
        if not direction:
            raise LanguageError(f"{where}: CLDR has no locale {code!r}, so dir is required (--dir ltr or --dir rtl)")
        entries["dir"] = direction
    if plural_forms or not facts["plural_forms"]:
        if not plural_forms:
            raise LanguageError(
                f"{where}: CLDR has no plural rule for {code!r}, so plural_forms is required "
                "(--plural-forms 'nplurals=2; plural=(n != 1);', as a linguist of the language confirms)"
            )
        entries["plural_forms"] = plural_forms
    if formats or not facts["date_formats"]:
        if not formats:
            raise LanguageError(
                f"{where}: CLDR has no date formats for {code!r}, so formats is required "
                f"(--formats, a locale it has that readers know, e.g. {chain[0]!r})"
            )
        entries["formats"] = formats
    text = path.read_text(encoding="utf-8")
    text = text.rstrip("\n") + "\n\n" + language_table(code, entries)
    _write_checked(path, text)
    language = load_languages(path)[code]
    return language, create_catalogs(locales, language)


def create_catalogs(locales: Path, language: Language) -> list[Path]:
    """Every domain's catalog for `language`, as ``kyr update`` makes it (an existing one is merged, not replaced)."""
    written = []
    for domain in catalogs.domains(locales):
        template = catalogs.read_po(catalogs.template_path(locales, domain))
        target = catalogs.po_path(locales, language.code, domain)
        if catalogs.write(target, catalogs.update(template, catalogs.load(target), language), language):
            written.append(target)
    return written


def next_steps(language: Language, written: list[Path]) -> str:
    """What to do after adding a language, for the terminal."""
    steps = [
        f"{language.name} ({language.code}) added to locales/languages.toml: "
        f"{language.direction}, {language.num_plurals} plural form(s), dates as {language.formats!r}, "
        f"falls back to {' → '.join(language.chain[1:])}, drafts: {language.drafts}.",
        f"{len(written)} catalog(s) written in locales/{language.code}/LC_MESSAGES/.",
        "Next:",
        f"  1. Check the name and the policy in locales/languages.toml (comments there say what each key does).",
        f"  2. Translate locales/{language.code}/LC_MESSAGES/*.po (Poedit, Weblate); mark machine drafts fuzzy.",
        f"     To see the layout before any translation: kyr pseudo {language.code} (do not publish it).",
        f"  3. Name the language in the other languages: add it to the language_name macro of overrides/main.html.",
        f"  4. kyr check, then make site (or kyr build --language {language.code}) and read the pages on a phone.",
    ]
    if language.direction == "rtl":
        steps.append("  5. It is written right to left: check the pages, the projector mode and the printed pocket card.")
    return "\n".join(steps)


def _table_span(text: str, code: str) -> tuple[int, int] | None:
    """Where the table of `code` starts and ends in languages.toml (comments before the next table stay with it).

    >>> text = 'x = 1\\n\\n[languages.a]\\nname = "A"\\n\\n# About b\\n[languages.b]\\nname = "B"\\n'
    >>> start, end = _table_span(text, "a"); text[:start] + text[end:]
    'x = 1\\n\\n# About b\\n[languages.b]\\nname = "B"\\n'
    """
    head = re.search(rf"^[ \t]*\[[ \t]*languages[ \t]*\.[ \t]*\"?{re.escape(code)}\"?[ \t]*\][^\n]*\n?", text, re.M)
    if head is None:
        return None
    following = re.search(r"^[ \t]*\[", text[head.end() :], re.M)
    end = head.end() + following.start() if following else len(text)
    # Comment lines right above the next table describe it.
    while following:
        lines = text[head.end() : end].splitlines(keepends=True)
        if not lines or not lines[-1].lstrip().startswith("#"):
            break
        end -= len(lines[-1])
    return head.start(), end


def remove_language(locales: Path, code: str, today: dt.date | None = None) -> Path | None:
    """Take `code` out of languages.toml; move its catalogs to locales/archive/; return where (None: it had none)."""
    path = locales / "languages.toml"
    languages = load_languages(path)
    language = languages[code]
    if language.is_source:
        raise LanguageError(f"{path}: {code}: the source language cannot be removed")
    users = [other.code for other in languages if other.code != code and code in other.chain]
    if users:
        raise LanguageError(f"{path}: {code}: {', '.join(users)} fall(s) back to it; change their fallback first")
    text = path.read_text(encoding="utf-8")
    span = _table_span(text, code)
    if span is None:
        raise LanguageError(f"{path}: {code}: no [languages.{code}] table to remove (is it written inline?)")
    rest = text[: span[0]] + text[span[1] :]
    _write_checked(path, rest if span[1] < len(text) else rest.rstrip("\n") + "\n")
    folder = locales / code
    if not folder.exists():
        return None
    stamp = (today or dt.date.today()).isoformat()
    target = locales / ARCHIVE / f"{code}-{stamp}"
    n = 1
    while target.exists():
        n += 1
        target = locales / ARCHIVE / f"{code}-{stamp}-{n}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(folder), str(target))
    return target
