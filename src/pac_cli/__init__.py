"""pac: the Plan Anticorrupción y de Atención al Ciudadano as version-controlled YAML.

    >>> from pac_cli import load_plan, load_followup, compute_followup
    >>> result = compute_followup(load_plan("plans/2024.yaml"), load_followup(
    ...     "followups/2024-04-30.yaml"))
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from pac_cli.compute.engine import ComplianceResult
    from pac_cli.models.followup import FollowUp
    from pac_cli.models.plan import Plan

__all__ = ["compute_followup", "load_followup", "load_plan"]

M = TypeVar("M", bound="BaseModel")


def load_plan(path: str | Path) -> Plan:
    """Load and validate one plan file (schema only, no cross-file links)."""
    from pac_cli.models.plan import Plan

    return _load(Path(path), Plan)


def load_followup(path: str | Path) -> FollowUp:
    """Load and validate one follow-up file (schema only, no cross-file links)."""
    from pac_cli.models.followup import FollowUp

    return _load(Path(path), FollowUp)


def compute_followup(plan: Plan, followups: FollowUp | Sequence[FollowUp],
                     component: int | None = None) -> ComplianceResult:
    """The figures of a cutoff (see `pac_cli.compute.engine.compute_followup`), with the rules of
    the plan's frame among those that come with pac (PAAC, PTEP) and its own settings."""
    from pac_cli.compute.engine import compute_followup as compute
    from pac_cli.models.frame_catalog import catalog
    from pac_cli.models.plan import resolve_rules

    frames = catalog()
    if plan.frame_id not in frames:
        raise ValueError(f"no hay un marco «{plan.frame_id}» entre los de pac")
    return compute(plan, followups, resolve_rules(plan, frames[plan.frame_id]), component)


def _load(path: Path, model: type[M]) -> M:
    from pac_cli.disk.yaml_reader import load_file
    from pac_cli.models.validation import validated

    return validated(load_file(path), model)
