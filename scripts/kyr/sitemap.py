"""One sitemap for every language, with hreflang alternates, and the robots.txt that names it.

Each language is built on its own, so no single build knows every page in every
language; this runs once all are assembled in the output folder.

    >>> _url("https://x.test/kyr/", "es/mpp/")
    'https://x.test/kyr/es/mpp/'
"""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.sax.saxutils import escape

from kyr.languages import Languages


def _url(base: str, path: str) -> str:
    return base.rstrip("/") + "/" + path


def _pages(folder: Path, skip: set[str]) -> list[str]:
    """Directory-style URLs of the pages in a language's folder, e.g. 'mpp/'."""
    urls = []
    for index in sorted(folder.rglob("index.html")):
        rel = index.parent.relative_to(folder)
        if rel.parts and rel.parts[0] in skip:
            continue
        urls.append("" if rel == Path(".") else rel.as_posix() + "/")
    return urls


def write_sitemap(site: Path, base_url: str | None, languages: Languages) -> None:
    """Write sitemap.xml, sitemap.xml.gz and robots.txt at the site's root; drop per-language sitemaps.

    A sitemap holds absolute URLs only: without a public `base_url` there is none,
    and robots.txt names none.
    """
    codes = languages.codes
    prefix = {code: "" if code == languages.source else f"{code}/" for code in codes}
    for code in codes:
        for name in ("sitemap.xml", "sitemap.xml.gz", "sitemap.xml.br"):
            (site / prefix[code] / name).unlink(missing_ok=True)
    if not base_url:
        (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
        return
    pages = _pages(site, set(codes) | {"translators"})  # the translators' dashboard (kyr.dashboard) is no reader's page
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in pages:
        present = [c for c in codes if (site / prefix[c] / page / "index.html").exists()]
        for code in present:
            lines.append(f"  <url><loc>{escape(_url(base_url, prefix[code] + page))}</loc>")
            for alt in present:
                href = escape(_url(base_url, prefix[alt] + page))
                lines.append(f'    <xhtml:link rel="alternate" hreflang="{alt}" href="{href}"/>')
            lines.append("  </url>")
    lines.append("</urlset>\n")
    xml = "\n".join(lines).encode()
    (site / "sitemap.xml").write_bytes(xml)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))
    # Crawlers look for robots.txt first; it points them to the sitemap.
    (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {_url(base_url, 'sitemap.xml')}\n", encoding="utf-8")
