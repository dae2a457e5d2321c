"""Tables printed without vertical rules (no borders, or row rules only), found from the alignment of their text.

The ruled finder (`parsers.pdf.rules`) needs a grid of rules; a Word or LibreOffice table with its
borders off, or in a style that draws only rules between rows, has none, and its cells would be read
as prose. Here a table is what such a table leaves on the page: columns of text with a strip of
white between them (a gutter) that no line crosses for several lines running, with text on both
sides. Prose crosses every strip (its lines run the width of the text), so it makes no table.
Steps, each input → output:

  ink_runs        a page's text layer → runs of glyphs on one line with no gap of GUTTER or more,
                  with their extent (vertical extent without Thai marks, which reach into the
                  lines above and below)
  bands           runs → bands: runs that overlap vertically, top to bottom (a band is one line of
                  text across the page, several interleaved lines in a table with centred cells)
  gutters         bands → white strips at least GUTTER wide, each with the run of bands no ink crosses
  table_span      gutters → the bands of one table and its column gutters: the longest gutter with
                  text on both sides, shortened where a line (a caption) crosses the others
  whole_rows      a span → without the lines of a row its ends cut (a row's lines are one group of
                  bands closer than a line's height)
  one_row_span    gutters → a row standing alone (continued alone on a page, or set at other widths):
                  its centred cells' lines interleave, so no gutter has text on both sides twice
  find_aligned_tables  all of it → (bbox, rows of cell boxes) per table, rows by `aligned_rows`, the
                  shape `grid_to_tables` gives for a ruled table, so cells are read and repaired as a
                  ruled table's are

Only what the ruled finder left is looked at (`parsers.pdf.layout.read_tables` passes the ruled
tables' boxes). A table needs two columns and two rows with at least two filled cells each.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from unicodedata import category

from parsers.pdf.aligned_rows import rules_across, table_boxes
from parsers.pdf.text_layer import TextLayer

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom: points, top from the top of the page

# White at least this wide (points) between two glyphs of a line parts two cells; a Thai word space
# is 3-6 pt (12 pt Loma: 4-6), the narrowest cell padding (LibreOffice's 4 pt a side) leaves 6 between
# glyphs. Word spaces that line up by chance are told from columns by ALIGNED.
GUTTER = 5.5
# A gutter must run through this many bands, with text on both sides in at least MIN_SIDED of them.
MIN_BANDS = 3
MIN_SIDED = 2
# A column's text starts (or ends) within ALIGN points in this many bands: left- (right-) aligned cells.
ALIGNED = 3
ALIGN = 2.0
# Gutters a table of one row needs (a row continued alone on a page, or set apart at another width).
ONE_ROW_GUTTERS = 3


@dataclass(frozen=True)
class Run:
    """Glyphs of one visual line with no gap of GUTTER between them."""

    text: str
    x0: float
    x1: float
    top: float      # median of the glyphs without Thai marks (`_run`)
    bottom: float
    full_top: float  # of every glyph
    full_bottom: float


@dataclass
class Band:
    top: float
    bottom: float
    runs: list[Run] = field(default_factory=list)

    def ink(self) -> list[tuple[float, float]]:
        """The band's runs as x intervals, those closer than GUTTER merged."""
        merged: list[list[float]] = []
        for run in sorted(self.runs, key=lambda r: r.x0):
            if merged and run.x0 - merged[-1][1] < GUTTER:
                merged[-1][1] = max(merged[-1][1], run.x1)
            else:
                merged.append([run.x0, run.x1])
        return [(a, b) for a, b in merged]


@dataclass
class Gutter:
    x0: float
    x1: float
    first: int   # bands[first..last] have no ink in x0..x1
    last: int

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


