"""`pac followup` output: a cutoff's figures as a terminal table, JSON, CSV or Markdown.

Renderers only format: every figure comes from the engine, through `FollowupRun`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pac_cli import es_co
from pac_cli.commands.followup_run import FollowupRun, PlanPublication, PublicationState, Trend
from pac_cli.compute.engine import ComponentResult, Zone
from pac_cli.outputs.escaping import csv_cell, markdown
from pac_cli.outputs.texts import (
    arithmetic,
    cell,
    consolidation,
    policy_sentence,
    programme_note,
    record_sentence,
    schedule_cell,
    schedule_note,
    total_label,
)

ZONE_STYLE = {Zone.LOW: "bold white on red", Zone.MEDIUM: "bold black on yellow",
              Zone.HIGH: "bold white on green"}


def _plain(value: Any) -> str | None:
    return None if value is None else str(value)


EXACT_DECIMALS = 6
"""The exact percentage before the rule's rounding, to this many decimals (1/3 is
33.333333, never the 28 digits of Decimal's context)."""


def _exact(value: Decimal) -> str:
    quantized = value.quantize(Decimal(1).scaleb(-EXACT_DECIMALS), rounding=ROUND_HALF_UP)
    return format(quantized.normalize(), "f")


def _rows(component: ComponentResult, *, spanish_booleans: bool = False) -> list[dict[str, Any]]:
    """One plain row per activity, for JSON and CSV (whose yes/no is «sí»/«no», as a
    spreadsheet in Spanish shows it)."""
    return [{
        "componente": a.component.number,
        "subcomponente": a.subcomponent.name,
        "actividad": a.activity.id,
        "descripcion": a.activity.description,
        "meta_anual": _plain(a.activity.annual_target),
        "logro": _plain(a.achieved),
        "medida": a.measure.value,
        "porcentaje_exacto": _exact(a.exact),
        "porcentaje": _plain(a.percentage),
        "limitado_a_100": ("sí" if a.capped else "no") if spanish_booleans else a.capped,
        "zona": a.zone.value,
        "color": a.zone.colour,
        "esperado": _plain(a.expected),
        "ritmo": a.schedule.value if a.schedule is not None else None,
    } for a in component.activities]


