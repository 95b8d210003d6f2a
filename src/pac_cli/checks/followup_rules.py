"""Rules that tie follow-ups to their plan: which plan, which cutoff, which activities.

The follow-ups of one cutoff may be one file or several (one per component, say): together
they must report every activity of the plan exactly once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pac_cli import es_co
from pac_cli.checks.plan_rules import rules_of
from pac_cli.checks.plan_set import PlanEntry, duplicate_plans, entries_of_year, plan_entries
from pac_cli.checks.results import Checked
from pac_cli.compute.plan_in_force import added_by_log, as_reported
from pac_cli.disk.project import PLANS_DIR
from pac_cli.disk.yaml_reader import Document, Loc
from pac_cli.models.frame import Frame
from pac_cli.models.plan import Activity, Plan, iter_activities
from pac_cli.models.problems import Problem, display_path
from pac_cli.models.validation import problem_at

if TYPE_CHECKING:  # imported with the first follow-up: a plan alone does not need them
    from pac_cli.models.followup import FollowUp, Progress, Section


def plan_for(doc: Document, followup: FollowUp, entries: Sequence[PlanEntry],
             unreadable: Sequence[Path] = ()) -> tuple[PlanEntry | None, str | None]:
    """The plan a follow-up is checked against (for a programme, its follow-up's
    vigencia of it), or why there is none."""
    candidates = entries_of_year(entries, followup.year, followup.frame)
    # a follow-up belongs to the project it sits in: prefer that project's plans
    project = doc.path.resolve().parent.parent
    own = [e for e in candidates if e.doc.path.resolve().parent.parent == project]
    candidates = own or candidates
    frame = f" con el marco «{followup.frame}»" if followup.frame else ""
    if not candidates:
        # a plan file that cannot be read may be the one: say so, its own error follows
        broken = sorted(display_path(p) for p in unreadable
                        if p.resolve().parent == project / PLANS_DIR)
        maybe = f"; no se pudo leer {', '.join(broken)}" if broken else ""
        return None, (f"no se encontró el plan de la vigencia {followup.year}{frame} (se busca "
                      f"en plans/ del proyecto y entre los archivos indicados){maybe}")
    if len({e.frame_id for e in candidates}) > 1:
        frames = ", ".join(sorted({e.frame_id for e in candidates}))
        return None, (f"hay varios planes de la vigencia {followup.year} (marcos {frames}): "
                      "indique en «marco» cuál sigue este seguimiento")
    if len(candidates) > 1:  # never pick one silently: the figures would depend on which
        names = ", ".join(sorted(e.doc.display for e in candidates))
        return None, (f"hay más de un plan de la vigencia {followup.year} con el marco "
                      f"«{candidates[0].frame_id}» ({names}): deje uno solo")
    entry = candidates[0]
    if entry.plan is None:
        return None, (f"el plan de la vigencia {followup.year} ({entry.doc.display}) no es "
                      "válido; corríjalo para revisar este seguimiento contra él")
    return entry, None


@dataclass(frozen=True)
class Reported:
    """A section of a follow-up file, with the file it is in."""

    doc: Document
    followup: FollowUp
    section: Section

    @property
    def number_loc(self) -> Loc:
        """Where the section names its component."""
        if self.section.loc == ("avances",):
            return ("componente",)
        return (*self.section.loc[:-1], "numero")


def link_problems(targets: Sequence[Checked], everything: Sequence[Checked],
                  frames: dict[str, Frame], unreadable: Sequence[Path] = ()) -> list[Problem]:
    """Every follow-up among `targets` against its plan and the other files of its cutoff."""
    entries = plan_entries(everything)
    problems = duplicate_plans(targets, entries)
    checked = {id(t.doc) for t in targets}
    # the sections of each (plan, cutoff), across every follow-up file seen
    cuts: dict[tuple[int, int, dt.date], list[Reported]] = {}
    """The sections reported at each (plan file, vigencia, cutoff)."""
    plans: dict[tuple[int, int], PlanEntry] = {}
    """Each plan by (file, vigencia): a programme is another plan in each vigencia."""
    for item in everything:
        followup = _followup(item)
        if followup is None:
            continue
        entry, why = plan_for(item.doc, followup, entries, unreadable)
        if entry is None:
            if id(item.doc) in checked:
                problems.append(problem_at(item.doc, ("vigencia",), str(why)))
            continue
        plans[(id(entry.doc), entry.year)] = entry
        cuts.setdefault((id(entry.doc), entry.year, followup.cutoff), []).extend(
            Reported(item.doc, followup, section) for section in followup.sections())
        if id(item.doc) in checked:
            assert entry.plan is not None
            problems += _followup_problems(item.doc, followup, entry, frames)
    for (plan_id, year, cutoff), reported in cuts.items():
        coverage = _coverage_problems(plans[(plan_id, year)], cutoff, reported, checked)
        problems += coverage
        if not any(p.is_error for p in coverage):
            problems += _signed_problems(plans[(plan_id, year)], cutoff, reported, checked,
                                         frames)
        # cumulative from 1 January: a programme's next vigencia starts again
        earlier = [c for p, y, c in cuts if (p, y) == (plan_id, year) and c < cutoff]
        if earlier and any(id(r.doc) in checked for r in reported):
            previous = max(earlier)
            problems += _decrease_problems(reported, cuts[(plan_id, year, previous)],
                                           previous, checked)
    problems += _to_update_problems([(t.doc, f) for t in targets
                                     if (f := _followup(t)) is not None])
    problems += _number_problems(everything, checked)
    return problems


def _signed_problems(entry: PlanEntry, cutoff: dt.date, reported: Sequence[Reported],
                     checked: set[int], frames: dict[str, Frame]) -> list[Problem]:
    """A signed figure never moves: an acta or informe that records the total it was signed
    with («total_firmado») must still give it, computed with the plan in force on its
    cutoff. A later change of the plan that is not logged, or logged without «antes», a
    changed frame or rounding: each would silently rewrite a published figure."""
    signed = [r for r in reported if id(r.doc) in checked and r.followup.signed_total is not None]
    plan = entry.plan_at(cutoff)
    rules = rules_of(plan, frames) if signed and plan is not None else None
    if rules is None or plan is None:
        return []
    from pac_cli.compute.engine import compute_followup

    files = list({id(r.followup): r.followup for r in reported}.values())
    try:
        result = compute_followup(as_reported(plan, files), files, rules)
    except ValueError:  # what does not link is reported by the other rules
        return []
    problems = []
    for item in {id(r.doc): r for r in signed}.values():
        followup, block = item.followup, "acta" if item.followup.minutes else "informe"
        sections = followup.sections()
        figure, what = result.total, "total"
        if len(sections) == 1 and len(result.components) > 1:
            figure = next(c.total for c in result.components
                          if c.component.number == sections[0].component)
            what = f"total del componente {sections[0].component}"
        assert followup.signed_total is not None
        if followup.signed_total != figure:
            problems.append(problem_at(
                item.doc, (block, "total_firmado"),
                f"{'el acta' if block == 'acta' else 'el informe'} se firmó con un {what} de "
                f"{es_co.tie(es_co.figure(followup.signed_total))}, y con el plan que regía "
                f"el {cutoff.isoformat()} el {what} es {es_co.tie(es_co.figure(figure))}: una "
                "cifra firmada no se mueve: si el plan cambió después del corte, registre el "
                "cambio en "
                "control_de_cambios con su fecha y cómo era antes («antes»)"))
    return problems


def _followup(item: Checked) -> FollowUp | None:
    """The follow-up a checked file holds, if it is a valid one (a file's kind names its
    model; a released plan is not asked for its model, which would build it again)."""
    return cast("FollowUp | None", item.model) if item.kind == "seguimiento" else None


def _number_problems(everything: Sequence[Checked], checked: set[int]) -> list[Problem]:
    """Each acta or informe of a vigencia has its own number: one that repeats another's is
    the previous cutoff's document copied and left unchanged."""
    seen: dict[tuple[Path, int, str], list[tuple[dt.date, str, Document, str]]] = {}
    for item in everything:
        followup = _followup(item)
        if followup is None:
            continue
        document = followup.minutes or followup.report
        if document is None or document.number is None:
            continue
        block = "acta" if followup.minutes is not None else "informe"
        key = (item.doc.path.resolve().parent.parent, followup.year,
               " ".join(document.number.split()).casefold())
        seen.setdefault(key, []).append((followup.cutoff, item.doc.display, item.doc, block))
    problems = []
    for found in seen.values():
        first, *others = sorted(found, key=lambda f: (f[0], f[1]))
        cutoff, display, doc, block = first
        for _, _, other, other_block in others:
            if id(other) in checked:
                line = doc.at((block, "numero"))[0]
                problems.append(problem_at(
                    other, (other_block, "numero"),
                    f"el número de {'esta acta' if other_block == 'acta' else 'este informe'} "
                    f"ya es el {'del acta' if block == 'acta' else 'del informe'} con corte "
                    f"{cutoff.isoformat()} ({display}, línea {line}): cada acta o informe de "
                    "la vigencia lleva su propio número"))
    return problems


