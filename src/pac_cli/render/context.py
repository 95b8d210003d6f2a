"""The one object every template receives: the engine's results, formatted for es-CO.

Templates format and place; they never compute. Everything numeric here comes from
`ComplianceResult`, turned into text by `pac_cli.fmt` (Babel), once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from babel.dates import format_time

from pac_cli import fmt
from pac_cli.engine import ActivityResult, ComplianceResult, GroupResult
from pac_cli.models import ChangeLogEntry, DocumentControl, Entity, Minutes
from pac_cli.render.output import Provenance
from pac_cli.report import cell


@dataclass(frozen=True)
class ActivityRow:
    """Una fila de la tabla de evaluación."""

    subcomponent: str
    number: str
    description: str
    product: str
    target: str
    """Meta anual as written in Colombia (`15.000`), or empty for a qualitative activity."""
    target_value: Decimal | None
    indicator: str
    responsible: str
    scheduled: str
    achieved: str
    achieved_value: Decimal | None
    progress: str
    """The acta's cell: `11.842/15.000 = 78,94 %`."""
    percentage: str
    """`78,94 %`."""
    value: Decimal
    """The published % as a number (78.94), for charts and spreadsheets."""
    zone: str
    colour: str
    capped: bool
    observations: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class GroupRow:
    """Un subcomponente con sus actividades y su subtotal."""

    number: int
    name: str
    activities: tuple[ActivityRow, ...]
    percentage: str
    value: Decimal
    zone: str
    colour: str


@dataclass(frozen=True)
class Policy:
    """The rounding and zone rules, for the sentence that explains the figures."""

    activity_mode: str
    total_mode: str
    decimals: int
    mean_of: str
    medium_from: str
    high_from: str


@dataclass(frozen=True)
class MinutesText:
    """The acta's data with its dates and times written out."""

    data: Minutes
    date: str
    """`14 de mayo de 2024`."""
    start: str
    end: str
    conclusions: str
    """The conclusions with `{total}` replaced by the computed total."""


@dataclass(frozen=True)
class DocumentContext:
    """Everything a document template can use."""

    entity: Entity
    form: DocumentControl | None
    form_date: str
    year: int
    plan_title: str
    component_number: int
    component_name: str
    cutoff: dt.date
    cutoff_text: str
    """`30 de abril de 2024`."""
    deadline_text: str
    minutes: MinutesText | None
    groups: tuple[GroupRow, ...]
    activities: tuple[ActivityRow, ...]
    total: str
    total_value: Decimal
    total_zone: str
    total_colour: str
    displayed_sum: str
    count: int
    policy: Policy
    provenance: Provenance
    change_log: tuple[ChangeLogEntry, ...]
    document_date: dt.date
    """The date the document carries (the acta's, else the cutoff's): never the clock."""


def _activity_row(result: ActivityResult, decimals: int) -> ActivityRow:
    activity, progress = result.activity, result.progress
    return ActivityRow(
        subcomponent=result.subcomponent.name,
        number=activity.id,
        description=activity.description,
        product=activity.product or "",
        target=fmt.number(activity.annual_target) if activity.annual_target is not None else "",
        target_value=activity.annual_target,
        indicator=activity.indicator or "",
        responsible="; ".join(activity.responsible),
        scheduled=activity.scheduled or "",
        achieved=fmt.number(result.achieved) if result.achieved is not None else "",
        achieved_value=result.achieved,
        progress=cell(result, decimals),
        percentage=fmt.percent(result.percentage, decimals),
        value=result.percentage,
        zone=result.zone.value,
        colour=result.zone.colour,
        capped=result.capped,
        observations=progress.observations or progress.justification or "",
        evidence=tuple(e.reference for e in progress.evidence),
    )


def _group_row(group: GroupResult, rows: dict[int, ActivityRow], decimals: int) -> GroupRow:
    return GroupRow(number=group.subcomponent.number, name=group.subcomponent.name,
                    activities=tuple(rows[id(a)] for a in group.activities),
                    percentage=fmt.percent(group.percentage, decimals),
                    value=group.percentage, zone=group.zone.value, colour=group.zone.colour)


def _time(value: dt.time) -> str:
    return format_time(value, "h:mm a", locale=fmt.LOCALE)


def policy_of(result: ComplianceResult) -> Policy:
    """The rules behind the figures, for the sentence of `textos.j2` that explains them."""
    return Policy(activity_mode=result.rounding.activity, total_mode=result.rounding.total,
                  decimals=result.rounding.decimals, mean_of=result.rounding.mean_of,
                  medium_from=fmt.number(result.zones.medium_from),
                  high_from=fmt.number(result.zones.high_from))


def build_context(result: ComplianceResult, entity: Entity, form: DocumentControl | None,
                  deadline: dt.date, source: Provenance) -> DocumentContext:
    """The template context for one follow-up's documents."""
    d = result.rounding.decimals
    rows = {id(a): _activity_row(a, d) for a in result.activities}
    total = fmt.percent(result.total, d)
    minutes = result.followup.minutes
    minutes_text = None
    if minutes is not None:
        minutes_text = MinutesText(
            data=minutes, date=fmt.long_date(minutes.date), start=_time(minutes.start),
            end=_time(minutes.end),
            conclusions=(minutes.conclusions or "").replace("{total}", total))
    plan = result.plan
    return DocumentContext(
        entity=entity,
        form=form,
        form_date=form.date.strftime("%Y/%m/%d") if form else "",
        year=plan.year,
        plan_title=plan.title or f"Plan Anticorrupción y de Atención al Ciudadano {plan.year}",
        component_number=result.component.number,
        component_name=result.component.name,
        cutoff=result.followup.cutoff,
        cutoff_text=fmt.long_date(result.followup.cutoff),
        deadline_text=fmt.long_date(deadline),
        minutes=minutes_text,
        groups=tuple(_group_row(g, rows, d) for g in result.groups),
        activities=tuple(rows[id(a)] for a in result.activities),
        total=total,
        total_value=result.total,
        total_zone=result.zone.value,
        total_colour=result.zone.colour,
        displayed_sum=fmt.number(result.displayed_sum),
        count=len(result.activities),
        policy=policy_of(result),
        provenance=source,
        change_log=tuple(plan.change_log),
        document_date=minutes.date if minutes is not None else result.followup.cutoff,
    )
