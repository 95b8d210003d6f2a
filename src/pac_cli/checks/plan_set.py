"""The plans of a project by vigencia and frame: which plan a vigencia has, and no two of
one vigencia and frame in a folder. What checking plans alone needs of the others (their
vigencias and frames, not their models), kept apart from the follow-up rules.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pac_cli.checks.results import Checked
from pac_cli.disk.yaml_reader import Document
from pac_cli.models.plan import DEFAULT_FRAME, Plan, declared_years
from pac_cli.models.problems import Problem
from pac_cli.models.validation import problem_at


@dataclass(frozen=True)
class PlanEntry:
    """A plan file seen while checking, by its vigencias and frame; or one vigencia of a
    programme (`at`), whose plan is that year's."""

    checked: Checked
    year: int
    frame_id: str
    last_year: int | None = None
    """The last vigencia of a programme of several."""

    @property
    def doc(self) -> Document:
        return self.checked.doc

    @property
    def years(self) -> range:
        return range(self.year, (self.last_year or self.year) + 1)

    def at(self, year: int) -> PlanEntry:
        """The entry of one vigencia of the plan (a one-year plan is its own)."""
        return replace(self, year=year, last_year=None) if self.last_year is not None else self

    @property
    def plan(self) -> Plan | None:
        """The plan's model (built again if it was released), as it is in this entry's
        vigencia; None when it is not valid."""
        model = self.checked.model
        return model.in_year(self.year) if isinstance(model, Plan) else None

    def plan_at(self, day: dt.date) -> Plan | None:
        """The plan in force on a cutoff's day (the changes logged after it undone), as it
        is in this entry's vigencia; None when it is not valid."""
        from pac_cli.compute.plan_in_force import plan_at

        model = self.checked.model
        return plan_at(model, day).in_year(self.year) if isinstance(model, Plan) else None


def plan_entries(files: Sequence[Checked]) -> list[PlanEntry]:
    """Every plan among the files, valid or not, with its vigencias and frame."""
    entries = []
    for item in files:
        years = declared_years(item.doc.data) if item.kind == "plan" else None
        if years is None:
            continue
        frame = item.doc.data.get("marco")
        entries.append(PlanEntry(item, years[0], frame if isinstance(frame, str)
                                 else DEFAULT_FRAME, years[-1] if len(years) > 1 else None))
    return entries


def entries_of_year(entries: Sequence[PlanEntry], year: int,
                    frame: str | None = None) -> list[PlanEntry]:
    """The plans that cover a vigencia (of a frame), each as that vigencia's plan."""
    return [e.at(year) for e in entries if year in e.years
            and (frame is None or e.frame_id == frame)]


def duplicate_plans(targets: Sequence[Checked], entries: Sequence[PlanEntry]) -> list[Problem]:
    """One plan per vigencia and frame in a folder (plans elsewhere are other projects): a
    programme's vigencias count, so a plan of 2026 beside a programme 2025–2028 of the same
    frame is one too many."""
    groups: dict[tuple[object, int, str], list[PlanEntry]] = {}
    for entry in entries:
        folder = _folder_identity(entry.doc.path.parent)
        for year in entry.years:
            groups.setdefault((folder, year, entry.frame_id), []).append(entry)
    checked = {id(t.doc) for t in targets}
    problems: dict[tuple[int, str], Problem] = {}
    for (_, year, frame), found in groups.items():
        if len(found) > 1:
            names = ", ".join(e.doc.display for e in found)
            for entry in found:
                if id(entry.doc) in checked and (id(entry.doc), frame) not in problems:
                    problems[(id(entry.doc), frame)] = problem_at(
                        entry.doc, ("vigencia",), f"hay más de un plan de la vigencia {year} "
                        f"con el marco «{frame}»: {names}")
    return list(problems.values())


def _folder_identity(folder: Path) -> object:
    """The folder itself however it is spelt (device and inode: one system call, where
    resolving the path takes one per component, for each of thousands of plans)."""
    try:
        info = os.stat(folder)
    except OSError:
        return os.path.abspath(folder)
    return info.st_dev, info.st_ino
