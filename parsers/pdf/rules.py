"""Ruled table grids from pypdfium2's page objects: pdfplumber's "lines" table finder without pdfminer.

pdfplumber's `find_tables` makes pdfminer parse every object of the page (characters included,
most of its cost) only to read the ruling lines and rectangles. Here the same edges are read from
pdfium's path objects, recorded and classified exactly as pdfminer and pdfplumber record them, and
handed to pdfplumber's own `TableFinder`, so the grids are pdfplumber's. Steps, each input → output:

  page_matrix       a page's /Rotate and media box → pdfminer's page transform (user space → device)
  page_frame        the same → pdfplumber's conversion of device coordinates (top from the top)
  as_written        a 32-bit float of pdfium's → the number the content stream wrote (pdfminer's)
  path_objects      the page's path objects, those inside form XObjects too → (object, its matrix
                    to device space)
  path_segments     one path object → its segments (kind, point in path space, closes the subpath)
  subpaths          segments → subpaths as pdfminer records them: a shape of m/l/c/h and end points
  subpath_edges     one subpath → pdfplumber edges, classified as pdfminer does: a line (one
                    edge), a rectangle (four: rules and cell borders alike), else a curve (one edge
                    per pair of consecutive points)
  page_edges        a page → every edge, in pdfplumber's coordinates (x from the left, top from the
                    top of the media box); the sides of shading (`is_shading`) marked as such
  close_open_rows   a rule across a table row left open by the page break (browsers draw none)
  find_table_grids  a page → pdfplumber's tables under {"vertical_strategy": "lines",
                    "horizontal_strategy": "lines"}: (bbox, rows of cell boxes, None for a gap),
                    from the edges that are rules (shading left out)
"""

from __future__ import annotations

import ctypes
import itertools
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder, TableSettings

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
BBox = tuple[float, float, float, float]
Grid = list[list[BBox | None]]

