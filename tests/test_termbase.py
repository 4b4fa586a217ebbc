"""Termbase: `kyr check` warns where a translation lacks the language's term; TBX export for Weblate."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage.tbx import tbxfile

from kyr import termbase
from kyr.languages import load_languages

from .conftest import kyr
from .test_update import Project

ROOT = Path(__file__).resolve().parents[1]
CSV = (
    "en,es,mam,note\n"
    "immigration court,corte de inmigración|cortes de inmigración,,\n"
    "hearing,audiencia,,A meeting with a judge.\n"
    '"A-number","número A|A-number",,"Keep ""A-number"" beside it."\n'
)


@pytest.fixture
def project(tmp_path) -> Project:
    project = Project(tmp_path)
    project.pages["page"] = [
        "Call the immigration court.", "Go to your hearings.", "Write your A-number.",
        "Read [the hearing rules](hearing.md).", "The court changed it.",
    ]
    project.save_pages()
    project.update()
    (project.folder / "locales" / "termbase.csv").write_text(CSV, encoding="utf-8")
    return project


def translate(project: Project, texts: dict[str, str], lang: str = "es") -> None:
    from kyr import catalog as catalogs

    po = project.po(lang, "page")
    cat = catalogs.read_po(po)
    for msgid, msgstr in texts.items():
        cat[msgid].string = msgstr
    catalogs.write(po, cat, project.languages[lang])


def warnings(project: Project) -> list[str]:
    return [str(p) for p in termbase.check_catalogs(project.folder / "locales", project.languages)]


def test_a_translation_without_the_term_is_warned_about_at_its_line(project):
    translate(project, {
        "Call the immigration court.": "Llame al tribunal.",  # another word: warned
        "Go to your hearings.": "Vaya a sus audiencias.",  # a plural on both sides: fine
        "Write your A-number.": "Escriba su A-number.",  # the English term kept: fine
        # Warned: 'hearing' in the link target is no translation, nor the English term kept.
        "Read [the hearing rules](hearing.md).": "Lea [las reglas](hearing.md).",
        "The court changed it.": "La corte lo cambió.",  # 'court' alone is no term of the termbase
    })
    found = warnings(project)
    assert len(found) == 2, found
    text = project.po("es", "page").read_text(encoding="utf-8").splitlines()
    first, second = found
    path, line, rest = first.split(":", 2)
    assert text[int(line) - 1] == 'msgid "Call the immigration court."'
    assert rest == (" warning: term 'immigration court': the termbase's Español term "
                    "(corte de inmigración | cortes de inmigración) is not in the translation (locales/termbase.csv:2)")
    assert "term 'hearing'" in second
    assert text[int(second.split(":")[1]) - 1] == 'msgid "Read [the hearing rules](hearing.md)."'


def test_empty_cells_stale_drafts_and_untranslated_entries_give_no_warning(project):
    translate(project, {"Call the immigration court.": "Ilaj tuʼn"}, lang="mam")  # no Mam term yet
    assert warnings(project) == []
    po = project.po("es", "page")
    translate(project, {"Call the immigration court.": "Llame al tribunal."})
    text = po.read_text(encoding="utf-8").replace(
        'msgid "Call the immigration court."', '#, fuzzy\n#| msgid "Call the court."\nmsgid "Call the immigration court."')
    po.write_text(text, encoding="utf-8")
    assert warnings(project) == []


def test_kyr_check_prints_the_warnings_and_passes(project):
    translate(project, {"Call the immigration court.": "Llame al tribunal."})
    result = kyr(project.folder, "check", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning: term 'immigration court'" in result.stdout


def test_a_broken_termbase_is_an_error_at_its_line(project):
    (project.folder / "locales" / "termbase.csv").write_text(CSV + ",asilo,,\n", encoding="utf-8")
    [problem] = warnings(project)
    assert problem.endswith("termbase.csv:5: error: a row without an English term")


def test_the_shipped_termbase_reads_and_gives_no_warning_on_the_shipped_catalogs():
    terms = termbase.load(ROOT / "locales" / "termbase.csv")
    english = {term.english[0] for term in terms}
    assert {"asylum", "removal order", "immigration court", "A-number", "interpreter", "fear interview",
            "pretermit", "parole", "bond", "notario"} <= english
    languages = load_languages(ROOT / "locales" / "languages.toml")
    assert termbase.check_catalogs(ROOT / "locales", languages) == []


def test_termbase_export_is_tbx_that_translate_toolkit_reads(project, tmp_path):
    out = tmp_path / "glossary.tbx"
    assert kyr(project.folder, "termbase", "--export", str(out), "--lang", "es").returncode == 0
    units = tbxfile.parsefile(str(out)).units
    assert [(u.source, u.target) for u in units] == [
        ("immigration court", "corte de inmigración"), ("hearing", "audiencia"), ("A-number", "número A")]
    assert b'type="TBX-Basic"' in out.read_bytes()