PLACEHOLDERS = {"total": "el total calculado (o el consolidado)",
                "corte": "la fecha de corte, «30 de abril de 2024»",
                "numero": "el número del acta o del informe"}
"""What the acta's texts may say between braces: the document writes it from the data."""

_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,40})\}")
MINUTES_TEXTS = ("objetivo", "orden_del_dia", "introduccion", "metodologia", "conclusiones",
                  "recomendaciones", "cierre")


def long_date_pattern(day: dt.date) -> re.Pattern[str]:
    """A date as an acta writes it: «30 de abril de 2024», «30 de abril del año 2024»."""
    month = es_co.MONTHS[day.month - 1]
    return re.compile(rf"\b0?{day.day}\s+de\s+{month}\s+(?:de|del\s+año)\s+"
                      rf"{day.year}\b", re.IGNORECASE)


def _text_problems(doc: Document, followup: FollowUp, cutoffs: Sequence[dt.date]) -> list[Problem]:
    """The acta's texts: placeholders it knows, and no date of another cutoff of the vigencia
    (the previous acta copied: «con corte al 30 de abril» in August's)."""
    if followup.minutes is None or not isinstance(doc.data, dict):
        return []
    block = doc.data.get("acta")
    if not isinstance(block, dict):
        return []
    others = [(c, long_date_pattern(c)) for c in cutoffs if c != followup.cutoff]
    problems = []
    for key in MINUTES_TEXTS:
        value = block.get(key)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for i, text in items:
            if not isinstance(text, str):
                continue
            loc: Loc = ("acta", key) if i is None else ("acta", key, i)
            for name in _PLACEHOLDER.findall(text):
                if name not in PLACEHOLDERS:
                    known = ", ".join(f"{{{k}}}" for k in PLACEHOLDERS)
                    problems.append(problem_at(
                        doc, loc, f"«{{{name}}}» no es un dato que el acta sepa escribir "
                        f"(se conocen {known}): quedaría tal cual en el documento",
                        warning=True))
            for cutoff, pattern in others:
                if pattern.search(text):
                    problems.append(problem_at(
                        doc, loc, f"el texto nombra el {cutoff.day} de "
                        f"{es_co.MONTHS[cutoff.month - 1]} de {cutoff.year}, otro corte de la "
                        f"vigencia, y este seguimiento tiene corte al {followup.cutoff.day} de "
                        f"{es_co.MONTHS[followup.cutoff.month - 1]}: escriba {{corte}} y el "
                        "acta dirá siempre el suyo", warning=True))
    return problems


