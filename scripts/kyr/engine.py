"""The site engine: MkDocs 1.6, or ProperDocs, its maintained fork.

Everything in :mod:`kyr.mkdocs` takes the engine's names from here and nowhere
else, so the engine is chosen in one place: ``KYR_ENGINE`` if set, else the one
installed (MkDocs first, when a machine has both).

ProperDocs 1.6 is MkDocs 1.6 under another name: the same modules under
``properdocs.*``, its config file ``properdocs.yml`` or else ``mkdocs.yml``, and
it loads both ``properdocs.plugins`` and ``mkdocs.plugins`` entry points (and
themes). Plugins and themes written for MkDocs (Material, mkdocs-static-i18n)
import ``mkdocs.*``; ProperDocs' own command line redirects those imports to
``properdocs.*`` (``properdocs.replacement``). `kyr build` calls the engine as a
library, so it installs that redirection itself, here.
"""

from __future__ import annotations

import importlib
import os
from importlib.util import find_spec

ENGINES = ("mkdocs", "properdocs")


class EngineError(RuntimeError):
    """No usable engine: none installed, or KYR_ENGINE names one that is not."""


def choose(requested: str | None, installed) -> str:
    """The engine to use: `requested` (KYR_ENGINE) if given, else the first installed.

    >>> choose(None, {"mkdocs", "properdocs"}.__contains__)
    'mkdocs'
    >>> choose(None, {"properdocs"}.__contains__)
    'properdocs'
    >>> choose("properdocs", {"mkdocs", "properdocs"}.__contains__)
    'properdocs'
    >>> choose("sphinx", lambda name: True)
    Traceback (most recent call last):
    ...
    kyr.engine.EngineError: KYR_ENGINE=sphinx: the engine is one of mkdocs, properdocs
    """
    if requested:
        if requested not in ENGINES:
            raise EngineError(f"KYR_ENGINE={requested}: the engine is one of {', '.join(ENGINES)}")
        if not installed(requested):
            raise EngineError(f"KYR_ENGINE={requested}, but {requested} is not installed: pip install 'kyr[{requested}]'")
        return requested
    for name in ENGINES:
        if installed(name):
            return name
    raise EngineError("no site engine is installed: pip install 'kyr[mkdocs]' or 'kyr[properdocs]'")


NAME = choose(os.environ.get("KYR_ENGINE"), lambda name: find_spec(name) is not None)
if NAME == "properdocs":
    import properdocs.replacement  # noqa: F401  (MkDocs plugins' `import mkdocs.*` → properdocs.*)


def _module(name: str):
    return importlib.import_module(f"{NAME}.{name}")


#: The engine's version, e.g. "1.6.1".
VERSION: str = importlib.import_module(NAME).__version__
#: The logger the engine and its plugins log under ("mkdocs" or "properdocs").
LOGGER = NAME

config_options = _module("config.config_options")
Config = _module("config.base").Config
ValidationError = _module("config.base").ValidationError
load_config = _module("config").load_config
plugins = _module("plugins")
BasePlugin = plugins.BasePlugin
event_priority = plugins.event_priority
PluginError = _module("exceptions").PluginError
Page = _module("structure.pages").Page
normalize_url = _module("utils").normalize_url
get_data = _module("utils.meta").get_data
build = _module("commands.build").build
# One page's own steps of a build: read and render its Markdown, then its template, with every
# plugin event of a page. Private in MkDocs 1.6 and ProperDocs 1.6 (both pinned); `kyr serve`
# uses them to render again the one page a saved catalog changed (kyr.mkdocs.preview).
populate_page = _module("commands.build")._populate_page
build_page = _module("commands.build")._build_page


def live_reload_server():
    """The engine's development server class (imported on demand: it pulls in watchdog)."""
    return _module("livereload").LiveReloadServer
