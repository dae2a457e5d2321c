"""One pdfplumber grid → tables whose merged cells and multi-row headers stay in one table.

pdfplumber's grid has one position per column boundary of the whole grid; a cell merged across
columns (colspan) or rows (rowspan) fills its first position and leaves None at the others. Two
things make a grid's rows change their pattern of None: merged cells inside one table, and
back-to-back tables of different column widths merged into one grid. They differ in their column
boundaries: a row of one table, together with the cells reaching down into it from the rows above,
has boundaries that are all the table's (a merged cell leaves some out), while the rows of another
table cross them. Steps, each input → output:

  row_boundaries  a row's cells and the cells above still open at its top → the x of their sides
  split_grid      a grid → its tables, a new one where a row's boundaries cross the table's (with
                  the rows above whose cells reach down into it: the new table's header)
  drop_empty_columns  a table's rows → without the positions no row has a cell in
  header_rows     a table's rows → how many rows its header spans: the rows the first row's
                  tallest cell reaches over (0 when the first row has no cell taller than itself)
  column_paths    a table's rows, their texts, its header rows → per column, the texts of the header cells
                  above it, top to bottom (the spanning group, then the column's own name)
"""

from __future__ import annotations

BBox = tuple[float, float, float, float]
GridRow = list[BBox | None]

# pdfplumber snaps edges together within 3 pt; sides closer than this are one boundary.
SAME_SIDE = 1.0


def _key(x: float) -> int:
    return round(x / SAME_SIDE)


def row_boundaries(cells: list[BBox], reaching: list[BBox]) -> set[int]:
    """The x of the sides of a row's cells and of the cells above that reach down into the row."""
    return {_key(x) for cell in [*cells, *reaching] for x in (cell[0], cell[2])}


def split_grid(grid: list[GridRow]) -> list[list[GridRow]]:
    """Rows → tables: a row joins the table above when its boundaries and the table's are nested
    (one set holds the other: merged cells), else starts a table (back-to-back tables crossing).
    Only cells still open at a row's top are kept at hand: a spreadsheet's grid has thousands of rows."""
    tables: list[list[GridRow]] = []
    bounds: set[int] = set()
    open_cells: list[BBox] = []
    for row in grid:
        cells = [cell for cell in row if cell is not None]
        if not cells:
            continue
        top = min(cell[1] for cell in cells)
        reaching = [cell for cell in open_cells if cell[3] > top + SAME_SIDE]
        own = row_boundaries(cells, reaching)
        if tables and (own <= bounds or bounds <= own):
            tables[-1].append(row)
            bounds |= own
            open_cells = reaching + cells
            continue
        # a cell over both rows of the new table's header joined the table above (its sides were
        # that table's too): the rows from the one holding it go with the new table
        start = carried_rows(tables[-1], reaching) if tables else 0
        moved = tables[-1][start:] if tables else []
        if tables and start < len(tables[-1]):
            del tables[-1][start:]
            if not tables[-1]:
                tables.pop()
        tables.append([*moved, row])
        bounds = {x for r in tables[-1] for x in row_boundaries([c for c in r if c is not None], [])}
        open_cells = reaching + cells
    return tables


def carried_rows(rows: list[GridRow], reaching: list[BBox]) -> int:
    """Index of the first of `rows` holding a cell that reaches down into the next row, else len(rows)."""
    return next((i for i, row in enumerate(rows) if any(cell in reaching for cell in row if cell is not None)), len(rows))


def drop_empty_columns(rows: list[GridRow]) -> list[GridRow]:
    """The positions where no row of this table has a cell (another table's columns) dropped."""
    keep = [i for i in range(len(rows[0])) if any(r[i] is not None for r in rows)]
    return [[r[i] for i in keep] for r in rows]


def header_rows(rows: list[GridRow]) -> int:
    """Rows the header spans: those the first row's tallest cell reaches over, when that cell is
    taller than the first row (a rowspan: 'ประเด็น' over both rows of a two-row header); else 0,
    and the table's first row is read as before."""
    first = [cell for cell in rows[0] if cell is not None]
    bottom, row_bottom = max(cell[3] for cell in first), min(cell[3] for cell in first)
    if bottom <= row_bottom + SAME_SIDE:
        return 0
    return sum(1 for row in rows if min(c[1] for c in row if c is not None) < bottom - SAME_SIDE)


def column_middles(rows: list[GridRow]) -> list[float]:
    """The middle of each column: from the left side of a cell that starts there (every column
    kept has one) to the next column's, the last to the table's right side."""
    lefts = [next(r[i][0] for r in rows if r[i] is not None) for i in range(len(rows[0]))]  # type: ignore[index]
    right = max(c[2] for r in rows for c in r if c is not None)
    return [(a + b) / 2 for a, b in zip(lefts, [*lefts[1:], right], strict=True)]


def column_paths(rows: list[GridRow], texts: list[list[str]], count: int) -> tuple[tuple[str, ...], ...]:
    """Per column, the texts of the cells of the first `count` rows over it, top to bottom: the
    spanning group, then the column's own name ('แนวทางการนำผล…', 'ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง');
    a cell merged over two rows named once."""
    header = [(cell, text) for row, row_texts in zip(rows[:count], texts[:count], strict=True)
              for cell, text in zip(row, row_texts, strict=True) if cell is not None and text]
    return tuple(tuple(text for cell, text in header if cell[0] < middle < cell[2]) for middle in column_middles(rows))
