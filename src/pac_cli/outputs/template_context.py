"""The one object every template receives: a cutoff's results, formatted for es-CO.

Templates format and place; they never compute. Everything numeric here comes from the
engine's `ComplianceResult` (through the commands' `FollowupRun`), turned into text by
`pac_cli.es_co` (Babel), once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pac_cli import es_co
from pac_cli.commands.followup_run import FollowupRun, Provenance, Record
from pac_cli.compute.engine import ActivityResult, ComponentResult, GroupResult, Measure
from pac_cli.models.followup import Evidence, Minutes, Report
from pac_cli.models.plan import ChangeLogEntry
from pac_cli.models.project_config import DocumentControl, Entity
from pac_cli.outputs.risk_context import RiskSection, risk_section
from pac_cli.outputs.texts import (
    Policy,
    arithmetic,
    cell,
    consolidation,
    policy_of,
    programme_note,
    record_sentence,
    schedule_cell,
    schedule_note,
    total_label,
)


@dataclass(frozen=True)
class ActivityRow:
    """Una fila de la tabla de evaluación."""

    component: int
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
    """The acta's cell: `11.842/15.000 = 78,94 %`, or `50,00 % (asignado)`."""
    percentage: str
    """`78,94 %`."""
    value: Decimal
    """The published % as a number (78.94), for charts and spreadsheets."""
    measure: str
    """'logro/meta', 'porcentaje asignado' or 'sin avance'."""
    assigned: bool
    """Whether the evaluator set the % (with the justification in `observations`)."""
    zone: str
    colour: str
    capped: bool
    observations: str
    evidence: tuple[EvidenceItem, ...]
    """The evidence Control Interno cited, listed under the observations."""
    schedule: str
    """`atrasada (esperado 17)` for an activity with a rhythm or milestones, else empty."""
    last_of_component: bool = False
    """The last row before its component's TOTAL: kept on the same page with it."""


KINDS = {"enlace": "Enlace", "memorando": "Memorando", "circular": "Circular",
         "correo": "Correo", "documento": "Documento", "otro": "Evidencia"}


@dataclass(frozen=True)
class EvidenceItem:
    """One evidence as a document lists it: «Memorando 010505 (14 de marzo de 2024):
    Capacitación…»; a reference that is an http(s) address is a link (`href`)."""

    kind: str
    reference: str
    href: str | None
    details: str
    """« (14 de marzo de 2024): Capacitación…», or empty."""

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}{self.details}"


def web_address(text: str) -> bool:
    """Whether a text from the data may be a link: an http(s) address, nothing else (no
    «javascript:», no file)."""
    return text.startswith(("https://", "http://")) and not any(c.isspace() for c in text)


def evidence_item(evidence: Evidence) -> EvidenceItem:
    date = f" ({es_co.long_date(evidence.date)})" if evidence.date else ""
    text = f": {evidence.description}" if evidence.description else ""
    reference = evidence.reference.strip()
    return EvidenceItem(KINDS[evidence.kind], reference,
                        reference if web_address(reference) else None, date + text)


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
class ComponentBlock:
    """Un componente del plan con sus subcomponentes, actividades y total."""

    number: int
    name: str
    short_name: str
    groups: tuple[GroupRow, ...]
    activities: tuple[ActivityRow, ...]
    total: str
    total_value: Decimal
    zone: str
    colour: str
    arithmetic: str
    """`438,83 / 13 = 33,76 %`."""
    count: int
    weight: str


@dataclass(frozen=True)
class TrendRow:
    """One cutoff of the vigencia up to the document's: the consolidated figure and each
    component's total."""

    cutoff: dt.date
    cutoff_text: str
    total: str
    value: Decimal
    zone: str
    components: tuple[tuple[int, str, Decimal], ...]
    """(component, `33,76 %`, 33.76)."""


@dataclass(frozen=True)
class MinutesText:
    """The acta's data with its dates and times written out, and its texts with `{total}`,
    `{corte}` and `{numero}` replaced by the computed total, the cutoff and the acta's
    number: written from the data, they cannot go stale when an acta is copied."""

    data: Minutes
    date: str
    """`14 de mayo de 2024`."""
    start: str
    end: str
    objective: str
    agenda: tuple[str, ...]
    introduction: tuple[str, ...]
    methodology: tuple[str, ...]
    conclusions: str
    recommendations: tuple[str, ...]
    closing: str


@dataclass(frozen=True)
class ReportText:
    """The informe's data with its dates written out."""

    data: Report
    date: str


