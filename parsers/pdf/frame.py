"""One page frame: a page turned and cut to what it shows, before anything of it is read.

A PDF page's content is in user space; what a reader sees is the CropBox (inside the MediaBox,
possibly off the origin), turned by /Rotate, and a printer driver draws a landscape page turned in
a portrait box and sets /Rotate to show it upright. pdfium builds its lines of text in the frame
/Rotate shows (text upright in user space on a /Rotate 90 page, or turned in it on a driver's
page, comes out in pieces: marks apart from their letters, words across lines), its character
boxes and paths stay in user space, pdfplumber's rules follow the MediaBox turned by /Rotate, and
pdfium's page height follows the CropBox: text and rules were in frames of their own, and no cell
of a turned or cropped page found its text.

So the page is put into one frame once, in pdfium's memory, before a text page is made or a path
read: every top-level object is transformed so that the visible box's lower left is the origin and
the text runs left to right (its own direction, whatever /Rotate says), the MediaBox and CropBox
become that box, /Rotate 0. Every later step (`text_layer`, `glyphs`, `rules`, `layout`) then
reads an ordinary page, with pdfium's own line building and pdfplumber's own table finder, and an
ordinary page (no turn, no crop, at the origin) is not touched at all. The document is never
saved; `upright` puts the page back as it was when the reading is done, so OCR renders it as shown.
UserUnit is not applied: pdfium has no call that reads it, and text and rules share the unit, so
only absolute tolerances (pdfplumber's 3 pt snap) would move.

  char_turn       pdfium's angle of one character (radians, clockwise) → the quarter turn its
                  text runs in, counter-clockwise in user space, and how far off that turn it is
  text_turn       a text page → the quarter turn most of its text runs in (sampled), and why the
                  page's direction is in doubt (text at a slant, text in several directions)
  visible_box     a page → the CropBox inside the MediaBox, in user space, or the MediaBox and why
  reading_frame   a page and its text page → its PageFrame (box, turn, reason)
  frame_matrix    a PageFrame → the matrix from user space to the upright page
  is_plain        a page and its frame → whether it is read as it is (nothing to turn or cut)
  upright         a page → its text page in the upright frame, the page put back afterwards
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]   # x0, y0, x1, y1 in user space

# Characters sampled for the page's text direction: evenly spread, enough for a majority, few
# enough to cost nothing beside the text page itself.
TURN_SAMPLES = 64
# A character more than this many degrees off its quarter turn is text at a slant.
SLANT_DEGREES = 5.0
# Text in a second direction past this share of the sample is worth a word in the page's reason.
MIXED_SHARE = 0.2
# A visible box thinner than this (points) is no page: the MediaBox is read instead.
MIN_SIDE = 1.0
_SPACES = frozenset(" \r\n\t\ufffe\x02")
# pdfium's per-character calls with plain C prototypes (the text page's address as an int): every
# page is sampled, and pypdfium2's bindings convert each argument through its argtypes.
_COUNT_CHARS = ctypes.cast(pdfium_c.FPDFText_CountChars, ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p))
_UNICODE = ctypes.cast(pdfium_c.FPDFText_GetUnicode, ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.c_void_p, ctypes.c_int))
_CHAR_ANGLE = ctypes.cast(pdfium_c.FPDFText_GetCharAngle, ctypes.CFUNCTYPE(ctypes.c_float, ctypes.c_void_p, ctypes.c_int))


@dataclass(frozen=True)
class PageFrame:
    """How a page is read: its visible box in user space, the direction its text runs there
    (counter-clockwise degrees, a quarter turn) and why any of it is in doubt."""

    box: Box
    turn: int = 0
    reason: str | None = None

    @property
    def size(self) -> tuple[float, float]:
        """Width and height of the upright page."""
        x0, y0, x1, y1 = self.box
        return (x1 - x0, y1 - y0) if self.turn in (0, 180) else (y1 - y0, x1 - x0)


def char_turn(radians: float) -> tuple[int, float]:
    """pdfium's character angle (clockwise, radians) → (the quarter turn the text runs in,
    counter-clockwise degrees in user space, and how many degrees off that turn it is)."""
    degrees = (-math.degrees(radians)) % 360.0
    turn = round(degrees / 90.0) % 4 * 90
    off = abs((degrees - turn + 180.0) % 360.0 - 180.0)
    return turn, off


def _sample(count: int) -> range:
    return range(0, count, max(1, count // TURN_SAMPLES))


def text_turn(text_page: pdfium.PdfTextPage) -> tuple[int | None, str | None]:
    """The quarter turn most of the page's text runs in (None for a page without text), and why that
    is in doubt: most text at a slant, or much of it in another direction."""
    raw = ctypes.cast(text_page.raw, ctypes.c_void_p).value
    turns: Counter[int] = Counter()
    slanted = 0
    for index in _sample(_COUNT_CHARS(raw)):
        if chr(_UNICODE(raw, index)) in _SPACES:
            continue
        radians = _CHAR_ANGLE(raw, index)
        if radians < 0:
            continue  # pdfium could not tell
        turn, off = char_turn(radians)
        turns[turn] += 1
        slanted += off > SLANT_DEGREES
    if not turns:
        return None, None
    (turn, most), *others = turns.most_common()
    total = sum(turns.values())
    if slanted > total / 2:
        return turn, f"most text runs at a slant: read as turned {turn}°"
    second = others[0][1] if others else 0
    if second > MIXED_SHARE * total:
        return turn, f"text runs in several directions: read in the direction of most of it ({most} of {total} sampled glyphs)"
    return turn, None


def _sorted_box(box: Box) -> Box:
    x0, y0, x1, y1 = box
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def visible_box(page: pdfium.PdfPage) -> tuple[Box, str | None]:
    """The part of the page a viewer shows: the CropBox (the MediaBox when there is none) cut to the
    MediaBox; the MediaBox, with why, when that leaves nothing to read."""
    media = _sorted_box(page.get_mediabox())
    crop = _sorted_box(page.get_cropbox())
    box = (max(media[0], crop[0]), max(media[1], crop[1]), min(media[2], crop[2]), min(media[3], crop[3]))
    if box[2] - box[0] >= MIN_SIDE and box[3] - box[1] >= MIN_SIDE:
        return box, None
    if media[2] - media[0] < MIN_SIDE or media[3] - media[1] < MIN_SIDE:
        return media, "the page's MediaBox is empty: its content was read where it lies"
    return media, "the page's CropBox lies outside its MediaBox: the whole MediaBox was read"


def reading_frame(page: pdfium.PdfPage, text_page: pdfium.PdfTextPage) -> PageFrame:
    box, box_reason = visible_box(page)
    turn, turn_reason = text_turn(text_page)
    if turn is None:
        # no text to go by (a scan): the page as /Rotate shows it, which is how OCR will see it
        turn = page.get_rotation()
    reasons = [r for r in (box_reason, turn_reason) if r]
    return PageFrame(box, turn, "; ".join(reasons) or None)


def frame_matrix(frame: PageFrame) -> Matrix:
    """User space → the upright page (y up): the visible box's lower left at the origin, turned so
    its text runs left to right (pdfminer's page matrix for a /Rotate of the text's turn)."""
    x0, y0, x1, y1 = frame.box
    return {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0)}.get(frame.turn, (1, 0, 0, 1, -x0, -y0))


def _inverse(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    return d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det


def is_plain(page: pdfium.PdfPage, frame: PageFrame) -> bool:
    """A page already read as it is shown: no turn, no crop, the MediaBox at the origin."""
    return (frame.turn == 0 and page.get_rotation() == 0 and frame.box[:2] == (0, 0) and _sorted_box(page.get_mediabox()) == frame.box)


def _transform_objects(page: pdfium.PdfPage, m: Matrix) -> None:
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        pdfium_c.FPDFPageObj_Transform(pdfium_c.FPDFPage_GetObject(page.raw, index), *m)


def _page_box(page: pdfium.PdfPage, getter: object) -> Box | None:
    values = [ctypes.c_float() for _ in range(4)]
    if not getter(page.raw, *(ctypes.byref(v) for v in values)):  # type: ignore[operator]
        return None
    left, bottom, right, top = (v.value for v in values)
    return left, bottom, right, top


def _set_boxes(page: pdfium.PdfPage, media: Box, crop: Box | None, rotation: int) -> None:
    pdfium_c.FPDFPage_SetMediaBox(page.raw, *media)
    pdfium_c.FPDFPage_SetCropBox(page.raw, *(crop or media))
    pdfium_c.FPDFPage_SetRotation(page.raw, rotation // 90)


@contextmanager
def upright(page: pdfium.PdfPage) -> Iterator[tuple[pdfium.PdfTextPage, PageFrame]]:
    """The page's text page, read in the page's one frame (see the module's docstring), and the
    frame. An ordinary page is read as it is; any other is turned and cut in memory for the
    reading and put back afterwards."""
    text_page = page.get_textpage()
    frame = reading_frame(page, text_page)
    # A MediaBox inherited from /Pages: pdfium can set the page's boxes but not tell what they
    # were (pypdfium2 falls back to Letter), so the page could not be put back for OCR as it was.
    # It is read as it is, as before the frame existed.
    if is_plain(page, frame) or _page_box(page, pdfium_c.FPDFPage_GetMediaBox) is None:
        try:
            yield text_page, frame
        finally:
            text_page.close()
        return
    text_page.close()
    media = _page_box(page, pdfium_c.FPDFPage_GetMediaBox) or _sorted_box(page.get_mediabox())
    crop, rotation = _page_box(page, pdfium_c.FPDFPage_GetCropBox), page.get_rotation()
    matrix = frame_matrix(frame)
    width, height = frame.size
    _transform_objects(page, matrix)
    _set_boxes(page, (0, 0, width, height), None, 0)
    try:
        text_page = page.get_textpage()
        try:
            yield text_page, frame
        finally:
            text_page.close()
    finally:  # the document holds the boxes and /Rotate: a later render (OCR) must see the page as it was
        _transform_objects(page, _inverse(matrix))
        _set_boxes(page, media, crop, rotation)
