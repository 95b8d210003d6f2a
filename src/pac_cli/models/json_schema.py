"""JSON Schemas (draft 2020-12) of each file kind, generated from the pydantic models.

The models give the structure, the types, the constraints and the Spanish descriptions;
this module adds what an editor shows beside them: a Spanish title and an example for
every field. The committed copies live in `schema/` (a test keeps them current).
"""

from __future__ import annotations

import json
from typing import Any

from pac_cli.models.kinds import model_class

FILE_TITLES = {"plan": "Plan Anticorrupción y de Atención al Ciudadano (pac)",
               "seguimiento": "Seguimiento de Control Interno a un plan (pac)",
               "proyecto": "Configuración de un proyecto pac (pac.yaml)",
               "riesgos": "Mapa de riesgos de una vigencia (pac)"}
FILE_NAMES = {"plan": "plan.schema.json", "seguimiento": "seguimiento.schema.json",
              "proyecto": "proyecto.schema.json", "riesgos": "riesgos.schema.json"}

MODEL_TITLES = {
    "Plan": "Plan", "Component": "Componente", "Subcomponent": "Subcomponente",
    "Activity": "Actividad", "Zones": "Zonas de la semaforización",
    "Rounding": "Política de redondeo", "FollowUpSchedule": "Calendario del seguimiento",
    "ChangeLogEntry": "Entrada del control de cambios", "FollowUp": "Seguimiento",
    "Progress": "Avance de una actividad", "Evidence": "Evidencia", "Minutes": "Acta",
    "Attendee": "Asistente", "ProjectConfig": "Proyecto", "Entity": "Entidad",
    "DocumentControl": "Control documental del acta",
    "Consolidation": "Regla del consolidado", "Frame": "Marco", "FrameComponent":
    "Componente del marco", "Publication": "Publicación", "Signatory": "Quien firma o revisa",
    "Report": "Informe de seguimiento", "ComponentProgress": "Avances de un componente",
    "Milestone": "Hito", "PlanPublicationRule": "Plazo para publicar el plan",
    "Before": "Cómo era la actividad antes del cambio",
    "LevelRounding": "Redondeo de un nivel", "OpenData": "Datos abiertos",
    "RiskMap": "Mapa de riesgos", "Risk": "Riesgo", "Process": "Proceso",
    "Likelihood": "Probabilidad inherente", "Consequence": "Impacto inherente",
    "Control": "Control", "Action": "Acción del tratamiento",
    "Residual": "Probabilidad e impacto residuales (método corrupcion-2015)",
    "Published": "Lo que la entidad publicó",
    "RiskFollowUp": "Seguimiento al mapa de riesgos", "RiskCheck": "Seguimiento de un riesgo",
    "ControlCheck": "Ejecución de un control", "ActionCheck": "Avance de una acción",
    "OwnMethod": "Método propio del mapa de riesgos",
    "LikelihoodBand": "Nivel de probabilidad", "ConsequenceBand": "Nivel de impacto",
    "ControlWeights": "Pesos de los controles", "Level2015": "Nivel (método de 2015)",
    "Zone2015": "Zona (método de 2015)",
}

