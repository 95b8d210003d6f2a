"""Reviewing changes to plans: `pac diff` and the change-control rule of `pac validate --base`.

A published plan may only change with a justification: every changed commitment must be
named, with its reason, by an entry that the same change adds to `control_de_cambios`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pac_cli import es_co
from pac_cli.checks.plan_rules import activity_locations, components_by_activity, rules_of
from pac_cli.checks.results import FileDiff
from pac_cli.compute.plan_diff import (
    COMMITMENTS,
    ActivityChange,
    Kind,
    RulesOf,
    compare,
    diff_plans,
)
from pac_cli.compute.risk_diff import RiskMapDiff, diff_maps
from pac_cli.disk.git_revisions import changed_files, resolve, show
from pac_cli.disk.project import FOLLOWUPS_DIR, PLANS_DIR, RISKS_DIR, Project
from pac_cli.disk.yaml_reader import Document, Loc, decode, load_file, load_text
from pac_cli.errors import InvalidDataError, PacError
from pac_cli.models.fields import Model
from pac_cli.models.followup import FollowUp
from pac_cli.models.frame_catalog import catalog
from pac_cli.models.plan import ChangeLogEntry, Plan
from pac_cli.models.problems import Problem, Severity, display_path
from pac_cli.models.project_config import ProjectConfig
from pac_cli.models.risk_map import RiskMap
from pac_cli.models.validation import problem_at, validated

M = TypeVar("M", bound=Model)


def _from_file(path: Path, model: type[M]) -> tuple[Document, M]:
    doc = load_file(path, display_path(path))
    return doc, validated(doc, model)


def _from_git(project: Project, revision: str, rel: str,
              model: type[M]) -> tuple[Document, M]:
    display = f"{rel}@{revision}"
    doc = load_text(decode(show(project.root, revision, rel), display),
                    project.root / rel, display)
    return doc, validated(doc, model)


def project_followups(project: Project | None, years: range) -> list[FollowUp]:
    """The project's valid follow-ups of a plan's vigencias (for the impact of a plan
    change)."""
    found = []
    for path in project.followup_paths() if project is not None else []:
        try:
            followup = _from_file(path, FollowUp)[1]
        except InvalidDataError:
            continue
        if followup.year in years:
            found.append(followup)
    return sorted(found, key=lambda f: f.cutoff)


def _config(project: Project | None) -> ProjectConfig | None:
    """The project's pac.yaml when it is valid (pac validate reports it otherwise: the
    packaged frames and methods still apply)."""
    if project is None or not project.config_path.is_file():
        return None
    try:
        return _from_file(project.config_path, ProjectConfig)[1]
    except PacError:
        return None


def rules_for(project: Project | None) -> RulesOf:
    """How each plan of the project is followed: its frame (the project's own frames
    included) with the plan's settings over it."""
    config = _config(project)
    frames = catalog(config.frames if config is not None else [])
    return lambda plan: rules_of(plan, frames)


def diff_files(old: Path, new: Path, project: Project | None) -> FileDiff:
    """`pac diff OLD NEW`: two plan files, or two risk maps."""
    from pac_cli.commands.risk_run import is_risk_map

    if is_risk_map(old) and is_risk_map(new):
        result = FileDiff(display_path(new), "riesgos", "M", old_path=display_path(old))
        result.risks = _map_diff(_from_file(old, RiskMap)[1], _from_file(new, RiskMap)[1],
                                 project)
        if not result.risks.changes:
            result.status = "="
        return result
    old_plan = _from_file(old, Plan)[1]
    new_plan = _from_file(new, Plan)[1]
    same = old_plan == new_plan
    result = FileDiff(display_path(new), "plan", "=" if same else "M",
                      old_path=display_path(old))
    result.plan = diff_plans(old_plan, new_plan, project_followups(project, new_plan.years),
                             number=es_co.number, rules_of=rules_for(project))
    if not set(old_plan.years) & set(new_plan.years):
        result.notes.append(f"vigencias distintas ({es_co.years(old_plan.years)} y "
                            f"{es_co.years(new_plan.years)}): no se calcula el efecto en los "
                            "seguimientos")
    return result


def _kind(rel: str) -> str:
    if rel.startswith(f"{RISKS_DIR}/"):
        return "riesgos"
    return "plan" if rel.startswith(f"{PLANS_DIR}/") else "seguimiento"


