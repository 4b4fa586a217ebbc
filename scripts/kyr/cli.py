"""`kyr`: the one command for authors, translators and the build.

    kyr extract        docs/ → locales/templates/*.pot
    kyr update         templates → locales/<lang>/LC_MESSAGES/*.po, keeping translations
    kyr check          every catalog: syntax, safety, apostrophes (FILE:LINE: message)
    kyr stats [--json] entries and words translated / draft / stale / missing per language and page
    kyr build          every language → site/, built aside and swapped in (--language X: only X)
    kyr assemble DIR…  merge sites built one language each into site/
    kyr serve          build, then rebuild what a saved .md or .po changes, with live reload
    kyr readability    Flesch–Kincaid grade of every English page
    kyr pseudo LANG    fill LANG's catalogs with pseudo-translations (for testing)
    kyr tm --export FILE [--lang X] [--drafts]
                       the translation memory as TMX 1.4 (Weblate, Poedit)
    kyr termbase --export FILE [--lang X]
                       locales/termbase.csv as TBX-Basic (Weblate's glossary)
    kyr add-language CODE [--name N] [--fallback es,en] [--drafts hide|publish] [--dir] [--plural-forms] [--formats]
                       add a language with what CLDR knows of it, and make its catalogs
    kyr remove-language CODE
                       take a language out; its catalogs go to locales/archive/CODE-DATE/
    kyr recording-script LANG PAGE [-o FILE]
                       what a speaker needs to record PAGE in LANG (Markdown, printable)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from kyr import catalog as catalogs
from kyr.frontmatter import FrontMatterError
from kyr.languages import LanguageError, load_languages
from kyr.media import MediaError
from kyr.pofile import CatalogError


def _paths(args) -> tuple[Path, Path, Path]:
    root = Path(args.root)
    return root / "docs", root / "locales", root / "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name:...): only names are wanted."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def markdown_extensions(config: Path) -> set[str]:
    """Names of the Markdown extensions a site's mkdocs.yml enables.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "mkdocs.yml"
    >>> _ = path.write_text("markdown_extensions:\\n  - md_in_html\\n  - pymdownx.tabbed:\\n      alternate_style: true\\n")
    >>> sorted(markdown_extensions(path))
    ['md_in_html', 'pymdownx.tabbed']
    """
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    return {e if isinstance(e, str) else next(iter(e)) for e in data.get("markdown_extensions") or []}


def cmd_extract(args) -> int:
    from kyr.extract import extract
    from kyr.mkdocs.site import ui_domains

    docs, locales, config = _paths(args)
    written = extract(docs, locales, ui_domains(config), markdown_extensions(config))
    print(f"{len(written)} template(s) written in {locales / 'templates'}")
    return 0


def cmd_update(args) -> int:
    docs, locales, _ = _paths(args)
    written = catalogs.update_all(locales, load_languages(locales / "languages.toml"))
    print(f"{len(written)} catalog(s) updated")
    return 0


def cmd_check(args) -> int:
    from kyr.checks import check_catalogs
    from kyr.render_check import Judge

    docs, locales, config = _paths(args)
    judge = None  # without mkdocs.yml, the extensions of the shipped one (kyr.checks.SITE_EXTENSIONS)
    if config.is_file():
        from kyr.mkdocs.markdown_config import markdown_config

        judge = Judge(*markdown_config(config))
    problems = check_catalogs(locales, load_languages(locales / "languages.toml"), judge=judge, docs_dir=docs)
    for problem in problems:
        print(problem)
    # The build refuses these too: check says so first.
    inputs = _check_pages_and_media(docs)
    for message in inputs:
        print(message)
    n_errors = sum(p.level == "error" for p in problems) + len(inputs)
    print(f"{n_errors} error(s), {len(problems) + len(inputs) - n_errors} warning(s)", file=sys.stderr)
    return 1 if n_errors else 0


def _check_pages_and_media(docs: Path) -> list[str]:
    """Errors in the pages' front matter and in the media registry, as `FILE:LINE: message`."""
    from kyr import frontmatter, media

    found = []
    for rel in catalogs.pages(docs):
        try:
            frontmatter.read((docs / rel).read_text(encoding="utf-8-sig"), str(docs / rel))
        except frontmatter.FrontMatterError as exc:
            found.append(f"{exc.path}:{exc.line}: error: front matter: {exc.message}")
    registry = docs / "media.yml"
    if registry.exists():
        try:
            media.check_topics(media.load_media(registry), {rel.removesuffix(".md") for rel in catalogs.pages(docs)}, registry)
        except media.MediaError as exc:
            found.append(str(exc))
    return found


def cmd_stats(args) -> int:
    from kyr import stats

    _, locales, _ = _paths(args)
    collected = stats.collect(locales, load_languages(locales / "languages.toml"))
    print(json.dumps(stats.as_json(collected), indent=2) if args.json else stats.as_table(collected))
    return 0


