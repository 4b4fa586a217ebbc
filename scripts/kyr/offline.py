"""Offline copies of the built site: a ZIM file for Kiwix, and zips for a USB stick.

Shelters often have no internet but a laptop, a Kiwix hotspot or a USB stick.
Both copies are made from the built ``site/`` (never changing it) without the
precompressed ``.br``/``.gz`` twins, the sitemap and robots.txt, which only a
web host needs, and without the translators' dashboard, which is not for readers
(and links to catalogs a copy does not hold).

Pages link to folders (``../court-case/``), which a web server answers with the
folder's ``index.html``; a browser opening files from a stick (``file://``)
shows a folder listing instead. So in the copies every relative link to a
folder names its ``index.html``, and a link to a page the copy does not hold (a
language left out of a one-language zip) loses its ``href`` and stays as text.

    >>> rewrite_links('<a href="../court-case/#x">C</a><img src="qr.svg">', "es/mpp/index.html", {"es/court-case/index.html", "es/mpp/qr.svg"}.__contains__)
    '<a href="../court-case/index.html#x">C</a><img src="qr.svg">'
    >>> rewrite_links('<a href="../../court-case/" hreflang="en">English</a>', "es/mpp/index.html", lambda path: False)
    '<a hreflang="en">English</a>'
"""

from __future__ import annotations

import datetime as dt
import html
import mimetypes
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kyr.dashboard import FOLDER as DASHBOARD

#: ISO 639-1 codes to the ISO 639-3 codes ZIM metadata uses; a three-letter code is already one.
ISO_639_3 = {"en": "eng", "es": "spa", "pt": "por", "ht": "hat", "fr": "fra", "de": "deu", "it": "ita"}

#: What only a web host needs: precompressed twins, and what crawlers read.
HOST_ONLY_SUFFIXES = (".br", ".gz")
HOST_ONLY_FILES = {"sitemap.xml", "robots.txt"}

_ATTRIBUTE = re.compile(r'(\s)(href|src)="([^"]*)"')


def iso_639_3(code: str) -> str:
    """The ISO 639-3 code of a language code of languages.toml.

    >>> [iso_639_3(c) for c in ("en", "es", "pt", "ht", "mam", "quc")]
    ['eng', 'spa', 'por', 'hat', 'mam', 'quc']
    """
    base = code.split("-")[0].split("_")[0].lower()
    if len(base) == 3:
        return base
    if base not in ISO_639_3:
        raise ValueError(f"no ISO 639-3 code known for language {code!r}: add it to kyr.offline.ISO_639_3")
    return ISO_639_3[base]


def site_files(site: Path) -> list[str]:
    """The site's files a copy carries, as POSIX paths relative to `site`, sorted."""
    files = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if rel.split("/")[0] == DASHBOARD:
            continue
        if path.is_file() and not rel.endswith(HOST_ONLY_SUFFIXES) and rel not in HOST_ONLY_FILES:
            files.append(rel)
    return files


def language_files(files: list[str], codes: list[str], source: str, lang: str) -> list[str]:
    """The files of one language's copy: its pages, and what is shared (assets, recordings).

    The source language's pages are at the root; every other language has its folder.
    A root folder holding no page (``index.html``) is shared by all.

    >>> files = ["index.html", "court/index.html", "court/qr.svg", "es/index.html", "assets/kyr.css"]
    >>> language_files(files, ["en", "es"], "en", "es")
    ['es/index.html', 'assets/kyr.css']
    >>> language_files(files, ["en", "es"], "en", "en")
    ['index.html', 'court/index.html', 'court/qr.svg', 'assets/kyr.css']
    """
    others = set(codes) - {source}
    pages = {f.split("/")[0] for f in files if f.count("/") == 1 and f.endswith("/index.html")}

    def owner(path: str) -> str | None:
        top = path.split("/")[0]
        if "/" in path and top in others:
            return top
        return source if "/" not in path or top in pages else None

    return [f for f in files if owner(f) in (lang, None)]


