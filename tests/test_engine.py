"""The compliance engine: the acta's figures, the rounding policy, and its invariants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pac_cli import InvalidDataError, compute_followup, load_followup, load_plan
from pac_cli.compute.engine import Measure, Zone, mean, published, ratio, zone_of
from pac_cli.models.followup import FollowUp
from pac_cli.models.frame import Rounding, Zones
from pac_cli.models.plan import Plan

from .conftest import ROOT

ACTA = Rounding()
D = Decimal


@pytest.mark.parametrize(
    ("achieved", "target", "expected"),
    [(11842, 15000, "78.94"), (2, 3, "66.66"), (7, 24, "29.16"), (16, 52, "30.76"),
     (1, 3, "33.33"), (0, 1, "0.00"), (24, 72, "33.33"), (3, 3, "100.00")],
)
def test_activity_percentage_is_truncated_like_the_acta(achieved: int, target: int,
                                                        expected: str) -> None:
    assert published(ratio(D(achieved), D(target)), ACTA) == D(expected)


def test_total_is_the_half_up_mean_of_the_displayed_values() -> None:
    shown = [D(x) for x in ["0.00", "33.33", "78.94", "30.76", "33.33", "33.33", "0.00",
                            "33.33", "33.33", "66.66", "29.16", "33.33", "33.33"]]
    assert sum(shown) == D("438.83")
    assert mean(shown, ACTA) == D("33.76")


def test_seed_acta_reproduced_exactly() -> None:
    result = compute_followup(load_plan(ROOT / "plans/2024.yaml"),
                              load_followup(ROOT / "followups/2024-04-30.yaml"))
    figures = {a.activity.id: str(a.percentage) for a in result.activities}
    assert figures == {
        "1.1": "0.00", "1.2": "33.33", "2.1": "78.94", "2.2": "30.76", "2.3": "33.33",
        "3.1": "33.33", "3.2": "0.00", "4.1": "33.33", "4.2": "33.33", "4.3": "66.66",
        "4.4": "29.16", "4.5": "33.33", "5.1": "33.33",
    }
    assert result.components[0].displayed_sum == D("438.83")
    assert result.total == D("33.76")
    assert result.zone is Zone.LOW


def test_other_policy_changes_the_figures() -> None:
    plan = load_plan(ROOT / "plans/2024.yaml")
    rounded = plan.model_copy(update={"rounding": Rounding(activity="redondear",
                                                           mean_of="valores_exactos")})
    result = compute_followup(rounded, load_followup(ROOT / "followups/2024-04-30.yaml"))
    figures = {a.activity.id: str(a.percentage) for a in result.activities}
    assert (figures["2.1"], figures["4.3"], figures["4.4"]) == ("78.95", "66.67", "29.17")
    # the mean of the exact values (438,88… / 13 = 33,760…) happens to round the same way
    assert result.total == D("33.76")


def test_achieved_above_target_is_capped_at_100() -> None:
    assert published(ratio(D(18000), D(15000)), ACTA) == D("100.00")


def test_zero_target_is_refused() -> None:
    with pytest.raises(ValueError):
        ratio(D(1), D(0))


@pytest.mark.parametrize(("value", "zone"), [
    ("0", Zone.LOW), ("59.99", Zone.LOW), ("60.00", Zone.MEDIUM), ("79.99", Zone.MEDIUM),
    ("80", Zone.HIGH), ("100", Zone.HIGH)])
def test_zone_boundaries_belong_to_the_higher_zone(value: str, zone: Zone) -> None:
    assert zone_of(D(value), Zones()) is zone


def _qualitative() -> tuple[Plan, FollowUp]:
    plan = Plan.model_validate({"vigencia": 2019, "componentes": [{
        "numero": 4, "nombre": "Atención", "subcomponentes": [{
            "numero": 1, "nombre": "Estructura", "actividades": [
                {"id": "1.1", "actividad": "Dotación"},
                {"id": "1.2", "actividad": "Ferias", "subactividades": [
                    {"id": "1.2.1", "actividad": "Análisis"}]}]}]}]})
    followup = FollowUp.model_validate({"vigencia": 2019, "componente": 4,
                                        "corte": "2019-04-30", "avances": [
        {"actividad": "1.1", "porcentaje": 50, "justificacion": "Dotación parcial"},
        {"actividad": "1.2", "porcentaje": D("33.335"), "justificacion": "Una de tres"},
        {"actividad": "1.2.1", "sin_avance": True}]})
    return plan, followup


def test_qualitative_activities_use_the_evaluators_percentage() -> None:
    result = compute_followup(*_qualitative())
    assert [(a.activity.id, a.measure, str(a.percentage)) for a in result.activities] == [
        ("1.1", Measure.EVALUATOR, "50.00"), ("1.2", Measure.EVALUATOR, "33.33"),
        ("1.2.1", Measure.NO_PROGRESS, "0.00")]
    assert result.total == D("27.78")


def test_missing_activity_is_an_error_not_a_silent_zero() -> None:
    plan, followup = _qualitative()
    assert followup.progress is not None
    partial = followup.model_copy(update={"progress": followup.progress[:2]})
    with pytest.raises(InvalidDataError, match=r"1\.2\.1"):
        compute_followup(plan, partial)


targets = st.decimals(min_value=D("0.01"), max_value=D(10**9), places=2)
achieved = st.decimals(min_value=D(0), max_value=D(10**10), places=2)
policies = st.builds(Rounding, activity=st.sampled_from(["truncar", "redondear"]),
                     total=st.sampled_from(["truncar", "redondear"]),
                     decimals=st.integers(0, 4))


@given(achieved, targets, policies)
def test_every_percentage_lies_between_0_and_100(a: Decimal, t: Decimal, p: Rounding) -> None:
    assert D(0) <= published(ratio(a, t), p) <= D(100)


@given(st.lists(st.decimals(min_value=D(0), max_value=D(100), places=2), min_size=1,
                max_size=40), policies)
def test_a_mean_lies_between_its_min_and_max(values: list[Decimal], p: Rounding) -> None:
    step = D(1).scaleb(-p.decimals)
    result = mean(values, p)
    # rounding to fewer decimals than the inputs may move the mean by less than one step
    assert min(values) - step < result < max(values) + step
    if p.decimals >= 2:
        assert min(values) <= result <= max(values)
