"""`pac import` of a risk map: Función Pública's v5 template (a two-level header, a risk's
cells merged over the rows of its controls) or the 2015 format, as `riesgos/AAAA.yaml`.

The header is found among the first rows and read column by column, in order: a «%» is the
percentage of the level before it, «Frecuencia» is the activity's before the controls and
the control's among them, the first «Probabilidad», «Impacto» and «Zona» of a 2015 matrix
are the inherent ones and the next the residual. Rows are grouped into risks by their
reference (or description); a control row adds its control, and distinct actions are kept
in order. What the entity published (zones, percentages, a control's rating) is kept under
«publicado» and checked against pac's computation: a difference stops the import at the
cell, as does anything the method refuses (a corruption risk with a Leve impact).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pac_cli.commands.matrix_reading import HEADER_ROWS, Findings, cell_number
from pac_cli.disk.sheet_reader import Cell, Sheet
from pac_cli.es_co import normal

V5 = "dafp-2020"
OLD = "corrupcion-2015"

# Each header (normalised) → the field it is, for each format. «%» is resolved by position.
V5_COLUMNS: dict[str, str] = {
    "referencia": "referencia", "ref": "referencia", "no riesgo": "referencia",
    "n riesgo": "referencia", "codigo": "referencia",
    "proceso": "proceso", "objetivo del proceso": "objetivo", "objetivo": "objetivo",
    "tipo de riesgo": "tipo", "tipo riesgo": "tipo",
    "impacto": "afectacion_tipo", "causa inmediata": "causa_inmediata",
    "causa raiz": "causa_raiz", "causa": "causa_raiz",
    "descripcion del riesgo": "descripcion", "riesgo": "descripcion",
    "clasificacion": "clasificacion", "clasificacion del riesgo": "clasificacion",
    "frecuencia": "frecuencia", "probabilidad inherente": "probabilidad",
    "criterios de impacto": "criterios", "impacto inherente": "impacto",
    "zona inherente": "zona_inherente", "zona de riesgo inherente": "zona_inherente",
    "n control": "control", "no control": "control", "numero de control": "control",
    "descripcion del control": "control_descripcion", "control": "control_descripcion",
    "afectacion": "afectacion", "tipo": "control_tipo", "implementacion": "implementacion",
    "calificacion": "calificacion", "documentacion": "documentacion",
    "evidencia": "evidencia", "probabilidad residual": "probabilidad_paso",
    "probabilidad residual final": "probabilidad_residual",
    "impacto residual final": "impacto_residual", "impacto residual": "impacto_residual",
    "zona residual": "zona_residual", "zona de riesgo residual": "zona_residual",
    "zona de riesgo final": "zona_residual", "tratamiento": "tratamiento",
    "opcion de manejo": "tratamiento", "plan de accion": "accion", "acciones": "accion",
    "accion": "accion", "responsable": "responsable", "responsables": "responsable",
    "fecha implementacion": "fecha_implementacion",
    "fecha de implementacion": "fecha_implementacion",
    "fecha seguimiento": "fecha_seguimiento", "fecha de seguimiento": "fecha_seguimiento",
    "seguimiento": "seguimiento", "estado": "estado", "indicador": "indicador",
}
OLD_COLUMNS: dict[str, str] = {
    "proceso": "proceso", "proceso objetivo": "proceso", "objetivo": "objetivo",
    "causa": "causa_raiz", "causas": "causa_raiz", "riesgo": "descripcion",
    "descripcion del riesgo": "descripcion", "consecuencia": "consecuencias",
    "consecuencias": "consecuencias", "probabilidad": "probabilidad", "impacto": "impacto",
    "zona": "zona", "zona de riesgo": "zona", "controles": "controles", "control": "controles",
    "periodo de ejecucion": "periodo", "acciones": "accion", "accion": "accion",
    "registro": "registro", "responsable": "responsable", "responsables": "responsable",
    "fecha": "fecha_seguimiento", "indicador": "indicador", "referencia": "referencia",
    "n": "referencia", "no": "referencia", "tipo de riesgo": "tipo",
}
TYPES = {"corrupcion": "corrupcion", "de corrupcion": "corrupcion", "gestion": "gestion",
         "de gestion": "gestion", "fiscal": "fiscal", "seguridad digital": "seguridad_digital",
         "seguridad de la informacion": "seguridad_digital", "ambiental": "ambiental"}
TREATMENTS = {"reducir": "reducir", "mitigar": "reducir", "reducir mitigar": "reducir",
              "compartir": "compartir", "transferir": "compartir", "evitar": "evitar",
              "aceptar": "aceptar", "asumir": "aceptar"}
_TITLE_YEAR = re.compile(r"\b(20\d\d|19\d\d)\b")
_ZONE_PREFIX = re.compile(r"^(zona (de )?(riesgo )?)", re.IGNORECASE)


def is_risk_matrix(sheet: Sheet) -> bool:
    """Whether a sheet is a risk map: a header row among the first that names a risk («Riesgo»
    or «Descripción del riesgo») and a zone."""
    return _header_row(sheet) is not None


def _header_row(sheet: Sheet) -> int | None:
    for index, row in enumerate(sheet.rows[:HEADER_ROWS]):
        texts = {normal(c.text) for c in row if c.text}
        if texts & {"riesgo", "descripcion del riesgo"} and \
                any(t.startswith("zona") for t in texts):
            return index
    return None


@dataclass
class _Risk:
    data: dict[str, Any]
    key: tuple[str, str] = ("", "")
    """Its reference and description as the matrix writes them (merged over its rows)."""
    cells: dict[str, str] = field(default_factory=dict)
    """The cell of each field, for a problem to be said at it."""
    controls: list[dict[str, Any]] = field(default_factory=list)
    control_cells: list[dict[str, str]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class RiskTable:
    method: str
    columns: dict[int, str]
    """Each column's field."""
    start: int
    titles: list[str]