def _map_diff(old: RiskMap | None, new: RiskMap | None,
              project: Project | None) -> RiskMapDiff:
    from pac_cli.checks.risk_rules import method_of

    config = _config(project)
    own = config.methods if config is not None else []
    return diff_maps(old, new, method_of(old, own) if old else None,
                     method_of(new, own) if new else None)


def _map_since(project: Project, revision: str, rel: str, item: FileDiff) -> None:
    old = _from_git(project, revision, item.old_path, RiskMap)[1] \
        if item.status != "A" else None
    new = _from_file(project.root / rel, RiskMap)[1] if item.status != "D" else None
    item.risks = _map_diff(old, new, project)


def diff_since(project: Project, revision: str) -> list[FileDiff]:
    """Every plan and follow-up changed since `revision`, against its version there."""
    resolve(project.root, revision)
    results = []
    for status, rel, before in changed_files(project.root, revision,
                                             (PLANS_DIR, FOLLOWUPS_DIR, RISKS_DIR)):
        if not rel.endswith((".yaml", ".yml")):
            continue
        kind = _kind(rel)
        item = FileDiff(rel, kind, status, old_path=before)
        results.append(item)
        try:
            if kind == "plan":
                _plan_since(project, revision, rel, item)
            elif kind == "riesgos":
                _map_since(project, revision, rel, item)
            else:
                _followup_since(project, revision, rel, item)
        except PacError as exc:  # a version that cannot be read or is not valid: said, not fatal
            item.notes.append(str(exc))
    return results


def _plan_since(project: Project, revision: str, rel: str, item: FileDiff) -> None:
    # a renamed plan is compared with its old self
    old = None
    if item.status != "A":
        item.old_doc, old = _from_git(project, revision, item.old_path, Plan)
    new = None
    if item.status != "D":
        item.doc, new = _from_file(project.root / rel, Plan)
    followups = project_followups(project, new.years) if new is not None else []
    item.plan = diff_plans(old, new, followups, number=es_co.number,
                           rules_of=rules_for(project))


def _plan_of(project: Project, revision: str | None, year: int,
             frame: str | None) -> Plan | None:
    for path in project.plan_paths():
        rel = path.relative_to(project.root).as_posix()
        try:
            plan = (_from_git(project, revision, rel, Plan) if revision
                    else _from_file(path, Plan))[1]
        except PacError:  # not there at that revision, or not valid: not the one we need
            continue
        if year in plan.years and frame in {None, plan.frame_id}:
            return plan.in_year(year)
    return None


def _followup_since(project: Project, revision: str, rel: str, item: FileDiff) -> None:
    if item.status in {"A", "D"}:
        return
    old = _from_git(project, revision, item.old_path, FollowUp)[1]
    new = _from_file(project.root / rel, FollowUp)[1]
    # Measured against the plan as it was, so that this effect and the plan's own (measured
    # with the new follow-up) chain: old figures → after the follow-up → after the plan.
    plan = (_plan_of(project, revision, old.year, old.frame)
            or _plan_of(project, None, new.year, new.frame))
    if plan is None:
        item.notes.append(f"no hay un plan válido de la vigencia {new.year} para calcular")
        return
    # the other files of the same cutoff (a cutoff may be split by component) stay as they are
    siblings = [f for f in project_followups(project, range(new.year, new.year + 1))
                if f.cutoff == new.cutoff and f != new]
    item.impact = compare((plan, [*siblings, old]), (plan, [*siblings, new]),
                          rules_for(project))


KEYS = {"meta anual": "meta_anual", "metas": "metas", "indicador": "indicador",
        "responsable": "responsable", "fecha programada": "fecha_programada"}
"""The YAML key of each commitment, as `pac diff` names them."""


