"""Rules inside one plan: unique numbers and ids, its frame, its weights."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from pac_cli import es_co
from pac_cli.disk.yaml_reader import Document, Loc
from pac_cli.models.frame import Frame
from pac_cli.models.plan import Activity, Plan, Rules, iter_activities, resolve_rules
from pac_cli.models.problems import Problem
from pac_cli.models.validation import problem_at, pydantic_problems


def activity_locations(plan: Plan) -> dict[tuple[int, str], list[Loc]]:
    """Where each (component, activity id) is defined in the plan file."""
    # an explicit stack, not a recursive closure: a closure that calls itself is a reference
    # cycle, garbage the validation of thousands of plans (run without the cyclic
    # collector) would keep to the end
    found: dict[tuple[int, str], list[Loc]] = {}
    stack: list[tuple[int, Any, Loc]] = [
        (comp.number, activity, ("componentes", ci, "subcomponentes", si, "actividades", i))
        for ci, comp in enumerate(plan.components) for si, sub in enumerate(comp.subcomponents)
        for i, activity in enumerate(sub.activities)]
    stack.reverse()
    while stack:  # in file order: each activity, then its subactivities
        number, activity, here = stack.pop()
        found.setdefault((number, activity.id), []).append(here)
        stack += reversed([(number, child, (*here, "subactividades", i))
                           for i, child in enumerate(activity.subactivities)])
    return found


def plan_problems(doc: Document, plan: Plan) -> list[Problem]:
    """Rules inside one plan: unique numbers and ids, ids that follow their subcomponent."""
    problems = []
    locations = activity_locations(plan)  # once: thousands of plans are checked in a row
    numbers = Counter(c.number for c in plan.components)
    for ci, comp in enumerate(plan.components):
        if numbers[comp.number] > 1:
            problems.append(problem_at(doc, ("componentes", ci, "numero"),
                                     f"el componente {comp.number} está repetido"))
        subs = Counter(s.number for s in comp.subcomponents)
        for si, sub in enumerate(comp.subcomponents):
            if subs[sub.number] > 1:
                problems.append(problem_at(
                    doc, ("componentes", ci, "subcomponentes", si, "numero"),
                    f"el subcomponente {sub.number} está repetido en el componente "
                    f"{comp.number}"))
    for (number, activity_id), locs in locations.items():
        for loc in locs[1:]:
            problems.append(problem_at(
                doc, (*loc, "id"),
                f"la actividad {activity_id} está repetida en el componente {number} (ya "
                f"aparece en la línea {doc.at((*locs[0], 'id'))[0]})"))
    problems += _rhythm_problems(doc, plan, locations)
    problems += _programme_problems(doc, plan, locations)
    problems += _change_log_problems(doc, plan)
    for ci, comp in enumerate(plan.components):
        for si, sub in enumerate(comp.subcomponents):
            for ai, activity in enumerate(sub.activities):
                if activity.id.split(".")[0] != str(sub.number):
                    problems.append(problem_at(
                        doc, ("componentes", ci, "subcomponentes", si, "actividades", ai, "id"),
                        f"la actividad {activity.id} está en el subcomponente {sub.number}: "
                        f"se esperaba un número que empiece por «{sub.number}.»",
                        warning=True))
    return problems


def _rhythm_problems(doc: Document, plan: Plan,
                     locs: dict[tuple[int, str], list[Loc]]) -> list[Problem]:
    """A rhythm or milestones need an annual target; milestones fall in the vigencia, grow,
    and do not pass the target."""
    problems = []
    for comp in plan.components:
        for _, activity in iter_activities(comp):
            loc = locs[(comp.number, activity.id)][0]
            if activity.rhythm is None and not activity.milestones:
                continue
            key = "ritmo" if activity.rhythm is not None else "hitos"
            if activity.rhythm is not None and activity.milestones:
                problems.append(problem_at(doc, (*loc, "hitos"), f"la actividad {activity.id} "
                                           "tiene «ritmo» y «hitos»: indique uno solo", key=True))
            if activity.annual_target is None and activity.targets is None:
                problems.append(problem_at(doc, (*loc, key), f"la actividad {activity.id} no "
                                           f"tiene meta_anual: su «{key}» no tiene con qué "
                                           "compararse", key=True))
                continue
            problems += _milestone_problems(doc, plan, activity, loc)
    return problems


def _milestone_problems(doc: Document, plan: Plan, activity: Activity,
                        loc: Loc) -> list[Problem]:
    """Milestones fall in a vigencia of the activity, grow within it (each vigencia starts
    again from 1 January), and do not pass that vigencia's target."""
    problems = []
    previous: tuple[int, Decimal] | None = None
    for i, milestone in enumerate(activity.milestones or []):
        where = (*loc, "hitos", i)
        year = milestone.date.year
        target = activity.target_of(year) if year in plan.years else None
        if target is None:
            years = sorted(activity.targets) if activity.targets is not None else \
                list(plan.years)
            where_text = f"la vigencia {years[0]}" if len(years) == 1 else \
                "una vigencia de la actividad (" + ", ".join(str(y) for y in years) + ")"
            problems.append(problem_at(doc, (*where, "fecha"), f"el hito "
                                       f"{milestone.date.isoformat()} no está en {where_text}"))
            continue
        if previous is not None and previous[0] == year and milestone.value < previous[1]:
            problems.append(problem_at(doc, (*where, "valor"), "los hitos son "
                                       "acumulados: su valor no puede bajar"))
        if milestone.value > target:
            problems.append(problem_at(doc, (*where, "valor"), "el hito supera la "
                                       f"meta de la vigencia {year} ({target})", warning=True))
        previous = (year, milestone.value)
    return problems