def find_risk_table(sheet: Sheet, findings: Findings) -> RiskTable | None:
    index = _header_row(sheet)
    if index is None:
        findings.error(f"{sheet.name}!A1", "no se encontró el encabezado de un mapa de riesgos "
                                           "(una columna «Riesgo» y una «Zona»)")
        return None
    header = sheet.rows[index]
    below = sheet.rows[index + 1] if index + 1 < len(sheet.rows) else []
    texts = [normal(c.text) for c in header]
    method = V5 if {"frecuencia", "calificacion", "zona inherente", "n control"} & set(texts) \
        else OLD
    names = V5_COLUMNS if method == V5 else OLD_COLUMNS
    # a second header row under group titles («Análisis del riesgo inherente» → «%»)
    start = index + 1
    if below and sum(1 for c in below if normal(c.text) in names or c.text == "%") >= 2:
        texts = [normal(low.text) or (normal(high.text) if high.text != low.text else "")
                 for high, low in zip(header, below, strict=False)]
        start += 1
    columns: dict[int, str] = {}
    previous, seen, control_started, zones = "", set(), False, 0
    for c, (text, cell) in enumerate(zip(texts, header, strict=False)):
        raw = (below[c].text if start == index + 2 and c < len(below) else cell.text).strip()
        key = names.get(text)
        if raw == "%":  # the percentage of the level before it
            key = {"probabilidad": "probabilidad_pct", "impacto": "impacto_pct",
                   "probabilidad_residual": "probabilidad_residual_pct",
                   "impacto_residual": "impacto_residual_pct"}.get(previous)
        if key == "frecuencia" and control_started:
            key = "control_frecuencia"
        if key in {"control", "control_descripcion"}:
            control_started = True
        if method == OLD:
            if key == "zona":
                key = "zona_inherente" if zones == 0 else "zona_residual"
                zones += 1
            elif key in {"probabilidad", "impacto"} and zones >= 1:
                key = f"{key}_residual"
        if key is None:
            continue
        if key in seen:  # the 2015 format's «Monitoreo y revisión»: the map's follow-up
            columns[c] = "seguimiento"
            continue
        seen.add(key)
        columns[c] = key
        previous = key
    titles = [" ".join(dict.fromkeys(c.text for c in row if c.text))
              for row in sheet.rows[:index]]
    return RiskTable(method, columns, start, [t for t in titles if t])


def _value(row: list[Cell], table: RiskTable, key: str) -> Cell | None:
    for c, name in table.columns.items():
        if name == key and c < len(row):
            return row[c]
    return None


