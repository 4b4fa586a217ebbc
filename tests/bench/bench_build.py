"""`make bench`: our build against stock mkdocs-static-i18n, and .po save → rebuilt page under `kyr serve`.

For N generated pages (about 500 words each: headings, paragraphs, numbered
lists, a warning box, a table) plus a home page, in 6 languages:

- ours: `kyr build` from the English pages and PO catalogs (5 languages, every
  entry translated), languages built in parallel (2 processes), with our lean
  theme, sitemap and pre-compressed .br/.gz files. Timed three ways: cold (no
  previous site, manifest or page cache), no change (the same build again: every
  language kept, kyr.buildstate), and one .po changed (one msgstr of one Spanish
  page: that page and its neighbours rebuilt in es, mam and quc, kyr.mkdocs.pagecache);
- stock: plain `mkdocs build` with mkdocs-static-i18n 1.3.1 (plugin `i18n`,
  docs_structure suffix) and Material for MkDocs, from the same pages already
  translated into `page.<lang>.md` files (translated with our apply(), so the
  text is the same). Stock static-i18n rejects three-letter codes, so it builds
  Mam and Kʼicheʼ under the stand-ins `xm` and `xq`; Material has no UI strings
  for ht, xm or xq, so those use its English strings.

Each build's peak RSS is that of its largest process (getrusage of the
children of a wrapper); N = 1000 gets one cold build of each, for memory only.

All variants are built in the same run, interleaved, on the same machine;
each figure is the median of the repeats. Ratios are ours / stock.

Then `kyr serve` is started on the largest N's project; one msgstr of a Spanish
catalog is saved, and the served Spanish page is polled until the new text is
there: seconds from save to rebuilt page, median of 5. The server renders that
page again in its own process (kyr.mkdocs.preview), from sessions it makes in
the background once it has built: the first save may wait for them.
KYR_BENCH_SERVE_LOG names a file for the server's log. Last, brotli's qualities
against bytes on the first N's site (tests/bench/brotli_quality.py).

Environment: KYR_BENCH_SIZES (default "60,300"), KYR_BENCH_RSS_SIZES ("1000"),
KYR_BENCH_REPEATS (3), KYR_BENCH_SERVE_REPEATS (5).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import fill, make_project  # noqa: E402

from kyr.apply import Choice, apply  # noqa: E402
from kyr.pseudo import pseudo  # noqa: E402
from kyr.segment import segment  # noqa: E402

LANGS = ["es", "pt", "ht", "mam", "quc"]
STOCK_CODES = {"es": "es", "pt": "pt", "ht": "ht", "mam": "xm", "quc": "xq"}
WORDS = ("you can ask for asylum at the border court judge hearing paper case help lawyer free right "
         "interpreter language family fear protection address move week day answer office form "
         "notice date appointment officer interview document children safe danger home").split()
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize() + "."


def page(rng: random.Random, n: int, title: str) -> str:
    parts = [
        f"---\ntitle: {title}\ndescription: What to know about topic {n}.\nlast_reviewed: 2026-11-23\n"
        f"sources:\n  - title: Source {n}\n    url: https://example.invalid/{n}\n---",
        f"# {title}",
        " ".join(sentence(rng) for _ in range(2)),
    ]
    for section in range(5):
        parts.append(f"## Section {section} of topic {n}")
        parts += [" ".join(sentence(rng) for _ in range(3)) for _ in range(2)]
        if section % 2 == 0:
            parts.append("\n".join(f"{i}. {sentence(rng)}" for i in range(1, 4)))
        else:
            parts.append("\n".join(f"- {sentence(rng)}" for _ in range(3)))
    parts.append(f'!!! warning "Careful with step {n}"\n    {sentence(rng)} {sentence(rng)}')
    parts.append("| When | What |\n|------|------|\n" + "\n".join(f"| Day {i} | {sentence(rng)} |" for i in range(3)))
    return "\n\n".join(parts) + "\n"


def generate(n: int, folder: Path) -> tuple[Path, Path, int]:
    """Our project (English + full catalogs) and the stock project (pre-translated files); words per page."""
    rng = random.Random(n)
    docs = folder / "src"
    docs.mkdir(parents=True)
    for i in range(n):
        (docs / f"topic-{i:03d}.md").write_text(page(rng, i, f"Topic number {i}"), encoding="utf-8")
    (docs / "index.md").write_text(page(rng, 999, "Home"), encoding="utf-8")
    words = sum(len(re.findall(r"[A-Za-z]+", p.read_text(encoding="utf-8").split("---\n", 2)[2])) for p in docs.iterdir())
    ours = make_project(folder / "ours", docs)
    for lang in LANGS:
        fill(ours, lang, pseudo)
    stock = folder / "stock"
    (stock / "docs").mkdir(parents=True)
    for path in sorted(docs.iterdir()):
        source = path.read_text(encoding="utf-8")
        shutil.copy(path, stock / "docs" / path.name)
        segments = segment(source)
        translated = apply(source, segments, [Choice(pseudo(s.text), "es", False) for s in segments], "es").markdown
        for lang in LANGS:
            (stock / "docs" / f"{path.stem}.{STOCK_CODES[lang]}.md").write_text(translated, encoding="utf-8")
    languages = "\n".join(
        f"        - locale: {code}\n          name: {code}\n          build: true"
        + ("" if code in ("es", "pt") else "\n          theme:\n            language: en")
        for code in STOCK_CODES.values()
    )
    (stock / "mkdocs.yml").write_text(
        "site_name: Stock\nsite_url: http://localhost:8000/\ntheme:\n  name: material\n  language: en\n  font: false\n"
        "markdown_extensions: [admonition, attr_list, def_list, footnotes, tables, toc, pymdownx.details, pymdownx.superfences]\n"
        "plugins:\n  - i18n:\n      docs_structure: suffix\n      reconfigure_search: false\n      languages:\n"
        "        - locale: en\n          name: English\n          default: true\n          build: true\n" + languages + "\n",
        encoding="utf-8",
    )
    return ours, stock, words // (n + 1)


#: Runs a command and prints, last on stderr, the largest resident set of it and its children (KB).
PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds a command takes, and the peak RSS (KB) of its largest process (a build's parent or a worker)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PEAK_RSS, *command], cwd=cwd, capture_output=True, text=True, env=ENV)
    took = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return took, int(result.stderr.strip().splitlines()[-1])


def remove_site(site: Path) -> None:
    """A site, its manifest and its page caches (kyr.buildstate): the next build is a cold one."""
    from kyr import buildstate

    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(buildstate.cache_path(site), ignore_errors=True)
    buildstate.forget(site)


def bench_builds(n: int, repeats: int, folder: Path) -> tuple[dict[str, float], dict[str, int], int]:
    """Median seconds of each way of building the same N pages in 6 languages, and the peak RSS of each (KB)."""
    ours, stock, words = generate(n, folder)
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    site_ours, site_stock = folder / "site-ours", folder / "site-stock"
    kyr_build = [sys.executable, "-m", "kyr.cli", "build", "--site", str(site_ours)]
    po = ours / "locales" / "es" / "LC_MESSAGES" / f"topic-{n // 2:03d}.po"
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    rss: dict[str, int] = {name: 0 for name in VARIANTS}

    def run(name: str, command: list[str], cwd: Path) -> None:
        took, peak = timed(command, cwd)
        times[name].append(took)
        rss[name] = max(rss[name], peak)

    for repeat in range(repeats):  # interleaved, so a noisy moment hurts every variant alike
        remove_site(site_ours)
        run("cold", kyr_build, ours)
        run("no change", kyr_build, ours)
        set_msgstr(po, f"Topic number {n // 2}", f"Edited topic number {n // 2} " + "abcdefghij"[repeat % 10])
        run("one .po", kyr_build, ours)
        shutil.rmtree(site_stock, ignore_errors=True)
        run("stock", [mkdocs, "build", "-q", "-d", str(site_stock)], stock)
    # Both sites hold the same pages: N + 1 in each of the 6 languages.
    expected = (n + 1) * 6
    built_ours = sum(1 for _ in site_ours.rglob("index.html")) - 1  # the translators' dashboard
    built_stock = sum(1 for _ in site_stock.rglob("index.html"))
    assert built_ours == built_stock == expected, (built_ours, built_stock, expected)
    return {name: statistics.median(values) for name, values in times.items()}, rss, words


#: What bench_builds times: a cold build, a rebuild with nothing changed, one with one .po changed, stock.
VARIANTS = ("cold", "no change", "one .po", "stock")


def cold_rss(n: int, folder: Path) -> tuple[float, int, int]:
    """One cold build of ours and one of stock at N pages: seconds of ours, peak RSS of each (KB)."""
    ours, stock, _ = generate(n, folder)
    took, peak = timed([sys.executable, "-m", "kyr.cli", "build", "--site", str(folder / "site-ours")], ours)
    _, stock_peak = timed([str(Path(sys.executable).with_name("mkdocs")), "build", "-q", "-d", str(folder / "site-stock")], stock)
    return took, peak, stock_peak


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def set_msgstr(po: Path, msgid: str, text: str) -> None:
    lines = po.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgid "{msgid}"')
    assert lines[at + 1].startswith("msgstr ")
    lines[at + 1] = f'msgstr "{text}"'
    po.write_text("\n".join(lines), encoding="utf-8")


def bench_serve(project: Path, repeats: int = 3) -> tuple[float, list[float]]:
    """Seconds to the first served page, and from each .po save to the rebuilt page."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "kyr.cli", "serve", "--port", str(port), "--site", str(project / "site-serve")],
        cwd=project, stdout=subprocess.DEVNULL, stderr=open(os.environ.get("KYR_BENCH_SERVE_LOG", os.devnull), "w"), env=ENV,
    )
    url = f"http://127.0.0.1:{port}/es/topic-000/"
    po = project / "locales" / "es" / "LC_MESSAGES" / "topic-000.po"
    try:
        first = None
        while time.perf_counter() - started < 300 and first is None:
            try:
                fetch(url)
                first = time.perf_counter() - started
            except OSError:
                time.sleep(0.2)
        if first is None:
            raise SystemExit("kyr serve served nothing in 300 s")
        time.sleep(2)  # the watcher is up
        results = []
        for i in range(repeats):
            # The same number as the English (the build refuses a translation that changes a fact), then letters.
            marker = f"Edited number 0 " + "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(12))
            saved = time.perf_counter()
            set_msgstr(po, "Topic number 0", marker)
            while time.perf_counter() - saved < 60:
                try:
                    if marker in fetch(url):
                        results.append(time.perf_counter() - saved)
                        break
                except OSError:
                    pass
                time.sleep(0.05)
            else:
                results.append(float("inf"))
            time.sleep(4)  # the languages that fall back to Spanish rebuild after it
        return first, results
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    from brotli_quality import table as brotli_table

    sizes = [int(s) for s in os.environ.get("KYR_BENCH_SIZES", "60,300").split(",")]
    rss_sizes = [int(s) for s in os.environ.get("KYR_BENCH_RSS_SIZES", "1000").split(",") if s]
    repeats = int(os.environ.get("KYR_BENCH_REPEATS", "3"))
    serve_repeats = int(os.environ.get("KYR_BENCH_SERVE_REPEATS", "5"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            print(f"N={n}: generating and building {repeats} times...", file=sys.stderr, flush=True)
            medians, rss, words = bench_builds(n, repeats, Path(tmp) / f"n{n}")
            rows.append((n, medians, rss, words))
            print(f"N={n}: " + ", ".join(f"{k} {v:.1f}s" for k, v in medians.items()), file=sys.stderr, flush=True)
        compression = brotli_table(Path(tmp) / f"n{sizes[0]}" / "site-ours")
        big = []
        for n in rss_sizes:
            print(f"N={n}: one cold build each, for memory...", file=sys.stderr, flush=True)
            big.append((n, *cold_rss(n, Path(tmp) / f"rss{n}")))
            shutil.rmtree(Path(tmp) / f"rss{n}", ignore_errors=True)
        print(f"kyr serve, N={sizes[-1]}...", file=sys.stderr, flush=True)
        first, serve = bench_serve(Path(tmp) / f"n{sizes[-1]}" / "ours", serve_repeats)

    print()
    print(f"Build of N pages + a home page (about {rows[0][3]} words each) in en, es, pt, ht, mam, quc;")
    print(f"median of {repeats} runs, interleaved, {os.cpu_count()} cores; ours builds 2 languages at a time")
    print("cold: no previous site; no change: the same build again; one .po: one msgstr of one Spanish page changed")
    print()
    head = (f"{'N':>5} | {'stock':>8} | {'cold':>8} | {'no change':>9} | {'one .po':>8} | {'cold/stock':>10} | "
            f"{'no change/cold':>14} | {'one .po/cold':>12}")
    print(head)
    print("-" * len(head))
    for n, m, _, _ in rows:
        print(f"{n:>5} | {m['stock']:>7.2f}s | {m['cold']:>7.2f}s | {m['no change']:>8.2f}s | {m['one .po']:>7.2f}s | "
              f"{m['cold'] / m['stock']:>10.2f} | {m['no change'] / m['cold']:>14.3f} | {m['one .po'] / m['cold']:>12.3f}")
    print()
    print("peak RSS of the largest process (the build or one of its workers), MB:")
    print(f"{'N':>5} | {'ours cold':>9} | {'ours no change':>14} | {'ours one .po':>12} | {'stock':>6}")
    for n, _, r, _ in rows:
        print(f"{n:>5} | {r['cold'] / 1024:>9.0f} | {r['no change'] / 1024:>14.0f} | {r['one .po'] / 1024:>12.0f} | {r['stock'] / 1024:>6.0f}")
    for n, took, peak, stock_peak in big:
        print(f"{n:>5} | {peak / 1024:>9.0f} | {'':>14} | {'':>12} | {stock_peak / 1024:>6.0f}   (one cold build: {took:.1f}s)")
    print()
    print(f"kyr serve, N={sizes[-1]}: first page served after {first:.1f}s")
    print(".po save -> rebuilt page: " + ", ".join(f"{s:.2f}s" for s in serve) + f"  (median {statistics.median(serve):.2f}s, target 1 s)")
    print()
    print(f"brotli quality against bytes, on the N={sizes[0]} site's text files (one core):")
    print(compression)
    print()
    print("stock: mkdocs-static-i18n 1.3.1 + Material for MkDocs, pre-translated page.<lang>.md files. It rejects")
    print("three-letter codes, so Mam and Kʼicheʼ are built as the stand-ins 'xm' and 'xq'; Material has no UI")
    print("strings for ht, xm, xq, which use its English ones. Ours also writes a sitemap, share texts, offline")
    print("manifests, the translators' dashboard and .br/.gz copies (no QR codes: the bench has no public address).")


if __name__ == "__main__":
    main()
