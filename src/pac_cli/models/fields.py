"""The building blocks of every model: the base class and the checked field types.

Numbers (finite, at most a trillion, six decimals, never «15.000» read as fifteen), dates
without a time, activity numbers, month-days, non-blank texts, each with the Spanish
message a user reads and the JSON Schema an editor uses.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from pac_cli import es_co
from pac_cli.disk.yaml_reader import AmbiguousNumber


class Model(BaseModel):
    """Base of every model: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              defer_build=True)


def describe(value: object) -> str:
    """A short Spanish description of a YAML value, for error messages."""
    if value is None:
        return "un valor vacío"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, AmbiguousNumber | int | Decimal | float):
        return f"el número {value}"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:27] + "…"
        return f"el texto «{short}»"
    if isinstance(value, list):
        return "una lista"
    if isinstance(value, dict):
        return "un mapa"
    if isinstance(value, dt.date):
        return f"la fecha {value.isoformat()}"
    return type(value).__name__


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("pac_blank", "no puede estar vacío")
    return value


_GROUPED = re.compile(r"\d{1,3}([.\s]\d{3})+")
MAX_NUMBER = Decimal(10) ** 12
"""The largest figure a plan or follow-up may give (a trillion): beyond it, a typo."""
MAX_DECIMALS = 6


def _number(value: object) -> object:
    if isinstance(value, AmbiguousNumber):
        plain = value.text.replace(".", "")
        raise PydanticCustomError(
            "pac_thousands",
            "«{text}» es ambiguo: escriba {plain} (sin separador de miles), o quite los ceros "
            "a la derecha si es un decimal",
            {"text": value.text, "plain": plain},
        )
    if isinstance(value, str) and _GROUPED.fullmatch(value.strip()):
        raise PydanticCustomError(
            "pac_thousands", "escriba el número sin separadores de miles: {plain} (se encontró "
            "«{text}»)", {"text": value, "plain": re.sub(r"[.\s]", "", value)})
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise PydanticCustomError("pac_number", "debe ser un número (se encontró {found})",
                                  {"found": describe(value)})
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal) and not value.is_finite():
        raise PydanticCustomError("pac_number", "debe ser un número finito")
    number = Decimal(value)
    if number.copy_abs() > MAX_NUMBER:  # copy_abs: no context, no overflow on 1e99999999999
        raise PydanticCustomError(
            "pac_number_range", "es demasiado grande: una cifra de un plan va hasta "
            "1.000.000.000.000 (se encontró un número de {digits} cifras)",
            {"digits": number.adjusted() + 1})
    if number != 0 and number.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
        raise PydanticCustomError("pac_number_decimals",
                                  "tiene más de {decimals} decimales",
                                  {"decimals": MAX_DECIMALS})
    return Decimal(0) if number == 0 else value  # no «-0»


def _activity_id(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal | AmbiguousNumber):
        return str(value)
    return value


_SLASHED_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


