"""`pac diff` output for a reviewer: text, Markdown (a pull-request comment) or JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from pac_cli import es_co
from pac_cli.checks.results import FileDiff
from pac_cli.compute.plan_diff import ActivityChange, FieldChange, Impact, Kind, render_words
from pac_cli.compute.risk_diff import RiskChange
from pac_cli.models.risk_map import Control
from pac_cli.outputs.escaping import markdown

STATUS = {"A": "agregado", "M": "modificado", "D": "eliminado", "R": "renombrado",
          "=": "igual"}
REPEATED = 3
"""A field changed the same way in this many activities is said once (e.g. the year)."""


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else es_co.percent(value)


def _delta(old: Decimal | None, new: Decimal | None) -> str:
    if old is None or new is None:
        return ""
    change = new - old
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f" ({sign}{es_co.fixed(abs(change))} puntos)"


def _impact_lines(impact: Impact) -> tuple[str, list[tuple[str, str, str]]]:
    cutoff = es_co.long_date(impact.cutoff)
    head = (f"Seguimiento con corte al {cutoff}: total {_pct(impact.old_total)} → "
            f"{_pct(impact.new_total)}{_delta(impact.old_total, impact.new_total)}")
    rows = [(a.activity_id, _pct(a.old), _pct(a.new)) for a in impact.activities]
    return head, rows


def _repeated(changes: Sequence[ActivityChange]) -> set[tuple[str, str, str]]:
    counts = Counter((f.name, f.old, f.new) for c in changes for f in c.fields
                     if f.name != "meta anual")
    return {key for key, n in counts.items() if n >= REPEATED}


def _rows(item: FileDiff, for_markdown: bool = False) -> tuple[list[tuple[str, str, str]],
                                                              list[str]]:
    """(activity, field, change) rows, and the lines said once for all activities."""
    assert item.plan is not None
    changes = item.plan.changes
    common = _repeated(changes)
    rows: list[tuple[str, str, str]] = []
    plans = [p for p in (item.plan.old, item.plan.new) if p is not None]
    # ids repeat across components: name the component when the plan has several
    several = any(len(p.components) > 1 for p in plans)
    for change in changes:
        label = f"{change.component}·{change.label}" if several else change.label
        title = f"{label} {es_co.shorten(change.description, 45)}"
        if change.kind is not Kind.CHANGED:
            rows.append((title, change.kind.value, ""))
        for f in change.fields:
            if (f.name, f.old, f.new) in common:
                continue
            if f.words and for_markdown:  # the data's words made inert, pac's marks kept
                text = render_words(tuple((op, markdown(words)) for op, words in f.words),
                                    "~~{}~~", "**{}**")
            elif f.words:
                text = render_words(f.words)
            else:
                text = f"{f.old} → {f.new}"
                text = markdown(text) if for_markdown else text
            rows.append((title, f.name, text))
    counts = Counter((f.name, f.old, f.new) for c in changes for f in c.fields)
    once = [f"{name}: «{old}» → «{new}» (en {counts[name, old, new]} actividades)"
            for name, old, new in sorted(common)]
    once += [f"{f.name}: {f.old} → {f.new}" for f in item.plan.plan_fields]
    return rows, once


NO_CHANGE = "sin cambios: ninguna actividad cambió"


def _counts(changes: Sequence[ActivityChange]) -> str:
    if not changes:
        return NO_CHANGE
    kinds = Counter(c.kind for c in changes)
    parts = [f"{kinds[k]} {k.value}{'s' if kinds[k] != 1 else ''}" for k in Kind if kinds[k]]
    commitments = sum(1 for c in changes if c.commitment)
    verb = "cambia" if commitments == 1 else "cambian"
    return (f"{len(changes)} actividad{'es' if len(changes) != 1 else ''} con cambios "
            f"({', '.join(parts) or 'ninguna'}); {commitments} {verb} compromisos")


def _control(control: Control) -> str:
    words = {"automatico": "automático"}
    kind = " ".join(words.get(k, k) for k in (control.kind, control.implementation) if k)
    return f"el control {control.number}" + (f" ({kind})" if kind else "")


def risk_lines(change: RiskChange) -> list[str]:
    """A risk's change in sentences: what was added or removed, and the residual before and
    after (a removed control shows the residual it raises)."""
    if change.status == "A":
        lines = [f"{change.reference}: riesgo nuevo"]
    elif change.status == "D":
        lines = [f"{change.reference}: riesgo quitado del mapa"]
    else:
        parts = [f"se quitó {_control(c)}" for c in change.controls_removed]
        parts += [f"se agregó {_control(c)}" for c in change.controls_added]
        parts += [f"cambió el control {n}" for n in change.controls_changed]
        parts += [f"cambió «{key}»" + (f": {old} → {new}" if old or new else "")
                  for key, old, new in change.fields]
        lines = [f"{change.reference}: " + "; ".join(parts or ["cambió"])]
    old, new = change.old, change.new
    if old is not None and new is not None and old != new:
        lines.append(f"residual: probabilidad {old.likelihood} → {new.likelihood}, impacto "
                     f"{old.consequence} → {new.consequence}, zona {old.zone} → {new.zone}"
                     + (" (sube)" if change.raises else ""))
        if old.inherent_zone != new.inherent_zone:
            lines.append(f"zona inherente {old.inherent_zone} → {new.inherent_zone}")
    elif new is not None and change.status == "A":
        lines.append(f"zona inherente {new.inherent_zone}, residual {new.zone}")
    elif old is not None and change.status == "D":
        lines.append(f"tenía zona residual {old.zone}")
    elif old is not None and new is not None:
        lines.append(f"la zona residual no cambia ({new.zone})")
    return [es_co.tie(line) for line in [*lines, *change.notes]]


def to_text(diffs: Sequence[FileDiff]) -> str:
    if not diffs:
        return "No hay cambios en planes, seguimientos ni mapas de riesgos."
    lines: list[str] = []
    for item in diffs:
        lines.append(f"{item.path} ({STATUS.get(item.status, item.status)})")
        lines += [f"  nota: {note}" for note in item.notes]
        impacts = ([item.impact] if item.impact else []) + (item.plan.impacts if item.plan
                                                             else [])
        for impact in impacts:
            head, rows = _impact_lines(impact)
            lines.append(f"  {head}")
            lines += [f"    {i}: {old} → {new}" for i, old, new in rows]
        for change in item.risks.changes if item.risks else []:
            first, *rest = risk_lines(change)
            lines += [f"  {first}", *(f"    {line}" for line in rest)]
        if item.plan is not None:
            rows, once = _rows(item)
            lines.append(f"  {_counts(item.plan.changes)}")
            lines += [f"  {line}" for line in once]
            last = ""
            for title, name, text in rows:
                if title != last:
                    lines.append(f"  {title}")
                    last = title
                lines.append(f"    {name}: {text}" if text else f"    {name}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(diffs: Sequence[FileDiff]) -> str:
    lines = ["## Revisión de cambios al plan", ""]
    if not diffs:
        return "\n".join([*lines, "No hay cambios en planes, seguimientos ni mapas de riesgos.",
                          ""])
    for item in diffs:
        lines += [f"### `{item.path}` — {STATUS.get(item.status, item.status)}", ""]
        lines += [f"> {markdown(note)}" for note in item.notes]
        if item.notes:
            lines.append("")
        impacts = ([item.impact] if item.impact else []) + (item.plan.impacts if item.plan
                                                             else [])
        for impact in impacts:
            head, rows = _impact_lines(impact)
            lines += [f"**{head}**", ""]
            if rows:
                lines += ["| Actividad | % antes | % después |", "|---|---:|---:|"]
                lines += [f"| {i} | {old} | {new} |" for i, old, new in rows]
                lines.append("")
        for change in item.risks.changes if item.risks else []:
            first, *rest = risk_lines(change)
            lines.append(f"- **{markdown(first)}**" + "".join(f"<br>{markdown(line)}"
                                                             for line in rest))
        if item.risks is not None and item.risks.changes:
            lines.append("")
        if item.plan is not None:
            rows, once = _rows(item, for_markdown=True)
            lines += [_counts(item.plan.changes) + ".", ""]
            lines += [f"- {markdown(line)}" for line in once]
            if once:
                lines.append("")
            if rows:
                lines += ["| Actividad | Campo | Cambio |", "|---|---|---|"]
                lines += [f"| {markdown(t)} | {n} | {x} |" for t, n, x in rows]
                lines.append("")
    return "\n".join(lines)


def _field(f: FieldChange) -> dict[str, str]:
    return {"campo": f.name, "antes": f.old, "despues": f.new} | (
        {"palabras": render_words(f.words)} if f.words else {})


def _impact_json(impact: Impact) -> dict[str, Any]:
    def num(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {"corte": impact.cutoff.isoformat(), "total_antes": num(impact.old_total),
            "total_despues": num(impact.new_total),
            "actividades": [{"actividad": a.activity_id, "antes": num(a.old),
                             "despues": num(a.new)} for a in impact.activities]}


def to_json(diffs: Sequence[FileDiff]) -> str:
    data = []
    for item in diffs:
        entry: dict[str, Any] = {"archivo": item.path, "tipo": item.kind,
                                 "estado": STATUS.get(item.status, item.status),
                                 "notas": item.notes}
        impacts = ([item.impact] if item.impact else []) + (item.plan.impacts if item.plan
                                                             else [])
        entry["efecto"] = [_impact_json(i) for i in impacts]
        if item.plan is not None:
            entry["plan"] = [_field(f) for f in item.plan.plan_fields]
            entry["actividades"] = [
                {"cambio": c.kind.value, "componente": c.component, "id_antes": c.old_id,
                 "id_despues": c.new_id, "compromiso": c.commitment,
                 "campos": [_field(f) for f in c.fields]} for c in item.plan.changes]
        if item.risks is not None:
            entry["riesgos"] = [{
                "referencia": c.reference, "cambio": STATUS.get(c.status, c.status),
                "controles_quitados": [str(k.number) for k in c.controls_removed],
                "controles_agregados": [str(k.number) for k in c.controls_added],
                "zona_residual_antes": c.old.zone if c.old else None,
                "zona_residual_despues": c.new.zone if c.new else None,
                "sube": c.raises, "detalle": risk_lines(c)} for c in item.risks.changes]
        data.append(entry)
    return json.dumps(data, ensure_ascii=False, indent=2)
