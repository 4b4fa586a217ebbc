"""`make bench`: our build against stock mkdocs-static-i18n, and .po save → rebuilt page under `kyr serve`.

For N generated pages (about 500 words each: headings, lists, an admonition, a
table) in 6 languages:

- ours: `kyr build` from English pages and PO catalogs (5 languages, every entry
  translated), languages built in parallel, with our lean theme, QR codes,
  sitemap and pre-compressed files;
- stock: plain `mkdocs build` with mkdocs-static-i18n 1.3.1 and Material, from
  the same pages pre-translated into `page.<lang>.md` files. Stock static-i18n
  rejects three-letter codes, so it builds Mam and Kʼicheʼ as `xm` and `xq`.

Both are timed in the same run, on the same machine, so the ratio is what counts.
Then `kyr serve` is started on the N = 60 project, one msgstr of a Spanish catalog
is saved, and the served page is polled until the new text is there.
"""

from __future__ import annotations

import os
import random
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

from conftest import fill, kyr, make_project  # noqa: E402

from kyr.apply import Choice, apply  # noqa: E402
from kyr.pseudo import pseudo  # noqa: E402
from kyr.segment import segment  # noqa: E402

LANGS = ["es", "pt", "ht", "mam", "quc"]
STOCK_CODES = {"es": "es", "pt": "pt", "ht": "ht", "mam": "xm", "quc": "xq"}
WORDS = ("you can ask for asylum at the border court judge hearing paper case help lawyer free right "
         "interpreter language family fear protection address move week day answer office form").split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    return " ".join(words).capitalize() + "."


def page(rng: random.Random, n: int) -> str:
    parts = [f"---\ntitle: Topic {n}\nlast_reviewed: 2026-11-23\nsources:\n  - title: Source {n}\n    url: https://example.invalid/{n}\n---",
             f"# Topic number {n}"]
    for section in range(4):
        parts.append(f"## Section {section} of topic {n}")
        parts += [" ".join(sentence(rng) for _ in range(3)) for _ in range(2)]
        parts.append("\n".join(f"{i}. {sentence(rng)}" for i in range(1, 4)))
    parts.append(f'!!! warning "Careful {n}"\n    {sentence(rng)} {sentence(rng)}')
    parts.append("| When | What |\n|------|------|\n" + "\n".join(f"| Day {i} | {sentence(rng)} |" for i in range(3)))
    return "\n\n".join(parts) + "\n"


def generate(n: int, folder: Path) -> tuple[Path, Path]:
    rng = random.Random(n)
    docs = folder / "src"
    docs.mkdir(parents=True)
    for i in range(n):
        (docs / f"topic-{i:03d}.md").write_text(page(rng, i), encoding="utf-8")
    (docs / "index.md").write_text(page(rng, 999).replace("Topic 999", "Home"), encoding="utf-8")
    ours = make_project(folder / "ours", docs)
    for lang in LANGS:
        fill(ours, lang, pseudo)
    stock = folder / "stock"
    (stock / "docs").mkdir(parents=True)
    for path in docs.iterdir():
        source = path.read_text(encoding="utf-8")
        shutil.copy(path, stock / "docs" / path.name)
        segments = segment(source)
        translated = apply(source, segments, [Choice(pseudo(s.text), "es", False) for s in segments], "es").markdown
        for lang in LANGS:
            (stock / "docs" / f"{path.stem}.{STOCK_CODES[lang]}.md").write_text(translated, encoding="utf-8")
    # Stock Material has no UI strings for ht (nor the stand-ins): it fails unless told to use English.
    languages = "\n".join(
        f"        - locale: {code}\n          name: {code}\n          build: true"
        + ("" if code in ("es", "pt") else "\n          theme:\n            language: en")
        for code in STOCK_CODES.values()
    )
    (stock / "mkdocs.yml").write_text(
        "site_name: Stock\nsite_url: http://localhost:8000/\ntheme:\n  name: material\n  font: false\n"
        "markdown_extensions: [admonition, attr_list, def_list, footnotes, tables, toc, pymdownx.details, pymdownx.superfences]\n"
        "plugins:\n  - i18n:\n      docs_structure: suffix\n      languages:\n"
        "        - locale: en\n          name: English\n          default: true\n          build: true\n" + languages + "\n",
        encoding="utf-8",
    )
    return ours, stock


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - started


