"""`pac import`: a plan or follow-up matrix from a spreadsheet, as the YAML pac keeps.

The header row is found among the first rows, below any title block; columns are known by
their names (ignoring case, accents and punctuation); merged cells are filled; Colombian
numbers are read as Colombians write them («12.000» is twelve thousand, «1,5» one and a
half) and an ambiguous or wrong one is an error at its cell. What cannot be mapped is said
with its cell reference, never dropped silently, and no value is invented: an activity
without a number is numbered by its order and the user is told.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pac_cli import es_co
from pac_cli.disk.sheet_reader import Cell, Sheet, column_letter
from pac_cli.es_co import normal
from pac_cli.models.fields import MAX_NUMBER
from pac_cli.models.frame import Frame
from pac_cli.models.plan import Plan, iter_activities

HEADER_ROWS = 25
"""How far down the header row may be, below a title block."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "componente": ("componente", "componentes"),
    "subcomponente": ("subcomponente", "subcomponentes", "subcomponente proceso", "proceso",
                      "subcomponente o proceso"),
    "numero": ("n", "no", "nro", "numero", "item", "n actividad"),
    "actividad": ("actividad", "actividades", "actividades programadas", "acciones propuestas",
                  "accion propuesta", "acciones"),
    "meta_producto": ("meta o producto", "meta producto", "producto"),
    "meta_anual": ("meta anual", "meta", "meta programada", "meta de la vigencia"),
    "indicador": ("indicador", "indicadores"),
    "responsable": ("responsable", "responsables"),
    "fecha_programada": ("fecha programada", "fecha", "fechas"),
    "herramientas": ("herramientas metodologia", "herramientas", "metodologia",
                     "herramienta metodologia"),
    "ritmo": ("ritmo", "periodicidad"),
    "peso": ("peso",),
    "avance": ("avance", "porcentaje de avance", "de avance", "avance porcentual"),
    "logro": ("logro", "logros", "ejecutado", "ejecucion", "avance cuantitativo",
              "cantidad ejecutada", "resultado", "logro acumulado"),
    "observaciones": ("observaciones", "observacion"),
}
PLAN_COLUMNS = ("componente", "subcomponente", "numero", "actividad", "meta_producto",
                "meta_anual", "indicador", "responsable", "fecha_programada", "herramientas",
                "ritmo", "peso")
FOLLOWUP_COLUMNS = ("componente", "subcomponente", "numero", "actividad", "meta_producto",
                    "meta_anual", "indicador", "responsable", "fecha_programada", "avance",
                    "logro", "observaciones")


@dataclass(frozen=True)
class Finding:
    """Something the importer says about a cell: a warning, or an error that stops it."""

    ref: str
    message: str
    error: bool = False


@dataclass
class Findings:
    items: list[Finding] = field(default_factory=list)

    def warn(self, ref: str, message: str) -> None:
        self.items.append(Finding(ref, message))

    def error(self, ref: str, message: str) -> None:
        self.items.append(Finding(ref, message, error=True))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.error]


# --- numbers -------------------------------------------------------------------------------

_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_DECIMAL_POINT = re.compile(r"\d+\.\d{1,2}")


def parse_number(text: str) -> Decimal | str:
    """A number as written in Colombia, or the reason it is not one (a Spanish phrase)."""
    parsed = _colombian_number(text)
    if isinstance(parsed, Decimal) and parsed.copy_abs() > MAX_NUMBER:
        return (f"es demasiado grande: una cifra de un plan va hasta 1.000.000.000.000 (se "
                f"encontró un número de {parsed.adjusted() + 1} cifras)")
    return parsed


def _colombian_number(text: str) -> Decimal | str:
    text = text.strip().replace("\u00a0", " ").replace(" ", "")
    if re.fullmatch(r"\d+", text):
        return Decimal(text)
    if _THOUSANDS.fullmatch(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3},\d{3}", text):
        return (f"«{text}» es ambiguo (¿{text.replace(',', '')} o {text}?): escriba "
                f"{text.replace(',', '.')} o {text.replace(',', '')} si son miles")
    if _DECIMAL_COMMA.fullmatch(text):
        return Decimal(text.replace(",", "."))
    if _DECIMAL_POINT.fullmatch(text):
        return Decimal(text)
    return f"«{text}» no es un número"


def cell_number(cell: Cell, findings: Findings, what: str) -> Decimal | None:
    """The number in a cell, or None (empty); an error at the cell when it is not one."""
    if cell.formula is not None:
        findings.error(cell.ref, f"{what}: es una fórmula ({cell.formula}) sin valor guardado; "
                                 "ábrala y guárdela en Excel o LibreOffice, o escriba el número")
        return None
    if cell.value is None:
        return None
    if isinstance(cell.value, Decimal):
        return cell.value
    parsed = parse_number(cell.value)
    if isinstance(parsed, str):
        findings.error(cell.ref, f"{what}: {parsed}")
        return None
    return parsed