@dataclass(frozen=True)
class RecordText:
    """One document of the cutoff and its publication check, in a sentence."""

    data: Record
    sentence: str


@dataclass(frozen=True)
class DocumentContext:
    """Everything a document template can use."""

    entity: Entity
    form: DocumentControl | None
    form_date: str
    year: int
    plan_title: str
    frame_id: str
    frame_name: str
    cutoff: dt.date
    cutoff_text: str
    """`30 de abril de 2024`."""
    deadline_text: str
    minutes: MinutesText | None
    """The acta, when the follow-ups of the cutoff have exactly one."""
    report: ReportText | None
    """The informe, when the follow-ups of the cutoff have exactly one."""
    records: tuple[RecordText, ...]
    components: tuple[ComponentBlock, ...]
    activities: tuple[ActivityRow, ...]
    """Every activity of every component, in order."""
    single: bool
    """One component: its total is the document's total."""
    total: str
    """The consolidated figure (a lone component's total)."""
    total_value: Decimal
    total_zone: str
    total_colour: str
    total_label: str
    """`TOTAL CUMPLIMIENTO AL 30 DE ABRIL DE 2024` or `CONSOLIDADO DEL PLAN AL …`."""
    consolidation: str
    """The consolidated figure's arithmetic, for the line beside it."""
    count: int
    paced: bool
    """Whether some activity has a rhythm: the informe then shows the «Ritmo» column."""
    schedule_note: str
    programme_note: str | None
    """Each vigencia's figure of a programme of several, beside this one's (else None)."""
    policy: Policy
    provenance: Provenance
    change_log: tuple[ChangeLogEntry, ...]
    trend: tuple[TrendRow, ...]
    """The cutoffs of the vigencia up to this one, when there is more than one."""
    document_date: dt.date
    """The date the document carries (the acta's or informe's, else the cutoff's)."""
    draft: bool = False
    """Made with --borrador: every page, the title and the properties say `draft_mark`."""
    draft_mark: str = "BORRADOR — no publicar"
    risks: RiskSection | None = None
    """«Seguimiento al mapa de riesgos de corrupción», when the cutoff follows the map."""

    @property
    def keywords(self) -> str:
        """The sources' hashes, for the document properties (255 characters at most)."""
        prov = self.provenance
        text = " ".join([f"plan-sha256={prov.plan.sha256}",
                         *(f"seguimiento-sha256={s.sha256}" for s in prov.followups),
                         *([f"mapa-sha256={prov.risk_map.sha256}"] if prov.risk_map else []),
                         *([f"commit={prov.commit}"] if prov.commit else [])])
        return text[:255]


def _pct(value: Decimal, decimals: int | None = None) -> str:
    """A percentage as a document prints it: `78,94 %`, the «%» tied to its figure; with
    the decimals the engine rounded it to, unless told."""
    return es_co.tie(es_co.percent(value, es_co.places(value) if decimals is None
                                   else decimals))


def _minutes_text(minutes: Minutes, total: str, cutoff: dt.date) -> MinutesText:
    values = {"{total}": total, "{corte}": es_co.long_date(cutoff), "{numero}": minutes.number}

    def filled(text: str | None) -> str:
        out = text or ""
        for key, value in values.items():
            out = out.replace(key, value)
        return es_co.tie(out)

    return MinutesText(
        data=minutes, date=es_co.long_date(minutes.date), start=_time(minutes.start),
        end=_time(minutes.end), objective=filled(minutes.objective),
        agenda=tuple(map(filled, minutes.agenda)),
        introduction=tuple(map(filled, minutes.introduction)),
        methodology=tuple(map(filled, minutes.methodology)),
        conclusions=filled(minutes.conclusions),
        recommendations=tuple(map(filled, minutes.recommendations)),
        closing=filled(minutes.closing))


def _activity_row(result: ActivityResult, decimals: int) -> ActivityRow:
    activity, progress = result.activity, result.progress
    return ActivityRow(
        component=result.component.number,
        subcomponent=result.subcomponent.name,
        number=activity.id,
        description=activity.description,
        product=activity.product or "",
        target=es_co.number(activity.annual_target) if activity.annual_target is not None else "",
        target_value=activity.annual_target,
        indicator=activity.indicator or "",
        responsible="; ".join(activity.responsible),
        scheduled=activity.scheduled or "",
        achieved=es_co.number(result.achieved) if result.achieved is not None else "",
        achieved_value=result.achieved,
        progress=es_co.tie(cell(result, decimals)),
        percentage=_pct(result.percentage, decimals),
        value=result.percentage,
        measure=result.measure.value,
        assigned=result.measure is Measure.EVALUATOR,
        zone=result.zone.value,
        colour=result.zone.colour,
        capped=result.capped,
        observations=progress.observations or progress.justification or "",
        evidence=tuple(map(evidence_item, progress.evidence)),
        schedule=schedule_cell(result),
    )