# Per model: field (YAML key) → (title, example).
FIELDS: dict[str, dict[str, tuple[str, Any]]] = {
    "RiskMap": {
        "vigencia": ("Vigencia", 2024), "metodo": ("Método", "dafp-2020"),
        "titulo": ("Título", "Mapa de riesgos de corrupción 2024"),
        "fuente": ("Fuente", "Mapa publicado el 31 de enero de 2024"),
        "publicacion": ("Publicación del mapa", None), "procesos": ("Procesos", None),
        "riesgos": ("Riesgos", None),
        "cumplimiento": ("Nivel de cumplimiento", "acciones_cumplidas"),
    },
    "RiskFollowUp": {"vigencia": ("Vigencia del mapa", 2024), "riesgos": ("Riesgos", None)},
    "OwnMethod": {
        "id": ("Identificador", "dafp-2020-entidad"), "basado_en": ("Basado en", "dafp-2020"),
        "nombre": ("Nombre", "Política de administración del riesgo de la entidad"),
        "norma": ("Norma", "Resolución 120 de 2024 de la entidad"),
        "probabilidad": ("Niveles de probabilidad", None), "impacto": ("Niveles de impacto",
                                                                       None),
        "zonas": ("Zonas", None), "controles": ("Pesos de los controles", None),
        "cumplimiento": ("Nivel de cumplimiento", "promedio_avance"),
        "supuestos": ("Supuestos", {"cumplimiento": "La política de la entidad lo pide."}),
    },
    "LikelihoodBand": {"nivel": ("Nivel", "Media"), "porcentaje": ("Porcentaje", 60),
                       "hasta": ("Hasta (veces al año)", 500)},
    "ConsequenceBand": {"nivel": ("Nivel", "Mayor"), "porcentaje": ("Porcentaje", 80),
                        "smlmv_hasta": ("Hasta (SMLMV)", 500),
                        "reputacional": ("Afectación reputacional", "Imagen nacional")},
    "ControlWeights": {"tipo": ("Por tipo", {"preventivo": 25, "detectivo": 15,
                                             "correctivo": 10}),
                       "implementacion": ("Por implementación", {"automatico": 25,
                                                                 "manual": 15})},
    "Level2015": {"nivel": ("Nivel", "Posible"), "valor": ("Valor", 3)},
    "Zone2015": {"zona": ("Zona", "Alta"), "hasta": ("Hasta (calificación)", 50)},
    "RiskCheck": {
        "referencia": ("Referencia del riesgo", "R1"), "controles": ("Controles", None),
        "acciones": ("Acciones", None), "materializado": ("Materializado", False),
        "hechos": ("Hechos", "Un ciudadano denunció el cobro de un trámite gratuito."),
        "observaciones": ("Observaciones", "Los controles se ejecutaron como dice el mapa."),
        "por_actualizar": ("Por actualizar", True),
        "nivel_firmado": ("Nivel de cumplimiento firmado", 50),
    },
    "ControlCheck": {
        "control": ("Número del control", 1), "ejecutado": ("Ejecutado", True),
        "evidencias": ("Evidencias", None),
        "observaciones": ("Observaciones", "Listas de chequeo de los cuatro procesos."),
    },
    "ActionCheck": {
        "accion": ("Número de la acción", 1), "avance": ("Avance (%)", 100),
        "evidencias": ("Evidencias", None),
        "observaciones": ("Observaciones", "Publicado en el SECOP II."),
    },
    "Process": {"nombre": ("Nombre del proceso", "Gestión contractual"),
                "objetivo": ("Objetivo del proceso", "Adquirir los bienes y servicios")},
    "Risk": {
        "referencia": ("Referencia", "R1"), "proceso": ("Proceso", "Gestión contractual"),
        "tipo": ("Tipo de riesgo", "corrupcion"),
        "descripcion": ("Descripción del riesgo", "Posibilidad de recibir dádivas…"),
        "causas": ("Causas", ["Evaluación de ofertas por una sola persona"]),
        "consecuencias": ("Consecuencias", ["Sanciones disciplinarias"]),
        "clasificacion": ("Clasificación", "Fraude interno"),
        "probabilidad": ("Probabilidad inherente", {"frecuencia": 300}),
        "impacto": ("Impacto inherente", {"respuestas": [1, 3, 5, 6, 10, 11]}),
        "controles": ("Controles", None), "residual": ("Residual (corrupcion-2015)", None),
        "tratamiento": ("Tratamiento", "reducir"), "acciones": ("Acciones", None),
        "publicado": ("Publicado", {"zona_inherente": "Alto", "zona_residual": "Moderado"}),
    },
    "Likelihood": {"frecuencia": ("Frecuencia (veces al año)", 300),
                   "nivel": ("Nivel de probabilidad", "Media")},
    "Consequence": {"smlmv": ("Afectación económica (SMLMV)", 120),
                    "reputacional": ("Afectación reputacional", "Mayor"),
                    "respuestas": ("Preguntas respondidas «sí»", [1, 3, 5, 6, 10, 11]),
                    "nivel": ("Nivel de impacto", "Mayor")},
    "Control": {
        "numero": ("Número del control", 1),
        "descripcion": ("Descripción del control", "El comité evaluador revisa cada oferta"),
        "tipo": ("Tipo", "preventivo"), "implementacion": ("Implementación", "manual"),
        "documentacion": ("Documentación", "documentado"), "frecuencia": ("Frecuencia",
                                                                          "continua"),
        "evidencia": ("Evidencia", "con registro"),
    },
    "Action": {
        "accion": ("Acción", "Publicar en el SECOP II todas las etapas de cada proceso"),
        "responsable": ("Responsable", "Oficina Jurídica"),
        "fecha_implementacion": ("Fecha de implementación", "2024-03-31"),
        "fecha_seguimiento": ("Fecha de seguimiento", "2024-04-30"),
        "indicador": ("Indicador", "Procesos publicados / procesos adelantados"),
    },
    "Residual": {"probabilidad": ("Probabilidad residual", 2),
                 "impacto": ("Impacto residual", "Mayor")},
    "Published": {"probabilidad_inherente": ("Probabilidad inherente publicada (%)", 60),
                  "impacto_inherente": ("Impacto inherente publicado (%)", 80),
                  "zona_inherente": ("Zona inherente publicada", "Alto"),
                  "zona_residual": ("Zona residual publicada", "Moderado"),
                  "probabilidad_residual": ("Probabilidad residual publicada (%)", 25.2),
                  "impacto_residual": ("Impacto residual publicado (%)", 80)},
    "Plan": {
        "vigencia": ("Vigencia", 2024),
        "vigencia_hasta": ("Vigencia hasta", 2028),
        "publicacion": ("Publicación del plan", None),
        "titulo": ("Título", "Plan Anticorrupción y de Atención al Ciudadano 2024"),
        "fuente": ("Fuente", "Acta de reunión N° 2024-036"),
        "componentes": ("Componentes", None),
        "zonas": ("Zonas", {"media_desde": 60, "alta_desde": 80}),
        "redondeo": ("Redondeo", {"actividad": "truncar", "total": "redondear"}),
        "seguimiento": ("Seguimiento", {"cortes": ["04-30", "08-31", "12-31"]}),
        "control_de_cambios": ("Control de cambios", None),
        "marco": ("Marco", "ptep"),
        "consolidado": ("Consolidado", {"regla": "promedio_componentes"}),
    },
    "Component": {
        "numero": ("Número del componente", 4),
        "nombre": ("Nombre del componente", "Mecanismos para mejorar la atención al ciudadano"),
        "subcomponentes": ("Subcomponentes", None),
        "peso": ("Peso en el consolidado", 2),
    },
    "Subcomponent": {
        "numero": ("Número del subcomponente", 2),
        "nombre": ("Nombre del subcomponente", "Fortalecimiento de los canales de atención"),
        "actividades": ("Actividades", None),
    },
    "Activity": {
        "id": ("Número de la actividad", "2.1"),
        "actividad": ("Actividad", "Implementación del Chat Interactivo"),
        "meta_producto": ("Meta o producto", "Optimizar la comunicación virtual con el ciudadano"),
        "meta_anual": ("Meta anual", 15000),
        "indicador": ("Indicador", "Número de ciudadanos atendidos en el periodo"),
        "responsable": ("Responsable", "Secretaría General – Dirección de Atención al Ciudadano"),
        "fecha_programada": ("Fecha programada", "Vigencia 2024"),
        "herramientas": ("Herramientas o metodología", "Actas de Comité de Ciudadano"),
        "subactividades": ("Subactividades", None),
        "peso": ("Peso en el consolidado", 2),
        "ritmo": ("Ritmo", "semanal"),
        "hitos": ("Hitos", [{"fecha": "2024-06-30", "valor": 6}]),
        "metas": ("Metas por vigencia", {"2025": 2, "2026": 4}),
    },
    "PlanPublicationRule": {"dia": ("Día", "01-31"),
                            "norma": ("Norma", "Decreto 1083 de 2015, art. 2.2.22.3.14")},
    "Milestone": {"fecha": ("Fecha del hito", "2024-06-30"),
                  "valor": ("Valor acumulado esperado", 6)},
    "Zones": {"media_desde": ("Zona media desde (%)", 60),
              "alta_desde": ("Zona alta desde (%)", 80)},
    "Rounding": {
        "actividad": ("Redondeo de cada actividad", "truncar"),
        "total": ("Redondeo del total", "redondear"),
        "decimales": ("Decimales", 2),
        "promedio_de": ("Promedio de", "valores_mostrados"),
        "componente": ("Redondeo de cada componente", {"modo": "redondear", "decimales": 0}),
        "consolidado": ("Redondeo del consolidado", {"modo": "redondear", "decimales": 1,
                                                     "promedio_de": "valores_exactos"}),
    },
    "FollowUpSchedule": {
        "cortes": ("Cortes", ["04-30", "08-31", "12-31"]),
        "plazo_dias": ("Plazo de publicación (días)", 10),
        "dias_habiles": ("Días hábiles", True),
        "desde": ("Desde cuándo se cuenta el plazo", "mes_siguiente"),
        "tolerancia_ritmo": ("Tolerancia frente al ritmo (puntos)", 5),
    },
    "Consolidation": {"regla": ("Regla del consolidado", "promedio_componentes"),
                      "avance_componente": ("Avance de cada componente",
                                            "actividades_cumplidas")},
    "LevelRounding": {"modo": ("Modo", "redondear"), "decimales": ("Decimales", 0),
                      "promedio_de": ("Promedio de", "valores_exactos")},
    "Frame": {
        "id": ("Identificador del marco", "plan-accion-atencion"),
        "basado_en": ("Basado en el marco", "ptep"),
        "publicacion_plan": ("Plazo para publicar el plan", {
            "dia": "01-31", "norma": "Decreto 1083 de 2015, art. 2.2.22.3.14"}),
        "nombre": ("Nombre del marco", "Plan de Acción – atención al ciudadano"),
        "norma": ("Normas", "Concepto 654781 de 2024 de Función Pública"),
        "nota": ("Nota", "Los cortes los fija la entidad en su plan de acción."),
        "supuestos": ("Valores supuestos", {"seguimiento": "Los cortes del PAAC."}),
        "vigencia_desde": ("Desde la vigencia", 2025),
        "vigencia_hasta": ("Hasta la vigencia", 2024),
        "componentes": ("Componentes", None),
        "seguimiento": ("Seguimiento", {"cortes": ["06-30", "12-31"]}),
        "zonas": ("Zonas", {"media_desde": 60, "alta_desde": 80}),
        "redondeo": ("Redondeo", {"actividad": "truncar", "total": "redondear"}),
        "consolidado": ("Consolidado", {"regla": "promedio_componentes"}),
    },
    "FrameComponent": {
        "numero": ("Número del componente", 1),
        "nombre": ("Nombre del componente", "Debida diligencia"),
        "nombre_corto": ("Nombre corto", "Debida diligencia"),
    },
    "ChangeLogEntry": {
        "fecha": ("Fecha del cambio", "2024-06-15"),
        "version": ("Versión", "2"),
        "cambios": ("Cambios", "Meta anual del chat de 12.000 a 15.000 ciudadanos"),
        "motivo": ("Motivo", "Aumento de la demanda del canal virtual"),
        "actividades": ("Actividades afectadas", ["2.1"]),
        "componente": ("Componente de esas actividades", 4),
        "antes": ("Cómo eran antes del cambio", {"2.1": {"meta_anual": 15000}, "2.4": None}),
    },
    "FollowUp": {
        "vigencia": ("Vigencia", 2024),
        "marco": ("Marco", "ptep"),
        "componente": ("Componente", 4),
        "corte": ("Fecha de corte", "2024-04-30"),
        "acta": ("Acta", None),
        "informe": ("Informe", None),
        "avances": ("Avances", None),
        "componentes": ("Componentes", None),
        "mapa_riesgos": ("Seguimiento al mapa de riesgos", None),
    },
    "ComponentProgress": {"numero": ("Número del componente", 1),
                          "avances": ("Avances", None)},
    "Report": {
        "numero": ("Número del informe", "OCI-2024-112"),
        "fecha": ("Fecha del informe", "2025-01-14"),
        "autor": ("Autor", "María Fernanda Rojas Gil"),
        "cargo": ("Cargo", "Jefe de la Oficina de Control Interno"),
        "revisor": ("Revisor", None),
        "publicacion": ("Publicación", None),
        "total_firmado": ("Total firmado (%)", 33.76),
    },
    "Signatory": {"nombre": ("Nombre", "Andrés Felipe Mora"),
                  "cargo": ("Cargo", "Profesional de la Oficina de Control Interno")},
    "Publication": {"fecha": ("Fecha de publicación", "2025-01-15"),
                    "enlace": ("Enlace", "https://www.entidad.gov.co/transparencia")},
    "Progress": {
        "actividad": ("Número de la actividad", "2.1"),
        "logro": ("Logro", 11842),
        "porcentaje": ("Porcentaje asignado", 50),
        "justificacion": ("Justificación", "Se dotaron 2 de los 4 centros de atención"),
        "sin_avance": ("Sin avance", True),
        "observaciones": ("Observaciones", "SEGUIMIENTO ENERO – ABRIL: …"),
        "evidencias": ("Evidencias", None),
        "correccion": ("Corrección", "El informe de marzo se había contado dos veces"),
        "por_actualizar": ("Por actualizar", True),
        "nivel_firmado": ("Nivel de cumplimiento firmado", 50),
    },
    "Evidence": {
        "tipo": ("Tipo de evidencia", "memorando"),
        "referencia": ("Referencia", "010505"),
        "fecha": ("Fecha", "2024-03-14"),
        "descripcion": ("Descripción", "Capacitación para la Dirección de Rentas"),
    },
    "Minutes": {
        "numero": ("Número del acta", "2024-036"),
        "fecha": ("Fecha de la reunión", "2024-05-14"),
        "ciudad": ("Ciudad", "Ibagué"),
        "hora_inicio": ("Hora de inicio", "08:00"),
        "hora_fin": ("Hora de cierre", "10:00"),
        "lugar": ("Lugar", "Oficina de Control Interno"),
        "asistentes": ("Asistentes", None),
        "objetivo": ("Objetivo de la reunión", "Realizar seguimiento al cuarto componente…"),
        "orden_del_dia": ("Orden del día", ["Introducción", "Cierre"]),
        "introduccion": ("Introducción", ["Según lo normado en el Artículo 2° …"]),
        "metodologia": ("Metodología", ["Para establecer el cumplimiento …"]),
        "conclusiones": ("Conclusiones", "… presenta un avance del {total} …"),
        "recomendaciones": ("Recomendaciones", ["Continuar realizando las actividades."]),
        "cierre": ("Cierre", "Siendo las 10:00 am, se da por terminada la reunión."),
        "publicacion": ("Publicación", None),
        "total_firmado": ("Total firmado (%)", 33.76),
    },
    "Attendee": {
        "nombre": ("Nombre", "Linda Cerquera Carvajal"),
        "cargo": ("Cargo", "Profesional U. Oficina Control Interno"),
        "firma": ("Firma", "Linda Cerquera Carvajal"),
    },
    "OpenData": {"licencia": ("Licencia", "https://creativecommons.org/licenses/by-sa/4.0/")},
    "ProjectConfig": {"entidad": ("Entidad", None),
                      "datos_abiertos": ("Datos abiertos", None),
                      "formato_acta": ("Formato del acta", None),
                      "marcos": ("Marcos propios", None),
                      "metodos": ("Métodos propios del mapa de riesgos", None)},
    "Entity": {
        "nombre": ("Nombre de la entidad", "Alcaldía Municipal de Ibagué"),
        "nombre_corto": ("Nombre corto", "Alcaldía de Ibagué"),
        "nit": ("NIT", "800113389-7"),
        "ciudad": ("Ciudad", "Ibagué"),
        "dependencia_seguimiento": ("Dependencia que hace el seguimiento",
                                    "Oficina de Control Interno"),
    },
    "DocumentControl": {
        "entidad": ("Entidad como la escribe el formato", "Alcaldía Municipal Ibagué"),
        "proceso": ("Proceso", "GESTION DOCUMENTAL"),
        "codigo": ("Código", "FOR-02-PRO-GD-01"),
        "formato": ("Formato", "ACTA DE REUNION"),
        "version": ("Versión", "01"),
        "fecha": ("Fecha", "2014-12-19"),
        "nota_pie": ("Nota al pie", "La versión vigente y controlada de este documento …"),
        "firma_escrita": ("Firma escrita", False),
        "secciones": ("Secciones que el formato pide", ["orden_del_dia", "conclusiones", "cierre"]),
    },
}