# pdfplumber's defaults, as `read_page` asks for them.
_SETTINGS = TableSettings.resolve({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
# Form XObjects nested deeper than this are not read (pypdfium2's own default).
MAX_FORM_DEPTH = 15
# A filled rectangle at most this thick (points) one way is a rule (Chromium and Word draw every
# border so; Word's thickest border is 6 pt, its usual ones 0.5–1.5 pt); thicker both ways, shading.
RULE_MAX_THICKNESS = 3.0
_SUBPATH = re.compile(r"m[^m]+")


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """m1 then m0, as pdfminer's `mult_matrix` computes it (same float rounding)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _apply(m: Matrix, x: float, y: float) -> Point:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def page_matrix(page: pdfium.PdfPage) -> Matrix:
    """pdfminer's page transform (`PDFPageInterpreter.process_page`): the media box's lower left
    corner to the origin, turned by /Rotate. pdfium's objects are in unrotated user space."""
    x0, y0, x1, y1 = page.get_mediabox()
    return {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0)}.get(page.get_rotation(), (1, 0, 0, 1, -x0, -y0))


@lru_cache(maxsize=65536)
def as_written(value: float) -> float:
    """pdfium keeps numbers as 32-bit floats (0.48 → 0.4799999893), pdfminer as the doubles the
    content stream wrote: the shortest decimal that is the same 32-bit float gives that number back.
    pdfplumber's table finder compares snapped coordinates exactly, so the last bits matter."""
    for digits in (6, 7, 8):
        decimal = float(f"{value:.{digits}g}")
        if struct.unpack("f", struct.pack("f", decimal))[0] == value:
            return decimal
    return value


def _object_matrix(handle: pdfium_c.FPDF_PAGEOBJECT) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(handle, m):
        return (1, 0, 0, 1, 0, 0)
    return (as_written(m.a), as_written(m.b), as_written(m.c), as_written(m.d), as_written(m.e), as_written(m.f))


def path_objects(page: pdfium.PdfPage, outer: Matrix, form: pdfium_c.FPDF_PAGEOBJECT | None = None,
                 level: int = 0) -> Iterator[tuple[pdfium_c.FPDF_PAGEOBJECT, Matrix]]:
    """Path objects (raw handles) with their matrix to device space. A form's children are in the
    form's space (its matrix maps them to the parent's), so matrices are composed on the way down.
    Raw handles, not `page.get_objects`: its wrapper per object (text objects are most of a page)
    cost more than reading the paths."""
    if form is None:
        count, get = pdfium_c.FPDFPage_CountObjects(page.raw), partial(pdfium_c.FPDFPage_GetObject, page.raw)
    else:
        count, get = pdfium_c.FPDFFormObj_CountObjects(form), partial(pdfium_c.FPDFFormObj_GetObject, form)
    for i in range(count):
        handle = get(i)
        kind = pdfium_c.FPDFPageObj_GetType(handle) if handle else None
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield handle, _mult(_object_matrix(handle), outer)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < MAX_FORM_DEPTH - 1:
            yield from path_objects(page, _mult(_object_matrix(handle), outer), handle, level + 1)


# pdfium's per-segment calls with plain C prototypes (addresses as ints): pypdfium2's bindings convert
# every argument through its argtypes, and a page of ruled tables has thousands of segments.
_ADDRESS = ctypes.c_void_p
_COUNT_SEGMENTS = ctypes.cast(pdfium_c.FPDFPath_CountSegments, ctypes.CFUNCTYPE(ctypes.c_int, _ADDRESS))
_GET_SEGMENT = ctypes.cast(pdfium_c.FPDFPath_GetPathSegment, ctypes.CFUNCTYPE(ctypes.c_void_p, _ADDRESS, ctypes.c_int))
_SEGMENT_POINT = ctypes.cast(pdfium_c.FPDFPathSegment_GetPoint, ctypes.CFUNCTYPE(ctypes.c_int, _ADDRESS, _ADDRESS, _ADDRESS))
_SEGMENT_TYPE = ctypes.cast(pdfium_c.FPDFPathSegment_GetType, ctypes.CFUNCTYPE(ctypes.c_int, _ADDRESS))
_SEGMENT_CLOSES = ctypes.cast(pdfium_c.FPDFPathSegment_GetClose, ctypes.CFUNCTYPE(ctypes.c_int, _ADDRESS))


def path_segments(handle: pdfium_c.FPDF_PAGEOBJECT) -> list[tuple[int, float, float, bool]]:
    """(FPDF_SEGMENT_* kind, x, y, closes the subpath) of every segment, in the path's space."""
    path = ctypes.cast(handle, ctypes.c_void_p).value
    point = (ctypes.c_float * 2)()
    x, y = ctypes.addressof(point), ctypes.addressof(point) + ctypes.sizeof(ctypes.c_float)
    segments = []
    for i in range(_COUNT_SEGMENTS(path)):
        segment = _GET_SEGMENT(path, i)
        _SEGMENT_POINT(segment, x, y)
        segments.append((_SEGMENT_TYPE(segment), as_written(point[0]), as_written(point[1]), bool(_SEGMENT_CLOSES(segment))))
    return segments


def subpaths(segments: list[tuple[int, float, float, bool]], matrix: Matrix) -> list[tuple[str, list[Point]]]:
    """Segments → (shape, device points) per subpath, as pdfminer's `paint_path` sees them: one
    letter and one end point per operator ("c" for a Bézier, whose control points pdfminer drops;
    "h" for a close, at the subpath's start). pdfium turns `h` into a closing line back to the
    start, or a close flag on a last point already there: read as that point then "h", the line
    pdfium added is the redundant "l" before "h" that `subpath_edges` drops as pdfminer does."""
    if not segments or segments[0][0] != pdfium_c.FPDF_SEGMENT_MOVETO:
        return []  # pdfminer paints nothing of a path that does not begin with a move
    shape: list[str] = []
    points: list[Point] = []
    start: Point = (0.0, 0.0)
    beziers = 0
    for kind, x, y, closes in segments:
        point = _apply(matrix, x, y)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            beziers += 1
            if beziers % 3:
                continue  # a control point: pdfminer keeps only where the curve ends
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        letter = {pdfium_c.FPDF_SEGMENT_MOVETO: "m", pdfium_c.FPDF_SEGMENT_LINETO: "l"}.get(kind, "c")
        shape.append(letter)
        points.append(point)
        if closes:
            shape.append("h")
            points.append(start)
    text = "".join(shape)
    return [(text[m.start():m.end()], points[m.start():m.end()]) for m in _SUBPATH.finditer(text)]


@dataclass(frozen=True)
class _Frame:
    """pdfplumber's conversion of device coordinates (`Page.process_object`, `point2coord`)."""

    width: float   # of the media box, turned by /Rotate
    height: float
    left: float    # the media box's x0 and (inverted) top, which pdfminer subtracted
    top: float

    def box(self, x0: float, y0: float, x1: float, y1: float) -> BBox:
        """A device bbox → (x0, top, x1, bottom)."""
        return x0 + self.left, (self.height - y1) + self.top, x1 + self.left, (self.height - y0) + self.top

    def point(self, p: Point) -> Point:
        return self.left + p[0], self.top + self.height - p[1]


def page_frame(page: pdfium.PdfPage) -> _Frame:
    """pdfplumber's `Page.mediabox` (sorted, width and height swapped on a turned page, inverted)."""
    a, b, c, d = page.get_mediabox()
    x0, x1 = sorted((a, c))
    y0, y1 = sorted((b, d))
    if page.get_rotation() in (90, 270):
        x0, y0, x1, y1 = y0, x0, y1, x1
    return _Frame(width=x1 - x0, height=y1 - y0, left=x0, top=-y0)


def _edge(kind: str, box: BBox, orientation: str | None) -> dict:
    x0, top, x1, bottom = box
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _bound(points: list[Point]) -> BBox:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _rect_edges(box: BBox) -> list[dict]:
    """pdfplumber's `rect_to_edges`: the four sides of a rectangle, a thin filled rule's too."""
    x0, top, x1, bottom = box
    return [_edge("rect_edge", (x0, top, x1, top), "h"), _edge("rect_edge", (x0, bottom, x1, bottom), "h"),
            _edge("rect_edge", (x0, top, x0, bottom), "v"), _edge("rect_edge", (x1, top, x1, bottom), "v")]


def _curve_edges(points: list[Point], frame: _Frame) -> list[dict]:
    """pdfplumber's `curve_to_edges`: one edge per pair of consecutive points, "v"/"h" only when
    exactly upright/level (others are dropped by the finder's orientation filter)."""
    pts = [frame.point(p) for p in points]
    edges = []
    for (ax, ay), (bx, by) in itertools.pairwise(pts):
        orientation = "v" if ax == bx else ("h" if ay == by else None)
        edges.append(_edge("curve_edge", (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)), orientation))
    return edges


