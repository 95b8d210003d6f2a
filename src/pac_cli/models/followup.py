"""The follow-up (seguimiento): the progress of each activity at a cutoff, and the acta
or informe that reports it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from pac_cli.models.fields import (
    ActivityId,
    Clock,
    Day,
    Model,
    NonNegativeNumber,
    Percent,
    Publication,
    Slug,
    Text,
)


class Evidence(Model):
    """Evidencia revisada por la Oficina de Control Interno."""

    kind: Literal["enlace", "memorando", "circular", "correo", "documento", "otro"] = Field(
        alias="tipo", description="Tipo de evidencia.")
    reference: Text = Field(alias="referencia",
                            description="Enlace, número de memorando o circular, etc.")
    date: Day | None = Field(None, alias="fecha", description="Fecha de la evidencia.")
    description: Text | None = Field(None, alias="descripcion", description="Detalle.")


class Progress(Model):
    """Avance de una actividad al corte."""

    activity_id: ActivityId = Field(alias="actividad", description="Número de la actividad "
                                                                   "del plan.")
    achieved: NonNegativeNumber | None = Field(
        None, alias="logro", description="Valor logrado al corte (acumulado desde el 1 de "
                                         "enero), en la unidad del indicador.")
    percentage: Percent | None = Field(
        None, alias="porcentaje",
        description="% de avance asignado por quien evalúa (actividades cualitativas).")
    justification: Text | None = Field(None, alias="justificacion",
                                       description="Por qué se asigna ese porcentaje.")
    no_progress: StrictBool = Field(False, alias="sin_avance",
                              description="true si la actividad no tiene avance que reportar.")
    observations: Text | None = Field(None, alias="observaciones",
                                      description="Observaciones de Control Interno.")
    evidence: list[Evidence] = Field(default_factory=list, alias="evidencias",
                                     description="Evidencias citadas.")
    correction: Text | None = Field(
        None, alias="correccion",
        description="Por qué el logro es menor que en el corte anterior de la vigencia (el "
                    "seguimiento es acumulado: solo baja si se corrige un error).")
    to_update: StrictBool = Field(False, alias="por_actualizar",
                            description="true mientras el avance sea el que copió «pac "
                                        "followup new» del corte anterior: quítelo al "
                                        "actualizarlo.")

    @model_validator(mode="after")
    def _one_measure(self) -> Progress:
        given = [name for name, value in (("logro", self.achieved),
                                          ("porcentaje", self.percentage)) if value is not None]
        if self.no_progress:
            given.append("sin_avance")
        if len(given) != 1:
            raise PydanticCustomError(
                "pac_measure",
                "indique exactamente uno de «logro», «porcentaje» o «sin_avance: true» "
                "(se encontró: {found})", {"found": ", ".join(given) or "ninguno"})
        if self.percentage is not None and self.justification is None:
            raise PydanticCustomError("pac_justification",
                                      "un «porcentaje» necesita su «justificacion»")
        return self


SIGNED_TOTAL = ("El total que se firmó y publicó (p. ej. 33.76): pac lo compara con el que "
                "calcula con el plan que regía al corte, y si difieren es un error. Es el del "
                "componente si el archivo reporta uno de varios; si no, el consolidado.")


class Signatory(Model):
    """Quien firma o revisa un informe."""

    name: Text = Field(alias="nombre", description="Nombre completo.")
    role: Text = Field(alias="cargo", description="Cargo y dependencia.")


class Attendee(Model):
    """Asistente a la reunión de seguimiento."""

    name: Text = Field(alias="nombre", description="Nombre completo.")
    role: Text = Field(alias="cargo", description="Cargo y dependencia.")
    signature: Text | None = Field(None, alias="firma", description="Nombre como firma.")


class Minutes(Model):
    """Datos del acta de reunión de seguimiento."""

    number: Text = Field(alias="numero", description="Número del acta, p. ej. «2024-036».")
    date: Day = Field(alias="fecha", description="Fecha de la reunión, AAAA-MM-DD.")
    city: Text | None = Field(None, alias="ciudad", description="Ciudad.")
    start: Clock = Field(alias="hora_inicio", description="Hora de inicio, HH:MM.")
    end: Clock = Field(alias="hora_fin", description="Hora de cierre, HH:MM.")
    place: Text = Field(alias="lugar", description="Lugar de la reunión.")
    attendees: list[Attendee] = Field(alias="asistentes", min_length=1,
                                      description="Asistentes, en el orden del acta.")
    objective: Text = Field(alias="objetivo", description="Objetivo de la reunión.")
    agenda: list[Text] = Field(default_factory=list, alias="orden_del_dia",
                               description="Puntos del orden del día.")
    introduction: list[Text] = Field(default_factory=list, alias="introduccion",
                                     description="Párrafos de la introducción.")
    methodology: list[Text] = Field(default_factory=list, alias="metodologia",
                                    description="Párrafos de la metodología.")
    conclusions: Text | None = Field(None, alias="conclusiones",
                                     description="Párrafo de conclusiones.")
    recommendations: list[Text] = Field(default_factory=list, alias="recomendaciones",
                                        description="Recomendaciones.")
    closing: Text | None = Field(None, alias="cierre", description="Texto de cierre.")
    publication: Publication | None = Field(None, alias="publicacion",
                                            description="Publicación en el sitio web.")
    signed_total: Percent | None = Field(None, alias="total_firmado",
                                         description=SIGNED_TOTAL)

    @model_validator(mode="after")
    def _times(self) -> Minutes:
        if self.end <= self.start:
            raise PydanticCustomError("pac_times", "hora_fin debe ser posterior a hora_inicio")
        return self


class Report(Model):
    """Informe de seguimiento firmado por la Oficina de Control Interno (sin reunión)."""

    number: Text | None = Field(None, alias="numero", description="Número o radicado del "
                                                                  "informe.")
    date: Day = Field(alias="fecha", description="Fecha del informe, AAAA-MM-DD.")
    author: Text = Field(alias="autor", description="Quien lo firma.")
    role: Text = Field(alias="cargo", description="Cargo de quien lo firma, p. ej. «Jefe de "
                                                  "la Oficina de Control Interno».")
    reviewer: Signatory | None = Field(None, alias="revisor", description="Quien lo revisó.")
    publication: Publication | None = Field(None, alias="publicacion",
                                            description="Publicación en el sitio web.")
    signed_total: Percent | None = Field(None, alias="total_firmado",
                                         description=SIGNED_TOTAL)


class ComponentProgress(Model):
    """El avance de las actividades de un componente, en un seguimiento de varios."""

    number: StrictInt = Field(alias="numero", ge=1, description="Número del componente del plan.")
    progress: list[Progress] = Field(alias="avances", min_length=1,
                                     description="Avance de cada actividad al corte.")


class ControlCheck(Model):
    """Un control del mapa de riesgos al corte: si se ejecutó, con su evidencia."""

    number: Text | StrictInt = Field(alias="control", description="Número del control en el "
                                                                  "mapa.")
    executed: StrictBool = Field(alias="ejecutado", description="true si se ejecutó como dice "
                                                                "el mapa.")
    evidence: list[Evidence] = Field(default_factory=list, alias="evidencias",
                                     description="Evidencias de su ejecución.")
    observations: Text | None = Field(None, alias="observaciones",
                                      description="Observaciones de Control Interno.")


class ActionCheck(Model):
    """Una acción del tratamiento al corte: su avance."""

    number: StrictInt = Field(alias="accion", ge=1, description="Número de la acción: 1 la "
                                                                "primera del riesgo en el mapa.")
    progress: Percent = Field(alias="avance", description="Avance de la acción, en % (100: "
                                                          "cumplida).")
    evidence: list[Evidence] = Field(default_factory=list, alias="evidencias",
                                     description="Evidencias del avance.")
    observations: Text | None = Field(None, alias="observaciones",
                                      description="Observaciones de Control Interno.")


class RiskCheck(Model):
    """El seguimiento de un riesgo del mapa al corte."""

    reference: Text = Field(alias="referencia", description="Referencia del riesgo en el "
                                                            "mapa: «R1».")
    controls: list[ControlCheck] = Field(default_factory=list, alias="controles",
                                         description="Cada control: ejecutado o no.")
    actions: list[ActionCheck] = Field(default_factory=list, alias="acciones",
                                       description="El avance de cada acción del tratamiento.")
    materialised: StrictBool = Field(False, alias="materializado",
                                     description="true si el riesgo se materializó.")
    facts: Text | None = Field(None, alias="hechos", description="Qué pasó, si se "
                                                                "materializó.")
    observations: Text | None = Field(None, alias="observaciones",
                                      description="Observación de Control Interno.")
    to_update: StrictBool = Field(False, alias="por_actualizar",
                                  description="true mientras el seguimiento sea el que copió "
                                              "«pac followup new» del corte anterior: quítelo "
                                              "al actualizarlo.")
    signed: Percent | None = Field(None, alias="nivel_firmado",
                                   description="El nivel de cumplimiento que se firmó y publicó "
                                               "(p. ej. 50): pac lo compara con el que calcula, "
                                               "y si difieren es un error.")

    @model_validator(mode="after")
    def _facts(self) -> RiskCheck:
        if self.materialised and self.facts is None:
            raise PydanticCustomError("pac_facts", "un riesgo materializado necesita «hechos»: "
                                                   "qué pasó y qué se hizo")
        return self


class RiskFollowUp(Model):
    """El seguimiento al mapa de riesgos de corrupción en el corte."""

    year: StrictInt | None = Field(None, alias="vigencia", ge=1990, le=2100,
                                   description="Vigencia del mapa (por omisión, la del corte).")
    risks: list[RiskCheck] = Field(alias="riesgos", min_length=1,
                                   description="El seguimiento de cada riesgo del mapa.")


@dataclass(frozen=True)
class Section:
    """One component's reported progress, and where in the file it is (`avances`)."""

    component: int
    progress: tuple[Progress, ...]
    loc: tuple[str | int, ...]


