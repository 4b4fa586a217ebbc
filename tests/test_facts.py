"""Facts that must survive translation (kyr.facts), as `kyr check` and the build judge them.

- each kind of tampering (a phone number's digits swapped, an e-mail, a URL, a year, a
  day, a month, a form name, an A-number changed, a number dropped or added) is found;
- what translating legitimately changes (12 h ↔ 24 h, number separators, spelled-out
  small numbers, month names, word order) is not;
- translations that say nothing (whitespace, punctuation, an attribute list) are errors
  and never count as translated;
- end to end: `kyr check` names FILE:LINE and the fact, the built page shows the
  fallback; a stale draft left by msgmerge or pybabel (no ``#|``) is never published;
- the shipped es/pt/ht catalogs raise no false alarm.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from kyr import catalog as catalogs
from kyr.checks import check, check_catalogs, check_facts, looks_empty
from kyr.facts import NUMBER_WORDS, differences, extract, same_facts
from kyr.languages import load_languages
from kyr.stats import count

from .conftest import ROOT, kyr, make_project

LANGUAGES = load_languages(ROOT / "locales" / "languages.toml")
ES, PT, HT = LANGUAGES["es"], LANGUAGES["pt"], LANGUAGES["ht"]

# (source, tampered translation, language, the fact the message must name)
TAMPERED = [
    ("Call [1-800-898-7180](tel:+18008987180).", "Llame al [1-800-898-7810](tel:+18008987180).", ES,
     "changes the phone number 1-800-898-7180 to 1-800-898-7810"),
    ("Call 1-800-898-7180.", "Ligue para 1-800-898-718.", PT, "changes the phone number 1-800-898-7180 to 1-800-898-718"),
    ("Write to **ethics@hias.org**.", "Escriba a **ethics@hias.com**.", ES,
     "changes the e-mail ethics@hias.org to ethics@hias.com"),
    ("Write to <info@hias.org>.", "Ekri <info@hais.org>.", HT, "changes the e-mail info@hias.org to info@hais.org"),
    ("Go to https://acis.eoir.justice.gov/en/ now.", "Vaya a https://acis.eoir.justice.gov.example/en/ ahora.", ES,
     "changes the URL https://acis.eoir.justice.gov/en/ to https://acis.eoir.justice.gov.example/en/"),
    ("Go to www.justice.gov/eoir.", "Vaya a www.justice.gob/eoir.", ES, "changes the URL www.justice.gov/eoir"),
    ("Title 42 ended on 11 May 2023.", "El Título 42 terminó el 11 de mayo de 2024.", ES, "changes the year 2023 to 2024"),
    ("Title 42 ended on 11 May 2023.", "O Título 42 terminou em 12 de maio de 2023.", PT, "changes the day 11 to 12"),
    ("Title 42 ended on 11 May 2023.", "Tit 42 te fini 11 jen 2023.", HT, "changes the month May to jen"),
    ("Use Form EOIR-33.", "Use el Formulario EOIR-38.", ES, "changes the form name EOIR-33 to EOIR-38"),
    ("Use Form I-589.", "Sèvi ak Fòm I-598.", HT, "changes the form name I-589 to I-598"),
    ("It looks like A123-456-789.", "Se ve así: A123-456-798.", ES, "changes the A-number A123-456-789 to A123-456-798"),
    ("Send it within 5 days.", "Envíelo pronto.", ES, "drops the number 5"),
    ("Send it within 5 days.", "Envíelo en 15 días.", ES, "changes the number 5 to 15"),
    ("Send it soon.", "Envíelo en 30 días.", ES, "adds the number 30, which the source does not have"),
    ("About 70,000 people.", "Unas 7.000 personas.", ES, "changes the number 70,000 to 7.000"),
    ("It ended at 11:59 pm.", "Terminó a las 11:59 a. m.", ES, "changes the time 11:59 pm"),
    ("It ended at 8 pm.", "Terminó a las 8 de la mañana.", ES, "changes the time 8 pm to 8 de la mañana"),
    ("It opens at 9 a.m.", "Abre a las 9 p. m.", ES, "changes the time 9 a.m. to 9 p. m."),
    ("It costs $100.", "Cuesta 1000 dólares.", ES, "changes the number 100 to 1000"),
]

# (source, translation, language): what translating legitimately changes.
LEGITIMATE = [
    ("It ended at 11:59 pm.", "Terminó a las 23:59.", ES),
    ("It ended at 11:59 pm.", "Terminó a las 11:59 p. m.", ES),
    ("It ended at 11:59 pm.", "Terminou às 23h59.", PT),
    ("It ended at 11:59 pm.", "Li te fini a 11:59 pm.", HT),
    ("It ended at 8 pm.", "Terminó a las 8 de la noche.", ES),
    ("It ended at 11:59 p.m.", "Terminou às 23h59.", PT),
    ("It opens at 9 a.m.", "Abre a las 9 de la mañana.", ES),
    ("It ended at 8 pm.", "Terminó a las 20 h.", ES),
    ("It ended at 23:59.", "Terminó a las 11:59 de la noche.", ES),
    ("About 70,000 people.", "Unas 70.000 personas.", ES),
    ("About 70,000 people.", "Anviwon 70\u00a0000 moun.", HT),
    ("About 70,000 people.", "Cerca de 70 000 pessoas.", PT),
    ("About 70,000 people.", "Unas 70,000 personas.", ES),  # the English format, kept
    ("It costs $1,000.", "Cuesta 1000 dólares.", ES),
    ("It costs $1.50.", "Cuesta 1,50 dólares.", ES),
    ("Within 5 days.", "En cinco días.", ES),
    ("Within 2 days.", "Em dois dias.", PT),
    ("Within 5 days.", "Nan senk jou.", HT),
    ("Within five days.", "En 5 días.", ES),
    ("On 10 March 2025.", "El 10 de marzo de 2025.", ES),
    ("On 10 March 2025.", "Em 10 de março de 2025.", PT),
    ("On 10 March 2025.", "10 mas 2025.", HT),
    ("On May 11, 2023.", "El 11 de mayo de 2023.", ES),
    ("1 June 2021", "1ye jen 2021", HT),
    ("1 June 2021", "1º de junho de 2021", PT),
    ("It works 24 hours a day.", "Li mache 24 èdtan sou 24.", HT),
    ("It works 24 hours a day.", "Funciona las 24 h del día.", ES),
    ("Go to [the portal](https://acis.eoir.justice.gov/en/).", "Vaya al [portal](https://acis.eoir.justice.gov/en/).", ES),
    ("Write to ETHICS@hias.org.", "Escriba a ethics@HIAS.org.", ES),
    ("Call 1-800-898-7180.", "Llame al 1 800 898 7180.", ES),
    ("Call (800) 898-7180.", "Llame al 800-898-7180.", ES),
    ("Use Form EOIR-33 within 5 days.", "En 5 días, use el Formulario EOIR\u201133.", ES),
    ("See 84 FR 63994 (BIA 2025), 29 I&N Dec. 291.", "Vea 84 FR 63994 (BIA 2025), 29 I&N Dec. 291.", ES),
    ("Only 7% had a lawyer.", "Solo el 7 % tenía abogado.", ES),
    ("Judges have given people 10 to 30 days.", "Los jueces han dado de 10 a 30 días.", ES),
    ("Last reviewed: %(date)s", "Última revisión: %(date)s", ES),
]


@pytest.mark.parametrize("source, tampered, language, fact", TAMPERED, ids=[t[3][:50] for t in TAMPERED])
def test_each_tampering_is_found(source, tampered, language, fact):
    found = differences(source, tampered, language)
    assert any(message.startswith(fact) for message in found), found


@pytest.mark.parametrize("source, translation, language", LEGITIMATE, ids=[t[1][:40] for t in LEGITIMATE])
def test_legitimate_changes_are_accepted(source, translation, language):
    assert differences(source, translation, language) == []


def test_a_fact_stated_twice_may_be_stated_once_but_not_dropped():
    assert differences("$100 to apply and $100 a year.", "100 dólares para pedirlo y lo mismo cada año.", ES) == []
    assert differences("$100 to apply and $50 a year.", "100 dólares para pedirlo y lo mismo cada año.", ES) == [
        "drops the number 50"
    ]


def test_a_phone_number_written_without_separators_is_the_same_number():
    assert differences("Call 1-800-898-7180.", "Ligue 18008987180.", PT) == []
    assert differences("Call 1-800-898-7180.", "Ligue 18008987108.", PT) == [
        "changes the phone number 1-800-898-7180 to 18008987108"
    ]


def test_link_targets_are_facts_but_may_be_left_to_the_render_check():
    source, changed = "Read [this](https://a.gov/x).", "Lea [esto](https://a.gov/y)."
    assert differences(source, changed, ES) == ["changes the link target https://a.gov/x to https://a.gov/y"]
    assert differences(source, changed, ES, links=False) == []
    assert not same_facts(source, "Read [this](https://a.gov/y).")


def test_same_facts_compares_two_english_sources():
    assert same_facts("Title 42 ended on 11 May 2023.", "Title 42 ended on May 11, 2023.")
    assert same_facts("Call 1-800-898-7180 now.", "Now call 1-800-898-7180.")
    assert not same_facts("Title 42 ended on 11 May 2023.", "Title 42 ended on 11 May 2024.")
    assert not same_facts("Use Form EOIR-33.", "Use Form EOIR-26.")
    assert not same_facts("Within 5 days.", "Within 5 days, or 10.")


def test_extract_reads_each_kind():
    facts = extract("Call 1-800-898-7180 or write to info@hias.org by 11:59 pm on 11 May 2023 (Form EOIR-33).")
    kinds = {(f.kind, f.text) for f in facts.items}
    assert kinds >= {("phone", "1-800-898-7180"), ("email", "info@hias.org"), ("time", "11:59 pm"),
                     ("day", "11"), ("month", "May"), ("year", "2023"), ("form", "EOIR-33")}


def test_words_that_are_not_in_a_date_are_not_months():
    # "may" the verb and Kreyòl "me" (May) or "out" (August) away from any number are not dates.
    assert not [f for f in extract("You may ask for an interpreter.").items if f.kind == "month"]
    assert not [f for f in extract("Li di me li pa t dakò, out.", HT).items if f.kind == "month"]


def test_mam_has_no_spelled_out_allowance():
    assert "mam" not in NUMBER_WORDS
    assert differences("Within 5 days.", "Within cinco days.", LANGUAGES["mam"]) == ["drops the number 5"]


def test_work_is_linear_in_the_text():
    """Long runs of what the patterns look for are read in one pass (no quadratic rescans)."""
    for text in ("1 " * 20000, "1." * 20000, "https://a.gov/" + ")" * 40000, "a@" * 20000, "{" * 40000,
                 "11 May 2023, " * 3000, "a." * 20000):
        differences(text, text, ES)


# -- translations that say nothing ------------------------------------------------------------------


@pytest.mark.parametrize("msgstr", ["   ", "\t\n", "{ #court-case }", "**…**", "—", "[ ](https://a.gov)", "<br>"])
def test_a_translation_that_says_nothing_is_an_error(msgstr):
    issues = check("Your court case", msgstr)
    assert [i.level for i in issues] == ["error"] and "says nothing" in issues[0].message


def test_a_source_that_is_only_punctuation_may_be_translated_so():
    assert check("—", "—") == []
    assert looks_empty("…") and not looks_empty("Sí")


def test_a_translation_that_says_nothing_never_counts_as_translated():
    cat = Catalog(locale="es")
    cat.add("Heading", "   ")
    cat.add("Other", "{ #other }", flags=["fuzzy"])
    cat.add("Third", "Tercero")
    counts = count(cat)
    assert (counts.translated, counts.fuzzy, counts.untranslated) == (1, 0, 2)


def test_check_facts_leaves_an_overlong_translation_to_check():
    """check() refuses it already; reading it would only cost time."""
    assert check_facts("5 days", "15 días " * 1000, ES) == []
    assert check_facts("5 days", "15 días", ES)[0].message == "changes the number 5 to 15"


# -- the shipped catalogs ------------------------------------------------------------------------------


def test_no_false_alarm_on_the_shipped_catalogs():
    """Every shipped es/pt/ht translation keeps its source's facts (`kyr check` finds none changed)."""
    flagged, checked = [], 0
    for language in LANGUAGES.targets:
        for path in sorted((ROOT / "locales" / language.code / "LC_MESSAGES").glob("*.po")):
            for message in catalogs.read_po(path):
                if message.id and isinstance(message.string, str) and message.string and not message.previous_id:
                    checked += 1
                    flagged += [(f"{path}:{message.lineno}", d) for d in differences(message.id, message.string, language)]
    assert checked > 1000
    assert flagged == []


