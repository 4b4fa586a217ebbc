"""Which link targets the site's own data may hold: ``https://`` URLs, or paths on the site.

Front matter sources and the media registry put URLs into ``href`` attributes.
A URL is accepted only in RFC 3986's characters (anything else percent-encoded),
so it holds no quote, space, angle bracket or control character, and only with
the scheme ``https`` (a reader on a shared phone network should not be sent
where anyone between can rewrite the page), or none (a path on this site); a
network-path reference (``//host/``) must spell its scheme out.

    >>> [url_problem(u) for u in ("https://example.org/a?b=1&c=%C3%A9#d", "../court-case/", "mailto:a@b.c")]
    [None, None, "scheme 'mailto' is not allowed: only https:// or a path on this site"]
    >>> url_problem('https://example.org/" onmouseover="x')
    'character \\'"\\' is not allowed in a URL (write it percent-encoded)'
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: RFC 3986 characters but the apostrophe, which would end a single-quoted attribute.
_CHAR = r"(?:[A-Za-z0-9\-._~!$&()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})"
#: The same rule as a regular expression; media.schema.json carries it too (a test keeps them equal).
PATTERN = (
    r"^(?:https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#]" + _CHAR + r"*)?"
    r"|(?![A-Za-z][A-Za-z0-9+.-]*:)(?!//)" + _CHAR + r"+)$"
)
_URL = re.compile(PATTERN)
_BAD_CHAR = re.compile(r"[^A-Za-z0-9\-._~!$&()*+,;=:@/?#\[\]%]")


def url_problem(url: object) -> str | None:
    """What is wrong with a link target, or None if it may be used."""
    if not isinstance(url, str) or not url:
        return "a URL must be a non-empty text"
    bad = _BAD_CHAR.search(url)
    if bad:
        return f"character {bad.group()!r} is not allowed in a URL (write it percent-encoded)"
    scheme = urlsplit(url).scheme if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url) else ""
    if scheme and scheme.lower() != "https":
        return f"scheme {scheme!r} is not allowed: only https:// or a path on this site"
    if not _URL.match(url):
        return "not a URL: write https://host/path (lower case), or a path on this site"
    return None
