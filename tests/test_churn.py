"""No churn: `kyr update` leaves what a translator's tool wrote as it wrote it.

With the real tools, on a copy of the shipped catalogs (Spanish, and Mam, whose
Plural-Forms header Babel cannot write): a save through translate-toolkit (which
Weblate uses), a Weblate-style save (translate-toolkit with the headers Weblate
sets), a polib save, msgcat and msgmerge --previous, each followed by
`kyr update`, changes 0 lines. When a page does change, only the changed entry
is rewritten, and the header keeps every field another tool wrote.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from translate.storage.po import pofile

from kyr import catalog as catalogs
from kyr.languages import load_languages
from kyr.pofile import keep_layout, read_po

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("es", "mam")
EDITED = "Traducción editada en otra herramienta."


@pytest.fixture(scope="module")
def settled(tmp_path_factory) -> Path:
    """The shipped templates and es/mam catalogs, settled by one `kyr update`."""
    root = tmp_path_factory.mktemp("shipped") / "locales"
    shutil.copytree(ROOT / "locales" / "templates", root / "templates")
    for lang in LANGS:
        shutil.copytree(ROOT / "locales" / lang, root / lang)
    toml = (ROOT / "locales" / "languages.toml").read_text(encoding="utf-8")
    kept = [part for part in toml.split("\n[languages.") if not part.startswith(("pt]", "ht]", "quc]"))]
    (root / "languages.toml").write_text("\n[languages.".join(kept), encoding="utf-8")
    update(root)
    return root


@pytest.fixture
def locales(settled, tmp_path) -> Path:
    root = tmp_path / "locales"
    shutil.copytree(settled, root)
    return root


def update(root: Path) -> list[Path]:
    return catalogs.update_all(root, load_languages(root / "languages.toml"))


def files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for lang in LANGS for p in sorted((root / lang).rglob("*.po"))}


def changed_lines(before: bytes, after: bytes) -> int:
    import difflib

    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return sum(1 for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---")))


def tt_save(path: Path, weblate: bool = False) -> None:
    store = pofile.parsefile(str(path))
    unit = next(u for u in store.units if not u.isheader() and not u.isobsolete())
    unit.target = EDITED
    if weblate:
        # What Weblate sets on every save (weblate/trans/models/translation.py, weblate/formats/ttkit.py).
        store.updateheader(
            add=True,
            last_translator="Ana Traductora <ana@example.org>",
            plural_forms="nplurals=2; plural=n != 1;",
            language=store.gettargetlanguage(),
            PO_Revision_Date="2026-11-23 15:00+0000",
            language_team="Español <https://weblate.example.org/projects/kyr/court-case/es/>",
            x_generator="Weblate 5.14",
        )
    path.write_bytes(bytes(store))


def polib_save(path: Path) -> None:
    po = polib.pofile(str(path))
    next(e for e in po if not e.obsolete).msgstr = EDITED
    po.save()


def msgcat_save(path: Path) -> None:
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)


def msgmerge_save(path: Path) -> None:
    template = path.parents[2] / "templates" / path.name.replace(".po", ".pot")
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(path), str(path), str(template)], check=True)


TOOLS = {
    "translate-toolkit": tt_save,
    "weblate": lambda path: tt_save(path, weblate=True),
    "polib": polib_save,
    "msgcat": msgcat_save,
    "msgmerge": msgmerge_save,
}


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_a_save_in_another_tool_then_update_changes_no_line(locales, tool):
    for path in files(locales):
        TOOLS[tool](path)
    saved = files(locales)
    assert update(locales) == []
    assert files(locales) == saved
    if tool in ("translate-toolkit", "weblate", "polib"):
        first = next(m for m in read_po(locales / "es" / "LC_MESSAGES" / "court-case.po") if m.id)
        assert first.string == EDITED


def test_the_tools_really_lay_files_out_otherwise(locales):
    # The test above would prove nothing if the tools wrote our layout byte for byte.
    path = locales / "es" / "LC_MESSAGES" / "court-case.po"
    before = path.read_bytes()
    polib_save(path)
    assert changed_lines(before, path.read_bytes()) > 10  # polib wraps at 78 columns by textwrap's rules
    msgmerge_save(path)
    assert b'"Plural-Forms:' in path.read_bytes().split(b"\n\n")[0]


def change_page(locales: Path, domain: str, old: str, new: str) -> None:
    """A page edit as `kyr extract` writes it: the template's msgid changes."""
    template = locales / "templates" / f"{domain}.pot"
    text = template.read_text(encoding="utf-8")
    assert f'msgid "{old}"' in text
    template.write_text(text.replace(f'msgid "{old}"', f'msgid "{new}"'), encoding="utf-8")


