"""A frame (marco): the components, cutoffs, deadline, zones, rounding and consolidation
rule a plan is followed with (PAAC, PTEP, or an entity's own).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from pac_cli.models.fields import Model, MonthDay, Percent, Slug, Text


class Zones(Model):
    """Semaforización: límites inferiores (inclusive) de las zonas media y alta, en %."""

    medium_from: Percent = Field(Decimal(60), alias="media_desde",
                                 description="Desde este % la zona es media (amarillo).")
    high_from: Percent = Field(Decimal(80), alias="alta_desde",
                               description="Desde este % la zona es alta (verde).")

    @model_validator(mode="after")
    def _ordered(self) -> Zones:
        # A plan may give one limit over its frame's other: the merged zones are checked
        # again when the frame is applied (`resolve_rules`).
        both = {"medium_from", "high_from"} <= self.model_fields_set
        if both and self.medium_from >= self.high_from:
            raise PydanticCustomError("pac_zones", "media_desde debe ser menor que alta_desde")
        return self


class Rounding(Model):
    """Política de redondeo; la predeterminada reproduce el acta oficial."""

    activity: Literal["truncar", "redondear"] = Field(
        "truncar", alias="actividad",
        description="Cómo se lleva el % de cada actividad a los decimales: «truncar» (como "
                    "el acta: 78,946 → 78,94) o «redondear» (mitad hacia arriba).")
    total: Literal["truncar", "redondear"] = Field(
        "redondear", alias="total", description="Cómo se lleva el total a los decimales.")
    decimals: StrictInt = Field(2, alias="decimales", ge=0, le=6,
                          description="Decimales de cada porcentaje.")
    mean_of: Literal["valores_mostrados", "valores_exactos"] = Field(
        "valores_mostrados", alias="promedio_de",
        description="El total promedia los % ya truncados/redondeados (como el acta) o los "
                    "exactos.")


class FollowUpSchedule(Model):
    """Calendario del seguimiento: cortes y plazo de publicación."""

    cutoffs: list[MonthDay] = Field(["04-30", "08-31", "12-31"], alias="cortes", min_length=1,
                                    description="Cortes del seguimiento, MM-DD.")
    publication_days: StrictInt = Field(10, alias="plazo_dias", ge=1, le=366,
                                  description="Días para publicar el seguimiento tras el corte.")
    business_days: StrictBool = Field(True, alias="dias_habiles",
                                description="Si el plazo se cuenta en días hábiles.")
    schedule_tolerance: Percent = Field(
        Decimal(0), alias="tolerancia_ritmo",
        description="Puntos porcentuales de la meta anual en que una actividad puede ir por "
                    "debajo o por encima de lo esperado a su ritmo y seguir «al día».")
    counted_from: Literal["corte", "mes_siguiente"] = Field(
        "corte", alias="desde",
        description="Desde cuándo se cuenta el plazo: «corte» (el día siguiente al corte) o "
                    "«mes_siguiente» (los primeros días del mes siguiente al corte, como "
                    "dice la guía del PAAC). Para cortes a fin de mes dan la misma fecha.")


class Consolidation(Model):
    """Regla del consolidado: cómo los totales de los componentes dan la cifra del plan."""

    rule: Literal["promedio_componentes", "promedio_actividades"] = Field(
        "promedio_componentes", alias="regla",
        description="«promedio_componentes»: promedio de los totales de los componentes "
                    "(ponderado por su «peso» si lo tienen); «promedio_actividades»: promedio "
                    "de los % de todas las actividades del plan (ponderado por su «peso» si "
                    "lo tienen).")


class FrameComponent(Model):
    """Componente que define un marco (p. ej. el 4 del PAAC)."""

    number: StrictInt = Field(alias="numero", ge=1, description="Número del componente.")
    name: Text = Field(alias="nombre", description="Nombre del componente en la norma.")
    short_name: Text = Field(alias="nombre_corto", description="Nombre corto, para tablas.")


class Frame(Model):
    """Marco normativo de un plan: sus componentes, cortes, plazo, zonas, redondeo y
    consolidado (PAAC, PTEP, o uno propio de la entidad)."""

    id: Slug = Field(description="Identificador que un plan pone en «marco», p. ej. «ptep».")
    name: Text = Field(alias="nombre", description="Nombre del marco.")
    basis: Text = Field(alias="norma", description="Normas que lo definen.")
    note: Text | None = Field(None, alias="nota",
                              description="Qué no fija la norma y de dónde sale cada valor.")
    marked_defaults: dict[str, Text] = Field(
        default_factory=dict, alias="supuestos",
        description="Valores que ninguna norma fija y se toman por omisión: clave → por qué.")
    first_year: StrictInt | None = Field(None, alias="vigencia_desde", ge=1990, le=2100,
                                   description="Primera vigencia a la que se aplica.")
    last_year: StrictInt | None = Field(None, alias="vigencia_hasta", ge=1990, le=2100,
                                  description="Última vigencia a la que se aplica.")
    components: list[FrameComponent] = Field(alias="componentes", min_length=1,
                                             description="Componentes del marco.")
    schedule: FollowUpSchedule = Field(default_factory=FollowUpSchedule, alias="seguimiento",
                                       description="Cortes y plazo de publicación.")
    zones: Zones = Field(default_factory=Zones, alias="zonas",
                         description="Límites de la semaforización.")
    rounding: Rounding = Field(default_factory=Rounding, alias="redondeo",
                               description="Política de redondeo de los porcentajes.")
    consolidation: Consolidation = Field(default_factory=Consolidation, alias="consolidado",
                                         description="Regla del consolidado del plan.")

    def component(self, number: int) -> FrameComponent | None:
        return next((c for c in self.components if c.number == number), None)
