"""What changed between two versions of a plan, and what that does to the follow-up figures.

Activities are matched first by their text (so a renumbered activity is recognised), then
by id (so an activity whose text changed is a change, not a removal and an addition).
Pure functions over models: no I/O.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pac_cli import es_co
from pac_cli.compute.engine import activity_result, compute_followup
from pac_cli.compute.plan_in_force import as_reported, plan_at
from pac_cli.models.followup import FollowUp
from pac_cli.models.plan import Activity, Plan, Rules, Subcomponent, iter_activities


class Kind(StrEnum):
    ADDED = "agregada"
    REMOVED = "eliminada"
    RENUMBERED = "renumerada"
    CHANGED = "modificada"


Segment = tuple[str, str]
"""('=', kept words), ('-', removed words) or ('+', added words)."""

# Fields whose change alters a commitment of the published plan (and needs a change-log
# entry), besides adding or removing an activity.
COMMITMENTS = ("meta anual", "metas", "indicador", "responsable", "fecha programada")


@dataclass(frozen=True)
class FieldChange:
    """One field of an activity, before and after."""

    name: str
    old: str
    new: str
    words: tuple[Segment, ...] = ()
    """For long texts, the changed words with some context."""


@dataclass(frozen=True)
class ActivityChange:
    """One activity added, removed, renumbered or changed."""

    kind: Kind
    component: int
    old_id: str | None
    new_id: str | None
    description: str
    fields: tuple[FieldChange, ...] = ()

    @property
    def label(self) -> str:
        if self.kind is Kind.RENUMBERED:
            return f"{self.old_id} → {self.new_id}"
        return str(self.new_id or self.old_id)

    @property
    def ids(self) -> set[str]:
        return {i for i in (self.old_id, self.new_id) if i is not None}

    @property
    def commitment(self) -> bool:
        """Whether this changes what the entity committed to (needs a change-log entry)."""
        return self.kind in {Kind.ADDED, Kind.REMOVED, Kind.RENUMBERED} or any(
            f.name in COMMITMENTS for f in self.fields)


@dataclass(frozen=True)
class ActivityImpact:
    """An activity's published % at a cutoff, with the old and with the new plan."""

    activity_id: str
    """The activity's id, prefixed with its component (`4·2.1`) when the follow-ups of the
    cutoff report several."""
    old: Decimal | None
    new: Decimal | None


@dataclass(frozen=True)
class Impact:
    """How a change moves the figures of one cutoff."""

    cutoff: dt.date
    activities: tuple[ActivityImpact, ...]
    old_total: Decimal | None
    new_total: Decimal | None


@dataclass
class PlanDiff:
    """Everything that differs between two versions of a plan."""

    old: Plan | None
    new: Plan | None
    changes: list[ActivityChange] = field(default_factory=list)
    plan_fields: list[FieldChange] = field(default_factory=list)
    impacts: list[Impact] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.plan_fields)


def _norm(text: str | None) -> str:
    """Text as compared: spacing and a final period do not count as a change."""
    return " ".join((text or "").split()).rstrip(".").strip()


def _match_key(text: str) -> str:
    return re.sub(r"[^\w ]", "", _norm(text).casefold())


def word_diff(old: str, new: str, context: int = 4) -> tuple[Segment, ...]:
    """The words that changed, with `context` words kept around each change."""
    a, b = _norm(old).split(), _norm(new).split()
    out: list[Segment] = []
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            words = a[i1:i2]
            head = words[:context] if n > 0 else []
            tail = words[-context:] if n < len(ops) - 1 else []
            if len(words) > len(head) + len(tail):
                kept = " ".join(head) + (" … " if head or tail else "…") + " ".join(tail)
                out.append(("=", kept.strip()))
            else:
                out.append(("=", " ".join(words)))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)


def render_words(segments: tuple[Segment, ...], removed: str = "[-{}-]",
                 added: str = "{{+{}+}}") -> str:
    """A word diff as text: `[-quitado-]{+puesto+}` by default."""
    style = {"=": "{}", "-": removed, "+": added}
    return " ".join(style[op].format(text) for op, text in segments if text)


Formatter = Callable[[Decimal], str]


