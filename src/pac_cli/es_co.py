"""es-CO formatting of figures and dates, through Babel (15.000; 78,94 %; 14 de mayo de 2024),
and the day it is in Colombia.

Babel rounds when it formats, so every value reaching here is already rounded by the
engine's policy: formatting never changes a published figure.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

LOCALE = "es_CO"

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")
"""The months as a date is written in Spanish, lowercase."""

def normal(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: how names written by people
    are compared (a matrix's column, a frame's title, a risk map's level or zone)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


COLOMBIA = dt.timezone(dt.timedelta(hours=-5), "America/Bogota")
"""Colombia's time: UTC−5 all year (no daylight saving time since 1993)."""


def today() -> dt.date:
    """The day it is in Colombia: between 19:00 and 24:00 there, UTC (a CI runner's clock)
    already says tomorrow."""
    return dt.datetime.now(COLOMBIA).date()


def number(value: Decimal | int) -> str:
    """A quantity as written in Colombia: `15.000`, `2,5`."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=LOCALE, decimal_quantization=False)


def _pattern(decimals: int) -> str:
    """Babel's pattern for a grouped number with exactly `decimals` decimals."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def fixed(value: Decimal, decimals: int = 2) -> str:
    """A number with a fixed number of decimals: `2,80`."""
    from babel.numbers import format_decimal

    return format_decimal(value, format=_pattern(decimals), locale=LOCALE)


def percent(value: Decimal, decimals: int = 2) -> str:
    """A percentage (0-100) with a fixed number of decimals: `78,94 %`."""
    from babel.numbers import format_percent

    return format_percent(value / 100, format=_pattern(decimals) + " %", locale=LOCALE)


_FEMININE = ("estrategia", "política", "politica", "agenda", "matriz", "hoja de ruta")


def to_the(title: str) -> str:
    """«al Plan …», «al Programa …», but «a la Estrategia de Servicio al Ciudadano»."""
    return ("a la " if title.strip().casefold().startswith(_FEMININE) else "al ") + title


def places(value: Decimal) -> int:
    """The decimals a figure of the engine carries: each level is rounded to its own (an
    activity to two, a component to none, the consolidated figure to one, as the policy
    says), and is shown with them."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def figure(value: Decimal) -> str:
    """A figure of the engine with its own decimals: `33,76 %`, `63 %`, `47,9 %`."""
    return percent(value, places(value))


def long_date(value: dt.date) -> str:
    """A date as the acta writes it: `14 de mayo de 2024`."""
    from babel.dates import format_date

    return format_date(value, format="d 'de' MMMM 'de' y", locale=LOCALE)


def day_month(value: dt.date) -> str:
    """A date without its year: `30 de abril`."""
    from babel.dates import format_date

    return format_date(value, format="d 'de' MMMM", locale=LOCALE)


def fraction(achieved: Decimal, target: Decimal, percentage: Decimal, decimals: int = 2) -> str:
    """The acta's cell: `11.842/15.000 = 78,94 %`."""
    return f"{number(achieved)}/{number(target)} = {percent(percentage, decimals)}"


def years(span: range) -> str:
    """A plan's vigencias: «2024», or «2025–2028» for a programme of several."""
    return str(span[0]) if len(span) == 1 else f"{span[0]}–{span[-1]}"


def join_words(items: Sequence[str]) -> str:
    """A Spanish enumeration: `1.1`, `1.1 y 1.2`, `1.1, 1.2 y 2.1`."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " y " + items[-1]


def shorten(text: str, width: int = 60) -> str:
    """One line of at most `width` characters, cut at the end with «…»."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


NO_BREAK = "\u00a0"
_FIGURE_SPACE_PERCENT = re.compile(r"(?<=\d) %")


def tie(text: str) -> str:
    """Every `%` kept on the line of its figure (`33,76 %` with a no-break space): what a
    document prints, where a line may break anywhere else."""
    return _FIGURE_SPACE_PERCENT.sub(NO_BREAK + "%", text)
