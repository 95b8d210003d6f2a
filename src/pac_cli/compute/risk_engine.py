"""The risk map's figures, by its method: inherent probability, impact and zone, each
control's rating and what it leaves, the residual probability, impact and zone.

dafp-2020 (Función Pública's guide v5/v6): percentages. A preventive or detective control
lowers the probability, a corrective one the impact, one after the other (`v − v ×
calificación`, so the order does not matter); the residual level is the band that holds the
value, never the nearest level (24 % is Baja); nothing is rounded before it is classified.
corrupcion-2015: scores, probability 1–5 × impact 5/10/20, with the residual as the map
publishes it. Pure: no file, no printing; an input the method cannot read raises
`RiskInputError` with the key it is at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pac_cli.es_co import normal
from pac_cli.models.risk_map import Consequence, Control, Likelihood, Risk, RiskMap
from pac_cli.models.risk_method import DafpMethod, Method2015

HUNDRED = Decimal(100)
LIKELIHOOD_CONTROLS = {"preventivo", "detectivo"}


class RiskInputError(Exception):
    """A risk's input the method cannot use: the keys it is at (from the risk) and why."""

    def __init__(self, where: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.where, self.message = where, message


ZONE_ORDER = ("baj", "moderad", "alt", "extrem")
"""The zones from lowest to highest, by `zone_key`."""


def zone_key(zone: str) -> str:
    """A zone's key, the same for both methods' words: «baj», «moderad», «alt», «extrem»
    (Bajo and Baja, Alto and Alta…)."""
    return normal(zone)[:-1]


@dataclass(frozen=True)
class Level:
    """A level and its figure: «Media» 60 (%), or «Posible» 3 in corrupcion-2015."""

    name: str
    value: Decimal


@dataclass(frozen=True)
class ControlStep:
    """One control applied: its rating (%), what it lowers, and the value before and after."""

    control: Control
    rating: Decimal
    lowers: str
    """«probabilidad» or «impacto»."""
    before: Decimal
    after: Decimal


@dataclass(frozen=True)
class RiskResult:
    """A risk with its figures."""

    risk: Risk
    inherent_likelihood: Level
    inherent_consequence: Level
    inherent_zone: str
    residual_likelihood: Level
    residual_consequence: Level
    residual_zone: str
    steps: tuple[ControlStep, ...] = ()
    inherent_score: Decimal | None = None
    """corrupcion-2015: probability × impact."""
    residual_score: Decimal | None = None


def compute_risk(risk: Risk, method: DafpMethod | Method2015) -> RiskResult:
    """The figures of one risk by `method`."""
    if isinstance(method, DafpMethod):
        return _dafp(risk, method)
    return _scores(risk, method)


def compute_map(risk_map: RiskMap, method: DafpMethod | Method2015) -> list[RiskResult]:
    return [compute_risk(risk, method) for risk in risk_map.risks]


# --- dafp-2020 -------------------------------------------------------------------------------


def likelihood_of_frequency(method: DafpMethod, times: Decimal) -> Level:
    """The probability of an activity done `times` a year."""
    for band in method.likelihood:
        if band.up_to is None or times <= band.up_to:
            return Level(band.level, band.percent)
    last = method.likelihood[-1]
    return Level(last.level, last.percent)


def likelihood_band(method: DafpMethod, value: Decimal) -> Level:
    """The probability level whose band holds `value` (%): (0, 20] Muy baja … (80, 100]."""
    return _band([(b.level, b.percent) for b in method.likelihood], value)


def consequence_band(method: DafpMethod, value: Decimal) -> Level:
    """The impact level whose band holds `value` (%): (0, 20] Leve … (80, 100]."""
    return _band([(b.level, b.percent) for b in method.consequence], value)


def _band(levels: Sequence[tuple[str, Decimal]], value: Decimal) -> Level:
    for name, upper in levels:
        if value <= upper:
            return Level(name, value)
    name, _ = levels[-1]
    return Level(name, value)


def corruption_consequence(method: DafpMethod, answers: Sequence[int]) -> Level:
    """The impact of a corruption risk by how many of the 19 questions are answered «sí»."""
    count = len(answers)
    reached = [band for band in method.corruption_consequence if count >= band.from_]
    if not reached:
        raise RiskInputError(("impacto", "respuestas"), "un riesgo de corrupción sin ninguna "
                             "respuesta «sí» no tiene consecuencias: no es un riesgo de "
                             "corrupción")
    return _named([(b.level, b.percent) for b in method.consequence], reached[-1].level,
                  ("impacto", "respuestas"))


def zone(method: DafpMethod, likelihood: str, consequence: str) -> str:
    """The heat map's cell: the zone of a probability and an impact level."""
    row = next((cells for name, cells in method.zones.items() if normal(name) == normal(
        likelihood)), None)
    columns = [normal(b.level) for b in method.consequence]
    if row is None or normal(consequence) not in columns:
        raise RiskInputError((), f"el mapa de calor no tiene la celda {likelihood} × "
                                 f"{consequence}")
    return row[columns.index(normal(consequence))]


def control_rating(method: DafpMethod, control: Control, at: tuple[str | int, ...]) -> Decimal:
    """A control's rating: its type's weight plus its implementation's (preventivo manual:
    25 + 15 = 40 %)."""
    if control.kind is None or control.implementation is None:
        missing = [word for word, value in (("tipo", control.kind),
                                            ("implementación", control.implementation))
                   if value is None]
        raise RiskInputError(at, f"el control {control.number} no dice su "
                                 f"{' ni su '.join(missing)}: sin eso no tiene calificación")
    return method.controls.kind[control.kind] + \
        method.controls.implementation[control.implementation]


def _named(levels: Sequence[tuple[str, Decimal]], name: str,
           where: tuple[str | int, ...]) -> Level:
    for level, value in levels:
        if normal(level) == normal(name):
            return Level(level, value)
    known = ", ".join(level for level, _ in levels)
    raise RiskInputError(where, f"«{name}» no es un nivel de este método ({known})")


def _dafp_likelihood(likelihood: Likelihood, method: DafpMethod) -> Level:
    if likelihood.frequency is not None:
        return likelihood_of_frequency(method, likelihood.frequency)
    return _named([(b.level, b.percent) for b in method.likelihood], str(likelihood.level),
                  ("probabilidad", "nivel"))


def _dafp_consequence(risk: Risk, method: DafpMethod) -> Level:
    given: Consequence = risk.consequence
    levels = [(b.level, b.percent) for b in method.consequence]
    if given.level is not None:
        return _named(levels, given.level, ("impacto", "nivel"))
    found: list[Level] = []
    if given.answers is not None:
        wrong = sorted({n for n in given.answers if not 1 <= n <= len(method.questions)})
        if wrong:
            raise RiskInputError(("impacto", "respuestas"), f"las preguntas van de 1 a "
                                 f"{len(method.questions)}: {', '.join(map(str, wrong))} no es "
                                 "una de ellas")
        if len(set(given.answers)) != len(given.answers):
            raise RiskInputError(("impacto", "respuestas"), "una pregunta está repetida")
        found.append(corruption_consequence(method, given.answers))
    if given.economic is not None:
        band = next((b for b in method.consequence
                     if b.smlmv_up_to is None or given.economic <= b.smlmv_up_to),
                    method.consequence[-1])
        found.append(Level(band.level, band.percent))
    if given.reputational is not None:
        found.append(_named(levels, given.reputational, ("impacto", "reputacional")))
    return max(found, key=lambda level: level.value)  # both criteria: the higher


def _dafp(risk: Risk, method: DafpMethod) -> RiskResult:
    likelihood = _dafp_likelihood(risk.likelihood, method)
    consequence = _dafp_consequence(risk, method)
    steps = []
    value = {"probabilidad": likelihood.value, "impacto": consequence.value}
    for i, control in enumerate(risk.controls):
        rating = control_rating(method, control, ("controles", i))
        lowers = "probabilidad" if control.kind in LIKELIHOOD_CONTROLS else "impacto"
        before = value[lowers]
        value[lowers] = before - before * rating / HUNDRED
        steps.append(ControlStep(control, rating, lowers, before, value[lowers]))
    residual_likelihood = likelihood_band(method, value["probabilidad"])
    residual_consequence = consequence_band(method, value["impacto"])
    return RiskResult(
        risk, likelihood, consequence, zone(method, likelihood.name, consequence.name),
        residual_likelihood, residual_consequence,
        zone(method, residual_likelihood.name, residual_consequence.name), tuple(steps))


# --- corrupcion-2015 -------------------------------------------------------------------------


def score_zone(method: Method2015, score: Decimal) -> str:
    """The zone of a score (probability × impact): ≤ 10 Baja, ≤ 25 Moderada, ≤ 50 Alta."""
    for band in method.zones:
        if band.up_to is None or score <= band.up_to:
            return band.zone
    return method.zones[-1].zone


def _level_2015(levels: Sequence[tuple[str, Decimal]], given: str | int,
                where: tuple[str | int, ...]) -> Level:
    if isinstance(given, int):
        for name, value in levels:
            if value == given:
                return Level(name, value)
        raise RiskInputError(where, f"{given} no es un valor de este método "
                                    f"({', '.join(str(v) for _, v in levels)})")
    return _named(levels, given, where)


def _scores(risk: Risk, method: Method2015) -> RiskResult:
    likelihoods = [(b.level, Decimal(b.value)) for b in method.likelihood]
    consequences = [(b.level, Decimal(b.value)) for b in method.consequence]
    if risk.likelihood.level is None:
        raise RiskInputError(("probabilidad",), "en el método corrupcion-2015 la probabilidad "
                                                "es un nivel (1 a 5), no una frecuencia")
    if risk.consequence.level is None:
        raise RiskInputError(("impacto",), "en el método corrupcion-2015 el impacto es un nivel "
                                           "(Moderado, Mayor o Catastrófico)")
    likelihood = _level_2015(likelihoods, risk.likelihood.level, ("probabilidad", "nivel"))
    consequence = _level_2015(consequences, risk.consequence.level, ("impacto", "nivel"))
    residual_likelihood, residual_consequence = likelihood, consequence
    if risk.residual is not None:
        residual_likelihood = _level_2015(likelihoods, risk.residual.likelihood,
                                          ("residual", "probabilidad"))
        residual_consequence = _level_2015(consequences, risk.residual.consequence,
                                           ("residual", "impacto"))
    inherent = likelihood.value * consequence.value
    residual = residual_likelihood.value * residual_consequence.value
    return RiskResult(risk, likelihood, consequence, score_zone(method, inherent),
                      residual_likelihood, residual_consequence, score_zone(method, residual),
                      inherent_score=inherent, residual_score=residual)
