"""The plan in force at a date: the plan as it is now, with every change logged after that
date undone from what its entry says the activities were before it («antes»).

A cutoff is computed with the plan as it stood on its date: a target changed in June does
not move April's signed figure, an activity added in June is not expected in April's
follow-up, and one removed in June is still in it. Undoing goes from the latest entry back;
each step is checked (an activity the entry says was added must be there to take out, one
it says was removed must come back whole), and what does not fit is an `Inconsistency`
that `pac validate` reports at the entry's line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from pac_cli.models.plan import (
    Activity,
    Before,
    ChangeLogEntry,
    Component,
    Plan,
    Subcomponent,
    iter_activities,
)

if TYPE_CHECKING:  # a plan validated alone loads no follow-up model
    from pac_cli.models.followup import FollowUp


@dataclass(frozen=True)
class Inconsistency:
    """A change-log entry whose «antes» does not fit the plan it is undone from."""

    entry: int
    """Its position in «control_de_cambios»."""
    activity: str
    message: str


def plan_at(plan: Plan, day: dt.date) -> Plan:
    """The plan in force on `day`: the changes dated after it undone, and gone from its log
    (a change dated on the cutoff itself is in force at that cutoff)."""
    later = [(i, e) for i, e in enumerate(plan.change_log) if e.date > day]
    if not later:
        return plan
    before = undo(plan, later)[0]
    # its change log as it stood then: the later entries are not yet written
    return before.model_copy(update={"change_log": [e for e in plan.change_log
                                                    if e.date <= day]})


def added_by_log(plan: Plan) -> set[tuple[int | None, str]]:
    """The activities a logged change added (`"2.4": null` in its «antes»), with the entry's
    component (None: the one that holds that number)."""
    return {(entry.component, activity) for entry in plan.change_log
            for activity, before in entry.before.items() if before is None}


def without(plan: Plan, activities: set[tuple[int, str]]) -> Plan:
    """The plan without these (component, activity) pairs: what a follow-up that did not
    report an activity added by a logged change is computed with."""
    tree = _Tree(plan)
    for number, activity_id in sorted(activities):
        tree.restore(number, activity_id, None)
    return tree.plan()


def as_reported(plan: Plan, followups: Sequence[FollowUp]) -> Plan:
    """The plan a cutoff's follow-ups are computed with: without the activities a logged
    change added that they do not report (`pac validate` warns of each). A follow-up signed
    before the change was written down never has to change, and its figure stays."""
    added = added_by_log(plan)
    if not added:
        return plan
    reported = {(s.component, p.activity_id) for f in followups for s in f.sections()
                for p in s.progress}
    gone = {(c.number, a.id) for c in plan.components for _, a in iter_activities(c)
            if (c.number, a.id) not in reported
            and ((c.number, a.id) in added or (None, a.id) in added)}
    return without(plan, gone) if gone else plan


def undo(plan: Plan, entries: Sequence[tuple[int, ChangeLogEntry]]
         ) -> tuple[Plan, list[Inconsistency]]:
    """The plan before these entries (given with their positions in the log), latest first;
    and what in them did not fit. An entry that does not fit is skipped where it does not."""
    tree = _Tree(plan)
    found: list[Inconsistency] = []
    for index, entry in sorted(entries, key=lambda e: (e[1].date, e[0]), reverse=True):
        for activity_id, before in entry.before.items():
            message = tree.restore(entry.component, activity_id, before)
            if message is not None:
                found.append(Inconsistency(index, activity_id, message))
    return tree.plan(), found


def _key(activity_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in activity_id.split("."))


class _Tree:
    """The plan's components, subcomponents and activities as lists that can be edited."""

    def __init__(self, plan: Plan) -> None:
        self.original = plan
        self.components: list[tuple[Component, list[tuple[Subcomponent, list[Activity]]]]] = [
            (c, [(s, list(s.activities)) for s in c.subcomponents]) for c in plan.components]

    def plan(self) -> Plan:
        components = []
        for component, subs in self.components:
            kept = [s.model_copy(update={"activities": acts}) for s, acts in subs if acts]
            if kept:
                components.append(component.model_copy(update={"subcomponents": kept}))
        return self.original.model_copy(update={"components": components})

    def _where(self, component: int | None, activity_id: str) -> list[int]:
        """The positions of the components that hold the activity (or may: the one named)."""
        if component is not None:
            return [i for i, (c, _) in enumerate(self.components) if c.number == component]
        return [i for i, (_, subs) in enumerate(self.components)
                if any(_find(acts, activity_id) is not None for _, acts in subs)]

    def restore(self, component: int | None, activity_id: str,
                before: Before | None) -> str | None:
        """Put the activity back as it was before the change; None, or why it cannot."""
        places = self._where(component, activity_id)
        if component is None and not places and len(self.components) == 1:
            places = [0]
        if len(places) != 1:
            if component is not None:
                return f"el plan no tiene el componente {component}"
            if places:
                return (f"la actividad {activity_id} está en varios componentes: diga cuál con "
                        "«componente»")
            return (f"la actividad {activity_id} no está en el plan y el plan tiene varios "
                    "componentes: diga en cuál estaba con «componente»")
        number, subs = self.components[places[0]]
        where = next(((si, path) for si, (_, acts) in enumerate(subs)
                      if (path := _find(acts, activity_id)) is not None), None)
        if before is None:  # the change added it: before it, it was not there
            if where is None:
                return (f"«antes» dice que este cambio agregó la actividad {activity_id}, pero "
                        "el plan no la tiene")
            si, path = where
            subs[si] = (subs[si][0], _replace(subs[si][1], path, None))
            return None
        if where is None:  # the change removed it: it comes back whole
            if before.description is None:
                return (f"la actividad {activity_id} no está en el plan: si este cambio la "
                        "eliminó, «antes» debe traerla entera (al menos «actividad»)")
            try:
                activity = Activity.model_validate({"id": activity_id, **before.fields()})
            except ValidationError as exc:
                return _invalid(activity_id, exc)
            return self._insert(number.number, subs, activity, before.subcomponent)
        si, path = where
        current = _get(subs[si][1], path)
        data: dict[str, Any] = {name: getattr(current, name) for name in Activity.model_fields}
        data.update(before.fields())
        try:
            activity = Activity.model_validate(data)
        except ValidationError as exc:
            return _invalid(activity_id, exc)
        moved = before.subcomponent is not None and before.subcomponent != subs[si][0].number
        if not moved:
            subs[si] = (subs[si][0], _replace(subs[si][1], path, activity))
            return None
        subs[si] = (subs[si][0], _replace(subs[si][1], path, None))
        return self._insert(number.number, subs, activity, before.subcomponent)

    @staticmethod
    def _insert(component: int, subs: list[tuple[Subcomponent, list[Activity]]],
                activity: Activity, subcomponent: int | None) -> str | None:
        """Insert a restored activity in its place by number: under its parent activity
        (5.2.1 under 5.2) or in its subcomponent."""
        parts = activity.id.split(".")
        for si, (sub, acts) in enumerate(subs):
            parent = _find(acts, ".".join(parts[:-1])) if len(parts) > 2 else None
            if parent is not None:
                holder = _get(acts, parent)
                children = _sorted_in(list(holder.subactivities), activity)
                subs[si] = (sub, _replace(acts, parent,
                                          holder.model_copy(update={"subactivities": children})))
                return None
        number = subcomponent if subcomponent is not None else int(parts[0])
        for si, (sub, acts) in enumerate(subs):
            if sub.number == number:
                subs[si] = (sub, _sorted_in(acts, activity))
                return None
        return (f"el componente {component} no tiene el subcomponente {number} donde estaba la "
                f"actividad {activity.id}: indique «subcomponente»")


