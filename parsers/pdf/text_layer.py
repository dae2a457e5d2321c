"""One PDF page's text layer, read once: its lines with positions, the text inside any box, how
good a text it is, and which Thai defects it has.

  read_text_layer   a pypdfium2 text page → TextLayer. pdfium's own text where the page has no
                    ActualText spans; otherwise each glyph's text once (`parsers.pdf.glyphs`:
                    Skia/Chromium PDFs repeat clusters there and pdfium split them after SARA AM)
  TextLayer.lines   the visual lines as (text, character boxes)
  TextLayer.bounded the text inside a box, as pdfium's get_text_bounded gives it
  TextLayer.verdict whether the layer is usable text (`parsers.thai.quality.judge_layer`: too little
                    text, undecodable characters, a scanner's Latin junk over a Thai page, a garbled
                    font map), with the evidence: a page without usable text goes to OCR
  TextLayer.profile the page's Thai defects (`thai_repair.diagnose`), so every string of the page
                    is repaired by the evidence of the whole page, not of a short cell alone
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pypdfium2 as pdfium

from parsers.pdf.glyphs import Box, Glyph, GlyphIndex, char_boxes, clean_glyphs, glyph_lines, has_actual_text, read_glyphs
from parsers.pdf.marks import drop_spaces_after_marks, has_stray_marks, place_marks
from parsers.thai.quality import LayerVerdict, judge_layer
from parsers.thai.repair import TextLayerProfile, diagnose

_LINE_BREAK = "\r\n"


@dataclass
class TextLayer:
    lines: list[tuple[str, list[Box]]]
    bounded: Callable[[float, float, float, float], str]   # (left, bottom, right, top) in PDF points
    text: str
    verdict: LayerVerdict          # its quality, and why it is not usable text (None when it is)
    profile: TextLayerProfile      # its Thai defects: every string of the page is repaired by them


def _native_lines(text_page: pdfium.PdfTextPage, text: str) -> list[tuple[str, list[Box]]]:
    """pdfium's lines with a box per character; whitespace gets no box (nothing uses one: a call
    into pdfium per character is the cost here)."""
    boxes = char_boxes(text_page, text)
    lines, start = [], 0
    for raw in text.split(_LINE_BREAK):
        lines.append((raw, boxes[start:start + len(raw)]))
        start += len(raw) + len(_LINE_BREAK)
    return lines


def _native_bounded(text_page: pdfium.PdfTextPage, left: float, bottom: float, right: float, top: float) -> str:
    return text_page.get_text_bounded(left=left, bottom=bottom, right=right, top=top)


def _indexed_bounded(glyphs: list[Glyph]) -> Callable[[float, float, float, float], str]:
    """`GlyphIndex(glyphs).bounded`, the index built at the first call: only a page with a table
    asks for the text inside a box, and the index sorts every glyph of the page."""
    index: list[GlyphIndex] = []

    def bounded(left: float, bottom: float, right: float, top: float) -> str:
        if not index:
            index.append(GlyphIndex(glyphs))
        return index[0].bounded(left, bottom, right, top)
    return bounded


def _layer_glyphs(text_page: pdfium.PdfTextPage) -> tuple[list[Glyph] | None, str]:
    """The page's glyphs when pdfium's own text needs mending (ActualText spans given again, Thai
    marks out of place: `parsers.pdf.marks`), else None and pdfium's text (cheaper, and the same)."""
    if has_actual_text(text_page):
        glyphs = clean_glyphs(text_page)
        text = "".join([g.char for g in glyphs])
    else:
        text = text_page.get_text_range()
        if not has_stray_marks(text):
            return None, text
        glyphs = read_glyphs(text_page)
    return drop_spaces_after_marks(place_marks(glyphs) if has_stray_marks(text) else glyphs), text


def read_text_layer(text_page: pdfium.PdfTextPage) -> TextLayer:
    glyphs, text = _layer_glyphs(text_page)
    if glyphs is not None:
        lines = [(line.text, list(line.boxes)) for line in glyph_lines(glyphs)]
        bounded: Callable[[float, float, float, float], str] = _indexed_bounded(glyphs)
        text = _LINE_BREAK.join(line for line, _ in lines)
    else:
        lines, bounded = _native_lines(text_page, text), partial(_native_bounded, text_page)
    return TextLayer(lines, bounded, text, judge_layer([line for line, _ in lines]), diagnose(text))
