"""Catalogs are read strictly (file and line on every problem) and written in gettext's layout."""

import re
import subprocess

import pytest
from babel.messages.catalog import Catalog

from kyr.pofile import CatalogError, format_po, read_po, validate


def problems(text: bytes):
    return [(p.line, p.message) for p in validate(text, "x.po")]


def test_unterminated_string_is_a_syntax_error_at_its_line():
    assert (2, "syntax error: 'msgstr \"b' is not a keyword, string or comment") in problems(b'msgid "a"\nmsgstr "b\n')


def test_latin1_file_is_rejected_at_the_bad_byte():
    data = 'msgid "a"\nmsgstr "caf\u00e9"\n'.encode("latin-1")
    [(line, message)] = problems(data)
    assert line == 2 and "UTF-8" in message


def test_duplicates_count_context():
    assert problems(b'msgctxt "v"\nmsgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n') == []
    assert problems(b'msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr ""\n')[0][0] == 4


def test_msgid_without_msgstr():
    assert problems(b'msgid "a"\n\nmsgid "b"\nmsgstr ""\n')[0][1] == "msgid without msgstr"


def test_read_po_raises_with_every_problem(tmp_path):
    path = tmp_path / "bad.po"
    path.write_bytes(b'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\ngarbage\n')
    with pytest.raises(CatalogError) as info:
        read_po(path)
    assert [p.line for p in info.value.problems] == [4, 6]
    assert str(path) + ":6:" in str(info.value)


def test_format_matches_msgcat_and_keeps_mam_plural_forms():
    catalog = Catalog(locale="mam", project="x", charset="utf-8")
    catalog.add("A long sentence " * 10, "Jun " * 30)
    data = format_po(catalog, plural_forms="nplurals=2; plural=(n != 1);")
    assert b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in data
    again = subprocess.run(["msgcat", "--width=79", "-"], input=data, capture_output=True, check=True).stdout
    assert again == data
    assert max(len(line) for line in data.decode().splitlines()) <= 79


def test_a_catalog_with_no_message_keeps_its_header(tmp_path):
    # A page with nothing to translate (only code) has empty catalogs: msgcat alone writes
    # nothing for them, and `kyr check` then found no Language header.
    data = format_po(Catalog(locale="es", project="Know-Your-Rights site"))
    assert b'"Language: es\\n"' in data
    path = tmp_path / "empty.po"
    path.write_bytes(data)
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)]).returncode == 0
    assert [p for p in validate(data, "empty.po") if p.level == "error"] == []


# -- what a translation's catalog must declare (msgfmt --check semantics) ---------------------

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)


def catalog_problems(text: str, language: str | None = "es"):
    return [(p.line, p.message) for p in validate(text.encode("utf-8"), "es.po", language)]


