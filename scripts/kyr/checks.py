"""Checks of one translation against its source text.

A translation may say anything, in its own words, but it may not add what its
source lacks: raw HTML, scripts, event handlers, attribute lists, ``javascript:``
or ``data:`` URLs, or link and image targets that the source does not have. A
translation that does is an *error*: ``kyr check`` reports it and the build shows
the fallback for that block instead, never the injected markup. Broken inline
Markdown, or text that would change the kind of block (a paragraph turned into a
list), is an error too. A dropped link is a *warning*: the text is still safe.

    >>> [i.message for i in check("See [the form](a.md).", "Vea [el formulario](https://evil.example).")]
    ["adds link target 'https://evil.example', which the source does not have", "drops link target 'a.md'"]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

_CODE = re.compile(r"(`+)(.+?)\1", re.S)
# As Python-Markdown reads raw HTML: `<img/src=x/onerror=...>` is a tag too; so are comments and `<!...>`, `<?...>`.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<[!?][^<>]*>")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^<>\s]+|[^<>\s@]+@[^<>\s@]+)>")
_INLINE_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)>?(?:\s+[\"'(].*?[\"')])?\s*\)")
_REF_LABEL = re.compile(r"\]\[([^\]]+)\]")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]]+)\]")
_ATTR_LIST = re.compile(r"\{:?\s*[#.\w][^}]*\}")
_BAD_SCHEME = re.compile(r"\b(javascript|vbscript|data)\s*:", re.I)
_SPACED_LINK = re.compile(r"\]\s+\((?:https?:|mailto:|[\w./#-]+\.md\b|#)")
_BLOCK_START = re.compile(r"^(#{1,6}(\s|$)|[*+-]\s|\d+\.\s|>|!!!|\?\?\?|\||```|~~~| {4}|\t|:\s)")
# What Python-Markdown reads as a block of its own on any line of a paragraph, not only the first:
# headings, setext underlines, rules, quotes, admonitions, definitions, link and footnote definitions.
_LINE_BLOCK_START = re.compile(
    r"^[ \t]*(#{1,6}(?:\s|$)|>|!!!|\?\?\?|:\s|\[[^\]]*\]:|(=+|-+)[ \t]*$|([-*_])(?:[ \t]*\3){2,}[ \t]*$)"
)
_MARKERS = re.compile("[\ue000-\ue002]")
_GLOTTAL_LOOKALIKE = re.compile(r"(?<=[^\W\d_])['\u2019]")
#: The letter CLDR uses for the glottal stop in Mayan orthographies.
GLOTTAL = "\u02bc"


@dataclass(frozen=True)
class Issue:
    level: str
    message: str


def _without_code(text: str) -> str:
    return _CODE.sub(" ", text)


def _targets(text: str) -> Counter:
    plain = _without_code(text)
    found = Counter(m.group(1) for m in _INLINE_TARGET.finditer(plain))
    found.update(m.group(1) for m in _AUTOLINK.finditer(plain))
    found.update("[" + m.group(1).lower() + "]" for m in _REF_LABEL.finditer(plain))
    return found


def _tags(text: str) -> Counter:
    plain = _AUTOLINK.sub(" ", _without_code(text))
    return Counter(" ".join(m.group(0).split()) for m in _TAG.finditer(plain))


def _balanced(text: str) -> list[str]:
    """Inline Markdown that opens and never closes."""
    plain = _without_code(text)
    problems = []
    if text.count("`") % 2:
        problems.append("an unclosed code span (`)")
    for mark in ("**", "__"):
        if plain.count(mark) % 2:
            problems.append(f"unbalanced {mark}")
    if plain.count("[") != plain.count("]"):
        problems.append("unbalanced [ ]")
    if re.search(r"\]\([^)]*$", plain):
        problems.append("a link target whose ( is never closed")
    if _SPACED_LINK.search(plain):
        problems.append("a link with a space between ] and (, which Markdown does not read as a link")
    return problems


def check(msgid: str, msgstr: str) -> list[Issue]:
    """Everything wrong with `msgstr` as a translation of `msgid`."""
    if not msgstr:
        return []
    issues: list[Issue] = []

    def error(message: str) -> None:
        issues.append(Issue(ERROR, message))

    for tag in _tags(msgstr) - _tags(msgid):
        error(f"adds HTML {tag!r}, which the source does not have")
    source_targets, targets = _targets(msgid), _targets(msgstr)
    for target in targets - source_targets:
        error(f"adds link target {target!r}, which the source does not have")
    if _BAD_SCHEME.search(_without_code(msgstr)) and not _BAD_SCHEME.search(_without_code(msgid)):
        error("contains a javascript:, vbscript: or data: URL")
    for attrs in Counter(_ATTR_LIST.findall(_without_code(msgstr))) - Counter(_ATTR_LIST.findall(_without_code(msgid))):
        error(f"adds the attribute list {attrs!r}, which the source does not have")
    for ref in set(_FOOTNOTE_REF.findall(msgstr)) - set(_FOOTNOTE_REF.findall(msgid)):
        error(f"adds the footnote reference [^{ref}], which the source does not have")
    if _MARKERS.search(msgstr):
        error("contains private-use characters U+E000–U+E002, which the build reserves")
    if re.search(r"\n[ \t]*\n", msgstr):
        error("has an empty line, which would split the block in two")
    start = _BLOCK_START.match(msgstr)
    if start and not _BLOCK_START.match(msgid):
        error(f"starts with {start.group(0).strip()!r}, which would turn the block into another kind of block")
    source_lines = Counter(m.group(1) for ln in msgid.split("\n") if (m := _LINE_BLOCK_START.match(ln)))
    for n, line in enumerate(msgstr.split("\n"), 1):
        m = _LINE_BLOCK_START.match(line)
        if m and not source_lines[m.group(1)] and not (n == 1 and start):
            error(f"line {n} starts with {m.group(1).strip()!r}, which would make a block of its own")
    source_problems = set(_balanced(msgid))
    for problem in _balanced(msgstr):
        if problem not in source_problems:
            error(f"has {problem}")
    for target in source_targets - targets:
        issues.append(Issue(WARNING, f"drops link target {target!r}"))
    for ref in set(_FOOTNOTE_REF.findall(msgid)) - set(_FOOTNOTE_REF.findall(msgstr)):
        issues.append(Issue(WARNING, f"drops the footnote reference [^{ref}]"))
    return issues


_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]?\d*(?:\.\d+)?[diouxXeEfFgGcrs%]")


def check_placeholders(msgid: str, msgstr: str) -> list[Issue]:
    """For format strings: the translation keeps every placeholder of the source.

    >>> check_placeholders("%d more", "%s más")[0].message
    "changes the placeholders: ['%d'] in the source, ['%s'] here"
    """
    source, here = sorted(_PLACEHOLDER.findall(msgid)), sorted(_PLACEHOLDER.findall(msgstr))
    if msgstr and source != here:
        return [Issue(ERROR, f"changes the placeholders: {source} in the source, {here} here")]
    return []


def check_glottal(msgstr: str) -> list[Issue]:
    """Warn where a Mayan-language text writes the glottal stop with ' or ’ instead of ʼ.

    >>> check_glottal("K'iche'")[0].message
    "writes the glottal stop with U+0027 ('); use U+02BC (ʼ) as CLDR does"
    """
    text = _INLINE_TARGET.sub("]", _without_code(msgstr))
    issues = []
    for char in sorted(set(_GLOTTAL_LOOKALIKE.findall(text))):
        name = "U+0027 (')" if char == "'" else "U+2019 (’)"
        issues.append(Issue(WARNING, f"writes the glottal stop with {name}; use U+02BC (ʼ) as CLDR does"))
    return issues


def normalize_glottal(text: str) -> str:
    """Treat ʼ, ' and ’ after a letter alike, for matching and searching.

    >>> normalize_glottal("K'iche’") == normalize_glottal("Kʼicheʼ")
    True
    """
    return _GLOTTAL_LOOKALIKE.sub(GLOTTAL, text)


def errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.level == ERROR]


def check_catalogs(locales_dir, languages) -> list:
    """Every problem of every catalog in locales_dir, as :class:`kyr.pofile.Problem` s."""
    from kyr.pofile import CatalogError, Problem, read_po

    problems: list[Problem] = []
    for language in languages.targets:
        root = locales_dir / language.code / "LC_MESSAGES"
        for path in sorted(root.rglob("*.po")):
            domain = path.relative_to(root).as_posix().removesuffix(".po")
            try:
                cat = read_po(path, language.code, locales_dir / "templates" / f"{domain}.pot")
            except CatalogError as exc:
                problems.extend(exc.problems)
                continue
            for message in cat:
                if not message.id or not isinstance(message.string, str) or not message.string:
                    continue
                issues = check(message.id, message.string)
                if "python-format" in message.flags and path.stem == "theme":
                    issues += check_placeholders(message.id, message.string)
                if language.mayan_orthography:
                    issues += check_glottal(message.string)
                for issue in issues:
                    problems.append(Problem(str(path), message.lineno or 1, issue.message, issue.level))
    return problems
