"""The translators' dashboard in a browser: loads only the site's own files, styled, every link resolves."""

from __future__ import annotations

from urllib.parse import urlsplit


def test_dashboard_loads_only_own_files_and_links_resolve(browser, server):
    context = browser.new_context()
    page = context.new_page()
    requested, problems = [], []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    response = page.goto(f"{server}/translators/")
    assert response and response.ok
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    # The site's stylesheet applies (the table has borders), under the page's own CSP.
    assert page.eval_on_selector("td", "e => getComputedStyle(e).borderTopStyle") == "solid"
    host = urlsplit(server).netloc
    assert all(urlsplit(u).netloc == host for u in requested if not u.startswith("data:")), requested
    assert problems == []
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    pages = [u for u in links if urlsplit(u).netloc == host and "#" not in u]
    assert pages
    for address in pages:
        assert page.request.get(address).ok, address
    context.close()
