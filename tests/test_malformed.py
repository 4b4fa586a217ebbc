"""Every malformed input fails clearly on every path, and nothing is published.

Each case damages one input of a project of its own (a catalog, a page's front
matter, the media registry, languages.toml), then:

- `kyr check` exits 1 and names the file and line;
- `kyr build` exits non-zero with the same message, and `site/` is byte for byte
  the site built before;
- `mkdocs build` (the plugin path) into that same site exits non-zero with the message
  and leaves the site as it was;
- none of them prints a Python traceback.

Both previews (`kyr serve`, `mkdocs serve`) are then shown to keep serving the
last good site, with the error on every page, and to recover once it is fixed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kyr import catalog as catalogs

from .conftest import ROOT, kyr, make_project

PAGE = """---
title: Court
description: What happens in court.
last_reviewed: 2026-11-23
sources:
  - title: A source
    url: https://example.invalid/source
---
# Court

First paragraph.

Second paragraph.
"""
INDEX = """---
title: Home
---
# Home

Read the [court page](court.md).
"""
MEDIA = """- id: court-video
  title: A video about court
  provider: A legal service
  url: https://example.invalid/video
  languages: [es]
  kind: video
  topics: [court]
  checked: 2026-11-23
"""
PLURAL = '\nmsgid "one day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "un día"\nmsgstr[1] "%(n)s días"\n'


def court_po(project: Path) -> Path:
    return catalogs.po_path(project / "locales", "es", "court")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def nul_in_msgstr(project):
    path = court_po(project)
    _edit(path, 'msgstr "Segundo párrafo."', 'msgstr "Segundo\0 párrafo."')
    return path, line_of(path, 'msgid "Second paragraph."'), "msgstr holds the control character U+0000"


def _charset(charset):
    def damage(project):
        path = court_po(project)
        _edit(path, "charset=utf-8", f"charset={charset}")
        return path, line_of(path, 'msgid ""'), f"header declares charset={charset}; catalogs are UTF-8"

    damage.__name__ = f"charset_{charset}"
    return damage


def no_header(project):
    path = court_po(project)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[text.index("\n\n") + 2 :], encoding="utf-8")
    return path, 1, 'no header entry (msgid "")'


def empty_file(project):
    path = court_po(project)
    path.write_text("", encoding="utf-8")
    return path, 1, 'no header entry (msgid "")'


def header_only(project):
    path = court_po(project)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n\n") + 1], encoding="utf-8")
    return path, 1, "no messages, but its template"


def obsolete_only(project):
    path = court_po(project)
    head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    body = "\n".join("#~ " + ln if ln.startswith(("msgid", "msgstr", '"')) else ln for ln in body.split("\n"))
    path.write_text(head + "\n\n" + body, encoding="utf-8")
    return path, 1, "no messages (5 obsolete #~ entries only), but its template"


def edited_msgid(project):
    path = court_po(project)
    _edit(path, 'msgid "Second paragraph."', 'msgid "Second paragraph, edited."')
    return path, line_of(path, "Second paragraph, edited."), "msgid 'Second paragraph, edited.' is not in the template"


def wrong_language(project):
    path = court_po(project)
    _edit(path, '"Language: es\\n"', '"Language: pt\\n"')
    return path, line_of(path, 'msgid ""'), "header says Language: pt, expected es"


def no_language(project):
    path = court_po(project)
    _edit(path, '"Language: es\\n"\n', "")
    return path, line_of(path, 'msgid ""'), "header has no Language field; expected Language: es"


def invalid_plural_forms(project):
    path = court_po(project)
    _edit(path, "plural=(n != 1);", "plural=(n !=;")
    return path, line_of(path, 'msgid ""'), "Plural-Forms has an invalid plural expression"


def plural_out_of_range(project):
    path = court_po(project)
    _edit(path, "nplurals=2; plural=(n != 1);", "nplurals=2; plural=n;")
    return path, line_of(path, 'msgid ""'), "the plural expression gives 2 for n = 2, but nplurals=2"


def too_many_plural_forms(project):
    path = court_po(project)
    path.write_text(path.read_text(encoding="utf-8") + PLURAL + 'msgstr[2] "más días"\n', encoding="utf-8")
    return path, line_of(path, 'msgid "one day"'), "3 plural form(s) msgstr[0, 1, 2], but the header's Plural-Forms has nplurals=2"


def one_plural_two_forms(project):
    path = court_po(project)
    _edit(path, "nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;")
    path.write_text(path.read_text(encoding="utf-8") + PLURAL, encoding="utf-8")
    return path, line_of(path, 'msgid "one day"'), "2 plural form(s) msgstr[0, 1], but the header's Plural-Forms has nplurals=1"


def folder_named_po(project):
    path = court_po(project)
    path.unlink()
    path.mkdir()
    return path, 1, "cannot be read"


def bad_front_matter_date(project):
    path = project / "docs" / "court.md"
    _edit(path, "last_reviewed: 2026-11-23", "last_reviewed: 2026-13-45")
    return path, 4, "front matter: '2026-13-45' is not a date"


def front_matter_not_yaml(project):
    path = project / "docs" / "court.md"
    _edit(path, "description: What happens in court.", "description: [What happens")
    return path, None, "front matter:"


def bad_source_url(project):
    path = project / "docs" / "court.md"
    _edit(path, "url: https://example.invalid/source", "url: 'https://example.invalid/\" onclick=\"x'")
    return path, 7, "source url: character '\"' is not allowed"


def bad_media_date(project):
    path = project / "docs" / "media.yml"
    _edit(path, "checked: 2026-11-23", "checked: 2026-13-45")
    return path, 8, "entry 'court-video': '2026-13-45' is not a date"


def unknown_media_topic(project):
    path = project / "docs" / "media.yml"
    _edit(path, "topics: [court]", "topics: [court, courts]")
    return path, 7, "entry 'court-video': topic 'courts' is no page"


def media_url_with_quote(project):
    path = project / "docs" / "media.yml"
    _edit(path, "url: https://example.invalid/video", "url: 'https://example.invalid/video\"><svg'")
    return path, 4, "entry 'court-video' field url: character '\"' is not allowed"


def language_unknown_to_cldr(project):
    path = project / "locales" / "languages.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[languages.xyz]\nname = "Xyz"\nfallback = ["es"]\n'
        'plural_forms = "nplurals=2; plural=(n != 1);"\ndir = "ltr"\n',
        encoding="utf-8",
    )
    return path, line_of(path, "[languages.xyz]"), "xyz: CLDR has no locale 'xyz' to write dates in"


CASES = [
    nul_in_msgstr, _charset("ISO-8859-1"), _charset("UTF-16"), _charset("x-unknown"), no_header, empty_file,
    header_only, obsolete_only, edited_msgid, wrong_language, no_language, invalid_plural_forms,
    plural_out_of_range, too_many_plural_forms, one_plural_two_forms, folder_named_po, bad_front_matter_date,
    front_matter_not_yaml, bad_source_url, bad_media_date, unknown_media_topic, media_url_with_quote,
    language_unknown_to_cldr,
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project whose Spanish court page is translated, built once in every language."""
    folder = tmp_path_factory.mktemp("malformed")
    docs = folder / "src"
    docs.mkdir()
    (docs / "index.md").write_text(INDEX, encoding="utf-8")
    (docs / "court.md").write_text(PAGE, encoding="utf-8")
    (docs / "media.yml").write_text(MEDIA, encoding="utf-8")
    project = make_project(folder / "project", docs)
    path = court_po(project)
    cat = catalogs.read_po(path)
    for msgid, msgstr in {"Court": "Corte", "First paragraph.": "Primer párrafo.", "Second paragraph.": "Segundo párrafo."}.items():
        cat[msgid].string = msgstr
    from kyr.languages import load_languages

    catalogs.write(path, cat, load_languages(project / "locales" / "languages.toml")["es"])
    result = kyr(project, "build", "--site", str(project / "site"), check=False)
    assert result.returncode == 0, result.stderr
    return project


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def says(output: str, path: Path, line: int | None, message: str) -> bool:
    where = re.escape(str(path)) + (f":{line}:" if line else r":\d+:")
    return re.search(where + r".*" + re.escape(message), output) is not None


