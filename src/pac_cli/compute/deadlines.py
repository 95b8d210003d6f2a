"""The legal calendar: when a follow-up must be published after its cutoff."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from pac_cli.models.frame import FollowUpSchedule


@cache
def _colombia() -> Any:
    """The `holidays` package's calendar of Colombia, loaded alone: asking the package for a
    country by name imports its ~250 countries first (its `countries` package does), which
    every document command would pay for. Its module is imported under a bare stand-in for
    that package, which is then removed, so later imports see the real one."""
    import importlib.util
    import sys
    import types

    import holidays  # noqa: F401  (the base classes; its countries load lazily)

    name = "holidays.countries"
    stand_in = None
    if name not in sys.modules:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations is not None:
            stand_in = types.ModuleType(name)
            stand_in.__path__ = list(spec.submodule_search_locations)
            sys.modules[name] = stand_in
    try:
        from holidays.countries.colombia import Colombia
    finally:
        if stand_in is not None and sys.modules.get(name) is stand_in:
            del sys.modules[name]
    return Colombia


@cache
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(_colombia()(years=[year, year + 1]))


def is_business_day(day: dt.date) -> bool:
    """Monday to Friday and not a Colombian national holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def publication_deadline(cutoff: dt.date, schedule: FollowUpSchedule) -> dt.date:
    """The last day to publish the follow-up of `cutoff`: the days of the rule (10 business
    days in the PAAC) counted from the day after the cutoff, or from the first day of the
    next month (`desde: mes_siguiente`, «los primeros diez días hábiles de mayo»)."""
    day, remaining = cutoff, schedule.publication_days
    if schedule.counted_from == "mes_siguiente":
        next_month = (cutoff.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        day = next_month - dt.timedelta(days=1)
    while remaining:
        day += dt.timedelta(days=1)
        if not schedule.business_days or is_business_day(day):
            remaining -= 1
    return day
