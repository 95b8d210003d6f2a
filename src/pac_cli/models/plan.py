"""The plan (plan): components, subcomponents and activities with their targets, its
change log, and the rules it is followed with (its frame's, with its own over them).

YAML keys are Spanish, the words of the matrices the users fill in today; attribute names
are English. Every field carries a Spanish description: it becomes the help an editor
shows while typing (see `pac schema`). Rules that need more than one field or file
(unique ids, links between plan and follow-up) live in `pac_cli.checks`, where they can
point at the exact line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field, PrivateAttr, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from pac_cli.models.fields import (
    ActivityId,
    DatedText,
    Day,
    Model,
    NonNegativeNumber,
    Offices,
    PositiveNumber,
    Publication,
    Slug,
    Text,
    YearKey,
)
from pac_cli.models.frame import Consolidation, FollowUpSchedule, Frame, Rounding, Zones


def _numbered(data: Any, children: str, key: str, parent_key: str | None) -> Any:
    """Give unnumbered children their number by order (plans like Pereira's have none):
    subcomponents 1, 2…; activities `<subcomponent>.1`…; sub-activities `<activity>.1`…"""
    if not isinstance(data, dict) or (parent_key is not None and parent_key not in data):
        return data
    items = data.get(children)
    if not isinstance(items, list) or all(not isinstance(i, dict) or key in i for i in items):
        return data
    prefix = f"{data[parent_key]}." if parent_key is not None else ""
    numbered = [
        {key: f"{prefix}{position}" if prefix else position, **item}
        if isinstance(item, dict) and key not in item else item
        for position, item in enumerate(items, start=1)
    ]
    return {**data, children: numbered}


Rhythm = Literal["semanal", "quincenal", "mensual", "bimestral", "trimestral",
                 "cuatrimestral", "semestral", "anual"]


class Milestone(Model):
    """Hito de una actividad: el valor acumulado que se espera tener a una fecha."""

    date: Day = Field(alias="fecha", description="Fecha del hito, AAAA-MM-DD.")
    value: NonNegativeNumber = Field(alias="valor", description="Valor acumulado esperado a "
                                                                "esa fecha.")


class Activity(Model):
    """Actividad del plan: lo que se compromete, con su meta y su responsable."""

    id: ActivityId = Field(description="Número de la actividad dentro del componente, "
                                       "p. ej. «1.1» o «5.2.1». Si falta, se numera por su "
                                       "orden dentro del subcomponente.")
    description: Text = Field(alias="actividad", description="Descripción de la actividad, "
                                                             "como se publicó.")
    product: Text | None = Field(None, alias="meta_producto",
                                 description="Meta o producto esperado (texto).")
    annual_target: PositiveNumber | None = Field(
        None, alias="meta_anual",
        description="Meta anual numérica (p. ej. 15000). Sin ella, la actividad es "
                    "cualitativa y el seguimiento da un porcentaje con justificación.")
    indicator: Text | None = Field(None, alias="indicador",
                                   description="Qué se cuenta para medir la meta anual.")
    responsible: Offices = Field(default_factory=list, alias="responsable",
                                 description="Dependencia(s) responsable(s).")
    scheduled: DatedText | None = Field(None, alias="fecha_programada",
                                        description="Fecha programada, p. ej. «Vigencia 2024».")
    tools: Text | None = Field(None, alias="herramientas",
                               description="Herramientas o metodología de la acción.")
    weight: PositiveNumber | None = Field(
        None, alias="peso", description="Peso de la actividad en el consolidado cuando la "
                                        "regla es «promedio_actividades» (1 si falta).")
    rhythm: Rhythm | None = Field(
        None, alias="ritmo",
        description="Cada cuánto se cumple una parte de la meta anual (p. ej. «semanal»: 52 "
                    "informes son 17 al 30 de abril); da el avance esperado a cada corte.")
    milestones: list[Milestone] | None = Field(
        None, alias="hitos", min_length=1,
        description="En lugar de «ritmo»: los valores acumulados esperados a ciertas fechas.")
    targets: dict[YearKey, PositiveNumber] | None = Field(
        None, alias="metas", min_length=1,
        description="En un programa de varias vigencias, la meta de cada año (p. ej. "
                    "{2025: 2, 2026: 4}): la actividad está en las vigencias que nombra. Sin "
                    "«metas», «meta_anual» es la misma cada año.")
    subactivities: list[Activity] = Field(default_factory=list, alias="subactividades",
                                          description="Subactividades (p. ej. 5.2.1 bajo 5.2).")

    @model_validator(mode="before")
    @classmethod
    def _number_children(cls, data: Any) -> Any:
        return _numbered(data, "subactividades", "id", "id")

    @model_validator(mode="after")
    def _one_target(self) -> Activity:
        if self.annual_target is not None and self.targets is not None:
            raise PydanticCustomError(
                "pac_targets", "indique «meta_anual» (la misma cada vigencia) o «metas» (una "
                               "por vigencia), no las dos")
        return self

    def target_of(self, year: int) -> Decimal | None:
        """The target of one vigencia: its «metas» entry, or the same «meta_anual» every
        year (None for a qualitative activity, or one whose «metas» leave that year out)."""
        return self.targets.get(year) if self.targets is not None else self.annual_target

    def in_year(self, year: int) -> Activity | None:
        """The activity as it is in one vigencia of a programme: that year's target and
        milestones; None when its «metas» leave that year out."""
        if self.targets is not None and year not in self.targets:
            return None
        children = [c for a in self.subactivities if (c := a.in_year(year)) is not None]
        milestones = [m for m in self.milestones or [] if m.date.year == year]
        return self.model_copy(update={"annual_target": self.target_of(year), "targets": None,
                                       "milestones": milestones or None,
                                       "subactivities": children})


class Subcomponent(Model):
    """Subcomponente (o proceso) de un componente del plan."""

    number: StrictInt = Field(alias="numero", ge=1, description="Número del subcomponente. Si "
                                                          "falta, se numera por su orden.")
    name: Text = Field(alias="nombre", description="Nombre del subcomponente.")
    activities: list[Activity] = Field(alias="actividades", min_length=1,
                                       description="Actividades del subcomponente.")

    @model_validator(mode="before")
    @classmethod
    def _number_children(cls, data: Any) -> Any:
        return _numbered(data, "actividades", "id", "numero")


class Component(Model):
    """Componente del plan (el 4 es «Mecanismos para mejorar la atención al ciudadano»)."""

    number: StrictInt = Field(alias="numero", ge=1, description="Número del componente (1 a 6 en "
                                                          "el PAAC y en el PTEP).")
    name: Text = Field(alias="nombre", description="Nombre del componente.")
    weight: PositiveNumber | None = Field(
        None, alias="peso", description="Peso del componente en el consolidado cuando la "
                                        "regla es «promedio_componentes» (1 si falta).")
    subcomponents: list[Subcomponent] = Field(alias="subcomponentes", min_length=1,
                                              description="Subcomponentes del componente.")

    @model_validator(mode="before")
    @classmethod
    def _number_children(cls, data: Any) -> Any:
        return _numbered(data, "subcomponentes", "numero", None)


class Before(Model):
    """Cómo era una actividad antes de un cambio: las claves que el cambio tocó, con su valor
    anterior («null» si no la tenía). Si el cambio eliminó la actividad, toda ella (con
    «subcomponente» si no es el de su número)."""

    subcomponent: StrictInt | None = Field(
        None, alias="subcomponente", ge=1,
        description="Subcomponente en que estaba la actividad, si no es el que dice su número.")
    description: Text | None = Field(None, alias="actividad",
                                     description="Descripción anterior de la actividad.")
    product: Text | None = Field(None, alias="meta_producto", description="Meta o producto.")
    annual_target: PositiveNumber | None = Field(None, alias="meta_anual",
                                                 description="Meta anual anterior.")
    indicator: Text | None = Field(None, alias="indicador", description="Indicador.")
    responsible: Offices | None = Field(None, alias="responsable", description="Responsable.")
    scheduled: DatedText | None = Field(None, alias="fecha_programada",
                                        description="Fecha programada.")
    tools: Text | None = Field(None, alias="herramientas", description="Herramientas.")
    weight: PositiveNumber | None = Field(None, alias="peso", description="Peso.")
    rhythm: Rhythm | None = Field(None, alias="ritmo", description="Ritmo.")
    milestones: list[Milestone] | None = Field(None, alias="hitos", min_length=1,
                                               description="Hitos.")
    targets: dict[YearKey, PositiveNumber] | None = Field(None, alias="metas", min_length=1,
                                                          description="Metas por vigencia.")

    def fields(self) -> dict[str, Any]:
        """The activity's fields this entry gives, by attribute name (a «null» included)."""
        return {name: getattr(self, name) for name in sorted(self.model_fields_set)
                if name != "subcomponent"}


class ChangeLogEntry(Model):
    """Entrada del control de cambios del plan."""

    date: Day = Field(alias="fecha", description="Fecha del cambio, AAAA-MM-DD.")
    version: Text = Field(alias="version", description="Versión del plan tras el cambio.")
    changes: Text = Field(alias="cambios", description="Qué cambió.")
    reason: Text = Field(alias="motivo", description="Por qué cambió.")
    activities: list[ActivityId] = Field(default_factory=list, alias="actividades",
                                         description="Actividades afectadas.")
    component: StrictInt | None = Field(None, alias="componente", description="Componente de esas "
                                  "actividades: hace falta cuando el plan tiene el mismo "
                                  "número de actividad en varios componentes.")
    before: dict[ActivityId, Before | None] = Field(
        default_factory=dict, alias="antes",
        description="Cómo era cada actividad antes del cambio, para calcular los cortes "
                    "anteriores con el plan que regía: «\"2.1\": {meta_anual: 15000}» (lo que "
                    "cambió), «\"2.4\": null» (la agregó este cambio) o la actividad entera "
                    "(la eliminó).")

    @property
    def named(self) -> list[str]:
        """The activities as documents list them: `4·2.1` when the entry names its component,
        as `pac diff` writes an activity of a plan of several components."""
        if self.component is None:
            return list(self.activities)
        return [f"{self.component}·{activity}" for activity in self.activities]


MAX_YEARS = 10
"""Vigencias of a programme, at most (Función Pública's PTEP spans four)."""


class Plan(Model):
    """Plan de una vigencia (el PAAC de un año) o programa de varias (un PTEP 2025–2028)."""

    year: StrictInt = Field(alias="vigencia", ge=1990, le=2100,
                            description="Año de la vigencia; en un programa de varias, la "
                                        "primera.")
    last_year: StrictInt | None = Field(
        None, alias="vigencia_hasta", ge=1990, le=2100,
        description="Última vigencia de un programa de varios años (p. ej. 2028 en un PTEP "
                    "2025–2028); cada vigencia tiene sus cortes y sus cifras.")
    publication: Publication | None = Field(
        None, alias="publicacion", description="Cuándo y dónde se publicó el plan.")
    title: Text | None = Field(None, alias="titulo", description="Título del plan.")
    source: Text | None = Field(None, alias="fuente",
                                description="Documento del que se transcribió el plan.")
    frame: Slug | None = Field(None, alias="marco",
                               description="Marco del plan: «paac» (por omisión), «ptep» u "
                                           "otro definido en «marcos» de pac.yaml.")
    components: list[Component] = Field(alias="componentes", min_length=1,
                                        description="Componentes del plan.")
    zones: Zones | None = Field(None, alias="zonas",
                                description="Límites de la semaforización; lo que se indique "
                                            "gana al marco, clave por clave.")
    rounding: Rounding | None = Field(None, alias="redondeo",
                                      description="Política de redondeo; lo que se indique gana "
                                                  "al marco, clave por clave.")
    schedule: FollowUpSchedule | None = Field(
        None, alias="seguimiento",
        description="Cortes y plazo de publicación; lo que se indique gana al marco, clave por "
                    "clave.")
    consolidation: Consolidation | None = Field(
        None, alias="consolidado",
        description="Regla del consolidado; lo que se indique gana al marco.")
    change_log: list[ChangeLogEntry] = Field(default_factory=list, alias="control_de_cambios",
                                             description="Cambios al plan publicado.")

    _programme: tuple[int, int] | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _span(self) -> Plan:
        if self.last_year is not None and not self.year < self.last_year < self.year + MAX_YEARS:
            raise PydanticCustomError(
                "pac_span", "vigencia_hasta debe ser posterior a vigencia, y un programa abarca "
                            "a lo sumo {count} vigencias", {"count": MAX_YEARS})
        return self

    def component(self, number: int) -> Component | None:
        return next((c for c in self.components if c.number == number), None)

    @property
    def years(self) -> range:
        """Its vigencias: one, or those of a programme."""
        return range(self.year, (self.last_year or self.year) + 1)

    @property
    def programme(self) -> tuple[int, int] | None:
        """The first and last vigencia of the programme this plan is, or is a year of."""
        if self.last_year is not None:
            return (self.year, self.last_year)
        return self._programme

    @property
    def span(self) -> range:
        """Every vigencia of the programme this plan is, or is one vigencia of."""
        first, last = self.programme or (self.year, self.year)
        return range(first, last + 1)

    def in_year(self, year: int) -> Plan:
        """One vigencia of a programme as a plan of that year: the activities it holds, with
        that year's targets and milestones (a one-year plan is itself). Every figure and
        document of a cutoff is made from this."""
        if self.last_year is None:
            return self
        components = []
        for component in self.components:
            subs = []
            for sub in component.subcomponents:
                kept = [a for activity in sub.activities
                        if (a := activity.in_year(year)) is not None]
                if kept:
                    subs.append(sub.model_copy(update={"activities": kept}))
            if subs:
                components.append(component.model_copy(update={"subcomponents": subs}))
        plan = self.model_copy(update={"year": year, "last_year": None,
                                       "components": components})
        plan._programme = (self.year, self.last_year)
        return plan

    @property
    def frame_id(self) -> str:
        """The plan's frame; a plan that names none is a PAAC plan."""
        return self.frame or DEFAULT_FRAME


DEFAULT_FRAME = "paac"


def declared_years(data: object) -> range | None:
    """The vigencias a plan file says it covers, read from its data before (or without) its
    model: what finds the plan of a follow-up even when the plan has errors."""
    if not isinstance(data, dict):
        return None
    year, last = data.get("vigencia"), data.get("vigencia_hasta")
    if not isinstance(year, int) or isinstance(year, bool):
        return None
    if isinstance(last, int) and not isinstance(last, bool) and year < last < year + MAX_YEARS:
        return range(year, last + 1)
    return range(year, year + 1)


@dataclass(frozen=True)
class Rules:
    """The settings a plan is followed with: its frame's, with the plan's own over them."""

    frame: Frame
    schedule: FollowUpSchedule
    zones: Zones
    rounding: Rounding
    consolidation: Consolidation


_B = TypeVar("_B", bound=BaseModel)


def _merged(base: _B, override: _B | None) -> _B:
    if override is None:
        return base
    data = base.model_dump(by_alias=True)
    data.update(override.model_dump(by_alias=True, exclude_unset=True))
    return type(base).model_validate(data)


def resolve_rules(plan: Plan, frame: Frame) -> Rules:
    """The plan's settings: each key the plan gives wins over its frame's.

    Raises pydantic's ValidationError when the merge is inconsistent (e.g. the plan's
    media_desde above the frame's alta_desde).
    """
    return Rules(frame, _merged(frame.schedule, plan.schedule), _merged(frame.zones, plan.zones),
                 _merged(frame.rounding, plan.rounding),
                 _merged(frame.consolidation, plan.consolidation))


def iter_activities(component: Component) -> list[tuple[Subcomponent, Activity]]:
    """Every activity of a component, sub-activities right after their parent."""

    def walk(sub: Subcomponent, activity: Activity) -> list[tuple[Subcomponent, Activity]]:
        found = [(sub, activity)]
        for child in activity.subactivities:
            found.extend(walk(sub, child))
        return found

    return [pair for sub in component.subcomponents for a in sub.activities
            for pair in walk(sub, a)]