def _fields(old: tuple[Subcomponent, Activity], new: tuple[Subcomponent, Activity],
            number: Formatter) -> list[FieldChange]:
    (old_sub, a), (new_sub, b) = old, new
    found: list[FieldChange] = []
    if a.annual_target != b.annual_target:
        found.append(FieldChange(
            "meta anual", number(a.annual_target) if a.annual_target is not None else "—",
            number(b.annual_target) if b.annual_target is not None else "—"))
    if a.targets != b.targets:
        found.append(FieldChange("metas", _targets(a.targets, number),
                                 _targets(b.targets, number)))
    texts = [("actividad", a.description, b.description),
             ("meta o producto", a.product, b.product),
             ("indicador", a.indicator, b.indicator),
             ("responsable", "; ".join(a.responsible), "; ".join(b.responsible)),
             ("fecha programada", a.scheduled, b.scheduled),
             ("subcomponente", old_sub.name, new_sub.name)]
    for name, before, after in texts:
        if _norm(before) != _norm(after):
            long = len(_norm(before)) > 60 or len(_norm(after)) > 60
            found.append(FieldChange(name, _norm(before) or "—", _norm(after) or "—",
                                     word_diff(before or "", after or "") if long else ()))
    return found


def _targets(targets: dict[int, Decimal] | None, number: Formatter) -> str:
    if targets is None:
        return "—"
    return "; ".join(f"{year}: {number(value)}" for year, value in sorted(targets.items()))


def _component_changes(number: int, old: list[tuple[Subcomponent, Activity]],
                       new: list[tuple[Subcomponent, Activity]],
                       fmt_number: Formatter) -> list[ActivityChange]:
    old_left = {a.id: (s, a) for s, a in old}
    new_left = {a.id: (s, a) for s, a in new}
    pairs: list[tuple[str, str]] = []
    # 1. the same text under any id: the same activity (renumbered if the id moved)
    by_text: dict[str, list[str]] = {}
    for activity_id, (_, activity) in old_left.items():
        by_text.setdefault(_match_key(activity.description), []).append(activity_id)
    for activity_id, (_, activity) in list(new_left.items()):
        candidates = by_text.get(_match_key(activity.description), [])
        if candidates:
            pairs.append((candidates.pop(0), activity_id))
    for old_id, new_id in pairs:
        old_left.pop(old_id)
        new_left.pop(new_id)
    # 2. what is left, by id: the same activity with its text changed
    for activity_id in [i for i in old_left if i in new_left]:
        pairs.append((activity_id, activity_id))
        old_left.pop(activity_id)
        new_left.pop(activity_id)
    old_all = {a.id: (s, a) for s, a in old}
    new_all = {a.id: (s, a) for s, a in new}
    changes = []
    for old_id, new_id in pairs:
        changed = _fields(old_all[old_id], new_all[new_id], fmt_number)
        kind = Kind.RENUMBERED if old_id != new_id else Kind.CHANGED
        if kind is Kind.RENUMBERED or changed:
            changes.append(ActivityChange(kind, number, old_id, new_id,
                                          new_all[new_id][1].description, tuple(changed)))
    changes += [ActivityChange(Kind.REMOVED, number, i, None, a.description)
                for i, (_, a) in old_left.items()]
    changes += [ActivityChange(Kind.ADDED, number, None, i, a.description)
                for i, (_, a) in new_left.items()]
    new_order = {a.id: n for n, (_, a) in enumerate(new)}
    old_order = {a.id: n + 0.5 for n, (_, a) in enumerate(old)}

    def position(change: ActivityChange) -> float:
        if change.new_id is not None:
            return new_order[change.new_id]
        return old_order[str(change.old_id)]

    return sorted(changes, key=position)


def _block(settings: Any) -> str:
    """A plan's own settings block as written (— when the plan takes its frame's)."""
    if settings is None:
        return "—"
    return repr(settings.model_dump(by_alias=True, exclude_unset=True))


def _plan_fields(old: Plan, new: Plan) -> list[FieldChange]:
    found = []
    pairs = [("vigencia", es_co.years(old.years), es_co.years(new.years)),
             ("título", old.title or "—", new.title or "—"),
             ("zonas", _block(old.zones),
              _block(new.zones)),
             ("redondeo", _block(old.rounding),
              _block(new.rounding)),
             ("seguimiento", _block(old.schedule),
              _block(new.schedule)),
             ("consolidado", _block(old.consolidation),
              _block(new.consolidation)),
             ("marco", old.frame_id, new.frame_id)]
    for name, before, after in pairs:
        if before != after:
            found.append(FieldChange(name, before, after))
    return found


