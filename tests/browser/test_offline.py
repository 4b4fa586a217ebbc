"""Pages that stay on the phone, and sharing, in Chromium (issue 11, items 3 and 4).

Every request of every context (pages and service workers) is logged, and none may go to another host.
"""

import json
from urllib.parse import urlsplit

import pytest

from .test_pages import PAGES, PHONE, poll, transferred, url

pytestmark = pytest.mark.browser

#: Playwright reports a service worker's requests on the context (Chromium).
CONTROLLED = "navigator.serviceWorker.controller !== null"


def context_with_log(browser, **options):
    context = browser.new_context(viewport=PHONE, service_workers="allow", **options)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    return context, requests


def only_this_host(requests, server):
    hosts = {urlsplit(u).netloc for u in requests if not u.startswith("data:")}
    assert hosts == {urlsplit(server).netloc}, f"requests to {hosts}"


def kept(page, address) -> bool:
    return page.evaluate(f"caches.match({json.dumps(address)}, {{ignoreVary: true}}).then(Boolean)")


def open_with_worker(context, address):
    """Open a page and wait until its language's worker controls it and the page itself is stored."""
    page = context.new_page()
    page.goto(address, wait_until="load")
    assert poll(page, CONTROLLED), "the service worker never took control"
    assert poll(page, f"caches.match(location.href, {{ignoreVary: true}}).then(Boolean)") is not False
    for _ in range(50):
        if kept(page, address):
            break
        page.wait_for_timeout(100)
    return page


def test_visited_pages_reload_offline(browser, server):
    context, requests = context_with_log(browser)
    first = open_with_worker(context, url(server, "es", "index"))
    assert kept(first, url(server, "es", "index")), "the page that registered the worker is stored too"
    second = context.new_page()
    second.goto(url(server, "es", "court-case"))
    for _ in range(50):
        if kept(second, url(server, "es", "court-case")):
            break
        second.wait_for_timeout(100)
    context.set_offline(True)
    for name, title in (("court-case", "Su caso en la corte de inmigración"), ("index", None)):
        second.goto(url(server, "es", name))
        assert second.locator("h1").count() == 1 and second.locator("#saved").count() == 0, name
        if title:
            assert second.locator("h1").inner_text() == title
        # The stylesheet came from the phone too.
        assert second.evaluate("getComputedStyle(document.querySelector('.langs')).display") != "inline"
    second.goto(url(server, "es", "court-case"))
    second.reload()
    assert second.locator("h1").inner_text() == "Su caso en la corte de inmigración"
    only_this_host(requests, server)
    context.close()


#: The header HOSTING.md tells hosts to send with every file: it allows no inline script or style.
HOST_POLICY = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'"


def with_host_policy(route):
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": HOST_POLICY})


def test_a_page_never_opened_shows_the_offline_page_listing_what_is_saved(browser, server):
    context, requests = context_with_log(browser)
    host_policy = []
    context.route("**/offline.html", lambda route: (host_policy.append(route.request.url), with_host_policy(route)))
    page = open_with_worker(context, url(server, "es", "court-case"))
    context.set_offline(True)
    page.goto(url(server, "es", "glossary"))
    assert page.locator("#saved").count() == 1, "the offline page"
    assert page.locator("html").get_attribute("lang") == "es"
    assert poll(page, "!document.getElementById('some').hidden")
    shown = page.eval_on_selector_all("#saved li:not([hidden]) a", "links => links.map(a => [a.href, a.textContent])")
    assert shown == [[url(server, "es", "court-case"), "Su caso en la corte de inmigración"]]
    assert host_policy, "the offline page was stored with the host's policy header"
    page.click("#saved li:not([hidden]) a")
    assert page.locator("h1").inner_text() == "Su caso en la corte de inmigración"
    only_this_host(requests, server)
    context.close()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_save_control_makes_every_page_of_the_language_available_offline(browser, server, lang):
    context, requests = context_with_log(browser)
    page = open_with_worker(context, url(server, lang, "court-case"))
    save = page.locator(".keep button")
    assert poll(page, "!document.querySelector('.keep').hidden")
    label = save.inner_text()
    assert "KB" in label and "KYR" not in label, label
    save.click()
    saved = page.locator(".keep").get_attribute("data-saved")
    assert poll(page, f"document.querySelector('.keep span').textContent === {json.dumps(saved)}", tries=300)
    assert save.is_hidden()
    context.set_offline(True)
    for name in PAGES:
        page.goto(url(server, lang, name))
        assert page.locator("#saved").count() == 0, f"{lang}/{name} was not saved"
        assert page.locator("article.page h1").count() == 1, name
        text = page.evaluate("fetch('share.txt').then(r => r.text())")
        assert text.strip(), f"{lang}/{name}: share.txt not saved"
    # A page of another language was never saved: the offline page says so, in that language's words.
    page.goto(url(server, lang, "court-case"))
    assert page.locator(".keep").get_attribute("data-saved") == saved
    assert poll(page, "!document.querySelector('.keep').hidden") and page.locator(".keep button").is_hidden()
    only_this_host(requests, server)
    context.close()