def _resolve(page: str, target: str) -> str:
    """The file a relative link of `page` opens: a folder's index.html, a file itself.

    >>> [_resolve("es/mpp/index.html", t) for t in ("../", "./", "..", "qr.svg", "../../assets/kyr.css")]
    ['es/index.html', 'es/mpp/index.html', 'es/index.html', 'es/mpp/qr.svg', 'assets/kyr.css']
    """
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(target)))
    folder = target in ("", ".", "..") or target.endswith("/")
    joined = "" if joined == "." else joined
    return posixpath.join(joined, "index.html") if folder else joined


def rewrite_links(page_html: str, page: str, exists: Callable[[str], bool]) -> str:
    """`page_html` with relative folder links naming index.html, and links to absent files unlinked.

    Only ``href`` and ``src`` attributes in double quotes are touched, which is how the
    theme and Python-Markdown write them; text that shows an attribute is escaped
    (``href=&quot;``), so it never matches. Absolute URLs, fragments and queries
    on the page itself are left as they are.
    """

    def fix(m: re.Match) -> str:
        space, name, value = m.groups()
        url = html.unescape(value)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("/", "#", "?")) or not url:
            return m.group(0)
        target = _resolve(page, parts.path)
        if not exists(target):
            return "" if name == "href" else m.group(0)
        suffix = ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
        path = parts.path
        if path in ("", "."):
            path = "index.html"
        elif path == ".." or path.endswith("/"):
            path = path.rstrip("/") + "/index.html"
        return f'{space}{name}="{html.escape(path + suffix, quote=True)}"'

    return _ATTRIBUTE.sub(fix, page_html)


def copy_bytes(site: Path, rel: str, held: set[str]) -> bytes:
    """A file as the offline copy holds it: an HTML page with its links rewritten, anything else as is."""
    data = (site / rel).read_bytes()
    if rel.endswith(".html"):
        data = rewrite_links(data.decode("utf-8"), rel, held.__contains__).encode("utf-8")
    return data


def write_zip(site: Path, files: list[str], out: Path, folder: str) -> int:
    """Write `files` of `site` into the zip `out`, under `folder/`; return the number of entries.

    Entries are written in a fixed order with a fixed date, so the same site gives the same zip.
    """
    held = set(files)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for rel in files:
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, copy_bytes(site, rel, held))
    tmp.replace(out)
    return len(files)


# -- ZIM --------------------------------------------------------------------------------------------


@dataclass
class ZimInfo:
    """What a ZIM file says about itself (https://wiki.openzim.org/wiki/Metadata)."""

    name: str
    title: str
    description: str
    creator: str
    publisher: str
    languages: list[str]
    index_language: str
    main_path: str = "index.html"