class FollowUp(Model):
    """Seguimiento de Control Interno a uno o varios componentes del plan, con corte a una
    fecha: un acta de reunión, un informe, o solo los avances."""

    year: StrictInt = Field(alias="vigencia", ge=1990, le=2100,
                      description="Vigencia del plan que se sigue.")
    frame: Slug | None = Field(None, alias="marco",
                               description="Marco del plan que se sigue; solo hace falta si "
                                           "hay varios planes de la vigencia.")
    cutoff: Day = Field(alias="corte", description="Fecha de corte, AAAA-MM-DD.")
    component: StrictInt | None = Field(None, alias="componente", ge=1,
                                  description="Número del componente, si el seguimiento es de "
                                              "uno solo (con «avances»).")
    progress: list[Progress] | None = Field(
        None, alias="avances", min_length=1,
        description="Avance de cada actividad al corte (seguimiento de un componente).")
    components: list[ComponentProgress] | None = Field(
        None, alias="componentes", min_length=1,
        description="Componentes seguidos, cada uno con sus avances (seguimiento de varios).")
    minutes: Minutes | None = Field(None, alias="acta", description="Datos del acta de "
                                                                    "reunión.")
    report: Report | None = Field(None, alias="informe",
                                  description="Datos del informe de seguimiento.")
    risk_map: RiskFollowUp | None = Field(
        None, alias="mapa_riesgos", description="Seguimiento al mapa de riesgos de corrupción "
                                                "de la vigencia en este corte.")

    @model_validator(mode="after")
    def _shape(self) -> FollowUp:
        single = self.component is not None or self.progress is not None
        if self.components is not None and single:
            raise PydanticCustomError(
                "pac_followup_shape",
                "use «componente» con «avances» (un componente) o «componentes» (varios), no "
                "ambos")
        if self.components is None and (self.component is None or self.progress is None):
            missing = "avances" if self.component is not None else "componente"
            raise PydanticCustomError(
                "pac_followup_shape",
                "falta «{missing}»: un seguimiento lleva «componente» y «avances», o "
                "«componentes» con los avances de cada uno", {"missing": missing})
        if self.minutes is not None and self.report is not None:
            raise PydanticCustomError(
                "pac_followup_document",
                "un seguimiento es un acta («acta») o un informe («informe»), no ambos")
        return self

    def sections(self) -> list[Section]:
        """Each component reported, with the place of its `avances` in the file."""
        if self.components is not None:
            return [Section(c.number, tuple(c.progress), ("componentes", i, "avances"))
                    for i, c in enumerate(self.components)]
        assert self.component is not None and self.progress is not None
        return [Section(self.component, tuple(self.progress), ("avances",))]

    @property
    def publication(self) -> Publication | None:
        document = self.minutes or self.report
        return document.publication if document is not None else None

    @property
    def signed_total(self) -> Decimal | None:
        """The total the acta or informe was signed with, when it records it."""
        document = self.minutes or self.report
        return document.signed_total if document is not None else None

    @property
    def document_date(self) -> dt.date | None:
        """The date of the acta or informe, if the follow-up has one."""
        document = self.minutes or self.report
        return document.date if document is not None else None

    @property
    def risk_year(self) -> int:
        """The vigencia of the risk map this follow-up follows."""
        return self.risk_map.year if self.risk_map and self.risk_map.year else self.cutoff.year
