"""Extraction: `docs/` → templates in `locales/templates/`.

Pages are cut into segments by :mod:`kyr.segment`; the theme's strings and the
media titles come from the site engine's glue as :class:`kyr.catalog.UIMessage`.
The same segmentation serves ``pybabel extract -F babel.cfg`` through
:func:`babel_extract`, registered as the Babel extractor ``kyr``.

    >>> import io
    >>> list(babel_extract(io.BytesIO(b"# Hi\\n"), [], [], {}))
    [(1, 'gettext', 'Hi', [])]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kyr import catalog as catalogs
from kyr.catalog import UIMessage
from kyr.segment import BASE_EXTENSIONS, segment


def babel_extract(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor interface: (lineno, funcname, message, comments) per segment."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    # babel.cfg: `extensions = md_in_html, pymdownx.tabbed` adds the site's optional blocks.
    extra = [name.strip() for name in options.get("extensions", "").split(",") if name.strip()]
    for seg in segment(source, BASE_EXTENSIONS | set(extra)):
        if seg.context:
            yield seg.lineno, "pgettext", (seg.context, seg.text), list(seg.notes)
        else:
            yield seg.lineno, "gettext", seg.text, list(seg.notes)


def extract(
    docs_dir: Path, locales_dir: Path, ui: dict[str, Iterable[UIMessage]], extensions: Iterable[str] = BASE_EXTENSIONS
) -> list[Path]:
    """Write a template per page plus one per UI domain; drop templates of deleted pages.

    Pages are read with the site's Markdown `extensions`. Returns the templates
    written (unchanged ones are left alone).
    """
    written: list[Path] = []
    wanted: set[str] = set()
    for domain, template in catalogs.page_templates(docs_dir, extensions):
        wanted.add(domain)
        path = catalogs.template_path(locales_dir, domain)
        if catalogs.write(path, template):
            written.append(path)
    for domain, messages in ui.items():
        wanted.add(domain)
        path = catalogs.template_path(locales_dir, domain)
        if catalogs.write(path, catalogs.template_from_ui(messages, f"{domain.capitalize()} messages.")):
            written.append(path)
    # A deleted page loses its template; its translations stay in locales/<lang>/
    # until a translator or maintainer removes them: nothing translated is dropped.
    for stale in set(catalogs.domains(locales_dir)) - wanted:
        catalogs.template_path(locales_dir, stale).unlink()
    return written
