"""Catalogs are read strictly (file and line on every problem) and written in gettext's layout."""

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