def _is_rect(points: list[Point]) -> bool:
    """pdfminer's test for a rectangle: a closed loop of four sides, each exactly upright or level."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    return points[0] == points[4] and square


def subpath_edges(shape: str, points: list[Point], frame: _Frame) -> list[dict]:
    """One subpath → edges, classified as pdfminer's `paint_path` and pdfplumber's `obj_to_edges` do."""
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", points[:-1]  # a redundant line back to the start
    if shape in ("ml", "mlh"):
        box = frame.box(*_bound(points[:2]))
        # pdfplumber's `line_to_edge`: level only when exactly level; a slanted line counts as "v"
        return [_edge("line", box, "h" if box[1] == box[3] else "v")]
    if shape in ("mlllh", "mllll") and _is_rect(points):
        return _rect_edges(frame.box(*_bound([points[0], points[2]])))
    return _curve_edges(points, frame)


def fill_only(handle: pdfium_c.FPDF_PAGEOBJECT) -> bool:
    """The path is filled and not stroked (pdfium's draw mode)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(handle, ctypes.byref(fill), ctypes.byref(stroke)):
        return False
    return fill.value != pdfium_c.FPDF_FILLMODE_NONE and not stroke.value


def is_shading(edges: list[dict]) -> bool:
    """One filled-only subpath's edges are a rectangle thicker than a rule both ways: a cell's or a
    paragraph's background. Word, LibreOffice and Chromium paint backgrounds so, often a little
    inside the cell (LibreOffice's paragraph background is a line high), and pdfplumber takes their
    sides for rules: a shaded header cell cut into slivers, the table into pieces."""
    if len(edges) != 4 or any(e["object_type"] != "rect_edge" for e in edges):
        return False
    top, left = edges[0], edges[2]
    return top["x1"] - top["x0"] > RULE_MAX_THICKNESS and left["bottom"] - left["top"] > RULE_MAX_THICKNESS


def page_edges(page: pdfium.PdfPage) -> list[dict]:
    """A page's ruling lines, rectangle sides and straight curve pieces as pdfplumber's `Page.edges`
    gives them (x0, x1, top, bottom, width, height, orientation, object_type); the sides of a
    shading rectangle carry "shading": True (pdfplumber's edges have no such key)."""
    frame = page_frame(page)
    edges: list[dict] = []
    for handle, matrix in path_objects(page, page_matrix(page)):
        filled = fill_only(handle)
        for shape, points in subpaths(path_segments(handle), matrix):
            found = subpath_edges(shape, points, frame)
            if filled and is_shading(found):
                found = [{**e, "shading": True} for e in found]
            edges.extend(found)
    return edges


@dataclass
class _EdgePage:
    """What `TableFinder` reads of a page under the "lines" strategies: its edges (and its bbox,
    read only for explicit lines)."""

    edges: list[dict]
    bbox: BBox


# How close (points) a rule's end must come to a crossing rule to count as closed, and how long a
# rule must be to count as a border (not the end of a border's own thin rectangle).
CLOSING_TOLERANCE = 3.0
MIN_BORDER_LENGTH = 10.0
MIN_OPEN_BORDERS = 3        # a table's side borders and at least one column border between them


def _closed_at(y: float, x: float, level: list[dict]) -> bool:
    return any(abs(h["top"] - y) <= CLOSING_TOLERANCE and h["x0"] - CLOSING_TOLERANCE <= x <= h["x1"] + CLOSING_TOLERANCE
               for h in level)


def close_open_rows(edges: list[dict]) -> list[dict]:
    """Edges plus a rule across the open end of a table row cut by the page break.

    Browsers (Chromium/Skia) draw no bottom border under a row that goes on on the next page (nor a
    top border over its rest): the column borders just stop, the finder sees no closed cell, and the
    row is lost to prose. Where at least MIN_OPEN_BORDERS column borders stop at the same height,
    with no rule there and nothing ruled beyond it on the page, a rule joining them is added."""
    # the sides of a border's own thin rectangle are no rule across the row
    level = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= MIN_BORDER_LENGTH]
    upright = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= MIN_BORDER_LENGTH]
    if not upright:
        return edges
    added: list[dict] = []
    for end, extreme in (("top", min(e["top"] for e in edges)), ("bottom", max(e["bottom"] for e in edges))):
        xs = [v["x0"] for v in upright if abs(v[end] - extreme) <= CLOSING_TOLERANCE and not _closed_at(v[end], v["x0"], level)]
        if len({round(x) for x in xs}) >= MIN_OPEN_BORDERS:
            added.append(_edge("line", (min(xs), extreme, max(xs), extreme), "h"))
    return edges + added


def find_table_grids(page: pdfium.PdfPage, close_rows: bool = True, edges: list[dict] | None = None) -> list[tuple[BBox, Grid]]:
    """pdfplumber's tables of the page, found from `page_edges` without the sides of shading: (bbox,
    rows of cell boxes), what `found.bbox` and `[row.cells for row in found.rows]` give for
    `plumber_page.find_tables(...)` on the page without its shading rectangles; rows cut open by a
    page break closed first (`close_open_rows`). `edges`: the page's `page_edges`, when the caller
    has them already (its level rules serve the tables without vertical rules too)."""
    rules = [e for e in (page_edges(page) if edges is None else edges) if not e.get("shading")]
    edges = close_open_rows(rules) if close_rows else rules
    if not edges:
        return []
    frame = page_frame(page)
    stand_in = _EdgePage(edges, (frame.left, frame.top, frame.left + frame.width, frame.top + frame.height))
    finder = TableFinder(stand_in, _SETTINGS)  # type: ignore[arg-type]  # duck-typed: edges and bbox only
    return [(table.bbox, [row.cells for row in table.rows]) for table in finder.tables]
