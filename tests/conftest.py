"""Shared fixtures: the repository's site, built once per test session."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site (docs/ and locales/ of this repository), built into a temporary folder."""
    site = tmp_path_factory.mktemp("site") / "site"
    subprocess.run(
        [sys.executable, "-m", "kyr.cli", "--root", str(ROOT), "build", "--site", str(site)], check=True, cwd=ROOT
    )
    return site


def kyr(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the `kyr` command on a project folder."""
    return subprocess.run(
        [sys.executable, "-m", "kyr.cli", "--root", str(root), *args], capture_output=True, text=True, check=check
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
