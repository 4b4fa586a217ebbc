"""The theme's strings: which ones the templates use, and how they are translated.

Our templates mark strings with ``_("...")``. A few use ``lang.t(key)``, Material
for MkDocs' way, with Material's keys: ``overrides/partials/language.html`` sends
each to the UI catalog, with the English text of :data:`UI_KEYS` as the msgid, so
the same translators translate the whole theme and missing strings follow the
fallback chain. That text is ours: no file of Material's is read (Material keeps
one file per language, with none for Haitian Creole, Mam or Kʼicheʼ).

Strings with a count are written ``ngettext("%(num)d file", "%(num)d files", n)`` or
``{% trans count=n %}…{% pluralize %}…{% endtrans %}``; Jinja's own extractor finds them,
and each language picks its form by its Plural-Forms (:meth:`kyr.translate.Translations.choose_plural`).

Extraction follows the templates MkDocs renders (``main.html``, ``404.html``)
through their ``extends``, ``include`` and ``import`` tags, so only strings a
reader can meet reach translators.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from jinja2.ext import babel_extract

from kyr.catalog import UIMessage

ENTRY_TEMPLATES = ("main.html", "404.html", "offline.html")
#: The English text of each ``lang.t(key)`` the templates use (Material's wording, in its en.html).
UI_KEYS = {
    "action.skip": "Skip to content",
    "footer": "Footer",
    "footer.next": "Next",
    "footer.previous": "Previous",
    "select.language": "Select language",
}
#: Material keys that are settings rather than text.
SETTINGS = {"language", "direction", "search.config.lang", "search.config.pipeline", "search.config.separator"}

_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")
_GETTEXT = re.compile(r"""\b_\(\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1\s*[,)]""")
_MATERIAL_KEY = re.compile(r"""\blang\.t\(\s*["']([\w.]+)["']\s*\)""")


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
    messages: list[UIMessage] = []
    for directory, path in reachable_templates(theme_dirs):
        where = f"{label.get(directory, directory.name)}/{path.relative_to(directory).as_posix()}"
        text = path.read_text(encoding="utf-8")
        for m in _GETTEXT.finditer(text):
            messages.append(UIMessage(m.group(2), locations=((where, text.count("\n", 0, m.start()) + 1),)))
        messages.extend(plural_messages(text, where))
        for m in _MATERIAL_KEY.finditer(text):
            key = m.group(1)
            if key in SETTINGS or key not in UI_KEYS:
                continue
            line = text.count("\n", 0, m.start()) + 1
            messages.append(UIMessage(UI_KEYS[key], locations=((where, line),), notes=(f"Material key {key}",)))
    return messages


def plural_messages(text: str, where: str) -> list[UIMessage]:
    """The strings with a count of a template: (singular, plural) ids, found by Jinja's extractor.

    >>> plural_messages('{{ ngettext("%(num)d file", "%(num)d files", n) }}', "t.html")[0].id
    ('%(num)d file', '%(num)d files')
    """
    found = babel_extract(io.BytesIO(text.encode("utf-8")), ("ngettext",), [], {"extensions": "jinja2.ext.i18n"})
    return [
        UIMessage((message[0], message[1]), locations=((where, lineno),))
        for lineno, function, message, _ in found
        if function == "ngettext" and isinstance(message, tuple) and message[0] and message[1]
    ]
