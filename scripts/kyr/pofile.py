"""Read PO files strictly and write them in gettext's own layout.

Babel reads catalogs leniently: an unterminated string or a duplicate msgid goes
through without a word. A translator's broken file must instead stop the build
with its file and line, so :func:`read_po` first checks the syntax line by line,
then hands the text to Babel.

Files are written by Babel, then laid out by gettext's ``msgcat`` (wrapped at 79
columns, the layout ``msgmerge`` and Poedit write too), so a round trip through
a translator's tool makes no noise in diffs. A file is only rewritten when its
content changes.

    >>> validate(b'msgid "a"\\nmsgstr "b"\\nmsgid "a"\\nmsgstr "c"\\n', "x.po")
    [Problem(path='x.po', line=3, message='duplicate message definition (first at line 1)', level='error')]

A translation's catalog must also say what it is, as ``msgfmt --check`` wants:
a header declaring UTF-8, its language and a valid ``Plural-Forms``, and every
plural entry with exactly ``nplurals`` forms. Given its template, it must hold
the template's messages, so no translation can silently vanish or stop matching.
"""

from __future__ import annotations

import functools
import gettext
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po as babel_read_po
from babel.messages.pofile import write_po as babel_write_po

WIDTH = 79

_STRING = r'"((?:[^"\\]|\\["\\abfnrtv?]|\\[0-7]{1,3}|\\x[0-9a-fA-F]+)*)"'
_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+" + _STRING + r"[ \t]*$")
_CONTINUATION = re.compile(r"^[ \t]*" + _STRING + r"[ \t]*$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


@dataclass(frozen=True)
class Problem:
    """Something wrong in a catalog, at a file and line."""

    path: str
    line: int
    message: str
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


class CatalogError(Exception):
    """A catalog that cannot be read; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def _unescape(body: str) -> str:
    """A PO string's text, escapes decoded as gettext does (C's: octal and hex too).

    >>> _unescape(r'a\\"b\\n\\0\\x41\\101')
    'a"b\\n\\x00AA'
    """
    return re.sub(r"\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)", _decode_escape, body)


def _decode_escape(m: re.Match) -> str:
    code = m.group(1)
    if code[0] == "x" and len(code) > 1:
        return chr(int(code[1:], 16) % 0x110000)
    if code[0] in "01234567":
        return chr(int(code, 8))
    return _ESCAPES.get(code, code)


def validate(data: bytes, path: str, language: str | None = None) -> list[Problem]:
    """Syntax errors, bad encoding, forbidden characters, duplicate entries and a bad header.

    ``language`` is the code the catalog is for: its header must then exist and
    name it. A file without a header and without `language` (a snippet) is only
    checked for syntax.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [Problem(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")]
    problems: list[Problem] = []
    seen: dict[tuple[str | None, str], int] = {}
    entry: dict[str, str] = {}
    entry_line = 0
    last: str | None = None
    #: Every complete entry: its line and its keywords' values.
    entries: list[tuple[int, dict[str, str]]] = []

    def finish() -> None:
        if "msgid" in entry:
            entries.append((entry_line, dict(entry)))
            if not any(k.startswith("msgstr") for k in entry):
                problems.append(Problem(path, entry_line, "msgid without msgstr"))
            key = (entry.get("msgctxt"), entry["msgid"])
            if key in seen:
                problems.append(Problem(path, entry_line, f"duplicate message definition (first at line {seen[key]})"))
            else:
                seen[key] = entry_line
        entry.clear()

    for lineno, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        obsolete = line.startswith("#~")
        if obsolete:
            continue  # gettext ignores obsolete entries; so do we, beyond keeping them
        if not line.strip() or (line.startswith("#") and not line.startswith("#~")):
            continue
        m = _KEYWORD.match(line)
        if m:
            keyword, body = m.group(1), _unescape(m.group(2))
            if keyword in ("msgctxt", "msgid") and (last or "").startswith("msgstr"):
                finish()
            elif keyword in ("msgctxt", "msgid") and last in ("msgid", "msgid_plural"):
                problems.append(Problem(path, entry_line, "msgid without msgstr"))
                entry.clear()
                last = None
            if keyword == "msgctxt" or (keyword == "msgid" and "msgctxt" not in entry):
                entry_line = lineno
            order_ok = {
                "msgctxt": last is None or last.startswith("msgstr"),
                "msgid": last in (None, "msgctxt") or (last or "").startswith("msgstr"),
                "msgid_plural": last == "msgid",
            }.get(keyword, last in ("msgid", "msgid_plural") or (last or "").startswith("msgstr"))
            if not order_ok or keyword in entry:
                problems.append(Problem(path, lineno, f"'{keyword}' is out of place here (after '{last}')"))
            entry[keyword] = body
            last = keyword
            continue
        m = _CONTINUATION.match(line)
        if m and last is not None:
            entry[last] += _unescape(m.group(1))
            continue
        problems.append(Problem(path, lineno, f"syntax error: {line.strip()[:60]!r} is not a keyword, string or comment{_quote_hint(line)}"))
        last = None
    finish()
    for line, values in entries:
        problems.extend(Problem(path, line, message) for message in _bad_characters(values))
    if "\0" in text and not any("U+0000" in p.message for p in problems):  # in a comment: no tool reads past it alike
        problems.append(Problem(path, text.count("\n", 0, text.index("\0")) + 1, "NUL byte (U+0000) in the file"))
    problems.extend(_header_problems(entries, path, language))
    return sorted(set(problems), key=lambda p: (p.line, p.message))


_QUOTED_LINE = re.compile(r'^[ \t]*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?".*"[ \t]*$')


def _quote_hint(line: str) -> str:
    """The commonest syntax error's remedy: a quotation mark inside a string, which ends it early.

    >>> _quote_hint('msgstr "Diga "sí" al juez"')
    '; a quotation mark (") inside the text ends it early: escape it as \\\\"'
    >>> _quote_hint('msgstr sí')
    ''
    """
    return '; a quotation mark (") inside the text ends it early: escape it as \\"' if _QUOTED_LINE.match(line) else ""


#: C0 controls but tab and newline, and DEL: invisible, and NUL ends a C string (msgfmt, browsers).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: The build's language markers (kyr.markers): a translation holding one could mislabel text.
_MARKER = re.compile("[\ue000-\ue002]")


def _bad_characters(values: dict[str, str]) -> list[str]:
    """Characters no message may hold, by keyword.

    >>> _bad_characters({"msgid": "a", "msgstr": "b\\x00c"})
    ['msgstr holds the control character U+0000; remove it']
    """
    found = []
    for keyword, value in values.items():
        for pattern, why in ((_CONTROL, "the control character"), (_MARKER, "the reserved character")):
            m = pattern.search(value)
            if m:
                found.append(f"{keyword} holds {why} U+{ord(m.group()):04X}; remove it")
    return found


_FIELD = re.compile(r"^([\w-]+):[ \t]*(.*?)[ \t]*$", re.M)
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+?)\s*;?\s*$")
#: How far msgfmt --check evaluates a plural expression.
_PLURAL_RANGE = range(1001)


def _parse_plural_forms(value: str) -> tuple[int, Callable[[int], int]]:
    m = _PLURAL_FORMS.match(value)
    if not m:
        raise ValueError(f"Plural-Forms {value!r} is not 'nplurals=N; plural=EXPRESSION;'")
    count = int(m.group(1))
    if count < 1:
        raise ValueError(f"Plural-Forms has nplurals={count}; it must be at least 1")
    try:
        rule = gettext.c2py(m.group(2))
    except (ValueError, SyntaxError, RecursionError) as exc:
        raise ValueError(f"Plural-Forms has an invalid plural expression {m.group(2)!r} ({exc})") from None
    return count, rule


@functools.lru_cache(maxsize=64)
def plural_rule(value: str) -> Callable[[int], int]:
    """The function that picks a plural form for n, as gettext does: msgstr[plural_rule(header)(n)].

    The expression is evaluated by the standard library's :func:`gettext.c2py`,
    the C semantics that msgfmt and every gettext runtime use. Invalid values
    raise ValueError (checked first by :func:`plural_count`).

    >>> russian = plural_rule("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")
    >>> [russian(n) for n in (1, 2, 5, 11, 21, 22, 25, 111)]
    [0, 1, 2, 2, 0, 1, 2, 2]
    """
    plural_count(value)
    return _parse_plural_forms(value)[1]


def plural_count(value: str) -> int:
    """``nplurals`` of a valid Plural-Forms value; ValueError saying what is wrong otherwise.

    The expression is C, as gettext evaluates it (the standard library's
    :func:`gettext.c2py`), and must give 0 ≤ value < nplurals for every n.

    >>> plural_count("nplurals=2; plural=(n != 1);")
    2
    >>> plural_count("nplurals=1; plural=n;")
    Traceback (most recent call last):
    ValueError: the plural expression gives 1 for n = 1, but nplurals=1 allows only 0 to 0
    """
    count, rule = _parse_plural_forms(value)
    for n in _PLURAL_RANGE:
        try:
            form = rule(n)
        except ArithmeticError:
            raise ValueError(f"the plural expression fails for n = {n} (division by zero)") from None
        if not 0 <= form < count:
            raise ValueError(f"the plural expression gives {form} for n = {n}, but nplurals={count} allows only 0 to {count - 1}")
    return count


def _header_problems(entries: list[tuple[int, dict[str, str]]], path: str, language: str | None) -> list[Problem]:
    """What is wrong with the header entry and with the plural entries it governs."""
    header = next(((line, e) for line, e in entries if e["msgid"] == "" and "msgctxt" not in e), None)
    if header is None:
        if language is None:
            return []
        return [Problem(path, 1, 'no header entry (msgid ""): a catalog must declare its Language and charset=UTF-8')]
    line, values = header
    fields = {key.lower(): value for key, value in _FIELD.findall(values.get("msgstr", ""))}
    problems = []
    charset = re.search(r"charset\s*=\s*([^\s;]+)", fields.get("content-type", ""), re.I)
    if charset is None:
        problems.append(Problem(path, line, "header declares no charset; add Content-Type: text/plain; charset=UTF-8"))
    elif charset.group(1).lower() not in ("utf-8", "utf8"):
        problems.append(
            Problem(path, line, f"header declares charset={charset.group(1)}; catalogs are UTF-8: declare charset=UTF-8")
        )
    if language is not None and fields.get("language") != language:
        said = fields.get("language")
        problems.append(
            Problem(path, line, f"header says Language: {said or '(nothing)'}, expected {language}" if said is not None
                    else f"header has no Language field; expected Language: {language}")
        )
    count = None
    if "plural-forms" in fields and (language is not None or "INTEGER" not in fields["plural-forms"]):
        try:
            count = plural_count(fields["plural-forms"])
        except ValueError as exc:
            problems.append(Problem(path, line, str(exc)))
    for at, entry in entries:
        forms = sorted(int(k[7:-1]) for k in entry if k.startswith("msgstr["))
        if "msgid_plural" not in entry:
            if forms:
                problems.append(Problem(path, at, "msgstr[N] without msgid_plural"))
            continue
        if "msgstr" in entry:
            problems.append(Problem(path, at, "a plural entry (msgid_plural) needs msgstr[0], msgstr[1]..., not msgstr"))
        elif count is None and "plural-forms" not in fields and language is not None:
            problems.append(Problem(path, at, "a plural entry, but the header has no Plural-Forms"))
        elif count is not None and forms != list(range(count)):
            problems.append(
                Problem(path, at, f"{len(forms)} plural form(s) msgstr{forms}, but the header's Plural-Forms has nplurals={count}")
            )
    return problems


def read_po(path: Path, language: str | None = None, template: Path | None = None) -> Catalog:
    """Read a catalog, or raise :class:`CatalogError` naming its file and line.

    ``language``: the code the catalog is for (its header must say so);
    ``template``: the ``.pot`` it was made from, whose messages it must hold.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:  # a folder named x.po, a file that went away, no permission
        raise CatalogError([Problem(str(path), 1, f"cannot be read: {exc.strerror or exc}")]) from None
    problems = validate(data, str(path), language)
    if problems:
        raise CatalogError(problems)
    # Babel cannot parse a locale it has no CLDR data for (Mam): the language
    # stays in the header, and callers take it from languages.toml instead.
    catalog = babel_read_po(io.BytesIO(data), locale=None, abort_invalid=True)
    for message in [*catalog, *catalog.obsolete.values()]:
        _restore_previous(message)
    if template is not None and template.is_file():
        problems = against_template(catalog, read_po(template), str(path), str(template))
        if problems:
            raise CatalogError(problems)
    return catalog


def against_template(catalog: Catalog, template: Catalog, path: str, template_name: str) -> list[Problem]:
    """Where a catalog and its template disagree on which messages exist.

    ``kyr update`` keeps them in step. A catalog that lost its messages (emptied,
    only obsolete ones left) or whose msgids were edited would publish English
    in place of its translations without a word, so each is an error.
    """
    expected = {(m.context, m.id) for m in template if m.id}
    present = {(m.context, m.id): m for m in catalog if m.id}
    if expected and not present:
        kept = f" ({len(catalog.obsolete)} obsolete #~ entries only)" if catalog.obsolete else ""
        return [
            Problem(path, 1, f"no messages{kept}, but its template {template_name} has {len(expected)}: "
                    "translations cannot vanish; restore the file or run `kyr update`")
        ]
    problems = [
        Problem(path, message.lineno or 1, f"msgid {key[1][:50]!r} is not in the template {template_name}: "
                "msgids are the English text and must not be edited (run `kyr update` after a page changed)")
        for key, message in present.items()
        if key not in expected
    ]
    missing = [key for key in expected if key not in present]
    if missing:
        problems.append(
            Problem(path, 1, f"{len(missing)} message(s) of the template {template_name} are missing, "
                    f"e.g. {missing[0][1][:50]!r}: run `kyr update`")
        )
    return problems


_PREVIOUS = re.compile(r'^\|\s*(msgctxt|msgid|msgid_plural)?\s*' + _STRING + r"\s*$")


def _restore_previous(message) -> None:
    """Move ``#| msgid`` lines back where they belong.

    Babel writes the previous msgid of a fuzzy entry but reads it back as a
    translator comment ("| msgid ..."), so a second update would turn it into
    ``# | msgid`` and the build could no longer tell a stale fuzzy entry from a
    draft. This puts the text back into ``message.previous_id``.
    """
    previous: dict[str, str] = {}
    keyword = None
    kept = []
    for comment in message.user_comments:
        m = _PREVIOUS.match(comment)
        if not m:
            kept.append(comment)
            continue
        keyword = m.group(1) or keyword
        if keyword:
            previous[keyword] = previous.get(keyword, "") + _unescape(m.group(2))
    if "msgid" in previous:
        message.user_comments = kept
        message.previous_id = [previous["msgid"]] + ([previous["msgid_plural"]] if "msgid_plural" in previous else [])


def msgcat() -> str:
    """Path of gettext's msgcat, or an error saying how to get it."""
    found = shutil.which("msgcat")
    if not found:
        raise RuntimeError("gettext's msgcat is needed to write catalogs: install the Debian package 'gettext'")
    return found


def format_po(catalog: Catalog, plural_forms: str | None = None, formats: bool = False) -> bytes:
    """The catalog as PO bytes in gettext's layout (msgcat, 79 columns).

    Babel leaves out Plural-Forms for a language without CLDR data (Mam); it is
    put back from ``plural_forms``, which the project keeps in languages.toml.

    Babel flags any text with a ``%`` that looks like a placeholder as
    ``python-format`` ("7% of people" reads as ``% o``), and msgfmt then rejects
    a faithful translation ("el 7 % de"). Only catalogs whose strings really are
    format strings (the theme's) keep the flag: ``formats=True``.
    """
    if not formats:
        for message in [*catalog, *catalog.obsolete.values()]:
            message.flags.discard("python-format")
    # Babel wraps a long `#| msgid` in the middle of its string, which no PO
    # reader accepts; it writes a placeholder instead, which becomes the
    # previous msgid here, and msgcat lays it out.
    previous: dict[str, list[str]] = {}
    messages = [m for m in catalog if m.id and m.previous_id]
    # An obsolete entry keeps its translation; its previous msgid has no use left.
    for message in catalog.obsolete.values():
        message.previous_id = []
    for n, message in enumerate(messages):
        token = f"kyr-previous-{n}"
        previous[token] = list(message.previous_id)
        message.flags.add(token)  # the flags line is the last comment before msgid, where `#|` goes
        message.previous_id = []
    buf = io.BytesIO()
    try:
        babel_write_po(buf, catalog, width=0, include_previous=False, sort_output=False)
    finally:
        for message, (token, ids) in zip(messages, previous.items()):
            message.flags.discard(token)
            message.previous_id = ids
    data = buf.getvalue().decode("utf-8")
    for token, ids in previous.items():
        lines = [f'#| msgid "{_escape(ids[0])}"'] + ([f'#| msgid_plural "{_escape(ids[1])}"'] if len(ids) > 1 else [])

        def flags_then_previous(m, token=token, lines=lines):
            flags = [f for f in m.group(1).split(", ") if f != token]
            return "\n".join(([f"#, {', '.join(flags)}"] if flags else []) + lines)

        data = re.sub(rf"^#, (.*\b{token}\b.*)$", flags_then_previous, data, count=1, flags=re.M)
    data = data.encode("utf-8")
    if plural_forms and b'"Plural-Forms:' not in data:
        data = data.replace(b'"MIME-Version:', f'"Plural-Forms: {plural_forms}\\n"\n"MIME-Version:'.encode(), 1)
    elif plural_forms:
        # Babel writes its own table's rule, whose Arabic one contradicts CLDR (see kyr.languages.babel_plural_forms).
        header = f'"Plural-Forms: {plural_forms}\\n"'.encode()
        data = re.sub(rb'^"Plural-Forms: .*\\n"$', lambda m: header, data, count=1, flags=re.M)
    # --force-po: a page with nothing to translate still gets its header (msgcat writes nothing otherwise).
    result = subprocess.run([msgcat(), "--force-po", f"--width={WIDTH}", "-"], input=data, capture_output=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"msgcat failed: {result.stderr.decode(errors='replace')}")
    return result.stdout


def write_po(path: Path, catalog: Catalog, plural_forms: str | None = None, formats: bool = False) -> bool:
    """Write the catalog if a message changed; return whether it did.

    What another tool wrote stays as it wrote it (:func:`keep_layout`): a file
    whose messages are the same is left untouched, whatever its line wrapping or
    header, and a changed file keeps every unchanged entry byte for byte.
    """
    data = format_po(catalog, plural_forms, formats)
    if path.exists():
        old = path.read_bytes()
        data = keep_layout(old, data)
        if data == old:
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


# -- keeping the layout another tool wrote ------------------------------------------------
#
# Weblate (through translate-toolkit), Poedit, polib and msgmerge each lay a file out
# their own way: line wrapping (polib at 78 columns by textwrap's rules, gettext and
# translate-toolkit at 79 by gettext's), the order and wording of header fields. If
# `kyr update` put its own layout back, every save in one tool and every update in
# the other would rewrite the whole file, and the diffs would hide the one real change.

_BLANK_LINES = re.compile(r"\n(?:[ \t\r]*\n)+")


def _entries(text: str) -> list[tuple[str, tuple]]:
    """The entries of a PO file: each one's text as written, and what it says.

    >>> [meaning[0] for _, meaning in _entries('# c\\nmsgid ""\\nmsgstr "A: b\\\\n"\\n\\n#, fuzzy\\nmsgid "x"\\nmsgstr "y"\\n')]
    ['header', 'message']
    """
    entries: list[tuple[str, tuple]] = []
    pending = ""
    for chunk in _BLANK_LINES.split(text.strip("\n")):
        meaning = _meaning(chunk)
        if meaning is None:  # comments standing alone belong to the entry below them
            pending += chunk + "\n\n"
            continue
        entries.append((pending + chunk, meaning))
        pending = ""
    if pending:
        entries.append((pending.rstrip("\n"), ("comment", pending.strip())))
    return entries


def _meaning(chunk: str) -> tuple | None:
    """What one entry says, independent of its layout; None for lines without a keyword.

    Flags are a set and references a sequence of ``file:line``, however the lines
    are wrapped; every string is compared decoded.

    >>> _meaning('#: a.md:1\\n#: a.md:2\\n#, fuzzy, x\\nmsgid ""\\n"long"\\nmsgstr "l"') == \\
    ...     _meaning('#: a.md:1 a.md:2\\n#, x, fuzzy\\nmsgid "long"\\nmsgstr "l"')
    True
    """
    comments: list[str] = []
    notes: list[str] = []
    references: list[str] = []
    flags: set[str] = set()
    previous: dict[str, str] = {}
    values: dict[str, str] = {}
    obsolete = False
    last = previous_last = None
    for line in chunk.split("\n"):
        line = line.rstrip("\r")
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].lstrip()
            line = "#" + line if line.startswith("|") else line
        if line.startswith("#|"):
            m = _PREVIOUS.match(line[1:])
            if m:
                previous_last = m.group(1) or previous_last or "msgid"
                previous[previous_last] = previous.get(previous_last, "") + _unescape(m.group(2))
        elif line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#:"):
            references += line[2:].split()
        elif line.startswith("#."):
            notes.append(line[2:].strip())
        elif line.startswith("#"):
            comments.append(line[1:].strip())
        elif m := _KEYWORD.match(line):
            last = m.group(1)
            values[last] = values.get(last, "") + _unescape(m.group(2))
        elif (m := _CONTINUATION.match(line)) and last:
            values[last] += _unescape(m.group(1))
    if "msgid" not in values:
        return None
    if values["msgid"] == "" and "msgctxt" not in values and not obsolete:
        return ("header", values.get("msgstr", ""), tuple(comments), frozenset(flags))
    return (
        "message", obsolete, values.get("msgctxt"), tuple(sorted(values.items())), frozenset(flags),
        tuple(comments), tuple(notes), tuple(references), tuple(sorted(previous.items())),
    )