def _text(row: list[Cell], table: RiskTable, key: str) -> str:
    cell = _value(row, table, key)
    return cell.text if cell is not None else ""


def _zone(text: str) -> str:
    return _ZONE_PREFIX.sub("", text.strip()).strip().capitalize()


def _level(text: str) -> str:
    return text.strip().capitalize()


def _percent(cell: Cell | None, findings: Findings, what: str) -> Decimal | None:
    if cell is None or not cell.text:
        return None
    number = cell_number(cell, findings, what)
    if number is None:
        return None
    return number * 100 if cell.percent or (number <= 1 and "%" not in cell.text) else number


def _date(cell: Cell | None, findings: Findings) -> dt.date | None:
    if cell is None or not cell.text:
        return None
    text = cell.text
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    findings.warn(cell.ref, f"«{text}» no es una fecha (AAAA-MM-DD o DD/MM/AAAA): no se importa")
    return None


def _year(table: RiskTable, sheet: Sheet, year: int | None, findings: Findings) -> int | None:
    if year is not None:
        return year
    for title in table.titles:
        if "riesgo" in normal(title) and (found := _TITLE_YEAR.search(title)):
            return int(found[1])
    findings.error(f"{sheet.name}!A1", "el título no dice la vigencia del mapa: indíquela con "
                                       "--vigencia")
    return None


def risk_map_data(sheet: Sheet, findings: Findings, *, year: int | None = None,
                  source: str = "") -> tuple[dict[str, Any], dict[tuple[Any, ...], str]] | None:
    """The map's data, and the cell each value came from (by its place in the data)."""
    table = find_risk_table(sheet, findings)
    if table is None:
        return None
    vigencia = _year(table, sheet, year, findings)
    risks, processes = _risks_of(sheet, table, findings)
    if vigencia is None or not risks:
        return None
    cells: dict[tuple[Any, ...], str] = {}
    out = []
    for i, risk in enumerate(risks):
        data = dict(risk.data)
        published = data.pop("publicado", None)
        if risk.controls:
            data["controles"] = risk.controls
        if risk.actions:
            data["acciones"] = risk.actions
        if published:
            data["publicado"] = published
        out.append(data)
        cells.update({("riesgos", i, *k.split(".")): ref for k, ref in risk.cells.items()})
        for j, control_cells in enumerate(risk.control_cells):
            cells.update({("riesgos", i, "controles", j, k): ref
                          for k, ref in control_cells.items()})
    data_map: dict[str, Any] = {"vigencia": vigencia, "metodo": table.method}
    if table.titles:
        data_map["titulo"] = table.titles[0]
    if source:
        data_map["fuente"] = source
    data_map["procesos"] = [{"nombre": name, **({"objetivo": goal} if goal else {})}
                            for name, goal in processes.items()]
    data_map["riesgos"] = out
    return data_map, cells


def _risks_of(sheet: Sheet, table: RiskTable, findings: Findings
              ) -> tuple[list[_Risk], dict[str, str | None]]:
    """The rows grouped into risks (a risk's cells merged over its control rows repeat its
    reference and description), and each process with its objective."""
    risks: list[_Risk] = []
    processes: dict[str, str | None] = {}
    for r, row in enumerate(sheet.rows[table.start:], start=table.start):
        description = _text(row, table, "descripcion")
        if not description:
            continue
        key = (_text(row, table, "referencia"), description)
        if not risks or risks[-1].key != key:
            risks.append(_new_risk(row, r, table, findings, len(risks) + 1))
            risks[-1].key = key
            process = risks[-1].data["proceso"]
            if processes.get(process) is None:
                processes[process] = _text(row, table, "objetivo") or None
        _add_control(risks[-1], row, table, findings)
        _add_action(risks[-1], row, table, findings)
    if not risks:
        findings.error(f"{sheet.name}!A{table.start + 1}", "el mapa no tiene riesgos bajo su "
                                                           "encabezado")
    header = sheet.rows[table.start - 1]
    for c, cell in enumerate(header):
        if not any(c < len(row) and row[c].text for row in sheet.rows[table.start:]):
            continue
        name = table.columns.get(c)
        if name in {"seguimiento", "estado"}:
            findings.warn(cell.ref, f"la columna «{cell.text}» es el seguimiento del mapa: pac "
                          "lo lleva por corte, en el «mapa_riesgos» del seguimiento "
                          "(followups/); no se importa")
        elif name is None:  # never dropped silently
            findings.warn(cell.ref, f"la columna «{cell.text or '(sin encabezado)'}» no es una "
                                    "de las del mapa que pac lee: no se importa")
    return risks, processes


