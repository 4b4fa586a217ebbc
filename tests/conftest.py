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
