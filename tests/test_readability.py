"""The English pages stay at U.S. grade 7 or below (Flesch–Kincaid)."""

from pathlib import Path

import pytest

from kyr.readability import grade, page_grades, plain_text

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_plain_text_drops_syntax():
    source = (
        "---\ntitle: T\n---\n<!-- i18n: note -->\n## Heading { #id }\n\n"
        '!!! warning "Be careful"\n    Body with a [link](https://x.test) and **bold**.[^1]\n\n'
        "| A | B |\n|---|---|\n| one | two |\n\nTerm\n:   Meaning.\n"
    )
    assert plain_text(source) == "Heading.\nBe careful.\nBody with a link and bold.\nA B.\none two.\nTerm.\nMeaning."


@pytest.mark.parametrize(
    "source, text",
    [
        ('??? info "For legal services"\n    See *Matter of X*.\n', "For legal services.\nSee Matter of X."),
        ("1. Call us.\n2. Read [the page](court-case.md#check-your-case).\n    - nested item\n",
         "Call us.\nRead the page.\nnested item."),
        ("Text with a note.[^1]\n\n[^1]: The note.\n", "Text with a note.\nThe note."),
        ("<!-- i18n: keep A-number -->\nYour A-number\n:   Your number.\n", "Your A-number.\nYour number."),
        ("| When | What |\n|------|------|\n| 2019 | It started. |\n", "When What.\n2019 It started."),
        ("### Say _it_ clearly\n\nCall **1-800-898-7180**.\n", "Say it clearly.\nCall 1-800-898-7180."),
        ("Kʼicheʼ and Mam.\n", "Kʼicheʼ and Mam."),
    ],
)
def test_plain_text_examples(source, text):
    assert plain_text(source) == text


def test_grade_is_the_flesch_kincaid_formula():
    # 6 words, 2 sentences, 6 syllables: 0.39 * 3 + 11.8 * 1 - 15.59
    assert grade("The cat sat. The dog ran.") == -2.6


def test_long_words_and_sentences_raise_the_grade():
    assert grade("The cat sat. The dog ran.") < grade(
        "Administrative adjudication necessitates comprehensive documentation notwithstanding jurisdictional considerations."
    )


@pytest.mark.parametrize("page", sorted(page_grades(DOCS)))
def test_every_page_is_grade_7_or_below(page):
    assert page_grades(DOCS)[page] <= 7.0
