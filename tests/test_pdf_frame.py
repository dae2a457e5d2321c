"""One page frame (`parsers.pdf.frame`): a turned, cropped or moved page reads as the same page drawn
plainly, text and tables alike, and pdfplumber agrees on its tables.

Variants are made at test time with pikepdf from a corpus PDF, as viewers and printer drivers make
them: /Rotate on every page; the MediaBox grown around the content (moved by a `cm`) with the
CropBox the old page; MediaBox and CropBox moved off the origin; the page drawn turned in a box of
the other shape with /Rotate to show it upright (a printer driver's landscape page).

What "equal to pdfplumber" means on such a page: pdfplumber's own coordinates follow the MediaBox
turned by /Rotate, which is not the frame the text is read in (a /Rotate 90 page whose text is
upright in user space comes out sideways, its rows as columns), so its `find_tables` is run on the
page drawn plainly (the clean corpus PDF): our grids of the variant page, read in its frame, are
those grids within 0.5 pt, row for row and cell for cell.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pytest

from parsers.document import Table
from parsers.pdf.frame import PageFrame, char_turn, frame_matrix, upright
from parsers.pdf.layout import read_page, running_lines
from parsers.pdf.page import PageLine, PageReading
from parsers.pdf.rules import find_table_grids
from parsers.pipeline import parse, read_document
from schema.codes import ReadBy, SourceFormat, WarningCode
from schema.models import Source
from tests.test_pdf_rules import SETTINGS, same_grids

ROOT = Path(__file__).resolve().parent.parent
# Two seeds (ten pages, tables on most); ITA_RULES_ALL_PAGES=1 takes every corpus/pdf seed.
SEEDS = (sorted((ROOT / "corpus" / "pdf").glob("*.pdf")) if os.environ.get("ITA_RULES_ALL_PAGES")
         else [ROOT / "corpus" / "pdf" / "001_c58affa22fe99b85.pdf", ROOT / "corpus" / "pdf" / "002_600daf04b282d892.pdf"])


def _wrap(pdf: pikepdf.Pdf, page: pikepdf.Page, cm: str) -> None:
    page.contents_add(pdf.make_stream(f"q {cm} cm\n".encode()), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n"))


def _size(page: pikepdf.Page) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    return x0, y0, x1 - x0, y1 - y0


def rotated(angle: int) -> Callable[[pikepdf.Pdf, pikepdf.Page], None]:
    def change(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        page.obj.Rotate = angle
    return change


def cropped(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    x0, y0, w, h = _size(page)
    _wrap(pdf, page, f"1 0 0 1 {40 - x0} {60 - y0}")
    page.obj.MediaBox = pikepdf.Array([0, 0, w + 70, h + 110])
    page.obj.CropBox = pikepdf.Array([40, 60, 40 + w, 60 + h])


def moved(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    x0, y0, w, h = _size(page)
    _wrap(pdf, page, f"1 0 0 1 {100 - x0} {200 - y0}")
    page.obj.MediaBox = pikepdf.Array([100, 200, 100 + w, 200 + h])
    page.obj.CropBox = pikepdf.Array([100, 200, 100 + w, 200 + h])


def driver(angle: int) -> Callable[[pikepdf.Pdf, pikepdf.Page], None]:
    """The page drawn turned in a box of the other shape, /Rotate showing it upright."""
    def change(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        x0, y0, w, h = _size(page)
        turn = f"0 1 -1 0 {h} 0" if angle == 90 else f"0 -1 1 0 0 {w}"
        _wrap(pdf, page, f"1 0 0 1 {-x0} {-y0} cm {turn}")
        page.obj.MediaBox = pikepdf.Array([0, 0, h, w])
        page.obj.Rotate = angle
    return change


VARIANTS: dict[str, Callable[[pikepdf.Pdf, pikepdf.Page], None]] = {
    "rotate90": rotated(90), "rotate180": rotated(180), "rotate270": rotated(270), "cropped": cropped,
    "moved": moved, "driver90": driver(90), "driver270": driver(270)}


def variant(path: Path, name: str) -> bytes:
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            VARIANTS[name](pdf, page)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _blocks(doc_blocks: list) -> list:
    return [[row.texts for row in b.rows] if isinstance(b, Table) else [line.text for line in b.lines] for b in doc_blocks]


@pytest.fixture(scope="module")
def plain_documents() -> dict[Path, list]:
    return {path: _blocks(read_document(path.read_bytes(), "pdf").blocks) for path in SEEDS}


@pytest.mark.parametrize("name", list(VARIANTS))
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_variant_reads_as_the_plain_page(plain_documents: dict[Path, list], path: Path, name: str) -> None:
    doc = read_document(variant(path, name), "pdf")
    assert _blocks(doc.blocks) == plain_documents[path]
    assert [(p.read_by, p.reason) for p in doc.pages] == [(ReadBy.TEXT_LAYER, None)] * len(doc.pages)


@pytest.fixture(scope="module")
def plumber_grids() -> dict[Path, list]:
    """pdfplumber's tables of every page of the plain seeds."""
    grids = {}
    for path in SEEDS:
        with pdfplumber.open(path) as plumber:
            grids[path] = [[(t.bbox, [row.cells for row in t.rows]) for t in page.find_tables(SETTINGS)] for page in plumber.pages]
    return grids


