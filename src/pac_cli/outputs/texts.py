"""The texts every output shares: the sentence that explains the figures, the acta's % cell.

Both the terminal reports and the documents use these, so the sentence is the same
everywhere; its wording lives in the `textos.j2` template, which an entity can override.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pac_cli import es_co
from pac_cli.commands.followup_run import FollowupRun, Record
from pac_cli.compute.engine import ActivityResult, ComplianceResult, ComponentResult, Measure
from pac_cli.outputs.templating import text_macro


@dataclass(frozen=True)
class Policy:
    """The rules behind the figures of one follow-up, for the sentence that explains them.

    `ratio`, `evaluator` and `no_progress` name the activities each rule applied to
    («cada actividad» when it applied to all, empty when to none), so the sentence is
    never false for the follow-up at hand.
    """

    activity_mode: str
    total_mode: str
    decimals: int
    mean_of: str
    medium_from: str
    high_from: str
    ratio: str
    ratio_last: bool
    """Whether the ratio rule is said last, for «las demás actividades» (the exceptions,
    named first, are few)."""
    evaluator: str
    no_progress: str
    no_progress_count: int
    count: int
    components: int
    rule: str
    weighted: bool
    weights: str
    """`4: 2; 5: 1` — the components' weights, when the rule uses them."""
    consolidated: bool
    """Whether the consolidated figure needs its own sentence (it differs from a lone
    component's total only with several components or with weights)."""
    component_mode: str = "redondear"
    component_decimals: int = 2
    component_mean_of: str = "valores_mostrados"
    component_rule: str = "promedio"
    """«promedio» of its activities, or «actividades_cumplidas» (those at 100 % ÷ all)."""
    consolidated_mode: str = "redondear"
    consolidated_decimals: int = 2
    consolidated_mean_of: str = "valores_mostrados"


def _ids(results: Sequence[ActivityResult]) -> str:
    return es_co.join_words([r.activity.id for r in results])


def who(results: Sequence[ActivityResult], everything: Sequence[ActivityResult]) -> str:
    """«cada actividad», «la actividad 5.1», «las actividades 1.1 y 2.3 del componente 4»."""
    if not results:
        return ""
    if len(results) == len(everything):
        return "cada actividad"
    noun = "la actividad" if len(results) == 1 else "las actividades"
    components = list(dict.fromkeys(r.component.number for r in everything))
    if len(components) == 1:
        return f"{noun} {_ids(results)}"
    parts = [f"{_ids([r for r in results if r.component.number == n])} del componente {n}"
             for n in components if any(r.component.number == n for r in results)]
    return f"{noun} {es_co.join_words(parts)}"


def policy_of(result: ComplianceResult) -> Policy:
    """The rules behind the figures, for the sentence of `textos.j2` that explains them."""
    rules, everything = result.rules, result.activities
    no_progress = result.by_measure(Measure.NO_PROGRESS)
    ratio = result.by_measure(Measure.RATIO)
    exceptions = len(everything) - len(ratio)
    ratio_last = 0 < exceptions < len(ratio)
    rule = rules.consolidation.rule
    component, consolidated = rules.rounding.level("componente"), rules.rounding.level(
        "consolidado")
    weights = ""
    if result.weighted and rule == "promedio_componentes":
        weights = "; ".join(f"{c.component.number}: {es_co.number(c.weight)}"
                            for c in result.components)
    return Policy(
        activity_mode=rules.rounding.activity, total_mode=rules.rounding.total,
        decimals=rules.rounding.decimals, mean_of=rules.rounding.mean_of,
        medium_from=es_co.number(rules.zones.medium_from),
        high_from=es_co.number(rules.zones.high_from),
        ratio="las demás actividades" if ratio_last else who(ratio, everything),
        ratio_last=ratio_last,
        evaluator=who(result.by_measure(Measure.EVALUATOR), everything),
        no_progress=who(no_progress, everything), no_progress_count=len(no_progress),
        count=len(everything), components=len(result.components), rule=rule,
        weighted=result.weighted, weights=weights,
        consolidated=len(result.components) > 1 or result.weighted,
        component_mode=component[0], component_decimals=component[1],
        component_mean_of=component[2], component_rule=rules.consolidation.component_rule,
        consolidated_mode=consolidated[0], consolidated_decimals=consolidated[1],
        consolidated_mean_of=consolidated[2])


def policy_sentence(result: ComplianceResult, override_dirs: Sequence[Path] = ()) -> str:
    """How the figures were computed, in the one sentence every output uses."""
    return text_macro("politica", policy_of(result), override_dirs=override_dirs)


def cell(result: ActivityResult, decimals: int) -> str:
    """The % column as the acta writes it: `11.842/15.000 = 78,94 %`; an evaluator's % says
    so (`50,00 % (asignado)`), and so does a qualitative activity without progress."""
    target = result.activity.annual_target
    achieved = result.achieved
    if result.measure is Measure.EVALUATOR:
        return f"{es_co.percent(result.percentage, decimals)} (asignado)"
    if target is not None and achieved is not None:
        return es_co.fraction(achieved, target, result.percentage, decimals)
    return f"{es_co.percent(result.percentage, decimals)} (sin avance)"


