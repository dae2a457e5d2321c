"""Image inputs (issue 28): `.jpg/.jpeg/.png/.tif/.tiff` through the same OCR path as a scanned PDF
page, a multi-page TIFF a page per frame; the DPI from the file or guessed as A4; damaged and huge
images refused with one line; pages fed sideways or upside down read upright. Real Tesseract, real
files made by corpus/make_scans.py from the seed PDFs."""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from parsers.errors import ErrorKind, UnreadableInput
from parsers.ocr import tesseract
from parsers.ocr.orientation import osd_installed, upright
from parsers.options import OcrMode, ParseOptions
from parsers.readers import reader_for_path
from parsers.readers.image import MAX_PIXELS, ImageReader, frame_dpi, open_image
from schema.codes import ReadBy, SourceFormat
from tests.synthetic import png_header_only

ROOT = Path(__file__).resolve().parent.parent
SEED_002 = ROOT / "corpus" / "pdf" / "002_600daf04b282d892.pdf"
needs_tesseract = pytest.mark.skipif(not tesseract.tesseract_available(), reason="tesseract is not installed")
needs_osd = pytest.mark.skipif(not osd_installed(), reason="Tesseract's osd model is not installed (tesseract-ocr-osd)")
sys.path.insert(0, str(ROOT / "corpus"))
from make_scans import scan_page  # noqa: E402


def seed_page(dpi: int, page: int = 0) -> Image.Image:
    pdf = pdfium.PdfDocument(SEED_002)
    try:
        return scan_page(pdf[page].render(scale=dpi / 72, grayscale=True).to_pil(), random.Random(dpi + page))
    finally:
        pdf.close()


def encoded(images: list[Image.Image], kind: str, dpi: int | None) -> bytes:
    buffer = io.BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    images = [image.copy() for image in images]
    images[0].save(buffer, kind, save_all=len(images) > 1, append_images=images[1:], **extra)
    return buffer.getvalue()


def test_image_suffixes_are_read_by_the_image_reader():
    for name in ("a.jpg", "a.JPEG", "a.png", "a.tif", "a.TIFF"):
        assert reader_for_path(name).format is SourceFormat.IMAGE


@pytest.mark.parametrize(("size", "dpi", "expected"), [((2480, 3508), 300, 300.0), ((1654, 2339), None, 200.0),
                                                        ((3000, 4000), 72, 342.0), ((1240, 1754), 1, 150.0)])
def test_dpi_is_the_files_or_guessed_from_an_a4_page(size: tuple[int, int], dpi: int | None, expected: float):
    image = open_image(encoded([Image.new("L", size, 255)], "PNG", dpi))
    assert frame_dpi(image) == pytest.approx(expected, abs=1.0)


@pytest.mark.parametrize(("data", "kind", "words"), [
    (b"\xff\xd8\xff", ErrorKind.CORRUPT, "not an image"),
    (png_header_only(40_000, 40_000), ErrorKind.TOO_LARGE, "too large to decode safely"),
    (png_header_only(9_500, 9_000), ErrorKind.TOO_LARGE, f"over the limit of {MAX_PIXELS:,}"),
])
def test_damaged_and_huge_images_are_refused_with_one_line(data: bytes, kind: ErrorKind, words: str):
    with pytest.raises(UnreadableInput) as raised:
        ImageReader().read(data, ParseOptions())
    assert raised.value.kind is kind and words in str(raised.value) and "\n" not in str(raised.value)


@needs_tesseract
def test_a_truncated_image_is_corrupt_with_one_line():
    data = encoded([seed_page(150)], "PNG", 150)
    with pytest.raises(UnreadableInput) as raised:
        ImageReader().read(data[: len(data) // 2], ParseOptions())
    assert raised.value.kind is ErrorKind.CORRUPT and "\n" not in str(raised.value)


def test_an_image_with_ocr_off_is_refused_clearly():
    with pytest.raises(UnreadableInput) as raised:
        ImageReader().read(encoded([Image.new("L", (100, 140), 255)], "PNG", None), ParseOptions(ocr=OcrMode.NEVER))
    assert raised.value.kind is ErrorKind.NO_TEXT_LAYER


@needs_tesseract
@pytest.mark.slow
def test_a_multipage_tiff_is_a_page_per_frame_and_its_blank_frame_costs_no_tesseract_call():
    white = Image.new("L", (2480, 3508), 255)
    data = encoded([seed_page(300), white], "TIFF", 300)
    before = tesseract.TESSERACT_RUNS.copy()
    doc = ImageReader().read(data, ParseOptions())
    assert [page.read_by for page in doc.pages] == [ReadBy.OCR, ReadBy.BLANK] and doc.ocr_pages == [1]
    assert {line.origin.page for line in doc.lines()} == {1}
    assert tesseract.TESSERACT_RUNS["recognise"] - before["recognise"] >= 1
    lines = [line.text for line in doc.lines()]
    assert any("องค์การบริหารส่วนตำบล" in text for text in lines), lines[:10]


@needs_tesseract
@pytest.mark.slow
@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_a_one_page_image_without_dpi_reads_as_the_pdf_scan_does(kind: str):
    """A 200-dpi page saved without its DPI: guessed from its size as A4, read at the OCR's 300 dpi."""
    doc = ImageReader().read(encoded([seed_page(200).convert("RGB")], kind, None), ParseOptions())
    assert [page.read_by for page in doc.pages] == [ReadBy.OCR]
    text = " ".join(line.text for line in doc.lines())
    assert "องค์การบริหารส่วนตำบล" in text and "คะแนน" in text, text[:300]


@needs_osd
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_page_fed_turned_is_turned_upright(turn: int):
    page = seed_page(300)
    turned, found = upright(page.rotate(-turn, expand=True, fillcolor=255), 300)
    assert found == turn and turned.size == page.size


@needs_osd
def test_an_upright_page_is_not_turned():
    page = seed_page(300)
    turned, found = upright(page, 300)
    assert found == 0 and turned is page
