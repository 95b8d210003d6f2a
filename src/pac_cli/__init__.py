"""pac: the Plan Anticorrupción y de Atención al Ciudadano as version-controlled YAML.

    >>> from pac_cli import load_plan, load_followup, compute_followup
    >>> result = compute_followup(load_plan("plans/2024.yaml"), load_followup(
    ...     "followups/2024-04-30.yaml"))
    >>> result.total
    Decimal('33.76')

The models, results and errors are exported here too (`from pac_cli import Plan,
ComplianceResult, PacError`); they are imported the first time they are asked for, so
that importing `pac_cli` stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from pac_cli.checks.results import ValidationResult
    from pac_cli.compute.engine import ActivityResult, ComplianceResult, ComponentResult, Zone
    from pac_cli.errors import (
        InvalidDataError,
        NotFoundError,
        OutputError,
        PacError,
        ReadError,
        TemplateError,
    )
    from pac_cli.models.followup import FollowUp, Progress
    from pac_cli.models.frame import Frame
    from pac_cli.models.plan import Activity, Component, Plan, Rules, Subcomponent
    from pac_cli.models.problems import Problem
    from pac_cli.models.project_config import ProjectConfig

__all__ = [
    "Activity", "ActivityResult", "ComplianceResult", "Component", "ComponentResult",
    "FollowUp", "Frame", "InvalidDataError", "NotFoundError", "OutputError", "PacError",
    "Plan", "Problem", "Progress", "ProjectConfig", "ReadError", "Rules", "Subcomponent",
    "TemplateError", "ValidationResult", "Zone", "compute_followup", "load_followup",
    "load_plan", "load_project",
]

_LAZY = {
    "ValidationResult": "pac_cli.checks.results",
    "ActivityResult": "pac_cli.compute.engine", "ComplianceResult": "pac_cli.compute.engine",
    "ComponentResult": "pac_cli.compute.engine", "Zone": "pac_cli.compute.engine",
    "InvalidDataError": "pac_cli.errors", "NotFoundError": "pac_cli.errors",
    "OutputError": "pac_cli.errors", "PacError": "pac_cli.errors",
    "ReadError": "pac_cli.errors", "TemplateError": "pac_cli.errors",
    "FollowUp": "pac_cli.models.followup", "Progress": "pac_cli.models.followup",
    "Frame": "pac_cli.models.frame",
    "Activity": "pac_cli.models.plan", "Component": "pac_cli.models.plan",
    "Plan": "pac_cli.models.plan", "Rules": "pac_cli.models.plan",
    "Subcomponent": "pac_cli.models.plan",
    "Problem": "pac_cli.models.problems",
    "ProjectConfig": "pac_cli.models.project_config",
}


if not TYPE_CHECKING:  # a type checker sees the imports above, and flags a misspelt name

    def __getattr__(name: str) -> Any:
        """The exported types, imported when first asked for (PEP 562)."""
        if name in _LAZY:
            return getattr(importlib.import_module(_LAZY[name]), name)
        raise AttributeError(f"module 'pac_cli' has no attribute {name!r}")


M = TypeVar("M", bound="BaseModel")


def load_plan(path: str | Path) -> Plan:
    """Load and validate one plan file (its schema; the rules across files are `pac
    validate`'s)."""
    from pac_cli.models.plan import Plan

    return _load(Path(path), Plan)


def load_followup(path: str | Path) -> FollowUp:
    """Load and validate one follow-up file (its schema; the rules across files are `pac
    validate`'s)."""
    from pac_cli.models.followup import FollowUp

    return _load(Path(path), FollowUp)


def load_project(path: str | Path) -> ProjectConfig:
    """Load and validate a project's `pac.yaml`: its entity, its acta's format, its frames."""
    from pac_cli.models.project_config import ProjectConfig

    return _load(Path(path), ProjectConfig)


def compute_followup(plan: Plan, followups: FollowUp | Sequence[FollowUp],
                     component: int | None = None,
                     frames: Iterable[Frame] = ()) -> ComplianceResult:
    """The figures of a cutoff (see `pac_cli.compute.engine.compute_followup`), with the plan
    as it stood on the cutoff's day (`pac_cli.compute.plan_in_force`) and the rules of the
    plan's frame: one that comes with pac (PAAC, PTEP) or one of `frames` (a
    project's own, `load_project("pac.yaml").frames`), and the plan's own settings.

    Raises `InvalidDataError` (a `PacError`, in Spanish) when the follow-ups cannot be
    computed with this plan: none given, cutoffs of several days, another vigencia or frame,
    a component or an activity the plan does not have, an activity or a component of the
    plan that no follow-up reports (half of a cutoff split in several files). Never a bare
    `ValueError`.
    """
    from pac_cli import es_co
    from pac_cli.compute.engine import compute_followup as compute
    from pac_cli.errors import InvalidDataError
    from pac_cli.models.frame_catalog import catalog
    from pac_cli.models.plan import iter_activities, resolve_rules

    catalogue = catalog(frames)
    if plan.frame_id not in catalogue:
        raise InvalidDataError(f"no hay un marco «{plan.frame_id}» entre los de pac ni entre "
                               "los dados en frames")
    listed = [followups] if not isinstance(followups, Sequence) else list(followups)
    if not listed:
        raise InvalidDataError("no hay seguimientos que calcular: dé el de un corte (o los "
                               "archivos de un mismo corte)")
    cutoffs = sorted({f.cutoff.isoformat() for f in listed})
    if len(cutoffs) > 1:
        raise InvalidDataError(f"los seguimientos son de cortes distintos ({', '.join(cutoffs)}):"
                               " se calcula un corte a la vez")
    for followup in listed:
        if followup.year not in plan.years:
            raise InvalidDataError(f"el seguimiento con corte {followup.cutoff} es de la "
                                   f"vigencia {followup.year} y el plan de la "
                                   f"{es_co.years(plan.years)}")
        if followup.frame is not None and followup.frame != plan.frame_id:
            raise InvalidDataError(f"el seguimiento con corte {followup.cutoff} sigue un plan "
                                   f"del marco «{followup.frame}» y este es del marco "
                                   f"«{plan.frame_id}»")
        missing = [s.component for s in followup.sections()
                   if plan.in_year(followup.year).component(s.component) is None]
        if missing:
            raise InvalidDataError(f"el seguimiento con corte {followup.cutoff} reporta el "
                                   f"componente {missing[0]}, que el plan no tiene")
    if len({f.year for f in listed}) > 1:
        raise InvalidDataError("los seguimientos son de vigencias distintas: se calcula un "
                               "corte a la vez")
    # a programme of several vigencias is computed as the plan of the follow-ups' vigencia,
    # and every cutoff with the plan in force on its day (changes logged later undone)
    from pac_cli.compute.plan_in_force import as_reported, plan_at

    year_plan = as_reported(plan_at(plan, listed[0].cutoff).in_year(listed[0].year), listed)
    for followup in listed:
        for section in followup.sections():
            known = year_plan.component(section.component)
            ids = {a.id for _, a in iter_activities(known)} if known is not None else set()
            unknown = [p.activity_id for p in section.progress if p.activity_id not in ids]
            if unknown:
                raise InvalidDataError(
                    f"el seguimiento con corte {followup.cutoff} reporta la actividad "
                    f"{unknown[0]} del componente {section.component}, que el plan no tiene "
                    "(¿es el seguimiento de otro plan?)")
    try:
        return compute(year_plan, listed, resolve_rules(year_plan, catalogue[plan.frame_id]),
                       component)
    except ValueError as exc:  # what does not link: an activity or a component unreported
        raise InvalidDataError(f"{exc} (corte {listed[0].cutoff}): pac validate dice qué "
                               "falta en cada archivo") from None


def _load(path: Path, model: type[M]) -> M:
    from pac_cli.disk.yaml_reader import load_file
    from pac_cli.models.validation import validated

    return validated(load_file(path), model)
