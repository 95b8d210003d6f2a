"""Reading the spreadsheets entities keep today: .xlsx, .ods and .csv, as rows of cells.

Every cell keeps its reference (`Hoja1!E14`) so that what the importer cannot use is
reported where the user will look for it. Merged cells are filled with their value (a
subcomponent written once over many rows); a CSV may be `;` or `,`, UTF-8 (with or without
BOM) or Windows-1252, as Excel saves it in Spanish.

A spreadsheet is hostile until checked, as a YAML file is: before a parser sees it, its
archive is measured (the uncompressed size, the number of parts, no DTD in any XML part,
merged or repeated areas within the cell limit), and whatever a parser still raises on a
broken file is one Spanish line naming the file, never a traceback.
"""

from __future__ import annotations

import csv
import io
import re
import stat
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pac_cli.errors import ReadError, os_reason

MAX_BYTES = 20 * 1024 * 1024
"""A spreadsheet file, as stored."""
MAX_UNZIPPED = 50 * 1024 * 1024
"""The parts of an .xlsx or .ods archive, uncompressed, together."""
MAX_PARTS = 2_000
MAX_CELLS = 200_000
"""Cells of a sheet (a merged or repeated area counts every cell it covers)."""
MAX_COLUMNS = 16_384
MAX_TEXT = 32_767
"""Characters in a cell: Excel's own limit."""
MAX_DIGITS = 40
"""Digits of a number in a cell: past any figure of a plan (the plan's limits say so)."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (OWASP's CSV injection): pac
writes such a text with a leading «'», as Excel does, and reads it back without it."""


@dataclass(frozen=True)
class Cell:
    """One cell: its value (text, number or nothing) and where it is."""

    value: str | Decimal | None
    ref: str
    formula: str | None = None
    """The formula of a cell whose value the file does not store (never computed by pac)."""
    percent: bool = False
    """A number shown as a percentage (0,7894 shown as 78,94 %)."""
    decimals: int | None = None
    """The decimals the cell's number format shows (None: as many as the number has)."""

    @property
    def text(self) -> str:
        """The value as text, trimmed; empty for an empty cell."""
        if self.value is None:
            return ""
        return self.value.strip() if isinstance(self.value, str) else str(self.value)

    @property
    def shown(self) -> str:
        """The value as the sheet shows it (30,00 %, 15.000), for a message to quote."""
        from pac_cli import es_co

        if not isinstance(self.value, Decimal):
            return self.text
        if self.percent:
            return es_co.percent(self.value * 100, 2 if self.decimals is None
                                 else self.decimals)
        if self.decimals is not None:
            return es_co.fixed(self.value, self.decimals)
        return es_co.number(self.value)


def format_decimals(number_format: str) -> int | None:
    """The decimals an Excel number format shows: «0.00%» 2, «#,##0» 0, «General» None."""
    if "0" not in number_format:
        return None
    match = re.search(r"0\.(0+)", number_format)
    return len(match[1]) if match else 0


@dataclass
class Sheet:
    """The rows of one sheet (or of a CSV file)."""

    name: str
    rows: list[list[Cell]] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _CellError(Exception):
    """A cell pac cannot read: its reference and why."""

    def __init__(self, ref: str, message: str) -> None:
        super().__init__(message)
        self.ref, self.message = ref, message


