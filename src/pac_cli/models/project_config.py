"""The project's configuration (`pac.yaml`): the entity, its acta's document control and
its own frames.
"""

from __future__ import annotations

from pydantic import Field, StrictBool

from pac_cli.models.fields import Day, Model, Text
from pac_cli.models.frame import Frame


class Entity(Model):
    """Entidad que publica el plan."""

    name: Text = Field(alias="nombre", description="Nombre de la entidad.")
    short_name: Text | None = Field(None, alias="nombre_corto", description="Nombre corto.")
    nit: Text = Field(alias="nit", description="NIT, p. ej. «800113389-7».")
    city: Text | None = Field(None, alias="ciudad", description="Ciudad.")
    office: Text | None = Field(None, alias="dependencia_seguimiento",
                                description="Oficina que hace el seguimiento.")


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
    date: Day = Field(alias="fecha", description="Fecha del formato.")
    footer: Text | None = Field(None, alias="nota_pie",
                                description="Nota al pie sobre copias controladas.")
    typed_signatures: StrictBool = Field(False, alias="firma_escrita",
                                   description="true si el acta escribe sobre la línea de firma "
                                               "el nombre que cada asistente da en «firma».")


class ProjectConfig(Model):
    """Configuración del proyecto (`pac.yaml`): la entidad, su formato de acta y sus marcos."""

    entity: Entity = Field(alias="entidad", description="Entidad.")
    minutes_format: DocumentControl | None = Field(None, alias="formato_acta",
                                                   description="Control documental del acta.")
    frames: list[Frame] = Field(default_factory=list, alias="marcos",
                                description="Marcos propios de la entidad (p. ej. su plan de "
                                            "acción de atención al ciudadano).")