def to_json(run: FollowupRun) -> str:
    result = run.result
    frame = run.rules.frame
    data = {
        "vigencia": result.plan.year,
        "marco": {"id": frame.id, "nombre": frame.name},
        "corte": result.cutoff.isoformat(),
        "plan": run.plan_doc.display,
        "seguimientos": [doc.display for doc in run.followup_docs],
        "plazo_publicacion": run.deadline.isoformat(),
        "documentos": [{
            "archivo": r.path, "tipo": r.kind, "numero": r.number,
            "fecha": _plain(r.date and r.date.isoformat()),
            "fecha_publicacion": _plain(r.published and r.published.isoformat()),
            "dentro_del_plazo": r.on_time, "componentes": list(r.components),
        } for r in run.records],
        "componentes": [{
            "numero": c.component.number,
            "nombre": c.component.name,
            "peso": str(c.weight),
            "actividades": _rows(c),
            "subcomponentes": [
                {"numero": g.subcomponent.number, "nombre": g.subcomponent.name,
                 "porcentaje": str(g.percentage), "zona": g.zone.value}
                for g in c.groups],
            "total": {"porcentaje": str(c.total), "zona": c.zone.value,
                      "suma_mostrada": str(c.displayed_sum),
                      "actividades": len(c.activities)},
        } for c in result.components],
        "total": {"porcentaje": str(result.total), "zona": result.zone.value,
                  "regla": run.rules.consolidation.rule, "ponderado": result.weighted,
                  "componentes": len(result.components),
                  "actividades": len(result.activities)},
        "programa": None if run.programme is None else {
            "vigencias": {"desde": run.programme.first, "hasta": run.programme.last},
            "por_vigencia": [{"vigencia": f.year,
                              "corte": _plain(f.cutoff and f.cutoff.isoformat()),
                              "porcentaje": _plain(f.total)} for f in run.programme.years],
            "promedio": _plain(run.programme.mean),
        },
        "politica": policy_sentence(result),
        "en_borrador": bool(run.draft),
        "motivos_borrador": [{"archivo": p.path, "linea": p.line, "mensaje": p.message}
                             for p in run.draft],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def draft_note(run: FollowupRun) -> str | None:
    """One sentence on why the cutoff is still a draft (the lines are in `pac render`)."""
    if not run.draft:
        return None
    pending = sum("por_actualizar" in p.message for p in run.draft)
    reasons = []
    if pending:
        reasons.append(f"{pending} actividad{'es' if pending != 1 else ''} "
                       f"«por_actualizar»")
    if len(run.draft) > pending:
        reasons.append("no tiene acta ni informe")
    return (f"EN BORRADOR ({'; '.join(reasons)}): estas cifras no son las de un seguimiento "
            "presentado, y pac render no lo publica como definitivo.")


def to_csv(run: FollowupRun) -> str:
    """One row per activity of every component; formula-like texts are quoted."""
    rows = [{key: csv_cell(value) for key, value in row.items()}
            for component in run.result.components
            for row in _rows(component, spanish_booleans=True)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_markdown(run: FollowupRun) -> str:
    result = run.result
    d = result.rounding.decimals
    single = len(result.components) == 1
    paced = any(a.schedule is not None for a in result.activities)
    title = markdown(es_co.to_the(result.plan.title or run.rules.frame.name))
    lines = [f"## Seguimiento {title} con corte al {es_co.long_date(result.cutoff)}", ""]
    note = draft_note(run)
    if note:
        lines += [f"> **{note}**", ""]
    for c in result.components:
        lines += [
            f"### Componente {c.component.number}: {markdown(c.component.name)}", "",
            f"Total del componente: **{es_co.figure(c.total)}** (zona {c.zone.value}) · "
            f"{arithmetic(c, d)}", "",
            "| Subcomponente | N° | Actividad | Meta anual | % Avance | Zona |"
            + (" Ritmo |" if paced else ""),
            "|---|---|---|---:|---:|---|" + ("---|" if paced else ""),
        ]
        extra = " |" if paced else ""
        for a in c.activities:
            target = es_co.number(a.activity.annual_target) if a.activity.annual_target else "—"
            lines.append(f"| {markdown(a.subcomponent.name)} | {a.activity.id} | "
                         f"{markdown(es_co.shorten(a.activity.description))} | {target} | "
                         f"{cell(a, d)} | {a.zone.value} |"
                         + (f" {schedule_cell(a)} |" if paced else ""))
        for g in c.groups:
            lines.append(f"| **{markdown(g.subcomponent.name)}** | | *subtotal* | | "
                         f"**{es_co.figure(g.percentage)}** | {g.zone.value} |{extra}")
        label = total_label(result) if single else f"TOTAL DEL COMPONENTE {c.component.number}"
        lines += [f"| **{label}** | | | | **{es_co.figure(c.total)}** | {c.zone.value} |"
                  f"{extra}", ""]
    if not single:
        lines += [f"**{total_label(result)}: {es_co.figure(result.total)}** (zona "
                  f"{result.zone.value})", ""]
    if not single or result.weighted:
        lines += [f"Consolidado: {consolidation(result)}", ""]
    note = programme_note(run)
    if note:
        lines += [note, ""]
    lines += [policy_sentence(result), "",
              f"Plazo de publicación: {es_co.long_date(run.deadline)}.", ""]
    lines += [f"- {markdown(record_sentence(r))}" for r in run.records]
    if paced:
        lines += ["", schedule_note(run)]
    lines.append("")
    return "\n".join(lines)


NARROW = 100
"""Below this many columns the % column gives the figure alone (`78,94 %`): the target and
the achievement are in their own columns, and every heading stays whole at 80."""


class _ComponentTable:
    """A component's table laid out for the terminal's width when it is printed."""

    def __init__(self, c: ComponentResult, d: int, total: str, paced: bool) -> None:
        self.args = (c, d, total, paced)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield _component_table(*self.args, narrow=options.max_width < NARROW)


def _component_table(c: ComponentResult, d: int, total: str, paced: bool, *,
                     narrow: bool = False) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"Componente {c.component.number}: {c.component.name}"),
                  show_lines=False, expand=False)
    # Each subcomponent is a row of its own, with its subtotal, above its activities: the
    # activity texts get the width, wrap and give way on a narrow terminal (they are whole
    # in the YAML and the documents); the figures never do.
    table.add_column("N°", no_wrap=True)
    table.add_column("Subcomponente / actividad", ratio=1, min_width=10)
    for heading in ("Meta anual", "Logro", "% Avance"):
        table.add_column(heading, justify="right", no_wrap=True)
    table.add_column("Zona", no_wrap=True)
    if paced:
        table.add_column("Ritmo", no_wrap=False, min_width=len("Ritmo"), max_width=24)
    blank = [""] if paced else []
    for g in c.groups:
        table.add_row(Text(str(g.subcomponent.number), style="bold"),
                      Text(g.subcomponent.name, style="bold"), "", "",
                      Text(es_co.figure(g.percentage), style="bold"),
                      Text(g.zone.value, style=ZONE_STYLE[g.zone]), *blank)
        for a in g.activities:
            target = a.activity.annual_target
            table.add_row(
                a.activity.id,
                Text("  " + es_co.shorten(a.activity.description, 60)),
                es_co.number(target) if target is not None else "—",
                es_co.number(a.achieved) if a.achieved is not None else "—",
                (cell(a, d).rpartition(" = ")[2] if narrow else cell(a, d))
                + (" *" if a.capped else ""),
                Text(a.zone.value, style=ZONE_STYLE[a.zone]),
                *([schedule_cell(a)] if paced else []),
            )
        table.add_section()
    table.add_row("", Text(total, style="bold"), "", "",
                  Text(es_co.figure(c.total), style="bold"),
                  Text(c.zone.value, style=ZONE_STYLE[c.zone]), *blank)
    return table