def _group_row(group: GroupResult, rows: dict[int, ActivityRow], decimals: int) -> GroupRow:
    return GroupRow(number=group.subcomponent.number, name=group.subcomponent.name,
                    activities=tuple(rows[id(a)] for a in group.activities),
                    percentage=_pct(group.percentage),
                    value=group.percentage, zone=group.zone.value, colour=group.zone.colour)


def _component_block(component: ComponentResult, run: FollowupRun,
                     rows: dict[int, ActivityRow], decimals: int) -> ComponentBlock:
    listed = run.rules.frame.component(component.component.number)
    return ComponentBlock(
        number=component.component.number, name=component.component.name,
        short_name=listed.short_name if listed is not None else component.component.name,
        groups=tuple(_group_row(g, rows, decimals) for g in component.groups),
        activities=tuple(rows[id(a)] for a in component.activities),
        total=_pct(component.total),
        total_value=component.total,
        zone=component.zone.value, colour=component.zone.colour,
        arithmetic=es_co.tie(arithmetic(component, decimals)),
        count=len(component.activities),
        weight=es_co.number(component.weight))


def _time(value: dt.time) -> str:
    """`8:00 am`, as the seed acta writes the hour (Babel's es-CO would say «8:00 a. m.»)."""
    return f"{value.hour % 12 or 12}:{value.minute:02d} {'am' if value.hour < 12 else 'pm'}"


def build_context(run: FollowupRun, entity: Entity, form: DocumentControl | None,
                  source: Provenance, *, draft: bool = False) -> DocumentContext:
    """The template context for the documents of one cutoff."""
    result = run.result
    d = result.rounding.decimals
    rows = {id(a): _activity_row(a, d) for a in result.activities}
    for component in result.components:  # a component's TOTAL row stays with its last row
        last = component.activities[-1]
        rows[id(last)] = dataclasses.replace(rows[id(last)], last_of_component=True)
    total = _pct(result.total)
    actas = [f.minutes for f in result.followups if f.minutes is not None]
    informes = [f.report for f in result.followups if f.report is not None]
    minutes_text = _minutes_text(actas[0], total, result.cutoff) if len(actas) == 1 else None
    report_text = None
    if len(informes) == 1:
        report_text = ReportText(data=informes[0], date=es_co.long_date(informes[0].date))
    dates = [r.date for r in run.records if r.date is not None]
    single = len(result.components) == 1
    plan = result.plan
    frame = run.rules.frame
    return DocumentContext(
        entity=entity,
        form=form,
        form_date=form.date.strftime("%Y/%m/%d") if form and form.date else "",
        year=plan.year,
        plan_title=plan.title or f"{frame.name} {plan.year}",
        frame_id=frame.id,
        frame_name=frame.name,
        cutoff=result.cutoff,
        cutoff_text=es_co.long_date(result.cutoff),
        deadline_text=es_co.long_date(run.deadline),
        minutes=minutes_text,
        report=report_text,
        records=tuple(RecordText(r, record_sentence(r)) for r in run.records),
        components=tuple(_component_block(c, run, rows, d) for c in result.components),
        activities=tuple(rows[id(a)] for a in result.activities),
        single=single,
        total=total,
        total_value=result.total,
        total_zone=result.zone.value,
        total_colour=result.zone.colour,
        total_label=total_label(result),
        consolidation=es_co.tie(consolidation(result)),
        count=len(result.activities),
        paced=any(a.schedule is not None for a in result.activities),
        schedule_note=schedule_note(run),
        programme_note=es_co.tie(note) if (note := programme_note(run)) else None,
        policy=policy_of(result),
        provenance=source,
        change_log=tuple(plan.change_log),
        trend=tuple(TrendRow(
            r.cutoff, es_co.long_date(r.cutoff), _pct(r.total), r.total,
            r.zone.value,
            tuple((c.component.number, _pct(c.total), c.total)
                  for c in r.components))
            for r in run.history) if len(run.history) > 1 else (),
        document_date=max(dates) if dates else result.cutoff,
        draft=draft,
        risks=risk_section(run.risks.run, run.risks.result) if run.risks else None,
    )
