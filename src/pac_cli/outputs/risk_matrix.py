"""A risk map as the matrix of Función Pública's v5 template: its columns in order, one row
per control (a risk's own cells merged over them), with pac's figures where the template has
formulas; `pac import` reads it back."""

from __future__ import annotations

from pac_cli.commands.risk_run import RiskRun
from pac_cli.compute.risk_engine import RiskResult
from pac_cli.models.risk_map import Risk
from pac_cli.models.risk_method import DafpMethod
from pac_cli.outputs.matrix_writer import Matrix, Value
from pac_cli.outputs.risk_context import TYPES

HEADER = ("Referencia", "Proceso", "Objetivo del proceso", "Tipo de riesgo", "Impacto",
          "Causa inmediata", "Causa raíz", "Descripción del riesgo", "Clasificación",
          "Frecuencia", "Probabilidad inherente", "%", "Criterios de impacto",
          "Impacto inherente", "%", "Zona inherente", "N° control", "Descripción del control",
          "Afectación", "Tipo", "Implementación", "Calificación", "Documentación",
          "Frecuencia", "Evidencia", "Probabilidad residual", "Probabilidad residual final",
          "%", "Impacto residual final", "%", "Zona residual", "Tratamiento", "Plan de acción",
          "Responsable", "Fecha implementación", "Fecha seguimiento", "Seguimiento", "Estado")
"""RISKMAP.md's v5 template columns, in order."""
RISK_COLUMNS = (*range(0, 16), *range(26, 32))
"""The risk's own columns, merged over its control rows (the reference first: a merge never
crosses from one risk to the next)."""
PERCENT_COLUMNS = (11, 14, 21, 25, 27, 29)
WIDTHS = (9, 16, 20, 12, 13, 22, 22, 34, 16, 10, 12, 7, 24, 12, 7, 11, 8, 34, 12, 12, 13, 11,
          13, 11, 13, 11, 12, 7, 12, 7, 11, 12, 30, 18, 13, 13, 18, 10)


def _affectation(risk: Risk) -> str | None:
    given = risk.consequence
    kinds = [name for name, value in (("Económico", given.economic),
                                      ("Reputacional", given.reputational)) if value is not None]
    return " y ".join(kinds) or None


def _criteria(risk: Risk, questions: int) -> str | None:
    given = risk.consequence
    parts = []
    if given.economic is not None:
        parts.append(f"{given.economic} SMLMV")
    if given.reputational is not None:
        parts.append(f"reputacional: {given.reputational}")
    if given.answers is not None:
        parts.append(f"{len(given.answers)} de {questions} preguntas de corrupción con «sí» "
                     f"({', '.join(map(str, sorted(given.answers)))})")
    return "; ".join(parts) or None


def _rows(result: RiskResult, questions: int) -> list[tuple[Value, ...]]:
    risk = result.risk
    causes = risk.causes
    head: list[Value] = [
        risk.reference, risk.process, None, TYPES[risk.type].capitalize(), _affectation(risk),
        causes[0] if causes else None, "\n".join(causes[1:]) or None, risk.description,
        risk.classification, risk.likelihood.frequency, result.inherent_likelihood.name,
        result.inherent_likelihood.value, _criteria(risk, questions),
        result.inherent_consequence.name, result.inherent_consequence.value,
        result.inherent_zone]
    tail: list[Value] = [
        result.residual_likelihood.name, result.residual_likelihood.value,
        result.residual_consequence.name, result.residual_consequence.value,
        result.residual_zone, risk.treatment.capitalize() if risk.treatment else None]
    controls: list[list[Value]] = []
    likelihood = result.inherent_likelihood.value
    for step in result.steps:
        if step.lowers == "probabilidad":
            likelihood = step.after
        control = step.control
        controls.append([
            str(control.number), control.description, step.lowers.capitalize(),
            control.kind.capitalize() if control.kind else None,
            "Automático" if control.implementation == "automatico" else "Manual",
            step.rating, _capital(control.documentation), _capital(control.frequency),
            _capital(control.evidence), likelihood])
    actions: list[list[Value]] = [
        [a.action, "; ".join(a.responsible) or None,
         a.implementation_date.isoformat() if a.implementation_date else None,
         a.follow_up_date.isoformat() if a.follow_up_date else None, None, None]
        for a in risk.actions]
    count = max(len(controls), len(actions), 1)
    return [tuple(head + (controls[i] if i < len(controls) else [None] * 10) + tail
                  + (actions[i] if i < len(actions) else [None] * 6))
            for i in range(count)]


def _capital(text: str | None) -> str | None:
    return text[:1].upper() + text[1:] if text else None


def risk_matrix(run: RiskRun) -> Matrix:
    """The map as the v5 template; only for a map of Función Pública's method (dafp-2020),
    which is the template's."""
    method = run.method
    assert isinstance(method, DafpMethod)
    goals = {p.name: p.objective for p in run.risk_map.processes}
    rows = []
    for result in run.results:
        for row in _rows(result, len(method.questions)):
            values = list(row)
            values[2] = goals.get(result.risk.process)
            rows.append(tuple(values))
    titles = (run.risk_map.title or f"Mapa de riesgos {run.risk_map.year}",
              f"Vigencia {run.risk_map.year}", f"Método: {method.name} ({method.id})")
    return Matrix(titles, HEADER, tuple(rows), merged=RISK_COLUMNS, widths=WIDTHS,
                  percent=PERCENT_COLUMNS)

