"""Languages: plural forms picked by each language's rule, writing direction, adding and removing a language."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from kyr import catalog as catalogs
from kyr import markers
from kyr.languages import LanguageError, babel_plural_forms, load_languages
from kyr.languages_admin import add_language, remove_language
from kyr.pseudo import pseudo
from kyr.translate import Translations

ROOT = Path(__file__).resolve().parents[1]
SOURCE_TOML = ROOT / "locales" / "languages.toml"


def project(tmp_path: Path, extra: str = "") -> Path:
    """A locales folder: the shipped languages.toml (plus `extra`) and a theme template with a counted string."""
    locales = tmp_path / "locales"
    locales.mkdir()
    (locales / "languages.toml").write_text(SOURCE_TOML.read_text(encoding="utf-8") + extra, encoding="utf-8")
    template = Catalog(project="t", charset="utf-8", fuzzy=False)
    template.add("Page not found", locations=[("overrides/404.html", 4)])
    template.add(("%(num)d file", "%(num)d files"), locations=[("overrides/main.html", 1)])
    catalogs.write(catalogs.template_path(locales, catalogs.THEME), template)
    return locales


# Plural forms: gettext's convention, CLDR's categories.
@pytest.mark.parametrize(
    "code, expected",
    [
        # n:     0  1  2  3  5  11 21 22 25 100 101 111
        ("en", [1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
        ("fr", [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
        ("ru", [2, 0, 1, 1, 2, 2, 0, 1, 2, 2, 0, 2]),
        ("pl", [2, 0, 1, 1, 2, 2, 2, 1, 2, 2, 2, 2]),
        # zero, one, two, few (3–10), many (11–99), other (100–102...), by n mod 100 as CLDR says
        ("ar", [0, 1, 2, 3, 3, 4, 4, 4, 4, 5, 5, 4]),
        ("zh", [0] * 12),
    ],
)
def test_each_language_picks_its_plural_form(tmp_path, code, expected):
    locales = project(tmp_path, "".join(f'\n[languages.{c}]\nname = "{c}"\n' for c in ("fr", "ru", "pl", "ar", "zh")))
    language = load_languages(locales / "languages.toml")[code]
    assert [language.plural_index(n) for n in (0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 111)] == expected


def test_arabic_rule_is_cldrs_not_babels_swapped_table():
    """python-babel/babel#816: Babel's table gives 11 "other" and 100 "many"; CLDR the reverse."""
    rule = babel_plural_forms("ar")
    assert rule.startswith("nplurals=6;")
    assert "n%100>=0 && n%100<=2" not in rule


def test_shipped_languages_keep_their_plural_forms():
    languages = load_languages(SOURCE_TOML)
    assert {lang.code: lang.plural_forms for lang in languages.targets} == {
        code: "nplurals=2; plural=(n != 1);" for code in ("es", "pt", "ht", "mam", "quc")
    }


def _with_theme(locales: Path, code: str, forms: tuple[str, ...], fuzzy=False) -> None:
    language = load_languages(locales / "languages.toml")[code]
    template = catalogs.read_po(catalogs.template_path(locales, catalogs.THEME))
    catalog = catalogs.update(template, None, language)
    catalog[("%(num)d file", "%(num)d files")].string = forms
    if fuzzy:
        catalog[("%(num)d file", "%(num)d files")].flags.add("fuzzy")
    catalogs.write(catalogs.po_path(locales, code, catalogs.THEME), catalog, language)


def test_counted_theme_string_uses_the_languages_forms(tmp_path):
    locales = project(tmp_path, '\n[languages.ru]\nname = "Русский"\nfallback = ["es"]\ndrafts = "hide"\n')
    _with_theme(locales, "ru", ("%(num)d файл", "%(num)d файла", "%(num)d файлов"))
    tr = Translations(locales, load_languages(locales / "languages.toml"))
    picked = {n: tr.choose_plural("ru", catalogs.THEME, "%(num)d file", "%(num)d files", n) for n in (1, 3, 5, 21, 111)}
    assert {n: c.text for n, c in picked.items()} == {
        1: "%(num)d файл", 3: "%(num)d файла", 5: "%(num)d файлов", 21: "%(num)d файл", 111: "%(num)d файлов"
    }
    assert {c.lang for c in picked.values()} == {"ru"}


