"""The pydantic models of a plan (plan), a follow-up (seguimiento) and the project (proyecto).

YAML keys are Spanish, the words of the matrices the users fill in today; attribute names
are English. Every field carries a Spanish description: it becomes the help an editor
shows while typing (see `pac schema`). Rules that need more than one field or file
(unique ids, links between plan and follow-up) live in `pac_cli.checks`, where they can
point at the exact line.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from pac_cli.loader import AmbiguousNumber


class Model(BaseModel):
    """Base of every model: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def describe(value: object) -> str:
    """A short Spanish description of a YAML value, for error messages."""
    if value is None:
        return "un valor vacío"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, AmbiguousNumber | int | Decimal | float):
        return f"el número {value}"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:27] + "…"
        return f"el texto «{short}»"
    if isinstance(value, list):
        return "una lista"
    if isinstance(value, dict):
        return "un mapa"
    if isinstance(value, dt.date):
        return f"la fecha {value.isoformat()}"
    return type(value).__name__


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("pac_blank", "no puede estar vacío")
    return value


_GROUPED = re.compile(r"\d{1,3}([.\s]\d{3})+")


def _number(value: object) -> object:
    if isinstance(value, AmbiguousNumber):
        plain = value.text.replace(".", "")
        raise PydanticCustomError(
            "pac_thousands",
            "«{text}» es ambiguo: escriba {plain} (sin separador de miles), o quite los ceros "
            "a la derecha si es un decimal",
            {"text": value.text, "plain": plain},
        )
    if isinstance(value, str) and _GROUPED.fullmatch(value.strip()):
        raise PydanticCustomError(
            "pac_thousands", "escriba el número sin separadores de miles: {plain} (se encontró "
            "«{text}»)", {"text": value, "plain": re.sub(r"[.\s]", "", value)})
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise PydanticCustomError("pac_number", "debe ser un número (se encontró {found})",
                                  {"found": describe(value)})
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal) and not value.is_finite():
        raise PydanticCustomError("pac_number", "debe ser un número finito")
    return value


def _activity_id(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal | AmbiguousNumber):
        return str(value)
    return value


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _month_day(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"\d\d-\d\d", value):
        try:
            dt.date.fromisoformat(f"2024-{value}")
        except ValueError:
            pass
        else:
            return value
    raise PydanticCustomError("pac_month_day", "debe ser un día del año MM-DD, p. ej. «04-30»")


Text = Annotated[str, AfterValidator(_not_blank),
                 WithJsonSchema({"type": "string", "pattern": r"\S"})]
ActivityId = Annotated[
    str,
    BeforeValidator(_activity_id),
    Field(pattern=r"^\d+(\.\d+)*$"),
    WithJsonSchema({"type": ["string", "number"], "pattern": r"^\d+(\.\d+)*$",
                    "examples": ["1.1", "5.2.1"]}),
]
Offices = Annotated[
    list[Text],
    BeforeValidator(_one_or_many),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1},
                              {"type": "array", "items": {"type": "string", "minLength": 1}}]}),
]
MonthDay = Annotated[str, BeforeValidator(_month_day),
                     WithJsonSchema({"type": "string", "pattern": r"^\d\d-\d\d$"})]
PositiveNumber = Annotated[Decimal, BeforeValidator(_number), Field(gt=0),
                           WithJsonSchema({"type": "number", "exclusiveMinimum": 0})]
NonNegativeNumber = Annotated[Decimal, BeforeValidator(_number), Field(ge=0),
                              WithJsonSchema({"type": "number", "minimum": 0})]
Clock = Annotated[dt.time, WithJsonSchema({"type": "string", "pattern": r"^\d\d:\d\d(:\d\d)?$"})]
Percent = Annotated[Decimal, BeforeValidator(_number), Field(ge=0, le=100),
                    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100})]


