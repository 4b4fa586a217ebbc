"""`make realdocs`: the segmenter measured on real documentation trees it has never seen.

Each tree is the ``docs/`` of a public project's source distribution on PyPI,
pinned in TREES, downloaded once with pip into ``.cache/realdocs/`` (not
committed). For every page, with the tree's own ``markdown_extensions`` (from
its mkdocs.yml, properdocs.yml or zensical.toml, plus MkDocs' built-in toc,
tables and fenced_code), rendered with Python-Markdown directly:

- the page is segmented (:func:`kyr.segment.segment`) and its catalog filled
  twice: *identity* (msgstr = msgid, shown as another language, so every block
  goes through :func:`kyr.apply.apply` and its markers) and *marked*
  (``QXQ `` + msgid);
- **exact** means: the marked page has the English page's structure (html5lib
  trees: every element, its depth and attributes, text left out; the marker
  taken out of attributes), every text block of the English page carries the
  marker, and the identity page renders to the English HTML (``lang``
  attributes taken away, white space runs made one);
- **text blocks** are the block elements (p, li, h1-h6, td, dt, dd, summary...)
  whose own text, code aside, has a letter, plus alt and title texts; a block is
  *reached* when its place in the marked page carries the marker.

Out of scope by design, and printed as such: text inside raw HTML (not
Markdown; counted apart), pages that need a macro plugin's Jinja, extensions the
tree ships as its own code or that are not installed (dropped from the render,
both sides alike). ``pymdownx.snippets`` includes are resolved first with the
tree's own snippets configuration, so the page measured is the one MkDocs reads.

    .venv/bin/python tests/bench/realdocs.py            # every tree
    .venv/bin/python tests/bench/realdocs.py markdown   # trees whose name has "markdown"
    KYR_REALDOCS_VERBOSE=1 ...                          # every failing page, not the first 15
"""

from __future__ import annotations

import difflib
import importlib
import os
import re
import subprocess
import sys
import tarfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import html5lib
import markdown
import yaml
from markdown.util import BLOCK_LEVEL_ELEMENTS
from mkdocs.utils.meta import get_data

from kyr import markers
from kyr.apply import Choice, HeadingIdRecorder, apply
from kyr.segment import segment

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("KYR_REALDOCS_CACHE", ROOT / ".cache" / "realdocs"))
MARK = "QXQ "
VERBOSE = bool(os.environ.get("KYR_REALDOCS_VERBOSE"))


@dataclass(frozen=True)
class Tree:
    name: str
    requirement: str  # name==version of the sdist on PyPI
    config: str  # the site's configuration file, relative to the unpacked sdist


#: Chosen before any fix was made to what they showed (held out); pinned.
TREES = [
    Tree("markdown", "markdown==3.11.3", "mkdocs.yml"),
    Tree("pymdown-extensions", "pymdown-extensions==10.16", "mkdocs.yml"),
    Tree("starlette", "starlette==1.10.0", "mkdocs.yml"),
    Tree("mkdocstrings-python", "mkdocstrings-python==2.0.11", "mkdocs.yml"),
    Tree("griffe", "griffe==2.4.1", "zensical.toml"),
    Tree("cibuildwheel", "cibuildwheel==4.3.5", "properdocs.yml"),
]
#: MkDocs (and ProperDocs) always add these to the site's own extensions.
BUILTIN = ["toc", "tables", "fenced_code"]


# -- fetching -------------------------------------------------------------------


def unpacked(tree: Tree) -> Path:
    """The tree's sdist, downloaded with pip and unpacked into the cache (once)."""
    name, version = tree.requirement.split("==")
    sdists = CACHE / "sdist"
    stem = f"{name}_{version}.tar.gz".replace("-", "_").lower()

    def found() -> list[Path]:
        return [p for p in sdists.glob("*.tar.gz") if p.name.lower().replace("-", "_") == stem]

    if not found():
        sdists.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", tree.requirement, "-d", str(sdists)],
            check=True,
        )
    target = CACHE / "trees"
    with tarfile.open(found()[0]) as archive:
        top = archive.getnames()[0].split("/")[0]
        if not (target / top).exists():
            archive.extractall(target, filter="data")
    return target / top


