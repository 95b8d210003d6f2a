"""The corruption risk map (mapa de riesgos): its risks with the inputs of their probability
and impact, their controls, treatment and actions, and the zones as the entity published them;
and the methodologies (métodos) it is computed with, as data.

The figures are not stored: the engine (`compute.risk_engine`) computes them from these inputs
with the map's method, and what the entity published (`publicado`) is checked against them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, StrictInt, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from pac_cli.models.fields import (
    Day,
    Model,
    NonNegativeNumber,
    Offices,
    Percent,
    Publication,
    Slug,
    Text,
)

RiskType = Literal["corrupcion", "gestion", "fiscal", "seguridad_digital", "ambiental", "otro"]
ControlType = Literal["preventivo", "detectivo", "correctivo"]
Implementation = Literal["manual", "automatico"]
Treatment = Literal["reducir", "compartir", "evitar", "aceptar"]
Compliance = Literal["acciones_cumplidas", "promedio_avance"]


def _texts(value: object) -> object:
    return [value] if isinstance(value, str) else value


class Likelihood(Model):
    """Probabilidad inherente: cuántas veces al año se hace la actividad que lleva el riesgo
    (dafp-2020), o su nivel."""

    frequency: NonNegativeNumber | None = Field(
        None, alias="frecuencia", description="Veces al año que se hace la actividad (no las "
                                              "veces que pasó el riesgo).")
    level: Text | StrictInt | None = Field(
        None, alias="nivel", description="El nivel, si no se da la frecuencia: «Media» (o 1 a 5 "
                                         "en el método corrupcion-2015).")

    @model_validator(mode="after")
    def _one(self) -> Likelihood:
        if (self.frequency is None) == (self.level is None):
            raise PydanticCustomError("pac_likelihood", "indique «frecuencia» o «nivel», uno "
                                                        "de los dos")
        return self


class Consequence(Model):
    """Impacto inherente: la afectación económica o reputacional, las respuestas a las 19
    preguntas de un riesgo de corrupción, o su nivel."""

    economic: NonNegativeNumber | None = Field(
        None, alias="smlmv", description="Afectación económica, en salarios mínimos (SMLMV).")
    reputational: Text | None = Field(
        None, alias="reputacional", description="Afectación reputacional, por su nivel: «Mayor».")
    answers: list[StrictInt] | None = Field(
        None, alias="respuestas", description="Riesgo de corrupción: los números (1 a 19) de "
                                              "las preguntas respondidas «sí».")
    level: Text | None = Field(None, alias="nivel", description="El nivel, si no se da otra "
                                                                "cosa: «Mayor».")

    @model_validator(mode="after")
    def _something(self) -> Consequence:
        given = [v for v in (self.economic, self.reputational, self.answers, self.level)
                 if v is not None]
        if not given:
            raise PydanticCustomError("pac_consequence", "indique «smlmv», «reputacional», "
                                                         "«respuestas» o «nivel»")
        if self.level is not None and len(given) > 1:
            raise PydanticCustomError("pac_consequence", "«nivel» va solo: el impacto se da "
                                                         "por su nivel o por sus criterios")
        return self


class Control(Model):
    """Control de un riesgo, con sus atributos (los que pesan y los informativos)."""

    number: Text | StrictInt = Field(alias="numero", description="Número del control.")
    description: Text = Field(alias="descripcion", description="Qué hace el control, quién y "
                                                               "cuándo.")
    kind: ControlType | None = Field(None, alias="tipo", description="preventivo, detectivo o "
                                                                     "correctivo.")
    implementation: Implementation | None = Field(
        None, alias="implementacion", description="manual o automatico.")
    documentation: Text | None = Field(None, alias="documentacion",
                                       description="Documentado o sin documentar.")
    frequency: Text | None = Field(None, alias="frecuencia",
                                   description="Continua o aleatoria.")
    evidence: Text | None = Field(None, alias="evidencia",
                                  description="Con registro o sin registro.")


class Action(Model):
    """Acción del tratamiento: qué, quién, cuándo y cómo se mide."""

    action: Text = Field(alias="accion", description="La acción.")
    responsible: Offices = Field(default_factory=list, alias="responsable",
                                 description="Dependencia(s) responsable(s).")
    implementation_date: Day | None = Field(None, alias="fecha_implementacion",
                                            description="Fecha de implementación, AAAA-MM-DD.")
    follow_up_date: Day | None = Field(None, alias="fecha_seguimiento",
                                       description="Fecha de seguimiento, AAAA-MM-DD.")
    indicator: Text | None = Field(None, alias="indicador", description="Cómo se mide.")


class Residual(Model):
    """Probabilidad e impacto residuales tal como los publica un mapa del método
    corrupcion-2015 (se toman como vienen y se revisa su zona)."""

    likelihood: Text | StrictInt = Field(alias="probabilidad",
                                         description="Nivel o valor (1 a 5).")
    consequence: Text = Field(alias="impacto", description="Moderado, Mayor o Catastrófico.")


class Published(Model):
    """Lo que la entidad publicó de este riesgo: se revisa contra lo que pac calcula."""

    inherent_likelihood: Percent | None = Field(
        None, alias="probabilidad_inherente", description="Probabilidad inherente, en %.")
    inherent_consequence: Percent | None = Field(
        None, alias="impacto_inherente", description="Impacto inherente, en %.")
    inherent_zone: Text | None = Field(None, alias="zona_inherente", description="Zona "
                                                                                 "inherente.")
    residual_zone: Text | None = Field(None, alias="zona_residual", description="Zona residual.")
    residual_likelihood: Percent | None = Field(
        None, alias="probabilidad_residual", description="Probabilidad residual final, en %.")
    residual_consequence: Percent | None = Field(
        None, alias="impacto_residual", description="Impacto residual final, en %.")


class Risk(Model):
    """Un riesgo del mapa."""

    reference: Text = Field(alias="referencia", description="Referencia del riesgo: «R1».")
    process: Text = Field(alias="proceso", description="Proceso al que pertenece.")
    type: RiskType = Field(alias="tipo", description="corrupcion, gestion, fiscal, "
                                                     "seguridad_digital, ambiental u otro.")
    description: Text = Field(alias="descripcion", description="Descripción del riesgo.")
    causes: list[Text] = Field(default_factory=list, alias="causas",
                               description="Causas (inmediata y raíz).")
    consequences: list[Text] = Field(default_factory=list, alias="consecuencias",
                                     description="Consecuencias.")
    classification: Text | None = Field(None, alias="clasificacion",
                                        description="Clasificación: «Fraude interno».")
    likelihood: Likelihood = Field(alias="probabilidad", description="Probabilidad inherente.")
    consequence: Consequence = Field(alias="impacto", description="Impacto inherente.")
    controls: list[Control] = Field(default_factory=list, alias="controles",
                                    description="Controles existentes.")
    residual: Residual | None = Field(None, alias="residual", description="Método "
                                      "corrupcion-2015: probabilidad e impacto residuales.")
    treatment: Treatment | None = Field(None, alias="tratamiento", description="reducir, "
                                        "compartir, evitar o aceptar.")
    actions: list[Action] = Field(default_factory=list, alias="acciones",
                                  description="Acciones del tratamiento.")
    published: Published | None = Field(None, alias="publicado", description="Lo que la "
                                        "entidad publicó, para revisarlo.")

    @model_validator(mode="before")
    @classmethod
    def _lists(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: _texts(v) if k in {"causas", "consecuencias"} else v
                    for k, v in data.items()}
        return data


class Process(Model):
    """Un proceso de la entidad."""

    name: Text = Field(alias="nombre", description="Nombre del proceso.")
    objective: Text | None = Field(None, alias="objetivo", description="Objetivo del proceso.")


class RiskMap(Model):
    """Mapa de riesgos de una vigencia."""

    year: StrictInt = Field(alias="vigencia", ge=1990, le=2100, description="Año de la "
                                                                            "vigencia.")
    method: Slug | None = Field(None, alias="metodo", description="dafp-2020 (por omisión "
                                "desde 2021) o corrupcion-2015 (mapas de 2016 a 2020).")
    title: Text | None = Field(None, alias="titulo", description="Título del mapa.")
    source: Text | None = Field(None, alias="fuente", description="De dónde sale.")
    publication: Publication | None = Field(None, alias="publicacion",
                                            description="Dónde y cuándo se publicó.")
    processes: list[Process] = Field(default_factory=list, alias="procesos",
                                     description="Los procesos, con su objetivo.")
    risks: list[Risk] = Field(alias="riesgos", min_length=1, description="Los riesgos.")
    compliance: Compliance | None = Field(
        None, alias="cumplimiento", description="Nivel de cumplimiento de cada riesgo en sus "
        "seguimientos: acciones_cumplidas (cumplidas ÷ vencidas al corte; por omisión) o "
        "promedio_avance (promedio del avance de sus acciones).")

    @property
    def method_id(self) -> str:
        return self.method or ("corrupcion-2015" if self.year <= 2020 else "dafp-2020")


# --- the methods ---------------------------------------------------------------------------


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

