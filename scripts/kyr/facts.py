"""Facts that must survive translation: numbers, dates, phone numbers, addresses, form names.

A translation may re-word everything, but a reader who dials the number, writes to
the address, files the form or counts the days must get the source's facts. This
module finds them in a text and says which ones a translation changed, dropped or
added. It allows what translating legitimately changes:

- number formats: ``70,000`` may be ``70.000`` (es, pt) or ``70 000`` (ht), read
  with the language's CLDR symbols (Babel) or with English ones, which translators
  often keep; ``$1,000`` may be ``1000 dólares``;
- times: ``11:59 pm`` may be ``23:59``, ``23h59`` or ``11:59 p. m.`` (CLDR's day
  periods; ``de la noche`` is checked against CLDR's day-period rules);
- small numbers spelled out: ``5 days`` may be ``cinco días`` (and ``five`` may be
  ``5``), from :data:`NUMBER_WORDS`, because CLDR's spell-out rules are not in Babel;
- dates re-worded: ``11 May 2023`` may be ``11 de mayo de 2023`` or ``11 me 2023``
  (month names from CLDR and ``languages.toml``); the day, month and year must stay;
- a fact the source states twice may be stated once (``24 hours a day`` is ``24 èdtan
  sou 24`` in Kreyòl): facts are compared as sets of values.

What pofilter's ``numbers``, ``urls`` and ``emails`` checks do not: they compare
digit strings, so ``70,000``/``70.000`` and ``11:59 pm``/``23:59`` are false alarms,
and a number the translation *adds* (``5`` days made ``15``) passes when the source's
digits are still in it; a phone number with its groups swapped passes too, and e-mails
are compared case-sensitively. Here each fact is read to a value first.

    >>> differences("Call 1-800-898-7180 by 11:59 pm on 11 May 2023.",
    ...             "Llame al 1-800-898-7810 antes de las 23:59 del 11 de mayo de 2023.", "es")
    ['changes the phone number 1-800-898-7180 to 1-800-898-7810']
    >>> differences("About 70,000 people, 5 days.", "Unas 70.000 personas, cinco días.", "es")
    []
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_period_id
from babel.numbers import get_decimal_symbol, get_group_symbol

SOURCE = "en"

#: Small numbers written as words, per language, for the languages whose catalogs we ship.
#: CLDR has spell-out rules (RBNF), but Babel does not ship them. Only 0–10: translators
#: spell out small numbers; larger ones stay digits. Gender and article forms are listed
#: ("una", "duas"). A language missing here (Mam, Kʼicheʼ) has no spelled-out allowance.
NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10},
    "es": {"cero": 0, "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
           "siete": 7, "ocho": 8, "nueve": 9, "diez": 10},
    "pt": {"zero": 0, "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6,
           "sete": 7, "oito": 8, "nove": 9, "dez": 10},
    # Haitian Creole (Valdman's dictionary): "youn"/"yon" for one, "de" two ... "dis" ten.
    "ht": {"zewo": 0, "en": 1, "youn": 1, "yon": 1, "de": 2, "twa": 3, "kat": 4, "senk": 5, "sis": 6, "sèt": 7,
           "uit": 8, "nèf": 9, "dis": 10},
}

#: What each kind of fact is called in messages.
NAMES = {
    "phone": "the phone number", "a-number": "the A-number", "number": "the number", "year": "the year",
    "day": "the day", "time": "the time", "month": "the month", "form": "the form name", "email": "the e-mail",
    "url": "the URL", "link": "the link target",
}
#: Kinds compared together: a phone number written without separators reads as a plain number.
_POOL = {"phone": "digits", "a-number": "digits", "number": "digits", "year": "digits", "day": "digits"}

_SPACES = " \u00a0\u202f\u2009"
_HYPHENS = "-\u2010\u2011"
# Blanked before anything is read: Markdown and HTML syntax that carries no fact of the text.
_ATTR_LIST = re.compile(r"\{[^{}\n]*\}")
_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]?\d*(?:\.\d+)?[diouxXeEfFgGcrs%]")
_ENTITY = re.compile(r"&#?\w{1,8};")
_REF_LABEL = re.compile(r"\]\[[^\]\n]*\]|\[\^[^\]\n]*\]")
# A link or image target: ](target "title"); bounded by the next ) so never rescanned.
_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)>?[^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto|tel):[^>\s]+|[^<>\s@]+@[^<>\s@]+)>")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_URL = re.compile(
    r"(?<![\w@/.])(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+"
    r"|(?<![\w@/.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov|org|com|net|edu|int|mil|info|(?:gob|com|org|gov)\.[a-z]{2})"
    r"(?:/[^\s<>\"'`]*)?(?![\w@])"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Form names: EOIR-33, I-589, G-28, DS-160, EOIR-26A (and COVID-19: kept as written too).
_FORM = re.compile(rf"(?<![\w-])[A-Z]{{1,5}}[{_HYPHENS}]\d{{1,4}}[A-Z]?(?![\w-])")
# A run of digit groups, as phone numbers, A-numbers and grouped numbers are written.
# Each repetition starts with a separator, which no group contains: linear.
_RUN = re.compile(rf"(?<![\w+])(?:A[{_HYPHENS}#]?\s?)?\+?\(?\d+\)?(?:[{_HYPHENS}.,'{_SPACES}]\(?\d+\)?)*")
_TIME_HM = re.compile(rf"(?<![\d:.,])(\d{{1,2}})(?::|[{_SPACES}]?h[{_SPACES}]?)(\d{{2}})(?![\d:])")
# An hour alone is a time only where a day period follows it ("9 am", "8 de la noche").
_TIME_H = re.compile(r"(?<![\d:.,])(\d{1,2})(?![\d:.,]\d)")
# "20 h" is 20:00 in Spanish or French, and "24 h" is also 24 hours: it may stand for either, but adds neither.
_HOUR_H = re.compile(rf"(?<![\d:.,])(\d{{1,2}})[{_SPACES}]?h(?!\w)")
# A day before a month name ("11 May", "1º de junho", "1ye jen"), or a number after it ("May 11", "mayo de 2023"):
# at most one short word between, as "de" or "of".
_DAY_BEFORE = re.compile(r"(?<!\d)(\d{1,2})(?:[^\W\d_]{1,3}|\.º|\.)?[\s\u00a0\u202f]+(?:[^\W\d_]{1,3}[\s\u00a0\u202f]+)?\Z")
_NUMBER_AFTER = re.compile(r"\.?,?[\s\u00a0\u202f]+(?:[^\W\d_]{1,3}[\s\u00a0\u202f]+)?(\d+)")
_WORD = re.compile(r"[^\W\d_]+")
_AM_PM = {"am": False, "pm": True}


@dataclass(frozen=True)
class Fact:
    """One fact of a text: its kind, how it is written and the values it can be read as."""

    kind: str
    text: str
    values: frozenset[str]
    start: int = 0
    #: Only a possible reading of a word ("cinco"): it may stand for a source's fact, but is not one itself.
    optional: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def pool(self) -> str:
        return _POOL.get(self.kind, self.kind)


@dataclass(frozen=True)
class Facts:
    """Every fact of a text, in the order they are written."""

    items: tuple[Fact, ...]

    def of(self, pool: str) -> list[Fact]:
        return [f for f in self.items if f.pool == pool]

    @property
    def pools(self) -> set[str]:
        return {f.pool for f in self.items}


@dataclass(frozen=True)
class _Locale:
    """What reading a language's facts needs from CLDR and languages.toml."""

    code: str
    numbers: tuple[tuple[str, str], ...]  # (group symbols, decimal symbol), the language's first
    months: dict[str, frozenset[int]]
    month_pattern: re.Pattern | None
    periods: tuple[tuple[re.Pattern, str], ...]  # (pattern, CLDR day-period id), longest first
    babel: str | None
    words: dict[str, int]