def _programme_problems(doc: Document, plan: Plan,
                        locs: dict[tuple[int, str], list[Loc]]) -> list[Problem]:
    """«metas» belong to a programme of several vigencias, name only its vigencias, and
    every vigencia of the programme has activities."""
    problems = []
    for comp in plan.components:
        for _, activity in iter_activities(comp):
            if activity.targets is None:
                continue
            loc = (*locs[(comp.number, activity.id)][0], "metas")
            if plan.last_year is None:
                problems.append(problem_at(
                    doc, loc, f"la actividad {activity.id} tiene «metas» por vigencia, que son "
                    "de un programa de varias vigencias («vigencia_hasta»); en un plan de una "
                    "vigencia use «meta_anual»", key=True))
                continue
            for year in activity.targets:
                if year not in plan.years:
                    problems.append(problem_at(
                        doc, (*loc, str(year)), f"la actividad {activity.id} tiene meta para "
                        f"{year}, fuera del programa {plan.year}–{plan.last_year}", key=True))
    if plan.last_year is not None:
        for year in plan.years:
            if not plan.in_year(year).components:
                problems.append(problem_at(
                    doc, ("vigencia_hasta",), f"la vigencia {year} del programa no tiene "
                    "actividades: sus «metas» la dejan fuera"))
    return problems


def frame_of(plan: Plan, frames: dict[str, Frame]) -> Frame | None:
    """The plan's frame, None when it names one that does not exist."""
    return frames.get(plan.frame_id)


def rules_of(plan: Plan, frames: dict[str, Frame]) -> Rules | None:
    """The plan's settings over its frame's, None when either is wrong (reported apart)."""
    frame = frame_of(plan, frames)
    if frame is None:
        return None
    try:
        return resolve_rules(plan, frame)
    except ValidationError:
        return None


_BLOCKS = {"zonas": "zones", "redondeo": "rounding", "seguimiento": "schedule",
           "consolidado": "consolidation"}


