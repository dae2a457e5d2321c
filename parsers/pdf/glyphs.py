"""A PDF page's text layer, each glyph's text once and in order; and whether that layer is text at all.

Repeated clusters (Skia/Chromium/Google Docs PDFs). Skia writes each Thai cluster that is more than
one glyph inside a `/Span <</ActualText (…)>> BDC … EMC`, and when a mark is moved by the font's
positioning (GPOS) it ends the `Tj` and starts another after a `Td`, so one cluster is two or three
text objects under one ActualText. pdfium gives the ActualText once per text object and drops it
only for an object that comes right after one with the same ActualText; but it sorts the text
objects of a line by the x of their origin, and a mark's origin is often a hair right of the next
cluster's (`-.1875 0 Td`), so the mark's object lands after the next cluster and the ActualText is
given again there: `ชี้วั ชี้ ด`, `ที่ที่ที่`. pdfium also puts a space of its own wherever an object
it skipped left a gap (`ดำ เนิน`: the NIKHAHIT and SARA AA objects of ดำ give no text).

  has_actual_text       a PdfTextPage → whether any of its text is in an ActualText span (only
                        then is there anything to fix)
  read_glyphs           a PdfTextPage → its characters as pdfium orders them, with box, text
                        object and ActualText span
  span_extents          ActualText spans → the box of all their text objects
  drop_repeated_spans   characters → the same, an ActualText given again by another object of
                        its span dropped
  drop_false_spaces     characters → the same, pdfium's own spaces dropped where the span's
                        objects leave no gap
  clean_glyphs          a PdfTextPage → its characters, repeats and false spaces dropped
  glyph_lines           characters → lines (pdfium's "\\r\\n"), each with a box per character
  text_lines            a PdfTextPage → clean lines (what `get_text_range().split("\\r\\n")` gives
                        on a PDF without the defect)
  bounded_text          characters overlapping a rectangle → text, as `get_text_bounded` puts
                        it together ("\r\n" between lines; equal to it on PDFs without the defect)

Wiring (parsers/pdf/layout.py): per page, `glyphs = clean_glyphs(text_page)` once when
`has_actual_text(text_page)`; then page_lines iterates `glyph_lines(glyphs)` (line.text, and
line.boxes for the non-space characters) instead of splitting get_text_range, and layer_cell_text calls
`bounded_text(glyphs, left=…, bottom=…, right=…, top=…)` with get_text_bounded's arguments. Pages
without ActualText can keep pdfium's calls (same text, cheaper).

Whether a layer is text at all (a scanner's OCR junk, garbled font maps: pages to OCR) is judged
once per page, by `parsers.thai.quality.judge_layer` (`parsers.pdf.text_layer`).
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers.pdf import pdfium_calls as calls

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points, as get_charbox gives

# A space pdfium made up between two glyphs closer than this share of the line's height is no
# word gap: Chromium writes every real space as a glyph.
FALSE_SPACE_GAP = 0.25
_LINE_BREAK = "\r\n"
# pdfium marks a word broken at the end of a line as U+FFFE in the page's text, U+0002 in a bounded text.
_BOUNDED_CHAR = {"\ufffe": "\x02"}
_CHAR, _BOX = operator.itemgetter(0), operator.itemgetter(1)    # of a Glyph
_BOTTOM, _TOP = operator.itemgetter(1), operator.itemgetter(3)  # of a Box


class Glyph(NamedTuple):
    """One character of pdfium's text layer (a named tuple: a page makes thousands, and a tuple is
    built at half a frozen dataclass's cost)."""

    char: str
    box: Box
    generated: bool = False   # made up by pdfium (a space or line break), no glyph behind it
    obj: int = 0              # the text object it was read from (0: none)
    span: int = 0             # the ActualText span it belongs to (0: none)
    y: float = 0.0            # its origin's baseline (pdfium starts a new line of a bounded text there)


@dataclass(frozen=True, slots=True)
class LayerLine:
    """One line of the text layer: its text and one box per character."""

    text: str
    boxes: tuple[Box, ...]


# pdfium makes up only spaces and line breaks (CPDF_TextPage); other characters are never generated.
_MAY_BE_GENERATED = frozenset(" \r\n")


def _actual_text_span(obj: int) -> int:
    """The ActualText marked-content item the object at this address is inside (its address; 0 when none)."""
    size = ctypes.c_ulong()
    for index in range(calls.COUNT_MARKS(obj)):
        mark = calls.GET_MARK(obj, index)
        if mark and calls.MARK_STRING_PARAM(mark, b"ActualText", None, 0, ctypes.addressof(size)):
            return mark
    return 0