def page_title(page_html: str) -> str:
    """A page's title for Kiwix's list and suggestions: its h1, else its <title>, as text.

    >>> page_title('<title>Asilo · Sitio</title><h1 id="a">Pedir <em>asilo</em><a class="headerlink" href="#a">¶</a></h1>')
    'Pedir asilo'
    """
    m = re.search(r"<h1\b[^>]*>(.*?)</h1>", page_html, re.S) or re.search(r"<title>(.*?)</title>", page_html, re.S)
    if not m:
        return ""
    inner = re.sub(r'<a class="headerlink".*?</a>', "", m.group(1), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()


def page_description(page_html: str) -> str:
    """The page's <meta name="description">, as text."""
    m = re.search(r'<meta name="description" content="([^"]*)"', page_html)
    return html.unescape(m.group(1)) if m else ""


def write_zim(site: Path, files: list[str], out: Path, info: ZimInfo, illustration: bytes) -> int:
    """Write `files` of `site` into the ZIM file `out` with python-libzim; return the number of entries.

    Pages are front articles, titled by their h1, in the full-text and title indexes,
    so Kiwix lists them and finds them by any word; assets are stored beside them at
    the same paths, so the pages' relative links work as on the web.
    """
    from libzim.writer import Creator, Hint, Item, StringProvider

    class SiteItem(Item):
        def __init__(self, path: str, title: str, mimetype: str, content: bytes, front: bool):
            super().__init__()
            self.path, self.title, self.mimetype, self.content, self.front = path, title, mimetype, content, front

        def get_path(self):
            return self.path

        def get_title(self):
            return self.title

        def get_mimetype(self):
            return self.mimetype

        def get_contentprovider(self):
            return StringProvider(self.content)

        def get_hints(self):
            return {Hint.FRONT_ARTICLE: self.front, Hint.COMPRESS: self.mimetype.startswith(("text/", "image/svg"))}

    held = set(files)
    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    titles: set[str] = set()
    with Creator(str(tmp)).config_indexing(True, info.index_language) as creator:
        creator.set_mainpath(info.main_path)
        creator.add_illustration(48, illustration)
        for key, value in (
            ("Name", info.name),
            ("Title", info.title),
            # openZIM: Description at most 80 characters; the whole text as LongDescription.
            ("Description", shorten(info.description, 80)),
            *((("LongDescription", info.description),) if len(info.description) > 80 else ()),
            ("Language", ",".join(info.languages)),
            ("Creator", info.creator),
            ("Publisher", info.publisher),
            ("Date", dt.date.today().isoformat()),
        ):
            creator.add_metadata(key, value)
        for rel in files:
            data = copy_bytes(site, rel, held)
            mimetype = mimetypes.guess_type(rel)[0] or "application/octet-stream"
            page = rel.endswith("index.html")
            title = page_title(data.decode("utf-8")) if page else ""
            # Titles are unique in a ZIM's title index: a page shown in its fallback language keeps its path.
            if title in titles:
                title = f"{title} ({rel.split('/')[0]})"
            titles.add(title)
            creator.add_item(SiteItem(rel, title, mimetype, data, front=page))
    tmp.replace(out)
    return len(files)


def illustration_png(size: int = 48, ink: tuple[int, int, int] = (0x0B, 0x4E, 0xA2)) -> bytes:
    """The ZIM's illustration: a white "i" (information) on the theme's link colour, as a PNG.

    The site has no icon of its own (its pages ask for none), and Pillow is no
    dependency, so the PNG is encoded here: 8-bit RGB, filter 0 on every row,
    one zlib-compressed IDAT (PNG specification, sections 11 and 12).

    >>> png = illustration_png()
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n" and struct.unpack(">II", png[16:24])
    (48, 48)
    """
    white = (255, 255, 255)

    def pixel(x: int, y: int) -> tuple[int, int, int]:
        u, v = x / size, y / size
        dot = (u - 0.5) ** 2 + (v - 0.27) ** 2 <= 0.075**2
        stem = 0.43 <= u <= 0.57 and 0.40 <= v <= 0.80
        return white if dot or stem else ink

    rows = b"".join(b"\x00" + bytes(c for x in range(size) for c in pixel(x, y)) for y in range(size))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word to at most `limit` characters, with an ellipsis where cut.

    >>> shorten("Find the page for your situation.", 20)
    'Find the page for…'
    """
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def slug(text: str) -> str:
    """A name for files and the ZIM's Name: lower case, words joined by hyphens.

    >>> slug("Know Your Rights")
    'know-your-rights'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "site"


@dataclass
class Made:
    path: Path
    entries: int

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def make_offline(
    site: Path, dist: Path, codes: list[str], source: str, site_name: str, creator: str, publisher: str, description: str = ""
) -> list[Made]:
    """Write the ZIM, the whole-site zip and one zip per language into `dist`; return what was made."""
    dist.mkdir(parents=True, exist_ok=True)
    name = slug(site_name)
    files = site_files(site)
    home = (site / "index.html").read_text(encoding="utf-8")
    info = ZimInfo(
        name=f"{name.replace('-', '_')}_mul_all",
        title=site_name[:30],
        description=description or page_description(home) or site_name,
        creator=creator,
        publisher=publisher,
        languages=[iso_639_3(c) for c in codes],
        index_language=iso_639_3(source),
    )
    made = [Made(dist / f"{name}.zim", write_zim(site, files, dist / f"{name}.zim", info, illustration_png()))]
    made.append(Made(dist / f"{name}.zip", write_zip(site, files, dist / f"{name}.zip", name)))
    for code in codes:
        out = dist / f"{name}-{code}.zip"
        made.append(Made(out, write_zip(site, language_files(files, codes, source, code), out, f"{name}-{code}")))
    return made


def summary(made: Iterable[Made]) -> str:
    """One line per file: its name, size and number of entries."""
    return "\n".join(f"{m.path.name}: {m.size / 1024:.0f} KB, {m.entries} entries" for m in made)