@pytest.mark.parametrize("damage", CASES, ids=[c.__name__ for c in CASES])
def test_malformed_input_fails_every_path_and_publishes_nothing(built, tmp_path, damage):
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    before = files(project / "site")
    path, line, message = damage(project)

    checked = kyr(project, "check", check=False)
    out = checked.stdout + checked.stderr
    assert checked.returncode == 1, out
    assert says(out, path, line, message), out

    result = kyr(project, "build", "--site", str(project / "site"), check=False)
    assert result.returncode != 0
    assert says(result.stderr, path, line, message), result.stderr
    assert files(project / "site") == before

    env = {**os.environ, "KYR_BUILD_LANGUAGE": "es", "NO_MKDOCS_2_WARNING": "1"}
    # The plain MkDocs path, into the site built before: MkDocs empties site_dir after
    # on_pre_build, where the plugin reads every input, so the old site must survive it.
    plugin = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")],
        cwd=project, env=env, capture_output=True, text=True,
    )
    assert plugin.returncode != 0
    assert says(plugin.stderr, path, line, message), plugin.stderr
    assert files(project / "site") == before
    for output in (out, result.stderr, plugin.stderr):
        assert "Traceback" not in output, output


def test_shipped_inputs_are_not_refused():
    result = kyr(ROOT, "check", check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# -- previews ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, condition, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if condition(last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never met the condition; last page:\n{last[:2000]}")


@pytest.mark.parametrize("command", ["kyr serve", "mkdocs serve"])
def test_serve_keeps_serving_the_last_good_site_with_the_error(built, tmp_path, command):
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if command == "kyr serve":
        args = [sys.executable, "-m", "kyr.cli", "--root", str(project), "serve", "--site", str(project / "site"), "--port", str(port)]
    else:
        env["KYR_BUILD_LANGUAGE"] = "es"
        args = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(args, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/es/court/"
        good = wait_for(url, lambda page: "Segundo párrafo." in page)
        assert 'role="alert"' not in good
        path = court_po(project)
        original = path.read_bytes()
        _edit(path, "charset=utf-8", "charset=UTF-16")
        broken = wait_for(url, lambda page: 'role="alert"' in page)
        assert "Segundo párrafo." in broken  # the last good page, not an empty or hanging one
        assert "header declares charset=UTF-16" in broken and str(path) in broken
        if command == "kyr serve":
            assert "Court" in fetch(f"http://127.0.0.1:{port}/court/")  # English is served too
        path.write_bytes(original)
        wait_for(url, lambda page: 'role="alert"' not in page and "Segundo párrafo." in page)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
