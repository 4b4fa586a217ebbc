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


def test_long_words_and_sentences_raise_the_grade():
    assert grade("The cat sat. The dog ran.") < grade(
        "Administrative adjudication necessitates comprehensive documentation notwithstanding jurisdictional considerations."
    )


@pytest.mark.parametrize("page", sorted(page_grades(DOCS)))
def test_every_page_is_grade_7_or_below(page):
    assert page_grades(DOCS)[page] <= 7.0
