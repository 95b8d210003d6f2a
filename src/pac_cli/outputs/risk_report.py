"""`pac riesgos` as the terminal, other programs and a pull request read it: each risk's
inherent and residual probability, impact and zone, the two heat maps with their counts
(the zone in words, never colour alone) and the summary."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from pac_cli import es_co
from pac_cli.commands.risk_run import HeatMap, RiskRun
from pac_cli.compute.risk_engine import Level, RiskResult
from pac_cli.compute.risk_followup import RiskFollowupResult, RiskStatus
from pac_cli.models.risk_method import DafpMethod
from pac_cli.outputs.escaping import csv_cell, markdown


def _figure(run: RiskRun, level: Level) -> str:
    """A level with its figure as the template prints it: «Baja (25,2 %)», «Posible (3)»."""
    if isinstance(run.method, DafpMethod):
        return f"{level.name} ({es_co.percent(level.value, 1)})"
    return f"{level.name} ({es_co.number(level.value)})"


def _level(run: RiskRun, level: Level) -> dict[str, Any]:
    key = "porcentaje" if isinstance(run.method, DafpMethod) else "valor"
    return {"nivel": level.name, key: _plain(level.value)}


def _result(run: RiskRun, r: RiskResult) -> dict[str, Any]:
    inherent: dict[str, Any] = {"probabilidad": _level(run, r.inherent_likelihood),
                                "impacto": _level(run, r.inherent_consequence),
                                "zona": r.inherent_zone}
    residual: dict[str, Any] = {"probabilidad": _level(run, r.residual_likelihood),
                                "impacto": _level(run, r.residual_consequence),
                                "zona": r.residual_zone}
    if r.inherent_score is not None:
        inherent["calificacion"] = str(r.inherent_score)
        residual["calificacion"] = str(r.residual_score)
    return {
        "referencia": r.risk.reference, "proceso": r.risk.process, "tipo": r.risk.type,
        "descripcion": r.risk.description, "inherente": inherent,
        "controles": [{"numero": str(s.control.number), "tipo": s.control.kind,
                       "implementacion": s.control.implementation,
                       "calificacion": str(s.rating), "baja": s.lowers,
                       "antes": _plain(s.before), "despues": _plain(s.after)}
                      for s in r.steps],
        "residual": residual, "tratamiento": r.risk.treatment,
        "acciones": len(r.risk.actions),
    }


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _heat(heat: HeatMap) -> dict[str, Any]:
    return {"filas": heat.rows, "columnas": heat.columns,
            "celdas": [[{"zona": z, "riesgos": n} for z, n in zip(zones, counts, strict=True)]
                       for zones, counts in zip(heat.zones, heat.counts, strict=True)]}


def compliance_text(status: RiskStatus, rule: str) -> str:
    """A risk's nivel de cumplimiento with what it is made of: «50,00 % (1 de 2)» (actions
    done of those due), «45,00 % (promedio de 2)», or why it has none yet."""
    if status.compliance is None:
        return "sin acciones" if not status.actions else "ninguna acción vencía"
    figure = es_co.percent(status.compliance, 2)
    if rule == "promedio_avance":
        return f"{figure} (promedio de {len(status.actions)})"
    due = [a for a in status.actions if a.due]
    return f"{figure} ({sum(a.done for a in due)} de {len(due)})"


RULES = {"acciones_cumplidas": "acciones cumplidas (avance del 100 %) ÷ acciones que vencían al "
                               "corte; entre paréntesis, cuántas de cuántas",
         "promedio_avance": "el promedio del avance de las acciones del riesgo; entre "
                            "paréntesis, de cuántas"}


def rule_sentence(rule: str) -> str:
    return es_co.tie(f"Nivel de cumplimiento: {RULES[rule]}.")


def executed_text(status: RiskStatus) -> str:
    """«1 de 2», or «sin controles»."""
    if not status.executed:
        return "sin controles"
    return f"{status.controls_executed} de {len(status.executed)}"


def _status(status: RiskStatus) -> dict[str, Any]:
    check = status.check
    return {
        "reportado": check is not None,
        "controles": [{"numero": n, "ejecutado": done} for n, done in status.executed],
        "acciones": [{"numero": a.number, "accion": a.action.action,
                      "vence": a.due_date.isoformat(), "vencia_al_corte": a.due,
                      "avance": _plain(a.progress), "cumplida": a.done, "atrasada": a.overdue}
                     for a in status.actions],
        "nivel_cumplimiento": None if status.compliance is None else _exact(status.compliance),
        "materializado": status.materialised,
        "hechos": check.facts if check else None,
        "observaciones": check.observations if check else None,
    }


def _exact(value: Decimal) -> str:
    """A figure with the decimals it was rounded to (50.00), unlike `_plain`'s 50."""
    return format(value, "f")


