"""HOSTING.md gives every host the page's own Content-Security-Policy, plus what only a header can say."""

from __future__ import annotations

import re

from .conftest import ROOT

HEADERS = ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options")


def template_policy() -> str:
    template = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    return re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', template).group(1)


def snippets() -> dict[str, str]:
    """The fenced snippets of HOSTING.md by their language tag (the Netlify one has none)."""
    text = (ROOT / "HOSTING.md").read_text(encoding="utf-8")
    return {lang or "_headers": body for lang, body in re.findall(r"```(\w*)\n(.*?)```", text, re.S) if "Referrer-Policy" in body}


def test_every_snippet_sends_the_templates_policy_with_frame_ancestors():
    expected = template_policy() + "; frame-ancestors 'none'"
    found = snippets()
    assert set(found) == {"nginx", "apache", "caddy", "_headers"}
    for host, body in found.items():
        policies = re.findall(r"Content-Security-Policy:?\s+\"?([^\"\n]+)", body)
        assert policies == [expected], host
        for header in HEADERS:
            assert header in body, (host, header)
        assert re.search(r"Referrer-Policy:?\s+\"?no-referrer\b", body), host
        assert re.search(r"X-Content-Type-Options:?\s+\"?nosniff\b", body), host


def test_readme_links_to_it():
    assert "(HOSTING.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
