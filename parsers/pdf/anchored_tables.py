"""Tables without rules that alignment alone cannot find: a header of known column names over too
few rows to align on. A page break leaves a table's header and its first row at the foot of a page
(the rest opens the next page, its header repeated); their text has no gutter with text on both
sides twice, so `aligned_tables` sees prose. The header says what the columns are.

  header_cells      a group of bands (a header's lines; centred cells interleave) → its cells: runs
                    whose x extents overlap are one cell, left to right, text top to bottom
  anchored_span     the page's bands → (first, last, gutters) of a table opened by a header group
                    (`opens_header` of its cells' texts): the bands below it, closer than a few lines,
                    whose runs each stay inside one of the header's columns
  find_anchored_tables  the page outside `taken` → tables (bbox, rows of cell boxes), rows told apart
                    as in `aligned_rows.row_breaks`
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable

from parsers.pdf.aligned_rows import row_breaks
from parsers.pdf.aligned_tables import Band, BBox, Gutter, Run, _groups, bands, ink_runs
from parsers.pdf.text_layer import TextLayer

HEADER_CELLS = 2        # a header names at least this many columns
BELOW_GAP = 4.0         # lines: white above a band wider than this many line heights ends the table


def header_cells(group: list[Band]) -> list[list[Run]]:
    """The runs of a group, cells left to right: runs whose x extents overlap are one cell."""
    cells: list[list[Run]] = []
    for run in sorted((r for band in group for r in band.runs), key=lambda r: r.x0):
        if cells and run.x0 < max(r.x1 for r in cells[-1]):
            cells[-1].append(run)
        else:
            cells.append([run])
    return [sorted(cell, key=lambda r: r.top) for cell in cells]


def _cell_text(cell: list[Run]) -> str:
    return "".join(run.text for run in cell)


def _in_columns(band: Band, columns: list[Gutter]) -> bool:
    """No run of the band crosses the middle of a gutter between the header's cells."""
    return not any(run.x0 < gutter.middle < run.x1 for run in band.runs for gutter in columns)


def _extent(page_bands: list[Band], last: int, columns: list[Gutter]) -> int:
    """The last band of the table whose header group ends at `last`."""
    height = statistics.median(b.bottom - b.top for b in page_bands)
    end = last
    while end + 1 < len(page_bands) and _in_columns(page_bands[end + 1], columns) \
            and page_bands[end + 1].top - page_bands[end].bottom <= BELOW_GAP * height:
        end += 1
    return end


def anchored_span(page_bands: list[Band], opens_header: Callable[[list[str]], bool]) -> tuple[int, int, int, list[Gutter]] | None:
    """(first, header's last, last, gutters) of the first table opened by a header group with rows below it."""
    for first, last in _groups(page_bands):
        cells = header_cells(page_bands[first:last + 1])
        if len(cells) < HEADER_CELLS or not opens_header([_cell_text(cell) for cell in cells]):
            continue
        columns = [Gutter(max(r.x1 for r in a), min(r.x0 for r in b), first, last) for a, b in itertools.pairwise(cells)]
        end = _extent(page_bands, last, columns)
        if end > last:
            return first, last, end, columns
    return None


def _boxes(table_bands: list[Band], header_bands: int, columns: list[Gutter]) -> tuple[BBox, list[list[BBox]]]:
    runs = [r for b in table_bands for r in b.runs]
    xs = [min(r.x0 for r in runs) - 1, *(g.middle for g in columns), max(r.x1 for r in runs) + 1]
    # rows told apart with the header's lines among them: the white under the header is a row's padding
    # beside the white between a cell's lines, so a cell of three lines under it stays one row
    header_end = (table_bands[header_bands - 1].bottom + table_bands[header_bands].top) / 2
    breaks = sorted({header_end, *(y for y in row_breaks(table_bands, columns, []) if y > header_end)})
    ys = [min(r.full_top for r in runs) - 1, *breaks, max(r.full_bottom for r in runs) + 1]
    boxes = [[(x0, top, x1, bottom) for x0, x1 in itertools.pairwise(xs)] for top, bottom in itertools.pairwise(ys)]
    return (xs[0], ys[0], xs[-1], ys[-1]), boxes


def find_anchored_tables(layer: TextLayer, height: float, taken: list[BBox], running: Callable[[str, float, float], bool],
                         opens_header: Callable[[list[str]], bool]) -> list[tuple[BBox, list[list[BBox]]]]:
    """Tables opened by a known header in what `taken` (the tables already read) left of the page."""
    def inside(x: float, y: float) -> bool:
        return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in taken)

    page_bands = bands(ink_runs(layer, height, inside if taken else None, running))
    found = []
    while page_bands and (span := anchored_span(page_bands, opens_header)):
        first, header_last, last, columns = span
        found.append(_boxes(page_bands[first:last + 1], header_last - first + 1, columns))
        page_bands = page_bands[last + 1:]
    return found
