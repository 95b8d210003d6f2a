"""The library's entry points: what each command does, callable from Python."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pac_cli.checks import Report, check_files, refusal
from pac_cli.errors import InvalidDataError, NotFoundError, ReadError
from pac_cli.loader import Document, load_file
from pac_cli.models import FollowUp, Plan, model_for
from pac_cli.problems import display_path
from pac_cli.project import Project, find_project

if TYPE_CHECKING:
    from pac_cli.engine import ComplianceResult


def require_project(start: Path | None = None) -> Project:
    """The project around `start`, or a clear error when there is none."""
    project = find_project(start)
    if project is None:
        where = display_path(start) if start else "la carpeta actual"
        raise NotFoundError(f"no se encontró pac.yaml en {where} ni en sus carpetas superiores; "
                            "ejecute pac dentro de un proyecto o use --proyecto")
    return project


def validate(paths: list[Path], project: Project | None = None) -> Report:
    """Validate the given files (none: every file of the project).

    Follow-ups are checked against the plans of the project they belong to: `project`
    when given, else the one around the first file (or the working directory).
    """
    if project is None:
        project = find_project(paths[0].parent if paths else None)
    if not paths:
        if project is None:
            raise NotFoundError("no se indicaron archivos y no hay un proyecto (pac.yaml) en la "
                                "carpeta actual ni en sus superiores")
        paths = project.all_paths()
    context = project.plan_paths() if project is not None else []
    return check_files(paths, context)


@dataclass(frozen=True)
class Selection:
    """The plan and follow-up of one cutoff, validated."""

    plan_doc: Document
    plan: Plan
    followup_doc: Document
    followup: FollowUp
    report: Report


LATEST = dt.date.max
"""The cutoff that means «the latest follow-up of the project» (`--corte ultimo`)."""


def _followups_by_cutoff(project: Project) -> list[tuple[Path, dt.date, int | None]]:
    found = []
    for path in project.followup_paths():
        try:
            data = load_file(path, display_path(path)).data
        except (ReadError, InvalidDataError):
            continue  # validation reports it if it is the one asked for
        cutoff = data.get("corte") if model_for(data) == "seguimiento" else None
        if isinstance(cutoff, dt.date):
            number = data.get("componente")
            found.append((path, cutoff, number if isinstance(number, int) else None))
    return found


def select(project: Project, cutoff: dt.date, component: int | None = None) -> Selection:
    """Find the follow-up of `cutoff` and the plan of its vigencia, and validate both."""
    candidates = [f for f in _followups_by_cutoff(project)
                  if component is None or f[2] == component]
    if cutoff == LATEST and candidates:
        cutoff = max(f[1] for f in candidates)
    matches = [(path, number) for path, date, number in candidates if date == cutoff]
    if not matches:
        if cutoff == LATEST:
            raise NotFoundError(f"no hay seguimientos en "
                                f"{display_path(project.root / 'followups')}")
        raise NotFoundError(f"no hay un seguimiento con corte {cutoff.isoformat()} en "
                            f"{display_path(project.root / 'followups')}")
    if len(matches) > 1:
        numbers = ", ".join(str(n) for _, n in matches)
        raise NotFoundError(f"hay varios seguimientos con corte {cutoff.isoformat()} "
                            f"(componentes {numbers}); indique uno con --componente")
    path = matches[0][0]
    report = check_files([path], project.plan_paths())
    if report.unreadable or report.errors:
        raise refusal(report.problems)
    followup_doc, followup = report.followups()[0]
    plan_doc, plan = next(p for p in report.plans() if p[1].year == followup.year)
    return Selection(plan_doc, plan, followup_doc, followup, report)


def followup_result(selection: Selection) -> ComplianceResult:
    """The engine's figures for a selected follow-up."""
    from pac_cli.engine import compute_followup

    return compute_followup(selection.plan, selection.followup)