def _babel_locale(*codes: str | None) -> str | None:
    for code in codes:
        if not code:
            continue
        try:
            Locale.parse(code, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        return code
    return None


def _fold(text: str) -> str:
    """Lower case without accents, for matching month and period names: "Févr." → "fevr".

    >>> _fold("Févr."), _fold("a.\\u00a0m.")
    ('fevr', 'am')
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def _name_pattern(name: str) -> str:
    """A regex for a CLDR name as people write it: any space or none, no final dot.

    >>> [bool(re.fullmatch(_name_pattern("a.\\u00a0m."), t)) for t in ("a. m", "a.m", "am")]
    [True, True, False]
    """
    parts = [re.escape(c) for c in name.strip().rstrip(".") if not c.isspace()]
    return r"[\s\u00a0\u202f]?".join(parts)


@lru_cache(maxsize=32)
def _locale(code: str | None, formats: str | None = None, month_names: tuple[str, ...] | None = None) -> _Locale:
    """CLDR's data for a language (through `formats` where CLDR lacks it), with English's too."""
    code = code or SOURCE
    # `formats` is the locale languages.toml writes dates and numbers in (Kʼicheʼ: Spanish), as kyr.dates does.
    babel = _babel_locale(formats, code)
    conventions = [(get_group_symbol(babel), get_decimal_symbol(babel))] if babel and babel != SOURCE else []
    conventions.append((",", "."))  # English's: the source's, and translators often keep it
    # A space of any width groups thousands too ("70 000"), whatever CLDR's symbol.
    numbers = tuple((group + _SPACES, decimal) for group, decimal in conventions)
    months: dict[str, set[int]] = {}
    # CLDR's English has "AM"/"PM"; "a.m."/"p.m." are as common, and kept in many translations.
    periods: list[tuple[str, str]] = [("a.m.", "am"), ("p.m.", "pm")]
    for loc in dict.fromkeys([SOURCE, babel] if babel else [SOURCE]):
        data = Locale.parse(loc, sep="-")
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for index, name in data.months[context][width].items():
                    months.setdefault(name, set()).add(index)
            for width in ("wide", "abbreviated", "narrow"):
                for period, name in data.day_periods[context][width].items():
                    if len(_fold(name)) > 1:  # a one-letter "a"/"p" is any word's letter
                        periods.append((name, period))
    for index, name in enumerate(month_names or (), 1):
        months.setdefault(name, set()).add(index)
    # Matched as written and without accents ("março", "marco"), looked up without them.
    names = sorted({_name_pattern(v) for n in months if len(_fold(n)) > 1 for v in (n, _fold(n))}, key=len, reverse=True)
    months = {_fold(k): frozenset(v) for k, v in months.items() if len(_fold(k)) > 1}
    month_pattern = re.compile(r"(?<!\w)(" + "|".join(names) + r")\.?(?!\w)", re.I) if names else None
    seen: dict[str, str] = {}
    for name, period in sorted(periods, key=lambda p: len(p[0]), reverse=True):
        # "a.m." ends with its own dot; after "pm" a dot ends the sentence.
        pattern = _name_pattern(name) + (r"(?!\w)\.?" if name.rstrip().endswith(".") else r"(?!\w)")
        seen.setdefault(pattern, period)
    compiled = tuple((re.compile(r"\A[\s\u00a0\u202f,]*(" + p + ")", re.I), period) for p, period in seen.items())
    words = NUMBER_WORDS.get(code.split("-")[0], {})
    return _Locale(code, numbers, months, month_pattern, compiled, babel, words)


def _language(lang) -> _Locale:
    """`lang` is a code, None (the source, English), or a :class:`kyr.languages.Language`."""
    if lang is None or isinstance(lang, str):
        return _locale(lang)
    return _locale(lang.code, lang.formats, lang.month_names)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each (start, end) span, in order and apart, replaced by spaces: one pass.

    >>> _blank("a1b22c", [(1, 2), (3, 5)])
    'a b  c'
    """
    pieces, at = [], 0
    for start, end in spans:
        pieces += [text[at:start], " " * (end - start)]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


@lru_cache(maxsize=16)
def _group_symbols(group: str) -> re.Pattern:
    return re.compile("[" + re.escape(group) + "]")


def _parse_number(token: str, group: str, decimal: str) -> Decimal | None:
    """`token` read with a group and a decimal symbol, or None if it is not one number so written.

    >>> _parse_number("70.000", ".", ","), _parse_number("70,000", ",", "."), _parse_number("1,5", ".", ",")
    (Decimal('70000'), Decimal('70000'), Decimal('1.5'))
    >>> _parse_number("11.05.2023", ".", ",") is None
    True
    """
    integer, _, fraction = token.partition(decimal) if decimal in token else (token, "", "")
    if fraction and not fraction.isdigit():
        return None
    separators = _group_symbols(group)
    pieces = separators.split(integer)
    if len(pieces) > 1 and len(set(separators.findall(integer))) > 1:
        return None
    if not all(p.isdigit() for p in pieces):
        return None
    if len(pieces) > 1 and (len(pieces[0]) > 3 or any(len(p) != 3 for p in pieces[1:])):
        return None
    try:
        return Decimal("".join(pieces) + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None


def _canonical(value: Decimal) -> str:
    """A number as compared: no leading zeros, no trailing decimal zeros.

    >>> _canonical(Decimal("100.00")), _canonical(Decimal("0070"))
    ('100', '70')
    """
    return format(value.normalize(), "f")


def _number_readings(token: str, locale: _Locale) -> list[tuple[str, frozenset[str], int]]:
    """The numbers a run of digits and separators stands for: (text, readings, offset).

    One number where some convention reads the whole run; else the run's parts.
    """
    readings = {_canonical(v) for g, d in locale.numbers if (v := _parse_number(token, g, d)) is not None}
    if readings:
        return [(token, frozenset(readings), 0)]
    parts = []
    for m in re.finditer(r"\d+(?:[.,]\d+)?", token):
        part = m.group(0)
        values = {_canonical(v) for g, d in locale.numbers if (v := _parse_number(part, g, d)) is not None}
        if not values:  # "1.5" read neither way: its digit groups
            parts += [(p.group(0), frozenset({_canonical(Decimal(p.group(0)))}), m.start() + p.start())
                      for p in re.finditer(r"\d+", part)]
        else:
            parts.append((part, frozenset(values), m.start()))
    return parts


def _phone_kind(run: str) -> str | None:
    """Whether a run of digit groups is a phone number or an A-number, by its shape.

    >>> [_phone_kind(r) for r in ("1-800-898-7180", "(800) 898-7180", "+52 55 5080 9000", "A123-456-789", "1-800-898-718")]
    ['phone', 'phone', 'phone', 'a-number', 'phone']
    >>> [_phone_kind(r) for r in ("2019-2020", "1 000 000", "11.05.2023", "70,000", "123 456 789")]
    [None, None, None, None, None]
    """
    groups = re.findall(r"\d+", run)
    digits = "".join(groups)
    separators = set(re.sub(r"[\d()+A#]", "", run).replace(" ", "") or " ")
    if run[:1] == "A" and 8 <= len(digits) <= 9:
        return "a-number"
    if "," in separators:
        return None
    if [len(g) for g in groups] == [3, 3, 3] and separators <= set(_HYPHENS):
        return "a-number"
    hyphenated = len(groups) >= 3 and separators <= set(_HYPHENS)  # "1-800-898-718": a phone number, a digit short
    if len(digits) < 7 or (len(groups[-1]) < 4 and not hyphenated):
        return None
    if run.startswith(("+", "(")) or (len(groups) >= 3 and sum(len(g) >= 3 for g in groups) >= 2):
        return "phone"
    return None


def _times(text: str, locale: _Locale) -> tuple[list[Fact], str]:
    """Times of day, read to 24-hour values; those with no day period may be either half of the day."""
    facts, spans = [], []
    for m in _HOUR_H.finditer(text):
        if int(m.group(1)) <= 24:
            facts.append(Fact("time", m.group(0), frozenset({f"{int(m.group(1)) % 24:02d}:00"}), m.start(), True))
            facts.append(Fact("number", m.group(1), frozenset({str(int(m.group(1)))}), m.start(), True))
            spans.append(m.span())
    text = _blank(text, spans)
    for pattern in (_TIME_HM, _TIME_H):
        spans = []
        for m in pattern.finditer(text):
            hour, minute = int(m.group(1)), int(m.group(2)) if m.lastindex and m.lastindex >= 2 else 0
            if hour > 24 or minute > 59:
                continue
            end = m.end()
            period = None
            rest = text[end : end + 40]
            for candidate, pid in locale.periods:
                p = candidate.match(rest)
                if p:
                    period, end = pid, end + p.end()
                    break
            if period is None and pattern is _TIME_H:
                continue
            hours = {hour % 24}
            if period in _AM_PM and hour <= 12:
                hours = {hour % 12 + (12 if _AM_PM[period] else 0)}
            elif hour <= 12:
                hours = {hour % 12, hour % 12 + 12}
                if period and locale.babel:  # "8 de la noche": the half of the day CLDR's rules put it in
                    fitting = {h for h in hours if get_period_id(dt.time(h, minute), locale=locale.babel) == period}
                    hours = fitting or hours
            values = frozenset(f"{h:02d}:{minute:02d}" for h in hours)
            facts.append(Fact("time", text[m.start() : end].strip(), values, m.start()))
            spans.append((m.start(), end))
        text = _blank(text, spans)
    return facts, text


def _months(text: str, locale: _Locale) -> tuple[list[Fact], set[int]]:
    """Month names in dates (next to a day or a year), and where the dates' day numbers start."""
    facts, days = [], set()
    if locale.month_pattern is None:
        return facts, days
    for m in locale.month_pattern.finditer(text):
        window = max(0, m.start() - 12)
        before = _DAY_BEFORE.search(text[window : m.start()])
        after = _NUMBER_AFTER.match(text[m.end() : m.end() + 12])
        if not before and not after:
            continue
        months = locale.months.get(_fold(m.group(1)))
        if not months:
            continue
        facts.append(Fact("month", m.group(0), frozenset(str(i) for i in months), m.start()))
        if before and int(before.group(1)) <= 31:
            days.add(window + before.start(1))
        if after and len(after.group(1)) <= 2 and int(after.group(1)) <= 31:
            days.add(m.end() + after.start(1))
    return facts, days


def _number_kind(text: str, values: frozenset[str], start: int, days: set[int]) -> str:
    if start in days:
        return "day"
    if len(values) == 1 and re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= 2099:
        return "year"
    return "number"


def extract(text: str, lang=None) -> Facts:
    """The facts of `text`, written in `lang` (a code, a :class:`kyr.languages.Language`; None: English).

    >>> [(f.kind, f.text) for f in extract("Call [1-800-898-7180](tel:+18008987180) by 11:59 pm, 11 May 2023.").items]
    [('link', 'tel:+18008987180'), ('time', '11:59 pm'), ('month', 'May'), ('phone', '1-800-898-7180'), ('day', '11'), ('year', '2023')]
    """
    locale = _language(lang)
    facts: list[Fact] = []
    for pattern in (_PLACEHOLDER, _ENTITY, _REF_LABEL, _ATTR_LIST):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    spans = []
    for m in _LINK.finditer(text):
        if m.group(1):
            facts.append(Fact("link", m.group(1), frozenset({_url_value(m.group(1))}), m.start(1)))
        spans.append((m.start() + 1, m.end()))
    text, spans = _blank(text, spans), []
    for m in _AUTOLINK.finditer(text):
        target = m.group(1)
        kind = "email" if "@" in target and not target.startswith(("http", "ftp")) else "url"
        value = target.removeprefix("mailto:").casefold() if kind == "email" else _url_value(target)
        facts.append(Fact(kind, target, frozenset({value}), m.start(1)))
        spans.append(m.span())
    text, spans = _TAG.sub(lambda m: " " * len(m.group(0)), _blank(text, spans)), []
    for m in _EMAIL.finditer(text):
        address = m.group(0).rstrip(".")
        facts.append(Fact("email", address, frozenset({address.casefold()}), m.start()))
        spans.append(m.span())
    text, spans = _blank(text, spans), []
    for m in _URL.finditer(text):
        url = _trim_url(m.group(0))
        facts.append(Fact("url", url, frozenset({_url_value(url)}), m.start()))
        spans.append((m.start(), m.start() + len(url)))
    text, spans = _blank(text, spans), []
    for m in _FORM.finditer(text):
        name = re.sub(f"[{_HYPHENS}]", "-", m.group(0))
        facts.append(Fact("form", m.group(0), frozenset({name}), m.start()))
        spans.append(m.span())
    text = _blank(text, spans)
    times, text = _times(text, locale)
    facts += times
    months, days = _months(text, locale)
    facts += months
    for m in _RUN.finditer(text):
        run = m.group(0).rstrip(_SPACES + ".,'" + _HYPHENS)
        kind = _phone_kind(run) if re.search(r"\d", run) else None
        if kind:
            digits = "".join(re.findall(r"\d", run))
            facts.append(Fact(kind, run, frozenset({digits}), m.start()))
            continue
        digits_at = m.start() + (re.search(r"\d", run).start() if re.search(r"\d", run) else 0)
        for part, values, offset in _number_readings(run[digits_at - m.start():], locale):
            start = digits_at + offset
            long_run = len(values) == 1 and re.fullmatch(r"\d{7,}", part)  # a phone number written without separators
            kind = "phone" if long_run else _number_kind(part, values, start, days)
            facts.append(Fact(kind, part, values if not long_run else frozenset({part}), start))
    for m in _WORD.finditer(text):
        value = locale.words.get(m.group(0).casefold())
        if value is not None:
            facts.append(Fact("number", m.group(0), frozenset({str(value)}), m.start(), optional=True))
    return Facts(tuple(facts))


def _trim_url(url: str) -> str:
    """A URL without the sentence's punctuation after it (a ")" only if it has no "(").

    >>> _trim_url("https://a.gov/x)."), _trim_url("https://a.gov/x_(y)")
    ('https://a.gov/x', 'https://a.gov/x_(y)')
    """
    opened, closed = url.count("("), url.count(")")
    end = len(url)
    while end and (url[end - 1] in ".,;:!?»”’*_" or (url[end - 1] == ")" and opened < closed)):
        closed -= url[end - 1] == ")"
        end -= 1
    return url[:end]


def _url_value(url: str) -> str:
    """A URL as compared: scheme and host in lower case, without a trailing slash.

    >>> _url_value("HTTPS://WWW.Justice.gov/EOIR/")
    'https://www.justice.gov/EOIR'
    """
    m = re.match(r"([A-Za-z][\w+.-]*:(?://)?)?([^/?#]*)(.*)", url)
    scheme, host, rest = m.group(1) or "", m.group(2), m.group(3)
    if scheme.lower() in ("tel:", "mailto:"):
        return scheme.lower() + (re.sub(r"[^\d+]", "", host + rest) if scheme.lower() == "tel:" else (host + rest).casefold())
    return (scheme.lower() + host.lower() + rest).rstrip("/")


def _values(facts: list[Fact]) -> set[str]:
    return {v for f in facts for v in f.values}


def differences(msgid: str, msgstr: str, lang=None, *, links: bool = True) -> list[str]:
    """What `msgstr` (in `lang`) changes, drops or adds of the facts of `msgid` (English).

    `links=False` leaves link targets to :mod:`kyr.render_check`, which judges them
    resolved. A fact the source words as a small number ("five") may be a digit here.

    >>> differences("Within 5 days, on Form EOIR-33.", "En un plazo de 15 días, con el Formulario EOIR-38.", "es")
    ['changes the form name EOIR-33 to EOIR-38', 'changes the number 5 to 15']
    >>> differences("It ended at 11:59 pm.", "Terminó a las 11:59 de la noche.", "es")
    []
    """
    source, target = _english_facts(msgid), extract(msgstr, lang)
    spelled = {v for f in source.items if f.optional for v in f.values}
    problems = []
    for pool in sorted(source.pools | target.pools, key=_pool_order):
        if pool == "link" and not links:
            continue
        ours = [f for f in source.of(pool) if not f.optional]
        theirs_all = target.of(pool)
        theirs = [f for f in theirs_all if not f.optional]
        their_values, our_values = _values(theirs), _values(ours) | spelled
        # A word ("una", "de") may stand for a count, never for a day, a year or a phone number.
        maybe = _values([f for f in theirs_all if f.optional])
        missing = [f for f in ours
                   if not f.values & (their_values | (maybe if pool != "digits" or f.kind == "number" else set()))]
        extra = [f for f in theirs if not f.values & our_values]
        missing, extra = _unique(missing), _unique(extra)
        while missing and extra:
            old, new = missing.pop(0), extra.pop(0)
            problems.append(f"changes {NAMES[old.kind]} {old.text} to {new.text}")
        problems += [f"drops {NAMES[f.kind]} {f.text}" for f in missing]
        problems += [f"adds {NAMES[f.kind]} {f.text}, which the source does not have" for f in extra]
    return problems


@lru_cache(maxsize=65_536)
def _english_facts(text: str) -> Facts:
    """The facts of an English text, kept: every language's translation of it is compared with them."""
    return extract(text, None)


def _pool_order(pool: str) -> int:
    order = ("link", "url", "email", "form", "digits", "time", "month")
    return order.index(pool) if pool in order else len(order)


def _unique(facts: list[Fact]) -> list[Fact]:
    """One fact per value, in the order written."""
    seen, kept = set(), []
    for f in facts:
        if f.values not in seen:
            seen.add(f.values)
            kept.append(f)
    return kept


def same_facts(a: str, b: str) -> bool:
    """Whether two English texts state the same facts (for translation memory's near matches).

    >>> same_facts("Title 42 ended on 11 May 2023.", "Title 42 ended on 11 May 2023!")
    True
    >>> same_facts("Title 42 ended on 11 May 2023.", "Title 42 ended on 12 May 2023.")
    False
    """
    return not differences(a, b, None) and not differences(b, a, None)
