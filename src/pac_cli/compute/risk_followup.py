"""The risk map's follow-up at a cutoff: each risk's controls executed, its actions' progress,
whether it materialised, and its «nivel de cumplimiento».

The level, by the map's (or its method's) `cumplimiento`:
- `acciones_cumplidas` (the default): actions done (100 %) ÷ actions due at the cutoff (an
  action is due from its implementation date; one without a date, on 31 December of the
  map's vigencia). A risk with no action due has no level yet (None), never 0 % or 100 %.
- `promedio_avance`: the mean of its actions' progress (an action not reported counts 0 %).
Rounded once, half up, to two decimals, as the plan's figures are. Pure: no file, no printing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pac_cli.compute.risk_engine import RiskResult
from pac_cli.models.followup import ActionCheck, RiskCheck, RiskFollowUp
from pac_cli.models.risk_map import Action
from pac_cli.models.risk_method import Compliance

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ActionStatus:
    """An action of the treatment at the cutoff."""

    number: int
    action: Action
    check: ActionCheck | None
    """What the follow-up says of it (None: not reported, 0 %)."""
    due_date: dt.date
    due: bool
    """Its implementation date is on or before the cutoff."""

    @property
    def progress(self) -> Decimal:
        return self.check.progress if self.check is not None else Decimal(0)

    @property
    def done(self) -> bool:
        return self.progress >= HUNDRED

    @property
    def overdue(self) -> bool:
        return self.due and not self.done


@dataclass(frozen=True)
class RiskStatus:
    """A risk of the map with its figures and its follow-up at the cutoff."""

    result: RiskResult
    check: RiskCheck | None
    """None when the follow-up does not report it."""
    executed: tuple[tuple[str, bool], ...]
    """Each control of the map by its number, and whether it was executed (False when not
    reported)."""
    actions: tuple[ActionStatus, ...]
    compliance: Decimal | None

    @property
    def reference(self) -> str:
        return self.result.risk.reference

    @property
    def materialised(self) -> bool:
        return self.check is not None and self.check.materialised

    @property
    def controls_executed(self) -> int:
        return sum(done for _, done in self.executed)

    @property
    def overdue(self) -> tuple[ActionStatus, ...]:
        return tuple(a for a in self.actions if a.overdue)


@dataclass(frozen=True)
class RiskFollowupResult:
    """The map's follow-up at a cutoff."""

    cutoff: dt.date
    compliance_rule: Compliance
    risks: tuple[RiskStatus, ...]

    @property
    def materialised(self) -> tuple[RiskStatus, ...]:
        return tuple(r for r in self.risks if r.materialised)

    @property
    def overdue(self) -> tuple[tuple[RiskStatus, ActionStatus], ...]:
        return tuple((r, a) for r in self.risks for a in r.overdue)

    @property
    def not_reported(self) -> tuple[RiskStatus, ...]:
        return tuple(r for r in self.risks if r.check is None)

    def in_reading_order(self) -> tuple[RiskStatus, ...]:
        """Materialised risks first, then the others, each group in the map's order."""
        return self.materialised + tuple(r for r in self.risks if not r.materialised)


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def compliance(actions: tuple[ActionStatus, ...], rule: Compliance) -> Decimal | None:
    """A risk's nivel de cumplimiento by `rule`; None while it has nothing to measure."""
    if rule == "promedio_avance":
        if not actions:
            return None
        return _percent(sum((a.progress for a in actions), Decimal(0)),
                        HUNDRED * len(actions))
    due = [a for a in actions if a.due]
    if not due:
        return None
    return _percent(Decimal(sum(a.done for a in due)), Decimal(len(due)))


def follow_risks(results: list[RiskResult], followup: RiskFollowUp | None, cutoff: dt.date,
                 year: int, rule: Compliance) -> RiskFollowupResult:
    """Each risk of the map (`results`, with its figures) at `cutoff`, by what `followup`
    reports; references and numbers the map does not have were refused by validation."""
    checks = {c.reference: c for c in followup.risks} if followup is not None else {}
    end_of_year = dt.date(year, 12, 31)
    statuses = []
    for result in results:
        risk = result.risk
        check = checks.get(risk.reference)
        executed_by = {str(c.number): c.executed for c in check.controls} if check else {}
        progress_by = {a.number: a for a in check.actions} if check else {}
        actions = []
        for number, action in enumerate(risk.actions, start=1):
            due_date = action.implementation_date or end_of_year
            actions.append(ActionStatus(number, action, progress_by.get(number), due_date,
                                        due_date <= cutoff))
        statuses.append(RiskStatus(
            result, check,
            tuple((str(c.number), executed_by.get(str(c.number), False))
                  for c in risk.controls),
            tuple(actions), compliance(tuple(actions), rule)))
    return RiskFollowupResult(cutoff, rule, tuple(statuses))