def to_table(run: FollowupRun) -> Any:
    """A rich renderable: each component's table, then the consolidated figure and notes."""
    from rich.console import Group
    from rich.text import Text

    result = run.result
    d = result.rounding.decimals
    title = es_co.to_the(result.plan.title or run.rules.frame.name)
    parts: list[Any] = [Text(f"Seguimiento {title} · corte {es_co.long_date(result.cutoff)}",
                             style="bold")]
    note = draft_note(run)
    if note:
        parts.append(Text(note, style="bold yellow"))
    single = len(result.components) == 1
    paced = any(a.schedule is not None for a in result.activities)
    parts += [_ComponentTable(c, d, total_label(result) if single
                              else f"TOTAL DEL COMPONENTE {c.component.number}", paced)
              for c in result.components]
    if not single:
        total = Text(f"{total_label(result)}: ", style="bold")
        total.append(es_co.figure(result.total), style="bold")
        total.append(" ")
        total.append(f"zona {result.zone.value}", style=ZONE_STYLE[result.zone])
        parts.append(total)
    files = ", ".join(doc.display for doc in run.followup_docs)
    notes = [f"Plan: {run.plan_doc.display} (marco {run.rules.frame.id}) · "
             f"Seguimiento{'s' if len(run.followup_docs) > 1 else ''}: {files}"]
    notes += [f"Componente {c.component.number}: {arithmetic(c, d)}"
              for c in result.components]
    if len(result.components) > 1 or result.weighted:
        notes.append(f"Consolidado: {consolidation(result)}")
    programme = programme_note(run)
    if programme:
        notes.append(programme)
    notes += [policy_sentence(result), f"Plazo de publicación: {es_co.long_date(run.deadline)}."]
    notes += [record_sentence(r) for r in run.records]
    if any(a.capped for a in result.activities):
        notes.append("* logro mayor que la meta anual: el avance se limita a 100 %.")
    if paced:
        notes.append(schedule_note(run))
    return Group(*parts, *(Text(n) for n in notes))


# --- pac status: a vigencia cutoff by cutoff -------------------------------------------


def _short_date(day: dt.date) -> str:
    return es_co.day_month(day)


def _cutoff_head(trend: Trend, day: dt.date) -> str:
    """The cutoff's column: `30 de abril`, or `31 de diciembre (en borrador)` while its
    follow-up is a draft (never shown as presented)."""
    return _short_date(day) + (" (en borrador)" if day in trend.drafts else "")


