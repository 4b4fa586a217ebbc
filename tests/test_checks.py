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
from kyr.checks import ERROR, check, default_judge, check_glottal, check_placeholders, errors, normalize_glottal
from kyr.pseudo import pseudo
from kyr.segment import segment

from .strategies import documents

# The reference is defined before the block, so a definition in the translation would win.
SOURCE = "[ref]: https://example.invalid/ref\n\n[Form][ref]\n\nRead the [court page](other.md) first.\n"
MSGID = "Read the [court page](other.md) first."
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]

#: (translation, what the check says, what would reach the page without the check)
UNSAFE = [
    ("Lea la <script>alert(1)</script> página.", "adds the element <script>", "<script>alert(1)"),
    ('Lea <img src=x onerror="alert(1)"> primero.', "adds the element <img onerror src>", "onerror="),
    ("Lea <img/src=x/onerror=alert(1)> primero.", "adds the element <img", "onerror=alert(1)"),
    ("Lea <svg/onload=alert(1)> la [página](other.md).", "adds the element <svg onload>", "onload=alert(1)"),
    ("Lea <iframe src='https://evil.example'></iframe> la [página](other.md).", "adds the element <iframe src>", "<iframe"),
    ('Lea <a href="https://evil.example">esto</a> y la [página](other.md).', "adds link target 'https://evil.example'", 'href="https://evil.example"'),
    ("Lea <!-- oculto --> la [página](other.md).", "adds the element an HTML comment", "<!-- oculto -->"),
    ("Lea la [página](javascript:alert(1)) primero.", "adds a javascript: URL", 'href="javascript:alert(1)"'),
    ("Lea la [página](data:text/html;base64,PHNjcmlwdD4=) primero.", "adds a data: URL", 'href="data:text/html'),
    ("Lea la [página](https://evil.example/) primero.", "adds link target 'https://evil.example/'", 'href="https://evil.example/"'),
    ("Lea la [página](other.md) ![x](https://evil.example/p.png).", "adds link target 'https://evil.example/p.png'", 'src="https://evil.example/p.png"'),
    ("Lea la [página](other.md) <https://evil.example/>.", "adds link target 'https://evil.example/'", 'href="https://evil.example/"'),
    ("Lea la [página](other.md) y el [formulario][ref].", "adds link target '[ref]'", 'href="https://example.invalid/ref">formulario'),
    ("Lea la [página](other.md){ onclick=alert(1) } primero.", "adds the attribute onclick= to <a>", 'onclick="alert(1)"'),
    ("Lea la [página](other.md).\n[ref]: https://evil.example/", "line 2 starts with '[ref]:'", 'href="https://evil.example/"'),
    ("[ref]: https://evil.example/", "line 1 starts with '[ref]:'", 'href="https://evil.example/"'),
    ("Lea la [página](other.md).\n# Título falso", "line 2 starts with '#'", "<h1"),
    ("Lea la [página](other.md).\n===", "line 2 starts with '==='", "<h1"),
    ("Lea la [página](other.md).\n> cita", "line 2 starts with '>'", "<blockquote>"),
    ("- Lea la [página](other.md).", "starts with '-'", "<ul>"),
    ("Lea la [página](other.md).[^9]", "adds link target '[^9]'", None),  # renders only where [^9] is defined
    # A < inside a quoted attribute value hid the whole tag from a pattern over the text.
    ('Lea <meta http-equiv="refresh" content="0;url=https://evil.example/#<"> la [página](other.md).',
     "adds the element <meta content http-equiv>", '<meta http-equiv="refresh" content="0;url=https://evil.example/#<">'),
    ('Lea <iframe src=https://evil.example/ x="<"> la [página](other.md).', "adds the element <iframe src x>", '<iframe src=https://evil.example/ x="<">'),
    ('Lea <img src="<" onerror=alert(1)> la [página](other.md).', "adds the element <img onerror src>", 'onerror=alert(1)'),
    ('Lea <base href="https://evil.example/"> la [página](other.md).', "adds the element <base href>", "<base href"),
    ('Lea <form action="https://evil.example/"> la [página](other.md).', "adds the element <form action>", "<form action"),
    ('Lea <link rel=stylesheet href="https://evil.example/x.css"> la [página](other.md).', "adds the element <link href rel>", "<link rel=stylesheet"),
    # An escaped backtick opens no code span: the HTML after it is raw HTML.
    ('Lea \\`<meta http-equiv="refresh" content="0;url=https://evil.example/">` la [página](other.md).',
     "adds the element <meta content http-equiv>", '<meta http-equiv="refresh"'),
    # Targets with a space or a no-break space, and schemes written with entities.
    ("Lea la [página](https://evil.example/ x) primero.", "adds link target 'https://evil.example/ x'", 'href="https://evil.example/ x"'),
    ("Lea la [página](https://evil.example/\u00a0x) primero.", "adds link target 'https://evil.example/\\xa0x'", 'href="https://evil.example/\u00a0x"'),
    ("Lea la [página](java&#115;cript:alert(1)) primero.", "adds a javascript: URL", 'href="java&#115;cript:alert(1)"'),
    ("Lea la [página](&#106;avascript&#58;alert(1)) primero.", "adds a javascript: URL", 'href="&#106;avascript&#58;alert(1)"'),
    ("Lea la [página](other.md){ .banner } primero.", "adds the attribute class= to <a>", 'class="banner"'),
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


def test_dropped_or_replaced_link_and_footnote_are_errors():
    issues = check("See [the form](a.md).[^1]", "Vea el formulario.")
    assert [(i.level, i.message) for i in issues] == [
        (ERROR, "drops link target 'a.md'"),
        (ERROR, "drops link target '[^1]'"),
    ]
    replaced = check("See [the form](a.md).", "Vea [el formulario](https://evil.example/a.md).")
    assert [i.message for i in errors(replaced)] == [
        "adds link target 'https://evil.example/a.md', which the source does not have",
        "drops link target 'a.md'",
    ]


@settings(max_examples=100, deadline=None)
@given(documents())
def test_pseudo_and_identity_translations_of_any_page_pass(source):
    labels = default_judge().page_labels(source)
    for seg in segment(source):
        assert errors(check(seg.text, pseudo(seg.text), kind=seg.kind, labels=labels)) == [], seg
        assert check(seg.text, seg.text, kind=seg.kind, labels=labels) == [], seg


@settings(max_examples=100, deadline=None)
@given(documents(), st.data())
def test_markup_added_to_any_block_is_an_error(source, data):
    segments = [s for s in segment(source) if s.kind != "meta"]
    seg = data.draw(st.sampled_from(segments)) if segments else None
    if seg is None:
        return
    # Cases that need the sample's own link (an attribute list on it) are left out.
    msgstr, _, _ = data.draw(st.sampled_from([c for c in UNSAFE if ("][ref]" not in c[0] or "][ref]" not in seg.text)
                                              and "to <a>" not in c[1]]))
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


# -- prose is judged without rendering (kyr.render_check.PROSE) --------------------------------

#: Every extension PROSE_SAFE_EXTENSIONS names, so prose is held to all of them at once.
PROSE_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "meta", "sane_lists",
                    "tables", "toc", "pymdownx.details", "pymdownx.superfences"]