def test_a_well_formed_catalog_has_no_problem():
    assert catalog_problems(HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "d"\nmsgid_plural "ds"\nmsgstr[0] "x"\nmsgstr[1] "y"\n') == []


@pytest.mark.parametrize(
    "text, line, message",
    [
        (HEADER + 'msgid "a"\nmsgstr "b\\0c"\n', 7, "msgstr holds the control character U+0000"),
        (HEADER + 'msgid "a"\nmsgstr "b\x00c"\n', 7, "msgstr holds the control character U+0000"),
        (HEADER + 'msgid "a"\nmsgstr "b\\033[2J"\n', 7, "msgstr holds the control character U+001B"),
        (HEADER + 'msgid "a"\nmsgstr "b\ue000es\ue001c\ue002"\n', 7, "msgstr holds the reserved character U+E000"),
        (HEADER.replace("UTF-8", "ISO-8859-1"), 1, "header declares charset=ISO-8859-1"),
        (HEADER.replace("UTF-8", "UTF-16"), 1, "header declares charset=UTF-16"),
        (HEADER.replace("; charset=UTF-8", ""), 1, "header declares no charset"),
        (HEADER.replace("Language: es", "Language: pt"), 1, "header says Language: pt, expected es"),
        (HEADER.replace('"Language: es\\n"\n', ""), 1, "header has no Language field"),
        ('msgid "a"\nmsgstr "b"\n', 1, 'no header entry (msgid "")'),
        (HEADER.replace("plural=(n != 1)", "plural=(n != 1"), 1, "invalid plural expression"),
        (HEADER.replace("nplurals=2", "nplurals=0"), 1, "nplurals=0; it must be at least 1"),
        (HEADER.replace("nplurals=2; plural=(n != 1)", "nplurals=2; plural=n % 3"), 1, "gives 2 for n = 2"),
        (HEADER.replace("nplurals=2; plural=(n != 1)", "nplurals=2; plural=1 / n"), 1, "fails for n = 0"),
        (HEADER.replace("nplurals=2; plural=(n != 1);", "two forms"), 1, "is not 'nplurals=N; plural=EXPRESSION;'"),
        (HEADER + 'msgid "d"\nmsgid_plural "ds"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n', 7, "3 plural form(s)"),
        (HEADER.replace("nplurals=2; plural=(n != 1)", "nplurals=1; plural=0")
         + 'msgid "d"\nmsgid_plural "ds"\nmsgstr[0] "x"\nmsgstr[1] "y"\n', 7, "2 plural form(s) msgstr[0, 1], but the header's Plural-Forms has nplurals=1"),
        (HEADER + 'msgid "d"\nmsgid_plural "ds"\nmsgstr[0] "x"\n', 7, "1 plural form(s)"),
        (HEADER + 'msgid "d"\nmsgstr[0] "x"\n', 7, "msgstr[N] without msgid_plural"),
    ],
)
def test_catalog_problems_name_their_line(text, line, message):
    found = catalog_problems(text)
    assert any(at == line and message in said for at, said in found), found


def test_msgfmt_agrees_on_plural_form_counts(tmp_path):
    """The rule is gettext's: msgfmt --check refuses the same catalogs."""
    good = HEADER + 'msgid "d"\nmsgid_plural "ds"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    bad = HEADER.replace("nplurals=2; plural=(n != 1)", "nplurals=1; plural=0") + 'msgid "d"\nmsgid_plural "ds"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    for text, ok in ((good, True), (bad, False)):
        path = tmp_path / "x.po"
        path.write_text(text, encoding="utf-8")
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True)
        assert (result.returncode == 0) is ok, result.stderr
        assert (catalog_problems(text) == []) is ok


def test_a_snippet_without_header_is_only_checked_for_syntax():
    assert catalog_problems('msgid "a"\nmsgstr "b"\n', language=None) == []


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_read_po_compares_with_the_template(tmp_path):
    template = _write(tmp_path / "t.pot", HEADER.replace("Language: es", "Language: ") + 'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\n')
    good = _write(tmp_path / "good.po", HEADER + 'msgid "a"\nmsgstr "A"\n\nmsgid "b"\nmsgstr ""\n')
    assert read_po(good, "es", template)["a"].string == "A"
    cases = {
        "empty.po": (HEADER, "no messages, but its template"),
        "obsolete.po": (HEADER + '#~ msgid "a"\n#~ msgstr "A"\n', "no messages (1 obsolete #~ entries only)"),
        "edited.po": (HEADER + 'msgid "a!"\nmsgstr "A"\n\nmsgid "b"\nmsgstr ""\n', "msgid 'a!' is not in the template"),
        "missing.po": (HEADER + 'msgid "a"\nmsgstr "A"\n', "1 message(s) of the template"),
    }
    for name, (text, message) in cases.items():
        with pytest.raises(CatalogError, match=re.escape(message)):
            read_po(_write(tmp_path / name, text), "es", template)


def test_a_folder_named_po_is_a_clear_error(tmp_path):
    (tmp_path / "x.po").mkdir()
    with pytest.raises(CatalogError, match=r"x\.po:1: error: cannot be read"):
        read_po(tmp_path / "x.po")