def _trend_mark(values: list[Decimal | None], decimals: int) -> str:
    """↑ +12,50 / = / ↓ −3,00 between the last two cutoffs that have a value."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    change = known[-1] - known[-2]
    if change == 0:
        return "="
    arrow, sign = ("↑", "+") if change > 0 else ("↓", "−")
    return f"{arrow} {sign}{es_co.fixed(abs(change), decimals)}"


def _status_rows(trend: Trend) -> tuple[list[tuple[str, str, list[Decimal | None]]],
                                        list[tuple[str, list[Decimal | None]]],
                                        list[Decimal]]:
    """(label, description, % per cutoff) per activity; (component, totals); consolidated."""
    results = trend.results
    several = any(len(r.components) > 1 for r in results)
    order: dict[tuple[int, str], str] = {}
    for r in results:
        for a in r.activities:
            order.setdefault((a.component.number, a.activity.id), a.activity.description)
    values = {(r.cutoff, a.component.number, a.activity.id): a.percentage
              for r in results for a in r.activities}
    activities = [(f"{n}·{i}" if several else i, text,
                   [values.get((r.cutoff, n, i)) for r in results])
                  for (n, i), text in order.items()]
    numbers = list(dict.fromkeys(c.component.number for r in results for c in r.components))
    totals = {(r.cutoff, c.component.number): c.total for r in results for c in r.components}
    components = [(f"Componente {n}", [totals.get((r.cutoff, n)) for r in results])
                  for n in numbers]
    return activities, components, [r.total for r in results]


def publication_sentence(p: PlanPublication) -> str:
    """Whether the plan was published by its deadline, as the status and calendar say it."""
    assert p.rules.frame.plan_publication is not None
    rule = (f"Publicación del plan: a más tardar el {es_co.long_date(p.deadline)} "
            f"({p.rules.frame.plan_publication.basis})")
    if p.published is None:
        return f"{rule}: {p.state.value}."
    return f"{rule}: publicado el {es_co.long_date(p.published)}, " \
           f"{'a tiempo' if p.state is PublicationState.ON_TIME else 'tarde'}."


def status_json(trends: Sequence[Trend]) -> str:
    data = []
    for trend in trends:
        activities, components, totals = _status_rows(trend)
        cutoffs = [r.cutoff.isoformat() for r in trend.results]
        data.append({
            "plan": trend.plan_doc.display,
            "marco": trend.rules.frame.id,
            "cortes": cutoffs,
            "en_borrador": sorted(day.isoformat() for day in trend.drafts),
            "actividades": [{"actividad": label, "descripcion": text,
                             "porcentajes": dict(zip(cutoffs, map(_plain, values),
                                                     strict=True))}
                            for label, text, values in activities],
            "componentes": [{"componente": label,
                             "totales": dict(zip(cutoffs, map(_plain, values), strict=True))}
                            for label, values in components],
            "consolidado": dict(zip(cutoffs, map(_plain, totals), strict=True)),
            "publicacion_plan": None if trend.publication is None else {
                "plazo": trend.publication.deadline.isoformat(),
                "publicado": _plain(trend.publication.published
                                    and trend.publication.published.isoformat()),
                "estado": trend.publication.state.value},
        })
    return json.dumps({"planes": data}, ensure_ascii=False, indent=2)


def status_markdown(trends: Sequence[Trend]) -> str:
    lines = []
    for trend in trends:
        d = trend.rules.rounding.decimals
        activities, components, totals = _status_rows(trend)
        heads = [_cutoff_head(trend, r.cutoff) for r in trend.results]
        lines += [f"## {trend.plan_doc.display} ({trend.rules.frame.id}): avance por corte", "",
                  "| Actividad | " + " | ".join(heads) + " | Tendencia (puntos) |",
                  "|---|" + "---:|" * len(heads) + "---|"]

        def cells(values: list[Decimal | None], d: int = d) -> str:
            return " | ".join("—" if v is None else es_co.figure(v) for v in values)

        for label, text, values in activities:
            lines.append(f"| {label} {markdown(es_co.shorten(text, 45))} | {cells(values)} | "
                         f"{_trend_mark(values, d)} |")
        for label, values in components:
            lines.append(f"| **{label}** | {cells(values)} | {_trend_mark(values, d)} |")
        consolidated: list[Decimal | None] = list(totals)
        if len(components) > 1:
            lines.append(f"| **Consolidado** | {cells(consolidated)} | "
                         f"{_trend_mark(consolidated, d)} |")
        lines.append("")
        if trend.publication is not None:
            lines += [publication_sentence(trend.publication), ""]
    return "\n".join(lines)


def status_table(trends: Sequence[Trend]) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    tables: list[Any] = []
    for trend in trends:
        d = trend.rules.rounding.decimals
        activities, components, totals = _status_rows(trend)
        table = Table(title=Text(f"{trend.plan_doc.display} ({trend.rules.frame.id}): avance "
                                 "acumulado en cada corte"))
        table.add_column("N°", no_wrap=True)
        table.add_column("Actividad", ratio=1, min_width=10)
        for r in trend.results:
            table.add_column(_cutoff_head(trend, r.cutoff), justify="right")
        table.add_column("Tendencia (puntos)", no_wrap=True)

        def cells(values: list[Decimal | None], d: int = d) -> list[str]:
            return ["—" if v is None else es_co.figure(v) for v in values]

        for label, text, values in activities:
            table.add_row(label, Text(es_co.shorten(text, 60)), *cells(values),
                          _trend_mark(values, d))
        table.add_section()
        for label, values in components:
            table.add_row("", Text(label, style="bold"), *cells(values), _trend_mark(values, d))
        consolidated: list[Decimal | None] = list(totals)
        if len(components) > 1:
            table.add_row("", Text("Consolidado del plan", style="bold"), *cells(consolidated),
                          _trend_mark(consolidated, d))
        tables.append(table)
        if trend.publication is not None:
            tables.append(Text(publication_sentence(trend.publication)))
    note = Text("Cada corte es acumulado desde el 1 de enero; la tendencia compara los dos "
                "últimos cortes.")
    return Group(*tables, note)
