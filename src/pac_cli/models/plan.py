"""The pydantic models of a plan (plan), a follow-up (seguimiento) and the project (proyecto).

YAML keys are Spanish, the words of the matrices the users fill in today; attribute names
are English. Every field carries a Spanish description: it becomes the help an editor
shows while typing (see `pac schema`). Rules that need more than one field or file
(unique ids, links between plan and follow-up) live in `pac_cli.checks.file_set`, where they can
point at the exact line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

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

from pac_cli.disk.yaml_reader import AmbiguousNumber


class Model(BaseModel):
    """Base of every model: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              defer_build=True)


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
MAX_NUMBER = Decimal(10) ** 12
"""The largest figure a plan or follow-up may give (a trillion): beyond it, a typo."""
MAX_DECIMALS = 6


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
    number = Decimal(value)
    if abs(number) > MAX_NUMBER:
        raise PydanticCustomError(
            "pac_number_range", "es demasiado grande: una cifra de un plan va hasta "
            "1.000.000.000.000 (se encontró un número de {digits} cifras)",
            {"digits": number.adjusted() + 1})
    if number != 0 and number.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
        raise PydanticCustomError("pac_number_decimals",
                                  "tiene más de {decimals} decimales",
                                  {"decimals": MAX_DECIMALS})
    return Decimal(0) if number == 0 else value  # no «-0»


def _activity_id(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal | AmbiguousNumber):
        return str(value)
    return value


def _day(value: object) -> object:
    """A date, 2024-04-30: a YAML date, or the same text in quotes; never a time."""
    as_date = day_of(value)
    if as_date is None:
        raise PydanticCustomError("pac_day", "debe ser una fecha AAAA-MM-DD, sin hora (se "
                                             "encontró {found})", {"found": describe(value)})
    return as_date


def day_of(value: object) -> dt.date | None:
    """The date a YAML value means (a date, or its ISO text), None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) and value.tzinfo is None else None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


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
Day = Annotated[dt.date, BeforeValidator(_day),
                WithJsonSchema({"type": "string", "format": "date"})]
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
    scheduled: Text | None = Field(None, alias="fecha_programada",
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
    publication_days: int = Field(10, alias="plazo_dias", ge=1, le=366,
                                  description="Días para publicar el seguimiento tras el corte.")
    business_days: bool = Field(True, alias="dias_habiles",
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


Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$"),
                 WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$",
                                 "examples": ["paac", "ptep"]})]


class FrameComponent(Model):
    """Componente que define un marco (p. ej. el 4 del PAAC)."""

    number: int = Field(alias="numero", ge=1, description="Número del componente.")
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
    first_year: int | None = Field(None, alias="vigencia_desde", ge=1990, le=2100,
                                   description="Primera vigencia a la que se aplica.")
    last_year: int | None = Field(None, alias="vigencia_hasta", ge=1990, le=2100,
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


class ChangeLogEntry(Model):
    """Entrada del control de cambios del plan."""

    date: Day = Field(alias="fecha", description="Fecha del cambio, AAAA-MM-DD.")
    version: Text = Field(alias="version", description="Versión del plan tras el cambio.")
    changes: Text = Field(alias="cambios", description="Qué cambió.")
    reason: Text = Field(alias="motivo", description="Por qué cambió.")
    activities: list[ActivityId] = Field(default_factory=list, alias="actividades",
                                         description="Actividades afectadas.")
    component: int | None = Field(None, alias="componente", description="Componente de esas "
                                  "actividades: hace falta cuando el plan tiene el mismo "
                                  "número de actividad en varios componentes.")

    @property
    def named(self) -> list[str]:
        """The activities as documents list them: `4·2.1` when the entry names its component,
        as `pac diff` writes an activity of a plan of several components."""
        if self.component is None:
            return list(self.activities)
        return [f"{self.component}·{activity}" for activity in self.activities]


class Plan(Model):
    """Plan Anticorrupción y de Atención al Ciudadano de una vigencia."""

    year: int = Field(alias="vigencia", ge=1990, le=2100, description="Año de la vigencia.")
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

    def component(self, number: int) -> Component | None:
        return next((c for c in self.components if c.number == number), None)

    @property
    def frame_id(self) -> str:
        """The plan's frame; a plan that names none is a PAAC plan."""
        return self.frame or DEFAULT_FRAME


DEFAULT_FRAME = "paac"


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


# --- follow-up ------------------------------------------------------------------------


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
    no_progress: bool = Field(False, alias="sin_avance",
                              description="true si la actividad no tiene avance que reportar.")
    observations: Text | None = Field(None, alias="observaciones",
                                      description="Observaciones de Control Interno.")
    evidence: list[Evidence] = Field(default_factory=list, alias="evidencias",
                                     description="Evidencias citadas.")
    correction: Text | None = Field(
        None, alias="correccion",
        description="Por qué el logro es menor que en el corte anterior de la vigencia (el "
                    "seguimiento es acumulado: solo baja si se corrige un error).")
    to_update: bool = Field(False, alias="por_actualizar",
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


class Publication(Model):
    """Dónde y cuándo se publicó el seguimiento (sección de transparencia del sitio web)."""

    date: Day = Field(alias="fecha", description="Fecha de publicación, AAAA-MM-DD.")
    address: Text | None = Field(None, alias="enlace", description="Dirección de la "
                                                                   "publicación.")


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


class ComponentProgress(Model):
    """El avance de las actividades de un componente, en un seguimiento de varios."""

    number: int = Field(alias="numero", ge=1, description="Número del componente del plan.")
    progress: list[Progress] = Field(alias="avances", min_length=1,
                                     description="Avance de cada actividad al corte.")


@dataclass(frozen=True)
class Section:
    """One component's reported progress, and where in the file it is (`avances`)."""

    component: int
    progress: tuple[Progress, ...]
    loc: tuple[str | int, ...]


class FollowUp(Model):
    """Seguimiento de Control Interno a uno o varios componentes del plan, con corte a una
    fecha: un acta de reunión, un informe, o solo los avances."""

    year: int = Field(alias="vigencia", ge=1990, le=2100,
                      description="Vigencia del plan que se sigue.")
    frame: Slug | None = Field(None, alias="marco",
                               description="Marco del plan que se sigue; solo hace falta si "
                                           "hay varios planes de la vigencia.")
    cutoff: Day = Field(alias="corte", description="Fecha de corte, AAAA-MM-DD.")
    component: int | None = Field(None, alias="componente", ge=1,
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
    def document_date(self) -> dt.date | None:
        """The date of the acta or informe, if the follow-up has one."""
        document = self.minutes or self.report
        return document.date if document is not None else None


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
    typed_signatures: bool = Field(False, alias="firma_escrita",
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


def iter_activities(component: Component) -> list[tuple[Subcomponent, Activity]]:
    """Every activity of a component, sub-activities right after their parent."""

    def walk(sub: Subcomponent, activity: Activity) -> list[tuple[Subcomponent, Activity]]:
        found = [(sub, activity)]
        for child in activity.subactivities:
            found.extend(walk(sub, child))
        return found

    return [pair for sub in component.subcomponents for a in sub.activities
            for pair in walk(sub, a)]


# A follow-up of several components also has `componentes`: `corte` decides first.
KIND_KEYS: dict[str, str] = {"corte": "seguimiento", "componentes": "plan",
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