def _new_risk(row: list[Cell], r: int, table: RiskTable, findings: Findings,
              number: int) -> _Risk:
    data: dict[str, Any] = {}
    cells: dict[str, str] = {}

    def put(key: str, column: str, value: Any) -> None:
        cell = _value(row, table, column)
        if value not in (None, "", []):
            data[key] = value
            if cell is not None:
                cells[key] = cell.ref

    reference = _text(row, table, "referencia")
    if not reference:
        reference = f"R{number}"
        findings.warn(row[0].ref, f"el riesgo de la fila {r + 1} no tiene referencia: se "
                                  f"numera {reference}")
    data["referencia"] = reference
    put("referencia", "referencia", reference)
    put("proceso", "proceso", _text(row, table, "proceso") or "Sin proceso")
    kind = TYPES.get(normal(_text(row, table, "tipo")))
    if kind is None:
        written = _text(row, table, "tipo")
        kind = "corrupcion" if table.method == OLD and not written else "otro"
        if written:
            findings.warn(_ref(row, table, "tipo"), f"«{written}» no es un tipo de riesgo que pac "
                                                    "conozca: se importa como «otro»")
    put("tipo", "tipo", kind)
    put("descripcion", "descripcion", _text(row, table, "descripcion"))
    causes = [t for t in (_text(row, table, "causa_inmediata"), _text(row, table, "causa_raiz"))
              if t]
    put("causas", "causa_raiz", causes)
    put("consecuencias", "consecuencias",
        [t for t in (_text(row, table, "consecuencias"),) if t])
    put("clasificacion", "clasificacion", _text(row, table, "clasificacion") or None)
    _likelihood_and_impact(row, table, findings, put, cells)
    treatment = normal(_text(row, table, "tratamiento"))
    if treatment:
        if treatment in TREATMENTS:
            put("tratamiento", "tratamiento", TREATMENTS[treatment])
        else:
            findings.warn(_ref(row, table, "tratamiento"), f"«{_text(row, table, 'tratamiento')}»"
                          " no es un tratamiento (reducir, compartir, evitar o aceptar): no se "
                          "importa")
    published = _published(row, table, findings)
    if published:
        data["publicado"] = published
        for key in published:
            column = {"zona_inherente": "zona_inherente", "zona_residual": "zona_residual",
                      "probabilidad_inherente": "probabilidad_pct",
                      "impacto_inherente": "impacto_pct",
                      "probabilidad_residual": "probabilidad_residual_pct",
                      "impacto_residual": "impacto_residual_pct"}[key]
            cells[f"publicado.{key}"] = _ref(row, table, column)
    return _Risk(data, cells=cells)


def _likelihood_and_impact(row: list[Cell], table: RiskTable, findings: Findings,
                           put: Callable[[str, str, Any], None], cells: dict[str, str]) -> None:
    """The inherent probability (the activity's frequency, else the level) and impact, and a
    2015 map's residual as it published it."""
    frequency = _value(row, table, "frecuencia")
    likelihood = _text(row, table, "probabilidad")
    if frequency is not None and frequency.text:
        times = cell_number(frequency, findings, "la frecuencia")
        if times is not None:
            put("probabilidad", "frecuencia", {"frecuencia": times})
    elif likelihood:
        put("probabilidad", "probabilidad", {"nivel": _old_level(likelihood)})
    else:
        findings.error(_ref(row, table, "probabilidad"), "el riesgo no tiene probabilidad ni "
                                                         "frecuencia")
    impact = _text(row, table, "impacto")
    if impact:
        put("impacto", "impacto", {"nivel": _impact_name(impact)})
        cells["impacto.nivel"] = cells.get("impacto", "")
    else:
        findings.error(_ref(row, table, "impacto"), "el riesgo no tiene impacto")
    if table.method == OLD and (_text(row, table, "probabilidad_residual")
                                or _text(row, table, "impacto_residual")):
        put("residual", "probabilidad_residual", {
            "probabilidad": _old_level(_text(row, table, "probabilidad_residual")),
            "impacto": _impact_name(_text(row, table, "impacto_residual"))})


