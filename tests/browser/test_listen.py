"""Listen: the phone's own voices read the article, each block in its language; no button without a voice.

speechSynthesis is stubbed by an init script where a test needs voices: headless
Chromium has none of its own (checked below), and a stub lets the test see what
would be spoken, in which language, and when it stops.
"""

import json
from urllib.parse import urlsplit

import pytest

from .test_pages import PHONE, poll, url

pytestmark = pytest.mark.browser

ES = {"name": "Test español", "lang": "es-MX", "localService": True}
EN = {"name": "Test English", "lang": "en-US", "localService": True}

#: A speechSynthesis whose voices arrive late (as on Android), and which records what it is asked to say.
#: Like Chrome, cancel() ends the utterances it interrupts.
STUB = """(() => {
  const voices = %(voices)s, listeners = [];
  let ready = false, pending = [];
  window.spoken = [];
  const synth = {
    getVoices: () => ready ? voices : [],
    addEventListener: (type, f) => { if (type === "voiceschanged") listeners.push(f); },
    speak(u) {
      window.spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name});
      const item = {u};
      item.t = setTimeout(() => { pending = pending.filter(p => p !== item); u.onend && u.onend({}); }, %(ms)d);
      pending.push(item);
    },
    cancel() { const was = pending; pending = []; was.forEach(p => { clearTimeout(p.t); p.u.onend && p.u.onend({}); }); },
    pause() {}, resume() {},
  };
  // Chromium's own are read-only attributes of window: defined over, not assigned.
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  Object.defineProperty(window, "SpeechSynthesisUtterance", {value: function (text) { this.text = text; }, configurable: true});
  setTimeout(() => { ready = true; listeners.forEach(f => f()); }, 300);
})();"""


def open_page(browser, server, voices, lang="mam", name="court-case", ms=20, **options):
    context = browser.new_context(viewport=PHONE, **options)
    if voices is not None:
        context.add_init_script(STUB % {"voices": json.dumps(voices), "ms": ms})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(url(server, lang, name), wait_until="load")
    return context, page, requested


def article_texts(html: str, langs: set[str]) -> list[tuple[str, str]]:
    """The article's text nodes (not its about box, nor what Listen skips on purpose), with their language."""
    from ..htmltext import lang_of, nodes

    texts = []
    for text, stack in nodes(html).texts:
        tags = [tag for tag, _ in stack]
        if "article" in tags and "aside" not in tags and not any("data-listen-skip" in attrs for _, attrs in stack):
            lang = lang_of(stack)
            if lang in langs:
                texts.append((" ".join(text.split()), lang))
    return texts


def test_no_voice_in_headless_chromium_no_button(browser, server):
    context, page, requested = open_page(browser, server, None)
    page.wait_for_timeout(1500)  # voices load asynchronously, if any
    voices = page.evaluate("window.speechSynthesis ? speechSynthesis.getVoices().filter(v => v.localService).length : 0")
    print(f"\nheadless Chromium: {voices} local voice(s)")
    if voices:
        pytest.skip("this Chromium has speech voices of its own; the stubbed tests below cover the rule")
    assert page.locator(".listen").is_hidden()
    assert not [r for r in requested if r.endswith("listen.js")]
    context.close()


@pytest.mark.parametrize("voices", [[{**ES, "lang": "fr-FR"}], [{**ES, "localService": False}]], ids=["other-language", "remote-only"])
def test_no_button_without_a_local_voice_for_a_language_of_the_page(browser, server, voices):
    # A remote voice would send the text to a third party: only the phone's own voices are used.
    context, page, _ = open_page(browser, server, voices)
    page.wait_for_timeout(800)
    assert page.evaluate("speechSynthesis.getVoices().length") == 1
    assert page.locator(".listen").is_hidden()
    context.close()


def test_nothing_changes_without_javascript(browser, server):
    context, page, _ = open_page(browser, server, None, java_script_enabled=False)
    assert page.locator(".listen").is_hidden()
    context.close()


