"""Rows tall enough for their wrapped text, measured with the font the workbooks name.

Every workbook pac writes names Arial: Windows and macOS have it, and Linux gives its
metric-compatible twin, Liberation Sans, for that name. The widths of its characters
(`arial-widths.json`, made by `tools/make_font_widths.py`) tell where Excel or LibreOffice
will break each line, so a row is as tall as its lines and no text prints over the next
row. A spreadsheet does not size a row by itself when it opens a file that gives the
height, and guesses wrong for a file that does not.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

FONT = "Arial"
SIZE = 10.0
"""The body's size in points (the title and the provenance line set their own)."""
_DATA = Path(__file__).resolve().parent / "arial-widths.json"
_AVERAGE = 556
"""A character the table lacks is taken as wide as a digit (in thousandths of an em)."""
DIGIT_PIXELS = 7
"""A column's width is counted in digits of the default font, 7 pixels at 96 dpi."""
PADDING = 5.0
"""Points inside a cell that text does not use (left and right, with a margin for the
renderers' rounding)."""
LINE = 1.25
"""A line's height, in ems (Arial's ascent and descent are 1.15 em)."""
ROW_PADDING = 3.0
MAX_ROW = 409.0
"""The tallest row a spreadsheet accepts, in points."""


@functools.cache
def _widths(bold: bool) -> dict[int, int]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return {int(code, 16): width for code, width in data["negrilla" if bold else "normal"].items()}


def text_width(text: str, *, size: float = SIZE, bold: bool = False) -> float:
    """The width of `text` on one line, in points."""
    table = _widths(bold)
    return sum(table.get(ord(ch), _AVERAGE) for ch in text) * size / 1000


def column_points(width: float) -> float:
    """What a column `width` characters wide measures, in points (Excel's rule: the digits'
    pixels plus 5 of margin, at 96 pixels an inch)."""
    return (int(width * DIGIT_PIXELS + 0.5) + 5) * 0.75


def lines(text: str, width: float, *, size: float = SIZE, bold: bool = False) -> int:
    """How many lines `text` takes when wrapped in a column `width` characters wide:
    words go whole to the next line; a word longer than the line is cut where it ends."""
    room = column_points(width) - PADDING
    space = text_width(" ", size=size, bold=bold)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0.0
        for word in paragraph.split():
            wide = text_width(word, size=size, bold=bold)
            if used and used + space + wide <= room:
                used += space + wide
                continue
            if used:
                count += 1
            while wide > room:  # the spreadsheet cuts the word where the line ends
                count += 1
                wide -= room
            used = wide
    return max(count, 1)


def row_height(cells: Iterable[tuple[str, float, float, bool]]) -> float:
    """The height in points of a row whose wrapped cells are (text, column width, size,
    bold): the tallest of them."""
    tallest = SIZE * LINE
    for text, width, size, bold in cells:
        tallest = max(tallest, lines(text, width, size=size, bold=bold) * size * LINE)
    return min(tallest + ROW_PADDING, MAX_ROW)


def fit_rows(ws: Any, first: int, last: int, widths: Sequence[float]) -> None:
    """Give each row from `first` to `last` the height of its wrapped text (rows already
    sized, like a merged sentence, keep theirs). A cell merged over several rows counts
    its text against the rows it covers: the last of them grows if they are too short."""
    merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    covered = {(r, c) for m in merged.values() for r in range(m.min_row, m.max_row + 1)
               for c in range(m.min_col, m.max_col + 1)} - set(merged)
    spans = []
    for row in range(first, last + 1):
        if ws.row_dimensions[row].height is not None:
            continue
        cells = []
        for column, width in enumerate(widths, start=1):
            cell = ws.cell(row, column)
            if (row, column) in covered or not _wrapped_text(cell):
                continue
            span = merged.get((row, column))
            if span is not None and span.max_row > row:
                spans.append((span, cell))
                continue
            # merged across columns: the text has their width
            cells.append(_measured(cell, width if span is None else _span_width(span, widths)))
        ws.row_dimensions[row].height = row_height(cells)
    for span, cell in spans:
        need = row_height([_measured(cell, _span_width(span, widths))])
        rows = range(span.min_row, span.max_row + 1)
        have = sum(ws.row_dimensions[r].height or SIZE * LINE + ROW_PADDING for r in rows)
        if need > have:
            end = ws.row_dimensions[span.max_row]
            end.height = min((end.height or 0) + need - have, MAX_ROW)


def _span_width(span: Any, widths: Sequence[float]) -> float:
    return sum(widths[c - 1] for c in range(span.min_col, span.max_col + 1) if c <= len(widths))


def _wrapped_text(cell: Any) -> bool:
    return isinstance(cell.value, str) and bool(cell.value) and bool(cell.alignment.wrap_text)


def _measured(cell: Any, width: float) -> tuple[str, float, float, bool]:
    font = cell.font
    return (str(cell.value), width, float(font.sz or SIZE), bool(font.b))


PRINT_SCALE = 85
"""Workbooks print at 85 %: the body's 10 pt reads 8,5 pt on paper. A table wider than
the page goes on over several pages (across, then down) with its header row repeated,
rather than shrunk to one page's width (4 to 6 pt)."""
LETTER_LANDSCAPE = (11 - 2 * 0.4) * 72
"""The printable width of letter landscape with 0,4 in margins, in points."""


def points(width: float) -> float:
    """An Excel column width (characters) in points on paper at 100 %, as LibreOffice prints
    it: 7 points a character (measured: at 85 % on letter landscape, 120 characters of
    columns fit a page and 130 do not, in widths of 5, 10 and 20). Excel's Calibri is
    narrower, so a page that fits in LibreOffice fits in Excel."""
    return width * 7


def column_breaks(widths: Sequence[float]) -> list[int]:
    """Where a table's columns go on to the next page across (the last column of each page,
    1-based): as many whole columns as fit at `PRINT_SCALE`."""
    room = LETTER_LANDSCAPE * 100 / PRINT_SCALE * 0.97  # a margin for the fonts' metrics
    breaks: list[int] = []
    used = 0.0
    for column, width in enumerate(widths, start=1):
        if used + points(width) > room and used > 0:
            breaks.append(column - 1)
            used = 0.0
        used += points(width)
    return breaks


def print_on_letter(ws: Any, head: int, widths: Sequence[float]) -> None:
    """Letter landscape at `PRINT_SCALE`, over then down, the header row on every page, a
    page break after the last column that fits each page across."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.pagebreak import Break
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_LETTER
    ws.page_setup.scale = PRINT_SCALE
    ws.page_setup.pageOrder = "overThenDown"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.7, header=0.3,
                                  footer=0.3)
    ws.print_title_rows = f"{head}:{head}"
    for column in column_breaks(widths):
        ws.col_breaks.append(Break(id=column))