def _published(row: list[Cell], table: RiskTable, findings: Findings) -> dict[str, Any]:
    published: dict[str, Any] = {}
    for key, column in (("probabilidad_inherente", "probabilidad_pct"),
                        ("impacto_inherente", "impacto_pct"),
                        ("probabilidad_residual", "probabilidad_residual_pct"),
                        ("impacto_residual", "impacto_residual_pct")):
        value = _percent(_value(row, table, column), findings, "el porcentaje")
        if value is not None:
            published[key] = value
    for key in ("zona_inherente", "zona_residual"):
        if text := _text(row, table, key):
            published[key] = _zone(text)
    return published


def _impact_name(text: str) -> str:
    """A level as the method names it; a 2015 impact may be written as its value (5, 10, 20)."""
    return {"5": "Moderado", "10": "Mayor", "20": "Catastrófico"}.get(text.strip(),
                                                                    _level(text))


def _old_level(text: str) -> str | int:
    return int(text) if text.strip().isdigit() else _level(text)


def _ref(row: list[Cell], table: RiskTable, column: str) -> str:
    cell = _value(row, table, column)
    return cell.ref if cell is not None else row[0].ref


_CONTROL_KINDS = {"preventivo": "preventivo", "detectivo": "detectivo",
                  "correctivo": "correctivo"}
_IMPLEMENTATIONS = {"manual": "manual", "automatico": "automatico"}


def _add_control(risk: _Risk, row: list[Cell], table: RiskTable, findings: Findings) -> None:
    if table.method == OLD:
        text = _text(row, table, "controles")
        if text and not risk.controls:
            lines = [re.sub(r"^\s*(\d+[.)-]|[-•*])\s*", "", line).strip()
                     for line in text.splitlines() if line.strip()]
            risk.controls = [{"numero": i, "descripcion": line}
                             for i, line in enumerate(lines, start=1)]
            risk.control_cells = [{"descripcion": _ref(row, table, "controles")}
                                  for _ in lines]
        return
    description = _text(row, table, "control_descripcion")
    if not description:
        return
    control: dict[str, Any] = {"numero": _text(row, table, "control")
                               or len(risk.controls) + 1, "descripcion": description}
    if isinstance(control["numero"], str) and control["numero"].isdigit():
        control["numero"] = int(control["numero"])
    cells = {"descripcion": _ref(row, table, "control_descripcion")}
    for key, column, known in (("tipo", "control_tipo", _CONTROL_KINDS),
                               ("implementacion", "implementacion", _IMPLEMENTATIONS)):
        written = _text(row, table, column)
        if normal(written) in known:
            control[key] = known[normal(written)]
            cells[key] = _ref(row, table, column)
        elif written:
            findings.error(_ref(row, table, column), f"«{written}» no es un {key} de control "
                           f"({', '.join(known)})")
    for key, column in (("documentacion", "documentacion"),
                        ("frecuencia", "control_frecuencia"), ("evidencia", "evidencia")):
        if written := _text(row, table, column):
            control[key] = written.lower()
    for key, column, what in (("calificacion", "calificacion", "la calificación"),
                              ("probabilidad", "probabilidad_paso", "la probabilidad residual")):
        value = _percent(_value(row, table, column), findings, what)
        if value is not None:  # published, checked against pac's figure, then dropped
            control[f"_{key}"] = value
            cells[key] = _ref(row, table, column)
    risk.controls.append(control)
    risk.control_cells.append(cells)


def _add_action(risk: _Risk, row: list[Cell], table: RiskTable, findings: Findings) -> None:
    text = _text(row, table, "accion")
    if not text:
        return
    action: dict[str, Any] = {"accion": text}
    if responsible := _text(row, table, "responsable"):
        action["responsable"] = responsible
    for key in ("fecha_implementacion", "fecha_seguimiento"):
        if (day := _date(_value(row, table, key), findings)) is not None:
            action[key] = day
    if indicator := _text(row, table, "indicador"):
        action["indicador"] = indicator
    if action not in risk.actions:  # an action merged over the control rows is one action
        risk.actions.append(action)