# «antes» holds an activity's keys (but its number and subactivities) and where it was
FIELDS["Before"] = {"subcomponente": ("Subcomponente en que estaba", 2),
                    **{key: value for key, value in FIELDS["Activity"].items()
                       if key not in {"id", "subactividades"}}}

# Numbers a plan may leave out: pac numbers those subcomponents and activities by order.
OPTIONAL_IN_FILES = {"Subcomponent": "numero", "Activity": "id"}


def _annotate(name: str, definition: dict[str, Any]) -> None:
    definition["title"] = MODEL_TITLES[name]
    if name in OPTIONAL_IN_FILES:
        definition["required"] = [k for k in definition.get("required", [])
                                  if k != OPTIONAL_IN_FILES[name]]
    for key, prop in definition.get("properties", {}).items():
        title, example = FIELDS[name][key]
        prop["title"] = title
        if example is not None:
            prop["examples"] = [example]
    keys = list(definition.get("properties", {}))
    required = [k for k in keys if k in definition.get("required", [])]
    optional = [k for k in keys if k not in required]
    # what the editor says for a mistyped key or a missing one (it would say it in English)
    definition["errorMessage"] = (
        f"Campos de «{MODEL_TITLES[name]}»: "
        + (f"obligatorios {', '.join(required)}; " if required else "")
        + f"opcionales {', '.join(optional)}. Un campo con otro nombre no se acepta.")


