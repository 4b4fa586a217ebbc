"""The site's public address: the one a QR code, a pocket card or a sitemap may carry.

`site_url` in mkdocs.yml comes from ``KYR_SITE_URL`` and falls back to
``http://localhost:8000/``, which is right for a preview and wrong on paper: a
card printed with it sends every reader nowhere. So only an ``http(s)`` address
whose host is not this machine counts; without one, the build leaves QR codes,
printed addresses, canonical links and the sitemap out (and says so once).

    >>> public_address("https://kyr.example.org/rights/")
    'https://kyr.example.org/rights/'
    >>> [public_address(u) for u in (None, "", "http://localhost:8000/", "http://127.0.0.1:8000/", "http://[::1]/", "http://0.0.0.0/", "http://app.localhost/", "file:///srv/site/")]
    [None, None, None, None, None, None, None, None]
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

#: Shown when there is no public address, once per build.
NO_ADDRESS = (
    "no public site address (set KYR_SITE_URL, e.g. KYR_SITE_URL=https://rights.example.org/): "
    "pages are built without QR codes, printed addresses, canonical links or a sitemap"
)


def public_address(url: str | None) -> str | None:
    """`url` if it is an http(s) address on a host other than this machine, else None."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return None
    if host == "localhost" or host.endswith(".localhost"):
        return None
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return url
    return None if ip.is_loopback or ip.is_unspecified else url
