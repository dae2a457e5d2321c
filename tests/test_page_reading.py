"""One page, one shape, one repair: every PDF page becomes a PageReading, its text layer judged
once, its strings repaired once with the page's profile (OCR_PROFILE for OCR text), and a step of
OCR that fails is said in the page's reason, never swallowed."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from parsers.ocr import page as ocr_page_module
from parsers.ocr.tesseract import tesseract_available
from parsers.pipeline import read_document
from parsers.thai import repair
from parsers.thai.quality import NO_TEXT_LAYER, UNDECODABLE, judge_layer
from parsers.thai.repair import OCR_PROFILE, repair_thai
from schema.codes import ReadBy

ROOT = Path(__file__).resolve().parent.parent
SCAN_002 = ROOT / "corpus" / "scanned" / "002_600daf04b282d892.pdf"
needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="tesseract is not installed")


def first_page_of(path: Path) -> bytes:
    """A one-page PDF of the file's first page (one page to OCR, not three)."""
    source, single = pdfium.PdfDocument(path), pdfium.PdfDocument.new()
    single.import_pages(source, [0])
    buffer = io.BytesIO()
    single.save(buffer)
    return buffer.getvalue()


# What Tesseract's Thai model wrote on the seed and real scans, and the words they are: SARA AM read
# as SARA AA or as MAI THO + SARA AA, which OCR_PROFILE repairs where the word list backs it strongly.
@pytest.mark.parametrize(("ocr_text", "repaired"), [
    ("เทศบาลตาบลหางดง", "เทศบาลตำบลหางดง"),                          # hangdong scan, OCR layer replaced
    ("เป็นจ้านวนเงินรวมทั้งสิ้น", "เป็นจำนวนเงินรวมทั้งสิ้น"),                # the same page
    ("การปฏิบัติงานอย่างสม่าเสมอ", "การปฏิบัติงานอย่างสม่ำเสมอ"),          # seed 004, 300-dpi scan
    ("การดำเนินงานตามแผน", "การดำเนินงานตามแผน"),                     # correct text stays as it is
    ("นายกเทศมนตรีตำบลหางดง", "นายกเทศมนตรีตำบลหางดง"),
])
def test_ocr_text_gets_the_repairs_of_ocr_confusions(ocr_text: str, repaired: str):
    assert repair_thai(ocr_text, OCR_PROFILE) == repaired


def test_ocr_text_never_gets_a_pdf_producers_defects():
    """AA written as AM is a Word export's font defect: OCR junk such as สมำเสมอ is left as OCR read
    it (the diagnosis the double repair ran made it สมาเสมอ, other junk)."""
    assert repair_thai("อย่างสมำเสมอ", OCR_PROFILE) == "อย่างสมำเสมอ"


@pytest.mark.parametrize(("lines", "reason"), [
    (["- 1 -"], NO_TEXT_LAYER),
    ([""], NO_TEXT_LAYER),
    (["\ue021\ue045\ue102 \ue0ff\ue011\ue033\ue034 \ue099"] * 3, UNDECODABLE),
    (["ผลคะแนนการประเมินคุณธรรมและความโปร่งใส (ITA) 84.6 คะแนน"] * 3, None),
])
def test_one_judge_says_why_a_text_layer_is_not_usable(lines: list[str], reason: str | None):
    assert judge_layer(lines).reason == reason


@needs_tesseract
def test_an_ocr_page_is_repaired_once_and_never_diagnosed(monkeypatch: pytest.MonkeyPatch):
    """The double repair diagnosed every OCR'd paragraph again (73 diagnoses on the 10-page scan
    of seed 004); the OCR text is repaired once, by OCR_PROFILE, and never diagnosed."""
    diagnosed: list[str] = []
    real = repair._diagnosed

    def counting(text: str):  # the real diagnosis, counted
        if text.strip():
            diagnosed.append(text)
        return real(text)

    monkeypatch.setattr(repair, "_diagnosed", counting)
    document = read_document(first_page_of(SCAN_002), "pdf")
    assert [page.read_by for page in document.pages] == [ReadBy.OCR]
    assert sum(1 for _ in document.lines()) > 5
    assert diagnosed == []


@needs_tesseract
def test_a_step_of_ocr_that_fails_is_said_in_the_page_reason(monkeypatch: pytest.MonkeyPatch):
    def no_rules(*_args: object, **_kwargs: object) -> list[object]:
        raise ValueError("a rule finder that cannot run")

    monkeypatch.setattr(ocr_page_module, "find_tables", no_rules)
    document = read_document(first_page_of(SCAN_002), "pdf")
    page = document.pages[0]
    assert page.read_by is ReadBy.OCR
    assert page.reason == ("no text layer; finding the ruled tables failed (ValueError: a rule finder that cannot run); "
                           "the page read as prose")
    assert not list(document.tables())
    assert any("ITA" in line.text or "คะแนน" in line.text for line in document.lines())
