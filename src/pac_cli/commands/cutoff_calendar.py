"""`pac calendar`: the cutoffs of a vigencia, their deadlines and where each follow-up stands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pac_cli.checks.followup_rules import plan_for, real_day
from pac_cli.checks.plan_rules import rules_of
from pac_cli.checks.plan_set import PlanEntry, entries_of_year, plan_entries
from pac_cli.checks.results import ValidationResult
from pac_cli.commands.followup_run import (
    CutoffFile,
    PlanPublication,
    PublicationState,
    Record,
    cutoff_files,
    draft_reasons,
    publication_of,
    record_of,
)
from pac_cli.commands.validate import checked_for
from pac_cli.disk.project import Project
from pac_cli.errors import NotFoundError
from pac_cli.models.plan import Plan, Rules
from pac_cli.models.problems import display_path
from pac_cli.models.validation import refusal


class CutoffState(StrEnum):
    """Where the follow-up of one cutoff stands on a given day."""

    DRAFT = "en borrador"
    OVERDUE_DRAFT = "vencido, en borrador"
    ON_TIME = "presentado a tiempo"
    LATE = "presentado tarde"
    UNDATED = "presentado sin fecha"
    INVALID = "con errores"
    MISSING = "faltante"
    UNRECORDED = "sin registro"
    """A cutoff before the project's first follow-up: not known to be missing (kept
    elsewhere, before the entity used pac)."""
    DUE = "por presentar"
    NOT_YET = "aún no vence"


WAITING = frozenset({CutoffState.DRAFT, CutoffState.DUE, CutoffState.NOT_YET})
"""The states of a follow-up not yet presented (a draft is not presented)."""


@dataclass(frozen=True)
class CutoffEntry:
    """One cutoff of a plan: the period it covers, its deadline, and its follow-up's state."""

    plan_path: str
    plan: Plan
    rules: Rules
    cutoff: dt.date
    deadline: dt.date
    files: tuple[str, ...]
    records: tuple[Record, ...]
    state: CutoffState
    extra: bool = False
    """A cutoff that is not one of the frame's (a first follow-up of 1 January–31 July, say):
    recorded, flagged, with the frame's deadline rule counted from its own date."""
    risks: bool = False
    """Whether its follow-up also follows up the risk map («mapa_riesgos»)."""

    @property
    def period_start(self) -> dt.date:
        """Follow-ups are cumulative from 1 January."""
        return dt.date(self.cutoff.year, 1, 1)


MAP_BASIS = ("Decreto 1081 de 2015, arts. 2.1.4.2 y 2.1.4.8 (Decreto 124 de 2016): el mapa se "
             "publica con el plan, a más tardar el 31 de enero")


@dataclass(frozen=True)
class MapPublication:
    """The publication of a vigencia's risk map: with its plan, by 31 January (the plan's
    own deadline and rule when the vigencia has a plan that sets one)."""

    path: str
    year: int
    deadline: dt.date
    basis: str
    published: dt.date | None
    address: str | None
    state: PublicationState


@dataclass(frozen=True)
class Calendar:
    """The cutoffs of a vigencia (and a late one of the year before), seen from `today`,
    and the publication of the plans that start in it."""

    year: int
    today: dt.date
    entries: tuple[CutoffEntry, ...]
    publications: tuple[PlanPublication, ...] = ()
    maps: tuple[MapPublication, ...] = ()
    """The risk map of the vigencia, published with the plan."""

    @property
    def next_due(self) -> CutoffEntry | None:
        """The first follow-up still to present whose deadline has not passed."""
        waiting = [e for e in self.entries if e.state in WAITING]
        return min(waiting, key=lambda e: e.deadline) if waiting else None


def calendar(project: Project, year: int | None, today: dt.date,
             frame: str | None = None) -> Calendar:
    """The legal calendar of a vigencia (default: `today`'s) with the state of each cutoff,
    and the publication of each plan whose first vigencia it is.

    Without a vigencia, the 31 December cutoff of the year before is included while its
    deadline (in January) has not passed: it is what is due first in a new year.
    """
    years = [year] if year is not None else [today.year - 1, today.year]
    # pac.yaml and the plans of those vigencias must validate; a broken follow-up is shown
    # as «con errores» in its row
    checked = checked_for(project, project.followup_paths(), years,
                          blocking_paths=[project.config_path, *project.plan_paths()])
    candidates, _ = cutoff_files(project)
    entries = plan_entries(checked.files)
    found: list[CutoffEntry] = []
    published: list[PlanPublication] = []
    for whole in entries:
        if frame is not None and whole.frame_id != frame:
            continue
        plan = whole.at(whole.year).plan
        rules = rules_of(plan, checked.frames) if plan is not None else None
        if whole.year in years and plan is not None and rules is not None:
            publication = publication_of(whole.doc.display, plan, rules, today)
            if publication is not None and (year is not None or publication.deadline >= today
                                            or whole.year == today.year):
                published.append(publication)
        for entry in [e for y in years for e in entries_of_year([whole], y)]:
            found += _cutoffs(entry, checked, candidates, entries, year, today)
    if not found:
        # a plan of the vigencia that does not validate: its problems, not «there is none»
        problems = checked.problems_of({display_path(p) for p in project.plan_paths()}, years)
        if any(p.is_error for p in problems):
            raise refusal(problems)
        wanted = year if year is not None else today.year
        have = sorted({y for e in entries for y in e.years})
        listed = ", ".join(str(y) for y in have) or "ninguna"
        raise NotFoundError(f"no hay un plan de la vigencia {wanted} en "
                            f"{display_path(project.root / 'plans')} (vigencias: {listed})")
    found.sort(key=lambda e: (e.cutoff, e.plan_path))
    published.sort(key=lambda p: (p.deadline, p.plan_path))
    return Calendar(year if year is not None else today.year, today, tuple(found),
                    tuple(published), _maps(checked, years if year is not None else
                                            [today.year], published, today))


