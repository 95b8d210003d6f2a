"""The corruption risk map (mapa de riesgos): its risks with the inputs of their probability
and impact, their controls, treatment and actions, and the zones as the entity published them.
The methodologies (métodos) it is computed with are `risk_method`'s.

The figures are not stored: the engine (`compute.risk_engine`) computes them from these inputs
with the map's method, and what the entity published (`publicado`) is checked against them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, StrictInt, model_validator
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
from pac_cli.models.risk_method import Compliance, ControlType, Implementation

RiskType = Literal["corrupcion", "gestion", "fiscal", "seguridad_digital", "ambiental", "otro"]
Treatment = Literal["reducir", "compartir", "evitar", "aceptar"]


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
