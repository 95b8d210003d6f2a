"""What changed between two versions of a risk map, risk by risk, and what it does to the
figures: a control removed shows the residual it raises. Pure: both versions are computed
with their own method; an input either version cannot compute is said, not raised."""

from __future__ import annotations

from dataclasses import dataclass, field

from pac_cli import es_co
from pac_cli.compute.risk_engine import (
    ZONE_ORDER,
    RiskInputError,
    RiskResult,
    compute_risk,
    zone_key,
)
from pac_cli.models.risk_map import Control, Risk, RiskMap
from pac_cli.models.risk_method import DafpMethod, Method2015

FIELDS = {"descripcion": "description", "proceso": "process", "tipo": "type",
          "tratamiento": "treatment"}


@dataclass(frozen=True)
class Figures:
    """A risk's residual as its version computes it."""

    likelihood: str
    consequence: str
    zone: str
    inherent_zone: str


@dataclass
class RiskChange:
    """One risk: added («A»), removed («D») or changed («M»), with what changed."""

    reference: str
    status: str
    controls_added: list[Control] = field(default_factory=list)
    controls_removed: list[Control] = field(default_factory=list)
    controls_changed: list[str] = field(default_factory=list)
    fields: list[tuple[str, str, str]] = field(default_factory=list)
    """(YAML key, before, after) of its own texts and choices."""
    old: Figures | None = None
    new: Figures | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def raises(self) -> bool:
        """Whether the change leaves the residual zone higher (a control removed, say)."""
        return self.old is not None and self.new is not None and \
            _rank(self.new.zone) > _rank(self.old.zone)


@dataclass
class RiskMapDiff:
    old: RiskMap | None
    new: RiskMap | None
    changes: list[RiskChange] = field(default_factory=list)


def _rank(zone: str) -> int:
    key = zone_key(zone)
    return ZONE_ORDER.index(key) if key in ZONE_ORDER else -1


def _figures(risk: Risk, method: DafpMethod | Method2015 | None,
             notes: list[str], when: str) -> Figures | None:
    if method is None:
        return None
    try:
        result: RiskResult = compute_risk(risk, method)
    except RiskInputError as exc:
        notes.append(f"{when}: {exc.message}")
        return None
    likelihood, consequence = result.residual_likelihood, result.residual_consequence
    if isinstance(method, DafpMethod):
        return Figures(f"{likelihood.name} ({es_co.percent(likelihood.value, 1)})",
                       f"{consequence.name} ({es_co.percent(consequence.value, 1)})",
                       result.residual_zone, result.inherent_zone)
    return Figures(likelihood.name, consequence.name, result.residual_zone,
                   result.inherent_zone)


def _control_key(control: Control) -> str:
    return str(control.number)


def diff_maps(old: RiskMap | None, new: RiskMap | None,
              old_method: DafpMethod | Method2015 | None,
              new_method: DafpMethod | Method2015 | None) -> RiskMapDiff:
    """Each risk of either version that is not the same in both."""
    result = RiskMapDiff(old, new)
    before = {r.reference: r for r in old.risks} if old is not None else {}
    after = {r.reference: r for r in new.risks} if new is not None else {}
    for reference in [*before, *(r for r in after if r not in before)]:
        a, b = before.get(reference), after.get(reference)
        if a == b:
            continue
        change = RiskChange(reference, "A" if a is None else "D" if b is None else "M")
        if a is not None:
            change.old = _figures(a, old_method, change.notes, "antes")
        if b is not None:
            change.new = _figures(b, new_method, change.notes, "ahora")
        if a is not None and b is not None:
            old_controls = {_control_key(c): c for c in a.controls}
            new_controls = {_control_key(c): c for c in b.controls}
            change.controls_removed = [c for k, c in old_controls.items()
                                       if k not in new_controls]
            change.controls_added = [c for k, c in new_controls.items()
                                     if k not in old_controls]
            change.controls_changed = [k for k, c in new_controls.items()
                                       if k in old_controls and old_controls[k] != c]
            change.fields = [(key, str(getattr(a, name) or ""), str(getattr(b, name) or ""))
                             for key, name in FIELDS.items()
                             if getattr(a, name) != getattr(b, name)]
            for key, name in (("probabilidad", "likelihood"), ("impacto", "consequence"),
                              ("acciones", "actions"), ("publicado", "published")):
                if getattr(a, name) != getattr(b, name):
                    change.fields.append((key, "", ""))
        result.changes.append(change)
    return result
