"""Reading the spreadsheets entities keep today: .xlsx, .ods and .csv, as rows of cells.

Every cell keeps its reference (`Hoja1!E14`) so that what the importer cannot use is
reported where the user will look for it. Merged cells are filled with their value (a
subcomponent written once over many rows); a CSV may be `;` or `,`, UTF-8 (with or without
BOM) or Windows-1252, as Excel saves it in Spanish.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pac_cli.errors import ReadError

MAX_BYTES = 20 * 1024 * 1024
MAX_CELLS = 200_000


@dataclass(frozen=True)
class Cell:
    """One cell: its value (text, number or nothing) and where it is."""

    value: str | Decimal | None
    ref: str
    formula: str | None = None
    """The formula of a cell whose value the file does not store (never computed by pac)."""
    percent: bool = False
    """A number shown as a percentage (0,7894 shown as 78,94 %)."""

    @property
    def text(self) -> str:
        """The value as text, trimmed; empty for an empty cell."""
        if self.value is None:
            return ""
        return self.value.strip() if isinstance(self.value, str) else str(self.value)


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


def _number(value: float | int) -> Decimal:
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The first sheet (or `sheet`) of an .xlsx or .ods file, or a .csv file."""
    if not path.is_file():
        raise ReadError("no existe o no es un archivo", path=path)
    if path.stat().st_size > MAX_BYTES:
        raise ReadError(f"pesa más de {MAX_BYTES // 1024 // 1024} MB", path=path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, sheet)
    if suffix == ".ods":
        return _read_ods(path, sheet)
    raise ReadError("no es una hoja de cálculo que pac lea (.xlsx, .ods o .csv)", path=path)


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ReadError("no es un archivo de texto (tiene bytes nulos)", path=path)
    sample = text[:20_000]
    # Excel in Spanish saves «;»; elsewhere «,»: the one that splits the most lines wins
    delimiter = max(";,", key=lambda d: sum(line.count(d) for line in sample.splitlines()[:50]))
    name = path.stem
    rows = []
    for r, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
        rows.append([Cell(v if v.strip() else None, f"{name}!{column_letter(c)}{r + 1}")
                     for c, v in enumerate(values)])
        if len(rows) * max(len(values), 1) > MAX_CELLS:
            raise ReadError(f"tiene más de {MAX_CELLS} celdas", path=path)
    # a CSV has no merged cells: nothing to fill
    return Sheet(name, rows)


def _read_xlsx(path: Path, sheet: str | None) -> Sheet:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ReadError(f"no es un libro de Excel válido ({exc})", path=path) from None
    names = values.sheetnames
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
            if isinstance(value, bool):
                cell_value = str(value)
            elif isinstance(value, int | float):
                cell_value = _number(value)
            elif value is None:
                cell_value = None
            else:
                cell_value = str(value) if str(value).strip() else None
            row.append(Cell(cell_value, f"{name}!{column_letter(c - 1)}{r}",
                            str(formula) if is_formula and cell_value is None else None,
                            "%" in str(source.number_format)))
        rows.append(row)
    return Sheet(name, rows)


def _read_ods(path: Path, sheet: str | None) -> Sheet:
    import zipfile
    from xml.parsers.expat import ExpatError

    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table

    try:
        document = load(str(path))
    except (zipfile.BadZipFile, KeyError, ExpatError, OSError, ValueError) as exc:
        raise ReadError(f"no es una hoja de cálculo .ods válida ({exc})", path=path) from None
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
    r = 0
    for row in table.getElementsByType(TableRow):
        for _ in range(min(int(row.getAttribute("numberrowsrepeated") or 1), 1000)):
            c = 0
            cells = [n for n in row.childNodes
                     if n.qname[1] in {"table-cell", "covered-table-cell"}]
            for cell in cells:
                for _ in range(min(int(cell.getAttribute("numbercolumnsrepeated") or 1), 1000)):
                    if cell.qname[1] == "table-cell":  # odfpy's elements are not classes
                        value = _ods_value(cell, teletype)
                        if value is not None:
                            grid[(r, c)] = Cell(value, f"{name}!{column_letter(c)}{r + 1}", None,
                                                cell.getAttribute("valuetype") == "percentage")
                        height = int(cell.getAttribute("numberrowsspanned") or 1)
                        width = int(cell.getAttribute("numbercolumnsspanned") or 1)
                        if height > 1 or width > 1:
                            spans.append((r, c, height, width))
                    c += 1
                    if len(grid) > MAX_CELLS or c > 16_384:
                        raise ReadError(f"la hoja «{name}» es demasiado grande", path=path)
            r += 1
    for top, left, height, width in spans:
        source = grid.get((top, left))
        for dr in range(height):
            for dc in range(width):
                if source is not None and (dr or dc):
                    grid[(top + dr, left + dc)] = Cell(
                        source.value, f"{name}!{column_letter(left + dc)}{top + dr + 1}",
                        None, source.percent)
    return grid


def _ods_value(cell: object, teletype: object) -> str | Decimal | None:
    kind = cell.getAttribute("valuetype")  # type: ignore[attr-defined]
    if kind in {"float", "percentage", "currency"}:
        return _number(float(cell.getAttribute("value")))  # type: ignore[attr-defined]
    from odf.text import P

    paragraphs = [teletype.extractText(p)  # type: ignore[attr-defined]
                  for p in cell.getElementsByType(P)]  # type: ignore[attr-defined]
    text = "\n".join(paragraphs)
    return text if text.strip() else None
