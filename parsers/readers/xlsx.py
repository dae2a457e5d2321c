"""Excel reader: bytes of an .xlsx → Document, by openpyxl (values as the sheet shows them).

Each visible sheet's used range is read row by row, in sheet order, the way a reader of the sheet
sees it, into the shapes the DOCX reader gives (`parsers.readers.docx`), so the extractors find
the same lines and tables whichever format an agency kept:
- a cell is its value as shown (`parsers.readers.xlsx_formats`: 88.34 with format `0.00` is
  `88.34`, a whole number has no `.0`, a date its format's day, month and year); a formula's value is
  the one last calculated and saved (`data_only`), never the formula; Thai digits typed as text are
  kept, as every reader keeps them (normalised for matching, raw in provenance);
- a cell merged over several is one cell: its text at its first position, the positions it covers
  empty (as a DOCX table's merged cells);
- a row with one non-empty cell is a line of prose (consecutive ones a paragraph, an empty row ends
  it), unless it stands between rows of a table (a group row such as `ตัวชี้วัดที่ ๔ …` over the rows
  below it), where it is that table's row; rows with two non-empty cells or more are a table, its
  columns those where any of its rows has a value;
- hidden sheets, rows and columns are left out, as Word's hidden text is: a reader does not see them.

Provenance: `page` is null, `line` the row counted over the workbook (each sheet's rows after the
rows of the sheets before it, so it is stable for the file and unique), and each row knows its cells'
references, `Sheet1!C7` (`Origin.cells`), which the report's provenance carries as `cell`.

openpyxl's read-only mode streams cells but does not read merged ranges (measured: its worksheets
have no `merged_cells`), so the workbook is loaded whole; an XLSX is a zip, held to the zip-slip and
zip-bomb limits and to MAX_EXPANDED_BYTES of XML (openpyxl keeps every cell as an object, about
50 times its XML) before openpyxl opens it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import Any

from parsers.document import Block, Cell, Document, Line, Origin, Paragraph, Row, Table
from parsers.errors import ErrorKind, MissingDependency, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.options import ParseOptions
from parsers.readers.xlsx_formats import format_date, format_number
from parsers.readers.zip_limits import package_names
from parsers.thai.normalise import normalise_text
from schema.codes import SourceFormat

# Every member expanded: a report workbook is a few MiB; past this openpyxl's objects would not fit a worker.
MAX_EXPANDED_BYTES = 128 * 2**20
SheetRow = tuple[int, list[tuple[str, str]]]   # (sheet row number, [(cell reference, text)] of its used columns


def open_workbook(data: bytes) -> Any:
    """The openpyxl workbook of the bytes (values, not formulas), after the zip limits; UnreadableInput when it is not one."""
    names = package_names(data, MAX_EXPANDED_BYTES, "an XLSX")
    if "xl/workbook.xml" not in names:
        raise UnreadableInput("not an XLSX (a zip without xl/workbook.xml)", ErrorKind.CORRUPT)
    try:
        import openpyxl  # loaded by the first workbook: text and PDF batches never pay for it
    except ImportError as error:
        raise MissingDependency("openpyxl is not installed: install it (pip install openpyxl)", "openpyxl") from error
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False, rich_text=False)
    except MemoryError:
        raise
    except Exception as error:  # openpyxl raises KeyError, ValueError, lxml errors… for a broken package: any is "corrupt"
        raise UnreadableInput(f"not a readable XLSX: {type(error).__name__}: {error}", ErrorKind.CORRUPT) from error


def cell_text(cell: Any) -> str:
    """A cell's value as the sheet shows it (see the module's docstring)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return format_number(float(value), cell.number_format or "General")
    if isinstance(value, dt.date | dt.time):
        return format_date(value, cell.number_format or "")
    return str(value)


