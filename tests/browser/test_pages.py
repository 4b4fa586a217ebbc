"""Budgets and behaviour of the built site in a real browser (phone, no JS, projector, print).

Chromium advertises brotli to http://127.0.0.1 and the test server sends the
build's `.br` files, so the bytes counted are what went over the wire: each
response's headers and its brotli body. The tests check that every response
was brotli, so the figures are brotli figures.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kyr.languages import load_languages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = load_languages(ROOT / "locales" / "languages.toml")
PAGES = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))
PHONE = {"width": 360, "height": 740}
PROJECTOR = {"width": 1920, "height": 1080}
#: A4 at 96 px per inch, for looking at print output.
PAPER = {"width": 794, "height": 1123}
FIRST_VIEW_BYTES = 12 * 1024
FIRST_VIEW_REQUESTS = 4
REPEAT_VIEW_BYTES = 4 * 1024
#: A page's QR code (qr.svg, brotli, headers included), fetched with the page for print.
QR_BYTES = 1024
MIN_PROJECTOR_FONT = 32
#: An ID-1 card (a bank or ID card): 85.6 × 54 mm, in CSS pixels.
CARD_WIDTH, CARD_HEIGHT = 85.6 / 25.4 * 96, 54 / 25.4 * 96


def url(server, lang, page):
    prefix = "" if lang == LANGUAGES.source else f"{lang}/"
    return f"{server}/{prefix}{'' if page == 'index' else page + '/'}"


def visit(context, address):
    """Load a page; return it and the network responses it caused."""
    responses = []
    page = context.new_page()
    page.on("response", lambda response: responses.append(response))
    page.goto(address, wait_until="load")
    return page, [r for r in responses if not r.url.startswith("data:")]


def transferred(response) -> int:
    sizes = response.request.sizes()
    return sizes["responseHeadersSize"] + sizes["responseBodySize"]


def poll(page, expression: str, tries: int = 50) -> bool:
    """Evaluate until true. (wait_for_function evaluates a string in the page, which the site's CSP forbids.)"""
    for _ in range(tries):
        if page.evaluate(expression):
            return True
        page.wait_for_timeout(100)
    return False


# -- budgets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_first_view_budget_and_no_third_party(browser, server, lang):
    report = []
    for name in PAGES:
        context = browser.new_context(viewport=PHONE)
        page, responses = visit(context, url(server, lang, name))
        hosts = {urlsplit(r.url).netloc for r in responses}
        assert hosts == {urlsplit(server).netloc}, f"{name}: requests to {hosts}"
        assert len(responses) <= FIRST_VIEW_REQUESTS, f"{name}: {[r.url for r in responses]}"
        assert {r.headers.get("content-encoding") for r in responses} == {"br"}, name
        total = sum(transferred(r) for r in responses)
        report.append((name, len(responses), total))
        assert total <= FIRST_VIEW_BYTES, f"{name}: {total} bytes transferred"
        assert page.evaluate("document.fonts.size") == 0, f"{name}: web fonts"
        assert context.cookies() == [] and page.evaluate("localStorage.length + sessionStorage.length") == 0
        context.close()
    print(f"\nfirst view, {lang} (requests, bytes transferred with brotli, headers included):")
    for name, count, total in report:
        print(f"  {name:<26} {count}  {total:>6}")


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_repeat_view_of_another_page_is_small(browser, server, lang):
    context = browser.new_context(viewport=PHONE)
    # On the context, so the service worker's own requests (the network behind the page) are counted too;
    # what the worker answered the page is not (it is counted where the worker asked the network).
    responses = []
    context.on("response", lambda response: responses.append(response))
    first, _ = visit(context, url(server, lang, "index"))
    assert poll(first, "navigator.serviceWorker.controller !== null")
    report = []
    for name in ("court-case", "glossary", "legal-help"):
        responses.clear()
        page, _ = visit(context, url(server, lang, name))
        page.wait_for_load_state("networkidle")
        network = [r for r in responses if not r.from_service_worker and r.request.sizes()["responseBodySize"] > 0]
        path = urlsplit(page.url).path
        # The page's share text is fetched after load, for the Share button; its QR code is loaded with it,
        # so print has it: both counted apart from the page. No shared asset again.
        later = [r for r in network if urlsplit(r.url).path == path + "share.txt"]
        qr = sum(transferred(r) for r in network if urlsplit(r.url).path == path + "qr.svg")
        total = sum(transferred(r) for r in network if r not in later) - qr
        report.append(f"{name} {len(network) - len(later)} request(s) {total} bytes + QR {qr}, after load share.txt {sum(map(transferred, later))} bytes")
        assert total <= REPEAT_VIEW_BYTES, f"{lang}/{name}: {total} bytes on a repeat view"
        assert qr <= QR_BYTES, f"{lang}/{name}: QR code {qr} bytes"
        assert sorted(urlsplit(r.url).path for r in network) == [path, path + "qr.svg", path + "share.txt"], "assets fetched again"
    print(f"\nrepeat view, {lang}: " + "; ".join(report))
    context.close()


def test_content_security_policy_blocks_other_hosts(browser, server):
    context = browser.new_context()
    page, _ = visit(context, url(server, "en", "court-case"))
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "default-src 'none'" in csp and "http" not in csp
    finished, failed = [], []
    page.on("requestfinished", lambda request: finished.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.failure))
    # What a compromised or careless page could do: load from elsewhere. The policy must stop it first.
    blocked = page.evaluate(
        """() => new Promise(done => {
             const seen = [];
             document.addEventListener("securitypolicyviolation", e => seen.push(e.violatedDirective));
             const img = new Image(); img.src = "https://third-party.invalid/pixel.png";
             const css = document.createElement("link"); css.rel = "stylesheet"; css.href = "https://third-party.invalid/x.css";
             document.head.append(css);
             setTimeout(() => done(seen), 500);
           })"""
    )
    assert sorted(set(blocked)) == ["img-src", "style-src-elem"]
    assert not [r for r in finished if "third-party.invalid" in r]
    assert failed == ["csp", "csp"]
    context.close()