# -- the site's configuration -----------------------------------------------------


class Unresolved:
    """A Python name the configuration refers to that is not importable here (or is the tree's own code)."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"<unresolved {self.name}>"


def _python_name(dotted: str):
    module, _, attr = dotted.rpartition(".")
    if module.split(".")[0] in ("tools", "docs"):  # the tree's own helpers: never run here
        return Unresolved(dotted)
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return Unresolved(dotted)


class _Loader(yaml.SafeLoader):
    config_dir = "."


def _env(loader, node):
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [None]
    return values[-1]


def _relative(loader, node):
    return loader.config_dir


def _name(loader, suffix, node):
    return _python_name(suffix)


def _apply(loader, suffix, node):
    target = _python_name(suffix)
    spec = loader.construct_mapping(node, deep=True) if isinstance(node, yaml.MappingNode) else {}
    if isinstance(target, Unresolved):
        return target
    return target(*spec.get("args", ()), **spec.get("kwds", {}))


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", _relative)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _name)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _apply)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass
class Site:
    docs_dir: Path
    extensions: list[str]
    configs: dict[str, dict]
    plugins: list[str]
    dropped: list[str] = field(default_factory=list)

    @property
    def slugify(self):
        """toc's slugify as the site configures it, as the plugin gives it to apply()."""
        toc = next((self.configs[n] for n in self.extensions if n.removeprefix("markdown.extensions.") == "toc"), {})
        if "slugify" not in toc:
            return None
        return lambda text: toc["slugify"](text, toc.get("separator", "-"))


def _yaml_extensions(items) -> list[tuple[str, dict]]:
    out = []
    for item in items or []:
        if isinstance(item, str):
            out.append((item, {}))
        else:
            name, config = next(iter(item.items()))
            out.append((name, config or {}))
    return out


def _toml_extensions(table: dict, prefix: str = "") -> list[tuple[str, dict]]:
    """Zensical nests dotted names (``pymdownx.blocks.tab``) as tables: a key is a sub-extension
    when the module it names has ``makeExtension``, otherwise it is an option."""
    out = []
    for key, value in table.items():
        name = prefix + key
        try:
            module = importlib.import_module(name)
        except ImportError:
            module = None
        own = {k: v for k, v in (value or {}).items() if not _is_extension(f"{name}.{k}")}
        sub = {k: v for k, v in (value or {}).items() if _is_extension(f"{name}.{k}")}
        if module is None or hasattr(module, "makeExtension") or not sub:
            # Zensical takes Python names as strings: resolve them as MkDocs' YAML tags would.
            own = {k: _python_name(v) if k in ("emoji_index", "emoji_generator") else v for k, v in own.items()}
            if "custom_fences" in own:
                own["custom_fences"] = [
                    {k: _python_name(v) if k in ("format", "validator") else v for k, v in fence.items()}
                    for fence in own["custom_fences"]
                ]
            out.append((name, own))
        out.extend(_toml_extensions(sub, name + "."))
    return out


def _is_extension(name: str) -> bool:
    try:
        return hasattr(importlib.import_module(name), "makeExtension")
    except ImportError:
        return False


def _any_options(language, inputs, options, attrs, md) -> bool:
    """A superfences validator that takes every option, standing in for one that is not here."""
    options.update(inputs)
    return True


#: Custom fences whose format or validator is not here stay code, as they are in the tree's build.
_STAND_INS = {"format": "pymdownx.superfences.fence_code_format", "validator": _any_options}
#: The fences markdown-exec (a plugin) adds at build time: their output is code, never page text.
_EXEC_FENCES = ("python", "py", "pycon", "md", "markdown", "console", "bash", "sh", "pyodide", "tree", "html")


