"""`pac followup` output: the engine's results as a terminal table, JSON, CSV or Markdown.

Renderers only format: every figure comes from `ComplianceResult`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from pac_cli import fmt
from pac_cli.engine import ActivityResult, ComplianceResult, Measure, Zone

ZONE_STYLE = {Zone.LOW: "bold white on red", Zone.MEDIUM: "bold black on yellow",
              Zone.HIGH: "bold white on green"}


@dataclass(frozen=True)
class Context:
    """What the report says beside the figures: files, deadline, dates."""

    plan_path: str
    followup_path: str
    deadline: dt.date


def cell(result: ActivityResult, decimals: int) -> str:
    """The % column as the acta writes it: `11.842/15.000 = 78,94 %` (or just the %)."""
    target = result.activity.annual_target
    achieved = result.achieved
    if result.measure is not Measure.EVALUATOR and target is not None and achieved is not None:
        return fmt.fraction(achieved, target, result.percentage, decimals)
    return fmt.percent(result.percentage, decimals)


def shorten(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def policy_sentence(result: ComplianceResult) -> str:
    """How the figures were computed, in the one sentence the documents also use."""
    from pac_cli.render.context import policy_of
    from pac_cli.render.env import text_macro

    return text_macro("politica", policy_of(result))


def as_rows(result: ComplianceResult) -> list[dict[str, Any]]:
    """One plain row per activity, for JSON and CSV."""
    rows = []
    for a in result.activities:
        rows.append({
            "subcomponente": a.subcomponent.name,
            "actividad": a.activity.id,
            "descripcion": a.activity.description,
            "meta_anual": _plain(a.activity.annual_target),
            "logro": _plain(a.achieved),
            "medida": a.measure.value,
            "porcentaje_exacto": _plain(a.exact),
            "porcentaje": _plain(a.percentage),
            "limitado_a_100": a.capped,
            "zona": a.zone.value,
            "color": a.zone.colour,
        })
    return rows


def _plain(value: Any) -> str | None:
    return None if value is None else str(value)


def to_json(result: ComplianceResult, ctx: Context) -> str:
    data = {
        "vigencia": result.plan.year,
        "componente": {"numero": result.component.number, "nombre": result.component.name},
        "corte": result.followup.cutoff.isoformat(),
        "plan": ctx.plan_path,
        "seguimiento": ctx.followup_path,
        "plazo_publicacion": ctx.deadline.isoformat(),
        "actividades": as_rows(result),
        "subcomponentes": [
            {"numero": g.subcomponent.number, "nombre": g.subcomponent.name,
             "porcentaje": str(g.percentage), "zona": g.zone.value}
            for g in result.groups
        ],
        "total": {"porcentaje": str(result.total), "zona": result.zone.value,
                  "suma_mostrada": str(result.displayed_sum),
                  "actividades": len(result.activities)},
        "politica": policy_sentence(result),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _inert(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading quote (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(result: ComplianceResult) -> str:
    """One row per activity; texts that a spreadsheet would take for formulas are quoted."""
    rows = [{key: _inert(value) if key in {"subcomponente", "descripcion"} else value
             for key, value in row.items()} for row in as_rows(result)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell (pipes, line breaks, HTML)."""
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def to_markdown(result: ComplianceResult, ctx: Context) -> str:
    d = result.rounding.decimals
    lines = [
        f"## Seguimiento al componente {result.component.number}: {result.component.name}",
        "",
        f"Corte: **{fmt.long_date(result.followup.cutoff)}** · Vigencia {result.plan.year} · "
        f"Total: **{fmt.percent(result.total, d)}** (zona {result.zone.value})",
        "",
        "| Subcomponente | N° | Actividad | Meta anual | % Avance | Zona |",
        "|---|---|---|---:|---:|---|",
    ]
    for a in result.activities:
        target = fmt.number(a.activity.annual_target) if a.activity.annual_target else "—"
        lines.append(f"| {md_cell(a.subcomponent.name)} | {a.activity.id} | "
                     f"{md_cell(shorten(a.activity.description))} | {target} | "
                     f"{cell(a, d)} | {a.zone.value} |")
    for g in result.groups:
        lines.append(f"| **{md_cell(g.subcomponent.name)}** | | *subtotal* | | "
                     f"**{fmt.percent(g.percentage, d)}** | {g.zone.value} |")
    lines.append(f"| **TOTAL CUMPLIMIENTO AL {fmt.long_date(result.followup.cutoff).upper()}** "
                 f"| | | | **{fmt.percent(result.total, d)}** | {result.zone.value} |")
    lines += ["", policy_sentence(result), ""]
    return "\n".join(lines)


def to_table(result: ComplianceResult, ctx: Context) -> Any:
    """A rich renderable: the activities by subcomponent with subtotals and the total."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    d = result.rounding.decimals
    title = (f"Seguimiento componente {result.component.number} · corte "
             f"{fmt.long_date(result.followup.cutoff)}")
    table = Table(title=title, show_lines=False, expand=False)
    # Each subcomponent is a row of its own, with its subtotal, above its activities: the
    # activity texts get the width, wrap and give way on a narrow terminal (they are whole
    # in the YAML and the documents); the figures never do.
    table.add_column("N°", no_wrap=True)
    table.add_column("Subcomponente / actividad", ratio=1, min_width=10)
    for heading in ("Meta anual", "Logro", "% Avance"):
        table.add_column(heading, justify="right", no_wrap=True)
    table.add_column("Zona", no_wrap=True)
    for g in result.groups:
        table.add_row(Text(str(g.subcomponent.number), style="bold"),
                      Text(g.subcomponent.name, style="bold"), "", "",
                      Text(fmt.percent(g.percentage, d), style="bold"),
                      Text(g.zone.value, style=ZONE_STYLE[g.zone]))
        for a in g.activities:
            target = a.activity.annual_target
            table.add_row(
                a.activity.id,
                "  " + shorten(a.activity.description, 60),
                fmt.number(target) if target is not None else "—",
                fmt.number(a.achieved) if a.achieved is not None else "—",
                cell(a, d) + (" *" if a.capped else ""),
                Text(a.zone.value, style=ZONE_STYLE[a.zone]),
            )
        table.add_section()
    table.add_row("", Text("TOTAL CUMPLIMIENTO AL "
                           f"{fmt.long_date(result.followup.cutoff).upper()}", style="bold"),
                  "", "", Text(fmt.percent(result.total, d), style="bold"),
                  Text(result.zone.value, style=ZONE_STYLE[result.zone]))
    notes = [
        f"Plan: {ctx.plan_path} · Seguimiento: {ctx.followup_path}",
        f"Promedio de {len(result.activities)} actividades: "
        f"{fmt.number(result.displayed_sum)} / {len(result.activities)} = "
        f"{fmt.percent(result.total, d)}",
        policy_sentence(result),
        f"Plazo de publicación: {fmt.long_date(ctx.deadline)}.",
    ]
    minutes = result.followup.minutes
    if minutes is not None:
        state = "dentro del plazo" if minutes.date <= ctx.deadline else "FUERA DEL PLAZO"
        notes.append(f"Acta {minutes.number} del {fmt.long_date(minutes.date)}: {state}.")
    if any(a.capped for a in result.activities):
        notes.append("* logro mayor que la meta anual: el avance se limita a 100 %.")
    return Group(table, *(Text(n) for n in notes))
