"""PDF page layout: a page's text layer and ruling lines → positioned lines, paragraphs and tables.

Geometry comes from the page's ruling lines (`parsers.pdf.rules`: pypdfium2's path objects fed to
pdfplumber's table algorithm, so pdfminer never parses the page), text from pypdfium2, which honours
/ActualText and keeps Thai marks in order (pdfplumber's own text reorders them). Small steps,
each input → output, which `parsers.readers.pdf` wires together:

  page_lines            a page's text layer → visual lines with their position
  read_page             one page → a PageReading: its tables (cell text from pypdfium2), the lines
                        outside them, the verdict on its text layer (`thai.quality.judge_layer`)
  grid_to_tables        one pdfplumber grid → tables, split where back-to-back tables of other
                        widths were merged into it, with their all-empty columns dropped
  read_tables           the page's ruled grids → Tables whose cells hold the text layer's text
  layer_cell_text       a cell's bounding box → its text, wrapped lines joined (Thai without a space)
  lines_to_paragraphs   lines outside tables → paragraphs, wrapped lines joined
  running_lines         page numbers and lines repeated at the top/bottom of most pages
  pages_to_blocks       the pages in reading order: running lines dropped, a paragraph broken by a
                        page break made whole, tables continued on the next page joined
  join_continued_tables a table running onto the next page → one table (repeated header row
                        dropped, a row split by the page break made whole)

Every string goes through `parsers.thai.repair.repair_thai` once, with its page's defect profile
(`PageReading.profile`: the text layer's diagnosis, or `OCR_PROFILE` for a page OCR read), when its
visual lines are joined; before that, each visual line loses PowerPoint's doubled first glyph (a
line's start is a text box's start).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable

import pypdfium2 as pdfium

from parsers.document import Cell, Line, Origin, Paragraph, Row, Table
from parsers.layout_hints import NO_HINTS, LayoutHints, never_a_header
from parsers.pdf.aligned_accept import goes_on, least_rows, lines_outside
from parsers.pdf.aligned_tables import BBox, find_aligned_tables
from parsers.pdf.anchored_tables import find_anchored_tables
from parsers.pdf.columns import find_columns
from parsers.pdf.frame import upright
from parsers.pdf.grid import GridRow, column_paths, drop_empty_columns, header_rows, split_grid
from parsers.pdf.page import PageLine, PageReading, line_numbers
from parsers.pdf.rules import find_table_grids, page_edges
from parsers.pdf.text_layer import TextLayer, read_text_layer
from parsers.thai.normalise import join_wrapped, normalise_text, squash
from parsers.thai.repair import TextLayerProfile, drop_doubled_starts, repair_thai

# Two lines farther apart than this many times the page's usual line pitch are two paragraphs.
PARAGRAPH_PITCH = 1.25
# Aligned text read as lines sets its own pitch for the prose around it only when the prose's lines
# are this much farther apart (a column of closer lines, seed 003's issue table: 15.9 against 21.9 pt);
# closer pitches are one spacing sampled twice (a real plan's tab-indented list: 20.2 against 20.8).
DISTINCT_PITCH = 1.15
# A line reaching this share of the text width is full: a paragraph ending there may go on.
FULL_LINE = 0.9
# Rows of a header a table may repeat on the next page (a title row, the column names, a second row
# of them) when its geometry does not tell (`Table.header_rows`).
REPEATED_HEADER_ROWS = 3
# Share of the page height at the top and bottom where running headers and footers live.
RUNNING_MARGIN = 0.08
# One optional part carries its own trailing space: `[-\s]*(?:page)?\s*` made a run of spaces quadratic.
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:(?:หน้า|page)\s*)?[\d๐-๙]+(?:\s*(?:/|จาก|of)\s*[\d๐-๙]+)?[-–—\s]*$", re.IGNORECASE)
_DIGITS = re.compile(r"[\d๐-๙]+")


def page_lines(layer: TextLayer, height: float) -> list[PageLine]:
    """Visual lines of the text layer, in pdfium's order, with their vertical extent."""
    lines = []
    for raw, all_boxes in layer.lines:
        if raw.strip():
            boxes = [box for char, box in zip(raw, all_boxes, strict=False) if not char.isspace()]
            boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]] or boxes
            top, bottom = height - max(b[3] for b in boxes), height - min(b[1] for b in boxes)
            lines.append(PageLine(raw, top, bottom, min(b[0] for b in boxes), max(b[2] for b in boxes)))
    return lines


