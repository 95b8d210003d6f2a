"""A frame (marco): the components, cutoffs, deadline, zones, rounding and consolidation
rule a plan is followed with (PAAC, PTEP, or an entity's own).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, StrictBool, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from pac_cli.models.fields import Model, MonthDay, Percent, Slug, Text

if TYPE_CHECKING:
    from pac_cli.disk.yaml_reader import Document


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


Mode = Literal["truncar", "redondear"]
MeanOf = Literal["valores_mostrados", "valores_exactos"]


class LevelRounding(Model):
    """El redondeo de un nivel (los componentes o el consolidado) cuando no es el de todos:
    lo que no diga, lo toma de «total», «decimales» y «promedio_de»."""

    mode: Mode | None = Field(None, alias="modo",
                              description="«truncar» o «redondear» (mitad hacia arriba).")
    decimals: StrictInt | None = Field(None, alias="decimales", ge=0, le=6,
                                       description="Decimales de este nivel (0: enteros).")
    mean_of: MeanOf | None = Field(
        None, alias="promedio_de",
        description="Si este nivel promedia los % ya mostrados del nivel de abajo o los "
                    "exactos.")


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
    mean_of: MeanOf = Field(
        "valores_mostrados", alias="promedio_de",
        description="El total promedia los % ya truncados/redondeados (como el acta) o los "
                    "exactos.")
    component: LevelRounding | None = Field(
        None, alias="componente",
        description="El total de cada componente (y subcomponente), si se redondea distinto: "
                    "p. ej. {modo: redondear, decimales: 0} da enteros (62,5 → 63).")
    consolidated: LevelRounding | None = Field(
        None, alias="consolidado",
        description="El consolidado del plan, si se redondea distinto: p. ej. {modo: "
                    "redondear, decimales: 1, promedio_de: valores_exactos} promedia los "
                    "valores exactos de los componentes y muestra un decimal.")

    def level(self, name: Literal["componente", "consolidado"]) -> tuple[Mode, int, MeanOf]:
        """The mode, decimals and mean of a level: its own, else the policy's."""
        own = self.component if name == "componente" else self.consolidated
        if own is None:
            return self.total, self.decimals, self.mean_of
        return (own.mode or self.total,
                own.decimals if own.decimals is not None else self.decimals,
                own.mean_of or self.mean_of)


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
    component_rule: Literal["promedio", "actividades_cumplidas"] = Field(
        "promedio", alias="avance_componente",
        description="El % de cada componente (y subcomponente): «promedio» de los % de sus "
                    "actividades, o «actividades_cumplidas»: sus actividades al 100 % ÷ sus "
                    "actividades × 100.")


class PlanPublicationRule(Model):
    """Plazo para publicar el plan: un día de su primera vigencia."""

    day: MonthDay = Field(alias="dia", description="Día (MM-DD) de la primera vigencia del "
                                                   "plan hasta el que se publica, p. ej. "
                                                   "«01-31».")
    basis: Text = Field(alias="norma", description="La norma que fija ese plazo.")

    def deadline(self, year: int) -> dt.date:
        month, day = (int(part) for part in self.day.split("-"))
        return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


class FrameComponent(Model):
    """Componente que define un marco (p. ej. el 4 del PAAC)."""

    number: StrictInt = Field(alias="numero", ge=1, description="Número del componente.")
    name: Text = Field(alias="nombre", description="Nombre del componente en la norma.")
    short_name: Text = Field(alias="nombre_corto", description="Nombre corto, para tablas.")


PACKAGED = Path(__file__).resolve().parent / "marcos"
"""The frames that come with pac, one YAML file each."""


@cache
def packaged_documents() -> tuple[Document, ...]:
    from pac_cli.disk.yaml_reader import load_file

    documents = [load_file(path, f"pac:marcos/{path.name}")
                 for path in sorted(PACKAGED.glob("*.yaml"))]
    # the frames others are based on first: paac, ptep, then ptep-semestral
    return tuple(sorted(documents, key=lambda doc: "basado_en" in doc.data))


def packaged_data() -> dict[str, dict[str, Any]]:
    """The packaged frames' data as written, by id: what «basado_en» builds on. Only a frame
    that is based on none can be a base (no chains, no cycles)."""
    return {doc.data["id"]: doc.data for doc in packaged_documents()
            if "basado_en" not in doc.data}


BLOCKS = ("seguimiento", "zonas", "redondeo", "consolidado", "supuestos")
"""The keys of a frame that a frame based on it overrides key by key, not as a whole."""


def based_on(data: Any, packaged: Callable[[], dict[str, dict[str, Any]]]) -> Any:
    """A frame's data over the data of the packaged frame it is based on («basado_en»):
    every key it gives wins, the blocks (seguimiento, zonas…) key by key; its id is its own."""
    if not isinstance(data, dict) or "basado_en" not in data:
        return data
    base_id = data["basado_en"]
    bases = packaged()
    if not isinstance(base_id, str) or base_id not in bases:
        raise PydanticCustomError("pac_base", "«basado_en» nombra un marco que no viene con pac "
                                              "(hay: {known})", {"known": ", ".join(bases)})
    base = {k: v for k, v in bases[base_id].items() if k not in {"id", "basado_en"}}
    merged = {**base, **data}
    for key in BLOCKS:
        if isinstance(base.get(key), dict) and isinstance(data.get(key), dict):
            merged[key] = {**base[key], **data[key]}
    return merged


class Frame(Model):
    """Marco normativo de un plan: sus componentes, cortes, plazo, zonas, redondeo y
    consolidado (PAAC, PTEP, o uno propio de la entidad)."""

    id: Slug = Field(description="Identificador que un plan pone en «marco», p. ej. «ptep».")
    based_on: Slug | None = Field(
        None, alias="basado_en",
        description="Marco de pac («paac», «ptep») del que toma todo lo que este no diga: "
                    "basta dar el id, el nombre y lo que cambia (p. ej. sus cortes).")
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
    plan_publication: PlanPublicationRule | None = Field(
        None, alias="publicacion_plan",
        description="Hasta qué día de su primera vigencia debe publicarse el plan, y qué "
                    "norma lo dice.")
    schedule: FollowUpSchedule = Field(default_factory=FollowUpSchedule, alias="seguimiento",
                                       description="Cortes y plazo de publicación.")
    zones: Zones = Field(default_factory=Zones, alias="zonas",
                         description="Límites de la semaforización.")
    rounding: Rounding = Field(default_factory=Rounding, alias="redondeo",
                               description="Política de redondeo de los porcentajes.")
    consolidation: Consolidation = Field(default_factory=Consolidation, alias="consolidado",
                                         description="Regla del consolidado del plan.")

    @model_validator(mode="before")
    @classmethod
    def _base(cls, data: Any) -> Any:
        return based_on(data, packaged_data)

    def component(self, number: int) -> FrameComponent | None:
        return next((c for c in self.components if c.number == number), None)
