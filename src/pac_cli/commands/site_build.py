"""`pac site`: what the entity's transparency section publishes, chosen from the project.

Every plan that validates, every cutoff whose follow-up validates and is not a draft (each
with its earlier cutoffs, for the trend), and the calendar of every vigencia. What is left
out is said, one line each: a draft is never published, and what `pac validate` refuses
is not published either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pac_cli.checks.file_set import check_files
from pac_cli.checks.plan_rules import rules_of
from pac_cli.commands.cutoff_calendar import Calendar, calendar
from pac_cli.commands.followup_run import FollowupRun, cutoff_files, run_followup
from pac_cli.commands.risk_run import RiskRun, map_paths, run_risks
from pac_cli.disk.project import Project
from pac_cli.disk.yaml_reader import Document
from pac_cli.errors import PacError
from pac_cli.models.plan import Plan, Rules
from pac_cli.models.problems import display_path
from pac_cli.models.project_config import ProjectConfig
from pac_cli.models.validation import refusal


@dataclass(frozen=True)
class PublishedPlan:
    """A plan file that validates, and the name of its page."""

    doc: Document
    plan: Plan
    rules: Rules
    key: str
    """The plan file's name without `.yaml`: `2024`, `2025-2028`, `2025-ptep`."""


@dataclass(frozen=True)
class PublishedCutoff:
    """A cutoff's follow-up that is final and valid, with its trend so far."""

    run: FollowupRun
    plan_key: str

    @property
    def key(self) -> str:
        """`2024-04-30-paac`: a cutoff can be followed up for plans of several frames."""
        return f"{self.run.cutoff.isoformat()}-{self.run.rules.frame.id}"


@dataclass(frozen=True)
class PublishedMap:
    """A risk map that validates, with the cutoffs (published here) that follow it up."""

    run: RiskRun
    followups: tuple[PublishedCutoff, ...]

    @property
    def key(self) -> str:
        return str(self.run.risk_map.year)


@dataclass
class SiteData:
    """Everything the site shows, and what it leaves out (and why)."""

    project: Project
    config: ProjectConfig
    today: dt.date
    plans: list[PublishedPlan] = field(default_factory=list)
    cutoffs: list[PublishedCutoff] = field(default_factory=list)
    calendars: list[Calendar] = field(default_factory=list)
    maps: list[PublishedMap] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def gather(project: Project, today: dt.date) -> SiteData:
    """The plans, cutoffs and calendars to publish; refused, with every error of pac.yaml at
    its line, when it is not valid (the site names the entity on every page)."""
    checked = check_files(project.all_paths())
    config = checked.config()
    if config is None:  # as every command refuses a pac.yaml that validate refuses
        where = display_path(project.config_path)
        raise refusal([p for p in checked.problems if p.path == where],
                      unreadable=project.config_path in checked.unloaded)
    site = SiteData(project, config, today)
    valid = {doc.path.resolve() for doc, _ in checked.plans()}
    for path in project.plan_paths():
        if path.resolve() not in valid:
            site.left_out.append(f"{display_path(path)}: no se publica: tiene errores "
                                 "(pac validate los dice)")
    for doc, plan in checked.plans():
        rules = rules_of(plan, checked.frames)
        if rules is not None:
            site.plans.append(PublishedPlan(doc, plan, rules, doc.path.stem))
    site.plans.sort(key=lambda p: (-p.plan.year, p.key))
    keys = {p.doc.path.resolve(): p.key for p in site.plans}
    _cutoffs(site, keys)
    _maps(site)
    for year in sorted({y for p in site.plans for y in p.plan.years}, reverse=True):
        try:
            site.calendars.append(calendar(project, year, today))
        except PacError:  # a vigencia whose plans do not validate: said by the plans above
            continue
    return site


def _cutoffs(site: SiteData, keys: dict[Path, str]) -> None:
    candidates, broken = cutoff_files(site.project)
    for path in broken:
        site.left_out.append(f"{display_path(path)}: no se publica: no se puede leer")
    seen: set[tuple[dt.date, str]] = set()
    wanted = sorted({(c.cutoff, c.frame) for c in candidates},
                    key=lambda k: (k[0], k[1] or ""))
    for cutoff, frame in wanted:
        try:
            run = run_followup(site.project, cutoff, frame=frame, history=True)
        except PacError as exc:
            first = str(exc).splitlines()[0]
            site.left_out.append(f"seguimiento con corte {cutoff.isoformat()}"
                                 f"{f' ({frame})' if frame else ''}: no se publica: {first}")
            continue
        if (cutoff, run.rules.frame.id) in seen:
            continue
        seen.add((cutoff, run.rules.frame.id))
        if run.draft:
            site.left_out.append(f"seguimiento con corte {cutoff.isoformat()} "
                                 f"({run.rules.frame.id}): no se publica: es un borrador "
                                 f"({run.draft[0].message})")
            continue
        plan_key = keys.get(run.plan_doc.path.resolve())
        if plan_key is not None:
            site.cutoffs.append(PublishedCutoff(run, plan_key))
    site.cutoffs.sort(key=lambda c: (c.run.cutoff, c.run.rules.frame.id), reverse=True)


def _maps(site: SiteData) -> None:
    """Every risk map that validates, newest first, with its published follow-ups."""
    found = map_paths(site.project)
    readable = {path.resolve() for path in found.values()}
    site.left_out += [f"{display_path(path)}: no se publica: no se puede leer"
                      for path in site.project.risk_map_paths() if path.resolve() not in readable]
    for year, path in sorted(found.items(), reverse=True):
        try:
            run = run_risks(site.project, year)
        except PacError:
            site.left_out.append(f"{display_path(path)}: no se publica: tiene errores "
                                 "(pac validate los dice)")
            continue
        followed = tuple(c for c in sorted(site.cutoffs, key=lambda c: c.run.cutoff)
                         if c.run.risks is not None and c.run.risks.run.risk_map.year == year)
        site.maps.append(PublishedMap(run, followed))