def _page_objects(page: pdfium.PdfPage) -> Iterator[int]:
    """Addresses of the page's top-level objects (`get_objects(max_depth=1)` without a wrapper each)."""
    raw = calls.address(page.raw)
    for index in range(calls.COUNT_OBJECTS(raw)):
        obj = calls.GET_OBJECT(raw, index)
        if obj:
            yield obj


def read_glyphs(text_page: pdfium.PdfTextPage, spans: dict[int, int] | None = None) -> list[Glyph]:
    """pdfium's characters in its order (the indices of `get_text_range`). `spans` (a text object's
    address → its ActualText span) is filled as objects are met, for `span_extents` to reuse."""
    raw = calls.address(text_page.raw)
    # left, right, bottom, top, origin x, origin y: written by pdfium, read back in one unpacking
    values = (ctypes.c_double * 6)()
    left, right, bottom, top, x, y = (ctypes.addressof(values) + k * ctypes.sizeof(ctypes.c_double) for k in range(6))
    spans = {} if spans is None else spans
    spans[0] = 0
    glyphs: list[Glyph] = []
    # locals, and tuple.__new__ for the named tuple (no Python frame): once per character of the page
    append, make, text_object, is_generated, char_box, char_origin = (
        glyphs.append, tuple.__new__, calls.TEXT_OBJECT_ADDRESS, calls.IS_GENERATED, calls.CHAR_BOX, calls.CHAR_ORIGIN)
    for index, char in enumerate(text_page.get_text_range()):
        obj = text_object(raw, index) or 0
        span = spans.get(obj)
        if span is None:
            span = spans[obj] = _actual_text_span(obj)
        generated = char in _MAY_BE_GENERATED and is_generated(raw, index) == 1
        char_box(raw, index, left, right, bottom, top)
        char_origin(raw, index, x, y)
        box_left, box_right, box_bottom, box_top, _x, baseline = values
        append(make(Glyph, (char, (box_left, box_bottom, box_right, box_top), generated, obj, span, baseline)))
    return glyphs


NO_BOX: Box = (0.0, 0.0, 0.0, 0.0)


def char_boxes(text_page: pdfium.PdfTextPage, text: str) -> list[Box]:
    """`text_page.get_charbox(i)` of every character of the page's text (`get_text_range`), NO_BOX
    for whitespace (nothing uses its box), through the plain prototype: one call per character."""
    raw = calls.address(text_page.raw)
    values = (ctypes.c_double * 4)()
    left, right, bottom, top = (ctypes.addressof(values) + k * ctypes.sizeof(ctypes.c_double) for k in range(4))
    boxes: list[Box] = []
    append, char_box = boxes.append, calls.CHAR_BOX
    for index, char in enumerate(text):
        if char.isspace():
            append(NO_BOX)
            continue
        if not char_box(raw, index, left, right, bottom, top):
            raise pdfium.PdfiumError("Failed to get charbox.")  # as get_charbox does
        box_left, box_right, box_bottom, box_top = values
        append((box_left, box_bottom, box_right, box_top))
    return boxes


def has_actual_text(text_page: pdfium.PdfTextPage) -> bool:
    """Whether any text object of the page is inside an ActualText span (else pdfium's own text is
    already each glyph's text once, and the cheaper get_text_range/get_text_bounded will do)."""
    return any(calls.COUNT_MARKS(obj) and _actual_text_span(obj) for obj in _page_objects(text_page.page))


