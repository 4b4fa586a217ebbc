"""The theme's strings: which ones the templates use, and how they are translated.

Material for MkDocs keeps its UI strings in ``partials/languages/<lang>.html``,
one file per language, and has none for Haitian Creole, Mam or Kʼicheʼ. Our
``overrides/partials/language.html`` sends every ``lang.t(key)`` to the UI
catalog instead, with Material's English text as the msgid, so the same
translators translate the theme and missing strings follow the fallback chain.
Our own templates mark strings with ``_("...")``.

Extraction follows the templates MkDocs renders (``main.html``, ``404.html``)
through their ``extends``, ``include`` and ``import`` tags, so only strings a
reader can meet reach translators.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from kyr.catalog import UIMessage

ENTRY_TEMPLATES = ("main.html", "404.html", "offline.html")
#: Material keys that are settings rather than text.
SETTINGS = {"language", "direction", "search.config.lang", "search.config.pipeline", "search.config.separator"}

_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")
_GETTEXT = re.compile(r"""\b_\(\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1\s*[,)]""")
_MATERIAL_KEY = re.compile(r"""\blang\.t\(\s*["']([\w.]+)["']\s*\)""")
_MATERIAL_ENTRY = re.compile(r'^\s*"([\w.]+)":\s*"((?:[^"\\]|\\.)*)",?\s*$', re.M)


def material_english(theme_dirs: Iterable[Path]) -> dict[str, str]:
    """Material's English UI strings by key, read from its ``languages/en.html``."""
    for directory in theme_dirs:
        path = directory / "partials" / "languages" / "en.html"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            return {k: v.encode().decode("unicode_escape") if "\\" in v else v for k, v in _MATERIAL_ENTRY.findall(text)}
    return {}


def _find(theme_dirs: list[Path], name: str) -> tuple[Path, Path] | None:
    for directory in theme_dirs:
        if (directory / name).is_file():
            return directory, directory / name
    return None


def reachable_templates(theme_dirs: list[Path]) -> list[tuple[Path, Path]]:
    """(theme dir, file) of every template the entry templates can reach, in order found."""
    seen: dict[str, tuple[Path, Path]] = {}
    queue = list(ENTRY_TEMPLATES)
    while queue:
        name = queue.pop(0)
        if name in seen or name.startswith("partials/languages/"):
            continue
        found = _find(theme_dirs, name)
        if found is None:
            continue
        seen[name] = found
        text = found[1].read_text(encoding="utf-8")
        references = _REFERENCE.findall(text)
        queue.extend(references)
        if "{% extends" in text and not any(r for r in references if f'extends "{r}"' in text):
            queue.append("base.html")  # Material's main.html extends it through a variable
    return list(seen.values())


def ui_messages(theme_dirs: list[Path], label: dict[Path, str]) -> list[UIMessage]:
    """Every translatable theme string, with the template and line it is used on."""
    english = material_english(theme_dirs)
    messages: list[UIMessage] = []
    for directory, path in reachable_templates(theme_dirs):
        where = f"{label.get(directory, directory.name)}/{path.relative_to(directory).as_posix()}"
        text = path.read_text(encoding="utf-8")
        for m in _GETTEXT.finditer(text):
            messages.append(UIMessage(m.group(2), locations=((where, text.count("\n", 0, m.start()) + 1),)))
        for m in _MATERIAL_KEY.finditer(text):
            key = m.group(1)
            if key in SETTINGS or key not in english:
                continue
            line = text.count("\n", 0, m.start()) + 1
            messages.append(UIMessage(english[key], locations=((where, line),), notes=(f"Material key {key}",)))
    return messages