def test_a_missing_form_falls_back_along_the_chain_with_that_languages_rule(tmp_path):
    locales = project(tmp_path, '\n[languages.ru]\nname = "Русский"\nfallback = ["es"]\n')
    _with_theme(locales, "ru", ("%(num)d файл", "", "%(num)d файлов"))
    _with_theme(locales, "es", ("%(num)d archivo", "%(num)d archivos"))
    tr = Translations(locales, load_languages(locales / "languages.toml"))
    few = tr.choose_plural("ru", catalogs.THEME, "%(num)d file", "%(num)d files", 3)
    assert (few.text, few.lang) == ("%(num)d archivos", "es")
    assert tr.choose_plural("ru", catalogs.THEME, "%(num)d file", "%(num)d files", 1).text == "%(num)d файл"
    # Mam has no catalog: Spanish's rule, then English's
    assert tr.choose_plural("mam", catalogs.THEME, "%(num)d file", "%(num)d files", 1).text == "%(num)d archivo"
    assert tr.choose_plural("en", catalogs.THEME, "%(num)d file", "%(num)d files", 0).text == "%(num)d files"


def test_a_form_with_a_placeholder_of_its_own_is_refused(tmp_path):
    locales = project(tmp_path)
    _with_theme(locales, "es", ("un archivo", "%(n)d archivos"))
    tr = Translations(locales, load_languages(locales / "languages.toml"))
    assert tr.choose_plural("es", catalogs.THEME, "%(num)d file", "%(num)d files", 1).text == "un archivo"
    many = tr.choose_plural("es", catalogs.THEME, "%(num)d file", "%(num)d files", 4)
    assert (many.text, many.lang) == ("%(num)d files", "en")
    assert tr.refused


def test_hidden_drafts_of_counted_strings_are_not_shown(tmp_path):
    locales = project(tmp_path)
    _with_theme(locales, "mam", ("a", "b"), fuzzy=True)  # mam hides drafts, falls back to es, then en
    tr = Translations(locales, load_languages(locales / "languages.toml"))
    assert tr.choose_plural("mam", catalogs.THEME, "%(num)d file", "%(num)d files", 2).lang == "en"


# Direction
def test_direction_comes_from_cldr_or_the_toml(tmp_path):
    locales = project(tmp_path, '\n[languages.fa]\nname = "فارسی"\n\n[languages.xyz]\nname = "X"\ndir = "rtl"\nplural_forms = "nplurals=1; plural=0;"\nformats = "es"\n')
    languages = load_languages(locales / "languages.toml")
    assert [languages[c].direction for c in ("en", "es", "mam", "fa", "xyz")] == ["ltr", "ltr", "ltr", "rtl", "rtl"]


@pytest.mark.parametrize("entry, message", [
    ('name = "X"\nplural_forms = "nplurals=1; plural=0;"\nformats = "es"\n', "dir is required"),
    ('name = "X"\ndir = "up"\nplural_forms = "nplurals=1; plural=0;"\nformats = "es"\n', "dir must be one of"),
])
def test_a_language_cldr_lacks_needs_dir(tmp_path, entry, message):
    locales = project(tmp_path, "\n[languages.xyz]\n" + entry)
    with pytest.raises(LanguageError, match=message):
        load_languages(locales / "languages.toml")


def test_fallback_blocks_get_dir_where_their_direction_differs():
    directions = {"ar": "rtl", "en": "ltr", "es": "ltr"}
    assert markers.resolve("<p>" + markers.wrap("Hi", "en", True) + "</p>", "ar", directions) == '<p lang="en" dir="ltr" data-draft>Hi</p>'
    assert markers.resolve("<li>a " + markers.wrap("مرحبا", "ar", False) + " b</li>", "en", directions) == '<li>a <span lang="ar" dir="rtl">مرحبا</span> b</li>'
    assert markers.resolve("<p>" + markers.wrap("Hola", "es", False) + "</p>", "en", directions) == '<p lang="es">Hola</p>'


def test_pseudo_rtl_keeps_markup_and_placeholders():
    text = pseudo("Call **[1-800-898-7180](tel:18008987180)** %(num)d `code` {: .x }", rtl=True)
    assert "(tel:18008987180)" in text and "%(num)d" in text and "`code`" in text and "{: .x }" in text
    assert not any("a" <= c.lower() <= "z" for c in text.replace("tel:", "").replace("`code`", "").replace("%(num)d", "").replace(".x", ""))