#: Prose's own characters, and Markdown's: the random texts mix both, so many are not prose.
PROSE_CHARACTERS = "aZéñʼ7 0.,;:?!¿¡'’\"“”«»()%/–—…-" + "*_`[]<>&#|{}\\~^=+$@\n\t"
#: Starts of a line that make a block: a text starting so is never prose.
BLOCK_STARTS = ["1. ", "12) ", "- ", "!!! note ", "??? note ", "???+ note ", ": ", "    ", "# ", "> ", "* ", "+ ", "--- ", "```", "~~~"]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([""] + BLOCK_STARTS), st.text(alphabet=PROSE_CHARACTERS, min_size=1, max_size=40))
def test_prose_judged_without_rendering_is_what_python_markdown_renders(start, text):
    from kyr.render_check import Judge

    judge = Judge(PROSE_EXTENSIONS)
    text = start + text
    if start:
        assert not judge.is_prose(text)
    if judge.is_prose(text):
        assert judge.render(text) == judge.render_markdown(text)


def test_prose_is_refused_or_accepted_as_its_rendering_is():
    from kyr.render_check import Judge

    judge = Judge(PROSE_EXTENSIONS)
    # A translation that is prose drops the source's link and emphasis allowed; rewords plain text freely.
    assert judge.errors("Read the [form](form.md).", "Lea el formulario.") == ["drops link target 'form.md'"]
    assert judge.errors("Ask for *asylum*.", "Pida asilo.") == []
    assert judge.is_prose("Pida asilo.") and not judge.is_prose("Pida *asilo*.")
    # An extension outside the list turns the shortcut off: smarty makes entities, emoji makes images.
    assert not Judge([*PROSE_EXTENSIONS, "smarty"]).is_prose("Pida asilo.")