def test_share_button_uses_the_phones_share_sheet(browser, server, built_site):
    context, requests = context_with_log(browser)
    context.add_init_script("navigator.share = data => { window.kyrShared = data; return Promise.resolve(); };")
    page = context.new_page()
    page.goto(url(server, "es", "court-case"))
    assert poll(page, "!document.querySelector('.share').hidden")
    page.click(".share button")
    shared = page.evaluate("window.kyrShared")
    expected = (built_site / "es" / "court-case" / "share.txt").read_text(encoding="utf-8").strip()
    assert shared == {"text": expected}
    only_this_host(requests, server)
    context.close()


def test_share_button_copies_the_text_without_the_web_share_api(browser, server, built_site):
    context, requests = context_with_log(browser, permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script("delete Navigator.prototype.share; delete navigator.share;")
    page = context.new_page()
    page.goto(url(server, "es", "court-case"))
    assert poll(page, "!document.querySelector('.share').hidden")
    assert page.evaluate("'share' in navigator") is False
    copied = page.locator(".share span")
    assert copied.is_hidden()
    page.click(".share button")
    assert poll(page, "!document.querySelector('.share span').hidden")
    expected = (built_site / "es" / "court-case" / "share.txt").read_text(encoding="utf-8").strip()
    assert page.evaluate("navigator.clipboard.readText()") == expected
    # WhatsApp: a plain link with the text, which asks nothing of WhatsApp until tapped.
    whatsapp = page.locator(".share a").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/?text=") and "Su%20caso" in whatsapp
    only_this_host(requests, server)
    context.close()


def test_without_javascript_no_control_and_no_worker(browser, server):
    context, requests = context_with_log(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(url(server, "es", "court-case"))
    assert page.locator("h1").inner_text() == "Su caso en la corte de inmigración"
    assert page.locator(".keep").is_hidden() and page.locator(".share").is_hidden()
    assert not [u for u in requests if u.endswith(("sw.js", "offline.js", "share.txt", "offline.json"))]
    assert context.service_workers == []
    only_this_host(requests, server)
    context.close()


def test_bytes_of_the_first_view_and_after_it(browser, server):
    """The first view (until `load`) stays as it was; the worker and the controls come after, and are printed."""
    report = []
    for lang in ("en", "es"):
        for name in ("index", "court-case"):
            context, _ = context_with_log(browser)
            responses = []
            context.on("response", lambda response: responses.append(response))
            page = context.new_page()
            page.goto(url(server, lang, name), wait_until="load")
            at_load = len(responses)
            first = sum(transferred(r) for r in responses[:at_load])
            assert poll(page, CONTROLLED) and poll(page, "!document.querySelector('.keep').hidden")
            page.wait_for_timeout(500)
            # What went over the network: not answered by the worker, nor by the browser's cache.
            later = [r for r in responses[at_load:] if not r.from_service_worker and r.request.sizes()["responseBodySize"] > 0]
            # The worker's script is fetched by the browser itself, which Playwright does not size: its body as sent.
            worker = [r for r in responses[at_load:] if r.url.endswith("/sw.js")]
            assert len(worker) == 1 and worker[0].headers.get("content-encoding") == "br"
            worker_bytes = int(worker[0].headers["content-length"])
            report.append(
                f"  {lang}/{name:<12} first view {at_load} requests {first:>6} B; after load {len(later)} requests "
                f"{sum(transferred(r) for r in later) + worker_bytes:>6} B (sw.js {worker_bytes} B body, "
                f"{', '.join(urlsplit(r.url).path.rsplit('/', 1)[-1] or '/' for r in later)})"
            )
            context.close()
    print("\nbytes transferred (brotli, headers included):\n" + "\n".join(report))
