"""MkDocs glue for pages that stay on the phone and pages that are passed on.

- :func:`write_share` writes each page's ``share.txt`` (:mod:`kyr.share`) beside its ``index.html``;
- :func:`write_offline` writes, once a language's pages are built, its manifest, service worker
  and offline page (:mod:`kyr.saved_offline`), and the language's size into its pages' save control.

The plugin (plugin.py) calls them; the work is done by the engine-agnostic modules.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from pathlib import Path

from markupsafe import Markup

from kyr import markers, saved_offline, share
from babel.numbers import format_decimal

log = logging.getLogger("mkdocs.plugins.kyr")

#: What partials/keep.html says where the build writes the language's size.
SIZE_MARK = "KYR-OFFLINE-SIZE"
WORKER_SOURCE = "assets/sw.js"
#: The unit of the save button's size, a UI string (declared for extraction in site.ui_domains).
KB = "%(number)s KB"


def share_text(plugin, page, info, title: str, url: str | None) -> str:
    """The page's share text, in the page's language (UI strings through the UI catalog)."""
    points = share.blocks(markers.strip(str(info.card))) if info and info.card else []
    if not points and page.meta.get("description"):
        points = [(markers.strip(str(page.meta["description"])), False)]
    notes = [plugin.ui("This is not legal advice.")]
    if info and info.last_reviewed:
        notes.append(plugin.ui("Facts checked: %(date)s.", date=info.last_reviewed))
    if info and info.drafts:
        notes.append(plugin.ui("Translation not yet reviewed."))
    return share.compose(markers.strip(title), points, [markers.strip(n) for n in notes], url) + "\n"


def write_share(plugin, page, config, info, title: str) -> None:
    """``share.txt`` beside the page; its link only when the site has a public address."""
    _, public = plugin.site_address(config)
    url = page.canonical_url if public and page.canonical_url else None
    target = Path(page.file.abs_dest_path).parent / "share.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(share_text(plugin, page, info, title, url), encoding="utf-8")


def kilobytes(size: int, locale: str) -> str:
    """A size in KB (of 1000 bytes), written as the reader's language writes numbers.

    >>> kilobytes(65_111, "en"), kilobytes(1_234_567, "es"), kilobytes(12, "en")
    ('65', '1.235', '1')
    """
    return format_decimal(max(1, round(size / 1000)), locale=locale)


def csp_hash(text: str) -> str:
    """A CSP source for an inline script or style, so the offline page needs no file (it answers any URL).

    >>> csp_hash("")
    Markup("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='")
    """
    return Markup("'sha256-" + base64.b64encode(hashlib.sha256(str(text).encode()).digest()).decode() + "'")


def write_offline(plugin, config, env, pages: list[dict], sizes: dict[str, int] | None = None,
                  used: dict[str, int] | None = None) -> dict | None:
    """The language's manifest, worker and offline page; its size into its pages. Returns the manifest.

    `sizes` and `used`: brotli sizes known from the last build, and those of this one (see
    :func:`kyr.saved_offline.total_bytes`).
    """
    source = next((Path(d) / WORKER_SOURCE for d in config.theme.dirs if (Path(d) / WORKER_SOURCE).is_file()), None)
    if source is None or not pages:
        return None
    build_root = Path(config.site_dir)
    own = "" if plugin.lang == plugin.languages.source else plugin.lang
    lang_root = build_root / own if own else build_root
    skip = frozenset(c for c in plugin.languages.codes if c != plugin.lang) | {"recordings"}
    entries = saved_offline.files(lang_root, build_root, skip)
    size = saved_offline.total_bytes(entries, sizes, used)
    label = markers.strip(plugin.ui(KB, number=kilobytes(size, plugin.languages[plugin.lang].formats)))
    plugin.offline_label = label  # for a page `kyr serve` renders again alone (kyr.mkdocs.preview)
    for entry in entries:
        if entry.path.suffix == ".html":
            text = entry.path.read_text(encoding="utf-8")
            if SIZE_MARK in text:
                entry.path.write_text(text.replace(SIZE_MARK, label), encoding="utf-8")
    data = saved_offline.manifest(entries, pages, size)
    saved_offline.write(lang_root, data, source.read_text(encoding="utf-8"))
    html = env.get_template("offline.html").render(config=config, pages=pages, lang=plugin.lang)
    (lang_root / saved_offline.PAGE).write_text(markers.resolve(html, plugin.lang), encoding="utf-8")
    log.info("offline: %s, %d files, %s KB, version %s", plugin.lang, len(entries), label, data["version"])
    return data


def page_entry(page, lang_prefix: str, title: str) -> dict:
    """A page as the manifest lists it: its URL from the language's root, and its title."""
    url = page.url.removeprefix(lang_prefix) or "./"
    return {"url": url, "title": markers.strip(title)}