def layer_cell_text(layer: TextLayer, bbox: tuple[float, float, float, float], height: float) -> str:
    x0, top, x1, bottom = bbox
    raw = layer.bounded(x0 + 0.5, height - bottom + 0.5, x1 - 0.5, height - top - 0.5)
    visual = [drop_doubled_starts(line, layer.profile) for line in raw.replace("\r\n", "\n").split("\n")]
    return repair_thai(join_wrapped(visual).strip(), layer.profile)


def grid_to_tables(grid: list[GridRow]) -> list[list[GridRow]]:
    """Rows of cell boxes → tables (`grid.split_grid`: pdfplumber merges back-to-back tables of
    different column widths into one grid; merged cells keep theirs whole), empty columns dropped.
    None stays only where a merged cell covers the position."""
    return [drop_empty_columns(rows) for rows in split_grid(grid)]


def line_pitch(lines: list[PageLine]) -> float:
    """The usual distance between the baselines of two lines of one paragraph on this page (the
    lower quartile of all pitches: most neighbouring lines are inside a paragraph)."""
    pitches = sorted(b.bottom - a.bottom for a, b in itertools.pairwise(lines) if b.bottom > a.bottom)
    return pitches[len(pitches) // 4] if pitches else 0.0


def lines_to_paragraphs(lines: list[PageLine], page: int, first_line: dict[float, int], profile: TextLayerProfile,
                        pitch: float | Callable[[PageLine], float] | None = None) -> list[tuple[float, Paragraph]]:
    """Consecutive lines at the usual pitch (the lines' own, or the page's when given, or the lesser
    `pitch(line)` gives for the two lines) → one Paragraph of one Line (the source's paragraph, its
    wrapped visual lines joined) per group. Pitch, not the gap between glyph boxes: a line without
    tall Thai marks looks farther away."""
    usual = line_pitch(lines) if pitch is None else pitch
    pitch_at = usual if callable(usual) else lambda _line: usual
    groups: list[list[PageLine]] = []
    for line in lines:
        previous = groups[-1][-1] if groups else None
        if previous is None or not 0 < line.bottom - previous.bottom <= PARAGRAPH_PITCH * min(pitch_at(previous), pitch_at(line)):
            groups.append([line])
        else:
            groups[-1].append(line)
    paragraphs = []
    for group in groups:
        raw = repair_thai(join_wrapped([drop_doubled_starts(g.text, profile) for g in group]), profile)
        clean = normalise_text(raw)
        if clean:
            origin = Origin(page=page, line=first_line[group[0].top], raw=raw)
            paragraphs.append((group[0].top, Paragraph([Line(clean, origin)])))
    return paragraphs


def read_page(pdfium_page: pdfium.PdfPage, number: int, hints: LayoutHints = NO_HINTS) -> PageReading:
    """One page → its tables (grids from the ruling lines, then tables without vertical rules that
    start at a row `hints.opens_table`; cell text from the text layer), the visual lines
    outside them, and the verdict on its text layer."""
    with upright(pdfium_page) as (text_page, frame):  # one frame for text and rules: the page as shown, text upright
        height = pdfium_page.get_height()
        layer = read_text_layer(text_page)
        lines = page_lines(layer, height)
        page = PageReading(number, line_of=line_numbers({line.top for line in lines}), profile=layer.profile,
                           text_quality=layer.verdict.quality, layer_reason=layer.verdict.reason, reason=frame.reason,
                           height=height, width=pdfium_page.get_width())
        table_boxes, page.aligned_prose = read_tables(pdfium_page, layer, page, hints)
    page.lines = [line for line in lines if not _inside_any(line, table_boxes)]
    page.columns = find_columns([(line.top, line.bottom, line.x0, line.x1) for line in page.lines],
                                [(top, bottom, x0, x1) for x0, top, x1, bottom in table_boxes])
    return page


def _inside_any(line: PageLine, boxes: list[BBox]) -> bool:
    """The line starts inside one of the boxes (a point of slack), its middle within its height."""
    return any(x0 - 1 <= line.x0 <= x1 + 1 and top - 1 <= (line.top + line.bottom) / 2 <= bottom + 1 for x0, top, x1, bottom in boxes)


def _running(height: float) -> Callable[[str, float, float], bool]:
    """A visual line that is a page number in the top or bottom margin (no table holds it)."""
    def running(text: str, top: float, bottom: float) -> bool:
        return (top < RUNNING_MARGIN * height or bottom > (1 - RUNNING_MARGIN) * height) and bool(_PAGE_NUMBER.match(text))
    return running


def _level_rules(edges: list[dict]) -> Callable[[], list[tuple[float, float, float]]]:
    def level_rules() -> list[tuple[float, float, float]]:
        return [(e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h" and not e.get("shading")]
    return level_rules


def read_tables(pdfium_page: pdfium.PdfPage, layer: TextLayer, page: PageReading,
                hints: LayoutHints = NO_HINTS) -> tuple[list[BBox], list[BBox]]:
    """The page's tables into `page.tables` (cell text from the text layer, repaired by its profile):
    ruled grids first, then tables without vertical rules in the rest (`aligned_tables`) that hold a
    row `hints.opens_table`, from that row when it is a header (rows above stay prose), else whole;
    returns the bounding box of each, and those of the aligned text that stays prose."""
    height = pdfium_page.get_height()
    found = []
    kept: list[tuple[BBox, int]] = []  # each table read: its box and width
    edges = page_edges(pdfium_page)  # read once: the grids' rules, and the row rules of tables without vertical ones
    for bbox, grid in find_table_grids(pdfium_page, edges=edges):
        for boxes in grid_to_tables(grid):
            page.tables.append(boxes_to_table(boxes, layer, page, height))
            kept.append((_outline(boxes), page.tables[-1][1].width))
        found.append(bbox)
    if hints.opens_table is never_a_header:
        return found, []  # no row could open a table without rules: skip looking for one
    prose: list[BBox] = []
    lines = functools.cache(lambda: lines_outside(layer, height, _running(height)))  # read once, if a rule asks
    for bbox, boxes in find_aligned_tables(layer, height, list(found), _running(height), _level_rules(edges)):
        _top, table = boxes_to_table(boxes, layer, page, height)
        opens = next((index for index, row in enumerate(table.rows) if hints.opens_table(row)), None)
        # a header row above which the aligned text is something else (a caption, the end of the
        # previous table), or a row of data (a score) whose table began with the aligned text
        header = opens if opens is None or hints.is_header_row(table.rows[opens]) else 0
        if header is None and goes_on(bbox, table.width, kept, lines):
            header = 0  # rows without a header that go on a table just above, or open the page (one continued)
        if header is None or len(table.rows) - header < least_rows(header, opens, bbox, lines):
            prose.append(bbox)
            continue
        top = boxes[header][0][1]
        page.tables.append((top, Table(table.rows[header:])))
        found.append((bbox[0], top, bbox[2], bbox[3]))
        kept.append((found[-1], table.width))
        if header:
            prose.append((bbox[0], bbox[1], bbox[2], top))
    if prose:  # aligned text no table was read from: a known header may still open one (too few rows to align)
        _anchored_tables(layer, page, hints, found, height)
    return found, prose


def _opens_header(hints: LayoutHints) -> Callable[[list[str]], bool]:
    def opens(texts: list[str]) -> bool:
        row = Row(tuple(Cell(t) for t in texts), Origin(page=None, line=None, raw="\t".join(texts)))
        # a measure table's header, or a score table's (its cells name columns: no figure in them)
        return hints.opens_table(row) and (hints.is_header_row(row) or not any(c.isdigit() for t in texts for c in t))
    return opens


def _anchored_tables(layer: TextLayer, page: PageReading, hints: LayoutHints, found: list[BBox], height: float) -> None:
    """Tables opened by a header of known column names over a row or more (`anchored_tables`) into
    `page.tables`, their boxes into `found`."""
    for bbox, boxes in find_anchored_tables(layer, height, list(found), _running(height), _opens_header(hints)):
        top, table = boxes_to_table(boxes, layer, page, height)
        page.tables.append((top, table))
        found.append(bbox)


def _outline(boxes: list[GridRow]) -> BBox:
    cells = [box for row in boxes for box in row if box is not None]
    return min(b[0] for b in cells), min(b[1] for b in cells), max(b[2] for b in cells), max(b[3] for b in cells)


def boxes_to_table(boxes: list[GridRow], layer: TextLayer, page: PageReading, height: float) -> tuple[float, Table]:
    """One table's cell boxes → (its top, the Table): cell text from the text layer, a position a
    merged cell covers empty, a header of several rows named per column (`grid.column_paths`)."""
    tops = sorted(page.line_of)
    rows, texts = [], []
    for cells in boxes:
        top = min(box[1] for box in cells if box is not None)
        at = bisect.bisect_left(tops, top - 1)  # the first line from a point above the row: a spreadsheet has thousands
        line = page.line_of[tops[at]] if at < len(tops) else len(tops) or 1
        texts.append([layer_cell_text(layer, box, height) if box is not None else "" for box in cells])
        rows.append(Row(tuple(Cell(t) for t in texts[-1]), Origin(page=page.number, line=line, raw="\t".join(texts[-1]))))
    header = header_rows(boxes)
    columns = column_paths(boxes, texts, header) if header else ()
    return min(box[1] for box in boxes[0] if box is not None), Table(rows, header, columns)


def running_lines(pages: list[PageReading], page_height: float, page_width: float = 0.0) -> set[str]:
    """Texts (digits masked) of lines in the top/bottom margin that are page numbers or repeat on most pages.
    The margin is a share of the page's longer side: a page turned to landscape keeps its paper margins."""
    top_margin = RUNNING_MARGIN * max(page_height, page_width)
    bottom_margin = (1 - RUNNING_MARGIN) * page_height - RUNNING_MARGIN * max(0.0, page_width - page_height)
    seen: dict[str, int] = {}
    for page in pages:
        for line in page.lines:
            if line.top < top_margin or line.bottom > bottom_margin:
                key = _DIGITS.sub("#", line.text.strip())
                seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if _PAGE_NUMBER.match(key.replace("#", "1")) or (len(pages) > 2 and count > len(pages) / 2)}


def repeated_header(rows: list[Row], previous: Table) -> int:
    """How many of the first rows repeat the previous table's first rows: its header, repeated on
    the new page by Word ('repeat as header row'), often a title row over the column names."""
    count = 0
    for row, earlier in zip(rows[:max(REPEATED_HEADER_ROWS, previous.header_rows)], previous.rows, strict=False):
        if [squash(t) for t in row.texts] != [squash(t) for t in earlier.texts]:
            break
        count += 1
    return count


def join_continued_tables(blocks: list[Paragraph | Table], starts_page: list[bool], hints: LayoutHints) -> list[Paragraph | Table]:
    """A table that is the first block of a page, right after a table of the same width, continues it
    (unless its first row is a header of its own: `hints.is_header_row`); a first row that does not
    start a row (`hints.starts_row`) is the rest of the previous page's last row."""
    joined: list[Paragraph | Table] = []
    for block, first_on_page in zip(blocks, starts_page, strict=True):
        previous = joined[-1] if joined else None
        if not (first_on_page and isinstance(block, Table) and isinstance(previous, Table) and block.width == previous.width):
            joined.append(block)
            continue
        rows = list(block.rows)
        repeated = repeated_header(rows, previous)
        if repeated:
            rows = rows[repeated:]  # the header (its rows) repeated on the new page
        elif rows and (block.header_rows or hints.is_header_row(rows[0])):
            joined.append(block)  # a header of its own: a new table that happens to start the page
            continue
        if rows and not hints.starts_row(next((t for t in rows[0].texts if t), "")) and previous.rows:
            last, split = previous.rows[-1], rows.pop(0)
            texts = [a + b for a, b in zip(last.texts, split.texts, strict=False)]
            # a row whose top the break left empty (a sliver of a merged row) is quoted where its text is
            previous.rows[-1] = Row(tuple(Cell(t) for t in texts), last.origin if any(last.texts) else split.origin)
        previous.rows.extend(rows)
    return joined


def ends_inside_paragraph(lines: list[PageLine], page_blocks: list[tuple[float, Paragraph | Table]]) -> bool:
    """The page's last block is prose whose last line runs to the right margin: the paragraph goes on."""
    if not lines or not page_blocks or not isinstance(page_blocks[-1][1], Paragraph):
        return False
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    last = max(lines, key=lambda line: line.top)
    return last.x1 >= left + FULL_LINE * (right - left)



def _join_broken_paragraph(previous: Paragraph, continued: Paragraph) -> None:
    """A paragraph broken by the page break: its halves are one line of the source."""
    last, first = previous.lines[-1], continued.lines[0]
    raw = join_wrapped([last.origin.raw, first.origin.raw])
    previous.lines[-1] = Line(normalise_text(raw), Origin(last.origin.page, last.origin.line, raw))
    previous.lines.extend(continued.lines[1:])


_Keyed = tuple[tuple[float, int, float], float, Paragraph | Table]  # (reading key, top, block)


def _runs_on(left: list[PageLine], right: list[PageLine], last: Paragraph | Table, pitch: float) -> bool:
    """The left column of a section ends inside its last paragraph, which goes on at the top of the
    right one: the paragraph's last line is full and the column reaches the section's bottom (a short
    column, a heading beside the text, ends where it ends)."""
    if not left or not right:
        return False
    return (ends_inside_paragraph(left, [(0.0, last)])
            and max(line.bottom for line in left) >= max(line.bottom for line in right) - pitch)


def _join_across_columns(keyed: list[_Keyed], groups: dict[tuple[float, int], list[PageLine]], pitch: float) -> list[_Keyed]:
    """Blocks in reading order, a paragraph broken by the column break made whole."""
    ordered: list[_Keyed] = []
    for key, top, block in sorted(keyed, key=lambda k: k[0]):
        previous = ordered[-1] if ordered else None
        if (previous and key[1] == 2 and previous[0][:2] == (key[0], 1) and isinstance(block, Paragraph)
                and isinstance(previous[2], Paragraph)
                and _runs_on(groups.get((key[0], 1), []), groups.get((key[0], 2), []), previous[2], pitch)):
            _join_broken_paragraph(previous[2], block)
            ordered[-1] = (key, *previous[1:])
            continue
        ordered.append((key, top, block))
    return ordered


def _paragraphs(page: PageReading, lines: list[PageLine]) -> list[tuple[float, Paragraph]]:
    """The page's lines → paragraphs; a line of aligned text read as lines (`page.aligned_prose`: no
    row of it opens a table) joins at the pitch of all lines, as before, the prose's at the pitch of
    the lines outside: the aligned lines, a column wide and often closer, would set the pitch and
    break the prose apart."""
    if not any(_inside_any(line, page.aligned_prose) for line in lines):
        return lines_to_paragraphs(lines, page.number, page.line_of, page.profile)
    every = line_pitch(lines)
    prose = line_pitch([line for line in lines if not _inside_any(line, page.aligned_prose)]) or every
    if prose < DISTINCT_PITCH * every:  # one spacing measured on fewer lines: the page's sample is the better
        return lines_to_paragraphs(lines, page.number, page.line_of, page.profile)
    return lines_to_paragraphs(lines, page.number, page.line_of, page.profile,
                               lambda line: every if _inside_any(line, page.aligned_prose) else prose)


def blocks_in_reading_order(page: PageReading, lines: list[PageLine]) -> list[tuple[float, Paragraph | Table]]:
    """The page's tables and the paragraphs of its lines, by their top; on a two-column page
    (`page.columns`) section by section, the left column before the right."""
    layout = page.columns
    if layout is None:
        return sorted(page.tables + _paragraphs(page, lines), key=lambda b: b[0])
    groups: dict[tuple[float, int], list[PageLine]] = {}
    for line in lines:
        groups.setdefault(layout.key(line.top, line.x0, line.x1)[:2], []).append(line)
    pitch = line_pitch(lines)  # the page's: a column's few lines make a poor sample
    keyed: list[_Keyed] = [((*group, top), top, block) for group, members in groups.items()
                           for top, block in lines_to_paragraphs(members, page.number, page.line_of, page.profile, pitch)]
    keyed += [(layout.table_key(top), top, table) for top, table in page.tables]
    return [(top, block) for _key, top, block in _join_across_columns(keyed, groups, pitch)]


def pages_to_blocks(pages: list[PageReading], page_height: float, hints: LayoutHints, page_width: float = 0.0) -> list[Paragraph | Table]:
    """Every page's blocks in reading order: running headers, footers and page numbers dropped, a
    paragraph broken by a page break made whole, tables continued on the next page joined."""
    running = running_lines(pages, page_height, page_width)
    ordered: list[Paragraph | Table] = []
    starts_page: list[bool] = []
    continues = False  # the previous page ended inside a paragraph
    for page in pages:
        kept = [line for line in page.lines if _DIGITS.sub("#", line.text.strip()) not in running]
        page_blocks = blocks_in_reading_order(page, kept)
        for position, (_top, block) in enumerate(page_blocks):
            if position == 0 and continues and isinstance(block, Paragraph) and ordered and isinstance(ordered[-1], Paragraph):
                _join_broken_paragraph(ordered[-1], block)
                continue
            ordered.append(block)
            starts_page.append(position == 0)
        continues = ends_inside_paragraph(kept, page_blocks)
    return join_continued_tables(ordered, starts_page, hints)
