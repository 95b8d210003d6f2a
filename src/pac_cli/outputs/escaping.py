"""One escaping function per output format, for every text that comes from the data.

html: Jinja's autoescape (every html template is rendered with it). Markdown: `markdown`,
which every Markdown template applies to every value it prints (the environment's
finalize) and every Markdown report applies to every field. CSV: `csv_cell`, in every CSV
writer. A text of the data is shown as the words it is, whatever it holds: a link, an
image, a heading, raw HTML, a formula.
"""

from __future__ import annotations

import re
from typing import Any

from pac_cli.disk.sheet_reader import FORMULA_START

_MARKDOWN = str.maketrans({
    "\\": "\\\\", "`": "\\`", "*": "\\*", "[": "\\[", "]": "\\]", "|": "\\|",
    "~": "\\~", "&": "&amp;", "<": "&lt;", ">": "&gt;",
})
# what only means something at a word's edge or a line's start: «_énfasis_» (a name with
# an underscore, story_fbid in an address, is left alone), «# título», «- lista», «1. lista»
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-zÀ-ÿ])_|_(?![0-9A-Za-zÀ-ÿ])")
_LINE_START = re.compile(r"^(\s*)(#|[-+](?=\s|$)|\d+(?=[.)](?:\s|$)))", re.MULTILINE)


def markdown(text: object) -> str:
    """A text of the data inside Markdown, inert: no link, image, heading, emphasis, list,
    table cell or HTML of its own; its line breaks are `<br>` (the only HTML it gets), so it
    stays inside its table cell or paragraph."""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n").translate(_MARKDOWN)
    value = _UNDERSCORE.sub(r"\\_", value)
    value = _LINE_START.sub(lambda m: m[1] + (m[2] + "\\" if m[2][0].isdigit() else
                                              "\\" + m[2]), value)
    return value.replace("\n", "<br>")


def csv_cell(value: Any) -> Any:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading quote (which
    Excel and LibreOffice show as the text itself), a lone carriage return becomes a line
    break (which the CSV writer quotes); numbers stay numbers."""
    if not isinstance(value, str):
        return value
    if value[:1] in FORMULA_START:
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def markdown_url(address: str) -> str:
    """An http(s) address as a Markdown link's destination inside a table cell: what would
    end the destination or the cell (parentheses, «|», brackets, angle brackets, spaces,
    backslashes) percent-encoded; the address stays the same address."""
    from urllib.parse import quote

    return quote(address, safe="-._~:/?#@!$&'+,;=%")
