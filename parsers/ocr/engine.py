"""OCR engines behind one small interface: a page image in, the page's lines and tables out.

Tesseract is the engine today (`parsers.ocr.page` does the page work around it). An engine adds no
parallelism of its own: a batch's worker processes are the parallelism, one page at a time each.
"""

from __future__ import annotations

from typing import Protocol

from PIL import Image

from parsers.errors import MissingDependency
from parsers.ocr.page import OCR_DPI, OcrPage, ocr_page
from parsers.ocr.tesseract import MISSING_TESSERACT, TESSERACT_PACKAGES, tesseract_available
from parsers.options import ParseOptions


class OcrEngine(Protocol):
    dpi: int                       # resolution its page images are rendered at

    def check_available(self) -> None:
        """Raise parsers.errors.MissingDependency when the engine cannot run here."""
        ...

    def read_page(self, image: Image.Image) -> OcrPage:
        ...


class TesseractEngine:
    """Tesseract with the page's ruled tables read cell by cell and Thai digits re-read."""

    dpi = OCR_DPI

    def __init__(self, languages: str) -> None:
        self.languages = languages

    def check_available(self) -> None:
        if not tesseract_available():
            raise MissingDependency(MISSING_TESSERACT, TESSERACT_PACKAGES)

    def read_page(self, image: Image.Image) -> OcrPage:
        return ocr_page(image, self.languages, self.dpi)


def ocr_engine(options: ParseOptions) -> OcrEngine:
    """The engine the options name (ParseOptions validates the name)."""
    return TesseractEngine(options.ocr_languages)