def _fields(header: str) -> list[tuple[str, str]]:
    """A header's fields, in their order.

    >>> _fields("Language: es\\nX-Generator: Weblate 5.14\\n")
    [('Language', 'es'), ('X-Generator', 'Weblate 5.14')]
    """
    return [(m.group(1), m.group(2)) for m in _FIELD.finditer(header)]


def merge_header(old: list[tuple[str, str]], new: list[tuple[str, str]], messages_changed: bool) -> list[tuple[str, str]]:
    """The header to write: the file's own, with only what kyr needs set.

    Every field another tool wrote stays as it is, in its order: PO-Revision-Date,
    Last-Translator, Language-Team, X-Generator, the wording of Plural-Forms. kyr
    sets only ``Language`` (to the catalog's language), a UTF-8 ``Content-Type``, a
    ``Plural-Forms`` where there is no valid one, and, when a message changed,
    ``POT-Creation-Date`` (from the template, as msgmerge does).

    >>> merge_header([("Plural-Forms", "nplurals=2; plural=n != 1;"), ("X-Generator", "Weblate 5.14")],
    ...              [("Language", "es"), ("Plural-Forms", "nplurals=2; plural=(n != 1);")], False)
    [('Plural-Forms', 'nplurals=2; plural=n != 1;'), ('X-Generator', 'Weblate 5.14'), ('Language', 'es')]
    """
    result = list(old)
    have = {name.lower(): value for name, value in old}

    def put(name: str, value: str) -> None:
        for i, (existing, _) in enumerate(result):
            if existing.lower() == name.lower():
                result[i] = (existing, value)
                return
        result.append((name, value))

    for name, value in new:
        key = name.lower()
        if key == "language" and have.get(key) != value:
            put(name, value)
        elif key == "content-type" and not re.search(r"charset\s*=\s*utf-?8\b", have.get(key, ""), re.I):
            put(name, value)
        elif key == "plural-forms" and not _valid_plural_forms(have.get(key)):
            put(name, value)
        elif key == "pot-creation-date" and messages_changed:
            put(name, value)
    return result


