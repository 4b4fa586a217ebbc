"""Segmentation follows Python-Markdown's blocks and records exact source spans."""

from kyr.segment import ADMONITION_TITLE, HEADING, META, PARAGRAPH, TABLE_CELL, TERM, segment

RICH = """---
title: Home page
description: "A short page."
sources:
  - title: DHS archive
    url: https://www.dhs.gov/archive/immigrationlaws2023
---
# Welcome { #top }

<!-- i18n: keep the phone number -->
Call **1-800-898-7180**
on any day.

- First
- Second
    - Nested

!!! warning "Be careful"
    Body.

??? note
    Details body.

| A | B |
|---|---|
| x | `y|z` |

Term
:   Definition.

Footnote.[^1]

[^1]: Note text.

```
code
```

{: .lead }

https://example.invalid/only-a-url
"""


def texts(source):
    return [(s.kind, s.text) for s in segment(source)]


def test_blocks_of_a_rich_page():
    assert texts(RICH) == [
        (META, "Home page"),
        (META, "A short page."),
        (META, "DHS archive"),
        (HEADING, "Welcome"),
        (PARAGRAPH, "Call **1-800-898-7180** on any day."),
        (PARAGRAPH, "First"),
        (PARAGRAPH, "Second"),
        (PARAGRAPH, "Nested"),
        (ADMONITION_TITLE, "Be careful"),
        (PARAGRAPH, "Body."),
        (ADMONITION_TITLE, "Note"),
        (PARAGRAPH, "Details body."),
        (TABLE_CELL, "A"),
        (TABLE_CELL, "B"),
        (TABLE_CELL, "x"),
        (TABLE_CELL, "`y|z`"),
        (TERM, "Term"),
        (PARAGRAPH, "Definition."),
        (PARAGRAPH, "Footnote.[^1]"),
        (PARAGRAPH, "Note text."),
    ]


def test_spans_point_at_the_source_text():
    for seg in segment(RICH):
        if seg.implied:
            assert seg.start == seg.end
        elif seg.yaml_value:
            assert seg.text in RICH[seg.start : seg.end]
        else:
            assert RICH[seg.start : seg.end].split() == seg.text.split()


def test_notes_and_explicit_ids():
    segs = segment(RICH)
    heading = next(s for s in segs if s.kind == HEADING)
    assert heading.anchor == "top"
    call = next(s for s in segs if s.text.startswith("Call"))
    assert call.notes == ("keep the phone number",)
    assert call.lineno == 11


def test_list_after_paragraph_without_blank_line_is_paragraph_text():
    # Python-Markdown, unlike CommonMark, needs a blank line before a list.
    assert texts("Intro\n- not a list\n") == [(PARAGRAPH, "Intro - not a list")]


def test_code_and_comments_are_not_extracted():
    assert texts("    indented code\n\n<!-- a comment -->\n\n~~~\nfenced\n~~~\n") == []


def test_key_points_of_the_pocket_card_are_segments_and_go_back_as_yaml():
    """An author's key points are translated like any sentence, and the translated front matter still parses."""
    import yaml

    from kyr.apply import Choice, apply

    source = '---\ntitle: T\nkey_points:\n  - "Call [1-800-898-7180](tel:+18008987180)."\n  - Go every time\nsources: []\n---\nBody.\n'
    segments = segment(source)
    assert [(s.kind, s.text) for s in segments[:3]] == [
        (META, "T"),
        (META, "Call [1-800-898-7180](tel:+18008987180)."),
        (META, "Go every time"),
    ]
    translated = apply(source, segments, [Choice(f'«{s.text}» "x": y', "es", False) for s in segments], "es")
    front = yaml.safe_load(translated.markdown.split("---\n")[1])
    assert front["key_points"] == ['«Call [1-800-898-7180](tel:+18008987180).» "x": y', '«Go every time» "x": y']


def test_the_build_cuts_pages_with_the_site_extensions_so_tab_titles_are_translated(tmp_path):
    """`kyr extract` reads tabs where mkdocs.yml enables them; the build must look the same msgids up."""
    from babel.messages.catalog import Catalog

    from kyr import catalog as catalogs
    from kyr.languages import load_languages
    from kyr.render_check import Judge
    from kyr.translate import Translations

    (tmp_path / "languages.toml").write_text('source = "en"\n[languages.en]\nname = "English"\n'
                                              '[languages.es]\nname = "Español"\nfallback = ["en"]\n')
    languages = load_languages(tmp_path / "languages.toml")
    catalog = Catalog(locale="es")
    catalog.add("Before you go", "Antes de ir")
    catalog.add("Bring your papers.", "Lleve sus papeles.")
    catalogs.write(catalogs.po_path(tmp_path, "es", "page"), catalog, languages["es"])
    source = '=== "Before you go"\n\n    Bring your papers.\n'
    tabbed = Translations(tmp_path, languages, Judge(["pymdownx.tabbed", "tables"]))
    assert tabbed.page("es", "page.md", source).markdown == '=== "Antes de ir"\n\n    Lleve sus papeles.\n'
    plain = Translations(tmp_path, languages, Judge(["tables"]))
    assert "Antes de ir" not in plain.page("es", "page.md", source).markdown
