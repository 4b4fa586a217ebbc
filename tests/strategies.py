"""Hypothesis strategies: random Markdown pages built from every construct the pipeline knows.

Documents follow Python-Markdown's rules (and so MkDocs'): blocks are separated by
blank lines, nested blocks are indented by four spaces, a list needs a blank line
before it. Every construct of the translation-pipeline issue can appear:

- translated: headings (ATX, setext, with an explicit id or a class), paragraphs
  (over several lines, with hard breaks), list items (nested, tight and loose,
  ``*``/``-``/``+``/``1.``), table cells, admonition and details titles and bodies
  (``!!!``, ``???``, ``???+``, with and without a title), footnotes, definition
  terms and definitions, blockquotes, the alt text and title of a lone image, the
  title of a link reference, front matter ``title`` and ``description``;
- inline Markdown inside a block: bold, emphasis, code spans, links with and
  without titles, reference links, autolinks, footnote references, entities,
  escapes;
- never translated: fenced and indented code, HTML comments (and ``i18n:``
  notes), attribute lists, URL-only lines, horizontal rules, MultiMarkdown
  meta-data, a byte-order mark, raw HTML;
- blocks Python-Markdown starts inside a paragraph (a ``>`` line, ``***`` or ``---``
  rules, link reference definitions, raw HTML), code fence titles, indented code
  in list items and admonitions, lazy and indented list continuations, a quoted
  fence across a blank line, a definition whose term is a comment;
- with ``documents(optional=True)``: ``md_in_html`` divs, ``pymdownx.tabbed`` tabs
  and ``pymdownx.blocks`` admonitions and details, for sites that enable them.

Words are ASCII, with the punctuation real pages have (``I-589``, ``U.S.``,
``don't``, ``50%``), so a pseudo-translation leaves no plain letter behind
anywhere it reached.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

VOCABULARY = (
    "you can ask for asylum at the border court judge hearing paper case help lawyer free right "
    "interpreter family fear protection address move day answer office form Mexico CBP One "
    "I-589 U.S. don't 50% 1-800-898-7180 A-number step_by_step"
).split()

word = st.sampled_from(VOCABULARY)
words = st.lists(word, min_size=1, max_size=5).map(" ".join)
target = st.sampled_from(["other.md", "guide/deep.md", "#top", "https://example.invalid/a", "other.md#part"])
#: Footnote labels and reference labels are declared by the document that uses them.
FOOTNOTES = ("1", "note")
REFERENCES = ("ref", "second ref")

inline = st.one_of(
    words,
    words,
    words.map(lambda w: f"**{w}**"),
    words.map(lambda w: f"**{w}:**"),  # strong that ends in punctuation: CommonMark's flanking rule at a block's edge
    words.map(lambda w: f"*{w}*"),
    words.map(lambda w: f"`{w}`"),
    st.tuples(words, target).map(lambda t: f"[{t[0]}]({t[1]})"),
    st.tuples(words, target, words).map(lambda t: f'[{t[0]}]({t[1]} "{t[2]}")'),
    st.tuples(words, st.sampled_from(REFERENCES)).map(lambda t: f"[{t[0]}][{t[1]}]"),
    st.just("<https://example.invalid/auto>"),
    st.sampled_from(FOOTNOTES).map(lambda label: f"[^{label}]"),
    st.just("Tom &amp; Jerry"),
    st.just("a \\*literal\\* star"),
)


def _sentence(parts: list[str]) -> str:
    text = " ".join(parts)
    return text[0].upper() + text[1:] if text[0].islower() else text


line = st.lists(inline, min_size=1, max_size=4).map(_sentence)
#: Text for places that hold no footnote reference or link of their own (titles, alt text).
plain = words.map(lambda w: w[0].upper() + w[1:])


def indent(block: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + ln if ln.strip() else "" for ln in block.split("\n"))


paragraph = st.one_of(
    line,
    st.tuples(line, line).map("\n".join),
    st.tuples(line, line).map(lambda t: f"{t[0]}  \n{t[1]}"),  # hard line break
)
heading_text = st.lists(st.one_of(words, words, words.map(lambda w: f"*{w}*"), words.map(lambda w: f"`{w}`")), min_size=1, max_size=3).map(_sentence)
heading = st.one_of(
    st.tuples(st.integers(1, 4), heading_text).map(lambda t: f"{'#' * t[0]} {t[1]}"),
    st.tuples(st.integers(2, 3), heading_text, st.sampled_from(["top", "part", "faq"])).map(lambda t: f"{'#' * t[0]} {t[1]} {{ #{t[2]} }}"),
    st.tuples(st.integers(2, 3), heading_text).map(lambda t: f"{'#' * t[0]} {t[1]} {{ .important }}"),
    st.tuples(heading_text, st.sampled_from("=-")).map(lambda t: f"{t[0]}\n{t[1] * max(3, len(t[0]))}"),
    st.tuples(heading_text, st.sampled_from(["{ #top }", "{ .x }"])).map(lambda t: f"{t[0]} {t[1]}\n---"),
)
# Headings that repeat, so that ids need suffixes (_1, _2) the way toc gives them.
repeated_heading = st.sampled_from(["## Ask for help", "## Ask for help", "### Step_1", "## Step_1 { .x }"])


@st.composite
def bullet_list(draw, depth: int = 0) -> str:
    marker = draw(st.sampled_from(["-", "*", "+", "1."]))
    loose = draw(st.booleans())
    items = []
    for n in range(draw(st.integers(1, 3))):
        body = draw(line)
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            body += "\n\n" + indent(draw(bullet_list(depth + 1)))
        elif loose and draw(st.booleans()):
            body += "\n\n" + indent(draw(line))
        mark = f"{n + 1}." if marker == "1." else marker
        items.append(f"{mark} {body}")
    return ("\n\n" if loose else "\n").join(items)


@st.composite
def admonition(draw) -> str:
    opener = draw(st.sampled_from(["!!!", "???", "???+"]))
    kind = draw(st.sampled_from(["note", "warning", "tip", "danger"]))
    title = draw(st.one_of(st.none(), plain, st.just("")))
    head = f"{opener} {kind}" + ("" if title is None else f' "{title}"')
    body = draw(st.lists(st.one_of(paragraph, bullet_list()), min_size=1, max_size=2))
    return head + "\n" + indent("\n\n".join(body))


@st.composite
def table(draw) -> str:
    columns = draw(st.integers(1, 3))
    cell = st.one_of(line, st.just("`a|b`"), st.just("12"))
    header = [draw(plain) for _ in range(columns)]
    rows = [[draw(cell) for _ in range(columns)] for _ in range(draw(st.integers(1, 3)))]
    fmt = lambda cells: "| " + " | ".join(cells) + " |"  # noqa: E731
    return "\n".join([fmt(header), "|" + "|".join("---" for _ in header) + "|", *map(fmt, rows)])


@st.composite
def definitions(draw) -> str:
    terms = draw(st.lists(plain, min_size=1, max_size=2))
    defs = draw(st.lists(line, min_size=1, max_size=2))
    body = "\n".join(f":   {d}" for d in defs)
    if draw(st.booleans()):
        body += "\n\n" + indent(draw(line))
    return "\n".join(terms) + "\n" + body


blockquote = st.lists(line, min_size=1, max_size=2).map(lambda ls: "\n".join(f"> {ln}" for ln in ls))
image = st.tuples(plain, st.one_of(st.none(), plain)).map(
    lambda t: f"![{t[0]}](picture.png" + (f' "{t[1]}"' if t[1] else "") + ")"
)
not_extracted = st.sampled_from([
    "```\ncode is never extracted\n```",
    "~~~text\nNor this.\n~~~",
    "    indented code is never extracted",
    "<!-- an HTML comment -->",
    "https://example.invalid/url-only-line",
    "<https://example.invalid/url-only-line>",
    "---",
])
with_attributes = st.tuples(line, st.sampled_from(["{: .lead }", "{: #anchored }", "{: #ask-for-help .x }"])).map("\n".join)
with_note = paragraph.map(lambda p: "<!-- i18n: a note for translators -->\n" + p)

# Constructs of the segmenting issue, each read the way Python-Markdown's block rules say.
fence_with_title = plain.map(lambda t: f'```python title="{t}"\nx = 1\n```')
list_with_code = line.map(lambda t: f"- {t}\n\n        code in a list item")
admonition_with_code = st.tuples(plain, line).map(lambda t: f'!!! note "{t[0]}"\n    {t[1]}\n\n        code in an admonition')
splits_paragraph = st.tuples(line, line, st.sampled_from([
    "> {}", "***\n{}", "[mid]: https://example.invalid/mid\n{}", '<div class="box">\n<p>123</p>\n</div>\n{}',
])).map(lambda t: f"{t[0]}\n" + t[2].format(t[1]))
rule_under_paragraph = st.tuples(line, line, line).map(lambda t: f"{t[0]}\n{t[1]}\n---\n{t[2]}")
list_continuations = st.tuples(line, line, line).map(lambda t: f"- {t[0]}\n    {t[1]}\n{t[2]}")
list_paragraph_then_dashes = st.tuples(line, line, line).map(lambda t: f"- {t[0]}\n\n    {t[1]}\n    - {t[2]}")
quoted_fence = line.map(lambda t: f"> {t}\n>\n> ```\n> code\n\n> more\n> ```")
comment_term = st.tuples(line, line).map(lambda t: f"{t[0]}\n<!-- a comment -->\n:   {t[1]}")
heading_with_html = st.tuples(st.integers(2, 3), heading_text, word).map(lambda t: f"{'#' * t[0]} {t[1]} <kbd>{t[2]}</kbd>")

block = st.one_of(
    paragraph, paragraph, heading, heading, repeated_heading, bullet_list(), admonition(), table(), definitions(),
    blockquote, image, not_extracted, with_attributes, with_note,
    fence_with_title, list_with_code, admonition_with_code, splits_paragraph, rule_under_paragraph,
    list_continuations, list_paragraph_then_dashes, quoted_fence, comment_term, heading_with_html,
)
#: Blocks of extensions a site may enable (md_in_html, pymdownx.tabbed, pymdownx.blocks.*, and
#: the inline extensions whose rules read a block's edges: betterem, magiclink; tasklist).
OPTIONAL_EXTENSIONS = [
    "md_in_html", "pymdownx.tabbed", "pymdownx.blocks.admonition", "pymdownx.blocks.details",
    "pymdownx.betterem", "pymdownx.magiclink", "pymdownx.tasklist",
]
optional_block = st.one_of(
    st.lists(st.tuples(st.sampled_from(["[ ]", "[x]"]), line), min_size=1, max_size=3).map(
        lambda items: "\n".join(f"- {box} {text}" for box, text in items)
    ),
    st.tuples(line, st.sampled_from(["Note", "warning"]), paragraph).map(lambda t: f"{t[0]}\n/// {t[1]}\n{t[2]}\n///"),
    line.map(lambda t: f"{t} https://example.invalid/page."),
    st.lists(st.one_of(paragraph, bullet_list()), min_size=1, max_size=2).map(
        lambda body: "<div markdown>\n\n" + "\n\n".join(body) + "\n\n</div>"
    ),
    st.lists(st.tuples(plain, paragraph), min_size=1, max_size=2).map(
        lambda tabs: "\n\n".join(f'=== "{t}"\n\n' + indent(body) for t, body in tabs)
    ),
    st.tuples(st.sampled_from(["admonition", "details", "note", "warning"]), plain, paragraph).map(
        lambda t: f"/// {t[0]} | {t[1]}\n{t[2]}\n///"
    ),
)


@st.composite
def documents(draw, optional: bool = False) -> str:
    """A whole page: optional front matter, a title, blocks, then the references it uses."""
    parts = []
    header = draw(st.sampled_from(["yaml", "none", "multimarkdown"]))
    if header == "yaml":
        title, description = draw(plain), draw(st.one_of(st.none(), plain))
        meta = [f"title: {title}"] + ([f'description: "{description}"'] if description else []) + ["last_reviewed: 2026-11-23"]
        parts.append("---\n" + "\n".join(meta) + "\n---")
    elif header == "multimarkdown":
        # MkDocs' own meta-data reader takes these lines off; they are no text.
        parts.append("Title: 123\nauthors: 1\n    2")
    parts.append(("\ufeff" if draw(st.booleans()) and header == "none" else "") + f"# {draw(heading_text)}")
    parts += draw(st.lists(st.one_of(block, optional_block) if optional else block, min_size=1, max_size=8))
    body = "\n\n".join(parts)
    for label in FOOTNOTES:
        if f"[^{label}]" in body:
            text = re.sub(r" ?\[\^[^\]]+\]", "", draw(line)).strip() or "Footnote"  # no footnote inside a footnote
            parts.append(f"[^{label}]: {text}")
    body = "\n\n".join(parts)
    for label in REFERENCES:
        if f"][{label}]" in body:
            title = draw(st.one_of(st.none(), plain))
            parts.append(f"[{label}]: https://example.invalid/{label.replace(' ', '-')}" + (f' "{title}"' if title else ""))
    return "\n\n".join(parts) + "\n"