def missing_day(year: int, month: int, day: int) -> str | None:
    """Why year-month-day is no day of the calendar («febrero de 2025 tiene 28 días»), or
    None when it is one."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return f"no hay año {year}"
    if not 1 <= month <= 12:
        return f"no hay mes {month}"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"{es_co.MONTHS[month - 1]} de {year} tiene {last} días"
    return None


def _date_texts(text: str) -> Iterator[tuple[str, str | None, str]]:
    """Each date written in `text` (2025-02-28 or 28/02/2025): as written, why it is no day
    (or None) and its AAAA-MM-DD form."""
    for match in _ISO_DATE.finditer(text):
        year, month, day = map(int, match.groups())
        yield match[0], missing_day(year, month, day), f"{year:04d}-{month:02d}-{day:02d}"
    for match in _SLASHED_DATE.finditer(text):
        day, month, year = map(int, match.groups())
        yield match[0], missing_day(year, month, day), f"{year:04d}-{month:02d}-{day:02d}"


def _day(value: object) -> object:
    """A date, 2024-04-30: a YAML date, or the same text in quotes; never a time."""
    as_date = day_of(value)
    if as_date is not None:
        return as_date
    if isinstance(value, str):
        found = list(_date_texts(value))
        if len(found) == 1 and found[0][0] == value.strip():
            written, why, iso = found[0]
            if why is not None:
                raise PydanticCustomError("pac_day", "«{written}» no es una fecha que exista: "
                                          "{why}", {"written": written, "why": why})
            raise PydanticCustomError("pac_day", "«{written}» no está escrita AAAA-MM-DD: ¿quiso "
                                      "decir {iso}?", {"iso": iso, "written": written})
    raise PydanticCustomError("pac_day", "debe ser una fecha AAAA-MM-DD, sin hora (se "
                                         "encontró {found})", {"found": describe(value)})


def _text_with_real_dates(value: str) -> str:
    """A free text («Vigencia 2024», «30/06/2024»): any date it writes must exist."""
    for written, why, _ in _date_texts(value):
        if why is not None:
            raise PydanticCustomError("pac_day", "«{written}» no es una fecha que exista: "
                                      "{why}", {"written": written, "why": why})
    return value


def day_of(value: object) -> dt.date | None:
    """The date a YAML value means (a date, or its ISO text), None when it is not one."""
    if isinstance(value, dt.datetime):  # a time, even midnight, is not a day: the schema
        return None                       # refuses «2024-04-30T00:00:00» too
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _month_day(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"\d\d-\d\d", value):
        try:
            dt.date.fromisoformat(f"2024-{value}")
        except ValueError:
            pass
        else:
            return value
    raise PydanticCustomError("pac_month_day", "debe ser un día del año MM-DD, p. ej. «04-30»")


Text = Annotated[str, AfterValidator(_not_blank),
                 WithJsonSchema({"type": "string", "pattern": r"\S",
                                 "patternErrorMessage": "No puede estar vacío."})]
DatedText = Annotated[Text, AfterValidator(_text_with_real_dates)]
"""A free text that may write dates («Vigencia 2024», «hasta el 30/06/2024»): each real."""
ActivityId = Annotated[
    str,
    BeforeValidator(_activity_id),
    Field(pattern=r"^\d+(\.\d+)*$"),
    WithJsonSchema({"type": ["string", "number"], "pattern": r"^\d+(\.\d+)*$",
                    "patternErrorMessage": "Escriba el número de la actividad entre comillas, "
                    "p. ej. \"2.1\" (2.10 sin comillas sería 2.1).",
                    "examples": ["1.1", "5.2.1"]}),
]
Offices = Annotated[
    list[Text],
    BeforeValidator(_one_or_many),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1},
                              {"type": "array", "items": {"type": "string", "minLength": 1}}]}),
]
# A day of the Gregorian calendar, AAAA-MM-DD: 30 February or 29 February 2023 do not match
# (an editor's «format: date» alone accepts any digits)
_MONTH_DAY = (r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
              r"|02-(?:0[1-9]|1\d|2[0-8]))")
_LEAP = r"(?:\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
DATE_PATTERN = rf"^(?:\d{{4}}-{_MONTH_DAY}|{_LEAP}-02-29)$"
MONTH_DAY_PATTERN = rf"^(?:{_MONTH_DAY}|02-29)$"
Day = Annotated[dt.date, BeforeValidator(_day),
                WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN,
                                "patternErrorMessage": "Escriba una fecha que exista, "
                                "AAAA-MM-DD (p. ej. 2024-04-30), sin hora."})]
MonthDay = Annotated[str, BeforeValidator(_month_day),
                     WithJsonSchema({"type": "string", "pattern": MONTH_DAY_PATTERN,
                                     "patternErrorMessage": "Escriba un día del año que exista, "
                                     "MM-DD entre comillas (p. ej. \"04-30\")."})]
# pac's largest figure, as an editor can say it in Spanish: yaml-language-server words a
# «maximum» in English whatever the schema says, but a failed «else» with its errorMessage
_UP_TO_MAX = {"if": {"maximum": int(MAX_NUMBER)},
              "else": {"type": "null", "errorMessage": "Es demasiado grande: una cifra de un "
                                                       "plan va hasta 1.000.000.000.000."}}
PositiveNumber = Annotated[Decimal, BeforeValidator(_number), Field(gt=0),
                           WithJsonSchema({"type": "number", "exclusiveMinimum": 0,
                                           **_UP_TO_MAX,
                                           "errorMessage": "Debe ser un número mayor que 0 y "
                                           "hasta 1.000.000.000.000, sin separador de miles "
                                           "(15000, no 15.000)."})]
NonNegativeNumber = Annotated[Decimal, BeforeValidator(_number), Field(ge=0),
                              WithJsonSchema({"type": "number", "minimum": 0, **_UP_TO_MAX,
                                              "errorMessage": "Debe ser un número de 0 a "
                                              "1.000.000.000.000, sin separador de miles "
                                              "(15000, no 15.000)."})]
Clock = Annotated[dt.time, WithJsonSchema({
    "type": "string", "pattern": r"^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$",
    "patternErrorMessage": "Escriba una hora HH:MM entre comillas (p. ej. \"08:00\")."})]
Percent = Annotated[Decimal, BeforeValidator(_number), Field(ge=0, le=100),
                    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100,
                                    "errorMessage": "Debe ser un número de 0 a 100."})]


Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$"),
                 WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$",
                                 "examples": ["paac", "ptep"]})]


class Publication(Model):
    """Dónde y cuándo se publicó un plan o un seguimiento (sección de transparencia del sitio
    web de la entidad)."""

    date: Day = Field(alias="fecha", description="Fecha de publicación, AAAA-MM-DD.")
    address: Text | None = Field(None, alias="enlace", description="Dirección de la "
                                                                   "publicación.")


def _year_key(value: object) -> object:
    """A year as a key of «metas»: YAML keys are read as text, «2026» as 2026."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value):
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise PydanticCustomError("pac_year_key", "cada clave de «metas» es un año de cuatro "
                                              "cifras, p. ej. 2026")


YearKey = Annotated[int, BeforeValidator(_year_key)]
"""A vigencia as the key of a mapping («metas: {2025: 2, 2026: 4}»)."""