def _median(values: list[float]) -> float:
    """statistics.median, without its checks: called for every run of every page."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _run(boxes: list[tuple[str, tuple[float, float, float, float]]], height: float) -> Run:
    """A run's vertical extent is the median top and bottom of its glyphs without marks: the x-height
    band on the baseline, the same for every line of one font (a descender or a tall glyph moves a
    line's extent, and with it the white between lines, by as much as cell padding adds)."""
    core = [b for c, b in boxes if category(c) != "Mn"] or [b for _, b in boxes]
    return Run("".join([c for c, _ in boxes]), min([b[0] for _, b in boxes]), max([b[2] for _, b in boxes]),
               height - _median([b[3] for b in core]), height - _median([b[1] for b in core]),
               height - max([b[3] for _, b in boxes]), height - min([b[1] for _, b in boxes]))


def _split(glyphs: list[tuple[str, tuple[float, float, float, float]]], height: float) -> list[Run]:
    """A line's glyphs, left to right → runs, split where white of GUTTER or more parts them."""
    runs = []
    start = 0
    right = glyphs[0][1][2] if glyphs else 0.0
    for index in range(1, len(glyphs)):
        box = glyphs[index][1]
        if box[0] - right >= GUTTER:
            runs.append(_run(glyphs[start:index], height))
            start, right = index, box[2]
        elif box[2] > right:
            right = box[2]
    if glyphs:
        runs.append(_run(glyphs[start:], height))
    return runs


def _inked(raw: str, boxes: list[tuple[float, float, float, float]]) -> list[tuple[str, tuple[float, float, float, float]]]:
    """A line's glyphs that leave ink: no white space, no empty box."""
    return [(c, b) for c, b in zip(raw, boxes, strict=False) if (b[2] > b[0] or b[3] > b[1]) and not c.isspace()]


def ink_runs(layer: TextLayer, height: float, taken: Callable[[float, float], bool] | None,
             running: Callable[[str, float, float], bool]) -> list[Run]:
    """The visual lines' glyphs, split where white of GUTTER or more parts them; glyphs whose centre
    `taken` (a ruled table's) are left out, and lines that are `running` (a page number in the margin)."""
    runs = []
    for raw, boxes in layer.lines:
        glyphs = _inked(raw, boxes)
        if not glyphs or running(raw, height - max([b[3] for _, b in glyphs]), height - min([b[1] for _, b in glyphs])):
            continue
        if taken is not None and taken(glyphs[0][1][0], height - glyphs[0][1][3]) and taken(glyphs[-1][1][2], height - glyphs[-1][1][1]):
            continue  # a line of a ruled table (most of a ruled page: glyph by glyph costs)
        if taken is not None:
            glyphs = [(c, b) for c, b in glyphs if not taken((b[0] + b[2]) / 2, height - (b[1] + b[3]) / 2)]
        runs.extend(_split(sorted(glyphs, key=lambda g: g[1][0]), height))
    return runs


def bands(runs: list[Run]) -> list[Band]:
    """Runs overlapping vertically (without their marks) → one band, top to bottom."""
    result: list[Band] = []
    for run in sorted(runs, key=lambda r: r.top):
        if result and run.top < result[-1].bottom:
            result[-1].runs.append(run)
            result[-1].bottom = max(result[-1].bottom, run.bottom)
        else:
            result.append(Band(run.top, run.bottom, [run]))
    return result


def _free(ink: list[tuple[float, float]], x0: float, x1: float) -> list[tuple[float, float]]:
    """x0..x1 without the ink, pieces of GUTTER or more."""
    pieces, start = [], x0
    for a, b in ink:
        if a - start >= GUTTER:
            pieces.append((start, min(a, x1)))
        start = max(start, b)
    if x1 - start >= GUTTER:
        pieces.append((start, x1))
    return [(a, b) for a, b in pieces if b - a >= GUTTER]


def _longest_per_strip(strips: list[Gutter]) -> list[Gutter]:
    """Of strips with one x extent, the one running from the highest band: the others lie inside it
    (a strip begun beside one narrowed to the same extent), and every band they would add costs."""
    longest: dict[tuple[float, float], Gutter] = {}
    for strip in strips:
        known = longest.get((strip.x0, strip.x1))
        if known is None or strip.first < known.first:
            longest[(strip.x0, strip.x1)] = strip
    return list(longest.values())


def gutters(page_bands: list[Band]) -> list[Gutter]:
    """White strips through consecutive bands: a strip narrows as bands' ink eats into it and ends
    when less than GUTTER is left."""
    if not page_bands:
        return []
    left = min(r.x0 for b in page_bands for r in b.runs)
    right = max(r.x1 for b in page_bands for r in b.runs)
    done: list[Gutter] = []
    open_: list[Gutter] = []
    for index, band in enumerate(page_bands):
        ink = band.ink()
        going: list[Gutter] = []
        for gutter in open_:
            pieces = _free(ink, gutter.x0, gutter.x1)
            if not pieces:
                done.append(gutter)
            going.extend(Gutter(a, b, gutter.first, index) for a, b in pieces)
        continued = {(g.x0, g.x1) for g in going}
        # white wider than the strips going on inside it starts a strip of its own here: a strip that ink
        # above narrowed from one side would otherwise hide the gutter that opens beside it
        going.extend(Gutter(a, b, index, index) for a, b in _free(ink, left, right) if (a, b) not in continued)
        open_ = _longest_per_strip(going)
    return done + open_


def _interleaved(page_bands: list[Band], first: int, last: int) -> list[list[Band]]:
    """Bands first..last → groups of bands closer than a line's height: the lines of cells centred
    vertically in one row fall half a line apart, each on a band of its own, where the lines of
    one cell, or of two rows, are farther apart than their height."""
    height = statistics.median(b.bottom - b.top for b in page_bands[first:last + 1])
    groups: list[list[Band]] = []
    for band in page_bands[first:last + 1]:
        if groups and band.top - groups[-1][-1].bottom < height:
            groups[-1].append(band)
        else:
            groups.append([band])
    return groups


def _sided(gutter: Gutter, page_bands: list[Band], first: int, last: int) -> int:
    """Lines of first..last (bands interleaved by centred cells taken as one) with text on both
    sides of the gutter."""
    return sum(1 for group in _interleaved(page_bands, first, last)
               if any(r.x1 <= gutter.x0 for b in group for r in b.runs) and any(r.x0 >= gutter.x1 for b in group for r in b.runs))


def _most_within(values: list[float], reach: float) -> int:
    """The most of `values` within `reach` of one of them."""
    return max((sum(1 for other in values if abs(other - value) <= reach) for value in values), default=0)


def _aligned(gutter: Gutter, page_bands: list[Band], first: int, last: int) -> bool:
    """The text right of the gutter starts at one x (left-aligned cells), or the text left of it ends
    at one x (right-aligned numbers), or the runs beside it share a centre (centred cells), in ALIGNED
    bands, or in as many as there are lines with text on both sides but one, a centred header (a
    table of two rows): words of prose that leave a strip of white by chance start and end anywhere."""
    starts = ends = 0
    centres_right: list[float] = []
    centres_left: list[float] = []
    for band in page_bands[first:last + 1]:
        right = [r for r in band.runs if r.x0 >= gutter.x1]
        left = [r for r in band.runs if r.x1 <= gutter.x0]
        if right:
            nearest = min(right, key=lambda r: r.x0)
            starts += nearest.x0 - gutter.x1 <= ALIGN
            centres_right.append((nearest.x0 + nearest.x1) / 2)
        if left:
            nearest = max(left, key=lambda r: r.x1)
            ends += gutter.x0 - nearest.x1 <= ALIGN
            centres_left.append((nearest.x0 + nearest.x1) / 2)
    centred = max(_most_within(centres_right, ALIGN / 2), _most_within(centres_left, ALIGN / 2))
    return max(starts, ends, centred) >= max(MIN_SIDED, min(ALIGNED, _sided(gutter, page_bands, first, last) - 1))


def _covering(candidates: list[Gutter], first: int, last: int) -> list[Gutter]:
    """One gutter per strip covering bands first..last (a strip split by ink inside it is two)."""
    chosen: list[Gutter] = []
    for gutter in sorted((g for g in candidates if g.first <= first and last <= g.last), key=lambda g: g.x0):
        if chosen and gutter.x0 <= chosen[-1].x1:  # touching strips, both white through the span: one
            chosen[-1] = Gutter(chosen[-1].x0, max(chosen[-1].x1, gutter.x1), first, last)
            continue
        chosen.append(gutter)
    return chosen


def table_span(candidates: list[Gutter], page_bands: list[Band]) -> tuple[int, int, list[Gutter]] | None:
    """The bands of the largest table (columns × bands) and its column gutters, or None. A caption or
    a short line just above a table crosses some of its gutters and not others: the span whose
    gutters all run through it is the table."""
    valid = [g for g in candidates if g.last - g.first + 1 >= MIN_BANDS and _sided(g, page_bands, g.first, g.last) >= MIN_SIDED
             and _aligned(g, page_bands, g.first, g.last)]
    best: tuple[int, int, int, list[Gutter]] | None = None
    for first in sorted({g.first for g in valid}):
        for last in sorted({g.last for g in valid if g.last >= first + MIN_BANDS - 1}):
            columns = _covering(valid, first, last)
            area = (len(columns) + 1) * (last - first + 1)
            if columns and (best is None or area > best[0]):
                best = (area, first, last, columns)
    return None if best is None else best[1:]


def _groups(page_bands: list[Band]) -> list[tuple[int, int]]:
    """`_interleaved` groups of the page's bands as (first, last) indices."""
    spans, start = [], 0
    for group in _interleaved(page_bands, 0, len(page_bands) - 1) if page_bands else []:
        spans.append((start, start + len(group) - 1))
        start += len(group)
    return spans


def whole_rows(first: int, last: int, page_bands: list[Band]) -> tuple[int, int]:
    """A span's bands without the lines of a row cut by its ends: the first lines of the next row (whose
    gutters went on a line or two, its cells starting at other heights) or the last lines of one above.
    A row's lines are an `_interleaved` group; a group that holds the whole span is kept."""
    for start, end in _groups(page_bands):
        if first < start <= last < end:
            last = start - 1
        if start < first <= end < last:
            first = end + 1
    return first, last


def one_row_span(candidates: list[Gutter], page_bands: list[Band]) -> tuple[int, int, list[Gutter]] | None:
    """The bands of one table row standing alone and its column gutters, or None. Its cells' lines
    interleave as one line of text (`_interleaved`), so no gutter has text on both sides twice; at
    least ONE_ROW_GUTTERS aligned gutters through the whole group make it a row, not prose."""
    weak = [g for g in candidates if g.last - g.first + 1 >= MIN_BANDS and _sided(g, page_bands, g.first, g.last) >= 1
            and _aligned(g, page_bands, g.first, g.last)]
    rows = [(first, last, _covering(weak, first, last)) for first, last in _groups(page_bands) if last - first + 1 >= MIN_BANDS]
    rows = [row for row in rows if len(row[2]) >= ONE_ROW_GUTTERS]
    return max(rows, key=lambda row: (len(row[2]) + 1) * (row[1] - row[0] + 1), default=None)


def _tables_in(page_bands: list[Band], rules: Callable[[], list[tuple[float, float, float]]]) -> list[tuple[BBox, list[list[BBox]]]]:
    candidates = gutters(page_bands)
    span = table_span(candidates, page_bands)
    one_row = span is None
    span = span or one_row_span(candidates, page_bands)
    if span is None:
        return []
    first, last, columns = span
    if not one_row:
        trimmed = whole_rows(first, last, page_bands)
        # cut to one row of lines interleaved by centred cells: rows are not told by line breaks then
        one_row = trimmed != (first, last) and trimmed in _groups(page_bands)
        first, last = trimmed
    table_bands = page_bands[first:last + 1]
    x0 = min(r.x0 for b in table_bands for r in b.runs)
    x1 = max(r.x1 for b in table_bands for r in b.runs)
    across = rules_across(rules(), x0, x1)
    found = table_boxes(table_bands, columns, across, one_row)
    return _tables_in(page_bands[:first], rules) + ([found] if found else []) + _tables_in(page_bands[last + 1:], rules)


def find_aligned_tables(layer: TextLayer, height: float, taken: list[BBox], running: Callable[[str, float, float], bool],
                        level_rules: Callable[[], list[tuple[float, float, float]]]) -> list[tuple[BBox, list[list[BBox]]]]:
    """Tables without vertical rules in what the ruled tables (`taken`) left of the page: (bbox, rows of
    cell boxes). `running(text, top, bottom)`: a visual line no table holds (a page number in the margin).
    `level_rules` gives the page's level rules as (y, x0, x1), asked only when a table is found."""
    def inside(x: float, y: float) -> bool:
        return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in taken)

    page_bands = bands(ink_runs(layer, height, inside if taken else None, running))
    return _tables_in(page_bands, functools.cache(level_rules))  # the rules are read once, when a table is found
