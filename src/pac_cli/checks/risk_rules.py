"""The rules of a risk map, each problem at its line: what its method refuses (a corruption
risk with a Leve or Menor impact, or accepted; a control without type or implementation;
Reducir without an action) and a published zone or figure that is not the recomputation
(both named: that is how a real map is audited)."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from pac_cli import es_co
from pac_cli.compute.risk_engine import RiskInputError, RiskResult, compute_risk
from pac_cli.disk.yaml_reader import Document, Loc
from pac_cli.es_co import normal
from pac_cli.models.problems import Problem
from pac_cli.models.risk_map import RiskMap
from pac_cli.models.risk_method import DafpMethod, Method2015, OwnMethod, method_catalog
from pac_cli.models.validation import problem_at

if TYPE_CHECKING:
    from pac_cli.checks.results import Checked
    from pac_cli.models.followup import FollowUp, RiskFollowUp

LOW_IMPACTS = {"leve", "menor"}


def method_of(risk_map: RiskMap, own: Sequence[OwnMethod] = ()
              ) -> DafpMethod | Method2015 | None:
    """The map's method: pac's, or one of the project's own (`metodos` of pac.yaml)."""
    return method_catalog(own).get(risk_map.method_id)


def risk_map_results(doc: Document, risk_map: RiskMap, own: Sequence[OwnMethod] = ()
                     ) -> tuple[list[RiskResult], list[Problem]]:
    """Each risk's figures, and every problem of the map at its line."""
    methods = method_catalog(own)
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
                ("probabilidad_inherente", published.inherent_likelihood,
                 result.inherent_likelihood),
                ("impacto_inherente", published.inherent_consequence,
                 result.inherent_consequence),
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


# --- the map's follow-up in a cutoff's follow-up file -----------------------------------------


def risk_followup_problems(targets: Sequence[Checked], everything: Sequence[Checked],
                           own: Sequence[OwnMethod] = ()) -> list[Problem]:
    """Each follow-up among `targets` that follows the risk map («mapa_riesgos») against the
    map of its vigencia: every risk, control and action it names is the map's, named once;
    a risk of the map it leaves out is said (a cutoff follows up the whole map); one file of
    the cutoff follows the map."""
    from pac_cli.models.followup import FollowUp

    maps: dict[int, RiskMap | None] = {}
    for item in everything:
        if item.kind == "riesgos":
            year = item.doc.data.get("vigencia") if isinstance(item.doc.data, dict) else None
            if isinstance(year, int):
                maps.setdefault(year, item.model if isinstance(item.model, RiskMap) else None)
    followed: dict[Any, list[Document]] = {}
    for item in everything:
        if isinstance(item.model, FollowUp) and item.model.risk_map is not None:
            followed.setdefault(item.model.cutoff, []).append(item.doc)
    checked = {id(t.doc) for t in targets}
    problems = []
    for cutoff, docs in followed.items():
        problems += [problem_at(doc, ("mapa_riesgos",), f"el mapa de riesgos ya tiene su "
                                f"seguimiento con corte {cutoff.isoformat()} en "
                                f"{docs[0].display}: va en un solo archivo del corte", key=True)
                     for doc in docs[1:] if id(doc) in checked]
    for item in targets:
        followup = item.model
        if not isinstance(followup, FollowUp) or followup.risk_map is None:
            continue
        year = followup.risk_year
        if year not in maps:
            where = ("mapa_riesgos", "vigencia") if followup.risk_map.year else ("mapa_riesgos",)
            problems.append(problem_at(item.doc, where, f"no hay un mapa de riesgos de la "
                                       f"vigencia {year} en riesgos/ (riesgos/{year}.yaml)",
                                       key=where == ("mapa_riesgos",)))
            continue
        risk_map = maps[year]
        if risk_map is not None:  # an invalid map: pac validate shows its own problems
            found = _checks_against(item.doc, followup.risk_map, risk_map)
            problems += found
            if not any(p.is_error for p in found):
                problems += _signed_problems(item.doc, followup, risk_map, own)
    return problems


