"""Dates written the way each language writes them: CLDR's patterns, with the month names
``languages.toml`` gives where CLDR's are another language's.

CLDR has no Haitian Creole data of its own, so Babel formats ``ht`` with French
month names ("23 novembre 2026"). A language's ``month_names`` replace only the
month: the pattern (order, separators) is still CLDR's, written as a quoted
literal into it, so Babel does all the rest.

    >>> import datetime as dt
    >>> KREYOL = ("janvye", "fevriye", "mas", "avril", "me", "jen", "jiyè", "out", "septanm", "oktòb", "novanm", "desanm")
    >>> long_date(dt.date(2026, 11, 23), "ht", KREYOL)
    '23 novanm 2026'
    >>> long_date(dt.date(2026, 11, 23), "es")
    '23 de noviembre de 2026'
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date, get_date_format

#: CLDR's wide month field (MMMM) or stand-alone wide month (LLLL), outside quoted literals.
_WIDE_MONTH = re.compile(r"('(?:[^']|'')*')|MMMM|LLLL")


def long_date(date: dt.date, locale: str, month_names: tuple[str, ...] | None = None) -> str:
    """`date` in CLDR's long format for `locale`, with `month_names` (January first) if given."""
    if not month_names:
        return format_date(date, format="long", locale=locale)
    if len(month_names) != 12:
        raise ValueError(f"month_names needs 12 names, not {len(month_names)}")
    month = "'" + month_names[date.month - 1].replace("'", "''") + "'"
    pattern = _WIDE_MONTH.sub(lambda m: m.group(1) or month, get_date_format("long", locale=locale).pattern)
    return format_date(date, format=pattern, locale=locale)
