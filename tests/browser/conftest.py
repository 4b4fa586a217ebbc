"""A real browser (Debian's Chromium, driven by Playwright) against the built site on 127.0.0.1.

The server serves the pre-compressed `.br` (or `.gz`) files that the build writes
beside each text file, as a static host would, and lets assets be cached.
"""

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves `x.br` or `x.gz` for `x` when the browser accepts it; assets are cacheable."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepted = self.headers.get("Accept-Encoding", "")
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            packed = path.with_name(path.name + suffix)
            if encoding in accepted and packed.exists():
                data = packed.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "max-age=3600" if "/assets/" in self.path else "no-cache")
                self.end_headers()
                return _Body(data)
        return super().send_head()


class _Body:
    def __init__(self, data):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a connection early (a page left mid-load) is not an error here."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `site` on a free port of 127.0.0.1 in a thread; return the server and its base URL."""
    httpd = QuietServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture(scope="session")
def server(built_site):
    httpd, base = serve(built_site)
    yield base
    httpd.shutdown()


@pytest.fixture(scope="session")
def recorded_server(recorded_project):
    """The site of tests/conftest.py's project with a local recording."""
    httpd, base = serve(recorded_project / "site")
    yield base
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.fail("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