def change_control(project: Project, revision: str) -> list[Problem]:
    """Commitments changed since `revision` without a new change-log entry naming them."""
    problems: list[Problem] = []
    for item in diff_since(project, revision):
        if item.kind != "plan" or item.status not in {"M", "R"}:
            continue
        if item.plan is None:
            # one of the two versions cannot be read or is not valid (the current one's
            # problems are reported by validation itself): said, not silently passed
            problems += [Problem(item.doc.display if item.doc else item.path, 1, 1,
                                 f"sin control de cambios desde {revision}: {note}",
                                 Severity.WARNING) for note in item.notes]
            continue
        old, new = item.plan.old, item.plan.new
        assert old is not None and new is not None
        added = [entry for entry in new.change_log if entry not in old.change_log]
        # (component, activity) an entry names; None when it does not say its component,
        # which `pac validate` allows only where the number is in one component
        covered = {(entry.component, activity) for entry in added
                   for activity in entry.activities}
        shared = {number for plan in (old, new)
                  for number, where in components_by_activity(plan).items() if len(where) > 1}
        doc = item.doc
        assert doc is not None  # a modified plan that diffed was loaded
        locs = activity_locations(new)
        for change in item.plan.changes:
            if not change.commitment or any(
                    (change.component, i) in covered
                    or ((None, i) in covered and i not in shared) for i in change.ids):
                continue
            what = ", ".join(f"{f.name} {f.old} → {f.new}" for f in change.fields
                             if f.name in COMMITMENTS) or change.kind.value
            where = locs.get((change.component, change.new_id or ""), [("control_de_cambios",)])
            # on the changed value's line, which a pull request shows (the activity's «- id»
            # is often outside the changed lines, and GitHub would not show it inline)
            changed = next((KEYS[f.name] for f in change.fields if f.name in COMMITMENTS), None)
            if change.new_id:
                line, column = doc.at((*where[0], changed if changed else "id"), key=True)
            else:  # removed: the line where it was, which the pull request's hunk shows
                line, column = _where_it_was(item, old, change)
            several = len(new.components) > 1
            label = f"{change.label} del componente {change.component}" if several \
                else change.label
            problems.append(Problem(
                doc.display, line, column,
                f"la actividad {label} cambió ({what}) desde {revision}, pero ninguna "
                "entrada nueva de control_de_cambios la nombra en «actividades» con su motivo"))
        problems += _before_problems(doc, old, new, added, revision)
    return sorted(problems)


def _where_it_was(item: FileDiff, old: Plan, change: ActivityChange) -> tuple[int, int]:
    """The line of the plan as it is now where a removed activity's lines were: the first
    line after them, which a pull request's diff shows beside the removed lines."""
    import difflib

    assert item.doc is not None and item.old_doc is not None
    where = activity_locations(old).get((change.component, change.old_id or ""))
    if not where:
        return item.doc.at(("control_de_cambios",), key=True)
    old_line = item.old_doc.at((*where[0], "id"), key=True)[0] - 1  # 0-based
    before, after = item.old_doc.text.splitlines(), item.doc.text.splitlines()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 <= old_line < i2:
            return min(j1 + (old_line - i1 if j2 - j1 == i2 - i1 else 0),
                       max(len(after) - 1, 0)) + 1, 1
    return len(after), 1


def _before_problems(doc: Document, old: Plan, new: Plan, added: list[ChangeLogEntry],
                     revision: str) -> list[Problem]:
    """The new entries say how the activities were before them («antes»): undone from the
    plan as it is now, they must give back the revision's commitments, or a cutoff before the
    change would be computed with a plan that never was."""
    from pac_cli.compute.plan_in_force import undo

    positions = [(new.change_log.index(entry), entry) for entry in added]
    restored, _ = undo(new, positions)  # what does not fit, `pac validate` reports itself
    problems = []
    for change in diff_plans(old, restored, number=es_co.number).changes:
        if not change.commitment:
            continue
        index = next((i for i, entry in positions if change.ids & set(entry.activities)), None)
        if index is None:  # not named by a new entry: the rule above reports it
            continue
        entry = new.change_log[index]
        named = next((i for i in change.ids if i in entry.before), None)
        loc: Loc = ("control_de_cambios", index, *(("antes", named) if named else
                                                   ("actividades",)))
        if change.kind is Kind.ADDED:
            detail = (f"no estaba en {revision}: si este cambio la agregó, escriba "
                      f"«\"{change.label}\": null» en «antes»")
        elif change.kind is Kind.REMOVED:
            detail = (f"estaba en {revision} y «antes» no la trae: si este cambio la eliminó, "
                      "«antes» la trae entera")
        else:
            detail = "; ".join(f"{f.name} {f.new} según «antes», {f.old} en {revision}"
                               for f in change.fields if f.name in COMMITMENTS)
        problems.append(problem_at(
            doc, loc, f"«antes» no dice cómo era la actividad {change.label}: {detail}",
            key=named is not None))
    return problems


