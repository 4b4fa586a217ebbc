"""Build every language of the site with MkDocs, in parallel, and swap the result in.

Each language is one MkDocs build with static-i18n told to build only that
language (:mod:`kyr.mkdocs.i18n`). Builds run in a pool of forked processes, so
MkDocs and the theme are imported once. Everything is built aside, in
``.site-staging-*``; ``site/`` is replaced only when every language built, so a
broken catalog never leaves a half-written site behind.
"""

from __future__ import annotations

import html
import json
import logging
import multiprocessing
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from kyr import catalog as catalogs
from kyr import dashboard, refusals
from kyr.address import NO_ADDRESS, public_address
from kyr.catalog import MEDIA, THEME, UIMessage
from kyr.compress import precompress
from kyr.files import replace_text
from kyr.languages import LanguageError, load_languages
from kyr.sitemap import write_sitemap

log = logging.getLogger("kyr")


def _config(config_file: Path, **overrides):
    from kyr.engine import load_config

    return load_config(str(config_file), **overrides)


def ui_domains(config_file: Path) -> dict[str, list[UIMessage]]:
    """The messages of the theme and of the media registry, for `kyr extract`."""
    from kyr.mkdocs.theme import ui_messages

    config = _config(config_file)
    root = config_file.parent.resolve()
    labels = {}
    for directory in config.theme.dirs:
        path = Path(directory).resolve()
        inside = path.is_relative_to(root) and "site-packages" not in path.parts
        # Our templates by their path in the repository; a theme package's by its own name.
        labels[path] = path.relative_to(root).as_posix() if inside else f"{path.parent.name}/{path.name}"
    from kyr.mkdocs.keep import KB
    from kyr.mkdocs.plugin import FOOTNOTE_BACKLINK

    engine = [
        UIMessage(config.site_name, locations=(("mkdocs.yml", 1),), notes=("The site's name, in the header and the browser tab",)),
        UIMessage(FOOTNOTE_BACKLINK, notes=("Tooltip of a footnote's back link; keep %d, the footnote number",)),
        UIMessage(KB, notes=("A size in kilobytes, on the button that saves a language for offline use; keep %(number)s",)),
    ]
    domains = {THEME: engine + ui_messages([Path(d).resolve() for d in config.theme.dirs], labels)}
    media_file = Path(config.docs_dir) / "media.yml"
    if media_file.exists():
        from kyr import media

        entries = media.load_media(media_file)
        domains[MEDIA] = [
            UIMessage(entry["title"], locations=(("docs/media.yml", 0),), notes=(f"{entry['kind']} by {entry['provider']}",))
            for entry in entries
        ] + [
            UIMessage(provider, locations=(("docs/media.yml", 0),), notes=("Name of an organization: keep it as it is unless it has an official name in your language",))
            for provider in dict.fromkeys(entry["provider"] for entry in entries)
        ]
    return domains


def encode_recordings(config_file: Path, out: Path, site: Path, config=None) -> Path | None:
    """Encode the registry's local recordings into `out` once, for every language's build.

    Returns the JSON file that tells the workers what was encoded (see
    :mod:`kyr.recordings`), or None when the registry names no file. Run before
    the pool, so the languages' builds never encode the same file twice.
    `config`: the config as loaded already (else it is loaded).
    """
    from kyr import media, recordings

    config = config or _config(config_file)
    registry = Path(config.docs_dir) / config.plugins["kyr"].config.media_file
    if not registry.is_file():
        return None
    entries = media.load_media(registry)
    if not any("file" in entry for entry in entries):
        return None
    done = recordings.prepare(entries, Path(config.docs_dir), out / recordings.FOLDER, site / recordings.FOLDER, str(registry))
    print(recordings.summary(done), file=sys.stderr)
    manifest = out / "recordings.json"
    recordings.save(done, manifest)
    return manifest