def _measure(progress: Progress) -> tuple[str, Decimal]:
    """The value a follow-up reports for an activity, and the key it is under."""
    if progress.achieved is not None:
        return "logro", progress.achieved
    if progress.percentage is not None:
        return "porcentaje", progress.percentage
    return "sin_avance", Decimal(0)


def _decrease_problems(reported: Sequence[Reported], before: Sequence[Reported],
                       previous: dt.date, checked: set[int]) -> list[Problem]:
    """A follow-up is cumulative from 1 January: what it reports cannot be less than at the
    previous cutoff of the vigencia, unless it says why («correccion»)."""
    earlier = {(r.section.component, p.activity_id): p for r in before
               for p in r.section.progress}
    problems = []
    for item in reported:
        if id(item.doc) not in checked:
            continue
        for i, progress in enumerate(item.section.progress):
            old = earlier.get((item.section.component, progress.activity_id))
            if old is None or progress.correction is not None:
                continue
            key, now = _measure(progress)
            _, then = _measure(old)
            if now < then:
                problems.append(problem_at(
                    item.doc, (*item.section.loc, i, key),
                    f"la actividad {progress.activity_id} del componente "
                    f"{item.section.component} reporta {now} y al corte {previous.isoformat()} "
                    f"reportó {then}: el seguimiento es acumulado desde el 1 de enero; si es una "
                    "corrección, diga por qué en «correccion»"))
    return problems