def _strip_unresolved(value, where: str, dropped: list[str]):
    """The configuration without the parts that refer to code that is not here."""
    if isinstance(value, dict) and where.endswith("]") and ".custom_fences[" in where:
        fence = dict(value)
        for option, stand_in in _STAND_INS.items():
            if isinstance(fence.get(option), Unresolved):
                dropped.append(f"{where}.{option}: {fence[option].name} stood in by a plain code fence")
                fence[option] = _python_name(stand_in) if isinstance(stand_in, str) else stand_in
        value = fence
    if isinstance(value, Unresolved):
        dropped.append(f"{where}: {value.name} (not importable, or the tree's own code)")
        return None
    if isinstance(value, dict):
        kept = {}
        for k, v in value.items():
            v2 = _strip_unresolved(v, f"{where}.{k}", dropped)
            if v2 is not None or v is None:
                kept[k] = v2
        return kept
    if isinstance(value, list):
        kept = []
        for n, v in enumerate(value):
            v2 = _strip_unresolved(v, f"{where}[{n}]", dropped)
            if v2 is not None and not (isinstance(v, dict) and len(v2) < len(v)):
                kept.append(v2)
        return kept
    return value


def load_site(root: Path, config_file: str) -> Site:
    path = root / config_file
    if path.suffix == ".toml":
        project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
        items = _toml_extensions(project.get("markdown_extensions", {}))
        plugins = list(project.get("plugins", {}))
        docs_dir = project.get("docs_dir", "docs")
    else:
        _Loader.config_dir = str(root)
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        items = _yaml_extensions(config.get("markdown_extensions"))
        plugins = [p if isinstance(p, str) else next(iter(p)) for p in config.get("plugins") or []]
        docs_dir = config.get("docs_dir") or "docs"
    site = Site(root / docs_dir, [], {}, plugins)
    if "markdown-exec" in plugins:
        site.dropped.append(f"markdown-exec (plugin): its fences {', '.join(_EXEC_FENCES)} stood in by plain code fences")
        for n, (name, config) in enumerate(items):
            if name == "pymdownx.superfences":
                fences = list(config.get("custom_fences") or [])
                known = {f.get("name") for f in fences if isinstance(f, dict)}
                fences += [{"name": lang, "class": lang, "format": _python_name(_STAND_INS["format"]), "validator": _any_options}
                           for lang in _EXEC_FENCES if lang not in known]
                items[n] = (name, {**config, "custom_fences": fences})
    for name, config in [(b, {}) for b in BUILTIN] + items:
        config = _strip_unresolved(config, name, site.dropped)
        try:
            markdown.Markdown(extensions=[name], extension_configs={name: config})
        except Exception as error:  # noqa: BLE001 - any failure to load drops the extension, said aloud
            site.dropped.append(f"{name}: {type(error).__name__}: {str(error)[:80]}")
            continue
        if name in site.configs:
            site.configs[name].update(config)
        else:
            site.extensions.append(name)
            site.configs[name] = dict(config)
    return site


# -- pages ----------------------------------------------------------------------


def pages(site: Site) -> list[Path]:
    """Markdown pages as MkDocs finds them: files and folders starting with a dot are not pages."""
    return sorted(
        p for p in site.docs_dir.rglob("*.md")
        if not any(part.startswith(".") for part in p.relative_to(site.docs_dir).parts)
    )


def with_snippets(source: str, site: Site, root: Path) -> str:
    """The page as pymdownx.snippets gives it to Python-Markdown, its front matter kept."""
    name = next((n for n in site.extensions if n.endswith("pymdownx.snippets")), None)
    if name is None:
        return source
    config = dict(site.configs[name])
    base = config.get("base_path", ["."])
    config["base_path"] = [str(root / b) for b in ([base] if isinstance(base, str) else base)]
    md = markdown.Markdown(extensions=[name], extension_configs={name: config})
    body, _ = get_data(source.removeprefix("\ufeff"))
    front = source[: len(source) - len(body)] if source.endswith(body) else ""
    return front + "\n".join(md.preprocessors["snippet"].run(body.split("\n")))


