"""The core imports nothing from MkDocs, so it can move to another site engine."""

import subprocess
import sys

CORE = ["apply", "catalog", "checks", "extract", "languages", "markers", "media", "pofile", "pseudo",
        "recording_script", "recordings", "segment", "sitemap", "stats", "translate", "address", "offline", "saved_offline", "share"]


def test_core_modules_do_not_import_mkdocs():
    code = "import sys\n" + "".join(f"import kyr.{m}\n" for m in CORE) + (
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'properdocs', 'material', 'mkdocs_static_i18n'))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
