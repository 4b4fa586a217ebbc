"""`kyr.checks`: a translation may reword, never add markup, targets or blocks its source lacks.

Each unsafe case is shown twice: the check calls it an error, and without the
check the same translation really would put the markup in the page (so the case
is a real one, not a string the check happens to dislike). Random pages of every
construct, pseudo-translated, give no error at all: the check refuses nothing a
faithful translation writes.
"""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kyr.apply import Choice, apply
from kyr.checks import ERROR, WARNING, check, check_glottal, check_placeholders, errors, normalize_glottal
from kyr.pseudo import pseudo
from kyr.segment import segment

from .strategies import documents

# The reference is defined before the block, so a definition in the translation would win.
SOURCE = "[ref]: https://example.invalid/ref\n\n[Form][ref]\n\nRead the [court page](other.md) first.\n"
MSGID = "Read the [court page](other.md) first."
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]

#: (translation, what the check says, what would reach the page without the check)
UNSAFE = [
    ("Lea la <script>alert(1)</script> página.", "adds HTML '<script>'", "<script>alert(1)"),
    ('Lea <img src=x onerror="alert(1)"> primero.', "adds HTML '<img", "onerror="),
    ("Lea <img/src=x/onerror=alert(1)> primero.", "adds HTML '<img/src", "onerror=alert(1)"),
    ("Lea <svg/onload=alert(1)> la [página](other.md).", "adds HTML '<svg/onload", "onload=alert(1)"),
    ("Lea <iframe src='https://evil.example'></iframe> la [página](other.md).", "<iframe src=", "<iframe"),
    ('Lea <a href="https://evil.example">esto</a> y la [página](other.md).', "adds HTML '<a href", 'href="https://evil.example"'),
    ("Lea <!-- oculto --> la [página](other.md).", "adds HTML '<!-- oculto -->'", "<!-- oculto -->"),
    ("Lea la [página](javascript:alert(1)) primero.", "javascript:", 'href="javascript:alert(1)"'),
    ("Lea la [página](data:text/html;base64,PHNjcmlwdD4=) primero.", "data: URL", 'href="data:text/html'),
    ("Lea la [página](https://evil.example/) primero.", "adds link target 'https://evil.example/'", 'href="https://evil.example/"'),
    ("Lea la [página](other.md) ![x](https://evil.example/p.png).", "adds link target 'https://evil.example/p.png'", 'src="https://evil.example/p.png"'),
    ("Lea la [página](other.md) <https://evil.example/>.", "adds link target 'https://evil.example/'", 'href="https://evil.example/"'),
    ("Lea la [página](other.md) y el [formulario][ref].", "adds link target '[ref]'", 'href="https://example.invalid/ref">formulario'),
    ("Lea la [página](other.md){ onclick=alert(1) } primero.", "adds the attribute list", 'onclick="alert(1)"'),
    ("Lea la [página](other.md).\n[ref]: https://evil.example/", "line 2 starts with '[ref]:'", 'href="https://evil.example/"'),
    ("[ref]: https://evil.example/", "line 1 starts with '[ref]:'", 'href="https://evil.example/"'),
    ("Lea la [página](other.md).\n# Título falso", "line 2 starts with '#'", "<h1"),
    ("Lea la [página](other.md).\n===", "line 2 starts with '==='", "<h1"),
    ("Lea la [página](other.md).\n> cita", "line 2 starts with '>'", "<blockquote>"),
    ("- Lea la [página](other.md).", "starts with '-'", "<ul>"),
    ("Lea la [página](other.md).[^9]", "adds the footnote reference [^9]", None),  # renders only where [^9] is defined
]

BROKEN = [
    ("Lea **la [página](other.md) primero.", "has unbalanced **"),
    ("Lea la [página] (other.md) primero.", "space between ] and ("),
    ("Lea la `página [página](other.md) primero.", "unclosed code span"),
    ("Lea la [página](other.md primero.", "a link target whose ( is never closed"),
    ("Lea la [página](other.md).\n\nOtro párrafo.", "empty line"),
    ("Lea la [página](other.md) \ue000es\ue001x\ue002.", "private-use characters"),
]


def render_with(msgstr: str) -> str:
    """The sample page with `msgstr` put in for MSGID, as if no check stood in the way."""
    segments = segment(SOURCE)
    choices = [Choice(msgstr, "es", False) if s.text == MSGID else None for s in segments]
    return markdown.markdown(apply(SOURCE, segments, choices, "es").markdown, extensions=EXTENSIONS)