def markdown_for(site: Site) -> markdown.Markdown:
    """Python-Markdown with the site's extensions; raw HTML blocks come out inside ``<div data-kyr-raw>``."""
    names = [n for n in site.extensions if not n.endswith("pymdownx.snippets")]
    md = markdown.Markdown(extensions=names, extension_configs={n: site.configs[n] for n in names})
    base = type(md.postprocessors["raw_html"])

    class Marked(base):
        def stash_to_string(self, text):
            html = super().stash_to_string(text)
            if isinstance(text, str) and self.isblocklevel(html) and not html.startswith("<!"):
                return f"<div data-kyr-raw>{html}</div>"
            return html

    md.postprocessors.register(Marked(md), "raw_html", 30)
    # The ids toc gives the English headings, which translated headings keep (as the build does).
    md.heading_ids = HeadingIdRecorder.register(md)
    return md


def render(md: markdown.Markdown, source: str) -> str:
    body, _ = get_data(source.removeprefix("\ufeff"))
    return md.reset().convert(body)


# -- comparing ------------------------------------------------------------------

_BLOCKS = set(BLOCK_LEVEL_ELEMENTS) | {"li", "td", "th", "dt", "dd", "summary", "caption", "figcaption", "label"}
_NO_TEXT = {"code", "pre", "script", "style", "svg", "math", "kbd"}
_TEXT_ATTRS = ("alt", "title")
_GENERATED = {"footnote-backref", "headerlink", "twemoji", "emojione", "gemoji"}
_LETTER = re.compile(r"[^\W\d_]")
_URL = re.compile(r"^\s*(?:(?:https?|ftp)://|mailto:|www\.)\S*\s*$")


@dataclass
class Unit:
    """A text block (or an alt/title text) of the English page, at its element's place."""

    index: int
    attribute: str | None
    text: str
    raw: bool


def elements(html: str) -> list:
    doc = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    out = []

    def walk(el, depth):
        out.append((el, depth))
        for child in el:
            if isinstance(child.tag, str):
                walk(child, depth + 1)

    walk(doc.find("body"), 0)
    return out


def key(el, depth, tab_ids: bool = True) -> tuple:
    """An element as the structure sees it; without `tab_ids`, the ids pymdownx.tabbed makes of tab titles."""
    attrs = tuple(sorted(
        (k, v.replace(MARK, "")) for k, v in el.attrib.items() if k not in ("lang", "data-draft")
        and (tab_ids or not _TAB_ID(el, k))
    ))
    return depth, el.tag, attrs


def _TAB_ID(el, attr: str) -> bool:
    return (el.tag == "input" and attr == "id" and el.attrib.get("name", "").startswith("__tabbed")) or (
        el.tag == "label" and attr == "for"
    )