def sheet_reference(title: str) -> str:
    """The sheet's name as a cell reference writes it: quoted only when it must be (`'ผล ITA'!C7`, `Sheet1!C7`)."""
    if re.fullmatch(r"[^\W\d]\w*", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


def sheet_rows(sheet: Any) -> Iterator[SheetRow]:
    """The visible rows of a sheet that have a non-empty visible cell, each with those cells' references and
    texts; where rows a reader sees are empty between two, one empty row stands for them (it ends a
    paragraph or a table, as an empty row on the sheet does)."""
    name = sheet_reference(sheet.title)
    hidden_columns = {n for d in sheet.column_dimensions.values() if d.hidden for n in range(d.min or 0, (d.max or 0) + 1)}
    hidden_rows = sorted(n for n, d in sheet.row_dimensions.items() if d.hidden)
    hidden = set(hidden_rows)
    by_row: dict[int, list[tuple[str, str]]] = {}
    # The cells the file has (`_cells`): iter_rows would make a cell object for every position of the used
    # range, which one formatted cell far down or right (whole-column formats) stretches to millions.
    for (row, column), cell in sorted(sheet._cells.items()):
        if row not in hidden and column not in hidden_columns and (text := cell_text(cell)).strip():
            by_row.setdefault(row, []).append((f"{name}!{cell.coordinate}", text))
    previous = None
    for number in sorted(by_row):
        if previous is not None and number - previous - 1 > bisect_left(hidden_rows, number) - bisect_right(hidden_rows, previous):
            yield number - 1, []
        yield number, by_row[number]
        previous = number


def _column(reference: str) -> str:
    return reference.rpartition("!")[2].rstrip("0123456789")


def _column_key(reference: str) -> tuple[int, str]:
    """A cell reference's column in sheet order (`Z` before `AA`)."""
    column = _column(reference)
    return len(column), column


class _Sheet:
    """One sheet's rows → blocks (lines, paragraphs and tables), lines numbered from `offset`."""

    def __init__(self, rows: list[SheetRow], offset: int) -> None:
        self.rows = rows
        self.offset = offset
        self.blocks: list[Block] = []
        # Prose is written from the sheet's first used column; a lone cell right of it is a table's
        self.first_column = min((_column_key(ref) for _number, cells in rows for ref, _text in cells), default=(0, ""))

    def kind(self, index: int) -> int:
        """Non-empty cells of the row at `index` (0 past the ends): 0 empty, 1 a line, 2+ a table row."""
        return len(self.rows[index][1]) if 0 <= index < len(self.rows) else 0

    def in_table(self, index: int) -> bool:
        """Whether a one-cell row is a table's: between table rows (directly, or through other one-cell
        rows: a group row), or beside one with its cell right of where prose starts (a heading `หน้า`
        over a contents table's page column)."""
        after = index + 1
        while self.kind(after) == 1:
            after += 1
        before, follows = self.kind(index - 1) >= 2, self.kind(after) >= 2
        if before and follows:
            return True
        indented = _column_key(self.rows[index][1][0][0]) != self.first_column
        return indented and (before or self.kind(index + 1) >= 2)

    def read(self) -> list[Block]:
        table: list[SheetRow] = []
        paragraph: Paragraph | None = None
        for index, (number, cells) in enumerate(self.rows):
            tabular = len(cells) >= 2 or (len(cells) == 1 and self.in_table(index))
            if table and not tabular:
                self.blocks.append(self.table(table))
                table = []
            if tabular:
                table.append((number, cells))
                paragraph = None
            elif cells:
                if paragraph is None:
                    paragraph = Paragraph()
                    self.blocks.append(paragraph)
                ref, raw = cells[0]
                paragraph.lines.append(Line(normalise_text(raw), Origin(page=None, line=self.offset + number, raw=raw, cells=(ref,))))
            else:
                paragraph = None
        if table:
            self.blocks.append(self.table(table))
        return self.blocks

    def table(self, rows: list[SheetRow]) -> Table:
        """The rows as a table on its own columns: those where any of its rows has a value, in sheet order."""
        columns = sorted({_column(ref) for _number, cells in rows for ref, _text in cells}, key=lambda c: _column_key(c))
        out = Table()
        for number, cells in rows:
            by_column = {_column(ref): (ref, text) for ref, text in cells}
            sheet = cells[0][0].rpartition("!")[0]
            placed = [by_column.get(column, (f"{sheet}!{column}{number}", "")) for column in columns]
            texts = [text for _ref, text in placed]
            origin = Origin(page=None, line=self.offset + number, raw="\t".join(texts), cells=tuple(ref for ref, _text in placed))
            out.rows.append(Row(tuple(Cell(text) for text in texts), origin))
        return out


def xlsx_to_document(data: bytes, format_name: str = SourceFormat.XLSX) -> Document:
    """Bytes of an XLSX → Document (see the module's docstring for what is read and how)."""
    book = open_workbook(data)
    blocks: list[Block] = []
    offset = 0
    for sheet in book.worksheets:   # chart sheets have no cells
        if sheet.sheet_state != "visible":
            continue
        blocks.extend(_Sheet(list(sheet_rows(sheet)), offset).read())
        offset += sheet.max_row
    return Document(blocks=blocks, format=SourceFormat(format_name))


class XlsxReader:
    """Excel 2007+ workbooks (.xlsx, .xlsm): every visible sheet's cells as lines and tables."""

    format = SourceFormat.XLSX
    suffixes = (".xlsx", ".xlsm")
    max_bytes = 64 * 2**20   # a report workbook is small; its XML is loaded whole (see MAX_EXPANDED_BYTES)

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        return xlsx_to_document(data, self.format)