# --- the table ---------------------------------------------------------------------------


@dataclass
class Table:
    """The header found, the columns known, the title rows above, and the data rows below."""

    columns: dict[str, int]
    header_row: int
    titles: list[str]
    rows: list[tuple[int, list[Cell]]]


YEAR_TARGET = "meta_"
"""A column «Meta 2026» of a programme of several vigencias is found as `meta_2026`."""
_YEAR_TARGET = re.compile(r"^metas? (?:anual |de la )?(?:vigencia )?(\d{4})$")


def target_years(table: Table) -> list[int]:
    """The vigencias a programme's matrix has a target column for («Meta 2025»…)."""
    return sorted(int(key.removeprefix(YEAR_TARGET)) for key in table.columns
                  if key.startswith(YEAR_TARGET) and key.removeprefix(YEAR_TARGET).isdigit())


def _column_key(text: str, lookup: dict[str, str], known: tuple[str, ...]) -> str | None:
    """The field a header names: one of `known` by its aliases, or a programme's target of
    one vigencia («Meta 2026» → `meta_2026`)."""
    year = _YEAR_TARGET.match(normal(text)) if "meta_anual" in known else None
    return f"{YEAR_TARGET}{year[1]}" if year is not None else lookup.get(normal(text))


SUBHEADERS = frozenset({"descripcion", "detalle", "descripcion de la actividad", "nombre"})
"""What a second header row writes under a merged «Actividades» besides «N°»."""
_ID = re.compile(r"^\d+(\.\d+)*\.?$")
_TOTAL = re.compile(r"^(total|totales|promedio|consolidado|avance total|porcentaje total|"
                    r"total componente|total avance)\b")


def is_title_row(texts: list[Cell]) -> bool:
    """A merged row (a title, a component's name) repeats one text in every cell it covers."""
    return len(texts) >= 2 and len({c.text for c in texts}) == 1


def is_total_row(texts: list[Cell]) -> bool:
    """The TOTAL or Promedio row of a follow-up matrix: pac computes that figure itself."""
    return bool(texts) and bool(_TOTAL.match(normal(texts[0].text)))


def _title_line(row: list[Cell]) -> str:
    """A title row's text once, however many cells its merge covers."""
    return " ".join(dict.fromkeys(c.text for c in row if c.text))