def span_extents(text_page: pdfium.PdfTextPage, spans: set[int], known: dict[int, int] | None = None) -> dict[int, Box]:
    """The box of every text object of each span, those pdfium gave no text for included. `known`:
    the spans of the text objects `read_glyphs` met."""
    extents: dict[int, Box] = {}
    if not spans:
        return extents
    known = known or {}
    bounds = (ctypes.c_float * 4)()
    left, bottom, right, top = (ctypes.addressof(bounds) + k * ctypes.sizeof(ctypes.c_float) for k in range(4))
    for obj in _page_objects(text_page.page):
        if calls.OBJECT_TYPE(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        span = known.get(obj)
        if span is None:
            span = _actual_text_span(obj)
        if span in spans and calls.OBJECT_BOUNDS(obj, left, bottom, right, top):
            extents[span] = _union(extents.get(span), (bounds[0], bounds[1], bounds[2], bounds[3]))
    return extents


def _union(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _emissions(glyphs: list[Glyph]) -> Iterator[list[int]]:
    """Indices of glyphs, grouped into runs read from one text object."""
    run: list[int] = []
    for index, glyph in enumerate(glyphs):
        if run and (not glyph.obj or glyph.obj != glyphs[run[-1]].obj):
            yield run
            run = []
        if glyph.obj:
            run.append(index)
    if run:
        yield run


def drop_repeated_spans(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop an ActualText given again by a later text object of the same span (the first object,
    the base consonant's, keeps it), with the spaces pdfium made up either side of it. Text that
    differs (pdfium fell back to the glyphs' own text for that object) is kept."""
    first: dict[int, tuple[int, str]] = {}  # span → (object, text) that gave it first
    dropped: set[int] = set()
    for run in _emissions(glyphs):
        span, obj = glyphs[run[0]].span, glyphs[run[0]].obj
        if not span:
            continue
        text = "".join(glyphs[i].char for i in run)
        seen = first.setdefault(span, (obj, text))
        if seen[0] != obj and seen[1] == text:
            dropped.update(run)
            dropped.update(i for i in (run[0] - 1, run[-1] + 1) if 0 <= i < len(glyphs) and _made_up_space(glyphs[i]))
    return [g for i, g in enumerate(glyphs) if i not in dropped]


def _made_up_space(glyph: Glyph) -> bool:
    return glyph.generated and glyph.char == " "


def drop_false_spaces(glyphs: list[Glyph], extents: dict[int, Box]) -> list[Glyph]:
    """Drop pdfium's own spaces next to an ActualText span where the glyphs either side touch once
    the span's silent objects are counted (Chromium writes real spaces as glyphs)."""
    keep = []
    for index, glyph in enumerate(glyphs):
        if not (_made_up_space(glyph) and _is_false_space(glyphs, index, extents)):
            keep.append(glyph)
    return keep


def _neighbour(glyphs: list[Glyph], index: int, step: int) -> Glyph | None:
    """The nearest glyph on the same line that is not a space, looking `step` (-1, +1) away."""
    index += step
    while 0 <= index < len(glyphs):
        glyph = glyphs[index]
        if glyph.char in _LINE_BREAK:
            return None
        if not glyph.char.isspace():
            return glyph
        index += step
    return None


def _is_false_space(glyphs: list[Glyph], index: int, extents: dict[int, Box]) -> bool:
    before, after = _neighbour(glyphs, index, -1), _neighbour(glyphs, index, 1)
    if before is None or after is None or not (before.span or after.span):
        return False
    left = extents.get(before.span, before.box) if before.span else before.box
    right = extents.get(after.span, after.box) if after.span else after.box
    height = max(left[3], right[3]) - min(left[1], right[1])
    # A glyph to the left of the one before is a jump back (an object pdfium put out of place), no gap.
    return right[0] >= left[0] and right[0] - left[2] < FALSE_SPACE_GAP * height


def clean_glyphs(text_page: pdfium.PdfTextPage) -> list[Glyph]:
    """A page's characters, each glyph's text once: repeated ActualText and false spaces dropped."""
    known: dict[int, int] = {}
    glyphs = read_glyphs(text_page, known)
    spans = set(known.values()) - {0}
    if not spans:
        return glyphs
    glyphs = drop_repeated_spans(glyphs)
    return drop_false_spaces(glyphs, span_extents(text_page, spans, known))


def glyph_lines(glyphs: Iterable[Glyph]) -> list[LayerLine]:
    """Characters → lines split where pdfium put "\\r\\n" (the line break itself dropped)."""
    lines, text, boxes = [], [], []
    for glyph in glyphs:
        if glyph.char == "\n" and text and text[-1] == "\r":
            lines.append(LayerLine("".join(text[:-1]), tuple(boxes[:-1])))
            text, boxes = [], []
            continue
        text.append(glyph.char)
        boxes.append(glyph.box)
    lines.append(LayerLine("".join(text), tuple(boxes)))
    return lines


def text_lines(text_page: pdfium.PdfTextPage) -> list[LayerLine]:
    """A page's lines, each glyph's text once."""
    return glyph_lines(clean_glyphs(text_page))


def _intersects(box: Box, rect: Box) -> bool:
    """pdfium's test for a character of a bounded text: its box and the rectangle overlap."""
    return min(box[2], rect[2]) > max(box[0], rect[0]) and min(box[3], rect[3]) > max(box[1], rect[1])


def bounded_text(glyphs: list[Glyph], left: float, bottom: float, right: float, top: float) -> str:
    """Text of the glyphs whose box overlaps the rectangle (PDF points), as pdfium's
    `get_text_bounded` puts it together: a space outside kept after text inside, "\r\n" where
    the text goes on after characters outside on another baseline."""
    rect = (left, bottom, right, top)
    parts: list[str] = []
    baseline, after_inside, after_outside = 0.0, False, False
    for glyph in glyphs:
        if _intersects(glyph.box, rect):
            if glyph.y != baseline and not after_inside and after_outside:
                baseline = glyph.y
                parts.append(_LINE_BREAK if parts else "")
            parts.append(_BOUNDED_CHAR.get(glyph.char, glyph.char))
            after_inside, after_outside = True, False
        elif glyph.char == " ":
            if after_inside:
                parts.append(" ")
                after_inside = after_outside = False
        else:
            after_inside, after_outside = False, True
    return "".join(parts)


class GlyphIndex:
    """`bounded_text` for many rectangles of one page, without walking every glyph per rectangle.

    Only glyphs whose box overlaps the rectangle are inside; those whose box reaches its height
    range are found by bisecting the glyphs sorted by their bottom (once per height range: the
    cells of a table row share it), and of those the ones that overlap it across. What the glyphs
    between two inside glyphs do to `bounded_text`'s state is known from two facts, kept per
    position: whether the first of them is a space, and whether any of them is not a space. The
    text is the same as `bounded_text`'s (a test compares them on every cell of the corpus PDFs)."""

    def __init__(self, glyphs: list[Glyph]) -> None:
        # map and itemgetter, not comprehensions: a page has thousands of glyphs, one index per page
        self.glyphs = glyphs
        self.boxes = list(map(_BOX, glyphs))
        bottoms = list(map(_BOTTOM, self.boxes))
        self.order = sorted(range(len(glyphs)), key=bottoms.__getitem__)
        self.bottoms = list(map(bottoms.__getitem__, self.order))
        self.tallest = max(map(operator.sub, map(_TOP, self.boxes), bottoms), default=0.0)
        # non_spaces[i]: how many of glyphs[:i] are not a space
        self.non_spaces = [0, *itertools.accumulate(map(" ".__ne__, map(_CHAR, glyphs)))]
        self._bands: dict[tuple[float, float], list[int]] = {}

    def candidates(self, bottom: float, top: float) -> list[int]:
        """Glyphs (in text order) whose box may reach the height range (a superset of those that do)."""
        band = self._bands.get((bottom, top))
        if band is None:
            low = bisect.bisect_left(self.bottoms, bottom - self.tallest - 1.0)
            high = bisect.bisect_right(self.bottoms, top)
            boxes = self.boxes
            band = self._bands[(bottom, top)] = sorted(i for i in self.order[low:high] if boxes[i][3] > bottom)
        return band

    def inside(self, left: float, bottom: float, right: float, top: float) -> list[int]:
        """Glyphs (in text order) whose box overlaps the rectangle, by `_intersects`."""
        if right <= left or top <= bottom:
            return []
        boxes = self.boxes
        # `_intersects` written out: a candidate's top is above `bottom` already, its bottom not
        # above `top` (bisection: it may equal it); the overlap is strict, so an empty box has none
        return [i for i in self.candidates(bottom, top)
                if (box := boxes[i])[2] > left and box[0] < right and box[1] < top and box[2] > box[0] and box[3] > box[1]]

    def _skip(self, start: int, stop: int, state: tuple[bool, bool], parts: list[str]) -> tuple[bool, bool]:
        """bounded_text's state after the outside glyphs start..stop-1 (none of them inside)."""
        if start >= stop:
            return state
        inside, outside = state
        any_text = self.non_spaces[stop] > self.non_spaces[start]
        if inside and self.glyphs[start].char == " ":
            parts.append(" ")
            return False, any_text
        return False, outside or any_text

    def bounded(self, left: float, bottom: float, right: float, top: float) -> str:
        parts: list[str] = []
        baseline, state, previous = 0.0, (False, False), 0
        for index in self.inside(left, bottom, right, top):
            state = self._skip(previous, index, state, parts)
            glyph = self.glyphs[index]
            if glyph.y != baseline and not state[0] and state[1]:
                baseline = glyph.y
                parts.append(_LINE_BREAK if parts else "")
            parts.append(_BOUNDED_CHAR.get(glyph.char, glyph.char))
            state = (True, False)
            previous = index + 1
        self._skip(previous, len(self.glyphs), state, parts)
        return "".join(parts)
