"""The document model every reader produces and every extractor reads.

A document is a list of blocks – paragraphs of lines and tables of rows – and each line
and row knows where it came from (page, line, raw text), so an extracted value can carry
its provenance without the extractor knowing which reader made the document.

The same words mean the same thing for every reader:

  Line       one line of the source with its Origin: a line of a text file; in a PDF, a visual
             line, with the visual lines a paragraph was wrapped into joined again (wrapping is
             the page's layout, not the author's line), also across a page break
  Paragraph  consecutive Lines with no blank line (text) or paragraph gap (PDF) between them
  Row        one row of a table, its cells in column order; a Row read as prose is one Line
  Table      consecutive rows of one table, joined across page breaks by the PDF reader; a header
             of several rows (merged cells) names each column by the header cells over it
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from parsers.thai.normalise import normalise_text
from schema.codes import ReadBy, SourceFormat

SNIPPET_LIMIT = 200


_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Origin:
    """Where a piece of text was read: 1-based page (None for text files), 1-based line; spreadsheets
    also name each cell of it (`cells`: `Sheet1!C7`, one per tab-separated part of `raw`)."""

    page: int | None
    line: int | None
    raw: str
    cells: tuple[str, ...] = ()

    def cell_for(self, value: float | None = None) -> str | None:
        """The spreadsheet cell a value was read from: the line's one cell, or the first cell of a row
        whose text holds the number `value`; else the row's range (`Sheet1!A7:D7`). None off spreadsheets."""
        if len(self.cells) <= 1:
            return self.cells[0] if self.cells else None
        if value is not None:
            for cell, text in zip(self.cells, self.raw.split("\t"), strict=False):
                numbers = _NUMBER.findall(text.translate(_THAI_DIGITS))
                if any(abs(float(n.replace(",", "")) - value) < 0.005 for n in numbers):
                    return cell
        return f"{self.cells[0]}:{self.cells[-1].rpartition('!')[2]}"

    def snippet(self, limit: int = SNIPPET_LIMIT) -> str:
        text = " ".join(self.raw.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def snippet_around(self, pattern: re.Pattern[str], limit: int = SNIPPET_LIMIT, before: int = 60) -> str:
        """Like snippet, but a long line is cut around the first match of `pattern`, so the
        quoted text shows what was found there (an item code deep in a paragraph)."""
        text = " ".join(self.raw.split())
        match = pattern.search(text)
        if len(text) <= limit or match is None or match.start() < before:
            return self.snippet(limit)
        start = match.start() - before
        window = "…" + text[start + 1: start + limit - 1]
        return window if start + limit - 1 >= len(text) else window + "…"


@dataclass(frozen=True)
class Cell:
    raw: str

    @cached_property
    def text(self) -> str:
        return normalise_text(self.raw)


@dataclass(frozen=True)
class Line:
    """One line of prose (or a table row read as prose)."""

    text: str
    origin: Origin


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    origin: Origin

    @cached_property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    @cached_property
    def line(self) -> Line:
        """The row read as one line of prose; kept, as every extractor walks Document.lines()."""
        return Line(" ".join(t for t in self.texts if t), self.origin)


@dataclass
class Paragraph:
    lines: list[Line] = field(default_factory=list)


@dataclass
class Table:
    """Rows in column order; a cell merged over several columns or rows (PDF) is its first
    position's text, the positions it covers empty. A header of several rows (a group cell over the
    columns it spans) is `header_rows` rows, each column named by `columns`: the texts of the header
    cells over it, top to bottom. Readers that know no such header leave 0 and ()."""

    rows: list[Row] = field(default_factory=list)
    header_rows: int = 0
    columns: tuple[tuple[str, ...], ...] = ()

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


Block = Paragraph | Table


@dataclass(frozen=True)
class PageRecord:
    """How one page of a paged document was read, so a user sees why a page was OCR'd."""

    number: int                        # 1-based
    read_by: ReadBy
    text_quality: float | None = None  # 0..1 share of its text layer's letters in words; None: too little text
    reason: str | None = None          # why OCR read it (or why it could not be read)
    ocr_confidence: float | None = None  # OCR'd pages: Tesseract's mean word confidence, 0..1


@dataclass
class Document:
    blocks: list[Block]
    format: SourceFormat              # the reader that read it
    page_count: int | None = None
    encoding: str | None = None       # text the bytes were decoded from (text formats)
    ocr_pages: list[int] = field(default_factory=list)
    page_errors: list[tuple[int, str]] = field(default_factory=list)   # (page, why it could not be read)
    ocr_rereads: int = 0                                               # numbers the digit recogniser read again
    pages: list[PageRecord] = field(default_factory=list)              # how each page was read (PDFs)

    def lines(self) -> Iterator[Line]:
        """Every line of the document in reading order, table rows joined into one line."""
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield from block.lines
            else:
                for row in block.rows:
                    yield row.line

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))
