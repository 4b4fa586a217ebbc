"""Fallback markers become lang attributes on the element that holds exactly the block."""

from kyr.markers import resolve, strip, wrap


def test_marker_on_whole_element_becomes_its_lang():
    html = "<ul>\n<li>" + wrap("Hola <strong>tú</strong>", "es", False) + "</li>\n</ul>"
    assert resolve(html, "mam") == "<ul>\n<li lang=\"es\">Hola <strong>tú</strong></li>\n</ul>"


def test_existing_attributes_are_kept_and_lang_replaced():
    html = '<h2 id="x" lang="mam">' + wrap("Título", "es", True) + "</h2>"
    assert resolve(html, "mam") == '<h2 id="x" lang="es" data-draft>Título</h2>'


def test_partial_content_gets_a_span():
    html = "<li>" + wrap("Hola", "es", False) + "<ul><li>x</li></ul></li>"
    assert resolve(html, "mam") == '<li><span lang="es">Hola</span><ul><li>x</li></ul></li>'


def test_page_language_draft_gets_only_draft_mark():
    assert resolve("<p>" + wrap("Olá", "pt", True) + "</p>", "pt") == "<p data-draft>Olá</p>"


def test_markers_in_attributes_title_and_scripts_are_removed():
    marked = wrap("Hola", "es", False)
    html = f'<title>{marked}</title><meta content="{marked}"><script>var a="{marked}"</script>'
    assert resolve(html, "mam") == '<title>Hola</title><meta content="Hola"><script>var a="Hola"</script>'


def test_strip_leaves_text():
    assert strip("a" + wrap("b", "en", False) + "c") == "abc"


def test_no_marker_reaches_any_file_of_the_built_site(built_site):
    """The real site, whose Mam and Kʼicheʼ pages are mostly fallbacks: every marker became an
    attribute or was taken out, in <title>, <meta>, attributes, share texts and manifests alike."""
    from kyr.markers import CLOSE, OPEN, SEP

    texts = [p for p in built_site.rglob("*") if p.is_file() and p.suffix in (".html", ".txt", ".json", ".xml", ".js", ".svg")]
    assert len(texts) > 100
    leaks = [str(p.relative_to(built_site)) for p in texts if any(m in p.read_text(encoding="utf-8") for m in (OPEN, SEP, CLOSE))]
    assert leaks == []
    mam = (built_site / "mam" / "court-case" / "index.html").read_text(encoding="utf-8")
    assert ' lang="es"' in mam or ' lang="en"' in mam, "the Mam page shows its fallbacks with their language"