def error_banner(page: bytes, error: str | None, notices: list[str] = ()) -> bytes:
    """A served page with the last build's error, and its refused translations, at the top of its body (previews only).

    The banner uses the theme's own banner class, as the site's CSP allows no inline style.

    >>> error_banner(b"<html><body><p>Hi</p></body></html>", "x.po:3: <b>")
    b'<html><body><p class="banner banner--ended" role="alert">The last build failed; this is the last good one. x.po:3: &lt;b&gt;</p><p>Hi</p></body></html>'
    >>> error_banner(b"<body>", None, ["x.po:3: translation refused (es): <i>"])
    b'<body><p class="banner" role="status">Preview only: x.po:3: translation refused (es): &lt;i&gt;</p>'
    """
    if not error and not notices:
        return page
    at = re.search(rb"<body\b[^>]*>", page)
    if at is None:
        return page
    banners = b""
    if error:
        text = html.escape(f"The last build failed; this is the last good one. {error}").encode()
        banners += b'<p class="banner banner--ended" role="alert">' + text.replace(b"\n", b"<br>") + b"</p>"
    if notices:
        text = html.escape("Preview only: " + "\n".join(notices)).encode()
        banners += b'<p class="banner" role="status">' + text.replace(b"\n", b"<br>") + b"</p>"
    return page[: at.end()] + banners + page[at.end() :]


def guard_server(server, current_error: Callable[[], str | None], notices: Callable[[str], list[str]] | None = None) -> None:
    """Make a MkDocs LiveReloadServer keep serving the last good site when a rebuild fails.

    MkDocs's server holds every request until a build succeeds, so one broken
    catalog hangs the whole preview. Here a failed rebuild counts as done: the
    browser reloads the untouched last good pages, which show the error.
    `notices(url_path)` adds what a page should say besides (its refused translations).
    (This reaches into the server of MkDocs 1.6, which the project pins.)
    """
    build = server.builder

    def builder(*args, **kwargs):
        try:
            build(*args, **kwargs)
        except Exception as exc:  # MkDocs has logged it (file and line); the pages say it too
            log.error("build failed; still serving the last good site: %s", current_error() or exc)

    # The server injects into a page without saying which; the request being served tells.
    serving = threading.local()
    serve_request = server._serve_request

    def remember(environ, start_response):
        serving.path = environ.get("PATH_INFO", "/")
        return serve_request(environ, start_response)

    def page_notices() -> list[str]:
        return notices(getattr(serving, "path", "/")) if notices else []

    inject = server._inject_js_into_html
    server.builder = builder
    server._serve_request = remember
    server._inject_js_into_html = lambda content, epoch: inject(error_banner(content, current_error(), page_notices()), epoch)


#: At most this many refusals in a page's banner; the dashboard lists them all.
BANNER_REFUSALS = 10


def refusal_notices(site: Path, table) -> Callable[[str], list[str]]:
    """What a served page says of the translations the last build refused for it (FILE:LINE: reason)."""
    from kyr import refusals
    from kyr.dashboard import FOLDER

    def notices(url_path: str) -> list[str]:
        found = refusals.for_page(refusals.load_by_language(site / FOLDER / "refused.json"), url_path, table.codes, table.source)
        lines = [str(r) for r in found[:BANNER_REFUSALS]]
        if len(found) > BANNER_REFUSALS:
            lines.append(f"and {len(found) - BANNER_REFUSALS} more: see /{FOLDER}/")
        return lines

    return notices


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave links wrong: ours keeps only pages whose inputs did not change."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build")