# Adding and removing a language
def test_add_language_writes_what_cldr_knows_and_keeps_the_file(tmp_path):
    locales = project(tmp_path)
    before = (locales / "languages.toml").read_text(encoding="utf-8")
    language, written = add_language(locales, "ar", fallback=["es", "en"], drafts="publish")
    after = (locales / "languages.toml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))
    assert after[len(before.rstrip("\n")):] == '\n\n[languages.ar]\nname = "العربية"\nfallback = ["es", "en"]\ndrafts = "publish"\n'
    assert (language.name, language.direction, language.num_plurals, language.formats, language.chain) == (
        "العربية", "rtl", 6, "ar", ("ar", "es", "en"))
    theme = catalogs.po_path(locales, "ar", catalogs.THEME)
    assert written == [theme]
    catalog = catalogs.read_translation(locales, "ar", catalogs.THEME)
    assert catalog[("%(num)d file", "%(num)d files")].string == ("",) * 6
    assert "nplurals=6" in theme.read_text(encoding="utf-8")
    assert "n%100>=0 && n%100<=2" not in theme.read_text(encoding="utf-8")


@pytest.mark.parametrize("code, options, key", [
    ("xyz", {}, "name is required"),
    ("xyz", {"name": "X"}, "dir is required"),
    ("xyz", {"name": "X", "direction": "ltr"}, "plural_forms is required"),
    ("xyz", {"name": "X", "direction": "ltr", "plural_forms": "nplurals=2; plural=(n != 1);"}, "formats is required"),
    ("es", {}, "already in languages.toml"),
    ("fr", {"fallback": ["de"]}, "fallback 'de' is not in languages.toml"),
    ("fr", {"plural_forms": "nplurals=1; plural=n;"}, "plural_forms"),
])
def test_add_language_names_what_is_missing_and_changes_nothing(tmp_path, code, options, key):
    locales = project(tmp_path)
    before = (locales / "languages.toml").read_bytes()
    with pytest.raises(LanguageError, match=key):
        add_language(locales, code, **options)
    assert (locales / "languages.toml").read_bytes() == before
    assert not (locales / code).exists() or code == "es"


def test_add_language_cldr_lacks_with_every_key_given(tmp_path):
    locales = project(tmp_path)
    language, _ = add_language(locales, "xyz", name="X", direction="rtl", plural_forms="nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);", formats="es")
    assert (language.direction, language.num_plurals, language.formats) == ("rtl", 3, "es")
    assert [language.plural_index(n) for n in (1, 2, 3)] == [0, 1, 2]


def test_remove_language_archives_its_catalogs_and_restores_the_file(tmp_path):
    locales = project(tmp_path)
    before = (locales / "languages.toml").read_text(encoding="utf-8")
    add_language(locales, "fa")
    _with_theme(locales, "fa", ("%(num)d فایل",))
    archived = remove_language(locales, "fa", today=dt.date(2026, 11, 23))
    assert archived == locales / "archive" / "fa-2026-11-23"
    assert "%(num)d فایل" in (archived / "LC_MESSAGES" / "theme.po").read_text(encoding="utf-8")
    assert not (locales / "fa").exists()
    assert (locales / "languages.toml").read_text(encoding="utf-8") == before
    # A second removal the same day does not overwrite the first archive.
    add_language(locales, "fa")
    assert remove_language(locales, "fa", today=dt.date(2026, 11, 23)) == locales / "archive" / "fa-2026-11-23-2"


def test_remove_language_in_the_middle_keeps_the_others_and_their_comments(tmp_path):
    locales = project(tmp_path)
    remove_language(locales, "ht", today=dt.date(2026, 11, 23))
    text = (locales / "languages.toml").read_text(encoding="utf-8")
    assert "[languages.ht]" not in text and "month_names" not in text.split("[languages.pt]")[1]
    assert "# CLDR has no Mam locale" in text and "# Every language the site is built in" in text
    assert load_languages(locales / "languages.toml").codes == ["en", "es", "pt", "mam", "quc"]


@pytest.mark.parametrize("code, message", [("en", "source language"), ("es", "mam, quc fall"), ("fr", "unknown language")])
def test_remove_language_refuses(tmp_path, code, message):
    locales = project(tmp_path)
    with pytest.raises(LanguageError, match=message):
        remove_language(locales, code)


def test_cli_add_then_remove(tmp_path):
    from kyr.cli import main

    locales = project(tmp_path)
    assert main(["--root", str(tmp_path), "add-language", "ps", "--fallback", "fa,en"]) == 1  # fa is not a language here
    assert main(["--root", str(tmp_path), "add-language", "ps", "--drafts", "publish"]) == 0
    assert load_languages(locales / "languages.toml")["ps"].direction == "rtl"
    assert main(["--root", str(tmp_path), "pseudo", "ps"]) == 0
    theme = catalogs.read_translation(locales, "ps", catalogs.THEME)
    assert theme["Page not found"].string == pseudo("Page not found", rtl=True)
    assert main(["--root", str(tmp_path), "remove-language", "ps"]) == 0
    assert [p.name[:3] for p in (locales / "archive").iterdir()] == ["ps-"]
    shutil.rmtree(locales / "archive")
