"""`make bench`: our build against stock mkdocs-static-i18n, and .po save → rebuilt page under `kyr serve`.

For N generated pages (about 500 words each: headings, paragraphs, numbered
lists, a warning box, a table) plus a home page, in 6 languages:

- ours: `kyr build` from the English pages and PO catalogs (5 languages, every
  entry translated), languages built in parallel (2 processes), with our lean
  theme, QR codes, sitemap and pre-compressed .br/.gz files. Timed three ways:
  a first build (no previous site/), a rebuild (site/ there: QR codes and
  compressed files of unchanged pages reused), and without compression;
- stock: plain `mkdocs build` with mkdocs-static-i18n 1.3.1 (plugin `i18n`,
  docs_structure suffix) and Material for MkDocs, from the same pages already
  translated into `page.<lang>.md` files (translated with our apply(), so the
  text is the same). Stock static-i18n rejects three-letter codes, so it builds
  Mam and Kʼicheʼ under the stand-ins `xm` and `xq`; Material has no UI strings
  for ht, xm or xq, so those use its English strings.

All variants are built in the same run, interleaved, on the same machine;
each figure is the median of the repeats. Ratios are ours / stock.

Then `kyr serve` is started on the N = 60 project; one msgstr of a Spanish
catalog is saved, and the served Spanish page is polled until the new text is
there: seconds from save to rebuilt page, median of 3.

Environment: KYR_BENCH_SIZES (default "60,300"), KYR_BENCH_REPEATS (default 3).
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


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV)
    took = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return took


def bench_builds(n: int, repeats: int, folder: Path) -> tuple[dict[str, float], int]:
    """Median seconds of each way of building the same N pages in 6 languages."""
    ours, stock, words = generate(n, folder)
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    site_ours, site_stock = folder / "site-ours", folder / "site-stock"
    kyr_build = [sys.executable, "-m", "kyr.cli", "build", "--site", str(site_ours)]
    times: dict[str, list[float]] = {"ours: first build": [], "ours: rebuild": [], "ours: no compression": [], "stock": []}
    for _ in range(repeats):  # interleaved, so a noisy moment hurts every variant alike
        shutil.rmtree(site_ours, ignore_errors=True)
        times["ours: first build"].append(timed(kyr_build, ours))
        times["ours: rebuild"].append(timed(kyr_build, ours))
        times["ours: no compression"].append(timed(kyr_build + ["--no-compress"], ours))
        shutil.rmtree(site_stock, ignore_errors=True)
        times["stock"].append(timed([mkdocs, "build", "-q", "-d", str(site_stock)], stock))
    # Both sites hold the same pages: N + 1 in each of the 6 languages.
    expected = (n + 1) * 6
    built_ours = sum(1 for _ in site_ours.rglob("index.html"))
    built_stock = sum(1 for _ in site_stock.rglob("index.html"))
    assert built_ours == built_stock == expected, (built_ours, built_stock, expected)
    return {name: statistics.median(values) for name, values in times.items()}, words


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
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
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
            marker = f"Edited number {i} at {time.time():.0f}"
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
    sizes = [int(s) for s in os.environ.get("KYR_BENCH_SIZES", "60,300").split(",")]
    repeats = int(os.environ.get("KYR_BENCH_REPEATS", "3"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            print(f"N={n}: generating and building {repeats} times...", file=sys.stderr, flush=True)
            medians, words = bench_builds(n, repeats, Path(tmp) / f"n{n}")
            rows.append((n, medians, words))
            print(f"N={n}: " + ", ".join(f"{k} {v:.1f}s" for k, v in medians.items()), file=sys.stderr, flush=True)
        first, serve = bench_serve(Path(tmp) / f"n{sizes[0]}" / "ours")

    names = list(rows[0][1])
    print()
    print(f"Full build of N pages + a home page (about {rows[0][2]} words each) in en, es, pt, ht, mam, quc")
    print(f"median of {repeats} runs, {os.cpu_count()} cores; ours builds 2 languages at a time")
    print()
    head = f"{'N':>5} | " + " | ".join(f"{name:>20}" for name in names) + " | " + " | ".join(
        f"{name.split(': ')[1] + ' / stock':>22}" for name in names if name != "stock")
    print(head)
    print("-" * len(head))
    for n, medians, _ in rows:
        print(f"{n:>5} | " + " | ".join(f"{medians[name]:>19.2f}s" for name in names) + " | " + " | ".join(
            f"{medians[name] / medians['stock']:>22.2f}" for name in names if name != "stock"))
    if len(rows) > 1:
        print()
        print("seconds per page (of N + 1, all 6 languages), and growth from the first N to the last:")
        (n1, m1, _), (n2, m2, _) = rows[0], rows[-1]
        for name in names:
            per1, per2 = m1[name] / (n1 + 1), m2[name] / (n2 + 1)
            print(f"  {name:>20}: {per1:.4f} s/page at N={n1}, {per2:.4f} s/page at N={n2}; "
                  f"time x{m2[name] / m1[name]:.2f} for x{(n2 + 1) / (n1 + 1):.2f} pages "
                  f"({'no faster than linear' if per2 <= per1 * 1.05 else 'FASTER THAN LINEAR'})")
    print()
    print(f"kyr serve, N={sizes[0]}: first page served after {first:.1f}s")
    print(".po save -> rebuilt page: " + ", ".join(f"{s:.2f}s" for s in serve) + f"  (median {statistics.median(serve):.2f}s, target 2 s)")
    print()
    print("stock: mkdocs-static-i18n 1.3.1 + Material for MkDocs, pre-translated page.<lang>.md files. It rejects")
    print("three-letter codes, so Mam and Kʼicheʼ are built as the stand-ins 'xm' and 'xq'; Material has no UI")
    print("strings for ht, xm, xq, which use its English ones. Ours also writes QR codes, a sitemap and .br/.gz copies.")


if __name__ == "__main__":
    main()
