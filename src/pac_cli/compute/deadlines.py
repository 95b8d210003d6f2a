"""The legal calendar: when a follow-up must be published after its cutoff."""

from __future__ import annotations

import datetime as dt
from functools import cache

from pac_cli.models.frame import FollowUpSchedule


@cache
def _holidays(year: int) -> frozenset[dt.date]:
    import holidays

    return frozenset(holidays.country_holidays("CO", years=[year, year + 1]))


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