def test_listen_reads_the_article_in_order_each_block_in_its_language(browser, server, output_dir):
    context, page, requested = open_page(browser, server, [ES, EN])
    start = page.locator(".listen__start")
    assert poll(page, "!document.querySelector('.listen').hidden"), "the button appears once the voices have loaded"
    assert page.evaluate("document.querySelector('article.page h1').nextElementSibling.className") == "listen"
    assert not [r for r in requested if r.endswith("listen.js")], "the reading code loads only on the first tap"
    page.screenshot(path=str(output_dir / "listen-mam-phone.png"))
    start.click()
    assert poll(page, "window.spoken.length > 0 && !document.querySelector('.listen__start').hidden", tries=200), "reads to the end"
    assert [r for r in requested if r.endswith("/assets/listen.js")]
    spoken = page.evaluate("window.spoken")
    expected = article_texts(html_of(page), {"es", "en"})
    assert page.locator("article.page h1").inner_text() in [s["text"] for s in spoken]
    at = 0
    for text, lang in expected:
        while at < len(spoken) and not (text in spoken[at]["text"] and spoken[at]["lang"] == lang):
            at += 1
        assert at < len(spoken), f"{text!r} ({lang}) not spoken, or out of order"
    # The Mam page is Spanish fallback, with English where Spanish has no translation yet: each block in its own voice.
    voice_for = {"es": ES["name"], "en": EN["name"]}
    assert all(voice_for.get(s["lang"]) == s["voice"] for s in spoken), "a block read by another language's voice"
    assert any(s["lang"] == "es" for s in spoken)
    assert not any("Videos, audio" in s["text"] or "Listen" == s["text"] for s in spoken), "not the about box nor the bar"
    print(f"\nmam/court-case: {len(spoken)} blocks spoken, languages {sorted({s['lang'] for s in spoken})}")
    context.close()


def test_each_block_is_read_in_its_own_language(browser, recorded_server):
    # tests/conftest.py's project: on its Mam page one block falls back to Spanish, the rest to English.
    context, page, _ = open_page(browser, recorded_server, [ES, EN], name="recorded")
    assert poll(page, "!document.querySelector('.listen').hidden")
    page.click(".listen__start")
    assert poll(page, "window.spoken.length > 0 && !document.querySelector('.listen__start').hidden", tries=200)
    spoken = [(s["text"], s["lang"], s["voice"]) for s in page.evaluate("window.spoken")]
    assert ("Recorded page", "en", EN["name"]) in spoken
    assert spoken.index(("Primer párrafo de una página con una grabación.", "es", ES["name"])) == spoken.index(
        ("Recorded page", "en", EN["name"])) + 1
    assert spoken[-2:] == [("Second part", "en", EN["name"]), ("Second paragraph.", "en", EN["name"])]
    assert not any("test recording" in text for text, _, _ in spoken), "the media card is not read"
    context.close()


def html_of(page) -> str:
    """The page as served (before kyr.js moved anything)."""
    return page.context.request.get(page.url).text()


def test_pause_continue_and_stop(browser, server):
    context, page, _ = open_page(browser, server, [ES], ms=400)
    assert poll(page, "!document.querySelector('.listen').hidden")
    page.click(".listen__start")
    assert poll(page, "window.spoken.length === 2")
    page.click(".listen__pause")
    assert page.locator(".listen__resume").is_visible() and page.locator(".listen__stop").is_visible()
    page.wait_for_timeout(900)
    assert page.evaluate("window.spoken.length") == 2, "paused: nothing more is spoken"
    page.click(".listen__resume")
    assert poll(page, "window.spoken.length === 3")
    spoken = page.evaluate("window.spoken")
    assert spoken[2]["text"] == spoken[1]["text"], "continues with the block it was reading"
    page.click(".listen__stop")
    page.wait_for_timeout(900)
    assert page.evaluate("window.spoken.length") == 3, "stopped: nothing more is spoken"
    assert page.locator(".listen__start").is_visible() and page.locator(".listen__stop").is_hidden()
    assert page.locator(".is-read").count() == 0
    context.close()


def test_a_card_in_another_language_does_not_bring_the_button(browser, recorded_server):
    # The English page of tests/conftest.py's project is all English; only its media card says "Español".
    context, page, _ = open_page(browser, recorded_server, [ES], lang="en", name="recorded")
    page.wait_for_timeout(800)
    assert page.locator('aside [lang="es"]').count() >= 1
    assert page.evaluate("speechSynthesis.getVoices().length") == 1
    assert page.locator(".listen").is_hidden()
    context.close()
