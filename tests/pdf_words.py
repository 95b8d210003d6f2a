"""What a reader sees in a PDF: every word with its box, as poppler's pdftotext gives them.

The checks are the ones a person makes holding the page: no text too small to read, no
word printed over another, no «%» alone at the start of a line whose figure ended the line
before, no word cut in two."""

from __future__ import annotations

import html
import itertools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

LINE_HEIGHT = {"WeasyPrint": 1.117, "Skia": 1.117, "LibreOffice": 1.29}
"""The height pdftotext gives a word, per point of font size, in Arial (Liberation Sans):
WeasyPrint and Chromium (whose PDFs Skia writes) describe a font by its ascent and descent,
LibreOffice by its bounding box.
DejaVu Sans, the fallback, is taller in both, so a size is never overestimated here."""


@dataclass(frozen=True)
class Word:
    producer: str
    page: int
    line: int
    """The line's number across the document, in reading order."""
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def size(self) -> float:
        """The font size the word's box corresponds to, in points."""
        ratio = next((r for name, r in LINE_HEIGHT.items() if name in self.producer), 1.3)
        return (self.y1 - self.y0) / ratio


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*)</word>")


def words(pdf: Path) -> list[Word]:
    """Every word of the PDF, page by page and line by line, in reading order."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    producer = next((row.partition(":")[2].strip() for row in info.splitlines()
                     if row.startswith("Producer:")), "")
    found, page, line = [], 0, 0
    for row in out.splitlines():
        if "<page " in row:
            page += 1
        elif "<line>" in row:
            line += 1
        elif match := _WORD.search(row):
            x0, y0, x1, y1 = map(float, match.groups()[:4])
            found.append(Word(producer, page, line, x0, y0, x1, y1, html.unescape(match[5])))
    return found


def text(pdf: Path) -> str:
    """The words, a line each (a heading or a figure may be looked for across columns)."""
    return joined(words(pdf))


def joined(found: list[Word]) -> str:
    """Words already read, a line each."""
    lines: dict[int, list[str]] = {}
    for word in found:
        lines.setdefault(word.line, []).append(word.text)
    return "\n".join(" ".join(parts) for parts in lines.values())


def overprinted(found: list[Word]) -> list[tuple[Word, Word]]:
    """Pairs of words drawn over each other: their boxes share more than half the height of
    the smaller one and more than a point across (lines set close may touch; that is not
    overprinting)."""
    pairs = []
    pages: dict[int, list[Word]] = {}
    for word in found:
        pages.setdefault(word.page, []).append(word)
    for items in pages.values():
        items.sort(key=lambda w: w.x0)
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if b.x0 >= a.x1 - 1:
                    break
                across = min(a.x1, b.x1) - max(a.x0, b.x0)
                down = min(a.y1, b.y1) - max(a.y0, b.y0)
                if across > 1 and down > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
                    pairs.append((a, b))
    return pairs


def too_small(found: list[Word], points: float = 8) -> list[Word]:
    """Words set under `points` (a margin of a tenth of a point for rounding). A lone
    character turned on its side (a chart's outer label, «6» read bottom to top) is as tall
    as its width says, not its height: its box is far wider than tall."""
    return [w for w in found if w.size < points - 0.1
            and not (len(w.text) == 1 and (w.x1 - w.x0) > 1.5 * (w.y1 - w.y0))]


def parted_percents(found: list[Word]) -> list[tuple[Word, Word]]:
    """A «%» that starts a line while its figure ended the line before (`33,76` / `%`)."""
    parted = []
    for before, word in itertools.pairwise(found):
        if word.text.startswith("%") and word.line != before.line \
                and before.text[-1:].isdigit():
            parted.append((before, word))
    return parted


def beside(found: list[Word], label: str, figure: str) -> bool:
    """Whether `label` is printed with `figure` on its row (a table's total: the label in
    one cell, the figure in another, level with it)."""
    first, *rest = label.split()
    for i, word in enumerate(found):
        if word.text != first or [w.text for w in found[i + 1:i + 1 + len(rest)]] != rest:
            continue
        for other in found:
            if other.page == word.page and other.text == figure \
                    and min(other.y1, word.y1) - max(other.y0, word.y0) > 0:
                return True
    return False
