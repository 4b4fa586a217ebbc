"""Translation memory: `kyr update` fills what another catalog of the language already translates.

With the real `kyr.extract.extract` and `kyr.catalog.update_all` on a project of
its own: a new page repeating sentences of another page gets their translations
as fuzzy drafts with a note saying where they came from; a near match (≥ 90 %,
same facts) comes as a msgmerge-style fuzzy entry (``#| msgid``), never shown by
the build; a translator's text is never replaced; `kyr tm --export` writes TMX
that translate-toolkit reads.
"""

from __future__ import annotations

import re

from translate.storage.tmx import tmxfile

from kyr import catalog as catalogs

from .conftest import kyr
from .test_update import Project

SENTENCE = "Go to every hearing, even if you have no lawyer yet."
NEAR = "Go to every hearing, even if you do not have a lawyer yet."
WITH_DATE = "Send the form within 5 days of moving to your new home."
OTHER_DATE = "Send the form within 10 days of moving to your new home."


def translated(project: Project, lang: str, domain: str, texts: dict[str, str], fuzzy: bool = False) -> None:
    po = project.po(lang, domain)
    cat = catalogs.read_po(po)
    for msgid, msgstr in texts.items():
        cat[msgid].string = msgstr
        if fuzzy:
            cat[msgid].flags.add("fuzzy")
    catalogs.write(po, cat, project.languages[lang])


def test_a_new_page_gets_drafts_from_another_page(tmp_path):
    project = Project(tmp_path)
    project.pages["page"] = [SENTENCE, WITH_DATE]
    project.save_pages()
    project.update()
    translated(project, "es", "page", {SENTENCE: "Vaya a todas sus audiencias, aunque todavía no tenga abogado.",
                                       WITH_DATE: "Envíe el formulario dentro de 5 días después de mudarse."})
    # A second page repeats one sentence, nearly repeats another, and changes a date in the third.
    project.pages["topics/other"] = [SENTENCE, NEAR, OTHER_DATE]
    project.save_pages()
    project.update()
    cat = catalogs.read_po(project.po("es", "topics/other"))
    exact = cat[SENTENCE]
    assert exact.string == "Vaya a todas sus audiencias, aunque todavía no tenga abogado."
    assert exact.fuzzy and not exact.previous_id
    [note] = exact.auto_comments
    line = int(re.fullmatch(r"draft from translation memory: page.po:(\d+)", note).group(1))
    assert project.po("es", "page").read_text(encoding="utf-8").splitlines()[line - 1] == f'msgid "{SENTENCE}"'

    near = cat[NEAR]
    assert near.string == exact.string and near.fuzzy and near.previous_id == [SENTENCE]
    assert re.fullmatch(rf"draft from translation memory, 9\d% alike: page.po:{line}", near.auto_comments[0])
    # 5 days is not 10 days: a near match must state the same facts.
    assert cat[OTHER_DATE].string == "" and not cat[OTHER_DATE].fuzzy
    # Mam had nothing to offer.
    assert all(not m.string for m in catalogs.read_po(project.po("mam", "topics/other")) if m.id)
    files = project.files()
    project.update()
    assert project.files() == files


def test_the_build_never_shows_a_near_match(tmp_path):
    from kyr.translate import Translations

    project = Project(tmp_path)
    project.pages["page"] = [SENTENCE]
    project.save_pages()
    project.update()
    translated(project, "es", "page", {SENTENCE: "Vaya a todas sus audiencias, aunque todavía no tenga abogado."})
    project.pages["topics/other"] = [NEAR]
    project.save_pages()
    project.update()
    choice = Translations(project.folder / "locales", project.languages).choose("es", "topics/other", NEAR)
    assert choice.lang == "en" and choice.text == NEAR


def test_a_translators_text_is_never_replaced_and_stale_drafts_are_no_memory(tmp_path):
    project = Project(tmp_path)
    project.pages["page"] = [SENTENCE, WITH_DATE]
    project.save_pages()
    project.update()
    translated(project, "es", "page", {SENTENCE: "Vaya a todas sus audiencias."})
    project.pages["topics/other"] = [WITH_DATE]
    project.save_pages()
    project.update()
    translated(project, "es", "topics/other", {WITH_DATE: "Mi propia traducción."})
    # The page changes: the changed block keeps its old translation (msgmerge's fuzzy match), not memory's.
    project.pages["page"] = [SENTENCE + " Bring your papers.", WITH_DATE]
    project.save_pages()
    project.update()
    cat = catalogs.read_po(project.po("es", "page"))
    assert cat[WITH_DATE].string == ""  # in memory only as a translation written in another catalog...
    project.pages["page"] = [SENTENCE + " Bring your papers."]
    project.pages["topics/other"] = [WITH_DATE, SENTENCE + " Bring your papers."]
    project.save_pages()
    project.update()
    other = catalogs.read_po(project.po("es", "topics/other"))
    assert other[WITH_DATE].string == "Mi propia traducción."
    # ...and a stale draft (fuzzy with #| msgid) translates another text: it is no memory.
    assert catalogs.read_po(project.po("es", "page"))[SENTENCE + " Bring your papers."].previous_id
    assert other[SENTENCE + " Bring your papers."].string == ""


def test_reviewed_translations_come_before_drafts(tmp_path):
    project = Project(tmp_path)
    project.pages["page"] = [SENTENCE]
    project.pages["topics/other"] = [SENTENCE]
    project.save_pages()
    project.update()
    translated(project, "es", "page", {SENTENCE: "Borrador."}, fuzzy=True)
    translated(project, "es", "topics/other", {SENTENCE: "Revisada."})
    (project.folder / "docs" / "third.md").write_text(SENTENCE + "\n", encoding="utf-8")
    project.update()
    message = catalogs.read_po(project.po("es", "third"))[SENTENCE]
    assert message.string == "Revisada." and message.fuzzy
    assert "topics/other" in message.auto_comments[0]


def test_tm_export_is_tmx_that_translate_toolkit_reads(tmp_path):
    project = Project(tmp_path)
    project.pages["page"] = [SENTENCE, WITH_DATE]
    project.save_pages()
    project.update()
    translated(project, "es", "page", {SENTENCE: "Vaya & <vea>."})
    translated(project, "mam", "page", {WITH_DATE: "Borrador mam."}, fuzzy=True)
    out = tmp_path / "memory.tmx"
    assert kyr(project.folder, "tm", "--export", str(out)).returncode == 0
    store = tmxfile.parsefile(str(out))
    assert [(u.source, u.target) for u in store.units] == [(SENTENCE, "Vaya & <vea>.")]
    assert kyr(project.folder, "tm", "--export", str(out), "--lang", "mam", "--drafts").returncode == 0
    assert [(u.source, u.target) for u in tmxfile.parsefile(str(out)).units] == [(WITH_DATE, "Borrador mam.")]
    assert b'<tmx version="1.4">' in out.read_bytes()
    bad = kyr(project.folder, "tm", "--export", str(out), "--lang", "xx", check=False)
    assert bad.returncode == 1 and "unknown language 'xx'" in bad.stderr
