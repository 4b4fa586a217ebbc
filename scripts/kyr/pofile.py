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
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
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
    return re.sub(r"\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def validate(data: bytes, path: str) -> list[Problem]:
    """Syntax errors, bad encoding and duplicate entries of a PO file, with line numbers."""
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

    def finish() -> None:
        if "msgid" in entry:
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
        problems.append(Problem(path, lineno, f"syntax error: {line.strip()[:60]!r} is not a keyword, string or comment"))
        last = None
    finish()
    return sorted(problems, key=lambda p: p.line)


def read_po(path: Path, locale: str | None = None) -> Catalog:
    """Read a catalog, or raise :class:`CatalogError` naming its file and line."""
    data = path.read_bytes()
    problems = validate(data, str(path))
    if problems:
        raise CatalogError(problems)
    # Babel cannot parse a locale it has no CLDR data for (Mam): the language
    # stays in the header, and callers take it from languages.toml instead.
    catalog = babel_read_po(io.BytesIO(data), locale=None, abort_invalid=True)
    for message in [*catalog, *catalog.obsolete.values()]:
        _restore_previous(message)
    return catalog


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
    # --force-po: a page with nothing to translate still gets its header (msgcat writes nothing otherwise).
    result = subprocess.run([msgcat(), "--force-po", f"--width={WIDTH}", "-"], input=data, capture_output=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"msgcat failed: {result.stderr.decode(errors='replace')}")
    return result.stdout


_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.M)


def write_po(path: Path, catalog: Catalog, plural_forms: str | None = None, formats: bool = False) -> bool:
    """Write the catalog if its messages changed; return whether it did.

    The header's dates alone do not count as a change, so re-running
    extraction on an unchanged page leaves its files untouched.
    """
    data = format_po(catalog, plural_forms, formats)
    if path.exists() and _DATES.sub(b"", path.read_bytes()) == _DATES.sub(b"", data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True