# -- end to end: kyr check and the built page --------------------------------------------------------------

PAGE = """---
title: Facts
last_reviewed: 2026-11-23
---
# Facts

## Next steps { #next }

Call 1-800-898-7180 to check your case.

Write to info@hias.org for help.

Read https://www.justice.gov/eoir first.

The office closed on 11 May 2023.

The office opened on 2 June 2021.

Use Form EOIR-33 to give your address.

Send it within 5 days of moving.

It ended at 11:59 pm.

About 70,000 people were sent back.

It has 9 numbers.

It started on 10 March 2025.
"""

# msgid → (Spanish translation, whether `kyr check` must refuse it and which fact it names)
SPANISH = {
    "Next steps": ("   ", "says nothing"),
    "Call 1-800-898-7180 to check your case.": ("Llame al 1-800-898-7810 para revisar su caso.",
                                                "changes the phone number 1-800-898-7180 to 1-800-898-7810"),
    "Write to info@hias.org for help.": ("Escriba a info@hias.com para pedir ayuda.",
                                         "changes the e-mail info@hias.org to info@hias.com"),
    "Read https://www.justice.gov/eoir first.": ("Lea primero https://www.justice.gov/eoir-es.",
                                                 "changes the URL https://www.justice.gov/eoir"),
    "The office closed on 11 May 2023.": ("La oficina cerró el 11 de mayo de 2022.", "changes the year 2023 to 2022"),
    "The office opened on 2 June 2021.": ("La oficina abrió el 20 de junio de 2021.", "changes the day 2 to 20"),
    "Use Form EOIR-33 to give your address.": ("Use el Formulario EOIR-26 para dar su dirección.",
                                               "changes the form name EOIR-33 to EOIR-26"),
    "Send it within 5 days of moving.": ("Envíelo pronto después de mudarse.", "drops the number 5"),
    "It ended at 11:59 pm.": ("Terminó a las 23:59.", None),
    "About 70,000 people were sent back.": ("Unas 70.000 personas fueron regresadas.", None),
    "It has 9 numbers.": ("Tiene nueve números.", None),
    "It started on 10 March 2025.": ("Empezó el 10 de marzo de 2025.", None),
}