@pytest.mark.parametrize("name", list(VARIANTS))
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_variant_grids_match_pdfplumber_on_the_plain_page(plumber_grids: dict[Path, list], path: Path, name: str) -> None:
    document = pdfium.PdfDocument(variant(path, name))
    try:
        for index, theirs in enumerate(plumber_grids[path]):
            page = document[index]
            with upright(page):
                assert same_grids(find_table_grids(page, close_rows=False), theirs), f"page {index + 1}"
            page.close()
    finally:
        document.close()


def _state(page: pdfium.PdfPage) -> tuple:
    """What a viewer and OCR see of a page: boxes, /Rotate, every object's bounds."""
    bounds = [tuple(round(v, 3) for v in obj.get_bounds()) for obj in page.get_objects(max_depth=1)]
    return page.get_mediabox(), page.get_cropbox(), page.get_rotation(), page.get_size(), bounds


@pytest.mark.parametrize("name", ["rotate90", "cropped", "driver270"])
def test_the_page_is_put_back_after_reading(name: str) -> None:
    document = pdfium.PdfDocument(variant(SEEDS[1], name))
    page = document[0]
    before = _state(page)
    read_page(page, 1)
    assert _state(page) == before
    page.close()
    again = document[0]  # loaded again, as OCR loads it to render it
    assert _state(again) == before
    again.close()
    document.close()


@pytest.mark.parametrize(("radians", "turn", "off"), [
    (0.0, 0, 0.0), (4.712389, 90, 0.0), (3.141593, 180, 0.0), (1.570796, 270, 0.0),  # pdfium's angles are clockwise
    (6.2, 0, 4.76), (0.3, 0, 17.19), (0.9, 270, 38.43),
])
def test_char_turn(radians: float, turn: int, off: float) -> None:
    got_turn, got_off = char_turn(radians)
    assert got_turn == turn and got_off == pytest.approx(off, abs=0.01)


@pytest.mark.parametrize(("frame", "point", "upright_point"), [
    (PageFrame((0, 0, 595, 842), 0), (10, 20), (10, 20)),
    (PageFrame((40, 60, 635, 902), 0), (50, 80), (10, 20)),
    (PageFrame((0, 0, 842, 595), 90), (20, 10), (10, 822)),      # text running up: the left edge is the top
    (PageFrame((0, 0, 842, 595), 270), (822, 10), (585, 822)),     # text running down: the right edge is the top
    (PageFrame((0, 0, 595, 842), 180), (585, 822), (10, 20)),
])
def test_frame_matrix_puts_the_visible_box_upright_at_the_origin(frame: PageFrame, point: tuple, upright_point: tuple) -> None:
    a, b, c, d, e, f = frame_matrix(frame)
    x, y = point
    assert (a * x + c * y + e, b * x + d * y + f) == pytest.approx(upright_point)