def _invalid(activity_id: str, exc: ValidationError) -> str:
    from pac_cli.models.validation import translate

    error = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in error["loc"])
    return (f"la actividad {activity_id} como era antes del cambio no es válida: "
            f"{where + ': ' if where else ''}{translate(error)}")


Path = tuple[int, ...]
"""Where an activity is in a list of activities: its index, then its subactivities'."""


def _find(activities: Sequence[Activity], activity_id: str) -> Path | None:
    for i, activity in enumerate(activities):
        if activity.id == activity_id:
            return (i,)
        inner = _find(activity.subactivities, activity_id)
        if inner is not None:
            return (i, *inner)
    return None


def _get(activities: Sequence[Activity], path: Path) -> Activity:
    activity = activities[path[0]]
    return _get(activity.subactivities, path[1:]) if len(path) > 1 else activity


def _replace(activities: Sequence[Activity], path: Path,
             new: Activity | None) -> list[Activity]:
    """The list with the activity at `path` replaced (None: taken out)."""
    result = list(activities)
    if len(path) == 1:
        if new is None:
            del result[path[0]]
        else:
            result[path[0]] = new
        return result
    holder = result[path[0]]
    children = _replace(holder.subactivities, path[1:], new)
    result[path[0]] = holder.model_copy(update={"subactivities": children})
    return result


def _sorted_in(activities: list[Activity], activity: Activity) -> list[Activity]:
    """The activity inserted before the first with a larger number."""
    at = next((i for i, a in enumerate(activities) if _key(a.id) > _key(activity.id)),
              len(activities))
    return [*activities[:at], activity, *activities[at:]]