def _signed_problems(doc: Document, followup: FollowUp, risk_map: RiskMap,
                     own: Sequence[OwnMethod]) -> list[Problem]:
    """A nivel de cumplimiento signed at the cutoff («nivel_firmado») is pac's, or an error
    naming both: the signed figure never moves silently when the map changes later."""
    from pac_cli.compute.risk_followup import follow_risks

    assert followup.risk_map is not None
    if all(c.signed is None for c in followup.risk_map.risks):
        return []
    method = method_of(risk_map, own)
    if method is None:
        return []
    try:
        results = [compute_risk(risk, method) for risk in risk_map.risks]
    except RiskInputError:  # the map's own problem, said at its line
        return []
    rule = risk_map.compliance or method.compliance
    computed = {s.reference: s.compliance for s in follow_risks(
        results, followup.risk_map, followup.cutoff, risk_map.year, rule).risks}
    problems = []
    for i, check in enumerate(followup.risk_map.risks):
        if check.signed is None:
            continue
        level = computed.get(check.reference)
        if level is None or level != check.signed:
            shown = es_co.percent(level, 2) if level is not None else "ningún nivel (no hay " \
                "acciones que medir)"
            problems.append(problem_at(doc, ("mapa_riesgos", "riesgos", i, "nivel_firmado"),
                                       f"riesgo {check.reference}: se firmó un nivel de "
                                       f"cumplimiento de {es_co.percent(check.signed, 2)} y "
                                       f"con el mapa y este seguimiento da {shown}"))
    return problems


def _checks_against(doc: Document, followup: RiskFollowUp, risk_map: RiskMap) -> list[Problem]:
    risks = {r.reference: r for r in risk_map.risks}
    problems = []
    seen: set[str] = set()
    for i, check in enumerate(followup.risks):
        at: Loc = ("mapa_riesgos", "riesgos", i)
        risk = risks.get(check.reference)
        if risk is None:
            near = difflib.get_close_matches(check.reference, list(risks), n=1)
            problems.append(problem_at(doc, (*at, "referencia"), f"el mapa de riesgos "
                                       f"{risk_map.year} no tiene el riesgo «{check.reference}»"
                                       + (f"; ¿quiso decir {near[0]}?" if near else "")))
            continue
        if check.reference in seen:
            problems.append(problem_at(doc, (*at, "referencia"), f"el riesgo "
                                       f"{check.reference} ya tiene su seguimiento más arriba"))
        seen.add(check.reference)
        numbers = [str(c.number) for c in risk.controls]
        for j, control in enumerate(check.controls):
            if str(control.number) not in numbers:
                problems.append(problem_at(doc, (*at, "controles", j, "control"), f"riesgo "
                                           f"{check.reference}: el mapa no tiene el control "
                                           f"{control.number} (tiene: "
                                           f"{', '.join(numbers) or 'ninguno'})"))
        repeated = [n for n, k in Counter(str(c.number) for c in check.controls).items() if k > 1]
        problems += [problem_at(doc, (*at, "controles"), f"riesgo {check.reference}: el control "
                                f"{n} está repetido") for n in repeated]
        for j, action in enumerate(check.actions):
            if action.number > len(risk.actions):
                problems.append(problem_at(doc, (*at, "acciones", j, "accion"), f"riesgo "
                                           f"{check.reference}: el mapa le da "
                                           f"{len(risk.actions)} acciones, no hay una acción "
                                           f"{action.number}"))
        problems += [problem_at(doc, (*at, "acciones"), f"riesgo {check.reference}: la acción "
                                f"{n} está repetida")
                     for n, k in Counter(a.number for a in check.actions).items() if k > 1]
    pending = [(i, c.reference) for i, c in enumerate(followup.risks) if c.to_update]
    if pending:
        problems.append(problem_at(doc, ("mapa_riesgos", "riesgos", pending[0][0],
                                         "por_actualizar"),
                                   f"{len(pending)} riesgo{'s' if len(pending) != 1 else ''} "
                                   f"del mapa sigue{'n' if len(pending) != 1 else ''} «por_"
                                   f"actualizar» ({', '.join(r for _, r in pending)}): registre "
                                   "su seguimiento a este corte y quite la marca",
                                   warning=True))
    missing = [r.reference for r in risk_map.risks if r.reference not in seen]
    if missing:
        problems.append(problem_at(doc, ("mapa_riesgos", "riesgos"), "sin seguimiento en este "
                                   f"corte: {', '.join(missing)} (el seguimiento cubre todo el "
                                   "mapa; mientras tanto es un borrador)", warning=True,
                                   key=True))
    return problems