def to_json(run: RiskRun, follow: RiskFollowupResult | None = None) -> str:
    data: dict[str, Any] = {
        "vigencia": run.risk_map.year, "archivo": run.path,
        "metodo": {"id": run.method.id, "nombre": run.method.name},
        "riesgos": [_result(run, r) for r in run.results],
        "mapa_de_calor": {"inherente": _heat(run.inherent), "residual": _heat(run.residual)},
        "resumen": {
            "por_proceso": [{"proceso": p, "riesgos": n, "controles": c}
                            for p, n, c in run.by_process()],
            "sin_controles": [r.risk.reference for r in run.without_controls()],
            "corrupcion_alta_tras_controles": [r.risk.reference
                                               for r in run.corruption_still_high()],
        },
    }
    if follow is not None:
        statuses = {s.reference: s for s in follow.risks}
        for item in data["riesgos"]:
            item["seguimiento"] = _status(statuses[item["referencia"]])
        data["corte"] = follow.cutoff.isoformat()
        data["cumplimiento"] = follow.compliance_rule
        data["resumen"] |= {
            "materializados": [r.reference for r in follow.materialised],
            "acciones_atrasadas": [{"riesgo": r.reference, "accion": a.number,
                                    "vence": a.due_date.isoformat(),
                                    "avance": _plain(a.progress)}
                                   for r, a in follow.overdue],
            "sin_seguimiento": [r.reference for r in follow.not_reported],
        }
    return json.dumps(data, ensure_ascii=False, indent=2)


MAP_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("referencia", "texto", "Referencia del riesgo en el mapa (p. ej. R1)."),
    ("proceso", "texto", "Proceso al que pertenece el riesgo."),
    ("tipo", "texto", "Tipo de riesgo: corrupcion, gestion, fiscal, seguridad_digital, "
                      "ambiental u otro."),
    ("probabilidad_inherente", "texto", "Nivel de probabilidad antes de los controles."),
    ("valor_probabilidad_inherente", "decimal (punto decimal)", "Su porcentaje (dafp-2020) o "
                                                                "su valor de 1 a 5 (2015)."),
    ("impacto_inherente", "texto", "Nivel de impacto antes de los controles."),
    ("valor_impacto_inherente", "decimal (punto decimal)", "Su porcentaje (dafp-2020) o su "
                                                           "valor: 5, 10 o 20 (2015)."),
    ("zona_inherente", "texto", "Zona del mapa de calor antes de los controles."),
    ("controles", "entero", "Número de controles del riesgo."),
    ("probabilidad_residual", "texto", "Nivel de probabilidad después de los controles."),
    ("valor_probabilidad_residual", "decimal (punto decimal)", "Su porcentaje o su valor."),
    ("impacto_residual", "texto", "Nivel de impacto después de los controles."),
    ("valor_impacto_residual", "decimal (punto decimal)", "Su porcentaje o su valor."),
    ("zona_residual", "texto", "Zona del mapa de calor después de los controles."),
    ("tratamiento", "texto", "reducir, compartir, evitar o aceptar; vacío si no se indicó."),
)
"""The map's CSV columns, in order, with the type and meaning the data dictionary gives."""
FOLLOW_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("corte", "fecha (AAAA-MM-DD)", "Fecha de corte del seguimiento al mapa."),
    ("controles_ejecutados", "entero", "Controles que se ejecutaron como dice el mapa."),
    ("acciones_vencidas_al_corte", "entero", "Acciones cuya fecha de implementación llegó "
                                             "al corte (sin fecha: el 31 de diciembre)."),
    ("acciones_atrasadas", "entero", "Acciones vencidas al corte que no están cumplidas."),
    ("nivel_cumplimiento", "decimal (punto decimal)", "Acciones cumplidas ÷ vencidas al corte, "
                                                      "en % (o el promedio del avance si el "
                                                      "mapa lo pide); vacío si no hay qué "
                                                      "medir."),
    ("materializado", "texto", "sí si el riesgo se materializó; si no, no."),
)
"""With a cutoff, after MAP_FIELDS."""
CSV_COLUMNS = [name for name, _, _ in MAP_FIELDS]
FOLLOW_COLUMNS = [name for name, _, _ in FOLLOW_FIELDS]