def frame_problems(doc: Document, plan: Plan, frames: dict[str, Frame]) -> list[Problem]:
    """The plan's frame exists, applies to its vigencia, and the plan's settings fit it."""
    frame = frame_of(plan, frames)
    if frame is None:
        near = difflib.get_close_matches(plan.frame_id, list(frames), n=1)
        hint = f"; ¿quiso decir «{near[0]}»?" if near else ""
        return [problem_at(doc, ("marco",),
                           f"no hay un marco «{plan.frame_id}» (hay: {', '.join(frames)}; uno "
                           f"propio se define en «marcos» de pac.yaml){hint}")]
    problems = _publication_problems(doc, plan, frame)
    where: Loc = ("marco",) if plan.frame is not None else ("vigencia",)
    last = plan.years[-1]
    if frame.last_year is not None and last > frame.last_year:
        problems.append(problem_at(
            doc, where, f"el marco «{frame.id}» ({frame.name}) se aplica hasta la vigencia "
            f"{frame.last_year}; para la vigencia {last} indique su «marco» (p. ej. "
            "«ptep», o uno propio de pac.yaml)", warning=True))
    if frame.first_year is not None and plan.year < frame.first_year:
        problems.append(problem_at(
            doc, where, f"el marco «{frame.id}» ({frame.name}) se aplica desde la vigencia "
            f"{frame.first_year}", warning=True))
    try:
        rules = resolve_rules(plan, frame)
    except ValidationError as exc:
        block = next((key for key, name in _BLOCKS.items()
                      if getattr(plan, name) is not None), "marco")
        for problem in pydantic_problems(doc, exc, Plan):
            problems.append(problem_at(
                doc, (block,), f"con el marco «{frame.id}», {block}: "
                f"{problem.message.split(': ', 1)[-1]}"))
        return problems
    problems += _weight_problems(doc, plan, rules)
    where_cutoffs: Loc = ("seguimiento", "cortes") if plan.schedule is not None and \
        "cutoffs" in plan.schedule.model_fields_set else ("marco",)
    problems += [problem_at(doc, where_cutoffs, f"con el marco «{frame.id}», {message}")
                 for year in plan.years
                 for message in cutoff_problems(rules.schedule.cutoffs, year)]
    return problems


def _publication_problems(doc: Document, plan: Plan, frame: Frame) -> list[Problem]:
    """A publication date that cannot be this plan's (before the year preceding its first
    vigencia: another plan's, copied; or after today); one after its frame's deadline (31
    January of its first vigencia)."""
    rule, published = frame.plan_publication, plan.publication
    if published is None:
        return []
    today = es_co.today()
    if published.date.year < plan.year - 1 or published.date > today:
        when = ("es posterior a hoy" if published.date > today else
                f"es anterior a {plan.year - 1}, el año previo a la vigencia {plan.year}")
        return [problem_at(doc, ("publicacion", "fecha"), f"la fecha de publicación "
                           f"{published.date.isoformat()} {when}: no puede ser la de este plan "
                           "(¿se copió la de otro?); escriba la fecha en que se publicó, o "
                           "quite «publicacion» hasta publicarlo")]
    if rule is None:
        return []
    deadline = rule.deadline(plan.year)
    if published.date <= deadline:
        return []
    return [problem_at(doc, ("publicacion", "fecha"), f"el plan se publicó el "
                       f"{es_co.long_date(published.date)}, después del "
                       f"{es_co.long_date(deadline)} que fija el marco «{frame.id}» "
                       f"({rule.basis})", warning=True)]


def cutoff_problems(cutoffs: Sequence[str], year: int | None = None) -> list[str]:
    """Cutoffs are days of every year they are used in (29 February is not, for a frame
    that serves many), each once."""
    problems = []
    for day, count in Counter(cutoffs).items():
        if count > 1:
            problems.append(f"el corte {day} está repetido")
    for day in dict.fromkeys(cutoffs):
        try:
            dt.date.fromisoformat(f"{2023 if year is None else year}-{day}")
        except ValueError:
            where = f"en {year}" if year is not None else "en todos los años"
            problems.append(f"el corte {day} no es un día que exista {where}")
    return problems