def test_after_a_polib_save_a_changed_page_rewrites_only_its_entry(locales):
    path = locales / "es" / "LC_MESSAGES" / "court-case.po"
    polib_save(path)
    saved = path.read_bytes()
    change_page(locales, "court-case", "Keep a copy of every paper.", "Keep a copy of all your papers.")
    assert path in update(locales)
    after = path.read_bytes()
    # The entry: its msgid changed, it became fuzzy and gained `#| msgid`; nothing else moved.
    assert changed_lines(saved, after) <= 4
    assert b'#| msgid "Keep a copy of every paper."\nmsgid "Keep a copy of all your papers."' in after


def test_weblate_headers_stay_and_a_change_only_updates_the_template_date(locales):
    path = locales / "es" / "LC_MESSAGES" / "court-case.po"
    tt_save(path, weblate=True)
    header = path.read_bytes().split(b"\n\n")[0]
    change_page(locales, "court-case", "Keep a copy of every paper.", "Keep a copy of all your papers.")
    pot = locales / "templates" / "court-case.pot"
    pot.write_text(pot.read_text(encoding="utf-8").replace("POT-Creation-Date: 2", "POT-Creation-Date: 3", 1), encoding="utf-8")
    update(locales)
    new_header = path.read_bytes().split(b"\n\n")[0]
    for field in (b"X-Generator: Weblate 5.14", b"Last-Translator: Ana Traductora", b"plural=n != 1;",
                  b"PO-Revision-Date: 2026-11-23 15:00+0000", b"Language-Team: Espa"):
        assert field in new_header
    assert changed_lines(header, new_header) == 2  # POT-Creation-Date follows the template, as msgmerge does
    assert b'"POT-Creation-Date: 3' in new_header


def test_a_header_missing_what_kyr_needs_gets_it_and_keeps_the_rest():
    old = (
        'msgid ""\nmsgstr ""\n"Last-Translator: Ana\\n"\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n'
        '"X-Generator: Poedit 3.4\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    ).encode()
    new = (
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    ).encode()
    written = keep_layout(old, new).decode()
    assert written.startswith(
        'msgid ""\nmsgstr ""\n"Last-Translator: Ana\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"X-Generator: Poedit 3.4\\n"\n"Language: es\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    )
    assert keep_layout(written.encode(), new) == written.encode()


def test_every_kind_of_change_is_still_written():
    old = b'msgid ""\nmsgstr "Language: es\\n"\n\n#. note\n#: a.md:1\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n'
    for new in (
        old.replace(b'msgstr "b"', b'msgstr "c"'),  # the translation
        old.replace(b"#, fuzzy\n", b""),  # a flag
        old.replace(b"#. note", b"#. other note"),  # a note
        old.replace(b"a.md:1", b"a.md:2"),  # a reference
        old.replace(b"#, fuzzy\n", b'#, fuzzy\n#| msgid "z"\n'),  # the previous msgid
        old.replace(b'msgid "a"\nmsgstr "b"', b'#~ msgid "a"\n#~ msgstr "b"'),  # obsolete
    ):
        assert keep_layout(old, new) == new