def _write_docs(folder: Path, pages: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _page(project: Path, lang: str, name: str) -> str:
    return (project / "site" / lang / name / "index.html").read_text(encoding="utf-8")


def _msgid_line(path: Path, msgid: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith(("msgid", '"')) and msgid[:30] in line)
    while not lines[at].startswith("msgid"):
        at -= 1
    return at + 1


@pytest.fixture(scope="module")
def tampered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("facts")
    project = make_project(folder / "project", _write_docs(folder / "src", {"index.md": "# Home\n", "facts.md": PAGE}))
    path = catalogs.po_path(project / "locales", "es", "facts")
    cat = catalogs.read_po(path)
    for msgid, (msgstr, _) in SPANISH.items():
        cat[msgid].string = msgstr
        cat[msgid].flags.add("fuzzy")  # a draft: the rules are the same for reviewed text
    catalogs.write(path, cat, ES)
    checked = kyr(project, "check", check=False)
    built = kyr(project, "build", "--site", str(project / "site"), "--language", "es", check=False)
    assert built.returncode == 0, built.stderr
    return project, path, checked, _page(project, "es", "facts")


@pytest.mark.parametrize("msgid", [m for m, (_, fact) in SPANISH.items() if fact], ids=lambda m: m[:30])
def test_tampering_is_reported_and_kept_off_the_page(tampered, msgid):
    project, path, checked, html = tampered
    msgstr, fact = SPANISH[msgid]
    assert checked.returncode == 1
    line = _msgid_line(path, msgid)
    assert re.search(rf"^{re.escape(str(path))}:{line}: error: {re.escape(fact)}", checked.stdout, re.M), checked.stdout
    if msgstr.strip():
        assert msgstr not in html
    assert re.search(rf'lang="en"[^>]*>{re.escape(msgid)}<', html), msgid  # the fallback, marked English


def test_a_heading_that_says_nothing_shows_the_fallback(tampered):
    _, _, _, html = tampered
    assert re.search(r'<h2 id="next" lang="en">Next steps</h2>', html), html[html.index("<article") :][:600]
    assert "{ #next }" not in html


@pytest.mark.parametrize("msgid", [m for m, (_, fact) in SPANISH.items() if not fact], ids=lambda m: m[:30])
def test_legitimate_translation_is_accepted_and_shown(tampered, msgid):
    _, path, checked, html = tampered
    msgstr, _ = SPANISH[msgid]
    assert f"{path}:{_msgid_line(path, msgid)}:" not in checked.stdout
    assert msgstr in html


def test_the_refusal_is_logged_by_the_build(tmp_path, tampered):
    project = tampered[0]
    result = kyr(project, "build", "--site", str(tmp_path / "site"), "--language", "es", check=False)
    assert "changes the phone number 1-800-898-7180 to 1-800-898-7810" in result.stderr


# -- stale drafts from any merge tool ---------------------------------------------------------------------

OLD = "The office closes on 11 May 2023."
NEW = "The office closes on 18 May 2024."
OLD_ES = "La oficina cierra el 11 de mayo de 2023."


def _merge_msgmerge_previous(po: Path, pot: Path) -> None:
    subprocess.run(["msgmerge", "--quiet", "--previous", "--update", "--backup=none", str(po), str(pot)], check=True)


def _merge_msgmerge(po: Path, pot: Path) -> None:  # Weblate's "Update PO files to match POT (msgmerge)" add-on
    subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", str(po), str(pot)], check=True)


def _merge_pybabel(po: Path, pot: Path) -> None:
    pybabel = Path(shutil.which("pybabel") or Path(__file__).parents[1] / ".venv" / "bin" / "pybabel")
    subprocess.run([str(pybabel), "update", "--previous", "-i", str(pot), "-o", str(po), "-l", "es"], check=True,
                   capture_output=True)


MERGES = {"msgmerge-previous": _merge_msgmerge_previous, "msgmerge": _merge_msgmerge, "pybabel": _merge_pybabel}


@pytest.fixture(scope="module")
def stale(tmp_path_factory):
    """A Spanish draft of the old English date; the English changes; each page is merged by another tool."""
    if not shutil.which("msgmerge"):
        pytest.skip("gettext's msgmerge is not installed")
    folder = tmp_path_factory.mktemp("stale")
    pages = {"index.md": "# Home\n"} | {f"{name}.md": f"# Office\n\n{OLD}\n" for name in MERGES}
    project = make_project(folder / "project", _write_docs(folder / "src", pages))
    for name in MERGES:
        path = catalogs.po_path(project / "locales", "es", name)
        cat = catalogs.read_po(path)
        cat[OLD].string = OLD_ES
        cat[OLD].flags.add("fuzzy")  # a draft, not yet reviewed: merge tools add no #| to it
        catalogs.write(path, cat, ES)
    for name in MERGES:
        (project / "docs" / f"{name}.md").write_text(f"# Office\n\n{NEW}\n", encoding="utf-8")
    kyr(project, "extract")
    for name, merge in MERGES.items():
        merge(catalogs.po_path(project / "locales", "es", name), catalogs.template_path(project / "locales", name))
    checked = kyr(project, "check", check=False)
    built = kyr(project, "build", "--site", str(project / "site"), "--language", "es", check=False)
    assert built.returncode == 0, built.stderr
    return project, checked


@pytest.mark.parametrize("tool", list(MERGES))
def test_a_stale_draft_is_never_published_whatever_merged_it(stale, tool):
    project, checked = stale
    po = catalogs.po_path(project / "locales", "es", tool)
    merged = catalogs.read_po(po)[NEW]
    assert merged is not None and merged.string == OLD_ES and merged.fuzzy  # the tool kept the old draft
    html = _page(project, "es", tool)
    assert "11 de mayo" not in html
    assert re.search(rf'<p lang="en">{re.escape(NEW)}</p>', html)
    # Without #| nothing marks it stale but its facts: `kyr check` says which changed.
    # (With #| it is not reported: never shown, and the translator sees the old English.)
    if not merged.previous_id:
        assert re.search(rf"^{re.escape(str(po))}:\d+: error: changes the day 18 to 11$", checked.stdout, re.M), checked.stdout


def test_check_catalogs_reports_a_stale_draft_without_previous(tmp_path):
    """The unit behind the end-to-end case: no #|, facts differ → an error at the entry's line."""
    project = make_project(tmp_path / "project", _write_docs(tmp_path / "src", {"index.md": f"# Home\n\n{NEW}\n"}))
    path = catalogs.po_path(project / "locales", "es", "index")
    cat = catalogs.read_po(path)
    cat[NEW].string, _ = OLD_ES, cat[NEW].flags.add("fuzzy")
    catalogs.write(path, cat, ES)
    problems = [p for p in check_catalogs(project / "locales", LANGUAGES, docs_dir=project / "docs") if p.level == "error"]
    assert [(p.line, p.message) for p in problems] == [
        (_msgid_line(path, NEW), "changes the day 18 to 11"), (_msgid_line(path, NEW), "changes the year 2024 to 2023")
    ]


def test_a_number_word_stands_for_a_count_only():
    """"un" or "de" is everywhere in Spanish or Kreyòl: it never stands for a day, a year or a phone number."""
    assert differences("Within 1 year.", "En un año.", ES) == []
    assert differences("On 1 June 2021.", "Un día de junio de 2021.", ES) == ["drops the day 1"]
    assert differences("Since 2 July 2025.", "Depi de jiyè 2025.", HT) == ["drops the day 2"]
