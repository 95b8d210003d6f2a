"""The rules of a risk map, each problem at its line: what its method refuses (a corruption
risk with a Leve or Menor impact, or accepted; a control without type or implementation;
Reducir without an action) and a published zone or figure that is not the recomputation
(both named: that is how a real map is audited)."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from pac_cli import es_co
from pac_cli.compute.risk_engine import RiskInputError, RiskResult, compute_risk
from pac_cli.disk.yaml_reader import Document, Loc
from pac_cli.es_co import normal
from pac_cli.models.problems import Problem
from pac_cli.models.risk_map import DafpMethod, Method2015, RiskMap, risk_methods
from pac_cli.models.validation import problem_at

LOW_IMPACTS = {"leve", "menor"}


def method_of(risk_map: RiskMap) -> DafpMethod | Method2015 | None:
    return risk_methods().get(risk_map.method_id)


def risk_map_results(doc: Document, risk_map: RiskMap) -> tuple[list[RiskResult],
                                                                  list[Problem]]:
    """Each risk's figures, and every problem of the map at its line."""
    methods = risk_methods()
    method = methods.get(risk_map.method_id)
    if method is None:
        return [], [problem_at(doc, ("metodo",), f"no hay un método «{risk_map.method_id}» "
                               f"(hay: {', '.join(methods)})")]
    problems: list[Problem] = []
    if (isinstance(method, DafpMethod) and risk_map.year < method.since) or \
            (isinstance(method, Method2015) and risk_map.year > method.until):
        problems.append(problem_at(doc, ("metodo",) if risk_map.method else ("vigencia",),
                                   f"el método «{method.id}» es el de otras vigencias "
                                   f"({_span(method)}): un mapa se calcula con el de su "
                                   "vigencia, nunca convertido", warning=True))
    repeated = {ref for ref, n in Counter(r.reference for r in risk_map.risks).items() if n > 1}
    named = {normal(p.name) for p in risk_map.processes}
    results = []
    for i, risk in enumerate(risk_map.risks):
        at: Loc = ("riesgos", i)
        if risk.reference in repeated:
            problems.append(problem_at(doc, (*at, "referencia"), f"la referencia "
                                       f"«{risk.reference}» está repetida"))
        if named and normal(risk.process) not in named:
            problems.append(problem_at(doc, (*at, "proceso"), f"el proceso «{risk.process}» no "
                                       "está en «procesos»", warning=True))
        try:
            result = compute_risk(risk, method)
        except RiskInputError as exc:
            problems.append(problem_at(doc, (*at, *exc.where),
                                       f"riesgo {risk.reference}: {exc.message}"))
            continue
        results.append(result)
        problems += [Problem(p.path, p.line, p.column, f"riesgo {risk.reference}: {p.message}",
                             p.severity) for p in _risk_problems(doc, at, result, method)]
    return results, problems


def _span(method: DafpMethod | Method2015) -> str:
    return f"desde {method.since}" if isinstance(method, DafpMethod) else \
        f"hasta {method.until}"


def _risk_problems(doc: Document, at: Loc, result: RiskResult,
                   method: DafpMethod | Method2015) -> list[Problem]:
    risk = result.risk
    problems = []
    corruption = risk.type == "corrupcion"
    if corruption and normal(result.inherent_consequence.name) in LOW_IMPACTS:
        problems.append(problem_at(doc, (*at, "impacto"), f"un riesgo de corrupción no tiene "
                                   f"impacto {result.inherent_consequence.name}: su impacto es "
                                   "Moderado o mayor"))
    if corruption and risk.treatment == "aceptar":
        problems.append(problem_at(doc, (*at, "tratamiento"), "un riesgo de corrupción no se "
                                   "acepta: se reduce o se evita"))
    if risk.treatment in {"reducir", "compartir"} and not risk.actions:
        problems.append(problem_at(doc, (*at, "tratamiento"), f"el tratamiento «{risk.treatment}»"
                                   " necesita al menos una acción en «acciones»"))
    published = risk.published
    if published is None:
        return problems
    for key, given, computed in (("zona_inherente", published.inherent_zone,
                                  result.inherent_zone),
                                 ("zona_residual", published.residual_zone,
                                  result.residual_zone)):
        if given is not None and normal(given) != normal(computed):
            problems.append(problem_at(doc, (*at, "publicado", key), f"el mapa publicó "
                                       f"«{given}» y el método {method.id} da «{computed}»"))
    if isinstance(method, DafpMethod):
        for key, given_value, level in (
                ("probabilidad_residual", published.residual_likelihood,
                 result.residual_likelihood),
                ("impacto_residual", published.residual_consequence,
                 result.residual_consequence)):
            if given_value is not None and _one_decimal(given_value) != _one_decimal(
                    level.value):
                problems.append(problem_at(doc, (*at, "publicado", key), f"el mapa publicó "
                                           f"{es_co.percent(given_value, 1)} y el método "
                                           f"{method.id} da {es_co.percent(level.value, 1)}"))
    return problems


def _one_decimal(value: Decimal) -> Decimal:
    """As the template prints a residual: one decimal (48,0 %)."""
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