def schedule_cell(result: ActivityResult) -> str:
    """`atrasada (esperado 17)`, beside the published %; empty without a rhythm."""
    if result.schedule is None or result.expected is None:
        return ""
    expected = result.expected.quantize(Decimal("0.01")).normalize()
    return f"{result.schedule.value} (esperado {es_co.number(expected)})"


def schedule_note(run: FollowupRun) -> str:
    """What the «Ritmo» column means, and that it never changes the published figure."""
    tolerance = run.rules.schedule.schedule_tolerance
    return ("Ritmo: lo que cada actividad con «ritmo» o «hitos» debería llevar acumulado al "
            f"corte, y si va adelantada, al día (±{es_co.number(tolerance)} puntos de la meta) o "
            "atrasada. Es un dato al lado del % de avance: no cambia ninguna cifra publicada.")


def programme_note(run: FollowupRun) -> str | None:
    """For a vigencia of a programme of several: each vigencia's figure so far and their
    mean, said as an extra beside the cutoff's own figure (None for a one-year plan)."""
    figures = run.programme
    if figures is None:
        return None
    years = "; ".join(
        f"vigencia {f.year}: " + (f"{es_co.figure(f.total)} (corte al "
                                  f"{es_co.long_date(f.cutoff)})"
                                  if f.total is not None and f.cutoff is not None
                                  else "sin seguimiento")
        for f in figures.years)
    mean = (f"promedio de las vigencias hasta este corte: {es_co.figure(figures.mean)}"
            if figures.mean is not None else "sin promedio: una vigencia no tiene seguimiento")
    return (f"Programa {figures.first}–{figures.last}: {years}; {mean}. Es un dato al lado de "
            f"la cifra del corte, que es la de la vigencia {run.cutoff.year}.")


def arithmetic(component: ComponentResult, decimals: int) -> str:
    """The arithmetic behind a component's total: `Promedio de 438,83 / 13 = 33,76 %`; with
    the count rule, `5 de 8 actividades al 100 % = 62,50 % → 63 %`."""
    n = len(component.activities)
    total = es_co.figure(component.total)
    if component.done is not None:
        return (f"{component.done} de {n} actividades al 100 % = "
                f"{es_co.percent(component.exact, decimals)}"
                + (f" → {total}" if component.exact != component.total else ""))
    return f"Promedio de {es_co.fixed(component.displayed_sum, decimals)} / {n} = {total}"


def consolidation(result: ComplianceResult) -> str:
    """The arithmetic of the consolidated figure: `(33,76 + 50,00) / 2 = 41,88 %`."""
    d = result.rounding.decimals
    if result.rules.consolidation.rule == "promedio_actividades":
        terms = [(a.percentage, a.weight) for a in result.activities]
        what = f"{len(terms)} actividades"
    else:
        terms = [(c.basis, c.weight) for c in result.components]
        what = f"{len(terms)} componente{'s' if len(terms) != 1 else ''}"
    if result.weighted:
        top = " + ".join(f"{es_co.number(w)} × {es_co.fixed(v, d)}" for v, w in terms)
        bottom = es_co.number(sum((w for _, w in terms), Decimal(0)))
    else:
        top = " + ".join(es_co.fixed(v, d) for v, _ in terms) if len(terms) <= 12 else \
            es_co.number(sum((v for v, _ in terms), Decimal(0)))
        bottom = str(len(terms))
    return f"{what}: ({top}) / {bottom} = {es_co.figure(result.total)}"


def record_sentence(record: Record) -> str:
    """One follow-up document and whether it met the publication deadline."""
    if record.kind is None or record.date is None:
        return ("El seguimiento no tiene acta ni informe: no hay fecha que comparar con el "
                "plazo.")
    name = "Acta" if record.kind == "acta" else "Informe"
    label = f"{name} {record.number}" if record.number else name
    state = "dentro del plazo" if record.on_time else "FUERA DEL PLAZO"
    if record.published is not None:
        return (f"{label} del {es_co.long_date(record.date)}, publicado el "
                f"{es_co.long_date(record.published)}: {state} (se comparó la fecha de "
                "publicación).")
    return (f"{label} del {es_co.long_date(record.date)}: {state} (se comparó la fecha del "
            f"{record.kind}; no se indicó la de publicación).")


def total_label(result: ComplianceResult) -> str:
    """`TOTAL CUMPLIMIENTO AL 30 DE ABRIL DE 2024`, or `CONSOLIDADO DEL PLAN AL …` when the
    follow-up covers several components."""
    what = "TOTAL CUMPLIMIENTO" if len(result.components) == 1 else "CONSOLIDADO DEL PLAN"
    return f"{what} AL {es_co.long_date(result.cutoff).upper()}"
