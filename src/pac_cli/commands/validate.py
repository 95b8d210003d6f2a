"""`pac validate` and the files other commands need validated: the project, a plan.

Follow-ups are checked against the plans and the other follow-ups of their project, so a
command never computes from what `pac validate` refuses.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

from pac_cli.checks.file_set import check_files
from pac_cli.checks.results import ValidationResult
from pac_cli.disk.project import Project, find_project
from pac_cli.disk.yaml_reader import MISSING
from pac_cli.errors import NotFoundError
from pac_cli.models.plan import Plan
from pac_cli.models.problems import Problem, display_path
from pac_cli.models.validation import refusal


def require_project(start: Path | None = None) -> Project:
    """The project around `start`, or a clear error when there is none."""
    project = find_project(start)
    if project is None:
        where = display_path(start) if start else "la carpeta actual"
        raise NotFoundError(f"no se encontró pac.yaml en {where} ni en sus carpetas superiores; "
                            "ejecute pac dentro de un proyecto o use --proyecto (para empezar "
                            "uno: pac init)")
    return project


def validate(paths: list[Path], project: Project | None = None) -> ValidationResult:
    """Validate the given files (none: every file of the project).

    Follow-ups are checked against the plans and the other follow-ups of the project they
    belong to: `project` when given, else the one around the first file (or the working
    directory).
    """
    if project is None:
        project = find_project(paths[0].parent if paths else None)
    if not paths:
        if project is None:
            raise NotFoundError("no se indicaron archivos y no hay un proyecto (pac.yaml) en la "
                                "carpeta actual ni en sus superiores (para empezar uno: pac "
                                "init)")
        paths = project.all_paths()
    result = check_files(paths, project.all_paths() if project is not None else [])
    result.problems = _where_from(result.problems, paths, project)
    return result


def _where_from(problems: list[Problem], paths: list[Path],
                project: Project | None) -> list[Problem]:
    """A relative path that is missing here but exists in the project's folder: say so (the
    paths are taken from the working directory, as the shell completes them, not from -C)."""
    if project is None:
        return problems
    meant = {display_path(p): display_path(project.root / p) for p in paths
             if not p.is_absolute() and not p.exists() and (project.root / p).exists()}
    return [replace(p, message=f"{p.message} (las rutas se toman desde la carpeta actual, no "
                    f"desde --proyecto: ¿quiso decir {meant[p.path]}?)")
            if p.path in meant and p.message == MISSING else p for p in problems]


def checked_for(project: Project, paths: Sequence[Path], years: Collection[int], *,
                blocking_paths: Sequence[Path] | None = None) -> ValidationResult:
    """What a command reads, validated as `pac validate` validates it: `paths`, pac.yaml and
    the project's plans (their own rules too); refused, with the same lines, when one of
    them has an error — pac.yaml, a plan of `years` (or whose vigencia cannot be read), a
    file of `paths` (of `blocking_paths` when given). What validate refuses, no command
    uses."""
    needed = [*paths, project.config_path, *project.plan_paths()]
    checked = check_files(list(dict.fromkeys(needed)), project.all_paths(), keep=True)
    stopping = needed if blocking_paths is None else blocking_paths
    blocking = [p for p in checked.problems_of({display_path(p) for p in stopping}, years)
                if p.is_error]
    if blocking:
        raise refusal(blocking, unreadable=checked.unreadable > 0)
    return checked


def read_plan(path: Path, project: Project | None = None) -> Plan:
    """One plan file, validated as `pac validate` would (its frame included)."""
    extra = [project.config_path] if project is not None else []
    checked = check_files([path, *extra], project.all_paths() if project is not None else [])
    checked.problems = _where_from(checked.problems, [path], project)
    plans = [plan for doc, plan in checked.plans() if doc.path.resolve() == path.resolve()]
    if checked.unreadable or checked.errors or not plans:
        raise refusal(checked.problems or [Problem(display_path(path), 1, 1, "no es un plan")],
                      unreadable=checked.unreadable > 0)
    return plans[0]
