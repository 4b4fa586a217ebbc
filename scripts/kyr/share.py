"""A page as a short text to pass on (``share.txt``): title, key points, hotline, notice and link.

People forward what they read on WhatsApp and SMS, where a long message is cut or
skipped. So the text has a hard limit (:data:`LIMIT` characters) and a priority:
the title, every point that holds a phone number (the one thing a reader can act
on without the page), the notice (not legal advice, when facts were checked) and
the page's public link are always kept; the other key points fill the room left,
in their order, up to :data:`MAX_POINTS` points in all.

    >>> print(compose("Court", [("Go to every hearing.", False), ("Call 1-800-0.", True)], ["Not legal advice."], "https://x.org/c/"))
    Court
    <BLANKLINE>
    • Go to every hearing.
    • Call 1-800-0.
    <BLANKLINE>
    Not legal advice.
    https://x.org/c/
"""

from __future__ import annotations

from html.parser import HTMLParser

#: WhatsApp shows about 700 characters before "Read more"; an SMS app splits long texts.
LIMIT = 700
MAX_POINTS = 3
#: Elements whose text is one point of a card.
_BLOCKS = {"li", "p", "dt", "dd"}


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, bool]] = []
        self.text: list[str] = []
        self.phone = False
        self.depth = 0

    def _close(self):
        words = " ".join("".join(self.text).split())
        if words:
            self.found.append((words, self.phone))
        self.text, self.phone = [], False

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._close()
            self.depth += 1
        elif tag == "a" and (dict(attrs).get("href") or "").startswith("tel:"):
            self.phone = True
        elif tag == "br":
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._close()
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def blocks(html: str) -> list[tuple[str, bool]]:
    """The text of each list item and paragraph of `html`, and whether it holds a phone (`tel:`) link.

    >>> blocks('<ul><li>Keep papers.</li><li>Call <a href="tel:+1800">1-800</a>.</li></ul><p>Go &amp; ask.</p>')
    [('Keep papers.', False), ('Call 1-800.', True), ('Go & ask.', False)]
    """
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser._close()
    return parser.found


def _cut(text: str, room: int) -> str:
    """`text` cut at a word to fit `room` characters, with an ellipsis if cut.

    >>> _cut("one two three", 9), _cut("one", 9)
    ('one two…', 'one')
    """
    if len(text) <= room:
        return text
    head = text[: max(0, room - 1)].rsplit(" ", 1)[0] if " " in text[: room - 1] else text[: max(0, room - 1)]
    return head.rstrip(" ,;:") + "…"


def compose(title: str, points: list[tuple[str, bool]], notes: list[str], url: str | None, limit: int = LIMIT) -> str:
    """The share text: title, points (phones first in priority, page order kept), notes, link; at most `limit` characters.

    No link is written without a public address (`url` None): a link to localhost
    would lead nowhere on the phone it is sent to.

    >>> many = [(f"Point number {i} is here.", False) for i in range(5)]
    >>> text = compose("T", many + [("Call 1-800-0.", True)], [], None, limit=80)
    >>> print(text)
    T
    <BLANKLINE>
    • Point number 0 is here.
    • Point number 1 is here.
    • Call 1-800-0.
    >>> len(compose("T" * 900, many, ["N"], "https://x.org/")) <= LIMIT
    True
    """
    tail = "\n".join([" ".join(n for n in notes if n)] if any(notes) else [])
    if url:
        tail = f"{tail}\n{url}" if tail else url
    phones = [i for i, (_, phone) in enumerate(points) if phone][:MAX_POINTS]
    others = [i for i, (_, phone) in enumerate(points) if not phone]
    chosen: list[int] = []

    def text(indexes: list[int], head: str) -> str:
        lines = "\n".join(f"• {points[i][0]}" for i in sorted(indexes))
        return "\n\n".join(part for part in (head, lines, tail) if part)

    fixed = len(text([], "x")) - 1  # everything but the title
    head = _cut(title, max(1, limit - fixed - 2))
    for i in phones + others:
        if len(chosen) >= MAX_POINTS:
            break
        if len(text(chosen + [i], head)) <= limit:
            chosen.append(i)
    if not chosen and points:  # one point at least, cut to fit, when there is room for a few words
        first = (phones + others)[0]
        room = limit - len(text([], head)) - 4
        if room > 20:
            points = [*points]
            points[first] = (_cut(points[first][0], room), points[first][1])
            chosen = [first]
    result = text(chosen, head)
    return result if len(result) <= limit else result[:limit]