def _number(value: float | int | str, ref: str) -> Decimal:
    """A number of a cell, checked before it is converted: finite, of a sane length."""
    text = repr(value) if isinstance(value, float) else str(value)
    digits = sum(ch.isdigit() for ch in text.partition("e")[0].partition("E")[0])
    if digits > MAX_DIGITS:
        raise _CellError(ref, f"tiene un número de {digits} cifras; una cifra de un plan va "
                              "hasta 1.000.000.000.000")
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise _CellError(ref, f"«{text[:20]}» no es un número") from None
    if not number.is_finite() or abs(number.adjusted()) > MAX_DIGITS:
        raise _CellError(ref, "tiene un número infinito, indefinido o fuera de escala")
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def _text(value: str, ref: str) -> str | None:
    if len(value) > MAX_TEXT:
        raise _CellError(ref, f"tiene {len(value)} caracteres; una celda tiene a lo sumo "
                              f"{MAX_TEXT}")
    return value if value.strip() else None


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The first sheet (or `sheet`) of an .xlsx or .ods file, or a .csv file."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ReadError(os_reason(exc), path=path) from None
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("no es un archivo regular (¿una carpeta, un dispositivo o una "
                        "tubería?)", path=path)
    if info.st_size > MAX_BYTES:
        raise ReadError(f"pesa más de {MAX_BYTES // 1024 // 1024} MB", path=path)
    suffix = path.suffix.lower()
    readers = {".csv": _read_csv, ".xlsx": _read_xlsx, ".xlsm": _read_xlsx, ".ods": _read_ods}
    if suffix not in readers:
        raise ReadError("no es una hoja de cálculo que pac lea (.xlsx, .ods o .csv)", path=path)
    try:
        return readers[suffix](path, sheet)
    except _CellError as exc:
        raise ReadError(f"{exc.ref}: {exc.message}", path=path) from None
    except ReadError:
        raise
    except MemoryError:
        raise ReadError("no cabe en la memoria: es demasiado grande para una matriz",
                        path=path) from None
    except Exception:  # a parser's own error on a damaged file, in its own words
        raise ReadError(f"no es {_KINDS.get(suffix, _KINDS['.xlsx'])}: su contenido está dañado "
                        "o no es lo que dice su extensión", path=path) from None


_KINDS = {".xlsx": "un libro de Excel válido", ".ods": "una hoja de cálculo .ods válida",
          ".csv": "un archivo CSV válido"}


_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _guard_archive(path: Path) -> zipfile.ZipFile:
    """The archive of an .xlsx or .ods, measured before any parser reads it."""
    kind = _KINDS[".ods" if path.suffix.lower() == ".ods" else ".xlsx"]
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ReadError(f"no es {kind}: no es un archivo comprimido (zip)", path=path) from None
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise ReadError(f"tiene {len(parts)} partes; el de una matriz tiene pocas", path=path)
    total = sum(part.file_size for part in parts)
    if total > MAX_UNZIPPED:
        raise ReadError(f"descomprimido pesaría {total // 1024 // 1024} MB; el máximo es "
                        f"{MAX_UNZIPPED // 1024 // 1024} MB", path=path)
    for part in parts:
        if part.filename.endswith((".xml", ".rels")) and _DTD.search(archive.read(part)):
            raise ReadError(f"su parte {part.filename} declara un DTD (<!DOCTYPE> o <!ENTITY>), "
                            "que pac no lee: guarde el archivo de nuevo desde Excel o "
                            "LibreOffice", path=path)
    return archive


_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index


def _guard_merged(archive: zipfile.ZipFile, path: Path) -> None:
    """Merged areas are filled cell by cell: together they stay within the cell limit."""
    for part in archive.namelist():
        if not part.startswith("xl/worksheets/") or not part.endswith(".xml"):
            continue
        covered = 0
        for match in _MERGE.finditer(archive.read(part)):
            rows = int(match[4]) - int(match[2]) + 1
            columns = _column_index(match[3]) - _column_index(match[1]) + 1
            covered += max(rows, 1) * max(columns, 1)
            if covered > MAX_CELLS:
                raise ReadError(f"sus celdas combinadas cubren más de {MAX_CELLS} celdas "
                                f"({match[0].decode()[16:-1]}…)", path=path)


def _unquoted(value: str) -> str:
    """A CSV cell as written: «'=SUMA(A1)» is the text «=SUMA(A1)»."""
    # (a carriage return is written as a line break: «'» and a line break is one too)
    return value[1:] if value[:1] == "'" and value[1:2] in (*FORMULA_START, "\n") else value


