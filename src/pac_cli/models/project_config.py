"""The project's configuration (`pac.yaml`): the entity, its acta's document control and
its own frames.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool

from pac_cli.models.fields import Day, Model, Text
from pac_cli.models.frame import Frame
from pac_cli.models.risk_method import OwnMethod


class Entity(Model):
    """Entidad que publica el plan."""

    name: Text = Field(alias="nombre", description="Nombre de la entidad.")
    short_name: Text | None = Field(None, alias="nombre_corto", description="Nombre corto.")
    nit: Text = Field(alias="nit", description="NIT, p. ej. «800113389-7».")
    city: Text | None = Field(None, alias="ciudad", description="Ciudad.")
    office: Text | None = Field(None, alias="dependencia_seguimiento",
                                description="Oficina que hace el seguimiento.")


MinutesSection = Literal["orden_del_dia", "introduccion", "metodologia", "conclusiones",
                         "recomendaciones", "cierre"]
MINUTES_SECTIONS: tuple[MinutesSection, ...] = ("orden_del_dia", "introduccion", "metodologia",
                                                "conclusiones", "cierre")
"""The sections the acta's template titles, each under its own heading (recommendations go
under the conclusions' heading)."""


class DocumentControl(Model):
    """Encabezado de control documental del formato de acta de la entidad."""

    entity: Text | None = Field(None, alias="entidad",
                                description="La entidad como la escribe el formato, letra por "
                                            "letra (p. ej. «Alcaldía Municipal Ibagué»); por "
                                            "omisión, el nombre de la entidad.")
    process: Text = Field(alias="proceso", description="Proceso dueño del formato.")
    code: Text = Field(alias="codigo", description="Código del formato.")
    form: Text = Field(alias="formato", description="Nombre del formato.")
    version: Text = Field(alias="version", description="Versión del formato (texto, «01»).")
    date: Day | None = Field(None, alias="fecha",
                             description="Fecha del formato; sin ella, el acta es un borrador.")
    footer: Text | None = Field(None, alias="nota_pie",
                                description="Nota al pie sobre copias controladas.")
    typed_signatures: StrictBool = Field(False, alias="firma_escrita",
                                   description="true si el acta escribe sobre la línea de firma "
                                               "el nombre que cada asistente da en «firma».")
    sections: list[MinutesSection] = Field(
        default_factory=lambda: list(MINUTES_SECTIONS), alias="secciones",
        description="Las secciones que el formato pide llenas: un acta que deja vacía una de "
                    "ellas es un borrador (por omisión, todas las que el acta titula).")


PLACEHOLDER = "(complete)"
"""What marks a value still to be written (`pac init` and `pac followup new` write it): a
document that keeps it is a draft."""


OPEN_DATA_LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/"
"""The open data's license when pac.yaml names none: Creative Commons BY-SA 4.0, the one
datos.gov.co gives by default (a supuesto: the entity decides its own)."""


class OpenData(Model):
    """Los datos abiertos que publica «pac site»."""

    license: Text = Field(OPEN_DATA_LICENSE, alias="licencia",
                          description="Dirección de la licencia de los datos abiertos (por "
                                      "omisión, CC BY-SA 4.0, la de datos.gov.co).")


class ProjectConfig(Model):
    """Configuración del proyecto (`pac.yaml`): la entidad, su formato de acta y sus marcos."""

    entity: Entity = Field(alias="entidad", description="Entidad.")
    minutes_format: DocumentControl | None = Field(None, alias="formato_acta",
                                                   description="Control documental del acta.")
    open_data: OpenData = Field(default_factory=OpenData, alias="datos_abiertos",
                                description="Licencia de los datos abiertos del sitio.")
    frames: list[Frame] = Field(default_factory=list, alias="marcos",
                                description="Marcos propios de la entidad (p. ej. su plan de "
                                            "acción de atención al ciudadano).")
    methods: list[OwnMethod] = Field(default_factory=list, alias="metodos",
                                     description="Métodos propios del mapa de riesgos: uno de "
                                                 "pac con lo que la entidad cambia.")
