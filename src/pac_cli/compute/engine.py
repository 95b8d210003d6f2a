"""The compliance engine: each activity's % of progress, each component's total and the
consolidated figure of the plan.

Pure functions over validated models, with Decimal arithmetic and explicit rules
(`Rules`: the plan's frame with the plan's own settings over it). The default policy
reproduces the official acta: each activity's % is truncated to two decimals, and a
component's total is the mean of those displayed values rounded half-up (11.842/15.000 →
78,94 %; 438,83 / 13 → 33,76 %). The consolidated figure follows the frame's rule (mean of
the component totals, or of all activities, weighted when weights are given). No I/O, no
printing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum

from pac_cli.compute.schedule import ScheduleStatus, expected_at, status
from pac_cli.models.followup import FollowUp, Progress, Section
from pac_cli.models.frame import Rounding, Zones
from pac_cli.models.plan import Activity, Component, Plan, Rules, Subcomponent, iter_activities

HUNDRED = Decimal(100)
ONE = Decimal(1)
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

    component: Component
    subcomponent: Subcomponent
    activity: Activity
    progress: Progress
    measure: Measure
    exact: Decimal
    """achieved / target × 100 before capping and rounding (or the evaluator's %)."""
    percentage: Decimal
    """The published figure: capped at 100 and rounded by the policy."""
    zone: Zone
    expected: Decimal | None = None
    """What the activity should have achieved by the cutoff at its rhythm or milestones."""
    schedule: ScheduleStatus | None = None
    """Ahead, on time or behind that expectation: shown beside the %, never instead."""

    @property
    def capped(self) -> bool:
        return self.exact > HUNDRED

    @property
    def weight(self) -> Decimal:
        return self.activity.weight or ONE

    @property
    def achieved(self) -> Decimal | None:
        if self.measure is Measure.NO_PROGRESS and self.activity.annual_target is not None:
            return Decimal(0)
        return self.progress.achieved


@dataclass(frozen=True)
class GroupResult:
    """% de un subcomponente (media de sus actividades, o las cumplidas ÷ todas)."""

    subcomponent: Subcomponent
    activities: tuple[ActivityResult, ...]
    percentage: Decimal
    zone: Zone


@dataclass(frozen=True)
class ComponentResult:
    """El resultado de un componente al corte: sus actividades, subcomponentes y total."""

    component: Component
    followup: FollowUp
    """The follow-up file that reported this component."""
    groups: tuple[GroupResult, ...]
    activities: tuple[ActivityResult, ...]
    total: Decimal
    basis: Decimal
    """What the consolidated figure averages for this component: its total, or its exact
    value when the consolidated level averages exact values."""
    zone: Zone
    exact: Decimal
    """Its value before rounding: the mean of its activities, or those at 100 % ÷ all."""
    done: int | None = None
    """With the count rule («actividades_cumplidas»): how many activities are at 100 %."""

    @property
    def displayed_sum(self) -> Decimal:
        return sum((a.percentage for a in self.activities), Decimal(0))

    @property
    def weight(self) -> Decimal:
        return self.component.weight or ONE


@dataclass(frozen=True)
class ComplianceResult:
    """El resultado del seguimiento al corte: cada componente y el consolidado del plan."""

    plan: Plan
    rules: Rules
    cutoff: dt.date
    components: tuple[ComponentResult, ...]
    total: Decimal
    """The consolidated figure (with one component, that component's total)."""
    zone: Zone
    weighted: bool
    """Whether the consolidation used weights other than 1."""

    @property
    def activities(self) -> tuple[ActivityResult, ...]:
        return tuple(a for c in self.components for a in c.activities)

    @property
    def followups(self) -> tuple[FollowUp, ...]:
        """The follow-up files, in the order of the components they report."""
        return tuple({id(c.followup): c.followup for c in self.components}.values())

    @property
    def rounding(self) -> Rounding:
        return self.rules.rounding

    @property
    def zones(self) -> Zones:
        return self.rules.zones

    def by_measure(self, measure: Measure) -> tuple[ActivityResult, ...]:
        return tuple(a for a in self.activities if a.measure is measure)


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


def activity_result(component: Component, subcomponent: Subcomponent, activity: Activity,
                    progress: Progress, rules: Rules,
                    cutoff: dt.date | None = None) -> ActivityResult:
    """One activity's result from its plan entry and its reported progress."""
    if progress.no_progress:
        measure, exact = Measure.NO_PROGRESS, Decimal(0)
    elif progress.percentage is not None:
        measure, exact = Measure.EVALUATOR, progress.percentage
    elif progress.achieved is not None and activity.annual_target is not None:
        measure, exact = Measure.RATIO, ratio(progress.achieved, activity.annual_target)
    else:
        raise ValueError(f"la actividad {activity.id} no tiene con qué calcular su avance")
    shown = published(exact, rules.rounding)
    expected = expected_at(activity, cutoff) if cutoff is not None else None
    on_schedule = None
    if expected is not None and activity.annual_target is not None:
        achieved = progress.achieved if progress.achieved is not None else Decimal(0)
        on_schedule = status(achieved, expected, activity.annual_target,
                             rules.schedule.schedule_tolerance)
    return ActivityResult(component, subcomponent, activity, progress, measure, exact, shown,
                          zone_of(shown, rules.zones), expected, on_schedule)


def weighted_mean(terms: Sequence[tuple[Decimal, Decimal]], mode: str,
                  decimals: int) -> Decimal:
    """sum(weight × value) / sum(weight), rounded with the consolidated level's mode."""
    if not terms:
        raise ValueError("no hay valores para promediar")
    total_weight = sum((w for _, w in terms), Decimal(0))
    value = sum((v * w for v, w in terms), Decimal(0)) / total_weight
    return quantize(value, mode, decimals)


def _basis(items: Sequence[ActivityResult], mean_of: str) -> list[Decimal]:
    """The values a mean is taken of: the displayed % (as the acta) or the exact ones."""
    if mean_of == "valores_exactos":
        return [min(a.exact, HUNDRED) for a in items]
    return [a.percentage for a in items]


def aggregate(items: Sequence[ActivityResult], rules: Rules) -> tuple[Decimal, Decimal,
                                                                      int | None]:
    """A component's (or subcomponent's) figure: its exact value, the value shown (rounded
    with the component level's mode and decimals) and, with the count rule, how many of its
    activities are at 100 %. By default the mean of its activities' % (shown or exact);
    with «actividades_cumplidas», those at 100 % ÷ all of them × 100."""
    if not items:
        raise ValueError("no hay actividades para promediar")
    mode, decimals, mean_of = rules.rounding.level("componente")
    done = None
    if rules.consolidation.component_rule == "actividades_cumplidas":
        done = sum(1 for a in items if a.percentage >= HUNDRED)
        exact = Decimal(done) * HUNDRED / len(items)
    else:
        values = _basis(items, mean_of)
        exact = sum(values, Decimal(0)) / len(values)
    return exact, quantize(exact, mode, decimals), done


def component_result(plan: Plan, component: Component, followup: FollowUp,
                     section: Section, rules: Rules) -> ComponentResult:
    """One component's figures from the section of a follow-up that reports it."""
    reported = {p.activity_id: p for p in section.progress}
    rounding = rules.rounding
    results: list[ActivityResult] = []
    for sub, activity in iter_activities(component):
        progress = reported.get(activity.id)
        if progress is None:
            raise ValueError(f"el seguimiento no reporta la actividad {activity.id} del "
                             f"componente {component.number}")
        results.append(activity_result(component, sub, activity, progress, rules,
                                       followup.cutoff))
    groups = []
    for sub in component.subcomponents:
        members = tuple(r for r in results if r.subcomponent is sub)
        _, pct, _ = aggregate(members, rules)
        groups.append(GroupResult(sub, members, pct, zone_of(pct, rules.zones)))
    exact, total, done = aggregate(results, rules)
    # the consolidated figure averages the shown totals, or the exact values
    basis = exact if rounding.level("consolidado")[2] == "valores_exactos" else total
    return ComponentResult(component, followup, tuple(groups), tuple(results), total, basis,
                           zone_of(total, rules.zones), exact, done)


def compute_followup(plan: Plan, followups: FollowUp | Sequence[FollowUp], rules: Rules,
                     component: int | None = None) -> ComplianceResult:
    """The figures of a cutoff: every component the follow-ups report, and the consolidated
    total by the rules' consolidation rule.

    The follow-ups of one cutoff may be one file or several; together they must report
    every component of the plan once (or `component`, when given). The data must have
    passed validation (`pac_cli.checks.file_set`); a missing link raises ValueError.
    """
    files = [followups] if isinstance(followups, FollowUp) else list(followups)
    if not files:
        raise ValueError("no hay seguimientos")
    sections: dict[int, tuple[FollowUp, Section]] = {}
    for followup in files:
        for section in followup.sections():
            if component is not None and section.component != component:
                continue
            if section.component in sections:
                raise ValueError(f"el componente {section.component} se reporta dos veces")
            sections[section.component] = (followup, section)
    wanted = [plan.component(component)] if component is not None else plan.components
    if any(c is None for c in wanted):
        raise ValueError(f"el plan no tiene el componente {component}")
    results = []
    for comp in (c for c in wanted if c is not None):
        if comp.number not in sections:
            raise ValueError(f"ningún seguimiento reporta el componente {comp.number}")
        followup, section = sections[comp.number]
        results.append(component_result(plan, comp, followup, section, rules))
    if len(sections) > len(results):
        extra = sorted(set(sections) - {r.component.number for r in results})
        raise ValueError(f"el plan no tiene el componente {extra[0]}")
    mode, decimals, mean_of = rules.rounding.level("consolidado")
    if rules.consolidation.rule == "promedio_actividades":
        activities = [a for r in results for a in r.activities]
        terms = list(zip(_basis(activities, mean_of), (a.weight for a in activities),
                         strict=True))
    else:
        terms = [(r.basis, r.weight) for r in results]
    total = weighted_mean(terms, mode, decimals)
    weighted = any(w != ONE for _, w in terms)
    return ComplianceResult(plan, rules, files[0].cutoff, tuple(results), total,
                            zone_of(total, rules.zones), weighted)
