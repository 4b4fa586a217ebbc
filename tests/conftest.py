"""Shared fixtures: the repository's site, built once per test session."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site (docs/ and locales/ of this repository), built into a temporary folder.

    It has a public address (example.org is reserved for examples, RFC 2606), as a
    published site does: QR codes, canonical links and the sitemap are built.
    """
    return build_site(tmp_path_factory.mktemp("site") / "site", PUBLIC_ADDRESS)


#: The address the test site is built for.
PUBLIC_ADDRESS = "https://kyr.example.org/"

#: The translators' dashboard's folder in a built site: not a reader page (no QR code, no share text).
DASHBOARD = "translators"


def reader_pages(root: Path, pattern: str = "index.html") -> list[Path]:
    """The pages under `root` that readers see: every match of `pattern` but the translators' dashboard."""
    return sorted(p for p in root.rglob(pattern) if DASHBOARD not in p.relative_to(root).parts)


def build_site(site: Path, address: str) -> Path:
    """Build this repository's site into `site` with `address` as KYR_SITE_URL ("" for none)."""
    import os

    env = {**os.environ, "KYR_SITE_URL": address}
    subprocess.run([sys.executable, "-m", "kyr.cli", "--root", str(ROOT), "build", "--site", str(site)], check=True, cwd=ROOT, env=env)
    return site


def kyr(root: Path, *args: str, check: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the `kyr` command on a project folder (`env`: variables to set for it)."""
    import os

    return subprocess.run(
        [sys.executable, "-m", "kyr.cli", "--root", str(root), *args],
        capture_output=True, text=True, check=check, env={**os.environ, **(env or {})},
    )


def make_project(folder: Path, docs: Path) -> Path:
    """A project of its own: this repository's config, theme and languages with another docs tree."""
    import shutil

    shutil.copytree(docs, folder / "docs")
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    (folder / "locales").mkdir()
    shutil.copy(ROOT / "locales" / "languages.toml", folder / "locales" / "languages.toml")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config.split("\nnav:")[0] + "\n", encoding="utf-8")
    kyr(folder, "extract")
    kyr(folder, "update")
    return folder


def fill(folder: Path, lang: str, translate, fuzzy: bool = False) -> None:
    """Give every message of a language a translation made by `translate(msgid)`."""
    from kyr import catalog as catalogs
    from kyr.languages import load_languages

    language = load_languages(folder / "locales" / "languages.toml")[lang]
    for domain in catalogs.domains(folder / "locales"):
        path = catalogs.po_path(folder / "locales", lang, domain)
        cat = catalogs.load(path)
        for message in cat:
            if message.id:
                message.string = translate(message.id)
                if fuzzy:
                    message.flags.add("fuzzy")
        catalogs.write(path, cat, language)


#: Spanish, spoken by espeak-ng: a fixture recording made at test time, never shipped and never labelled Mam.
RECORDING_TEXT = "Hola. Esta grabación de prueba la hace el programa de pruebas. No es un texto legal."
RECORDED_PAGE = """---
title: Recorded page
last_reviewed: 2026-11-23
---
# Recorded page

First paragraph of a page that has a recording.

## Second part

Second paragraph.
"""


def make_recording(path: Path, text: str = RECORDING_TEXT) -> Path:
    """A WAV file of espeak-ng reading `text` in Spanish."""
    import shutil

    if not shutil.which("espeak-ng"):
        pytest.fail("espeak-ng is not installed (apt-get install espeak-ng); .ci/run installs it")
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["espeak-ng", "-v", "es", "-s", "140", "-w", str(path), text], check=True)
    return path


def recording_entry(file: str = "audio/es/recorded.wav", kind: str = "audio", **extra) -> dict:
    return {"id": "test-recording", "title": "A test recording", "provider": "The test suite", "file": file,
            "languages": ["es"], "kind": kind, "topics": ["recorded"], "checked": "2026-11-23", **extra}


@pytest.fixture(scope="session")
def recorded_project(tmp_path_factory) -> Path:
    """A project of its own whose registry names a local recording (Spanish, made by espeak-ng), built in en, es, mam."""
    import yaml

    src = tmp_path_factory.mktemp("recorded") / "src"
    src.mkdir()
    (src / "recorded.md").write_text(RECORDED_PAGE, encoding="utf-8")
    make_recording(src / "audio" / "es" / "recorded.wav")
    (src / "media.yml").write_text(yaml.safe_dump([recording_entry()], allow_unicode=True), encoding="utf-8")
    project = make_project(src.parent / "project", src)
    # One block in Spanish, the others in English: a Mam page of this project is in two languages.
    from kyr import catalog as catalogs
    from kyr.languages import load_languages

    path = catalogs.po_path(project / "locales", "es", "recorded")
    cat = catalogs.read_po(path)
    cat["First paragraph of a page that has a recording."].string = "Primer párrafo de una página con una grabación."
    catalogs.write(path, cat, load_languages(project / "locales" / "languages.toml")["es"])
    built = kyr(project, "build", "--site", str(project / "site"), *[a for c in ("en", "es", "mam") for a in ("--language", c)], check=False)
    assert built.returncode == 0, built.stderr
    (project / "first-build.log").write_text(built.stderr, encoding="utf-8")
    return project