RulesOf = Callable[[Plan], Rules | None]
"""The rules a plan is followed with (None when its frame is not valid)."""
Version = tuple[Plan, Sequence[FollowUp]]
"""A plan and the follow-ups of one cutoff."""


def figures(plan: Plan, followups: Sequence[FollowUp],
            rules: Rules) -> tuple[dict[str, Decimal], Decimal | None]:
    """Each computable activity's published % and the total (None when not computable)."""
    sections = [s for f in followups for s in f.sections()]
    several = len({s.component for s in sections}) > 1
    shown: dict[str, Decimal] = {}
    for section in sections:
        component = plan.component(section.component)
        if component is None:
            continue
        reported = {p.activity_id: p for p in section.progress}
        for sub, activity in iter_activities(component):
            progress = reported.get(activity.id)
            if progress is None:
                continue
            label = f"{component.number}·{activity.id}" if several else activity.id
            try:
                shown[label] = activity_result(component, sub, activity, progress,
                                               rules).percentage
            except ValueError:  # a qualitative activity reported with a logro, say
                continue
    try:
        total: Decimal | None = compute_followup(plan, followups, rules).total
    except ValueError:
        total = None
    return shown, total


def compare(old: Version, new: Version, rules_of: RulesOf) -> Impact | None:
    """How the figures of a cutoff move from the old (plan, follow-ups) to the new ones."""
    old_rules, new_rules = rules_of(old[0]), rules_of(new[0])
    if old_rules is None or new_rules is None or not new[1]:
        return None
    old_shown, old_total = figures(old[0], old[1], old_rules)
    new_shown, new_total = figures(new[0], new[1], new_rules)
    ids = list(dict.fromkeys([*new_shown, *old_shown]))
    moved = tuple(ActivityImpact(i, old_shown.get(i), new_shown.get(i)) for i in ids
                  if old_shown.get(i) != new_shown.get(i))
    if not moved and old_total == new_total:
        return None
    return Impact(new[1][0].cutoff, moved, old_total, new_total)


def by_cutoff(followups: Sequence[FollowUp]) -> list[list[FollowUp]]:
    """The follow-ups grouped by cutoff, earliest first."""
    groups: dict[dt.date, list[FollowUp]] = {}
    for followup in sorted(followups, key=lambda f: f.cutoff):
        groups.setdefault(followup.cutoff, []).append(followup)
    return list(groups.values())


def diff_plans(old: Plan | None, new: Plan | None, followups: Sequence[FollowUp] = (),
               number: Formatter = str, rules_of: RulesOf | None = None) -> PlanDiff:
    """The differences between two versions of a plan (either may be None: added/removed).

    `followups` of the new plan's vigencias give the impact on the published figures of
    each cutoff of a vigencia both versions cover (for a programme, with that vigencia's
    plan of each), when `rules_of` says how each plan is followed.
    """
    result = PlanDiff(old, new)
    components: dict[int, tuple[list[tuple[Subcomponent, Activity]],
                                list[tuple[Subcomponent, Activity]]]] = {}
    for plan, side in ((old, 0), (new, 1)):
        for component in plan.components if plan is not None else []:
            entry = components.setdefault(component.number, ([], []))
            entry[side].extend(iter_activities(component))
    for comp_number, (before, after) in sorted(components.items()):
        result.changes += _component_changes(comp_number, before, after, number)
    if old is not None and new is not None:
        result.plan_fields = _plan_fields(old, new)
        if rules_of is not None:
            for group in by_cutoff(followups):
                year = group[0].year
                if year not in old.years or year not in new.years:
                    continue
                # each cutoff with each version as it stood on its day: a change logged
                # after a cutoff, with «antes», does not move that cutoff's figures
                day = group[0].cutoff
                impact = compare((as_reported(plan_at(old, day).in_year(year), group), group),
                                 (as_reported(plan_at(new, day).in_year(year), group), group),
                                 rules_of)
                if impact is not None:
                    result.impacts.append(impact)
    return result