def bench_builds(n: int, repeats: int, folder: Path) -> dict[str, float]:
    """Median seconds of each way of building the same N pages in 6 languages."""
    ours, stock = generate(n, folder)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    kyr_build = [sys.executable, "-m", "kyr.cli", "build", "--site", str(folder / "site-ours")]
    times: dict[str, list[float]] = {"ours, first build": [], "ours, rebuild": [], "ours, no compression": [], "stock": []}
    for _ in range(repeats):  # interleaved, so a noisy moment hurts every variant alike
        shutil.rmtree(folder / "site-ours", ignore_errors=True)
        times["ours, first build"].append(timed(kyr_build, ours))
        times["ours, rebuild"].append(timed(kyr_build, ours))
        times["ours, no compression"].append(timed(kyr_build + ["--no-compress"], ours))
        times["stock"].append(timed([str(mkdocs), "build", "-q", "-d", str(folder / "site-stock")], stock))
    return {name: statistics.median(values) for name, values in times.items()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_serve(project: Path, repeats: int = 3) -> list[float]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kyr.cli", "serve", "--port", str(port), "--site", str(project / "site-serve")],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    address = f"http://127.0.0.1:{port}/es/topic-000/"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                urllib.request.urlopen(address, timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        po = project / "locales" / "es" / "LC_MESSAGES" / "topic-000.po"
        results = []
        for i in range(repeats):
            marker = f"Edited {i} {time.time():.0f}"
            text = po.read_text(encoding="utf-8")
            text = text.replace('msgstr "Ŧöƥíç ñüɱƀéŕ 0"', f'msgstr "{marker}"', 1).replace(
                f'msgstr "Edited {i - 1}', f'msgstr "{marker}" #', 1) if i else text.replace('msgstr "Ŧöƥíç ñüɱƀéŕ 0"', f'msgstr "{marker}"', 1)
            text = "\n".join(line.split('" #')[0] + '"' if line.startswith(f'msgstr "{marker}" #') else line for line in text.split("\n"))
            started = time.perf_counter()
            po.write_text(text, encoding="utf-8")
            while time.perf_counter() - started < 30:
                if marker in urllib.request.urlopen(address, timeout=5).read().decode():
                    results.append(time.perf_counter() - started)
                    break
                time.sleep(0.05)
            else:
                results.append(float("inf"))
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    sizes = [int(s) for s in os.environ.get("KYR_BENCH_SIZES", "60,300").split(",")]
    repeats = int(os.environ.get("KYR_BENCH_REPEATS", "3"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            medians = bench_builds(n, repeats if n <= 100 else max(1, repeats - 2), Path(tmp) / f"n{n}")
            rows.append((n, medians))
            print(f"N={n}: " + ", ".join(f"{k} {v:.1f}s" for k, v in medians.items()), file=sys.stderr, flush=True)
        serve = bench_serve(Path(tmp) / f"n{sizes[0]}" / "ours")
    print(f"\nFull build of N pages + home in en, es, pt, ht, mam, quc: median seconds ({os.cpu_count()} cores; ours builds languages in parallel)")
    names = list(rows[0][1])
    print(f"{'N':>5} " + " ".join(f"{name:>22}" for name in names) + "   ratio to stock")
    for n, medians in rows:
        ratios = " ".join(f"{medians[name] / medians['stock']:.2f}" for name in names if name != "stock")
        print(f"{n:>5} " + " ".join(f"{medians[name]:>22.2f}" for name in names) + f"   {ratios}")
    if len(rows) > 1:
        (n1, m1), (n2, m2) = rows[0], rows[-1]
        growth = ", ".join(f"{name} x{m2[name] / m1[name]:.2f}" for name in names)
        print(f"growth from N={n1} to N={n2} (x{(n2 + 1) / (n1 + 1):.1f} pages): {growth}")
    print(f"\n.po save -> rebuilt page under kyr serve, N={sizes[0]}: " + ", ".join(f"{s:.2f}s" for s in serve)
          + f" (median {statistics.median(serve):.2f}s)")
    print("stock: mkdocs-static-i18n 1.3.1 + Material, pre-translated page.<lang>.md files; it rejects three-letter")
    print("codes, so Mam and Kʼicheʼ are built as 'xm' and 'xq', and Material has no UI strings for ht, xm, xq (English).")


if __name__ == "__main__":
    main()