@pytest.mark.parametrize("msgstr, message, rendered", UNSAFE, ids=[c[1][:40] for c in UNSAFE])
def test_unsafe_translation_is_an_error(msgstr, message, rendered):
    found = [i.message for i in errors(check(MSGID, msgstr))]
    assert any(message in m for m in found), found
    if rendered is None:
        return
    # Without the check, this is what the page would carry.
    assert rendered in render_with(msgstr)
    assert rendered not in render_with("Lea la [página](other.md) primero.")


@pytest.mark.parametrize("msgstr, message", BROKEN, ids=[c[1] for c in BROKEN])
def test_broken_inline_markdown_is_an_error(msgstr, message):
    found = [i.message for i in errors(check(MSGID, msgstr))]
    assert any(message in m for m in found), found


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        (MSGID, "Primero lea la [página de la corte](other.md)."),
        (MSGID, "Lea **primero** la [página de la corte](other.md \"Corte\")."),
        ("Call **911** or see <https://example.invalid/>.", "Llame al **911** o vea <https://example.invalid/>."),
        ("Use `<br>` and [this][ref].", "Use `<br>` y [esto][ref]."),
        ("Line one  \nline two.", "Línea uno\nlínea dos."),
        ("Costs 50% less.", "Cuesta un 50 % menos."),
        ("Bring your A-number.", "Traiga su número A (A-number): 9 dígitos."),
        ("Say <b>no</b>.", "Diga <b>no</b>."),
    ],
)
def test_faithful_translations_pass(msgid, msgstr):
    assert errors(check(msgid, msgstr)) == []


def test_dropped_link_and_footnote_are_warnings():
    issues = check("See [the form](a.md).[^1]", "Vea el formulario.")
    assert [(i.level, i.message) for i in issues] == [
        (WARNING, "drops link target 'a.md'"),
        (WARNING, "drops the footnote reference [^1]"),
    ]


@settings(max_examples=100, deadline=None)
@given(documents())
def test_pseudo_and_identity_translations_of_any_page_pass(source):
    for seg in segment(source):
        assert errors(check(seg.text, pseudo(seg.text))) == [], seg
        assert check(seg.text, seg.text) == [], seg


@settings(max_examples=100, deadline=None)
@given(documents(), st.data())
def test_markup_added_to_any_block_is_an_error(source, data):
    segments = [s for s in segment(source) if s.kind != "meta"]
    seg = data.draw(st.sampled_from(segments)) if segments else None
    if seg is None:
        return
    msgstr, _, _ = data.draw(st.sampled_from([c for c in UNSAFE if "][ref]" not in c[0] or "][ref]" not in seg.text]))
    injected = re.sub(r"\[página\]\(other\.md\)", "página", msgstr)  # nothing of the sample's own link
    # A block-level injection opens the translation; an inline one follows the words.
    translation = f"{injected} {pseudo(seg.text)}" if injected.startswith(("- ", "[ref]:")) else f"{pseudo(seg.text)} {injected}"
    assert errors(check(seg.text, translation)), (seg.text, translation)


def test_placeholders_of_theme_strings_must_survive():
    assert check_placeholders("%(count)d pages", "%(count)d páginas") == []
    assert check_placeholders("%(count)d pages", "muchas páginas")[0].level == ERROR
    assert check_placeholders("Footnote %d", "Nota %s")[0].message == "changes the placeholders: ['%d'] in the source, ['%s'] here"


def test_glottal_stop_lookalikes():
    assert [i.message for i in check_glottal("K'iche' tzij")] == ["writes the glottal stop with U+0027 ('); use U+02BC (ʼ) as CLDR does"]
    assert [i.message for i in check_glottal("Qʼanil tuj Kʼicheʼ")] == []
    assert [i.message for i in check_glottal("Tqan’il")] == ["writes the glottal stop with U+2019 (’); use U+02BC (ʼ) as CLDR does"]
    # An apostrophe in a link target or in code is not a glottal stop.
    assert check_glottal("Kʼicheʼ [tzij](https://example.invalid/o'a) `it's`") == []
    assert normalize_glottal("K'iche’") == "Kʼicheʼ"