def _weight_problems(doc: Document, plan: Plan, rules: Rules) -> list[Problem]:
    """A weight that the consolidation rule does not use is a mistake waiting to happen."""
    rule = rules.consolidation.rule
    problems = []
    for ci, comp in enumerate(plan.components):
        if comp.weight is not None and rule != "promedio_componentes":
            problems.append(problem_at(
                doc, ("componentes", ci, "peso"),
                f"el peso del componente {comp.number} no se usa: la regla del consolidado es "
                f"«{rule}»", warning=True))
    if rule != "promedio_actividades":
        weighted = [(comp, activity) for comp in plan.components
                    for _, activity in iter_activities(comp) if activity.weight is not None]
        locs = activity_locations(plan) if weighted else {}
        for comp, activity in weighted:
            problems.append(problem_at(
                doc, (*locs[(comp.number, activity.id)][0], "peso"),
                f"el peso de la actividad {activity.id} no se usa: la regla del consolidado "
                f"es «{rule}»", warning=True))
    return problems


def components_by_activity(plan: Plan) -> dict[str, set[int]]:
    """The components each activity number is used in."""
    where: dict[str, set[int]] = {}
    for component in plan.components:
        for _, activity in iter_activities(component):
            where.setdefault(activity.id, set()).add(component.number)
    return where


def _change_log_problems(doc: Document, plan: Plan) -> list[Problem]:
    """A change-log entry names a component of the plan, and names it when its activity
    numbers are in several components (else which activity changed is ambiguous); it says
    how each activity it names was before («antes»), and that fits the plan: undoing every
    entry, latest first, gives back a plan (what computes a cutoff before the change)."""
    where = components_by_activity(plan)
    numbers = {c.number for c in plan.components}
    problems = []
    for i, entry in enumerate(plan.change_log):
        if entry.component is not None and entry.component not in numbers:
            problems.append(problem_at(doc, ("control_de_cambios", i, "componente"),
                                       f"el plan no tiene un componente {entry.component}"))
        elif entry.component is None:
            shared = [a for a in entry.activities if len(where.get(a, ())) > 1]
            if shared:
                listed = " y ".join(str(n) for n in sorted(where[shared[0]]))
                problems.append(problem_at(
                    doc, ("control_de_cambios", i, "actividades"),
                    f"la actividad {shared[0]} está en los componentes {listed}: diga cuál con "
                    "«componente»"))
        for activity_id in entry.before:
            if activity_id not in entry.activities:
                problems.append(problem_at(
                    doc, ("control_de_cambios", i, "antes", activity_id),
                    f"«antes» dice cómo era la actividad {activity_id}, que esta entrada no "
                    "nombra en «actividades»", key=True))
        untold = [a for a in entry.activities if a not in entry.before]
        if untold:
            problems.append(problem_at(
                doc, ("control_de_cambios", i, "actividades"),
                f"la entrada no dice en «antes» cómo {'era' if len(untold) == 1 else 'eran'} "
                f"{'la actividad' if len(untold) == 1 else 'las actividades'} "
                f"{', '.join(untold)} antes del cambio: un corte anterior al "
                f"{entry.date.isoformat()} se calcularía con el plan de ahora (escriba, p. ej., "
                f"«antes: {{\"{untold[0]}\": {{meta_anual: …}}}}», o «null» si el cambio la "
                "agregó)", warning=True))
    if any(entry.before for entry in plan.change_log):
        from pac_cli.compute.plan_in_force import undo

        _, found = undo(plan, list(enumerate(plan.change_log)))
        problems += [problem_at(doc, ("control_de_cambios", f.entry, "antes", f.activity),
                                f.message, key=True) for f in found]
    return problems