def _read_csv(path: Path, sheet: str | None = None) -> Sheet:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # what Excel in Spanish saves as «CSV (delimitado por comas)»
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: no character
            line = raw[: exc.start].count(b"\n") + 1
            raise ReadError(f"no es texto UTF-8 ni Windows-1252 (el byte 0x{raw[exc.start]:02X} "
                            "no es un carácter en ninguno): guárdelo como «CSV UTF-8» desde "
                            "Excel o LibreOffice", path=path, line=line) from None
    if "\x00" in text:
        raise ReadError("no es un archivo de texto (tiene bytes nulos)", path=path)
    sample = text[:20_000]
    # Excel in Spanish saves «;»; elsewhere «,»: the one that splits the most lines wins
    delimiter = max(";,", key=lambda d: sum(line.count(d) for line in sample.splitlines()[:50]))
    name = path.stem
    rows: list[list[Cell]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise ReadError(f"la fila {reader.line_num} tiene una celda de más de "
                            f"{csv.field_size_limit()} caracteres o mal cerrada",
                            path=path) from None
        r = len(rows)
        cells += len(values)
        if cells > MAX_CELLS or len(values) > MAX_COLUMNS:
            raise ReadError(f"tiene más de {MAX_CELLS} celdas", path=path)
        rows.append([Cell(_text(_unquoted(v), f"{name}!{column_letter(c)}{r + 1}"),
                          f"{name}!{column_letter(c)}{r + 1}") for c, v in enumerate(values)])
    # a CSV has no merged cells: nothing to fill
    return Sheet(name, rows)


def _read_xlsx(path: Path, sheet: str | None) -> Sheet:
    from openpyxl import load_workbook

    with _guard_archive(path) as archive:
        _guard_merged(archive, path)
    values = load_workbook(path, data_only=True)
    formulas = load_workbook(path, data_only=False)
    names = values.sheetnames
    if not names:
        raise ReadError("no tiene hojas", path=path)
    name = sheet if sheet is not None else names[0]
    if name not in names:
        raise ReadError(f"no tiene la hoja «{name}» (tiene: {', '.join(names)})", path=path)
    ws, wf = values[name], formulas[name]
    if ws.max_row * ws.max_column > MAX_CELLS:
        raise ReadError(f"la hoja «{name}» tiene más de {MAX_CELLS} celdas", path=path)
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for area in ws.merged_cells.ranges:
        for r in range(area.min_row, area.max_row + 1):
            for c in range(area.min_col, area.max_col + 1):
                merged[(r, c)] = (area.min_row, area.min_col)
    rows = []
    for r in range(1, ws.max_row + 1):
        row = []
        for c in range(1, ws.max_column + 1):
            at = merged.get((r, c), (r, c))
            source = ws.cell(*at)
            value = source.value
            formula = wf.cell(*at).value
            is_formula = isinstance(formula, str) and formula.startswith("=")
            cell_value: str | Decimal | None
            ref = f"{name}!{column_letter(c - 1)}{r}"
            if isinstance(value, bool):
                cell_value = str(value)
            elif isinstance(value, int | float):
                cell_value = _number(value, ref)
            elif value is None:
                cell_value = None
            else:
                cell_value = _text(str(value), ref)
            row.append(Cell(cell_value, ref,
                            str(formula) if is_formula and cell_value is None else None,
                            "%" in str(source.number_format),
                            format_decimals(str(source.number_format))))
        rows.append(row)
    return Sheet(name, rows)


def _read_ods(path: Path, sheet: str | None) -> Sheet:
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table

    with _guard_archive(path) as archive:
        mimetype = archive.read("mimetype") if "mimetype" in archive.namelist() else b""
    if mimetype.strip() != b"application/vnd.oasis.opendocument.spreadsheet":
        raise ReadError("no es una hoja de cálculo .ods (su tipo dice otra cosa)", path=path)
    document = load(str(path))
    tables = document.spreadsheet.getElementsByType(Table)
    names = [t.getAttribute("name") for t in tables]
    if not tables:
        raise ReadError("no tiene hojas", path=path)
    name = sheet if sheet is not None else names[0]
    if name not in names:
        raise ReadError(f"no tiene la hoja «{name}» (tiene: {', '.join(names)})", path=path)
    grid = _ods_grid(tables[names.index(name)], name, path, teletype)
    last_row = max((k[0] for k in grid), default=-1)
    last_col = max((k[1] for k in grid), default=-1)
    rows = [[grid.get((i, j), Cell(None, f"{name}!{column_letter(j)}{i + 1}"))
             for j in range(last_col + 1)] for i in range(last_row + 1)]
    return Sheet(name, rows)


def _ods_grid(table: Any, name: str, path: Path, teletype: Any) -> dict[tuple[int, int], Cell]:
    """The cells of an ODS table by (row, column), repeated rows and cells expanded and the
    cells a span covers filled with its value."""
    from odf.table import TableRow

    grid: dict[tuple[int, int], Cell] = {}
    spans: list[tuple[int, int, int, int]] = []
    r = visited = 0
    for row in table.getElementsByType(TableRow):
        # a repeated empty row (LibreOffice pads a sheet to a million rows) is one row
        repeat = _count(row, "numberrowsrepeated", f"{name}!A{r + 1}")
        for _ in range(min(repeat, 1000)):
            c = 0
            cells = [n for n in row.childNodes
                     if n.qname[1] in {"table-cell", "covered-table-cell"}]
            for cell in cells:
                ref = f"{name}!{column_letter(c)}{r + 1}"
                across = _count(cell, "numbercolumnsrepeated", ref)
                if cell.qname[1] == "table-cell" and _ods_value(cell, teletype, ref) is None \
                        and not cell.getAttribute("numberrowsspanned") \
                        and not cell.getAttribute("numbercolumnsspanned"):
                    c += across  # empty cells, however many: nothing to keep
                else:
                    for _ in range(min(across, MAX_COLUMNS)):
                        _ods_cell(cell, grid, spans, name, r, c, teletype)
                        c += 1
                visited += 1
                if len(grid) > MAX_CELLS or visited > MAX_CELLS * 4:
                    raise ReadError(f"la hoja «{name}» es demasiado grande", path=path)
            r += 1
    covered = sum(height * width for _, _, height, width in spans)
    if covered > MAX_CELLS:
        raise ReadError(f"sus celdas combinadas cubren más de {MAX_CELLS} celdas", path=path)
    for top, left, height, width in spans:
        source = grid.get((top, left))
        for dr in range(height):
            for dc in range(width):
                if source is not None and (dr or dc):
                    grid[(top + dr, left + dc)] = Cell(
                        source.value, f"{name}!{column_letter(left + dc)}{top + dr + 1}",
                        None, source.percent, source.decimals)
    return grid


def _count(element: Any, attribute: str, ref: str) -> int:
    """A repeat or span count of an ODS element: a whole number, 1 when absent."""
    raw = element.getAttribute(attribute)
    if not raw:
        return 1
    if not str(raw).isdigit() or len(str(raw)) > 8 or int(raw) < 1:
        raise _CellError(ref, f"dice que se repite o combina «{str(raw)[:20]}» veces")
    return int(raw)


def _ods_cell(cell: Any, grid: dict[tuple[int, int], Cell],
              spans: list[tuple[int, int, int, int]], name: str, r: int, c: int,
              teletype: Any) -> None:
    if cell.qname[1] != "table-cell":  # odfpy's elements are not classes
        return
    ref = f"{name}!{column_letter(c)}{r + 1}"
    value = _ods_value(cell, teletype, ref)
    if value is not None:
        grid[(r, c)] = Cell(value, ref, None, cell.getAttribute("valuetype") == "percentage")
    height = _count(cell, "numberrowsspanned", ref)
    width = _count(cell, "numbercolumnsspanned", ref)
    if height > 1 or width > 1:
        spans.append((r, c, height, width))


def _ods_value(cell: Any, teletype: Any, ref: str) -> str | Decimal | None:
    kind = cell.getAttribute("valuetype")
    if kind in {"float", "percentage", "currency"}:
        return _number(str(cell.getAttribute("value")), ref)
    from odf.text import P

    paragraphs = [teletype.extractText(p) for p in cell.getElementsByType(P)]
    return _text("\n".join(paragraphs), ref)