def cmd_build(args) -> int:
    from kyr.mkdocs.site import build

    _, _, config = _paths(args)
    return build(config, Path(args.site), jobs=args.jobs, languages=args.language or None, compress=not args.no_compress,
                 incremental=not args.clean)


def cmd_assemble(args) -> int:
    from kyr.mkdocs.site import assemble

    _, _, config = _paths(args)
    return assemble(config, [Path(part) for part in args.parts], Path(args.site), compress=not args.no_compress)


def cmd_offline(args) -> int:
    import time

    from kyr.mkdocs.site import _config, build
    from kyr.offline import make_offline, summary

    _, locales, config_file = _paths(args)
    site = Path(args.site)
    started = time.perf_counter()
    if not (site / "index.html").is_file():
        print(f"{site}/ is not built; building it first", file=sys.stderr)
        if build(config_file, site) != 0:
            return 1
    config = _config(config_file)
    table = load_languages(locales / "languages.toml")
    # Who made and who publishes the copy: mkdocs.yml's site_author, or the options; never made up here.
    creator = args.creator or config.site_author or config.site_name
    made = make_offline(
        site, Path(args.dist), table.codes, table.source, config.site_name,
        creator=creator, publisher=args.publisher or creator, description=config.site_description or "",
    )
    print(summary(made))
    print(f"wrote {len(made)} file(s) into {args.dist}/ in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from kyr.mkdocs.site import serve

    _, _, config = _paths(args)
    return serve(config, Path(args.site), host=args.host, port=args.port)


def cmd_readability(args) -> int:
    from kyr.readability import page_grades

    docs, _, _ = _paths(args)
    grades = page_grades(docs)
    for page, grade in sorted(grades.items()):
        print(f"{grade:5.1f}  {page}")
    worst = max(grades.values(), default=0.0)
    print(f"highest grade {worst:.1f} (target: 7.0 or below)", file=sys.stderr)
    return 1 if worst > args.max_grade else 0


def cmd_pseudo(args) -> int:
    from kyr.pseudo import pseudo, pseudo_plural

    _, locales, _ = _paths(args)
    languages = load_languages(locales / "languages.toml")
    language = languages[args.lang]
    # A right-to-left language gets right-to-left letters, so its pages read as they will.
    rtl = args.rtl or language.direction == "rtl"
    for domain in catalogs.domains(locales):
        template = catalogs.read_po(catalogs.template_path(locales, domain))
        path = catalogs.po_path(locales, language.code, domain)
        catalog = catalogs.update(template, None, language)
        for message in catalog:
            if message.pluralizable:
                message.string = pseudo_plural(*message.id, language.num_plurals, language.plural_index(1), rtl)
            elif message.id:
                message.string = pseudo(message.id, rtl)
        catalogs.write(path, catalog, language)
    return 0


def cmd_add_language(args) -> int:
    from kyr.languages_admin import add_language, next_steps

    _, locales, _ = _paths(args)
    fallback = [c.strip() for part in args.fallback or [] for c in part.split(",") if c.strip()]
    language, written = add_language(
        locales, args.code, name=args.name, fallback=fallback or None, drafts=args.drafts,
        direction=args.dir, plural_forms=args.plural_forms, formats=args.formats,
    )
    print(next_steps(language, written))
    return 0


def cmd_remove_language(args) -> int:
    from kyr.languages_admin import remove_language

    _, locales, _ = _paths(args)
    archived = remove_language(locales, args.code)
    print(f"{args.code} removed from {locales / 'languages.toml'}")
    print(f"its catalogs are kept in {archived}" if archived else "it had no catalogs")
    return 0


def cmd_recording_script(args) -> int:
    from kyr.recording_script import recording_script

    docs, locales, _ = _paths(args)
    try:
        text = recording_script(docs, locales, load_languages(locales / "languages.toml"), args.lang, args.page)
    except ValueError as exc:
        print(f"kyr recording-script: {exc}", file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"recording script written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _export_languages(args, locales: Path) -> list[str]:
    codes = [language.code for language in load_languages(locales / "languages.toml").targets]
    if args.lang and args.lang not in codes:
        raise LanguageError(f"unknown language {args.lang!r}; languages.toml has {', '.join(codes)}")
    return [args.lang] if args.lang else codes


def cmd_tm(args) -> int:
    from kyr.memory import export

    _, locales, _ = _paths(args)
    Path(args.export).write_bytes(export(locales, _export_languages(args, locales), drafts=args.drafts))
    print(f"translation memory written to {args.export}", file=sys.stderr)
    return 0


def cmd_termbase(args) -> int:
    from kyr.termbase import FILENAME, TermbaseError, load, tbx

    _, locales, _ = _paths(args)
    try:
        terms = load(locales / FILENAME)
    except TermbaseError as exc:
        print(exc, file=sys.stderr)
        return 1
    Path(args.export).write_bytes(tbx(terms, _export_languages(args, locales)))
    print(f"termbase written to {args.export}", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kyr", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", default=".", help="project folder with docs/, locales/ and mkdocs.yml")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="docs → templates").set_defaults(func=cmd_extract)
    sub.add_parser("update", help="templates → catalogs").set_defaults(func=cmd_update)
    sub.add_parser("check", help="validate every catalog").set_defaults(func=cmd_check)
    s = sub.add_parser("stats", help="translation progress")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)
    b = sub.add_parser("build", help="build every language into site/")
    b.add_argument("--site", default="site")
    b.add_argument("--jobs", type=int, default=2)
    b.add_argument("--language", action="append", help="build only this language (repeatable)")
    b.add_argument("--no-compress", action="store_true", help="skip the .br and .gz copies")
    b.add_argument("--clean", action="store_true", help="build every language again, even those whose inputs did not change")
    b.set_defaults(func=cmd_build)
    a = sub.add_parser("assemble", help="merge sites built one language each (kyr build --language X --site DIR) into site/")
    a.add_argument("parts", nargs="+", help="the sites to merge, each holding one or more languages")
    a.add_argument("--site", default="site")
    a.add_argument("--no-compress", action="store_true", help="skip the .br and .gz copies of the site-wide files")
    a.set_defaults(func=cmd_assemble)
    o = sub.add_parser("offline", help="a ZIM file for Kiwix and zips for a USB stick, from site/, into dist/")
    o.add_argument("--site", default="site")
    o.add_argument("--dist", default="dist")
    o.add_argument("--creator", help="the ZIM's Creator (default: site_author of mkdocs.yml, else site_name)")
    o.add_argument("--publisher", help="the ZIM's Publisher (default: the creator)")
    o.set_defaults(func=cmd_offline)
    v = sub.add_parser("serve", help="preview with live reload")
    v.add_argument("--site", default="site")
    v.add_argument("--host", default="127.0.0.1")
    v.add_argument("--port", type=int, default=8000)
    v.set_defaults(func=cmd_serve)
    r = sub.add_parser("readability", help="Flesch–Kincaid grade per page")
    r.add_argument("--max-grade", type=float, default=7.0)
    r.set_defaults(func=cmd_readability)
    ps = sub.add_parser("pseudo", help="pseudo-translate a language's catalogs")
    ps.add_argument("lang")
    ps.add_argument("--rtl", action="store_true", help="Arabic letters, which read right to left (the default for an RTL language)")
    ps.set_defaults(func=cmd_pseudo)
    t = sub.add_parser("tm", help="export the translation memory (TMX 1.4)")
    t.add_argument("--export", required=True, metavar="FILE", help="the .tmx file to write")
    t.add_argument("--lang", help="only this language (default: every one)")
    t.add_argument("--drafts", action="store_true", help="add unreviewed drafts, marked x-state=draft")
    t.set_defaults(func=cmd_tm)
    tb = sub.add_parser("termbase", help="export locales/termbase.csv (TBX-Basic)")
    tb.add_argument("--export", required=True, metavar="FILE", help="the .tbx file to write")
    tb.add_argument("--lang", help="only this language (default: every one)")
    tb.set_defaults(func=cmd_termbase)
    al = sub.add_parser("add-language", help="add a language (CLDR's name, direction, plural rule), make its catalogs")
    al.add_argument("code", help="ISO 639 code, e.g. ar, fa, ps, prs, ru, fr, zh")
    al.add_argument("--name", help="native name for the switcher (default: CLDR's)")
    al.add_argument("--fallback", action="append", help="fallback languages in order, e.g. es,en (default: the source)")
    al.add_argument("--drafts", default="hide", choices=("hide", "publish"), help="show fuzzy drafts with a notice, or hide them (default)")
    al.add_argument("--dir", choices=("ltr", "rtl"), help="writing direction, where CLDR has no locale")
    al.add_argument("--plural-forms", help="gettext Plural-Forms, where CLDR has no plural rule")
    al.add_argument("--formats", help="CLDR locale to write dates in, where CLDR has none for the language")
    al.set_defaults(func=cmd_add_language)
    rl = sub.add_parser("remove-language", help="remove a language, archiving its catalogs")
    rl.add_argument("code")
    rl.set_defaults(func=cmd_remove_language)
    rs = sub.add_parser("recording-script", help="a script for recording a page in a language (Markdown)")
    rs.add_argument("lang", help="language code, e.g. mam")
    rs.add_argument("page", help="page name, the file under docs/ without .md, e.g. court-case")
    rs.add_argument("-o", "--output", help="write to this file (default: standard output)")
    rs.set_defaults(func=cmd_recording_script)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (CatalogError, LanguageError, MediaError, FrontMatterError) as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