def _to_update_problems(followups: Sequence[tuple[Document, FollowUp]]) -> list[Problem]:
    """Progress copied by `pac followup new` and not yet updated, once per file."""
    problems = []
    for doc, followup in followups:
        sections = followup.sections()
        pending = [(s, i, p) for s in sections for i, p in enumerate(s.progress) if p.to_update]
        if pending:
            section, i, _ = pending[0]
            several = len(sections) > 1
            ids = ", ".join(f"{s.component}·{p.activity_id}" if several else p.activity_id
                            for s, _, p in pending[:8])
            more = f" y {len(pending) - 8} más" if len(pending) > 8 else ""
            n = len(pending)
            problems.append(problem_at(
                doc, (*section.loc, i, "por_actualizar"),
                f"{n} actividad{'es' if n != 1 else ''} sigue{'n' if n != 1 else ''} marcada"
                f"{'s' if n != 1 else ''} «por_actualizar» ({ids}{more}): registre su avance "
                "a este corte y quite la marca", warning=True))
    return problems


def _followup_problems(doc: Document, followup: FollowUp, entry: PlanEntry,
                       frames: dict[str, Frame]) -> list[Problem]:
    """Rules of one follow-up file: its cutoff and dates against the plan's rules."""
    problems = []
    assert entry.plan is not None
    rules = rules_of(entry.plan, frames)
    if followup.cutoff.year != followup.year:
        problems.append(problem_at(doc, ("corte",),
                                   f"el corte {followup.cutoff.isoformat()} no está dentro de "
                                   f"la vigencia {followup.year}"))
    elif rules is not None and followup.cutoff.strftime("%m-%d") not in rules.schedule.cutoffs:
        problems.append(problem_at(
            doc, ("corte",),
            f"el corte {followup.cutoff.isoformat()} no es uno de los cortes del plan "
            f"({', '.join(rules.schedule.cutoffs)}): se calcula y publica como corte "
            "adicional, con la misma regla de plazo desde su fecha", warning=True))
    block = "acta" if followup.minutes is not None else "informe"
    date = followup.document_date
    if date is not None and date < followup.cutoff:
        problems.append(problem_at(doc, (block, "fecha"),
                                   f"la fecha del {block} es anterior a la fecha de corte"))
    publication = followup.publication
    if publication is not None and date is not None and publication.date < date:
        problems.append(problem_at(doc, (block, "publicacion", "fecha"),
                                   f"la fecha de publicación es anterior a la del {block}"))
    elif publication is not None and publication.date > es_co.today():
        problems.append(problem_at(doc, (block, "publicacion", "fecha"),
                                   "la fecha de publicación es posterior a hoy: escriba la "
                                   "fecha en que se publicó, o quite «publicacion» hasta "
                                   "publicarlo"))
    if rules is not None:
        cutoffs = [dt.date.fromisoformat(f"{followup.year}-{day}")
                   for day in rules.schedule.cutoffs if real_day(followup.year, day)]
        problems += _text_problems(doc, followup, cutoffs)
    return problems


def real_day(year: int, month_day: str) -> bool:
    """Whether MM-DD is a day of that year (29 February is not, in most)."""
    try:
        dt.date.fromisoformat(f"{year}-{month_day}")
    except ValueError:  # 02-29 in a year that has none
        return False
    return True


def _coverage_problems(entry: PlanEntry, cutoff: dt.date, reported: Sequence[Reported],
                       checked: set[int]) -> list[Problem]:
    """Together, the follow-ups of a cutoff report every activity of the plan in force on
    its day exactly once."""
    plan = entry.plan_at(cutoff)
    assert plan is not None
    problems: list[Problem] = []
    first: dict[int, Reported] = {}
    for item in sorted(reported, key=lambda r: (r.doc.display, r.section.loc)):
        number = item.section.component
        mine = id(item.doc) in checked
        component = plan.component(number)
        if component is None:
            if mine:
                problems.append(problem_at(
                    item.doc, item.number_loc,
                    f"el plan {entry.doc.display} no tiene el componente {number}"))
            continue
        if number in first:
            if mine:
                earlier = first[number]
                where = ("en la línea" if earlier.doc is item.doc
                         else f"en {earlier.doc.display}, línea")
                problems.append(problem_at(
                    item.doc, item.number_loc,
                    f"el componente {number} ya se reporta con corte {cutoff.isoformat()} "
                    f"{where} {earlier.doc.at(earlier.number_loc)[0]}"))
            continue
        first[number] = item
        if mine:
            problems += _section_problems(item, component_activities(plan, number), entry,
                                          cutoff)
    missing = [c for c in plan.components if c.number not in first]
    if missing:
        names = ", ".join(f"{c.number} ({c.name})" for c in missing)
        files = sorted({r.doc.display for r in reported})
        for doc in {id(r.doc): r.doc for r in reported if id(r.doc) in checked}.values():
            problems.append(problem_at(
                doc, ("corte",),
                f"ningún seguimiento con corte {cutoff.isoformat()} ({', '.join(files)}) "
                f"reporta {'el componente' if len(missing) == 1 else 'los componentes'} "
                f"{names} del plan {entry.doc.display}"))
    return problems


