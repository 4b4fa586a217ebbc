"""Write the English HTML of every construct in tests/fixtures/constructs/ (run once per new construct).

    .venv/bin/python tests/bench/write_constructs.py

Each ``<name>.html`` is what Python-Markdown gives ``<name>.md`` with the site's extensions
(and the one its name's prefix enables), as tests/test_constructs.py renders it; commit it
with the ``.md``. The test module is loaded as part of a package of its own: an installed
distribution (textstat) ships a top-level ``tests`` package, which would shadow ours.
"""

import importlib
import sys
import types
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    package = types.ModuleType("kyr_tests")
    package.__path__ = [str(TESTS)]
    sys.modules["kyr_tests"] = package
    importlib.import_module("kyr_tests.test_constructs").write_expected()
