"""Blank pages (issue 28): a page with nothing on it, or white when rendered small, is recorded as
`read_by: blank` and costs no Tesseract call, in PDFs and images alike. The calls are counted by
`parsers.ocr.tesseract.TESSERACT_RUNS`, which every Tesseract run of this process goes through."""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from parsers.ocr import tesseract
from parsers.ocr.blank import blank_image
from parsers.options import OcrMode, ParseOptions
from parsers.readers.pdf import PdfReader
from schema.codes import ReadBy

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
needs_tesseract = pytest.mark.skipif(not tesseract.tesseract_available(), reason="tesseract is not installed")
sys.path.insert(0, str(ROOT / "corpus"))
from make_scans import scan_page  # noqa: E402

A4_300 = (2480, 3508)


def empty_pdf(pages: int) -> bytes:
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def image_pdf(images: list[Image.Image], dpi: int) -> bytes:
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=images[1:], quality=70)
    return buffer.getvalue()


def blank_scan(dpi: int, seed: int) -> Image.Image:
    """A white sheet as the scan generator gives it back: slight skew, noise, blur."""
    return scan_page(Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255), random.Random(seed))


def test_a_pdf_of_empty_pages_is_blank_and_costs_no_tesseract_call():
    before = tesseract.TESSERACT_RUNS.total()
    doc = PdfReader().read(empty_pdf(30), ParseOptions())
    assert [page.read_by for page in doc.pages] == [ReadBy.BLANK] * 30
    assert doc.ocr_pages == [] and doc.page_errors == []
    assert tesseract.TESSERACT_RUNS.total() == before


@needs_tesseract
def test_scanned_blank_sheets_cost_no_tesseract_call_and_the_written_page_is_read():
    written = Image.new("L", A4_300, 255)
    written.paste(0, (300, 400, 2200, 440))  # a rule: OCR may find nothing on it, but it is not blank
    data = image_pdf([blank_scan(200, 1), blank_scan(300, 2), written], 300)
    before = tesseract.TESSERACT_RUNS.total()
    doc = PdfReader().read(data, ParseOptions())
    assert [page.read_by for page in doc.pages][:2] == [ReadBy.BLANK, ReadBy.BLANK]
    assert all("white when rendered" in (page.reason or "") for page in doc.pages[:2])
    assert doc.pages[2].read_by is ReadBy.OCR
    assert tesseract.TESSERACT_RUNS.total() - before >= 1  # only the third page's runs
    assert doc.ocr_pages == [3]


def test_blank_pages_under_ocr_always_are_still_blank():
    doc = PdfReader().read(empty_pdf(2), ParseOptions(ocr=OcrMode.ALWAYS))
    assert [page.read_by for page in doc.pages] == [ReadBy.BLANK, ReadBy.BLANK]


@pytest.mark.parametrize("dpi", [150, 200, 300])
def test_a_short_line_is_not_blank_at_any_resolution(dpi: int):
    page = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
    line = Image.new("L", (round(1.2 * dpi), round(0.06 * dpi)), 90)  # about 1.2 in of small grey text
    page.paste(line, (dpi, dpi))
    assert not blank_image(page, dpi)
    assert blank_image(blank_scan(dpi, dpi), dpi)


@pytest.mark.skipif(not (REAL / "hangdong_strategy2560-2564_word2016.pdf").exists(), reason="../shared/real is not here")
@pytest.mark.slow
def test_the_empty_page_breaks_of_a_real_word_pdf_are_blank():
    """Word's empty page breaks (pages 10, 25, 43 of 57) were OCR'd at full price; now they are blank."""
    before = tesseract.TESSERACT_RUNS.total()
    doc = PdfReader().read((REAL / "hangdong_strategy2560-2564_word2016.pdf").read_bytes(), ParseOptions())
    assert [page.number for page in doc.pages if page.read_by is ReadBy.BLANK] == [10, 25, 43]
    assert doc.ocr_pages == [] and tesseract.TESSERACT_RUNS.total() == before