# --- plan -----------------------------------------------------------------------------


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
    scheduled: Text | None = Field(None, alias="fecha_programada",
                                   description="Fecha programada, p. ej. «Vigencia 2024».")
    tools: Text | None = Field(None, alias="herramientas",
                               description="Herramientas o metodología de la acción.")
    subactivities: list[Activity] = Field(default_factory=list, alias="subactividades",
                                          description="Subactividades (p. ej. 5.2.1 bajo 5.2).")

    @model_validator(mode="before")
    @classmethod
    def _number_children(cls, data: Any) -> Any:
        return _numbered(data, "subactividades", "id", "id")


class Subcomponent(Model):
    """Subcomponente (o proceso) de un componente del plan."""

    number: int = Field(alias="numero", ge=1, description="Número del subcomponente. Si "
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

    number: int = Field(alias="numero", ge=1, description="Número del componente (1 a 6 en "
                                                          "el PAAC).")
    name: Text = Field(alias="nombre", description="Nombre del componente.")
    subcomponents: list[Subcomponent] = Field(alias="subcomponentes", min_length=1,
                                              description="Subcomponentes del componente.")

    @model_validator(mode="before")
    @classmethod
    def _number_children(cls, data: Any) -> Any:
        return _numbered(data, "subcomponentes", "numero", None)


class Zones(Model):
    """Semaforización: límites inferiores (inclusive) de las zonas media y alta, en %."""

    medium_from: Percent = Field(Decimal(60), alias="media_desde",
                                 description="Desde este % la zona es media (amarillo).")
    high_from: Percent = Field(Decimal(80), alias="alta_desde",
                               description="Desde este % la zona es alta (verde).")

    @model_validator(mode="after")
    def _ordered(self) -> Zones:
        if self.medium_from >= self.high_from:
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
    decimals: int = Field(2, alias="decimales", ge=0, le=6,
                          description="Decimales de cada porcentaje.")
    mean_of: Literal["valores_mostrados", "valores_exactos"] = Field(
        "valores_mostrados", alias="promedio_de",
        description="El total promedia los % ya truncados/redondeados (como el acta) o los "
                    "exactos.")


class FollowUpSchedule(Model):
    """Calendario del seguimiento: cortes y plazo de publicación."""

    cutoffs: list[MonthDay] = Field(["04-30", "08-31", "12-31"], alias="cortes", min_length=1,
                                    description="Cortes del seguimiento, MM-DD.")
    publication_days: int = Field(10, alias="plazo_dias", ge=1,
                                  description="Días para publicar el seguimiento tras el corte.")
    business_days: bool = Field(True, alias="dias_habiles",
                                description="Si el plazo se cuenta en días hábiles.")


class ChangeLogEntry(Model):
    """Entrada del control de cambios del plan."""

    date: dt.date = Field(alias="fecha", description="Fecha del cambio, AAAA-MM-DD.")
    version: Text = Field(alias="version", description="Versión del plan tras el cambio.")
    changes: Text = Field(alias="cambios", description="Qué cambió.")
    reason: Text = Field(alias="motivo", description="Por qué cambió.")
    activities: list[ActivityId] = Field(default_factory=list, alias="actividades",
                                         description="Actividades afectadas.")


class Plan(Model):
    """Plan Anticorrupción y de Atención al Ciudadano de una vigencia."""

    year: int = Field(alias="vigencia", ge=1990, le=2100, description="Año de la vigencia.")
    title: Text | None = Field(None, alias="titulo", description="Título del plan.")
    source: Text | None = Field(None, alias="fuente",
                                description="Documento del que se transcribió el plan.")
    components: list[Component] = Field(alias="componentes", min_length=1,
                                        description="Componentes del plan.")
    zones: Zones = Field(default_factory=Zones, alias="zonas",
                         description="Límites de la semaforización.")
    rounding: Rounding = Field(default_factory=Rounding, alias="redondeo",
                               description="Política de redondeo de los porcentajes.")
    schedule: FollowUpSchedule = Field(default_factory=FollowUpSchedule, alias="seguimiento",
                                       description="Cortes y plazo de publicación.")
    change_log: list[ChangeLogEntry] = Field(default_factory=list, alias="control_de_cambios",
                                             description="Cambios al plan publicado.")

    def component(self, number: int) -> Component | None:
        return next((c for c in self.components if c.number == number), None)


# --- follow-up ------------------------------------------------------------------------


class Evidence(Model):
    """Evidencia revisada por la Oficina de Control Interno."""

    kind: Literal["enlace", "memorando", "circular", "correo", "documento", "otro"] = Field(
        alias="tipo", description="Tipo de evidencia.")
    reference: Text = Field(alias="referencia",
                            description="Enlace, número de memorando o circular, etc.")
    date: dt.date | None = Field(None, alias="fecha", description="Fecha de la evidencia.")
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
    no_progress: bool = Field(False, alias="sin_avance",
                              description="true si la actividad no tiene avance que reportar.")
    observations: Text | None = Field(None, alias="observaciones",
                                      description="Observaciones de Control Interno.")
    evidence: list[Evidence] = Field(default_factory=list, alias="evidencias",
                                     description="Evidencias citadas.")

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


class Attendee(Model):
    """Asistente a la reunión de seguimiento."""

    name: Text = Field(alias="nombre", description="Nombre completo.")
    role: Text = Field(alias="cargo", description="Cargo y dependencia.")
    signature: Text | None = Field(None, alias="firma", description="Nombre como firma.")


class Minutes(Model):
    """Datos del acta de reunión de seguimiento."""

    number: Text = Field(alias="numero", description="Número del acta, p. ej. «2024-036».")
    date: dt.date = Field(alias="fecha", description="Fecha de la reunión, AAAA-MM-DD.")
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

    @model_validator(mode="after")
    def _times(self) -> Minutes:
        if self.end <= self.start:
            raise PydanticCustomError("pac_times", "hora_fin debe ser posterior a hora_inicio")
        return self


class FollowUp(Model):
    """Seguimiento de Control Interno a un componente del plan, con corte a una fecha."""

    year: int = Field(alias="vigencia", ge=1990, le=2100,
                      description="Vigencia del plan que se sigue.")
    component: int = Field(alias="componente", ge=1, description="Número del componente.")
    cutoff: dt.date = Field(alias="corte", description="Fecha de corte, AAAA-MM-DD.")
    minutes: Minutes | None = Field(None, alias="acta", description="Datos del acta.")
    progress: list[Progress] = Field(alias="avances", min_length=1,
                                     description="Avance de cada actividad al corte.")


# --- project --------------------------------------------------------------------------


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

    process: Text = Field(alias="proceso", description="Proceso dueño del formato.")
    code: Text = Field(alias="codigo", description="Código del formato.")
    form: Text = Field(alias="formato", description="Nombre del formato.")
    version: Text = Field(alias="version", description="Versión del formato (texto, «01»).")
    date: dt.date = Field(alias="fecha", description="Fecha del formato.")
    footer: Text | None = Field(None, alias="nota_pie",
                                description="Nota al pie sobre copias controladas.")


class ProjectConfig(Model):
    """Configuración del proyecto (`pac.yaml`): la entidad y su formato de acta."""

    entity: Entity = Field(alias="entidad", description="Entidad.")
    minutes_format: DocumentControl | None = Field(None, alias="formato_acta",
                                                   description="Control documental del acta.")


def iter_activities(component: Component) -> list[tuple[Subcomponent, Activity]]:
    """Every activity of a component, sub-activities right after their parent."""

    def walk(sub: Subcomponent, activity: Activity) -> list[tuple[Subcomponent, Activity]]:
        found = [(sub, activity)]
        for child in activity.subactivities:
            found.extend(walk(sub, child))
        return found

    return [pair for sub in component.subcomponents for a in sub.activities
            for pair in walk(sub, a)]


KIND_KEYS: dict[str, str] = {"componentes": "plan", "corte": "seguimiento",
                             "entidad": "proyecto"}
MODELS: dict[str, type[Model]] = {"plan": Plan, "seguimiento": FollowUp,
                                  "proyecto": ProjectConfig}


def model_for(data: Any) -> str | None:
    """Which kind of file the data is, told by its keys; None when it is none of them."""
    if isinstance(data, dict):
        for key, kind in KIND_KEYS.items():
            if key in data:
                return kind
    return None