# -- phone --------------------------------------------------------------------------------------


def test_reading_moving_and_switching_language_without_javascript(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(url(server, "en", "court-case"))
    assert page.locator("h1").inner_text() == "Your immigration court case"
    assert page.locator(".tools__present").is_hidden(), "projector mode needs JS: its link must not show"
    page.click("a[rel=next]")
    assert page.url != url(server, "en", "court-case")
    page.click("a[rel=prev]")
    assert page.url == url(server, "en", "court-case")
    page.click('.langs a[hreflang="es"]')
    assert page.url == url(server, "es", "court-case")
    assert page.locator("h1").inner_text() == "Su caso en la corte de inmigración"
    page.click('.langs a[hreflang="mam"]')
    assert page.url == url(server, "mam", "court-case")
    assert page.locator("html").get_attribute("lang") == "mam"
    page.click(".tools__card")
    assert page.locator(".pocket__side").first.is_visible()
    page.click("a.home")
    assert page.url == url(server, "mam", "index")
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_home_page_is_the_topic_index_without_javascript(browser, server, lang):
    """There is no search: each language's home page links to every page, in that language."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(url(server, lang, "index"))
    linked = set(page.eval_on_selector_all("article a[href]", "links => links.map(a => a.href)"))
    missing = [name for name in PAGES if name != "index" and url(server, lang, name) not in linked]
    assert missing == [], f"{lang} home page does not link to {missing}"
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_320px_wide_without_horizontal_scrolling_and_44px_targets(browser, server, lang):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for name in PAGES:
        for fragment in ("", "#pocket-card"):
            page.goto(url(server, lang, name) + fragment)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            assert width <= 320, f"{lang}/{name}{fragment}: {width}px wide"
        small = page.evaluate(
            """() => [...document.querySelectorAll('.top a, .langs a, .pager a, .tools a, .cards a, .kyr-sources a, summary, main a[href^="tel:"]')]
                 .map(a => a.getBoundingClientRect()).filter(r => r.width && (r.height < 44 || r.width < 44)).length"""
        )
        assert small == 0, f"{lang}/{name}: {small} tap targets under 44px"
    context.close()


def test_system_fonts_draw_every_letter_of_the_site(browser, server, built_site):
    """ʼ and every other letter in the pages and the Mayan drafts is drawn by an installed font, not as a blank box."""
    from kyr import catalog as catalogs

    text = "".join(p.read_text(encoding="utf-8") for p in built_site.rglob("index.html"))
    for lang in ("mam", "quc"):
        for domain in catalogs.domains(ROOT / "locales"):
            text += "".join(m.string for m in catalogs.read_po(catalogs.po_path(ROOT / "locales", lang, domain)) if m.id)
    letters = sorted({c for c in text if ord(c) > 127 and (c.isalpha() or c in "ʼ’‘“”«»¿¡–—·×")})
    assert "ʼ" in letters
    context = browser.new_context()
    page = context.new_page()
    page.goto(url(server, "quc", "index"))
    # Draw each letter with the page's font stack and compare it with a code point no font has.
    tofu = page.evaluate(
        """letters => {
             const canvas = document.createElement("canvas"); canvas.width = canvas.height = 64;
             const ctx = canvas.getContext("2d", {willReadFrequently: true});
             ctx.font = "40px " + getComputedStyle(document.body).fontFamily;
             const draw = c => { ctx.clearRect(0, 0, 64, 64); ctx.fillText(c, 8, 48); return ctx.getImageData(0, 0, 64, 64).data.join(); };
             const missing = draw("\\u0378");
             return letters.filter(c => draw(c) === missing);
           }""",
        letters,
    )
    print(f"\n{len(letters)} letters beyond ASCII drawn by system fonts: {''.join(letters)}")
    assert tofu == [], f"no system font draws {tofu}"
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_an_ended_policy_says_so_first(browser, server, lang):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(url(server, lang, "title-42"))
    first = page.locator("article > *").first
    assert "banner--ended" in first.get_attribute("class")
    assert first.bounding_box()["y"] < page.locator("h1").bounding_box()["y"] < PHONE["height"]
    context.close()


def test_phone_screenshots(browser, server, output_dir):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for lang, name in (("en", "index"), ("es", "court-case"), ("ht", "title-42"), ("mam", "index"), ("quc", "protection-at-the-border")):
        page.goto(url(server, lang, name))
        page.screenshot(path=str(output_dir / f"phone-{lang}-{name}.png"))
    context.close()


# -- projector ----------------------------------------------------------------------------------


def test_projector_mode(browser, server, output_dir):
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.goto(url(server, "es", "court-case") + "?present")
    page.wait_for_selector("html.present")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.screen.is-current p')).fontSize)")
    assert size >= MIN_PROJECTOR_FONT
    screens = page.locator(".screen").count()
    assert screens == page.locator(".screen h2").count() + 1  # the title screen, then one per section
    assert page.locator(".screen.is-current").count() == 1
    assert page.locator(".top").is_hidden() and page.locator(".pager").is_hidden()
    page.screenshot(path=str(output_dir / "projector-es-court-case-1.png"))
    page.keyboard.press("ArrowRight")
    assert "Busque su número A" in page.locator(".screen.is-current h2").inner_text()
    page.keyboard.press("Space")
    page.click(".screen.is-current h2")
    assert page.locator(".screen").nth(3).evaluate("e => e.classList.contains('is-current')")
    assert page.url.endswith("?present=4")
    page.keyboard.press("ArrowLeft")
    assert page.locator(".screen").nth(2).evaluate("e => e.classList.contains('is-current')")
    page.click(".present-bar__next")
    page.click(".present-bar__prev")
    assert page.locator(".present-bar__count").inner_text() == f"3 / {screens}"
    # The QR code is on every screen and opens this page, in this language, on a phone.
    assert page.locator(".qr__img").is_visible()
    assert page.evaluate("document.querySelector('.qr__img').naturalWidth") > 0
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.endswith("/es/court-case/")
    svg = page.evaluate("fetch(document.querySelector('.qr__img').src).then(r => r.text())")
    assert f"<title>{canonical}</title>" in svg
    page.screenshot(path=str(output_dir / "projector-es-court-case-3.png"))
    page.keyboard.press("Escape")
    page.wait_for_url(url(server, "es", "court-case"))
    assert page.evaluate("document.documentElement.classList.contains('present')") is False
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_every_screen_fits_a_projector_in_large_type(browser, server, lang):
    """Long sections are cut into more screens rather than scrolled or set small."""
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    for name in PAGES:
        page.goto(url(server, lang, name) + "?present")
        page.wait_for_selector("html.present")
        count = page.locator(".screen").count()
        for n in range(count):
            height, font, qr = page.evaluate(
                """() => [document.documentElement.scrollHeight,
                          Math.min(...[...document.querySelectorAll('.screen.is-current :is(p, li, dd, td)')]
                                   .filter(e => e.getClientRects().length)  // text on the screen, not hidden
                                   .map(e => parseFloat(getComputedStyle(e).fontSize))),
                          document.querySelector('.qr__img').getBoundingClientRect().width]"""
            )
            where = f"{lang}/{name} screen {n + 1}/{count}"
            assert height <= PROJECTOR["height"], f"{where}: {height}px tall"
            assert font >= MIN_PROJECTOR_FONT, f"{where}: {font}px text"
            assert qr >= 150, f"{where}: no QR code"
            page.keyboard.press("ArrowRight")
    context.close()


def test_projector_mode_works_offline_from_the_files_alone(browser, built_site):
    """A facilitator's laptop without network or server: the page opened from disk still presents, QR code included."""
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    schemes = []
    page.on("request", lambda request: schemes.append(urlsplit(request.url).scheme))
    page.goto((built_site / "quc" / "court-case" / "index.html").as_uri() + "?present")
    page.wait_for_selector("html.present")
    assert page.locator(".screen").count() > 1
    assert poll(page, "document.querySelector('.qr__img').naturalWidth > 0")
    assert set(schemes) <= {"file", "data"}
    context.close()


def test_present_button_opens_projector_mode(browser, server, output_dir):
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.goto(url(server, "ht", "title-42"))
    page.click(".tools__present")
    page.wait_for_selector("html.present")
    assert "?present" in page.url
    page.screenshot(path=str(output_dir / "projector-ht-title-42-1.png"))
    page.go_back()
    page.wait_for_url(url(server, "ht", "title-42"))
    page.wait_for_selector("html:not(.present)")
    context.close()


# -- print --------------------------------------------------------------------------------------


def test_qr_codes_are_loaded_before_anyone_prints(browser, server):
    """Print does not wait for an image: the page's and the pocket card's QR code are there once the page is."""
    context = browser.new_context(viewport=PHONE)
    page, responses = visit(context, url(server, "pt", "court-case"))
    assert len([r for r in responses if r.url.endswith("qr.svg")]) == 1, "one file for the page and the card"
    page.emulate_media(media="print")
    loaded = page.evaluate("[...document.querySelectorAll('.qr__img, .pocket__qr')].map(i => i.complete && i.naturalWidth > 0)")
    assert loaded and all(loaded), f"not loaded for print: {loaded}"
    assert page.evaluate("[...document.querySelectorAll('img')].filter(i => i.loading === 'lazy').length") == 0
    context.close()


def test_print_is_a_clean_handout(browser, server, output_dir):
    context = browser.new_context(viewport=PAPER)
    page = context.new_page()
    page.goto(url(server, "es", "court-case"))
    page.emulate_media(media="print")
    hidden = page.evaluate("[...document.querySelectorAll('.top, .pager, .tools, .skip, .present-bar, .pocket')].map(e => getComputedStyle(e).display)")
    assert set(hidden) == {"none"}
    after = page.evaluate("getComputedStyle(document.querySelector('.kyr-sources a'), '::after').content")
    assert "https://" in after
    assert page.locator(".kyr-reviewed time").is_visible()
    assert page.locator(".kyr-legal").is_visible()
    assert page.locator(".qr").is_visible() and page.locator(".qr__url").inner_text().endswith("/es/court-case/")
    assert poll(page, "document.querySelector('.qr__img').naturalWidth > 0")
    page.screenshot(path=str(output_dir / "print-es-court-case.png"), full_page=True)
    page.pdf(path=str(output_dir / "print-es-court-case.pdf"), format="A4")
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES.codes)
def test_pocket_card_prints_wallet_size_in_two_languages(browser, server, output_dir, lang):
    context = browser.new_context(viewport=PAPER)
    page = context.new_page()
    cards = 0
    for name in PAGES:
        page.goto(url(server, lang, name) + "#pocket-card")
        if not page.locator(".pocket").count():
            continue
        cards += 1
        page.emulate_media(media="print")
        sides = page.evaluate(
            """() => [...document.querySelectorAll('.pocket__side')].map(e => {
                 const r = e.getBoundingClientRect(); return [r.width, r.height, e.closest('[lang]').lang]; })"""
        )
        others = page.evaluate("[...document.body.children].filter(e => !e.matches('.pocket') && getComputedStyle(e).display !== 'none').length")
        assert others == 0, f"{lang}/{name}: more than the card prints"
        expected = [lang] if lang == LANGUAGES.source else [lang, LANGUAGES.source]
        assert [s[2] for s in sides] == expected, f"{lang}/{name}"
        for width, height, _ in sides:
            assert abs(width - CARD_WIDTH) < 1, f"{lang}/{name}: {width}px wide"
            assert abs(height - CARD_HEIGHT) < 1, f"{lang}/{name}: card is {height:.0f}px tall, text does not fit {CARD_HEIGHT:.0f}"
        # What a wallet card carries, on each side, visible in print: title, key points, the page's phone
        # numbers as tel: links, the facts-checked date, who checked it, "not legal advice", the address.
        contents = page.evaluate(
            """() => [...document.querySelectorAll('.pocket__side')].map(side => {
                 const visible = sel => [...side.querySelectorAll(sel)].filter(e => e.getClientRects().length).map(e => e.textContent.trim());
                 return {name: visible('.pocket__name'), points: visible('.pocket__points li, .pocket__points p'),
                         tel: [...side.querySelectorAll('a[href^="tel:"]')].map(a => a.getAttribute('href')),
                         meta: visible('.pocket__meta').join(' '), legal: visible('.pocket__meta strong'),
                         address: visible('.pocket__address'), qr: side.querySelectorAll('.pocket__qr').length}; })"""
        )
        title = page.locator("article h1").inner_text()
        phones = sorted(set(page.eval_on_selector_all('article a[href^="tel:"]', "as => as.map(a => a.getAttribute('href'))")))
        for side, content in zip(sides, contents):
            assert content["name"] and content["name"][0], f"{lang}/{name}: no title"
            assert content["points"], f"{lang}/{name}: no key points"
            assert set(phones) <= set(content["tel"]), f"{lang}/{name}: phones {content['tel']} vs page {phones}"
            assert re.search(r"\d{4}", content["meta"]), f"{lang}/{name}: no date: {content['meta']}"
            assert content["legal"] and content["address"], f"{lang}/{name}: {content}"
            assert content["qr"] == 1, f"{lang}/{name}: a public address gets a QR code on each side"
        assert contents[0]["name"][0] == title
        if lang == LANGUAGES.source:
            assert "A lawyer has not checked this page yet." in contents[0]["meta"] or "Checked by" in contents[0]["meta"]
        if name == "court-case":
            page.pdf(path=str(output_dir / f"pocket-card-{lang}-court-case.pdf"), format="A4")
        page.emulate_media(media="screen")
    assert cards >= 5
    context.close()
