"""Progress against schedule: what an activity should have achieved by a cutoff at its rhythm.

A follow-up is cumulative from 1 January. An activity of 52 weekly reports should have 17 by
30 April (17 whole weeks); one of 3 four-monthly reports, 1. With explicit milestones, the
expected value is that of the last milestone on or before the cutoff. This is shown beside
the published %, never instead of it. Pure functions, no I/O.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pac_cli.models.plan import Activity

PER_YEAR = {"semanal": 52, "quincenal": 24, "mensual": 12, "bimestral": 6, "trimestral": 4,
            "cuatrimestral": 3, "semestral": 2, "anual": 1}
HUNDRED = Decimal(100)


class ScheduleStatus(StrEnum):
    """Cómo va una actividad frente a lo esperado a su ritmo."""

    AHEAD = "adelantada"
    ON_TIME = "al día"
    BEHIND = "atrasada"


def _month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month


def periods_elapsed(rhythm: str, cutoff: dt.date) -> int:
    """Whole periods of `rhythm` from 1 January to `cutoff` (inclusive)."""
    if rhythm == "semanal":
        days = (cutoff - dt.date(cutoff.year, 1, 1)).days + 1
        return min(days // 7, PER_YEAR["semanal"])
    months = cutoff.month - (0 if _month_end(cutoff) else 1)
    if rhythm == "quincenal":
        return months * 2 + (1 if not _month_end(cutoff) and cutoff.day >= 15 else 0)
    return months // (12 // PER_YEAR[rhythm])


def expected_at(activity: Activity, cutoff: dt.date) -> Decimal | None:
    """The cumulative value the activity should have at `cutoff`, or None without a rhythm,
    milestones or annual target."""
    target = activity.annual_target
    if target is None:
        return None
    if activity.milestones:
        reached = [m.value for m in activity.milestones if m.date <= cutoff]
        return max(reached) if reached else Decimal(0)
    if activity.rhythm is not None:
        return target * periods_elapsed(activity.rhythm, cutoff) / PER_YEAR[activity.rhythm]
    return None


def status(achieved: Decimal, expected: Decimal, target: Decimal,
           tolerance: Decimal) -> ScheduleStatus:
    """Ahead, on time or behind: the difference, in points of the annual target, against
    the tolerance (a value on the tolerance is on time)."""
    gap = (achieved - expected) * HUNDRED / target
    if gap < -tolerance:
        return ScheduleStatus.BEHIND
    if gap > tolerance:
        return ScheduleStatus.AHEAD
    return ScheduleStatus.ON_TIME
