"""Which aligned text read by `aligned_tables` is kept as a table by `layout.read_tables`, when no
header row opens it or too few rows stand under its header.

  goes_on      aligned rows without a header go on a table: one of their width ends right above
               them, or nothing but running lines stands above them (a table continued from the
               page before)
  least_rows   the rows a table needs under its header: 1 at the page's foot (a page break left the
               header and its first row alone), else 2
  lines_outside  the page's inked lines, running lines left out: what stands above or below (the
               rules above take it as a function, read only when they need it)
"""

from __future__ import annotations

from collections.abc import Callable

from parsers.pdf.aligned_tables import BBox
from parsers.pdf.text_layer import TextLayer

# Aligned rows this close (points) below a table of their width go on it.
TABLE_ABUTS = 12.0
# Columns that aligned rows opening a page need to be taken for a table continued from the page before.
CONTINUED_COLUMNS = 3


def least_rows(header: int, opens: int | None, bbox: BBox, lines: Callable[[], list[tuple[float, float]]]) -> int:
    """Rows a table without rules needs, its header counted: rows that go on a table need 1; under
    a header, 2 (a header over one line of text is as often a caption over prose), but 1 at the page's
    foot, where a table's header and first row are left alone by a page break (the rest of the
    table opens the next page: `layout.join_continued_tables`)."""
    if header == 0 and opens is None:
        return 1
    return 1 if all(top < bbox[3] - 1 for top, _bottom in lines()) else 2


def lines_outside(layer: TextLayer, height: float, running: Callable[[str, float, float], bool]) -> list[tuple[float, float]]:
    """(top, bottom) of the layer's inked lines that are not `running` (page numbers in the margin)."""
    found = []
    for raw, boxes in layer.lines:
        inked = [b for c, b in zip(raw, boxes, strict=False) if not c.isspace() and b[2] > b[0]]
        if inked:
            top, bottom = height - max(b[3] for b in inked), height - min(b[1] for b in inked)
            if not running(raw, top, bottom):
                found.append((top, bottom))
    return found


def goes_on(bbox: BBox, width: int, kept: list[tuple[BBox, int]], lines: Callable[[], list[tuple[float, float]]]) -> bool:
    """Aligned rows without a header row go on a table: one of their width ends right above them
    (TABLE_ABUTS), or nothing but the running lines stands above them (a table continued from the
    previous page, joined to it by `layout.join_continued_tables`)."""
    if any(w == width and bbox[1] - TABLE_ABUTS <= box[3] <= bbox[1] + TABLE_ABUTS for box, w in kept):
        return True
    if width < CONTINUED_COLUMNS:
        return False  # two columns of prose (a newsletter page) align as well as a table of two
    return all(top >= bbox[1] - 1 for top, _bottom in lines())