def _maps(checked: ValidationResult, years: list[int], plans: list[PlanPublication],
          today: dt.date) -> tuple[MapPublication, ...]:
    """The publication of each valid risk map of `years`."""
    from pac_cli.models.risk_map import RiskMap

    found = []
    for item in checked.files + checked.context:
        risk_map = item.model if item.kind == "riesgos" else None
        if not isinstance(risk_map, RiskMap) or risk_map.year not in years:
            continue
        plan = next((p for p in plans if p.plan.span[0] == risk_map.year), None)
        deadline = plan.deadline if plan is not None else dt.date(risk_map.year, 1, 31)
        basis = MAP_BASIS
        if plan is not None and plan.rules.frame.plan_publication is not None:
            basis = f"con el plan: {plan.rules.frame.plan_publication.basis}"
        record = risk_map.publication
        if record is not None:
            state = PublicationState.ON_TIME if record.date <= deadline \
                else PublicationState.LATE
        else:
            state = PublicationState.UNRECORDED if today > deadline else PublicationState.DUE
        found.append(MapPublication(item.doc.display, risk_map.year, deadline, basis,
                                    record.date if record else None,
                                    record.address if record else None, state))
    return tuple(sorted(found, key=lambda m: m.year))


def _cutoffs(entry: PlanEntry, checked: ValidationResult, candidates: list[CutoffFile],
             entries: list[PlanEntry], year: int | None,
             today: dt.date) -> list[CutoffEntry]:
    """The cutoffs of one vigencia of a plan, with the state of each follow-up."""
    from pac_cli.compute.deadlines import publication_deadline

    plan = entry.plan
    rules = rules_of(plan, checked.frames) if plan is not None else None
    if plan is None or rules is None:
        return []
    valid = {id(doc): followup for doc, followup in checked.followups()}
    # the project's first recorded cutoff: before it, no follow-up is not a missing one
    first = min((c.cutoff for c in candidates), default=None)
    by_path = {doc.path.resolve(): doc for doc, _ in checked.followups()}
    found = []
    regular = {dt.date.fromisoformat(f"{entry.year}-{day}") for day in rules.schedule.cutoffs
               if real_day(entry.year, day)}
    # a follow-up of this plan on another day is an extra cutoff, with the same deadline rule
    extra = {c.cutoff for c in candidates if c.cutoff.year == entry.year
             and c.frame in {None, entry.frame_id} and c.cutoff not in regular}
    for cutoff in sorted(regular | extra):
        deadline = publication_deadline(cutoff, rules.schedule)
        if year is None and entry.year < today.year and deadline < today:
            continue
        files = [c.path for c in candidates if c.cutoff == cutoff
                 and c.frame in {None, entry.frame_id}]
        mine, broken = [], False
        for path in files:
            doc = by_path.get(path.resolve())
            followup = valid.get(id(doc)) if doc is not None else None
            if doc is None or followup is None:
                broken = True
                continue
            plan_entry, _ = plan_for(doc, followup, entries)
            if plan_entry is not None and plan_entry.doc is entry.doc:
                mine.append((doc, followup))
        records = tuple(record_of(doc, f, deadline) for doc, f in mine)
        draft = bool(mine) and bool(draft_reasons(mine, cutoff, checked.config_file()))
        state = _state(records, broken, cutoff, deadline, today, draft=draft)
        if cutoff in extra and not mine and not broken:
            continue  # another plan's follow-up of that day
        if state is CutoffState.MISSING and first is not None and cutoff < first:
            state = CutoffState.UNRECORDED
        found.append(CutoffEntry(entry.doc.display, plan, rules, cutoff, deadline,
                                 tuple(doc.display for doc, _ in mine), records, state,
                                 extra=cutoff in extra,
                                 risks=any(f.risk_map is not None for _, f in mine)))
    return found



def _state(records: tuple[Record, ...], broken: bool, cutoff: dt.date, deadline: dt.date,
           today: dt.date, *, draft: bool = False) -> CutoffState:
    if draft and not broken:
        return CutoffState.OVERDUE_DRAFT if today > deadline else CutoffState.DRAFT
    if records:
        dated = [r for r in records if r.on_time is not None]
        if not dated:
            return CutoffState.UNDATED
        return CutoffState.ON_TIME if all(r.on_time for r in dated) else CutoffState.LATE
    if broken:
        return CutoffState.INVALID
    if today > deadline:
        return CutoffState.MISSING
    return CutoffState.DUE if today > cutoff else CutoffState.NOT_YET
