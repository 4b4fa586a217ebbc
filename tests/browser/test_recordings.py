"""A local recording in a real browser: nothing of it loads before play, and it plays.

The project is tests/conftest.py's `recorded_project` (espeak-ng speaking Spanish).
Headless Chromium has no sound card; it still decodes and plays, and with
--autoplay-policy=no-user-gesture-required `play()` from the test needs no tap.
"""

from urllib.parse import urlsplit

import pytest

from .conftest import ARGS, CHROMIUM

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def autoplay_browser(browser):
    """A second Chromium, from the session's Playwright, that plays without a tap."""
    chromium = browser.browser_type.launch(executable_path=str(CHROMIUM), args=ARGS + ["--autoplay-policy=no-user-gesture-required"])
    yield chromium
    chromium.close()


@pytest.mark.parametrize("lang", ["en", "mam"])
def test_recording_loads_nothing_before_play_and_then_plays(autoplay_browser, recorded_server, output_dir, lang):
    context = autoplay_browser.new_context(viewport=PHONE)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(urlsplit(request.url).path))
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(f"{recorded_server}/{prefix}recorded/", wait_until="load")
    page.wait_for_timeout(500)  # time for a preload, if there were one
    audio = page.locator("audio.player__media")
    assert audio.count() == 1
    assert audio.get_attribute("preload") == "none" and audio.get_attribute("controls") is not None
    assert not [r for r in requests if "/recordings/" in r], requests
    page.screenshot(path=str(output_dir / f"recording-{lang}-phone.png"), full_page=True)
    page.evaluate(
        """() => { const a = document.querySelector('audio');
                   window.kyrPlaying = false; a.addEventListener('playing', () => { window.kyrPlaying = true; });
                   return a.play(); }"""
    )
    for _ in range(50):
        if page.evaluate("window.kyrPlaying && document.querySelector('audio').currentTime > 0.2"):
            break
        page.wait_for_timeout(100)
    state = page.evaluate("({t: document.querySelector('audio').currentTime, e: document.querySelector('audio').error})")
    assert state["e"] is None and state["t"] > 0.2, state
    assert [r for r in requests if "/recordings/" in r and r.endswith(".webm")]
    print(f"\n{lang}: playing at {state['t']:.2f} s; recordings requested only after play")
    context.close()
