"""Pages printed in two columns (newsletters, CSS `column-count: 2`): read column by column.

A page's blocks are otherwise put in order by their top, which on a two-column page interleaves
the columns (the right column's first paragraph, level with the title, came before it and gave
the report the wrong year). A two-column page has a gutter: an x that no line of prose crosses,
with enough lines of prose side by side on either side of it. Lines and tables that cross the
gutter (a heading or table spanning both columns, `column-span: all`) cut the page into sections;
each section is read left column first, then right.

A ruled or borderless table is not prose in columns: each column must hold lines that mostly
run to the column's right edge (wrapped text), which a table's label column does not.

  find_columns    a page's lines and table boxes → ColumnLayout (the gutter, the spanning bands),
                  or None for an ordinary page
  ColumnLayout.key   where a block (top, left, right) comes in reading order: (section, column, top)
  ColumnLayout.table_key  the same for a table, by its top
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

Extent = tuple[float, float, float, float]  # top, bottom, x0, x1 in points from the page's top-left

# Lines on each side of the gutter, and pairs of them side by side, a two-column page has at least.
MIN_COLUMN_LINES = 4
MIN_SIDE_BY_SIDE = 3
# The right column starts in this middle share of the text width.
GUTTER_ZONE = (0.3, 0.7)
# Lines that cross the gutter may be at most this share (headings, spanning rows).
MAX_CROSSING = 0.25
# A column of prose: its median line reaches this share of the column's width, and the column
# this share of the text width.
PROSE_FILL = 0.6
MIN_COLUMN_SHARE = 0.35
# Line starts are matched on this grid (points): a column's lines start at one x.
START_GRID = 2.0


@dataclass(frozen=True)
class ColumnLayout:
    gutter: float                             # x between the columns
    bands: tuple[tuple[float, float], ...]    # (top, bottom) of the blocks that cross the gutter
    tables: tuple[Extent, ...] = ()           # the page's table boxes

    def crosses(self, x0: float, x1: float) -> bool:
        return x0 < self.gutter < x1 - 1

    def table_key(self, top: float) -> tuple[float, int, float]:
        """`key` of the table whose box starts at `top` (a spanning one when its box is not known)."""
        box = next((e for e in self.tables if e[0] - 1 <= top <= e[1]), None)
        return self.key(top, box[2], box[3]) if box else (top, 0, top)

    def section(self, top: float) -> float:
        """The bottom of the last spanning block above `top` (-1 before any): blocks of one section share it."""
        return max((bottom for band_top, bottom in self.bands if bottom <= top + 1 and band_top < top), default=-1.0)

    def key(self, top: float, x0: float, x1: float) -> tuple[float, int, float]:
        """A spanning block is read where it stands; a column's block after its section's start,
        the left column before the right."""
        if self.crosses(x0, x1):
            return top, 0, top
        return self.section(top), 1 if x1 <= self.gutter + 1 else 2, top


def _right_column_start(lines: Sequence[Extent], left: float, width: float) -> float | None:
    """The x where most lines that start in the middle of the text width start."""
    low, high = left + GUTTER_ZONE[0] * width, left + GUTTER_ZONE[1] * width
    starts = Counter(round(x0 / START_GRID) for _, _, x0, _ in lines if low <= x0 <= high)
    if not starts:
        return None
    grid, count = starts.most_common(1)[0]
    return grid * START_GRID - START_GRID if count >= MIN_COLUMN_LINES else None


def _is_prose(lines: Sequence[Extent], text_width: float) -> bool:
    """Wrapped text: a column of a good share of the text width whose median line fills most of
    it (a table's label column is narrow)."""
    left, right = min(e[2] for e in lines), max(e[3] for e in lines)
    widths = sorted(e[3] - e[2] for e in lines)
    return right - left >= MIN_COLUMN_SHARE * text_width and widths[len(widths) // 2] >= PROSE_FILL * (right - left)


def _side_by_side(left: Sequence[Extent], right: Sequence[Extent]) -> int:
    """Lines of the left column with a line of the right one beside them (their heights overlap)."""
    return sum(any(min(a[1], b[1]) > max(a[0], b[0]) for b in right) for a in left)


def find_columns(lines: Sequence[Extent], tables: Sequence[Extent]) -> ColumnLayout | None:
    """The page's two-column layout, or None: a gutter with prose columns side by side on either side."""
    if len(lines) < 2 * MIN_COLUMN_LINES:
        return None
    left, right = min(e[2] for e in lines), max(e[3] for e in lines)
    start = _right_column_start(lines, left, right - left)
    if start is None:
        return None
    gutter = start - 1
    left_lines = [e for e in lines if e[3] <= gutter + 1]
    right_lines = [e for e in lines if e[2] >= gutter]
    crossing = [e for e in lines if e[2] < gutter < e[3] - 1]
    if (min(len(left_lines), len(right_lines)) < MIN_COLUMN_LINES or len(crossing) > MAX_CROSSING * len(lines)
            or _side_by_side(left_lines, right_lines) < MIN_SIDE_BY_SIDE
            or not (_is_prose(left_lines, right - left) and _is_prose(right_lines, right - left))):
        return None
    bands = tuple(sorted((e[0], e[1]) for e in (*crossing, *tables) if e[2] < gutter < e[3] - 1))
    return ColumnLayout(gutter, bands, tuple(tables))
