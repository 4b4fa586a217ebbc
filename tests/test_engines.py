"""Two engines, one site: kyr.engine picks MkDocs or ProperDocs, and both build the same bytes.

The comparison needs `.venv-properdocs` (ProperDocs, without the mkdocs package), which
`make test` and `make site ENGINE=properdocs` set up; where it cannot be made (no network),
the comparison is skipped and says so.
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT
from .sitediff import report

ENVIRONMENTS = {"mkdocs": ROOT / ".venv", "properdocs": ROOT / ".venv-properdocs"}
#: Each environment chooses its own engine (the one installed), whatever this process was told.
CLEAN = {k: v for k, v in os.environ.items() if k != "KYR_ENGINE"}


def python_of(engine: str) -> Path:
    return ENVIRONMENTS[engine] / "bin" / "python"


def ready(engine: str) -> bool:
    return (ENVIRONMENTS[engine] / ".ready").is_file()


def run(python, code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, cwd=ROOT, env={**CLEAN, **env}
    )


def test_engine_glue_imports_the_engine_only_through_kyr_engine():
    glue = sorted((ROOT / "scripts" / "kyr" / "mkdocs").glob("*.py"))
    direct = re.compile(r"^\s*(from|import)\s+(mkdocs|properdocs)\b", re.M)
    offenders = [f"{p.name}:{t[: m.start()].count(chr(10)) + 1}" for p in glue for t in [p.read_text()] for m in direct.finditer(t)]
    assert not offenders, f"import the engine through kyr.engine, not directly: {', '.join(offenders)}"


def test_kyr_engine_set_to_an_engine_that_is_not_installed_is_a_clear_error():
    missing = next((name for name in ENVIRONMENTS if run(sys.executable, f"import {name}").returncode), None)
    if missing is None:
        pytest.skip("both engines are installed in this environment")
    out = run(sys.executable, "import kyr.engine", KYR_ENGINE=missing)
    assert out.returncode != 0
    assert f"KYR_ENGINE={missing}, but {missing} is not installed" in out.stderr


@pytest.mark.parametrize("engine", ENVIRONMENTS)
def test_each_environment_uses_its_own_engine_and_material_runs_on_it(engine):
    if not ready(engine):
        pytest.skip(f"{ENVIRONMENTS[engine].name} is not set up (make {ENVIRONMENTS[engine].name}/.ready)")
    code = (
        "import importlib.util, kyr.engine, kyr.mkdocs.plugin, kyr.mkdocs.i18n\n"
        "print(kyr.engine.NAME, kyr.engine.build.__module__, kyr.engine.get_data.__module__)\n"
    )
    out = run(python_of(engine), code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [engine, f"{engine}.commands.build", f"{engine}.utils.meta"]
    if engine == "properdocs":
        # No mkdocs package: Material and static-i18n's `import mkdocs.*` reach ProperDocs.
        assert run(python_of(engine), "import sys, importlib.util; sys.exit(importlib.util.find_spec('mkdocs') is not None)").returncode == 0
        assert run(python_of(engine), "import kyr.engine, mkdocs.plugins; print(mkdocs.plugins.__name__)").stdout.strip() == "properdocs.plugins"


def build(engine: str, root: Path, site: Path) -> float:
    """Build the project at `root` into `site` with an engine's environment; the seconds it took."""
    started = time.perf_counter()
    subprocess.run(
        [str(python_of(engine)), "-m", "kyr.cli", "--root", str(root), "build", "--site", str(site)], check=True, cwd=root, env=CLEAN
    )
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory) -> tuple[Path, float]:
    """The site built by MkDocs (with Material, as shipped), and how long it took."""
    if not ready("mkdocs"):
        pytest.skip(".venv is not set up: run `make .venv/.ready`")
    site = tmp_path_factory.mktemp("engines") / "mkdocs"
    return site, build("mkdocs", ROOT, site)


@pytest.mark.engines
def test_properdocs_builds_the_same_site_as_mkdocs(mkdocs_site, tmp_path):
    if not ready("properdocs"):
        pytest.skip(".venv-properdocs is not set up: run `make .venv-properdocs/.ready`")
    reference, took = mkdocs_site
    # Right after the MkDocs build, in the same run, so the times compare.
    properdocs = tmp_path / "properdocs"
    print(f"\nmkdocs {took:.1f}s, properdocs {build('properdocs', ROOT, properdocs):.1f}s")
    differences = report(reference, properdocs)
    assert not differences, differences


@pytest.mark.engines
def test_the_site_takes_nothing_from_material_but_its_name(mkdocs_site, tmp_path):
    """The README's exit plan, step 1: without Material's theme (`name: null`) the site is the same."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "locales", "overrides"):
        (project / name).symlink_to(ROOT / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  name: material\n" in config
    (project / "mkdocs.yml").write_text(config.replace("\n  name: material\n", "\n  name: null\n"), encoding="utf-8")
    build("mkdocs", project, project / "site")
    differences = report(mkdocs_site[0], project / "site")
    assert not differences, differences

def test_the_comparison_names_every_file_that_differs_and_sets_aside_only_sitemap_dates(tmp_path):
    import gzip

    a, b = tmp_path / "mkdocs", tmp_path / "properdocs"
    for site, day, title in ((a, b"2026-11-23", b"Rights"), (b, b"2026-11-24", b"Rightz")):
        (site / "es" / "about").mkdir(parents=True)
        sitemap = b"<urlset><url><loc>/</loc><lastmod>" + day + b"</lastmod></url></urlset>"
        (site / "sitemap.xml").write_bytes(sitemap)
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap, mtime=0))
        (site / "es" / "about" / "index.html").write_bytes(b"<title>" + title + b"</title>\n")
    (b / "extra.js").write_bytes(b"")
    message = report(a, b)
    assert message.splitlines()[:3] == [
        f"2 file(s) differ between {a} and {b}:",
        "only in properdocs: extra.js",
        "differs: es/about/index.html",
    ]
    assert "-<title>Rights</title>\n+<title>Rightz</title>" in message
    (b / "extra.js").unlink()
    (b / "es" / "about" / "index.html").write_bytes(b"<title>Rights</title>\n")
    assert report(a, b) == ""