def _for_editors(node: Any) -> Any:
    """What the editor (yaml-language-server, VS Code) shows, made plain and Spanish: a
    nullable simple field as one type list (`["number", "null"]`, not an `anyOf` whose two
    branches the hover joins), numeric defaults as numbers (pydantic writes a Decimal's as
    text), no null default, and a Spanish `errorMessage` where the editor would speak
    English."""
    if isinstance(node, list):
        return [_for_editors(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _for_editors(value) for key, value in node.items()}
    if "default" in node and node["default"] is None:
        # a missing optional key is none already; and yaml-language-server 1.25 stops
        # completing an object's keys after the first one with «"default": null»
        del node["default"]
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        other = next(b for b in branches if b != {"type": "null"})
        if "$ref" not in other and isinstance(other.get("type"), str):
            del node["anyOf"]
            node = {**other, **node, "type": [other["type"], "null"]}
    kind = node.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if isinstance(node.get("default"), str) and {"number", "integer"} & set(kinds):
        text = node["default"]
        node["default"] = int(text) if text.lstrip("-").isdigit() else float(text)
    if "errorMessage" not in node and "$ref" not in node:
        message = _message(node, kinds)
        if message:
            node["errorMessage"] = message
    return node


def _message(node: dict[str, Any], kinds: list[Any]) -> str | None:
    if "enum" in node:
        return "Debe ser uno de: " + ", ".join(str(v) for v in node["enum"]) + "."
    if "const" in node:
        return f"Debe ser {node['const']}."
    if "integer" in kinds:
        low, high = node.get("minimum"), node.get("maximum")
        within = f" de {low} a {high}" if low is not None and high is not None else (
            f" desde {low}" if low is not None else "")
        return f"Debe ser un número entero{within}, sin comillas."
    if "boolean" in kinds:
        return "Debe ser true o false, sin comillas."
    return None


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of `kind` ('plan', 'seguimiento' or 'proyecto')."""
    model = model_class(kind)
    generated = model.model_json_schema(by_alias=True, mode="validation")
    for name, definition in generated.get("$defs", {}).items():
        _annotate(name, definition)
    _annotate(model.__name__, generated)
    generated = _for_editors(generated)
    activity = generated.get("$defs", {}).get("Activity")
    if activity is not None:
        activity["properties"]["metas"]["propertyNames"] = {
            "pattern": r"^\d{4}$", "patternErrorMessage": "Cada clave de «metas» es un año "
                                                          "de cuatro cifras, p. ej. 2026."}
    entry = generated.get("$defs", {}).get("ChangeLogEntry")
    if entry is not None:
        entry["properties"]["antes"]["propertyNames"] = {
            "pattern": r"^\d+(\.\d+)*$", "patternErrorMessage": "Cada clave de «antes» es el "
                                                             "número de una actividad, p. ej. "
                                                             "\"2.1\"."}
    frame = generated.get("$defs", {}).get("Frame")
    if frame is not None:
        # a frame based on another needs only its id: the rest comes from the base
        needed = [k for k in frame["required"] if k != "id"]
        frame["required"] = ["id"]
        frame["if"] = {"required": ["basado_en"]}
        frame["else"] = {"required": needed, "errorMessage": "Un marco sin «basado_en» lleva "
                         + ", ".join(needed) + "."}
    if kind == "seguimiento":
        # what the model's own validator says: one component with `avances`, or several
        one = ("Un seguimiento lleva «componente» y «avances» (un componente) o "
               "«componentes» (varios), no los dos.")
        generated["oneOf"] = [{"required": ["componente", "avances"], "errorMessage": one},
                              {"required": ["componentes"], "errorMessage": one}]
        generated["if"] = {"required": ["acta"]}
        generated["then"] = {"properties": {"informe": {
            "type": "null", "errorMessage": "Un seguimiento lleva «acta» o «informe», no los "
                                            "dos."}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://pac.invalid/schema/{FILE_NAMES[kind]}",
            **generated, "title": FILE_TITLES[kind]}


def schema_json(kind: str) -> str:
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"
