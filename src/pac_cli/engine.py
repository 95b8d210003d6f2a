"""The compliance engine: each activity's % of progress and the component's total.

Pure functions over validated models, with Decimal arithmetic and an explicit rounding
policy (`Rounding`). The default policy reproduces the official acta: each activity's % is
truncated to two decimals, and the total is the mean of those displayed values rounded
half-up (11.842/15.000 → 78,94 %; 438,83 / 13 → 33,76 %). No I/O, no printing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum

from pac_cli.models import (
    Activity,
    Component,
    FollowUp,
    Plan,
    Progress,
    Rounding,
    Subcomponent,
    Zones,
    iter_activities,
)

HUNDRED = Decimal(100)
_MODES = {"truncar": ROUND_DOWN, "redondear": ROUND_HALF_UP}


class Zone(StrEnum):
    """Zona de la semaforización (baja/rojo, media/amarillo, alta/verde)."""

    LOW = "baja"
    MEDIUM = "media"
    HIGH = "alta"

    @property
    def colour(self) -> str:
        return {"baja": "rojo", "media": "amarillo", "alta": "verde"}[self.value]


class Measure(StrEnum):
    """How an activity's % was obtained."""

    RATIO = "logro/meta"
    EVALUATOR = "porcentaje asignado"
    NO_PROGRESS = "sin avance"


@dataclass(frozen=True)
class ActivityResult:
    """% de avance de una actividad al corte."""

    subcomponent: Subcomponent
    activity: Activity
    progress: Progress
    measure: Measure
    exact: Decimal
    """achieved / target × 100 before capping and rounding (or the evaluator's %)."""
    percentage: Decimal
    """The published figure: capped at 100 and rounded by the policy."""
    zone: Zone

    @property
    def capped(self) -> bool:
        return self.exact > HUNDRED

    @property
    def achieved(self) -> Decimal | None:
        if self.measure is Measure.NO_PROGRESS and self.activity.annual_target is not None:
            return Decimal(0)
        return self.progress.achieved


@dataclass(frozen=True)
class GroupResult:
    """% de un subcomponente (media de sus actividades)."""

    subcomponent: Subcomponent
    activities: tuple[ActivityResult, ...]
    percentage: Decimal
    zone: Zone


@dataclass(frozen=True)
class ComplianceResult:
    """El resultado del seguimiento de un componente al corte."""

    plan: Plan
    followup: FollowUp
    component: Component
    groups: tuple[GroupResult, ...]
    activities: tuple[ActivityResult, ...]
    total: Decimal
    zone: Zone
    rounding: Rounding
    zones: Zones

    @property
    def displayed_sum(self) -> Decimal:
        return sum((a.percentage for a in self.activities), Decimal(0))


def quantize(value: Decimal, mode: str, decimals: int) -> Decimal:
    """Round `value` to `decimals` places with the policy's mode ('truncar' or 'redondear')."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=_MODES[mode])


def ratio(achieved: Decimal, target: Decimal) -> Decimal:
    """achieved / target as a percentage, exact to Decimal's precision, not capped."""
    if target <= 0:
        raise ValueError("la meta anual debe ser mayor que 0")
    return achieved * HUNDRED / target


def published(exact: Decimal, rounding: Rounding) -> Decimal:
    """The figure the acta shows for one activity: capped at 100 %, then rounded."""
    return quantize(min(exact, HUNDRED), rounding.activity, rounding.decimals)


def mean(values: Sequence[Decimal], rounding: Rounding) -> Decimal:
    """The simple mean, rounded with the total's mode."""
    if not values:
        raise ValueError("no hay actividades para promediar")
    return quantize(sum(values, Decimal(0)) / len(values), rounding.total, rounding.decimals)


def zone_of(percentage: Decimal, zones: Zones) -> Zone:
    """The zone of a %; a value on a boundary belongs to the higher zone."""
    if percentage >= zones.high_from:
        return Zone.HIGH
    if percentage >= zones.medium_from:
        return Zone.MEDIUM
    return Zone.LOW


def activity_result(subcomponent: Subcomponent, activity: Activity, progress: Progress,
                    plan: Plan) -> ActivityResult:
    """One activity's result from its plan entry and its reported progress."""
    if progress.no_progress:
        measure, exact = Measure.NO_PROGRESS, Decimal(0)
    elif progress.percentage is not None:
        measure, exact = Measure.EVALUATOR, progress.percentage
    elif progress.achieved is not None and activity.annual_target is not None:
        measure, exact = Measure.RATIO, ratio(progress.achieved, activity.annual_target)
    else:
        raise ValueError(f"la actividad {activity.id} no tiene con qué calcular su avance")
    shown = published(exact, plan.rounding)
    return ActivityResult(subcomponent, activity, progress, measure, exact, shown,
                          zone_of(shown, plan.zones))


def compute_followup(plan: Plan, followup: FollowUp) -> ComplianceResult:
    """The follow-up's figures: every activity, each subcomponent and the component total.

    The plan and follow-up must have passed validation (`pac_cli.checks`); a missing link
    raises ValueError.
    """
    component = plan.component(followup.component)
    if component is None:
        raise ValueError(f"el plan no tiene el componente {followup.component}")
    reported = {p.activity_id: p for p in followup.progress}
    rounding = plan.rounding
    results: list[ActivityResult] = []
    for sub, activity in iter_activities(component):
        progress = reported.get(activity.id)
        if progress is None:
            raise ValueError(f"el seguimiento no reporta la actividad {activity.id}")
        results.append(activity_result(sub, activity, progress, plan))

    def basis(items: Sequence[ActivityResult]) -> list[Decimal]:
        if rounding.mean_of == "valores_exactos":
            return [min(a.exact, HUNDRED) for a in items]
        return [a.percentage for a in items]

    groups = []
    for sub in component.subcomponents:
        members = tuple(r for r in results if r.subcomponent is sub)
        pct = mean(basis(members), rounding)
        groups.append(GroupResult(sub, members, pct, zone_of(pct, plan.zones)))
    total = mean(basis(results), rounding)
    return ComplianceResult(plan, followup, component, tuple(groups), tuple(results), total,
                            zone_of(total, plan.zones), rounding, plan.zones)
