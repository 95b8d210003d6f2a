"""Validation: load each file, check it against its model, then check the links between files.

Every finding is a `Problem` with the file, line and column of the value (or key) at fault,
so the user sees all of them at once, as `file:line:col: message` in Spanish.
"""

from __future__ import annotations

import difflib
import gc
import types
import typing
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pac_cli.errors import InvalidDataError, ReadError
from pac_cli.loader import Document, Loc, load_file
from pac_cli.models import (
    MODELS,
    Activity,
    FollowUp,
    Model,
    Plan,
    Progress,
    ProjectConfig,
    describe,
    iter_activities,
    model_for,
)
from pac_cli.problems import Problem, Severity, display_path


@dataclass
class Checked:
    """One file after validation: its document, its kind and, if valid, its model."""

    doc: Document
    kind: str
    model: Model | None


@dataclass
class Report:
    """Everything validation found in a set of files."""

    problems: list[Problem] = field(default_factory=list)
    files: list[Checked] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    unreadable: int = 0
    context: list[Checked] = field(default_factory=list)
    """Files loaded only to resolve links (the project's plans), not reported on."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def exit_code(self, *, strict: bool = False) -> int:
        if self.unreadable:
            return 2
        if self.errors or (strict and self.warnings):
            return 1
        return 0

    def plans(self) -> list[tuple[Document, Plan]]:
        """Every valid plan seen, the checked files first, then the context."""
        return [(c.doc, c.model) for c in self.files + self.context
                if isinstance(c.model, Plan)]

    def followups(self) -> list[tuple[Document, FollowUp]]:
        return [(c.doc, c.model) for c in self.files if isinstance(c.model, FollowUp)]

    def config(self) -> ProjectConfig | None:
        return next((c.model for c in self.files if isinstance(c.model, ProjectConfig)), None)


def refusal(problems: Sequence[Problem]) -> InvalidDataError:
    """The first error of a file a command cannot use, at its place, with how many follow."""
    errors = [p for p in problems if p.is_error] or list(problems)
    if not errors:
        return InvalidDataError("el archivo no es válido")
    first, more = errors[0], len(errors) - 1
    extra = f" (y {more} error{'es' if more > 1 else ''} más: corra pac validate)" if more else ""
    return InvalidDataError(first.message + extra, path=first.path, line=first.line,
                            column=first.column)


M = TypeVar("M", bound=BaseModel)


def validated(doc: Document, model: type[M]) -> M:
    """The document as `model`, or a refusal at the line of its first schema error."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise refusal(pydantic_problems(doc, exc, model)) from None


def check_files(paths: Sequence[Path], context: Iterable[Path] = ()) -> Report:
    """Validate `paths`; files in `context` (e.g. the project's plans) only serve as links."""
    report = Report()
    seen = {p.resolve() for p in paths}
    # Every document keeps its node tree for positions: hundreds of thousands of objects
    # without cycles, which the cyclic collector would rescan again and again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for path in paths:
            _check_one(path, report)
        # Context files are validated quietly: their own problems are reported when they
        # are themselves checked; here they only provide the plans that follow-ups need.
        quiet = Report()
        for path in context:
            if path.resolve() not in seen:
                _check_one(path, quiet)
    finally:
        if gc_was_enabled:
            gc.enable()
    report.context = quiet.files
    _check_links(report.files, report.files + quiet.files, report)
    report.problems.sort()
    return report


def _check_one(path: Path, report: Report) -> None:
    display = display_path(path)
    report.checked.append(display)
    try:
        doc = load_file(path, display)
    except ReadError as exc:
        report.unreadable += 1
        report.problems.append(Problem(display, exc.line or 1, exc.column or 1, exc.message))
        return
    except InvalidDataError as exc:
        report.problems.append(Problem(display, exc.line or 1, exc.column or 1, exc.message))
        return
    kind = model_for(doc.data)
    if kind is None:
        what = "un mapa sin claves conocidas" if isinstance(doc.data, dict) \
            else describe(doc.data)
        report.problems.append(Problem(
            display, *doc.at(()),
            f"no es un plan (falta «componentes»), ni un seguimiento (falta «corte»), ni la "
            f"configuración del proyecto (falta «entidad»): se encontró {what}"))
        return
    model_class = MODELS[kind]
    try:
        model: Model | None = model_class.model_validate(doc.data)
    except ValidationError as exc:
        report.problems.extend(pydantic_problems(doc, exc, model_class))
        model = None
    report.files.append(Checked(doc, kind, model))
    if isinstance(model, Plan):
        report.problems.extend(plan_problems(doc, model))