def _ordinary(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Data rows without the title and total rows (which may cover any column)."""
    kept = []
    for row in rows:
        texts = [c for c in row if c.text]
        if texts and not is_title_row(texts) and not is_total_row(texts):
            kept.append(row)
    return kept


def _split_activity(columns: list[int], rows: list[list[Cell]],
                    found: dict[str, int]) -> None:
    """«Actividades» merged over a number column and a text column («1.1» | «Feria de
    trámites…»): the column whose cells are all activity numbers is the number, the one with
    the most text is the activity."""
    def cells(c: int) -> list[str]:
        return [r[c].text for r in rows if c < len(r) and r[c].text]

    numeric = [c for c in columns if cells(c) and all(_ID.match(t) for t in cells(c))]
    wordy = [c for c in columns if c not in numeric and cells(c)]
    if numeric and wordy and "numero" not in found:
        found["numero"] = numeric[0]
        found["actividad"] = max(wordy, key=lambda c: sum(len(t) for t in cells(c)))


def find_table(sheet: Sheet, known: tuple[str, ...], findings: Findings,
               ignore: tuple[str, ...] = ()) -> Table:
    """The header row: the first of the first rows that names an «Actividades» column and at
    least one other known column. A header merged over several columns, or a second header
    row under it («N°» | «Descripción»), is read as the columns it covers; a column that is
    none of pac's and holds data stops the import unless the user says to ignore it."""
    lookup = {alias: key for key in known for alias in COLUMNS[key]}
    for index, row in enumerate(sheet.rows[:HEADER_ROWS]):
        found: dict[str, int] = {}
        spans: dict[str, list[int]] = {}
        for c, cell in enumerate(row):
            key = _column_key(cell.text, lookup, known)
            if key is None:
                continue
            if key not in found:
                found[key], spans[key] = c, [c]
            elif spans[key][-1] == c - 1 and row[c - 1].text == cell.text:
                spans[key].append(c)
        if "actividad" not in found or len(found) < 2:
            continue
        span = spans["actividad"]
        while span[-1] + 1 < len(row) and not row[span[-1] + 1].text:
            span.append(span[-1] + 1)  # a merge a CSV lost: «Actividades» then a blank
        start = index + 1
        below = sheet.rows[start] if start < len(sheet.rows) else []
        under = [(c, normal(cell.text)) for c, cell in enumerate(below) if cell.text]
        if under and all(t in lookup or t in SUBHEADERS for _, t in under):
            start += 1  # a second header row
            for c, text in under:
                if text in SUBHEADERS and c in spans["actividad"]:
                    found["actividad"] = c
                elif text in lookup and (lookup[text] not in found
                                         or c in spans.get(lookup[text], [])):
                    found[lookup[text]] = c
        rows = sheet.rows[start:]
        if len(spans["actividad"]) > 1:
            _split_activity(spans["actividad"], _ordinary(rows), found)
        titles = [_title_line(r) for r in sheet.rows[:index]]
        table = Table(found, index, [t for t in titles if t],
                      list(enumerate(rows, start=start)))
        _unused_columns(sheet, table, rows, findings, ignore)
        return table
    findings.error(f"{sheet.name}!A1", "no se encontró la fila de encabezados en las primeras "
                                       f"{HEADER_ROWS} filas (se busca una columna «Actividades» "
                                       "y otra como «Subcomponente», «Meta anual» o "
                                       "«Responsable»)")
    return Table({}, 0, [], [])


def _unused_columns(sheet: Sheet, table: Table, rows: list[list[Cell]], findings: Findings,
                    ignore: tuple[str, ...]) -> None:
    """A column pac has no field for loses its data: an error at its header, unless the user
    named it with --ignorar (by its letter or its header); an --ignorar that names no such
    column is an error too (a typo would otherwise ignore nothing)."""
    header = sheet.rows[table.header_row]
    wanted = {normal(i): i for i in ignore}
    named: set[str] = set()
    data = _ordinary(rows)
    line = table.header_row + 1
    for c in range(max(len(r) for r in [header, *rows])):
        if c in table.columns.values():
            continue
        letter = column_letter(c)
        text = header[c].text if c < len(header) else ""
        keys = {normal(letter), normal(text)} & set(wanted)
        named |= keys
        used = sum(1 for r in data if c < len(r) and r[c].text)
        label = f"«{text}»" if text else "sin encabezado"
        if keys and used:
            findings.warn(f"{sheet.name}!{letter}{line}",
                          f"columna {letter} ({label}) ignorada, como se pidió: sus datos en "
                          f"{used} fila{'s' if used != 1 else ''} no se importan")
        if keys or not used:
            continue
        findings.error(f"{sheet.name}!{letter}{line}",
                       f"la columna {letter} ({label}) no es un campo de pac y tiene datos en "
                       f"{used} fila{'s' if used != 1 else ''}, que no se importarían: para "
                       f"seguir sin ella, repita con --ignorar {letter}")
    for key, given in wanted.items():
        if key not in named:
            findings.error(f"{sheet.name}!A{line}",
                           f"--ignorar {given}: no hay una columna así fuera de las que pac "
                           "importa (indique su letra o su encabezado)")


def _get(row: list[Cell], table: Table, key: str) -> Cell | None:
    index = table.columns.get(key)
    return row[index] if index is not None and index < len(row) else None


def _text(row: list[Cell], table: Table, key: str) -> str:
    cell = _get(row, table, key)
    return cell.text if cell is not None else ""


_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$", re.S)
_COMPONENT = re.compile(r"^(?:componente\s*)?(\d+)\s*[.:)\-–]?\s*(.*)$", re.I | re.S)
_NAMED = re.compile(r"\bcomponente\s*(?:(?:n|no|nro)\b[.°º]?\s*|[°º#]\s*)?(\d+)\b"
                    r"\s*[.:)\-–]?\s*(.*)$", re.I | re.S)
_ORDINALS = {"primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4,
             "quinto": 5, "sexto": 6, "septimo": 7, "séptimo": 7, "octavo": 8, "noveno": 9,
             "decimo": 10, "décimo": 10}
_ORDINAL = re.compile(rf"\b({'|'.join(_ORDINALS)})\s+componente\b\s*[.:)\-–]?\s*(.*)$",
                      re.I | re.S)


def component_named(text: str) -> tuple[int, str] | None:
    """«COMPONENTE 4: MECANISMOS…», «Componente N° 4 - …», «CUARTO COMPONENTE: …» →
    (4, what follows); None when the text names no component by its number."""
    match = _NAMED.search(text)
    if match:
        return int(match[1]), match[2].strip()
    match = _ORDINAL.search(text)
    if match:
        return _ORDINALS[match[1].lower()], match[2].strip()
    return None


def _component_name(number: int, written: str, frame: Frame) -> str:
    """The name as written, unless it is the frame's name in capitals (a title's style):
    then the frame's own spelling."""
    listed = frame.component(number)
    if listed is None:
        return written
    if not written or (written.isupper() and normal(written) == normal(listed.name)):
        return listed.name
    return written


def _title_component(titles: list[str], sheet: str) -> tuple[int, str] | None:
    """The one component the title block (or else the sheet's name) names."""
    named = {found[0]: found for t in titles if (found := component_named(t))}
    if len(named) == 1:
        return next(iter(named.values()))
    return component_named(sheet) if not named else None


def split_number(text: str) -> tuple[str | None, str]:
    """`1.1 Feria de trámites` → ('1.1', 'Feria de trámites'); no number → (None, text)."""
    match = _NUMBERED.match(text.strip())
    return (match[1], match[2].strip()) if match else (None, text.strip())


# --- plans -------------------------------------------------------------------------------


@dataclass
class _Sub:
    number: int | None
    name: str
    ref: str
    activities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Comp:
    number: int
    name: str
    subs: list[_Sub] = field(default_factory=list)


def _component_of(text: str, ref: str, frame: Frame, findings: Findings) -> tuple[int, str] | None:
    """A component's number and name from «4. Mecanismos…», «Componente 4: …», «CUARTO
    COMPONENTE: …» or a frame's name."""
    match = _COMPONENT.match(text.strip())
    found = component_named(text) or ((int(match[1]), match[2].strip()) if match else None)
    if found:
        name = _component_name(found[0], found[1], frame)
        if name:
            return found[0], name
    names = {normal(c.name): c for c in frame.components}
    names.update({normal(c.short_name): c for c in frame.components})
    close = difflib.get_close_matches(normal(text), list(names), n=1, cutoff=0.85)
    if close:
        listed = names[close[0]]
        return listed.number, text.strip()
    findings.error(ref, f"no se sabe qué número tiene el componente «{text.strip()}»: escríbalo "
                        "al comienzo («4. …») o use un nombre del marco "
                        f"({', '.join(f'{c.number} {c.name}' for c in frame.components)})")
    return None


def _year(table: Table, rows: list[list[Cell]], findings: Findings) -> int | None:
    texts = table.titles + [_text(r, table, "fecha_programada") for r in rows]
    said = Counter(int(y) for t in texts for y in re.findall(r"(?i)vigencia\s+(\d{4})", t))
    if not said:
        said = Counter(int(y) for t in table.titles for y in re.findall(r"\b(20\d\d)\b", t))
    if said:
        return said.most_common(1)[0][0]
    findings.error("", "no se encontró la vigencia en el título ni en «Fecha programada» "
                       "(«Vigencia 2023»): indíquela con --vigencia")
    return None


@dataclass
class _PlanReader:
    """Walks the rows of a plan matrix, keeping the component and subcomponent in force."""

    table: Table
    frame: Frame
    findings: Findings
    comp_key: str | None
    sub_key: str | None
    fixed: int | None
    fixed_name: str = ""
    components: list[_Comp] = field(default_factory=list)
    by_text: dict[str, _Comp] = field(default_factory=dict)
    current: _Comp | None = None
    sub: _Sub | None = None
    last_sub_text: str = ""
    rows: list[list[Cell]] = field(default_factory=list)

    def start(self) -> None:
        if self.comp_key is None and self.fixed is not None:
            self.current = _Comp(self.fixed, _component_name(self.fixed, self.fixed_name,
                                                             self.frame)
                                 or f"Componente {self.fixed}")
            self.components.append(self.current)

    def read(self) -> bool:
        """Every row; False when an error stops the import."""
        self.start()
        blank: list[Cell] | None = None
        for _, row in self.table.rows:
            texts = [c for c in row if c.text]
            if not texts:
                blank = blank or row
                continue
            if blank is not None:
                self.findings.warn(blank[0].ref, "fila vacía dentro de la tabla")
                blank = None
            if not self.row(row, texts):
                return False
        return True

    def row(self, row: list[Cell], texts: list[Cell]) -> bool:
        has_activity = bool(_text(row, self.table, "actividad"))
        title_row = is_title_row(texts) or (len(texts) == 1 and not has_activity)
        if is_total_row(texts):
            self.findings.warn(texts[0].ref, f"fila de total («{texts[0].text[:40]}»): un plan "
                                             "no lleva totales; no se importa")
            return True
        if title_row or not has_activity:
            first = texts[0]
            if title_row and self.comp_key is None and self.fixed is None:
                found = _component_of(first.text, first.ref, self.frame, self.findings)
                if found:
                    self.current = _Comp(*found)
                    self.components.append(self.current)
                    self.sub, self.last_sub_text = None, ""
            else:
                self.findings.warn(first.ref, f"fila con texto pero sin actividad "
                                              f"(«{first.text[:40]}»): no se importa")
            return True
        self.rows.append(row)
        if self.comp_key is not None:
            self.component_column(row)
        if self.current is None:
            self.findings.error(row[0].ref, "la matriz no dice de qué componente es esta "
                                            "actividad: indíquelo con --componente N")
            return False
        sub_cell = _get(row, self.table, self.sub_key) if self.sub_key else None
        sub_text = (sub_cell.text if sub_cell is not None else "") or self.last_sub_text
        if self.sub is None or sub_text != self.last_sub_text:
            number, name = split_number(sub_text) if sub_text else (None, "")
            if not name:
                self.findings.error(row[0].ref, "esta actividad no tiene subcomponente")
                return True
            self.sub = _Sub(int(number) if number and number.isdigit() else None, name,
                            sub_cell.ref if sub_cell else row[0].ref)
            self.current.subs.append(self.sub)
        self.last_sub_text = sub_text
        self.sub.activities.append(_activity(row, self.table, self.findings))
        return True

    def component_column(self, row: list[Cell]) -> None:
        assert self.comp_key is not None
        cell = _get(row, self.table, self.comp_key)
        if cell is None or not cell.text:
            return
        if cell.text not in self.by_text:
            found = _component_of(cell.text, cell.ref, self.frame, self.findings)
            if found is None:
                return
            known = next((c for c in self.components if c.number == found[0]), None)
            self.by_text[cell.text] = known or _Comp(*found)
            if known is None:
                self.components.append(self.by_text[cell.text])
        if self.by_text[cell.text] is not self.current:
            self.current, self.sub, self.last_sub_text = self.by_text[cell.text], None, ""


def plan_data(sheet: Sheet, frame: Frame, findings: Findings, *, year: int | None = None,
              component: int | None = None, source: str = "",
              ignore: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """The plan in the matrix as YAML-ready data, or None when an error stops it."""
    table = find_table(sheet, PLAN_COLUMNS, findings, ignore)
    if findings.errors:
        return None
    has_sub = "subcomponente" in table.columns
    has_comp = "componente" in table.columns
    header = sheet.rows[table.header_row]
    titled = None if has_comp and has_sub else _title_component(table.titles, sheet.name)
    if titled is not None and component is not None and component != titled[0]:
        findings.warn(f"{sheet.name}!A1", f"el título dice componente {titled[0]} y se usa "
                                          f"--componente {component}")
    elif titled is not None:
        component = titled[0]
    if has_comp and not has_sub and component is None:
        findings.error(header[table.columns["componente"]].ref,
                       "la matriz tiene «Componentes» pero no «Subcomponente»: si son los "
                       "subcomponentes de un componente del plan (como en un plan de atención "
                       "al ciudadano), indique cuál con --componente N")
        return None
    if has_comp and has_sub and component is not None:
        findings.warn(header[table.columns["componente"]].ref,
                      "la matriz dice el componente de cada fila: --componente no se usa")
    # Pereira's shape: its «componentes» are the subcomponents of one component of the plan
    reader = _PlanReader(table, frame, findings,
                         comp_key="componente" if has_comp and has_sub else None,
                         sub_key="subcomponente" if has_sub else (
                             "componente" if has_comp else None),
                         fixed=component if not (has_comp and has_sub) else None,
                         fixed_name=titled[1] if titled and titled[0] == component else "")
    if not reader.read() or findings.errors:
        return None
    years = target_years(table)
    vigencia = year or (years[0] if years else _year(table, reader.rows, findings))
    if vigencia is None:
        return None
    data: dict[str, Any] = {"vigencia": vigencia}
    if len(years) > 1:
        data["vigencia_hasta"] = years[-1]
    # the plan's name, not the entity's or the format's lines above it
    named = [t for t in table.titles if not re.match(r"(?i)(marco\s*:|vigencias?\s+\d{4})", t)
             and component_named(t) is None]
    title = next((t for t in named if re.search(r"\b(plan|programa)\b", normal(t))),
                 named[0] if named else None)
    if title:
        data["titulo"] = title
    if source:
        data["fuente"] = source
    frame_line = next((t for t in table.titles if re.match(r"(?i)marco\s*:", t)), None)
    if frame_line:
        data["marco"] = frame_line.split(":", 1)[1].strip()
    data["componentes"] = [_component_data(c, findings) for c in reader.components]
    return data


def _activity(row: list[Cell], table: Table, findings: Findings) -> dict[str, Any]:
    number_text = _text(row, table, "numero")
    activity_cell = _get(row, table, "actividad")
    assert activity_cell is not None
    number, description = split_number(activity_cell.text)
    if number_text:
        number = number_text.rstrip(".")
        description = activity_cell.text
    item: dict[str, Any] = {"_ref": activity_cell.ref, "_number": number,
                            "actividad": description}
    for key in ("meta_producto",):
        if _text(row, table, key):
            item[key] = _text(row, table, key)
    target_cell = _get(row, table, "meta_anual")
    if target_cell is not None:
        target = cell_number(target_cell, findings, "meta anual")
        if target is not None:
            item["meta_anual"] = target
    item.update(_year_targets(row, table, findings))
    for key in ("indicador", "responsable", "fecha_programada", "herramientas"):
        text = _text(row, table, key)
        if text:
            item[key] = [p.strip() for p in text.split(";") if p.strip()] \
                if key == "responsable" and ";" in text else text
    rhythm = normal(_text(row, table, "ritmo"))
    if rhythm:
        item["ritmo"] = rhythm
    weight_cell = _get(row, table, "peso")
    if weight_cell is not None and weight_cell.text:
        weight = cell_number(weight_cell, findings, "peso")
        if weight is not None:
            item["peso"] = weight
    return item


def _year_targets(row: list[Cell], table: Table, findings: Findings) -> dict[str, Any]:
    """A programme's targets by vigencia: «meta_anual» when every vigencia has the same,
    else «metas» with the vigencias that have one."""
    years = target_years(table)
    if not years:
        return {}
    targets = {}
    for year in years:
        cell = _get(row, table, f"{YEAR_TARGET}{year}")
        value = cell_number(cell, findings, f"meta {year}") if cell is not None else None
        if value is not None:
            targets[year] = value
    if not targets:
        return {}
    if len(targets) == len(years) and len(set(targets.values())) == 1:
        return {"meta_anual": targets[years[0]]}
    return {"metas": targets}


def _component_data(component: _Comp, findings: Findings) -> dict[str, Any]:
    subs = []
    for position, sub in enumerate(component.subs, start=1):
        numbers = [a["_number"] for a in sub.activities if a["_number"]]
        number = sub.number
        if number is None and numbers and all(n.split(".")[0] == numbers[0].split(".")[0]
                                               for n in numbers):
            number = int(numbers[0].split(".")[0])
        number = number or position
        subs.append({"numero": number, "nombre": sub.name,
                     "actividades": _nest(sub, number, findings)})
    return {"numero": component.number, "nombre": component.name, "subcomponentes": subs}


def _nest(sub: _Sub, number: int, findings: Findings) -> list[dict[str, Any]]:
    """Ids for every activity (by order where the matrix has none, said once per
    subcomponent), and sub-activities (5.2.1) under their parent (5.2)."""
    top: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    unnumbered = []
    for position, activity in enumerate(sub.activities, start=1):
        ref, given = activity.pop("_ref"), activity.pop("_number")
        if given is None:
            given = f"{number}.{position}"
            unnumbered.append((ref, given))
        elif "." not in given:
            given = f"{number}.{given}"
            unnumbered.append((ref, given))
        parent = given.rpartition(".")[0]
        item = {"id": given, **activity}
        if given.count(".") >= 2 and parent in by_id:
            by_id[parent].setdefault("subactividades", []).append(item)
        else:
            top.append(item)
        by_id[given] = item
    if unnumbered:
        ids = ", ".join(i for _, i in unnumbered)
        findings.warn(unnumbered[0][0], f"{len(unnumbered)} actividad"
                                        f"{'es' if len(unnumbered) != 1 else ''} de «{sub.name}» "
                                        f"sin número (o solo con su orden): se numeraron {ids}")
    return top


# --- follow-ups ------------------------------------------------------------------------------

_RATIO = re.compile(r"^\s*([\d.,]+)\s*/\s*([\d.,]+)\s*=?\s*([\d.,]+)?\s*%?\s*$")
_PERCENT = re.compile(r"^\s*([\d.,]+)\s*%?\s*(\(asignado\))?\s*$")


COMPARED = 200
"""Characters of a text compared when matching a row to an activity: enough to tell two
activities apart, and a thousand rows of long texts still match in a moment."""


@dataclass(frozen=True)
class _Candidate:
    component: Any
    activity: Any
    text: str
    """The description, normalized and cut to `COMPARED` characters."""
    words: frozenset[str]


def _candidate(component: Any, activity: Any) -> _Candidate:
    text = normal(activity.description)[:COMPARED]
    return _Candidate(component, activity, text, frozenset(text.split()))


def _candidates(plan: Plan, component: int | None) -> list[_Candidate]:
    return [_candidate(c, a) for c in plan.components
            if component is None or c.number == component for _, a in iter_activities(c)]


def _likeness(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _match(text: str, number: str | None, candidates: list[_Candidate],
           used: set[int]) -> _Candidate | None:
    """The plan activity a matrix row is about: by its number when the text agrees (the
    same action may appear twice), else by its text. Texts are compared by their words
    first (cheap), and character by character only with the closest few: a thousand rows
    of long texts still match in a moment."""
    wanted = normal(text)[:COMPARED]
    words = frozenset(wanted.split())
    free = [c for c in candidates if id(c.activity) not in used]
    for candidate in free:
        if number == candidate.activity.id and difflib.SequenceMatcher(
                None, wanted, candidate.text).ratio() >= 0.6:
            return candidate
    exact = next((c for c in free if c.text == wanted), None)
    if exact is not None:
        return exact
    closest = sorted(free, key=lambda c: _likeness(words, c.words), reverse=True)[:3]
    texts = {c.text: c for c in closest}
    close = difflib.get_close_matches(wanted, list(texts), n=1, cutoff=0.75)
    return texts[close[0]] if close else None


def _progress(cell: Cell, activity: Any, observations: str,
              findings: Findings) -> dict[str, Any] | None:
    """What a «% Avance» cell says: «logro/meta = %» (checked against the plan), or the
    evaluator's % with the observations as its justification, or «sin avance»."""
    from pac_cli.compute.engine import HUNDRED, quantize

    raw = cell.text
    ratio = _RATIO.match(raw) if isinstance(cell.value, str) else None
    if ratio:
        achieved, target = parse_number(ratio[1]), parse_number(ratio[2])
        if isinstance(achieved, str) or isinstance(target, str):
            findings.error(cell.ref, f"«{raw}» no es «logro/meta = %»")
            return None
        if activity.annual_target is not None and target != activity.annual_target:
            findings.warn(cell.ref, f"la matriz divide por {target} y la meta anual del plan "
                                    f"es {activity.annual_target}")
        written = parse_number(ratio[3]) if ratio[3] else None
        if isinstance(written, Decimal) and activity.annual_target:
            computed = quantize(min(achieved * HUNDRED / activity.annual_target, HUNDRED),
                                "truncar", 2)
            if written != computed:
                findings.warn(cell.ref, f"la matriz dice {ratio[3]} % y {achieved}/"
                                        f"{activity.annual_target} da {es_co.fixed(computed)} %")
        return {"logro": achieved, **({"observaciones": observations} if observations else {})}
    if re.search(r"\(sin avance\)", raw):
        return {"sin_avance": True, **({"observaciones": observations} if observations else {})}
    if not raw:
        findings.error(cell.ref, f"la actividad {activity.id} no tiene avance")
        return None
    value = _percent_of(cell)
    if isinstance(value, str):
        findings.error(cell.ref, value)
        return None
    if activity.annual_target is not None:
        findings.error(cell.ref, f"la actividad {activity.id} tiene meta anual: la matriz "
                                 "necesita su logro, en una columna «Logro» o como «logro/meta» "
                                 f"en «% Avance» (se encontró «{cell.shown}»)")
        return None
    if not observations:
        findings.error(cell.ref, "un porcentaje asignado necesita su justificación en "
                                 "«Observaciones»")
        return None
    return {"porcentaje": value, "justificacion": observations}


def _heading_component(text: str, plan: Plan) -> int | None:
    """The component a title row of a follow-up matrix names: «Componente 4: …», or «4. …»
    followed by that component's name in the plan."""
    named = component_named(text)
    if named is not None:
        return named[0]
    match = _COMPONENT.match(text.strip())
    if match is None:
        return None
    listed = next((c for c in plan.components if c.number == int(match[1])), None)
    return listed.number if listed and normal(listed.name) == normal(match[2]) else None


def _followup_row(row: list[Cell], activity_cell: Cell, table: Table,
                  pool: list[_Candidate], used: set[int], plan: Plan,
                  findings: Findings) -> tuple[int, dict[str, Any]] | None:
    """The component and the progress entry of one row of a follow-up matrix."""
    number, text = split_number(activity_cell.text)
    number = _text(row, table, "numero").rstrip(".") or number
    found = _match(text, number, pool, used)
    if found is None:
        findings.error(activity_cell.ref, f"la actividad «{text[:50]}» no está en el plan de "
                                          f"la vigencia {plan.year}")
        return None
    activity = found.activity
    used.add(id(activity))
    if number and number != activity.id:
        findings.warn(activity_cell.ref, f"la matriz la numera {number}; en el plan es la "
                                         f"{activity.id} (se usa la del plan)")
    observations = _text(row, table, "observaciones")
    achieved = _get(row, table, "logro")
    progress_cell = _get(row, table, "avance")
    if achieved is not None and (achieved.value is not None or achieved.formula is not None) \
            and activity.annual_target is not None:
        entry = _achievement(row, table, achieved, activity, observations, findings)
    elif progress_cell is not None:
        entry = _progress(progress_cell, activity, observations, findings)
    else:
        findings.error(activity_cell.ref, f"la actividad {activity.id} no tiene logro")
        entry = None
    return None if entry is None else (found.component.number,
                                       {"actividad": activity.id, **entry})


def _achievement(row: list[Cell], table: Table, cell: Cell, activity: Any, observations: str,
                 findings: Findings) -> dict[str, Any] | None:
    """A tracking matrix's «Logro» (with «Meta» beside it): the achievement pac divides by
    the plan's target; the sheet's «Meta» and «% Avance», as the sheet shows them, are
    checked against it and a difference is said with both values."""
    from pac_cli.compute.engine import HUNDRED, quantize

    achieved = cell_number(cell, findings, "logro")
    if achieved is None:
        return None
    target = activity.annual_target
    target_cell = _get(row, table, "meta_anual")
    written = cell_number(target_cell, findings, "meta") if target_cell is not None else None
    if written is not None and written != target:
        assert target_cell is not None
        findings.warn(target_cell.ref, f"la matriz tiene meta {target_cell.shown} y el plan "
                                       f"{es_co.number(target)}: pac divide por la del plan")
    shown = _get(row, table, "avance")
    percent = _percent_of(shown) if shown is not None and shown.value is not None else None
    if shown is not None and isinstance(percent, Decimal):
        exact = min(achieved * HUNDRED / target, HUNDRED)
        decimals = shown.decimals if shown.decimals is not None else 2
        if abs(percent - exact) > Decimal(1).scaleb(-decimals) / 2:
            figure = es_co.percent(quantize(exact, "truncar", 2))
            findings.warn(shown.ref, f"la matriz dice {shown.shown} y {es_co.number(achieved)}/"
                                     f"{es_co.number(target)} da {figure}: pac calcula "
                                     "logro/meta")
    return {"logro": achieved, **({"observaciones": observations} if observations else {})}


def _percent_of(cell: Cell) -> Decimal | str:
    """The percentage a «% Avance» cell shows (0,3 formatted as a percentage is 30), or why
    it is not one."""
    from pac_cli.compute.engine import HUNDRED

    if isinstance(cell.value, Decimal):
        return cell.value * (HUNDRED if cell.percent else 1)
    match = _PERCENT.match(cell.text)
    return parse_number(match[1]) if match else f"«{cell.shown}» no es un porcentaje"


def followup_data(sheet: Sheet, plan: Plan, cutoff: dt.date, findings: Findings, *,
                  component: int | None = None, frame: str | None = None,
                  ignore: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """The follow-up in a Control Interno matrix (shaped like the acta's evaluation table):
    title rows name the component of the rows below them; TOTAL and Promedio rows are
    skipped with a note, since pac computes those figures from the rows."""
    table = find_table(sheet, FOLLOWUP_COLUMNS, findings, ignore)
    if findings.errors:
        return None
    if "avance" not in table.columns and "logro" not in table.columns:
        findings.error(sheet.rows[table.header_row][0].ref,
                       "la matriz no tiene la columna «% Avance» ni la de «Logro»")
        return None
    candidates = _candidates(plan, component)
    used: set[int] = set()
    sections: dict[int, list[dict[str, Any]]] = {}
    titled = _title_component(table.titles, sheet.name)
    current = component or (titled[0] if titled else None)
    for _, row in table.rows:
        texts = [c for c in row if c.text]
        activity_cell = _get(row, table, "actividad")
        if is_total_row(texts):
            findings.warn(texts[0].ref, f"fila de total («{' '.join(c.text for c in texts)[:60]}»):"
                                        " no se importa; pac calcula el total de las filas "
                                        "(pac followup)")
            continue
        heading = _heading_component(texts[0].text, plan) if is_title_row(texts) else None
        if heading is not None:
            current = heading
            continue
        if activity_cell is None or not activity_cell.text:
            if texts:
                findings.warn(texts[0].ref, f"fila con texto pero sin actividad "
                                            f"(«{texts[0].text[:40]}»): no se importa")
            continue
        in_column = _COMPONENT.match(_text(row, table, "componente"))
        wanted = int(in_column[1]) if in_column and in_column[1] else current
        pool = [c for c in candidates if wanted is None or c.component.number == wanted]
        read = _followup_row(row, activity_cell, table, pool, used, plan, findings)
        if read is not None:
            sections.setdefault(read[0], []).append(read[1])
    if findings.errors:
        return None
    data: dict[str, Any] = {"vigencia": plan.year}
    if frame is not None:
        data["marco"] = frame
    data["corte"] = cutoff
    if len(sections) == 1:
        (only, entries), = sections.items()
        data["componente"] = only
        data["avances"] = entries
    else:
        data["componentes"] = [{"numero": n, "avances": e} for n, e in sorted(sections.items())]
    return data