def component_activities(plan: Plan, number: int) -> dict[str, Activity]:
    component = plan.component(number)
    return {a.id: a for _, a in iter_activities(component)} if component else {}


def _section_problems(item: Reported, activities: dict[str, Activity],
                      entry: PlanEntry, cutoff: dt.date) -> list[Problem]:
    """Each reported activity exists once, and every activity of the component is there."""
    doc, section = item.doc, item.section
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    plan = entry.plan
    # a plan changed after the cutoff is followed up as it stood on its day: say so
    name = entry.doc.display + (f" como regía el {cutoff.isoformat()}" if plan is not None and any(
        change.date > cutoff for change in plan.change_log) else "")
    for i, progress in enumerate(section.progress):
        loc: Loc = (*section.loc, i)
        activity = activities.get(progress.activity_id)
        if progress.activity_id in seen:
            problems.append(problem_at(
                doc, (*loc, "actividad"),
                f"la actividad {progress.activity_id} ya se reportó en la línea "
                f"{doc.at((*section.loc, seen[progress.activity_id]))[0]}"))
            continue
        seen[progress.activity_id] = i
        if activity is None:
            near = difflib.get_close_matches(progress.activity_id, list(activities), n=1)
            hint = f"; ¿quiso decir {near[0]}?" if near else ""
            problems.append(problem_at(
                doc, (*loc, "actividad"),
                f"la actividad {progress.activity_id} no existe en el componente "
                f"{section.component} del plan {name}{hint}"))
            continue
        problems.extend(_progress_problems(doc, loc, activity, progress))
    added = added_by_log(plan) if plan is not None else set()
    missing = [a for a in activities if a not in seen]
    # an activity a logged change added, that a follow-up (signed before the change was
    # written down, say) does not report: said, and left out of its figure, never forcing a
    # signed document to change
    late = [a for a in missing if (section.component, a) in added or (None, a) in added]
    missing = [a for a in missing if a not in late]
    if late:
        problems.append(problem_at(
            doc, section.loc,
            f"el seguimiento no reporta {'la actividad' if len(late) == 1 else 'las actividades'}"
            f" {', '.join(late)} del componente {section.component}, que agregó un cambio del "
            f"plan (control_de_cambios): su cifra se calcula sin "
            f"{'ella' if len(late) == 1 else 'ellas'}; si debía reportarla, agréguela",
            key=True, warning=True))
    if missing:
        problems.append(problem_at(
            doc, section.loc,
            f"faltan en el seguimiento las actividades {', '.join(missing)} del componente "
            f"{section.component} del plan {name}: repórtelas o márquelas con "
            "«sin_avance: true»", key=True))
    return problems


def _progress_problems(doc: Document, loc: Loc, activity: Activity,
                       progress: Progress) -> list[Problem]:
    """Rules for one reported activity against its plan entry."""
    problems = []
    if activity.annual_target is None and progress.achieved is not None:
        problems.append(problem_at(
            doc, (*loc, "logro"),
            f"la actividad {activity.id} es cualitativa (no tiene meta_anual): indique "
            "«porcentaje» y «justificacion» en lugar de «logro»"))
    if activity.annual_target is not None and progress.percentage is not None:
        problems.append(problem_at(
            doc, (*loc, "porcentaje"),
            f"la actividad {activity.id} tiene meta anual ({activity.annual_target}): "
            "indique el «logro»; el % se calcula"))
    if (activity.annual_target is not None and progress.achieved is not None
            and progress.achieved > activity.annual_target):
        problems.append(problem_at(
            doc, (*loc, "logro"),
            f"el logro ({progress.achieved}) supera la meta anual "
            f"({activity.annual_target}) de la actividad {activity.id}: el avance se "
            "limita a 100 %", warning=True))
    cited: set[str] = set()
    for j, evidence in enumerate(progress.evidence):
        if evidence.reference in cited:
            problems.append(problem_at(
                doc, (*loc, "evidencias", j, "referencia"),
                "esta evidencia está repetida en la misma actividad", warning=True))
        cited.add(evidence.reference)
    return problems