# --- pydantic errors in Spanish -------------------------------------------------------

_TYPE_MESSAGES = {
    "string_type": "debe ser un texto",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "bool_type": "debe ser true o false",
    "bool_parsing": "debe ser true o false",
    "date_type": "debe ser una fecha AAAA-MM-DD",
    "date_parsing": "debe ser una fecha válida AAAA-MM-DD",
    "date_from_datetime_parsing": "debe ser una fecha válida AAAA-MM-DD",
    "date_from_datetime_inexact": "debe ser una fecha sin hora, AAAA-MM-DD",
    "time_type": "debe ser una hora HH:MM",
    "time_parsing": "debe ser una hora válida HH:MM",
    "list_type": "debe ser una lista (elementos que empiezan con «- »)",
    "model_type": "debe ser un mapa de campos «clave: valor»",
    "model_attributes_type": "debe ser un mapa de campos «clave: valor»",
    "dict_type": "debe ser un mapa de campos «clave: valor»",
    "decimal_type": "debe ser un número",
    "decimal_parsing": "debe ser un número",
}


def translate(error: Any) -> str:
    """A pydantic error as a short Spanish message that says what to do."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind in _TYPE_MESSAGES:
        return f"{_TYPE_MESSAGES[kind]} (se encontró {describe(value)})"
    if kind == "missing":
        return "falta este campo obligatorio"
    if kind == "greater_than":
        return f"debe ser un número mayor que {ctx['gt']} (se encontró {describe(value)})"
    if kind == "greater_than_equal":
        return f"debe ser un número mayor o igual que {ctx['ge']} (se encontró {describe(value)})"
    if kind == "less_than_equal":
        return f"debe ser un número menor o igual que {ctx['le']} (se encontró {describe(value)})"
    if kind == "too_short":
        return "no puede estar vacío: debe tener al menos un elemento"
    if kind == "literal_error":
        expected = str(ctx["expected"]).replace(" or ", " o ")
        return f"debe ser uno de: {expected} (se encontró {describe(value)})"
    if kind == "string_pattern_mismatch":
        return f"no tiene la forma esperada, p. ej. «1.1» (se encontró {describe(value)})"
    if kind.startswith("pac_"):
        return str(error["msg"])
    return str(error["msg"])


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` (for suggesting key names)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = next((f for name, f in current.model_fields.items()
                     if (f.alias or name) == part), None)
        current = _find_model(info.annotation) if info is not None else None
    return current


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return None
    for arg in typing.get_args(annotation):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def pydantic_problems(doc: Document, exc: ValidationError,
                      model: type[BaseModel]) -> list[Problem]:
    """Each validation error, placed at the line and column of the value at fault."""
    problems = []
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            key = str(loc[-1])
            parent = _model_at(model, loc[:-1])
            allowed = [f.alias or n for n, f in parent.model_fields.items()] if parent else []
            near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"; ¿quiso decir «{near[0]}»?" if near else (
                f"; se admiten: {', '.join(allowed)}" if allowed else "")
            where = _dotted(loc[:-1]) or "el documento"
            message = f"{where}: campo desconocido «{key}»{hint}"
            line, column = doc.at(loc, key=True)
        elif error["type"] == "missing":
            where = _dotted(loc[:-1]) or "el documento"
            message = f"{where}: falta el campo obligatorio «{loc[-1]}»"
            line, column = doc.at(loc[:-1])
        else:
            where = _dotted(loc) or "el documento"
            message = f"{where}: {translate(error)}"
            line, column = doc.at(loc)
        problems.append(Problem(doc.display, line, column, message))
    return problems


# --- rules across fields and files ----------------------------------------------------


def _problem(doc: Document, loc: Loc, message: str, *, key: bool = False,
             warning: bool = False) -> Problem:
    line, column = doc.at(loc, key=key)
    return Problem(doc.display, line, column, message,
                   Severity.WARNING if warning else Severity.ERROR)


def activity_locations(plan: Plan) -> dict[tuple[int, str], list[Loc]]:
    """Where each (component, activity id) is defined in the plan file."""
    found: dict[tuple[int, str], list[Loc]] = {}

    def walk(number: int, activities: Iterable[Any], loc: Loc) -> None:
        for i, activity in enumerate(activities):
            here = (*loc, i)
            found.setdefault((number, activity.id), []).append(here)
            walk(number, activity.subactivities, (*here, "subactividades"))

    for ci, comp in enumerate(plan.components):
        for si, sub in enumerate(comp.subcomponents):
            walk(comp.number, sub.activities,
                 ("componentes", ci, "subcomponentes", si, "actividades"))
    return found


def plan_problems(doc: Document, plan: Plan) -> list[Problem]:
    """Rules inside one plan: unique numbers and ids, ids that follow their subcomponent."""
    problems = []
    numbers = Counter(c.number for c in plan.components)
    for ci, comp in enumerate(plan.components):
        if numbers[comp.number] > 1:
            problems.append(_problem(doc, ("componentes", ci, "numero"),
                                     f"el componente {comp.number} está repetido"))
        subs = Counter(s.number for s in comp.subcomponents)
        for si, sub in enumerate(comp.subcomponents):
            if subs[sub.number] > 1:
                problems.append(_problem(
                    doc, ("componentes", ci, "subcomponentes", si, "numero"),
                    f"el subcomponente {sub.number} está repetido en el componente "
                    f"{comp.number}"))
    for (number, activity_id), locs in activity_locations(plan).items():
        for loc in locs[1:]:
            problems.append(_problem(
                doc, (*loc, "id"),
                f"la actividad {activity_id} está repetida en el componente {number} (ya "
                f"aparece en la línea {doc.at((*locs[0], 'id'))[0]})"))
    for ci, comp in enumerate(plan.components):
        for si, sub in enumerate(comp.subcomponents):
            for ai, activity in enumerate(sub.activities):
                if activity.id.split(".")[0] != str(sub.number):
                    problems.append(_problem(
                        doc, ("componentes", ci, "subcomponentes", si, "actividades", ai, "id"),
                        f"la actividad {activity.id} está en el subcomponente {sub.number}: "
                        f"se esperaba un número que empiece por «{sub.number}.»",
                        warning=True))
    return problems


def _check_links(targets: list[Checked], everything: list[Checked], report: Report) -> None:
    plans: dict[int, list[tuple[Document, Plan | None]]] = {}
    # one plan per vigencia in a folder; plans elsewhere belong to other projects
    by_folder: dict[tuple[Path, int], list[Document]] = {}
    for item in everything:
        if item.kind == "plan":
            year = item.doc.data.get("vigencia")
            plan = item.model if isinstance(item.model, Plan) else None
            if isinstance(year, int):
                plans.setdefault(year, []).append((item.doc, plan))
                by_folder.setdefault((item.doc.path.resolve().parent, year), []).append(item.doc)
    checked = {id(t.doc) for t in targets}
    for (_, year), docs in by_folder.items():
        if len(docs) > 1:
            names = ", ".join(d.display for d in docs)
            report.problems.extend(
                _problem(doc, ("vigencia",), f"hay más de un plan de la vigencia {year}: {names}")
                for doc in docs if id(doc) in checked)
    cuts: Counter[tuple[int, int, Any]] = Counter(
        (c.model.year, c.model.component, c.model.cutoff)
        for c in everything if isinstance(c.model, FollowUp))
    for item in targets:
        if isinstance(item.model, FollowUp):
            key = (item.model.year, item.model.component, item.model.cutoff)
            if cuts[key] > 1:
                report.problems.append(_problem(
                    item.doc, ("corte",),
                    f"hay más de un seguimiento del componente {key[1]} con corte {key[2]}"))
            candidates = plans.get(item.model.year, [])
            report.problems.extend(followup_problems(item.doc, item.model, candidates))


def followup_problems(doc: Document, followup: FollowUp,
                      candidates: list[tuple[Document, Plan | None]]) -> list[Problem]:
    """Rules that tie a follow-up to its plan."""
    problems: list[Problem] = []
    if not candidates:
        return [_problem(doc, ("vigencia",),
                         f"no se encontró el plan de la vigencia {followup.year} (se busca en "
                         "plans/ del proyecto y entre los archivos indicados)")]
    plan_doc, plan = candidates[0]
    if plan is None:
        return [_problem(doc, ("vigencia",),
                         f"el plan de la vigencia {followup.year} ({plan_doc.display}) no es "
                         "válido; corríjalo para revisar este seguimiento contra él")]
    if followup.cutoff.year != followup.year:
        problems.append(_problem(doc, ("corte",),
                                 f"el corte {followup.cutoff.isoformat()} no está dentro de la "
                                 f"vigencia {followup.year}"))
    elif followup.cutoff.strftime("%m-%d") not in plan.schedule.cutoffs:
        problems.append(_problem(
            doc, ("corte",),
            f"el corte {followup.cutoff.isoformat()} no es uno de los cortes del plan "
            f"({', '.join(plan.schedule.cutoffs)})", warning=True))
    if followup.minutes is not None and followup.minutes.date < followup.cutoff:
        problems.append(_problem(doc, ("acta", "fecha"),
                                 "la fecha del acta es anterior a la fecha de corte"))
    component = plan.component(followup.component)
    if component is None:
        problems.append(_problem(
            doc, ("componente",),
            f"el plan {plan_doc.display} no tiene el componente {followup.component}"))
        return problems
    activities = {a.id: a for _, a in iter_activities(component)}
    seen: dict[str, int] = {}
    for i, progress in enumerate(followup.progress):
        loc: Loc = ("avances", i)
        activity = activities.get(progress.activity_id)
        if progress.activity_id in seen:
            problems.append(_problem(
                doc, (*loc, "actividad"),
                f"la actividad {progress.activity_id} ya se reportó en la línea "
                f"{doc.at(('avances', seen[progress.activity_id]))[0]}"))
            continue
        seen[progress.activity_id] = i
        if activity is None:
            near = difflib.get_close_matches(progress.activity_id, list(activities), n=1)
            hint = f"; ¿quiso decir {near[0]}?" if near else ""
            problems.append(_problem(
                doc, (*loc, "actividad"),
                f"la actividad {progress.activity_id} no existe en el componente "
                f"{component.number} del plan {plan_doc.display}{hint}"))
            continue
        problems.extend(_progress_problems(doc, loc, activity, progress))
    missing = [a for a in activities if a not in seen]
    if missing:
        problems.append(_problem(
            doc, ("avances",),
            f"faltan en el seguimiento las actividades {', '.join(missing)} del plan "
            f"{plan_doc.display}: repórtelas o márquelas con «sin_avance: true»", key=True))
    return problems


def _progress_problems(doc: Document, loc: Loc, activity: Activity,
                       progress: Progress) -> list[Problem]:
    """Rules for one reported activity against its plan entry."""
    problems = []
    if activity.annual_target is None and progress.achieved is not None:
        problems.append(_problem(
            doc, (*loc, "logro"),
            f"la actividad {activity.id} es cualitativa (no tiene meta_anual): indique "
            "«porcentaje» y «justificacion» en lugar de «logro»"))
    if activity.annual_target is not None and progress.percentage is not None:
        problems.append(_problem(
            doc, (*loc, "porcentaje"),
            f"la actividad {activity.id} tiene meta anual ({activity.annual_target}): "
            "indique el «logro»; el % se calcula"))
    if (activity.annual_target is not None and progress.achieved is not None
            and progress.achieved > activity.annual_target):
        problems.append(_problem(
            doc, (*loc, "logro"),
            f"el logro ({progress.achieved}) supera la meta anual "
            f"({activity.annual_target}) de la actividad {activity.id}: el avance se "
            "limita a 100 %", warning=True))
    cited: set[str] = set()
    for j, evidence in enumerate(progress.evidence):
        if evidence.reference in cited:
            problems.append(_problem(
                doc, (*loc, "evidencias", j, "referencia"),
                "esta evidencia está repetida en la misma actividad", warning=True))
        cited.add(evidence.reference)
    return problems
