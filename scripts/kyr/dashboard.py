"""The translators' dashboard: progress per language and page, and what the build refused.

A plain HTML page (``translators/index.html``) that ``kyr build`` writes beside
the site. No reader page links to it, it asks search engines not to index it,
and the sitemap leaves it out. Its figures are :mod:`kyr.stats`'s (the same as
``kyr stats --json``, and as translate-toolkit's ``pocount``); its refusals are
the build's own (:mod:`kyr.refusals`). It uses the site's stylesheet and no script.

    >>> from kyr.stats import Counts
    >>> from kyr.languages import Language, Languages
    >>> page = render({"es": {"a": Counts(translated=1, translated_words=2)}}, [], {"es": "Español"}, "en",
    ...               lambda lang, domain: f"../{lang}/{domain}/")
    >>> 'name="robots" content="noindex"' in page and 'href="../es/a/"' in page
    True
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import Environment

from kyr import catalog as catalogs
from kyr.refusals import Refusal
from kyr.stats import Counts, totals

#: Where the dashboard is, under the site's root.
FOLDER = "translators"

_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>Translation progress · {{ site_name }}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="../assets/kyr.css">
</head>
<body>
<main id="main">
<article class="page">
<h1>Translation progress</h1>
<p>For translators and reviewers. Entries and English words of each catalog:
<strong>translated</strong>; <strong>draft</strong>, marked fuzzy and waiting for review;
<strong>stale</strong>, fuzzy with the previous English (<code>#|</code>): the English changed, so the
site never shows it; <strong>missing</strong>, no translation yet. Words are counted as
<code>pocount</code> counts them; <code>kyr stats --json</code> gives the same figures.</p>
<nav><ul>
{%- for lang, domains in stats.items() %}
<li><a href="#lang-{{ lang }}">{{ names.get(lang, lang) }} ({{ lang }})</a>: {{ percent(totals(domains)) }} % of words translated</li>
{%- endfor %}
<li><a href="#refused">Refused translations</a>: {{ refused | length }}</li>
</ul></nav>
{%- for lang, domains in stats.items() %}
{%- set all = totals(domains) %}
<h2 id="lang-{{ lang }}">{{ names.get(lang, lang) }} ({{ lang }})</h2>
<p>Catalogs in <code>{{ locales }}/{{ lang }}/LC_MESSAGES/</code>.</p>
<table>
<thead>
<tr><th rowspan="2">Page</th><th rowspan="2">Catalog</th><th colspan="4">Entries</th><th colspan="4">Words</th></tr>
<tr><th>translated</th><th>draft</th><th>stale</th><th>missing</th><th>translated</th><th>draft</th><th>stale</th><th>missing</th></tr>
</thead>
<tbody>
{%- for domain, c in domains.items() %}
<tr data-lang="{{ lang }}" data-domain="{{ domain }}">
<td>{% if page_url(lang, domain) %}<a href="{{ page_url(lang, domain) }}">{{ domain }}</a>{% else %}{{ domain }}{% endif %}</td>
<td>{% if repo_link(catalog(lang, domain)) %}<a href="{{ repo_link(catalog(lang, domain)) }}" title="{{ catalog(lang, domain) }}"><code>{{ domain }}.po</code></a>{% else %}<code title="{{ catalog(lang, domain) }}">{{ domain }}.po</code>{% endif %}</td>
<td data-key="translated">{{ c.translated }}</td><td data-key="draft">{{ c.draft }}</td><td data-key="stale">{{ c.stale }}</td><td data-key="untranslated">{{ c.untranslated }}</td>
<td data-key="translated_words">{{ c.translated_words }}</td><td data-key="draft_words">{{ c.draft_words }}</td><td data-key="stale_words">{{ c.stale_words }}</td><td data-key="untranslated_words">{{ c.untranslated_words }}</td>
</tr>
{%- endfor %}
<tr data-lang="{{ lang }}" data-domain="(all)"><th colspan="2">All pages</th>
<td>{{ all.translated }}</td><td>{{ all.draft }}</td><td>{{ all.stale }}</td><td>{{ all.untranslated }}</td>
<td>{{ all.translated_words }}</td><td>{{ all.draft_words }}</td><td>{{ all.stale_words }}</td><td>{{ all.untranslated_words }}</td></tr>
</tbody>
</table>
{%- endfor %}
<h2 id="refused">Refused translations</h2>
{%- if refused %}
<p>The build did not publish these: readers see the next language of the chain instead. Fix the entry at the line given.</p>
<ul class="refused">
{%- for r in refused %}
<li data-lang="{{ r.lang }}"><code>{% if repo_link(r.path) %}<a href="{{ repo_link(r.path, r.line) }}">{{ r.path }}:{{ r.line }}</a>{% else %}{{ r.path }}:{{ r.line }}{% endif %}</code>
({{ names.get(r.lang, r.lang) }}): {{ r.reasons | join("; ") }}<br><q>{{ r.msgid | truncate(120) }}</q></li>
{%- endfor %}
</ul>
{%- else %}
<p>None: the build published every translation it was given.</p>
{%- endif %}
</article>
</main>
</body>
</html>
"""


def percent(counts: Counts) -> int:
    """Whole percent of the English words translated (rounded down, so 100 means all).

    >>> percent(Counts(translated_words=2, untranslated_words=1)), percent(Counts())
    (66, 0)
    """
    return counts.translated_words * 100 // counts.total_words if counts.total_words else 0


def repo_linker(repo_url: str | None) -> Callable[..., str | None]:
    """A function from a repository path (and line) to its web view, for the hosts whose layout is known.

    >>> repo_linker("https://github.com/o/r/")("locales/es/LC_MESSAGES/a.po", 3)
    'https://github.com/o/r/blob/HEAD/locales/es/LC_MESSAGES/a.po#L3'
    >>> repo_linker("https://gitlab.com/o/r")("a.po"), repo_linker(None)("a.po")
    ('https://gitlab.com/o/r/-/blob/HEAD/a.po', None)
    """
    if not repo_url:
        return lambda path, line=None: None
    base = repo_url.rstrip("/")
    if "github" in base:
        view, anchor = "/blob/HEAD/", "#L{}"
    elif "gitlab" in base:
        view, anchor = "/-/blob/HEAD/", "#L{}"
    else:  # a host whose file view we do not know: no link rather than a wrong one
        return lambda path, line=None: None
    return lambda path, line=None: base + view + path + (anchor.format(line) if line else "")


def render(
    stats: dict[str, dict[str, Counts]],
    refused: list[Refusal],
    names: dict[str, str],
    source: str,
    page_url: Callable[[str, str], str | None],
    repo_url: str | None = None,
    site_name: str = "",
    locales: str = "locales",
) -> str:
    """The dashboard's HTML. `page_url(lang, domain)` is the built page's URL relative to the dashboard."""
    env = Environment(autoescape=True, trim_blocks=False)
    template = env.from_string(_TEMPLATE)
    return template.render(
        stats=stats,
        refused=sorted(dict.fromkeys(refused), key=lambda r: (r.lang, r.path, r.line)),
        names=names,
        totals=totals,
        percent=percent,
        page_url=lambda lang, domain: None if domain in catalogs.RESERVED else page_url(lang, domain),
        catalog=lambda lang, domain: f"{locales}/{lang}/LC_MESSAGES/{domain}.po",
        repo_link=repo_linker(repo_url),
        site_name=site_name,
        locales=locales,
    )