def _made(page_dict: str, content: bytes) -> bytes:
    """A one-page A4 PDF drawing `content` (Helvetica as /F1), with `page_dict`'s boxes ("/Key=x0 y0 x1 y1;...")."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(content)
    for part in page_dict.split(";"):
        if part:
            key, value = part.split("=")
            page.obj[key] = pikepdf.Array([float(v) for v in value.split()])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


TEXT = b"BT /F1 12 Tf 72 700 Td (Measures of the year, one line of text) Tj ET"
TURNED_TEXT = b"BT /F1 12 Tf 0 1 -1 0 300 100 Tm (A second line that runs upwards on the page) Tj ET"


@pytest.mark.parametrize(("boxes", "content", "reason"), [
    ("", TEXT, None),
    ("/CropBox=700 900 800 1000", TEXT, "CropBox lies outside its MediaBox"),
    ("", TEXT + b"\n" + TURNED_TEXT, "several directions"),
])
def test_a_page_whose_geometry_is_in_doubt_says_so(boxes: str, content: bytes, reason: str | None) -> None:
    data = _made(boxes, content)
    report = parse(data, Source(path="made.pdf", sha256=hashlib.sha256(data).hexdigest(), format=SourceFormat.PDF))
    page = report.source.pages[0]
    warned = [w.message for w in report.warnings if w.code is WarningCode.PAGE_GEOMETRY]
    assert page.read_by is ReadBy.TEXT_LAYER
    if reason is None:
        assert page.reason is None and warned == []
    else:
        assert reason in page.reason and warned == [f"page 1: {page.reason}"]


def _pages_with_footer(bottom: float) -> list[PageReading]:
    """Three pages of one prose line and a page-number footer whose bottom is at `bottom`."""
    return [PageReading(n, lines=[PageLine("ข้อความในหน้า", 100, 110, 72, 300), PageLine(f"- {n} -", bottom - 9, bottom, 280, 300)])
            for n in (1, 2, 3)]


@pytest.mark.parametrize(("height", "width", "footer_bottom", "running"), [
    (842, 595, 780, {"- # -"}),      # portrait: LibreOffice's footer, 62 pt from the bottom
    (595, 842, 533, {"- # -"}),      # the same footer on a landscape page (it was taken for prose)
    (595, 842, 500, set()),          # prose near the bottom of a landscape page stays prose
    (842, 0, 780, {"- # -"}),        # width unknown: the height alone, as before
])
def test_running_margins_follow_the_longer_side(height: float, width: float, footer_bottom: float, running: set[str]) -> None:
    assert running_lines(_pages_with_footer(footer_bottom), height, width) == running


@pytest.mark.parametrize("degrees", [90, 270])
def test_a_turned_page_without_text_is_read_as_shown_and_put_back(degrees: int, tmp_path: Path) -> None:
    """A scan whose page has /Rotate and no text: read at the size /Rotate shows (as OCR will read
    it, so margins and running lines are measured on that page), and left rendering as before."""
    turned = tmp_path / "turned_scan.pdf"
    with pikepdf.open(ROOT / "corpus" / "scanned" / "002_600daf04b282d892.pdf") as scan:
        for page in scan.pages:
            page.Rotate = degrees
        scan.save(turned)
    document = pdfium.PdfDocument(turned)
    try:
        page = document[0]
        shown = page.get_size()
        before = page.render(scale=0.1).to_pil().tobytes()
        reading = read_page(page, 1)
        assert (reading.width, reading.height) == pytest.approx(shown)
        assert shown[0] > shown[1]
        assert page.get_rotation() == degrees and page.render(scale=0.1).to_pil().tobytes() == before
    finally:
        document.close()