def to_csv(run: RiskRun, follow: RiskFollowupResult | None = None) -> str:
    """One row per risk, figures with a decimal point; with a cutoff, its follow-up."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS + (FOLLOW_COLUMNS if follow else []))
    statuses = {s.reference: s for s in follow.risks} if follow else {}
    for r in run.results:
        row: list[object] = [
            r.risk.reference, r.risk.process, r.risk.type, r.inherent_likelihood.name,
            _plain(r.inherent_likelihood.value), r.inherent_consequence.name,
            _plain(r.inherent_consequence.value), r.inherent_zone, len(r.risk.controls),
            r.residual_likelihood.name, _plain(r.residual_likelihood.value),
            r.residual_consequence.name, _plain(r.residual_consequence.value),
            r.residual_zone, r.risk.treatment or ""]
        if follow is not None:
            status = statuses[r.risk.reference]
            row += [follow.cutoff.isoformat(), status.controls_executed,
                    sum(a.due for a in status.actions), len(status.overdue),
                    "" if status.compliance is None else _exact(status.compliance),
                    "sí" if status.materialised else "no"]
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def summary_lines(run: RiskRun) -> list[str]:
    lines = ["Riesgos y controles por proceso: " + "; ".join(
        f"{p}: {n} riesgo{'s' if n != 1 else ''}, {c} control{'es' if c != 1 else ''}"
        for p, n, c in run.by_process()) + "."]
    without = run.without_controls()
    lines.append("Riesgos sin controles: " + (", ".join(r.risk.reference for r in without)
                                              if without else "ninguno") + ".")
    high = run.corruption_still_high()
    lines.append("Riesgos de corrupción en zona alta o extrema después de sus controles: " + (
        ", ".join(f"{r.risk.reference} ({r.residual_zone})" for r in high) if high
        else "ninguno") + ".")
    return lines


def follow_lines(follow: RiskFollowupResult) -> list[str]:
    """The follow-up's summary, materialised risks first."""
    materialised = follow.materialised
    lines = [rule_sentence(follow.compliance_rule), "Riesgos materializados: " + ("; ".join(
        f"{r.reference}: {(r.check.facts or '').rstrip('.')}" for r in materialised if r.check)
        if materialised
        else "ninguno") + "."]
    overdue = follow.overdue
    lines.append("Acciones atrasadas al corte: " + ("; ".join(
        f"{r.reference}, acción {a.number} (vencía el {es_co.long_date(a.due_date)}, avance "
        f"{es_co.percent(a.progress, 0)})" for r, a in overdue) if overdue else "ninguna") + ".")
    if follow.not_reported:
        lines.append("Riesgos sin seguimiento en este corte: "
                     + ", ".join(r.reference for r in follow.not_reported) + ".")
    return [es_co.tie(line) for line in lines]


def _title(run: RiskRun) -> str:
    return run.risk_map.title or f"Mapa de riesgos {run.risk_map.year}"


def to_markdown(run: RiskRun, follow: RiskFollowupResult | None = None) -> str:
    lines = [f"## {markdown(_title(run))}", "",
             f"Método: {markdown(run.method.name)} ({run.method.id}).", "",
             "| Ref. | Proceso | Tipo | Probabilidad inherente | Impacto inherente | Zona "
             "inherente | Controles | Probabilidad residual | Impacto residual | Zona residual |",
             "|---|---|---|---|---|---|---:|---|---|---|"]
    for r in run.results:
        lines.append(" | ".join([
            f"| {markdown(r.risk.reference)}", markdown(r.risk.process), r.risk.type,
            _figure(run, r.inherent_likelihood), _figure(run, r.inherent_consequence),
            f"**{r.inherent_zone}**", str(len(r.risk.controls)),
            _figure(run, r.residual_likelihood), _figure(run, r.residual_consequence),
            f"**{r.residual_zone}** |"]))
    for name, heat in (("inherente", run.inherent), ("residual", run.residual)):
        lines += ["", f"### Mapa de calor {name} (zona y número de riesgos)", "",
                  "| Probabilidad | " + " | ".join(heat.columns) + " |",
                  "|---|" + "---|" * len(heat.columns)]
        lines += [f"| {row} | " + " | ".join(f"{z}: {n}" for z, n in zip(
            zones, counts, strict=True)) + " |"
                  for row, zones, counts in zip(heat.rows, heat.zones, heat.counts,
                                                strict=True)]
    lines += ["", *[markdown(line) for line in summary_lines(run)], ""]
    if follow is not None:
        lines += [f"### Seguimiento con corte al {es_co.long_date(follow.cutoff)}", "",
                  "| Ref. | Zona residual | Controles ejecutados | Nivel de cumplimiento | "
                  "Materializado | Observaciones |", "|---|---|---|---|---|---|"]
        for status in follow.in_reading_order():
            check = status.check
            lines.append(" | ".join([
                f"| {markdown(status.reference)}", f"**{status.result.residual_zone}**",
                executed_text(status), markdown(compliance_text(status,
                                                                follow.compliance_rule)),
                "**sí**" if status.materialised else "no",
                markdown(check.observations or "" if check else "sin seguimiento") + " |"]))
        lines += ["", *[markdown(line) for line in follow_lines(follow)], ""]
    return "\n".join(lines).rstrip("\n")


