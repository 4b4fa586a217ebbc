"""`kyr serve`: its port, and the banner that shows a broken catalog or a refused translation (preview only)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kyr import catalog as catalogs
from kyr.mkdocs.site import error_banner
from kyr.pofile import read_po

from .test_dashboard import REFUSED, project  # noqa: F401  (the built project fixture)
from .test_malformed import free_port, wait_for


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if line == text)


def test_banner_is_escaped_html():
    page = error_banner(b"<body><main>x</main></body>", "a.po:2: <img src=x>", ["a.po:3: translation refused (es): <b>"])
    assert b"<img" not in page and b"<b>" not in page and b"&lt;img src=x&gt;" in page and b"a.po:3" in page


def test_serve_on_a_chosen_port_shows_refusals_and_syntax_errors_until_fixed(project, tmp_path):  # noqa: F811
    folder = tmp_path / "project"
    shutil.copytree(project, folder, symlinks=True)
    port = free_port()
    args = [sys.executable, "-m", "kyr.cli", "--root", str(folder), "serve", "--site", str(folder / "site"), "--port", str(port)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(args, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    path = catalogs.po_path(folder / "locales", "es", "court")
    first = line_of(path, 'msgid "First paragraph."')
    where = f"locales/es/LC_MESSAGES/court.po:{first}"
    url = f"http://127.0.0.1:{port}/es/court/"
    try:
        # The refused translation, with its file and line and reason, on the page it concerns only.
        page = wait_for(url, lambda p: "Preview only" in p)
        assert where in page and "adds the element &lt;script&gt;" in page and 'role="status"' in page
        assert "Preview only" not in wait_for(f"http://127.0.0.1:{port}/es/", lambda p: "</body>" in p)
        # An unescaped quote: the build fails, the last good page stays, with the error and the hint.
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('msgstr "Corte"', 'msgstr "La "Corte""'), encoding="utf-8")
        broken = wait_for(url, lambda p: 'role="alert"' in p)
        bad = line_of(path, 'msgstr "La "Corte""')
        assert f"court.po:{bad}" in broken
        assert "escape it as \\&quot;" in broken
        # Fixed: no banner at all.
        path.write_text(text.replace(REFUSED, "Primer párrafo."), encoding="utf-8")
        fixed = wait_for(url, lambda p: 'role="alert"' not in p and "Preview only" not in p)
        assert "Primer párrafo." in fixed
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    # The preview's banners never reach the built files.
    for html in (folder / "site").rglob("*.html"):
        assert "Preview only" not in html.read_text(encoding="utf-8"), html
