"""pac: the Plan Anticorrupción y de Atención al Ciudadano as version-controlled YAML.

    >>> from pac_cli import load_plan, load_followup, compute_followup
    >>> result = compute_followup(load_plan("plans/2024.yaml"), load_followup(
    ...     "followups/2024-04-30.yaml"))
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from pac_cli.engine import ComplianceResult
    from pac_cli.models import FollowUp, Plan

__all__ = ["compute_followup", "load_followup", "load_plan"]

M = TypeVar("M", bound="BaseModel")


def load_plan(path: str | Path) -> Plan:
    """Load and validate one plan file (schema only, no cross-file links)."""
    from pac_cli.models import Plan

    return _load(Path(path), Plan)


def load_followup(path: str | Path) -> FollowUp:
    """Load and validate one follow-up file (schema only, no cross-file links)."""
    from pac_cli.models import FollowUp

    return _load(Path(path), FollowUp)


def compute_followup(plan: Plan, followup: FollowUp) -> ComplianceResult:
    """The follow-up's figures (see `pac_cli.engine.compute_followup`)."""
    from pac_cli.engine import compute_followup as compute

    return compute(plan, followup)


def _load(path: Path, model: type[M]) -> M:
    from pac_cli.checks import validated
    from pac_cli.loader import load_file

    return validated(load_file(path), model)
