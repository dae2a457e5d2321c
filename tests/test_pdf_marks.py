"""Thai marks pdfium put out of place, put back on the consonant they are drawn on (parsers/pdf/marks.py).

- place_marks / drop_spaces_after_marks on synthetic glyphs: a mark after a later word, at the
  start of a line of its own, a mark with no consonant under it, correct text unchanged.
- the committed corpus PDFs where LibreOffice wrote a mark as a text object of its own: pdfium's
  text has the mark astray, the text layer has it back (`read_text_layer`).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from parsers.pdf.glyphs import Glyph
from parsers.pdf.marks import drop_spaces_after_marks, has_stray_marks, place_marks, stray_marks
from parsers.pdf.text_layer import read_text_layer

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def glyph(char: str, left: float, right: float, bottom: float = 0.0, top: float = 7.0, *, generated: bool = False,
          y: float = 0.0) -> Glyph:
    return Glyph(char, (left, bottom, right, top), generated, 1, 0, y)


def space(at: float, y: float = 0.0) -> Glyph:
    return glyph(" ", at, at, generated=True, y=y)


def line_break(at: float) -> list[Glyph]:
    return [glyph("\r", at, at, generated=True), glyph("\n", at, at, generated=True)]


def text(glyphs: list[Glyph]) -> str:
    return "".join(g.char for g in glyphs)


# ธิ์ตาก ประจำ: the ์ of ธิ์ written (raised) after ประจ, with a space of pdfium's either side.
THANTHAKHAT_AFTER_LATER_WORD = [
    glyph("ธ", 0, 6), glyph("ิ", 0, 5, 8, 10), glyph("ต", 7, 12), glyph(" ", 13, 15), glyph("จ", 16, 21),
    space(21), glyph("์", 3.5, 7, 12, 15, y=1.2), space(7, y=1.2), glyph("ำ", 20, 27),
]
# ผู้มี: the ู้ at the start of a line of its own (its baseline looked like a new line).
MARKS_ON_A_LINE_OF_THEIR_OWN = [
    glyph("ผ", 0, 6), *line_break(6), glyph("ู", 2, 6, -4, -1, y=-1), glyph("้", 2, 6, 8, 11, y=-1), glyph("ม", 7, 13),
]
# A mark after a digit with nothing drawn under it: no consonant to put it on, it stays.
MARK_WITH_NO_CONSONANT = [glyph("1", 0, 5), glyph("่", 30, 31, 8, 10)]
# Correct text: no mark astray.
CORRECT = [glyph("ท", 0, 6), glyph("ี", 1, 6, 8, 10), glyph("่", 4, 6, 11, 13), space(7), glyph("น", 9, 15)]


@pytest.mark.parametrize(("glyphs", "expected"), [
    (THANTHAKHAT_AFTER_LATER_WORD, "ธิ์ต จำ"),
    (MARKS_ON_A_LINE_OF_THEIR_OWN, "ผู้ม"),
    (MARK_WITH_NO_CONSONANT, "1่"),
    (CORRECT, "ที่ น"),
], ids=["after-a-later-word", "line-of-its-own", "no-consonant", "correct"])
def test_place_marks(glyphs: list[Glyph], expected: str) -> None:
    assert text(place_marks(glyphs)) == expected


def test_stray_marks_take_the_marks_after_them() -> None:
    assert stray_marks(MARKS_ON_A_LINE_OF_THEIR_OWN) == [3, 4]
    assert stray_marks(CORRECT) == []


@pytest.mark.parametrize(("glyphs", "expected"), [
    # หน้ าที่: pdfium measured the gap from the tone mark; น and า touch
    ([glyph("ห", 0, 6), glyph("น", 7, 13), glyph("้", 9, 12.5, 8, 11), space(13.5), glyph("า", 13.5, 18)], "หน้า"),
    # ที่ นี่: a word gap (wider than FALSE_SPACE_GAP of the line) stays
    ([glyph("ท", 0, 6), glyph("่", 4, 6, 8, 10), space(7), glyph("น", 10, 16)], "ท่ น"),
    # a space that is a glyph of the PDF stays
    ([glyph("ท", 0, 6), glyph("่", 4, 6, 8, 10), glyph(" ", 6, 7), glyph("น", 7, 13)], "ท่ น"),
], ids=["false-space", "word-gap", "real-space"])
def test_drop_spaces_after_marks(glyphs: list[Glyph], expected: str) -> None:
    assert text(drop_spaces_after_marks(glyphs)) == expected


# LibreOffice wrote the mark as a text object of its own (Loma positions it): pdfium's text has it
# astray, the text layer has it back on its consonant.
@pytest.mark.parametrize(("pdf", "page", "astray", "placed"), [
    ("pdf/002_600daf04b282d892.pdf", 1, "ซึงมีข้อเสนอแนะส ่ ำหรับ", "ซึ่งมีข้อเสนอแนะสำหรับ"),
    ("defects/aa_as_am/000_fa47d890761d547d.pdf", 1, "ตัวชีวัด ของแผนย่อยก ้ ำร", "ตัวชี้วัด ของแผนย่อยกำร"),
])
def test_corpus_marks_back_in_place(pdf: str, page: int, astray: str, placed: str) -> None:
    document = pdfium.PdfDocument(CORPUS / pdf)
    try:
        pdfium_text = document[page - 1].get_textpage().get_text_range()
        layer = read_text_layer(document[page - 1].get_textpage())
    finally:
        document.close()
    assert astray in pdfium_text.replace("\r\n", " ")
    assert placed in layer.text.replace("\r\n", " ")
    assert not has_stray_marks(layer.text)


def test_legacy_pua_mark_carries_the_next_mark() -> None:
    """corpus/legacy: `ต\\uf70aํา` (a PUA MAI EK, then SARA AM split) is in place."""
    glyphs = [glyph("ต", 0, 6), glyph("\uf70a", 3, 6, 8, 10), glyph("ํ", 2, 5, 8, 10), glyph("า", 6, 10)]
    assert text(place_marks(glyphs)) == "ต\uf70aํา"


def test_space_before_a_line_break_is_kept() -> None:
    """`ประจำปี \\r\\nรอบ`: the space pdfium puts at a line's end is no false space."""
    glyphs = [glyph("ป", 0, 6), glyph("ี", 0, 5, 8, 10), space(6.5), *line_break(6.5), glyph("ร", 0, 5, -20, -13, y=-20)]
    assert text(drop_spaces_after_marks(glyphs)) == "ปี \r\nร"