def _valid_plural_forms(value: str | None) -> bool:
    try:
        return value is not None and plural_count(value) > 0
    except ValueError:
        return False


def _header_text(old: str, fields: list[tuple[str, str]]) -> str:
    """The header entry `old` with its fields replaced, laid out by msgcat."""
    comments = [line for line in old.split("\n") if line.startswith("#")]
    lines = [*comments, 'msgid ""', 'msgstr ""'] + [f'"{_escape(f"{name}: {value}")}\\n"' for name, value in fields]
    result = subprocess.run(
        [msgcat(), "--force-po", f"--width={WIDTH}", "-"], input="\n".join(lines).encode(), capture_output=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"msgcat failed: {result.stderr.decode(errors='replace')}")
    return result.stdout.decode("utf-8").strip("\n")


def keep_layout(old: bytes, new: bytes) -> bytes:
    """`new`, with every entry that says the same as in `old` written as `old` writes it.

    Returns `old` itself when no message changed and its header holds what kyr
    needs (:func:`merge_header`); otherwise the entries in `new`'s order, the
    unchanged ones (same text, flags, comments, references, previous msgid) byte
    for byte as they were, the changed ones in gettext's layout.

    >>> old = b'msgid ""\\nmsgstr ""\\n"Language: es\\\\n"\\n"X-Generator: Weblate\\\\n"\\n\\nmsgid "a"\\nmsgstr ""\\n"b"\\n'
    >>> keep_layout(old, b'msgid ""\\nmsgstr ""\\n"Language: es\\\\n"\\n\\nmsgid "a"\\nmsgstr "b"\\n') == old
    True
    """
    try:
        old_text = old.decode("utf-8")
    except UnicodeDecodeError:
        return new
    before, after = _entries(old_text), _entries(new.decode("utf-8"))
    old_header = next((text for text, meaning in before if meaning[0] == "header"), None)
    new_header = next((text for text, meaning in after if meaning[0] == "header"), None)
    kept = {meaning: text for text, meaning in before if meaning[0] != "header"}
    messages = [(text, meaning) for text, meaning in after if meaning[0] != "header"]
    changed = set(kept) != {meaning for _, meaning in messages}
    header = old_header
    if old_header is None or new_header is None:
        header = new_header
    else:
        old_fields = _fields(_meaning(old_header)[1])
        fields = merge_header(old_fields, _fields(_meaning(new_header)[1]), changed)
        if fields != old_fields:
            header = _header_text(old_header, fields)
    if not changed and header == old_header:
        return old
    parts = ([header] if header is not None else []) + [kept.get(meaning, text) for text, meaning in messages]
    return ("\n\n".join(parts) + "\n").encode("utf-8")