def language_task(config_file: Path, code: str, inputs: dict, site: Path, staging: Path, recordings: Path | None,
                  previous_cache: Path | None) -> tuple[str, ...]:
    """What one language's build is given (:func:`run_language`): it builds into ``staging/parts/<code>``.

    `inputs` is the language's entry of :func:`language_inputs`; `previous_cache` the
    last build's page cache of the language (None: build every page).
    """
    state = {"shell": inputs["shell"], "pages": inputs["pages"], "previous": str(previous_cache or ""),
             "out": str((staging / "cache" / code).resolve())}
    (staging / "pages").mkdir(parents=True, exist_ok=True)
    (staging / "pages" / f"{code}.json").write_text(json.dumps(state), encoding="utf-8")
    return (str(config_file.resolve()), code, str((staging / "parts" / code).resolve()), str(site.resolve()),
            str(recordings or ""), str((staging / "refused" / f"{code}.json").resolve()),
            str((staging / "pages" / f"{code}.json").resolve()))


def run_language(task: tuple[str, ...]):
    """Build one language in this process (a worker, or `kyr serve` for its preview); its MkDocs config,
    plugins included. Raises what the build raised."""
    config_file, code, site_dir, previous_site, recordings, refused, page_state = task
    from kyr.engine import LOGGER, build
    from kyr.mkdocs.pagecache import STATE_VARIABLE

    os.environ["KYR_BUILD_LANGUAGE"] = code
    os.environ["KYR_PREVIOUS_SITE"] = previous_site
    os.environ["KYR_RECORDINGS"] = recordings
    os.environ["KYR_REFUSALS"] = refused
    os.environ[STATE_VARIABLE] = page_state
    engine_log = logging.getLogger(f"{LOGGER}.commands.build")
    if not any(isinstance(f, _NoDirtyWarning) for f in engine_log.filters):  # a worker may build several languages
        engine_log.addFilter(_NoDirtyWarning())
    config = _config(Path(config_file), site_dir=site_dir)
    # Dirty: MkDocs skips the pages the page cache kept (kyr.mkdocs.pagecache); `site_dir` is new and empty.
    build(config, dirty=True)
    return config


def build_error(exc: BaseException) -> str:
    """What a failed language build says: bad input by its file and line (MkDocs's own Abort
    only says that a plugin failed)."""
    from kyr.mkdocs.plugin import INPUT_ERRORS, KyrPlugin

    if isinstance(exc, INPUT_ERRORS):
        return str(exc)
    return KyrPlugin.build_error or f"{type(exc).__name__}: {exc}"


def _build_language(task: tuple[str, ...]) -> tuple[str, float, str | None, str, dict]:
    """Build one language in a worker; return (code, seconds, error or None, what it did: "3/20 pages",
    the counts of the catalogs it read, for the dashboard: kyr.stats.counted)."""
    from kyr.stats import counted

    started = time.perf_counter()
    code = task[1]
    try:
        config = run_language(task)
    except BaseException as exc:  # reported by the parent, which keeps the old site
        return code, time.perf_counter() - started, build_error(exc), "", {}
    plugin = config.plugins["kyr"]
    return (code, time.perf_counter() - started, None, f"{len(plugin.built)}/{len(plugin.page_order)} pages",
            counted(plugin.translations.loaded()))


def _compress(folder: str, previous: str, skip: frozenset[str]) -> int:
    return precompress(Path(folder), Path(previous) if Path(previous).exists() else None, skip)


#: Markdown extensions that put one file's text into another page: with one, every page depends on every file.
INCLUDING_EXTENSIONS = ("pymdownx.snippets", "markdown_include", "mdx_include")


