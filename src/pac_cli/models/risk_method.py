"""The methodologies (métodos) a risk map is computed with, as data: pac's own
(`metodos/*.yaml`: dafp-2020, corrupcion-2015) and an entity's (`metodos` of pac.yaml, one of
pac's with what it changes). Apart from the map's models: pac.yaml names its own methods, and
reading it should not build the map's."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, StrictInt, ValidationError

from pac_cli.models.fields import Model, NonNegativeNumber, Percent, Slug, Text

ControlType = Literal["preventivo", "detectivo", "correctivo"]
Implementation = Literal["manual", "automatico"]
Compliance = Literal["acciones_cumplidas", "promedio_avance"]


class LikelihoodBand(Model):
    """Un nivel de probabilidad de dafp-2020, hasta cuántas veces al año."""

    level: Text = Field(alias="nivel", description="Nombre del nivel: «Media».")
    percent: Percent = Field(alias="porcentaje", description="Su porcentaje: 60.")
    up_to: NonNegativeNumber | None = Field(None, alias="hasta", description="Hasta cuántas "
                                            "veces al año (incluida); el último no tiene.")


class ConsequenceBand(Model):
    """Un nivel de impacto de dafp-2020."""

    level: Text = Field(alias="nivel", description="Nombre del nivel: «Mayor».")
    percent: Percent = Field(alias="porcentaje", description="Su porcentaje: 80.")
    smlmv_up_to: NonNegativeNumber | None = Field(None, alias="smlmv_hasta", description="Hasta "
                                                  "cuántos SMLMV (incluido); el último no tiene.")
    reputational: Text = Field(alias="reputacional", description="La afectación reputacional "
                                                                 "de ese nivel.")


class AnswerBand(Model):
    """Desde cuántas respuestas «sí» un riesgo de corrupción tiene un impacto."""

    from_: StrictInt = Field(alias="desde", ge=1)
    level: Text = Field(alias="nivel")


class ControlWeights(Model):
    """Cuánto pesa cada tipo e implementación de un control, en %."""

    kind: dict[ControlType, Percent] = Field(alias="tipo", description="preventivo, detectivo "
                                             "y correctivo, en %.")
    implementation: dict[Implementation, Percent] = Field(
        alias="implementacion", description="automatico y manual, en %.")


class DafpMethod(Model):
    """El método de Función Pública (guía v5/v6): porcentajes."""

    id: Slug
    name: Text = Field(alias="nombre")
    norm: Text = Field(alias="norma")
    since: StrictInt = Field(alias="desde")
    likelihood: list[LikelihoodBand] = Field(alias="probabilidad", min_length=5, max_length=5)
    consequence: list[ConsequenceBand] = Field(alias="impacto", min_length=5, max_length=5)
    questions: list[Text] = Field(alias="preguntas_corrupcion", min_length=19, max_length=19)
    corruption_consequence: list[AnswerBand] = Field(alias="impacto_corrupcion")
    zones: dict[str, list[Text]] = Field(alias="zonas")
    controls: ControlWeights = Field(alias="controles")
    compliance: Compliance = Field(alias="cumplimiento")
    assumptions: dict[str, Text] = Field(default_factory=dict, alias="supuestos")


class Level2015(Model):
    """Un nivel del método corrupcion-2015 con su valor."""

    level: Text = Field(alias="nivel", description="Nombre del nivel: «Posible».")
    value: StrictInt = Field(alias="valor", ge=1, description="Su valor: 3.")


class Zone2015(Model):
    """Una zona del método corrupcion-2015, hasta qué calificación."""

    zone: Text = Field(alias="zona", description="Nombre de la zona: «Alta».")
    up_to: StrictInt | None = Field(None, alias="hasta", description="Hasta qué calificación "
                                                                     "(incluida); la última no "
                                                                     "tiene.")


class Method2015(Model):
    """El método de la guía de riesgos de corrupción de 2015: calificaciones."""

    id: Slug
    name: Text = Field(alias="nombre")
    norm: Text = Field(alias="norma")
    until: StrictInt = Field(alias="hasta")
    likelihood: list[Level2015] = Field(alias="probabilidad", min_length=5, max_length=5)
    consequence: list[Level2015] = Field(alias="impacto", min_length=1)
    zones: list[Zone2015] = Field(alias="zonas", min_length=1)
    compliance: Compliance = Field(alias="cumplimiento")
    assumptions: dict[str, Text] = Field(default_factory=dict, alias="supuestos")


class OwnMethod(Model):
    """Un método propio de la entidad: uno de los que trae pac con lo que la entidad cambia
    (sus bandas, sus pesos, su nivel de cumplimiento), y sus supuestos dichos."""

    id: Slug = Field(description="Identificador del método, para «metodo» de sus mapas "
                                 "(p. ej. «dafp-2020-entidad»; el de uno de pac lo reemplaza).")
    based_on: Literal["dafp-2020", "corrupcion-2015"] = Field(
        alias="basado_en", description="El método de pac del que parte: dafp-2020 o "
                                       "corrupcion-2015.")
    name: Text | None = Field(None, alias="nombre", description="Nombre del método.")
    norm: Text | None = Field(None, alias="norma", description="Norma o acto que lo adopta.")
    likelihood: list[LikelihoodBand] | list[Level2015] | None = Field(
        None, alias="probabilidad", description="Los cinco niveles de probabilidad, si cambian.")
    consequence: list[ConsequenceBand] | list[Level2015] | None = Field(
        None, alias="impacto", description="Los niveles de impacto, si cambian.")
    zones: dict[str, list[Text]] | list[Zone2015] | None = Field(
        None, alias="zonas", description="El mapa de calor (dafp-2020) o las bandas de la "
                                         "calificación (corrupcion-2015), si cambian.")
    controls: ControlWeights | None = Field(None, alias="controles",
                                            description="Los pesos de los controles, si "
                                                        "cambian.")
    compliance: Compliance | None = Field(None, alias="cumplimiento",
                                          description="acciones_cumplidas o promedio_avance.")
    assumptions: dict[str, Text] = Field(default_factory=dict, alias="supuestos",
                                         description="Los supuestos de la entidad, dichos: se "
                                                     "suman a los del método (el mismo nombre "
                                                     "reemplaza).")


def own_method(own: OwnMethod) -> DafpMethod | Method2015:
    """The entity's method: its base's data with what it changes, validated as the base's
    (a `pydantic.ValidationError` whose places are within the entry of `metodos`)."""
    base = risk_methods()[own.based_on]
    data = base.model_dump(by_alias=True)
    given = own.model_dump(by_alias=True, exclude_none=True,
                           exclude={"based_on", "assumptions"})
    data |= given
    data["supuestos"] = {**base.assumptions, **own.assumptions}
    return type(base).model_validate(data)


def method_catalog(own: Iterable[OwnMethod] = ()) -> dict[str, DafpMethod | Method2015]:
    """pac's methods and the entity's (that validate), by id; an entity's wins."""
    found = dict(risk_methods())
    for method in own:
        try:
            found[method.id] = own_method(method)
        except ValidationError:  # said at its line of pac.yaml when it is validated
            continue
    return found


METHODS = Path(__file__).resolve().parent / "metodos"


@cache
def risk_methods() -> dict[str, DafpMethod | Method2015]:
    """The methods that come with pac, by id."""
    from pac_cli.disk.yaml_reader import load_file
    from pac_cli.models.validation import validated

    found: dict[str, DafpMethod | Method2015] = {}
    for path in sorted(METHODS.glob("*.yaml")):
        doc = load_file(path, f"pac:metodos/{path.name}")
        model: type[DafpMethod | Method2015] = DafpMethod \
            if doc.data.get("id") == "dafp-2020" else Method2015
        method = validated(doc, model)
        found[method.id] = method
    return found

