"""The rows of a table without vertical rules (`parsers.pdf.aligned_tables` finds its bands and column
gutters): where rows end, and the cell boxes of the whole table.

  row_breaks      a table's bands → where rows end: at a rule across the table when rules are drawn
                  (row rules), else where the white between bands is wider than between the lines
                  of one cell (cell padding), else at each line opening the first column
  table_boxes     bands and gutters → (bbox, rows of cell boxes), the shape `grid_to_tables` gives
                  for a ruled table; None for what is no table (one filled row, a numbered list)
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from parsers.layout_hints import numbered_or_bulleted

if TYPE_CHECKING:
    from parsers.pdf.aligned_tables import Band, BBox, Gutter, Run

# White between two bands this many times the white between the lines of one cell ends a row.
ROW_GAP = 1.3
# A list's number or bullet is this many characters at most ('๑๒.', '(๑๒)').
LIST_MARK = 6
# Share of a column's line-to-line whites that make the usual white between the lines of a cell.
LANE_SHARE = 0.1
# A rule ends a row when it spans this share of the table's width.
RULE_SPAN = 0.5


def column_of(x: float, columns: list[Gutter]) -> int:
    return sum(1 for g in columns if g.middle < x)


def _cell_lane(table_bands: list[Band], columns: list[Gutter]) -> float | None:
    """The white between two lines of one cell: the least white between consecutive runs of one
    column that recurs (LANE_SHARE of them within a point of it), when any cell has more than one
    line; a lone narrower one is a line broken oddly (a SARA AM wrapped alone)."""
    by_column: dict[int, list[Run]] = {}
    for band in table_bands:
        for run in band.runs:
            by_column.setdefault(column_of((run.x0 + run.x1) / 2, columns), []).append(run)
    lanes = sorted(b.top - a.bottom for runs in by_column.values() for a, b in itertools.pairwise(runs) if b.top > a.bottom)
    enough = max(2, LANE_SHARE * len(lanes))
    return next((lane for lane in lanes if sum(1 for other in lanes if lane <= other <= lane + 1) >= enough), None)


def row_breaks(table_bands: list[Band], columns: list[Gutter], rules: list[float]) -> list[float]:
    """Where rows end (y between two bands): at a rule between them, where the white between them is
    ROW_GAP times a cell's line spacing (cell padding); with neither, before every band when no cell
    wraps, else before each band with text in the first column."""
    pairs = list(itertools.pairwise(table_bands))
    ruled = {i: y for i, (a, b) in enumerate(pairs) for y in rules if a.bottom <= y <= b.top}
    lane = _cell_lane(table_bands, columns)
    padded = {i: (a.bottom + b.top) / 2 for i, (a, b) in enumerate(pairs) if lane is not None and b.top - a.bottom >= ROW_GAP * lane}
    breaks = padded | ruled
    if not breaks and lane is None:
        breaks = {i: (a.bottom + b.top) / 2 for i, (a, b) in enumerate(pairs)}
    elif not breaks:
        breaks = {i: (a.bottom + b.top) / 2 for i, (a, b) in enumerate(pairs)
                  if any(column_of((r.x0 + r.x1) / 2, columns) == 0 for r in b.runs)}
    return [breaks[i] for i in sorted(breaks)]


def _filled_rows(table_bands: list[Band], columns: list[Gutter], ys: list[float]) -> int:
    """Rows with text in at least two cells."""
    filled: dict[int, set[int]] = {}
    for band in table_bands:
        row = sum(1 for y in ys[1:-1] if y < band.top)
        filled.setdefault(row, set()).update(column_of((r.x0 + r.x1) / 2, columns) for r in band.runs)
    return sum(1 for cells in filled.values() if len(cells) >= 2)


def _numbered_list(runs: list[Run], columns: list[Gutter]) -> bool:
    """Two columns whose first holds only numbers or bullets: a list with a hanging indent, not a table."""
    first = [r.text for r in runs if column_of((r.x0 + r.x1) / 2, columns) == 0]
    return len(columns) == 1 and all(numbered_or_bulleted(t) and len(t) <= LIST_MARK for t in first)


def table_boxes(table_bands: list[Band], columns: list[Gutter], rules: list[float], one_row: bool) -> tuple[BBox, list[list[BBox]]] | None:
    runs = [r for b in table_bands for r in b.runs]
    xs = [min(r.x0 for r in runs) - 1, *(g.middle for g in columns), max(r.x1 for r in runs) + 1]
    breaks = [] if one_row else row_breaks(table_bands, columns, rules)
    ys = [min(r.full_top for r in runs) - 1, *breaks, max(r.full_bottom for r in runs) + 1]
    if _filled_rows(table_bands, columns, ys) < (1 if one_row else 2) or _numbered_list(runs, columns):
        return None
    boxes = [[(x0, top, x1, bottom) for x0, x1 in itertools.pairwise(xs)] for top, bottom in itertools.pairwise(ys)]
    return (xs[0], ys[0], xs[-1], ys[-1]), boxes


def rules_across(rules: list[tuple[float, float, float]], x0: float, x1: float) -> list[float]:
    """Heights where level rules cover RULE_SPAN of x0..x1: LibreOffice draws a row's rule as one
    segment per cell, so segments at one height (within a point) are added up."""
    covered: dict[int, float] = {}
    for y, a, b in rules:
        covered[round(y)] = covered.get(round(y), 0.0) + max(0.0, min(b, x1) - max(a, x0))
    return [float(y) for y, length in covered.items() if length >= RULE_SPAN * (x1 - x0)]