def language_inputs(config_file: Path, table, recordings: Path | None, config=None) -> tuple[dict[str, dict], str | None]:
    """What each language is made from (:mod:`kyr.buildstate`), and the site's public address or None.

    A language is made from the whole docs folder, the catalogs of its fallback
    chain, the templates and other files of the locales folder, the config, the
    theme folders of the project, the environment variables the config reads,
    the recordings encoded for this build, and the software. For each language:
    ``fingerprint`` (all of it), ``pages`` (each page's own inputs: its Markdown,
    its template and its catalogs along the chain, by page path) and ``shell``
    (everything else: a change there rebuilds every page of the language).
    """
    from kyr import buildstate, engine

    config = config or _config(config_file)
    root = config_file.parent.resolve()
    options = config.plugins["kyr"].config
    locales = root / options.locales_dir
    docs = Path(config.docs_dir)
    shared = buildstate.Digest()
    shared.add("software", buildstate.software_version())
    shared.add("engine", f"{engine.NAME} {engine.VERSION}")
    shared.add_file(config_file, "config")
    shared.add_file(root / options.languages_file, "languages")
    # The config reads the environment (site_url from KYR_SITE_URL): the values it reads count.
    names = sorted(set(re.findall(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)", config_file.read_text(encoding="utf-8"))))
    shared.add("environment", "\n".join(f"{name}={os.environ.get(name)}" for name in names))
    pages = catalogs.pages(docs)
    including = any((ext if isinstance(ext, str) else type(ext).__module__).startswith(INCLUDING_EXTENSIONS) for ext in config.markdown_extensions)
    own_pages = frozenset() if including else frozenset(pages)
    shared.add("pages", "\n".join(pages))  # the list of pages, and so the navigation
    shared.add_tree(docs, "docs", files=own_pages)
    for directory in config.theme.dirs:  # the project's own; an installed theme is in the distributions
        path = Path(directory).resolve()
        if path.is_relative_to(root) and "site-packages" not in path.parts:
            shared.add_tree(path, f"theme/{path.relative_to(root).as_posix()}")
    templates = frozenset(f"templates/{catalogs.page_domain(rel)}.pot" for rel in own_pages)
    shared.add_tree(locales, "locales", leave_out=frozenset(table.codes), files=templates)
    if recordings is not None:
        shared.add_file(recordings, "recordings")
    result = {}
    for code in table.codes:
        chain = [lang for lang in table[code].chain if lang != table.source]
        shell = shared.copy()
        shell.add("language", code)
        for lang in chain:
            page_catalogs = frozenset(f"LC_MESSAGES/{catalogs.page_domain(rel)}.po" for rel in own_pages)
            shell.add_tree(locales / lang, f"locales/{lang}", files=page_catalogs)
        own = {}
        for rel in sorted(own_pages):
            page = buildstate.Digest()
            domain = catalogs.page_domain(rel)
            page.add_file(docs / rel, "page")
            page.add_file(catalogs.template_path(locales, domain), "template")
            for lang in chain:
                page.add_file(catalogs.po_path(locales, lang, domain), f"catalog/{lang}")
            own[rel] = page.hexdigest()
        whole = shell.copy()
        whole.add("pages", "\n".join(f"{rel} {digest}" for rel, digest in own.items()))
        result[code] = {"fingerprint": whole.hexdigest(), "shell": shell.hexdigest(), "pages": own}
    return result, public_address(config.site_url)


def build(
    config_file: Path,
    site: Path,
    jobs: int = 2,
    languages: list[str] | None = None,
    compress: bool = True,
    errors: list[str] | None = None,
    incremental: bool = True,
) -> int:
    """Build the languages (all by default) into `site`; 0 on success.

    `compress=False` skips the `.br`/`.gz` copies, for previews and for hosts
    that compress on the fly. A language whose inputs are those it was last built
    from (:mod:`kyr.buildstate`) keeps its output, unless `incremental` is False.
    What failed is printed, and added to `errors`.
    """
    from kyr import buildstate

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    root = config_file.parent
    try:
        table = load_languages(root / "locales" / "languages.toml")
    except LanguageError as exc:
        print(exc, file=sys.stderr)
        if errors is not None:
            errors.append(str(exc))
        print(f"build failed; {site}/ was left as it was", file=sys.stderr)
        return 1
    codes = languages or table.codes
    staging = root / f".site-staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    parts = staging / "parts"
    started = time.perf_counter()
    from kyr.media import MediaError
    from kyr.recordings import FOLDER, RecordingError

    # Read once here for the steps before and after the languages' builds (each worker loads its own).
    config = _config(config_file)
    try:
        manifest = encode_recordings(config_file, staging, site, config)
    except (MediaError, RecordingError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if errors is not None:  # the preview shows it on the page too
            errors.append(str(exc))
        print(f"{exc}\nbuild failed; {site}/ was left as it was", file=sys.stderr)
        return 1
    inputs, address = language_inputs(config_file, table, manifest, config)
    fingerprints = {code: found["fingerprint"] for code, found in inputs.items()}
    before = buildstate.load(site) if incremental and site.is_dir() else {}
    reused = [code for code in codes if before.get(code, {}).get("fingerprint") == fingerprints[code] and _has_output(site, code, table, before[code])]
    built = [code for code in codes if code not in reused]
    # A broken catalog fails the worker that reads it (file and line in the error) before
    # anything is written to `site`; the previous site lends unchanged QR codes.
    caches = buildstate.cache_path(site).resolve()
    # What each page is made from, and the last build's page cache (kyr.mkdocs.pagecache).
    tasks = [language_task(config_file, code, inputs[code], site, staging, manifest, caches / code if incremental else None)
             for code in built]
    # No language to build (nothing changed): no worker to start either.
    with multiprocessing.get_context("fork").Pool(max(1, min(jobs, len(tasks)))) if tasks else nullcontext() as pool:
        results = pool.map(_build_language, tasks, chunksize=1) if tasks else []
        failed = [(code, error) for code, _, error, _, _ in results if error]
        if failed:
            for code, error in failed:
                print(f"{code}: {error}", file=sys.stderr)
                if errors is not None:
                    errors.append(f"{code}: {error}")
        if failed:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"build failed; {site}/ was left as it was", file=sys.stderr)
            return 1
        # A full build is assembled aside and swapped in whole; a partial one (the
        # preview's) replaces only its languages' folders, each with one rename.
        partial = bool(languages) and site.exists()
        out = site if partial else staging / "site"
        entries = {code: dict(before[code]) for code in reused}
        if partial:
            buildstate.forget(site)
        entries.update(_assemble(out, parts, built, table))
        for code in built:
            entries[code]["fingerprint"] = fingerprints[code]
        if not partial:  # the kept languages come from the last site, with what the dashboard says of them
            for code in reused:
                _copy_language(site, out, code, table, entries[code], compress)
                kept = refusals.load_by_language(site / dashboard.FOLDER / "refused.json").get(code, [])
                refusals.save_by_language({code: kept}, staging / "refused" / f"{code}.json")
        # One copy of each recording at the root, whichever languages were built.
        if (staging / FOLDER).is_dir():
            _replace(out / FOLDER, staging / FOLDER)
        elif partial:
            _remove(out / FOLDER)
        # The plugin drops an address that is not public (kyr.address); said here once, not per language.
        if address is None:
            log.warning(NO_ADDRESS)
        written = built if partial else codes
        counts = {key: found for *_, read in results for key, found in read.items()}
        write_dashboard(config_file, out, staging / "refused", written, table, caches / "stats.json", config, counts)
        write_sitemap(out, address, table)
        # Compressing is the slowest step after the builds: one task per language, in parallel. A kept
        # language brought its copies along, when its last build made them.
        others = frozenset(c for c in table.codes if c != table.source)
        folders = [code for code in codes if code in built or not entries[code].get("compressed")] if compress else []
        work = [(str(out / f), str(site / f), others if not f else frozenset())
                for f in ("" if code == table.source else code for code in folders)]
        if pool is not None:
            pool.starmap(_compress, work, chunksize=1)
        else:
            for task in work:
                _compress(*task)
        if compress and table.source not in folders:  # the root's sitemap and dashboard changed; its pages did not
            precompress(out, site, skip=others)
        for code in codes:  # a kept language of a partial build stays as it was
            if compress or code in built or not partial:
                entries[code]["compressed"] = compress
    if not partial:
        buildstate.forget(site)
        _swap(out, site)
        kept_entries = {}
    else:
        kept_entries = {code: entry for code, entry in before.items() if code in table.codes and code not in codes}
    buildstate.save(site, {**kept_entries, **entries})
    for code in built:  # each language's page cache maps inputs to outputs: right whatever site is there
        if (staging / "cache" / code).is_dir():
            caches.mkdir(parents=True, exist_ok=True)
            _replace(caches / code, staging / "cache" / code)
    shutil.rmtree(staging, ignore_errors=True)
    took = ", ".join([f"{code} {secs:.1f}s {pages}" for code, secs, _, pages, _ in results] + [f"{code} kept" for code in reused])
    print(f"built {len(codes)} language(s) into {site}/ in {time.perf_counter() - started:.1f}s ({took})", file=sys.stderr)
    return 0


def source_files(part: Path, table) -> list[str]:
    """The names at a site's root that the source language's build wrote there (not the site-wide files)."""
    site_wide = {dashboard.FOLDER, "robots.txt", *table.codes}
    from kyr.recordings import FOLDER

    return sorted(
        child.name for child in part.iterdir()
        if child.name not in site_wide | {FOLDER} and not child.name.startswith("sitemap.xml") and child.suffix not in (".br", ".gz")
    )


def assemble(config_file: Path, parts: list[Path], site: Path, compress: bool = True) -> int:
    """Merge sites built one language each (`kyr build --language X --site DIR`) into `site`; 0 on success.

    Each part brings its languages' files as they are, and the recordings; the
    site-wide files (the sitemap, robots.txt, the translators' dashboard with every
    part's refusals) are written again for the whole site, so the result is the
    site one build of every language makes. Every language must be in exactly one
    part; otherwise nothing is written and `site` stays as it was.

        kyr build --language es --site parts/es     (on one machine each)
        kyr assemble parts/* --site site
    """
    from kyr import buildstate
    from kyr.recordings import FOLDER

    root = config_file.parent
    table = load_languages(root / "locales" / "languages.toml")
    found: dict[str, Path] = {}
    problems = []
    for part in parts:
        held = [code for code in table.codes if (part / ("" if code == table.source else code) / "index.html").is_file()]
        if not held:
            problems.append(f"{part}: no language of locales/languages.toml is built there")
        for code in held:
            if code in found:
                problems.append(f"{code} is in two parts: {found[code]} and {part}")
            found[code] = part
    problems += [f"{code}: in no part (build it with kyr build --language {code})" for code in table.codes if code not in found]
    if problems:
        print("\n".join(problems) + f"\nassemble failed; {site}/ was left as it was", file=sys.stderr)
        return 1
    staging = root / f".site-staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    out = staging / "site"
    out.mkdir(parents=True)
    for code, part in found.items():
        _copy_language(part, out, code, table, {"files": source_files(part, table)}, compress)
        kept = refusals.load_by_language(part / dashboard.FOLDER / "refused.json").get(code, [])
        refusals.save_by_language({code: kept}, staging / "refused" / f"{code}.json")
    with_recordings = [part for part in found.values() if (part / FOLDER).is_dir()]
    if with_recordings:
        shutil.copytree(with_recordings[0] / FOLDER, out / FOLDER, copy_function=shutil.copyfile)
    _, address = language_inputs(config_file, table, None)
    if address is None:
        log.warning(NO_ADDRESS)
    write_dashboard(config_file, out, staging / "refused", table.codes, table)
    write_sitemap(out, address, table)
    if compress:  # the languages' copies came with them; the site-wide files are new
        others = frozenset(c for c in table.codes if c != table.source)
        precompress(out, out, skip=others)
        for code in others:
            precompress(out / code, out / code)
    buildstate.forget(site)
    _swap(out, site)
    shutil.rmtree(staging, ignore_errors=True)
    print(f"assembled {len(found)} language(s) from {len(parts)} part(s) into {site}/", file=sys.stderr)
    return 0


def _has_output(site: Path, code: str, table, entry: dict) -> bool:
    """Whether the last site still holds what `entry` says a language's build wrote there."""
    if code == table.source:
        return all((site / name).exists() for name in entry.get("files", ["index.html"]))
    return (site / code / "index.html").is_file()


def _copy_language(site: Path, out: Path, code: str, table, entry: dict, compress: bool) -> None:
    """Copy a language's output from the last site into `out` (its .br/.gz copies only when compressing)."""
    ignore = None if compress else shutil.ignore_patterns("*.br", "*.gz")
    if code != table.source:
        shutil.copytree(site / code, out / code, ignore=ignore, copy_function=shutil.copyfile)
        return
    out.mkdir(parents=True, exist_ok=True)
    for name in entry["files"]:
        source = site / name
        if source.is_dir():
            shutil.copytree(source, out / name, ignore=ignore, copy_function=shutil.copyfile)
            continue
        for twin in [name] + ([name + ".br", name + ".gz"] if compress else []):
            if (site / twin).is_file():
                shutil.copyfile(site / twin, out / twin)


def write_dashboard(config_file: Path, out: Path, refused_dir: Path, codes: list[str], table, memo: Path | None = None,
                    config=None, counted: dict | None = None) -> None:
    """Write the translators' dashboard (kyr.dashboard) and the refusals it lists into `out`.

    A partial build (the preview's) keeps the refusals of the languages it did not build.
    `memo`: a file keeping each catalog's counts between builds (kyr.stats.collect); `counted`: counts
    the languages' builds made of the catalogs they read (kyr.stats.counted); `config`: as loaded already.
    """
    from kyr import buildstate, stats

    config = config or _config(config_file)
    root = config_file.parent
    folder = out / dashboard.FOLDER
    kept = refusals.load_by_language(folder / "refused.json")
    for code in codes:
        kept[code] = refusals.load_by_language(refused_dir / f"{code}.json").get(code, [])
    kept = {code: found for code, found in kept.items() if code in table.codes}

    def page_url(lang: str, domain: str) -> str:
        own = "" if lang == table.source else f"{lang}/"
        page = "" if domain == "index" else (f"{domain}/" if config.use_directory_urls else f"{domain}.html")
        return f"../{own}{page}" if page or own else "../"

    locales = root / "locales"
    stored = buildstate.load_memo(memo) if memo else {}
    used: dict[str, dict] = {}
    counts = stats.collect(locales, table, {**stored, **(counted or {})}, used)
    if memo and used != stored:
        buildstate.save_memo(memo, used)
    html = dashboard.render(
        counts,
        [r for found in kept.values() for r in found],
        {lang.code: lang.name for lang in table},
        table.source,
        page_url,
        repo_url=config.repo_url,
        site_name=config.site_name,
    )
    folder.mkdir(parents=True, exist_ok=True)
    refusals.save_by_language(kept, folder / "refused.json")
    replace_text(folder / "index.html", html)


def _assemble(out: Path, parts: Path, codes: list[str], table) -> dict[str, dict]:
    """Move each language's build into place: the source at the root, the others in folders.

    Returns a manifest entry per language (:mod:`kyr.buildstate`); the source's
    names the files and folders it put at the root, to be found again.
    """
    out.mkdir(parents=True, exist_ok=True)
    entries: dict[str, dict] = {}
    for code in codes:
        entries[code] = {}
        if code == table.source:
            entries[code]["files"] = source_files(parts / code, table)
            for child in (parts / code).iterdir():
                _replace(out / child.name, child)
        else:
            # static-i18n writes a language's 404 page at the build's root; each
            # language keeps its own (upstream, the last language built wins: #284).
            shutil.move(str(parts / code / "404.html"), parts / code / code / "404.html")
            _replace(out / code, parts / code / code)
    return entries


def _replace(target: Path, new: Path) -> None:
    """Put `new` at `target` with renames, so the old one is there until the new one is."""
    old = target.with_name(target.name + f".old-{os.getpid()}")
    if target.exists() or target.is_symlink():
        target.rename(old)
    new.rename(target)
    _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def _swap(new: Path, site: Path) -> None:
    """Put `new` in place of `site` with renames, so readers never see a half-built site."""
    site.parent.mkdir(parents=True, exist_ok=True)
    _replace(site, new)


def affected_languages(changed: Path, root: Path, table) -> list[str]:
    """The languages a saved file changes: a catalog changes its language and the chains through it."""
    try:
        rel = changed.resolve().relative_to((root / "locales").resolve())
    except ValueError:
        return table.codes
    lang = rel.parts[0] if rel.parts else ""
    if lang not in table.codes:
        return table.codes
    return [code for code in table.codes if lang in table[code].chain]


def _catalog_language(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to((root / "locales").resolve()).parts[0]
    except (ValueError, IndexError):
        return None


def serve(config_file: Path, site: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Build once, then rebuild only the languages a change touches, and reload the browser."""
    from kyr.engine import live_reload_server

    LiveReloadServer = live_reload_server()

    root = config_file.parent
    table = load_languages(root / "locales" / "languages.toml")
    errors: list[str] = []
    # A broken input at start-up still serves the last good site, if there is one.
    if build(config_file, site, compress=False, errors=errors) != 0 and not (site / "index.html").is_file():
        return 1
    changed: set[Path] = set()
    # A saved page catalog renders its page again in this process (kyr.mkdocs.preview); anything
    # else rebuilds the languages it touches.
    from kyr.mkdocs.preview import PagePreview

    preview = PagePreview(config_file, site, table)

    def rebuild() -> None:
        paths: set[Path] = set()
        while changed:  # one at a time: the watcher's thread may be adding to it
            paths.add(changed.pop())
        with preview.lock:
            if not errors and preview.pages_saved(paths):
                threading.Thread(target=preview.refresh_dashboard, name="kyr-dashboard", daemon=True).start()
                return
            preview.forget()
            failed: list[str] = []
            # After a failure every language is rebuilt: the fix may be in another file than the one saved.
            codes = sorted({c for p in paths for c in affected_languages(p, root, table)} or set(table.codes))
            if errors:
                codes = table.codes
            # One build (the server answers no request until the builder returns), the language whose
            # catalog was saved first in the pool's queue; each builds only the pages that changed.
            saved = [c for c in codes if any(_catalog_language(p, root) == c for p in paths)]
            build(config_file, site, languages=saved + [c for c in codes if c not in saved], compress=False, errors=failed)
            errors[:] = failed
        if not errors:
            preview.warm()

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site))
    guard_server(server, lambda: "\n".join(errors) or None, refusal_notices(site, table))
    # A change of config builds everything again (the builder is told of no path).
    server.watch(str(root / "mkdocs.yml"), func=None, recursive=False)

    # MkDocs' server calls the builder without saying what changed: this handler notes the
    # path, then asks for the build, so the builder always knows what it builds for. Reads
    # (watchdog reports opening and closing) change nothing; the build itself reads these folders.
    import watchdog.events

    class Recorder(watchdog.events.FileSystemEventHandler):
        def on_any_event(self, event):
            if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                return
            changed.add(Path(event.src_path))
            with server._rebuild_cond:  # as MkDocs' own watch callback does (MkDocs 1.6)
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

    for watched in ("docs", "locales", "overrides"):
        if (root / watched).is_dir():
            server.observer.schedule(Recorder(), str((root / watched).resolve()), recursive=True)
    if not errors:
        preview.warm()
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.close()
    return 0