def own_text(el, skip_code: bool) -> str:
    """Text of an element outside its nested blocks (and code, when `skip_code`)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _BLOCKS and not (skip_code and child.tag in _NO_TEXT):
            parts.append(own_text(child, skip_code))
        parts.append(child.tail or "")
    return "".join(parts)


def text_units(tree: list) -> list[Unit]:
    units = []
    raw_depth = None
    for n, (el, depth) in enumerate(tree):
        if raw_depth is not None and depth <= raw_depth:
            raw_depth = None
        if "data-kyr-raw" in el.attrib and raw_depth is None:
            raw_depth = depth
        raw = raw_depth is not None
        if el.tag in _BLOCKS and el.tag not in _NO_TEXT:
            text = " ".join(own_text(el, True).split())
            if _LETTER.search(text) and not _URL.match(text):
                units.append(Unit(n, None, text, raw))
        classes = set(el.attrib.get("class", "").split())
        for attr in _TEXT_ATTRS:
            value = el.attrib.get(attr, "")
            if el.tag in ("img", "a", "abbr") and _LETTER.search(value) and not classes & _GENERATED:
                units.append(Unit(n, attr, value, raw))
    return units


def reached(unit: Unit, el, tree: list, at: int) -> bool:
    """Whether a text carries the marker: an alt or title in its attribute, or in the block that
    holds it (an image or link inside a translated paragraph is in that paragraph's msgid)."""
    if MARK.strip() in (el.attrib.get(unit.attribute, "") if unit.attribute else own_text(el, False)):
        return True
    if unit.attribute:
        depth = tree[at][1]
        for block, d in reversed(tree[:at]):
            if d < depth:
                depth = d
                if block.tag in _BLOCKS:
                    return MARK.strip() in own_text(block, False)
    return False


def without_lang(html: str) -> str:
    html = re.sub(r'<span lang="xx">(.*?)</span>', r"\1", html, flags=re.S).replace(' lang="xx"', "")
    return without_tab_ids(re.sub(r"\s+", " ", html).strip())


def without_tab_ids(html: str) -> str:
    """HTML without the ids pymdownx.tabbed makes of tab titles (see `key`)."""
    html = re.sub(r'(<input[^>]*?) id="[^"]*"([^>]*name="__tabbed)', r"\1\2", html)
    return re.sub(r'(<label[^>]*?) for="[^"]*"', r"\1", html)


@dataclass
class PageResult:
    path: str
    units: int = 0
    reached: int = 0
    raw_units: int = 0
    problem: str | None = None
    excluded: str | None = None
    tab_ids: bool = False


def describe(el) -> str:
    attrs = " ".join(f'{k}="{v[:30]}"' for k, v in el.attrib.items() if k != "data-kyr-raw")
    text = " ".join(own_text(el, False).split())[:70]
    return f"<{el.tag}{' ' + attrs if attrs else ''}> {text!r}"


def measure_page(path: Path, rel: str, site: Site, md, root: Path) -> PageResult:
    result = PageResult(rel)
    source = path.read_text(encoding="utf-8")
    if any(p in ("macros", "mkdocs-macros") for p in site.plugins) and re.search(r"\{\{|\{%", source):
        result.excluded = "uses the macros plugin's Jinja"
        return result
    try:
        source = with_snippets(source, site, root)
    except Exception as error:  # noqa: BLE001 - a snippet the sdist does not ship
        result.excluded = f"a snippet it includes is not in the sdist ({str(error)[:60]})"
        return result
    names = [n.removeprefix("markdown.extensions.") for n in site.extensions]
    segments = segment(source, dict(zip(names, (site.configs[n] for n in site.extensions))))
    english = render(md, source)
    slug = {"slugify": site.slugify} if site.slugify else {}
    slug["rendered_ids"] = list(md.heading_ids.ids)
    slug["pin_ids"] = any(n.endswith("attr_list") for n in site.extensions)
    identity = apply(source, segments, [Choice(s.text, "xx", False) for s in segments], "yy", **slug).markdown
    marked = apply(source, segments, [Choice(MARK + s.text, "yy", False) for s in segments], "yy", **slug).markdown
    english_tree, marked_tree = elements(english), elements(render(md, marked))
    units = text_units(english_tree)
    result.raw_units = sum(u.raw for u in units)
    units = [u for u in units if not u.raw]
    result.units = len(units)
    e_keys = [key(el, d, False) for el, d in english_tree]
    m_keys = [key(el, d, False) for el, d in marked_tree]
    # pymdownx.tabbed's `slugify` makes a tab's id of its title: no syntax pins it, so a translated
    # tab has its own id. Counted apart, not as a difference of structure.
    result.tab_ids = e_keys == m_keys and [key(el, d) for el, d in english_tree] != [key(el, d) for el, d in marked_tree]
    if e_keys == m_keys:
        where = dict(enumerate(range(len(e_keys))))
    else:
        where = {}
        for block in difflib.SequenceMatcher(None, e_keys, m_keys, autojunk=False).get_matching_blocks():
            where.update({block.a + k: block.b + k for k in range(block.size)})
        first = next(n for n, (a, b) in enumerate(zip(e_keys + [None], m_keys + [None])) if a != b)
        e_el = describe(english_tree[first][0]) if first < len(english_tree) else "(end)"
        m_el = describe(marked_tree[first][0]) if first < len(marked_tree) else "(end)"
        result.problem = f"structure: English {e_el} | translated {m_el}"
    missed = [u for u in units if u.index not in where or not reached(u, marked_tree[where[u.index]][0], marked_tree, where[u.index])]
    result.reached = len(units) - len(missed)
    if missed and result.problem is None:
        u = missed[0]
        result.problem = f"not in the catalog: {(u.attribute + '=') if u.attribute else ''}{u.text[:80]!r}"
    if result.problem is None:
        shown = without_lang(markers.resolve(render(md, identity), "yy"))
        eng = without_tab_ids(re.sub(r"\s+", " ", english).strip())
        if shown != eng:
            at = next(n for n, (a, b) in enumerate(zip(shown + "\0", eng + "\0")) if a != b)
            result.problem = f"identity: {shown[max(0, at - 50):at + 30]!r} vs English {eng[max(0, at - 50):at + 30]!r}"
    return result


# -- report ---------------------------------------------------------------------


def measure_tree(tree: Tree) -> tuple[int, int, int, int]:
    root = unpacked(tree)
    site = load_site(root, tree.config)
    md = markdown_for(site)
    results = []
    for path in pages(site):
        rel = path.relative_to(site.docs_dir).as_posix()
        try:
            results.append(measure_page(path, rel, site, md, root))
        except Exception as error:  # noqa: BLE001 - a crash is a failing page, shown
            results.append(PageResult(rel, problem=f"error: {type(error).__name__}: {error}"))
    measured = [r for r in results if r.excluded is None]
    exact = sum(r.problem is None for r in measured)
    units = sum(r.units for r in measured)
    hits = sum(r.reached for r in measured)
    print(f"\n== {tree.name} ({tree.requirement}, {tree.config}): {len(measured)} pages")
    for note in site.dropped:
        print(f"   dropped from the render (both sides): {note}")
    for r in results:
        if r.excluded:
            print(f"   excluded {r.path}: {r.excluded}")
    failing = [r for r in measured if r.problem]
    for r in failing if VERBOSE else failing[:15]:
        print(f"   FAIL {r.path}: {r.problem}")
    if len(failing) > 15 and not VERBOSE:
        print(f"   ... {len(failing) - 15} more (KYR_REALDOCS_VERBOSE=1)")
    raw = sum(r.raw_units for r in measured)
    tabs = sum(r.tab_ids and not r.problem for r in measured)
    if tabs:
        print(f"   {tabs} exact pages have tab ids that follow the translated tab titles (pymdownx.tabbed slugify)")
    print(f"   pages exact {exact}/{len(measured)} ({100 * exact / max(len(measured), 1):.1f} %), "
          f"text blocks reached {hits}/{units} ({100 * hits / max(units, 1):.2f} %); "
          f"{raw} text blocks inside raw HTML, out of scope")
    return exact, len(measured), hits, units


def main(argv: list[str]) -> int:
    chosen = [t for t in TREES if not argv or any(a in t.name for a in argv)]
    totals = [0, 0, 0, 0]
    for tree in chosen:
        for n, value in enumerate(measure_tree(tree)):
            totals[n] += value
    exact, count, hits, units = totals
    print(f"\nTOTAL: pages exact {exact}/{count} ({100 * exact / max(count, 1):.1f} %), "
          f"text blocks reached {hits}/{units} ({100 * hits / max(units, 1):.2f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