NARROW = 100
"""Below this many columns each risk shows its zones with the levels that make them, without
figures or process (the figures are in the JSON and the CSV; the process in the summary)."""


class _Risks:
    """The risks' table, laid out for the terminal's width when it is printed."""

    def __init__(self, run: RiskRun) -> None:
        self.run = run

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield _risks_table(self.run, narrow=options.max_width < NARROW)


def _risks_table(run: RiskRun, *, narrow: bool) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"{_title(run)} · método {run.method.id}: inherente → residual"),
                  expand=False)
    if narrow:
        for heading in ("Ref.", "Inherente", "Controles", "Residual"):
            table.add_column(heading, no_wrap=heading == "Ref.")
        for r in run.results:
            table.add_row(r.risk.reference,
                          f"{r.inherent_zone}: {r.inherent_likelihood.name} × "
                          f"{r.inherent_consequence.name}", str(len(r.risk.controls)),
                          f"{r.residual_zone}: {r.residual_likelihood.name} × "
                          f"{r.residual_consequence.name}")
        return table
    for heading in ("Ref.", "Proceso", "Probab.", "Impacto", "Zona", "Ctrl.", "Probab.",
                    "Impacto", "Zona"):
        table.add_column(heading, no_wrap=heading != "Proceso")

    def cell(level: Level) -> str:  # the level over its figure: no figure parted from its %
        return _figure(run, level).replace(" (", "\n(", 1)

    for r in run.results:
        table.add_row(r.risk.reference, r.risk.process, cell(r.inherent_likelihood),
                      cell(r.inherent_consequence), r.inherent_zone, str(len(r.risk.controls)),
                      cell(r.residual_likelihood), cell(r.residual_consequence),
                      r.residual_zone)
    return table


def to_table(run: RiskRun, follow: RiskFollowupResult | None = None) -> Any:
    """A rich renderable: the risks, the two heat maps and the summary."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [_Risks(run)]
    for name, heat in (("inherente", run.inherent), ("residual", run.residual)):
        table = Table(title=Text(f"Mapa de calor {name}: zona y número de riesgos"))
        table.add_column("Probabilidad", no_wrap=True)
        for column in heat.columns:
            table.add_column(column, justify="center")
        for row, zones, counts in zip(heat.rows, heat.zones, heat.counts, strict=True):
            table.add_row(row, *[f"{z}: {n}" if n else z for z, n in zip(zones, counts,
                                                                           strict=True)])
        parts.append(table)
    parts += [Text(line) for line in summary_lines(run)]
    if follow is not None:
        table = Table(title=Text(f"Seguimiento con corte al {es_co.long_date(follow.cutoff)}: "
                                 "los materializados primero"))
        for heading in ("Ref.", "Residual", "Controles ejecutados", "Nivel de cumplimiento",
                        "Materializado"):
            table.add_column(heading, no_wrap=heading in {"Ref.", "Materializado"})
        for status in follow.in_reading_order():
            table.add_row(status.reference, status.result.residual_zone, executed_text(status),
                          compliance_text(status, follow.compliance_rule),
                          "sí" if status.materialised else "no")
        parts.append(table)
        parts += [Text(line) for line in follow_lines(follow)]
    return Group(*parts)
