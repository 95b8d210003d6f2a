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
from pac_cli.models.risk_map import DafpMethod
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


def to_json(run: RiskRun) -> str:
    data = {
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
    return json.dumps(data, ensure_ascii=False, indent=2)


CSV_COLUMNS = ["referencia", "proceso", "tipo", "probabilidad_inherente",
               "valor_probabilidad_inherente", "impacto_inherente", "valor_impacto_inherente",
               "zona_inherente", "controles", "probabilidad_residual",
               "valor_probabilidad_residual", "impacto_residual", "valor_impacto_residual",
               "zona_residual", "tratamiento"]


def to_csv(run: RiskRun) -> str:
    """One row per risk, figures with a decimal point."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in run.results:
        writer.writerow([csv_cell(v) for v in (
            r.risk.reference, r.risk.process, r.risk.type, r.inherent_likelihood.name,
            _plain(r.inherent_likelihood.value), r.inherent_consequence.name,
            _plain(r.inherent_consequence.value), r.inherent_zone, len(r.risk.controls),
            r.residual_likelihood.name, _plain(r.residual_likelihood.value),
            r.residual_consequence.name, _plain(r.residual_consequence.value),
            r.residual_zone, r.risk.treatment or "")])
    return out.getvalue()


def _summary_lines(run: RiskRun) -> list[str]:
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


def _title(run: RiskRun) -> str:
    return run.risk_map.title or f"Mapa de riesgos {run.risk_map.year}"


def to_markdown(run: RiskRun) -> str:
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
    lines += ["", *[markdown(line) for line in _summary_lines(run)], ""]
    return "\n".join(lines)


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


def to_table(run: RiskRun) -> Any:
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
    parts += [Text(line) for line in _summary_lines(run)]
    return Group(*parts)
