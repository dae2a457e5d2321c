"""An HTML table's rows → a Table of the document model, its merged cells as the model has them.

HTML's table model (rowspan, colspan, `rowspan="0"` to the end of the table) is laid on a grid, as
the DOCX reader does with gridSpan and vMerge: a merged cell's text is at its first position and the
positions it covers are empty, so the columns stay aligned with the header. When the first row has a
cell over several rows (a header of two rows: 'ประเด็น' over both, a group over its columns' own
names), or the `<thead>` has several rows, the header is `header_rows` rows and each column is named
by the texts of the header cells over it, group first: what the PDF reader's grid gives
(`parsers.pdf.grid.column_paths`), so the measure extractor reads either the same way.

Spans are clamped (HTML's own limit of 1000 columns a cell, and the table's rows), and a table
whose grid would pass `MAX_POSITIONS` is refused: a few bytes of `rowspan="0" colspan="1000"`
must not become millions of cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.document import Cell, Origin, Row, Table
from parsers.errors import ErrorKind, UnreadableInput
from parsers.thai.normalise import normalise_text

MAX_COLSPAN = 1000            # HTML's limit
MAX_COLUMNS = 200             # a report table has tens at most; past this a grid is not a table a reader reads
MAX_POSITIONS = 500_000       # grid positions of one table (rows × columns): 25 times a long report table

CellId = tuple[int, int]      # (row, index of the cell in its <tr>)


@dataclass(frozen=True)
class HtmlCell:
    text: str       # the cell's lines, joined by "\n"
    rowspan: int    # as written, at least 0: 0 reaches to the end of the table
    colspan: int    # at least 1


@dataclass(frozen=True)
class HtmlRow:
    line: int | None     # the <tr>'s line in the page
    cells: tuple[HtmlCell, ...]


def span(value: str | None, zero_allowed: bool = False) -> int:
    """A rowspan/colspan attribute as browsers read it: its leading digits, 1 when absent or bad."""
    digits = ""
    for char in (value or "").strip():
        if not char.isascii() or not char.isdigit():
            break
        digits += char
    number = int(digits[:7]) if digits else 1
    return number if number > 0 or (zero_allowed and digits) else 1


def place(rows: list[HtmlRow]) -> tuple[list[dict[int, CellId]], dict[CellId, int]]:
    """Each row's grid positions → the cell covering it, and each cell's first column. Overlapping
    spans (malformed tables) leave a position to the cell that took it first, as browsers do."""
    if len(rows) > MAX_POSITIONS:
        raise UnreadableInput(f"a table of the page has more than {MAX_POSITIONS:,} rows", ErrorKind.TOO_LARGE)
    grid: list[dict[int, CellId]] = [{} for _ in rows]
    starts: dict[CellId, int] = {}
    positions = 0
    for r, row in enumerate(rows):
        column = 0
        for i, cell in enumerate(row.cells):
            while column in grid[r]:
                column += 1
            if column >= MAX_COLUMNS:
                break
            down = len(rows) - r if cell.rowspan == 0 else min(cell.rowspan, len(rows) - r)
            across = min(cell.colspan, MAX_COLSPAN, MAX_COLUMNS - column)
            positions += down * across
            if positions > MAX_POSITIONS:
                raise UnreadableInput(f"a table of the page spans more than {MAX_POSITIONS:,} cells", ErrorKind.TOO_LARGE)
            starts[(r, i)] = column
            for below in grid[r:r + down]:
                for position in range(column, column + across):
                    below.setdefault(position, (r, i))
            column += across
    return grid, starts


def header_row_count(rows: list[HtmlRow], head_rows: int) -> int:
    """Rows of a header of several rows: those the first row's tallest cell covers, else the
    <thead>'s rows when it has more than one; 0 for a header of one row (read as before)."""
    tallest = max((len(rows) if c.rowspan == 0 else c.rowspan for c in rows[0].cells), default=1)
    count = min(tallest, len(rows)) if tallest > 1 else head_rows if head_rows > 1 else 0
    return count if count < len(rows) else 0   # a table of header only has no body to name


def build_table(rows: list[HtmlRow], head_rows: int = 0) -> Table | None:
    """The rows as a Table (None when no row has text): spans on the grid, first position filled."""
    if not rows:
        return None
    grid, starts = place(rows)
    width = max((max(positions) + 1 for positions in grid if positions), default=0)
    if len(rows) * width > MAX_POSITIONS:   # empty rows under one wide row: no spans counted, as many cells
        raise UnreadableInput(f"a table of the page has more than {MAX_POSITIONS:,} cells", ErrorKind.TOO_LARGE)
    texts = [[""] * width for _ in rows]
    for r, positions in enumerate(grid):
        for column, (row, i) in positions.items():
            if row == r and starts[(row, i)] == column:
                texts[r][column] = rows[row].cells[i].text
    header = header_row_count(rows, head_rows)
    table = Table(header_rows=header, columns=column_names(rows, grid, header, width) if header else ())
    for r, (row, cells) in enumerate(zip(rows, texts, strict=True)):
        if r < header or any(normalise_text(c) for c in cells):   # header rows kept: header_rows counts them
            table.rows.append(Row(tuple(Cell(c) for c in cells), Origin(page=None, line=row.line, raw="\t".join(cells))))
    return table if any(any(row.texts) for row in table.rows) else None


def column_names(rows: list[HtmlRow], grid: list[dict[int, CellId]], header: int, width: int) -> tuple[tuple[str, ...], ...]:
    """Per column, the texts of the header cells over it, top to bottom, a cell over two rows once."""
    names = []
    for column in range(width):
        seen: list[CellId] = []
        for positions in grid[:header]:
            owner = positions.get(column)
            if owner is not None and owner not in seen:
                seen.append(owner)
        names.append(tuple(text for text in (" ".join(rows[r].cells[i].text.split()) for r, i in seen) if text))
    return tuple(names)
