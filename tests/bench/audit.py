"""`make audit`: Lighthouse (mobile) and axe-core on the home page and one topic page in every language.

Builds the site into a temporary folder and serves it on 127.0.0.1 the way a
static host would (pre-compressed files, see tests/browser/conftest.py), runs
npm's `lighthouse` with Debian's Chromium (CHROME_PATH), runs axe-core in the
same Chromium through Playwright (phone view, and projector view of the topic
page), and prints the four Lighthouse scores, the axe violations, and the bytes
transferred and requests made per page on first view. Installs lighthouse and axe-core with npm into
tests/bench/node_modules (not committed) the first time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import ARGS, CHROMIUM, serve  # noqa: E402

from kyr.languages import load_languages  # noqa: E402

HERE = Path(__file__).resolve().parent
TOPIC = "court-case"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def node_tools() -> tuple[Path, Path]:
    lighthouse = HERE / "node_modules" / ".bin" / "lighthouse"
    axe = HERE / "node_modules" / "axe-core" / "axe.min.js"
    if not (lighthouse.exists() and axe.exists()):
        subprocess.run(
            ["npm", "install", "--no-save", "--no-audit", "--no-fund", "lighthouse@13.5.0", "axe-core@4.14.1"],
            cwd=HERE, check=True,
        )
    return lighthouse, axe


def lighthouse(binary: Path, url: str) -> tuple[dict[str, int], int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
             f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
             f"--chrome-flags={' '.join(ARGS)}"],
            check=True, env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        )
        report = json.loads(out.read_text())
    scores = {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES}
    failing = sorted(
        ref["id"] for c in CATEGORIES for ref in report["categories"][c]["auditRefs"]
        if ref["weight"] and report["audits"][ref["id"]]["score"] not in (None, 1)
    )
    scores["failing"] = failing
    requests = len(report["audits"]["network-requests"]["details"]["items"])
    return scores, int(report["audits"]["total-byte-weight"]["numericValue"]), requests


PHONE = {"width": 360, "height": 740}
PROJECTOR = {"width": 1920, "height": 1080}


def axe_violations(browser, axe_source: str, url: str, viewport: dict = PHONE) -> list[str]:
    # The site's CSP forbids injected scripts, as it should; the audit bypasses it.
    context = browser.new_context(bypass_csp=True, viewport=viewport)
    page = context.new_page()
    page.goto(url)
    if "?present" in url:
        page.wait_for_selector("html.present")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document)")
    context.close()
    return [f"{v['id']} ({len(v['nodes'])})" for v in result["violations"]]


def main() -> int:
    languages = load_languages(ROOT / "locales" / "languages.toml")
    lighthouse_bin, axe_file = node_tools()
    axe_source = axe_file.read_text()
    from playwright.sync_api import sync_playwright

    rows, failures = [], 0
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        # The site as the working tree builds it now, not whatever site/ last held.
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, "-m", "kyr.cli", "--root", str(ROOT), "build", "--site", str(site)], check=True)
        httpd, base = serve(site)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for lang in languages.codes:
            prefix = "" if lang == languages.source else f"{lang}/"
            for page in ("", f"{TOPIC}/"):
                url = f"{base}/{prefix}{page}"
                scores, weight, requests = lighthouse(lighthouse_bin, url)
                violations = axe_violations(browser, axe_source, url)
                if page:  # the projector view of the topic page too: its own controls and layout
                    violations += [f"projector: {v}" for v in axe_violations(browser, axe_source, url + "?present", PROJECTOR)]
                ok = scores["performance"] >= 98 and all(scores[c] == 100 for c in CATEGORIES[1:]) and not violations
                failures += not ok
                rows.append((f"/{prefix}{page}", scores, weight, requests, violations, ok))
        browser.close()
        httpd.shutdown()
    print(f"{'page':<22} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'bytes':>7} {'reqs':>5}  axe violations")
    for path, s, weight, requests, violations, ok in rows:
        print(f"{path:<22} {s['performance']:>5} {s['accessibility']:>5} {s['best-practices']:>5} {s['seo']:>5} "
              f"{weight:>7} {requests:>5}  {', '.join(violations) or 'none'}"
              f"{'' if ok else '   <- below target: ' + ', '.join(s['failing'])}")
    print("bytes: transferred on first view (Lighthouse total-byte-weight: headers and brotli bodies); axe: phone view,")
    print("and the projector view (1920x1080) of each topic page")
    print(f"{len(rows) - failures} of {len(rows)} pages meet perf >= 98, a11y/best/SEO = 100 and no axe violation")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
