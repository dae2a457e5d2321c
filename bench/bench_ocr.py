"""OCR figures: seconds per scanned page, and how well the digit recogniser reads Thai numbers.

    .venv/bin/python bench/bench_ocr.py

1. OCR speed: `read_document` on each scanned PDF of corpus/scanned (Tesseract tha+eng, one
   page at a time), seconds per page.
2. Numbers on the scanned pages: every number of the born-digital PDF's text layer (the truth)
   against the numbers OCR reads, with the digit recogniser on and off.
3. The recogniser alone: random Thai numbers rendered in each fonts-thai-tlwg family at 9, 10.5,
   12 and 16 pt (300 dpi), blurred as a scan is: share read exactly.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

from parsers import ocr, ocr_digits  # noqa: E402
from parsers.pipeline import read_document  # noqa: E402

NUMBER = re.compile(r"[0-9๐-๙]+(?:\.[0-9๐-๙]+)?")
TLWG = Path("/usr/share/fonts/truetype/tlwg")
FAMILIES = ("Loma", "Garuda", "Norasi", "Kinnari", "Sawasdee", "TlwgTypo", "Umpush", "Waree", "Laksaman", "Purisa")


def numbers_of_pages(path: Path, reread: bool) -> list[Counter]:
    document = pdfium.PdfDocument(path)
    pages = []
    for index in range(len(document)):
        image = document[index].render(scale=ocr.OCR_DPI / 72, grayscale=True).to_pil()
        original = ocr.reread_numbers
        if not reread:
            ocr.reread_numbers = lambda image, words: (words, 0)  # the stock model alone
        try:
            page = ocr.ocr_page(image)
        finally:
            ocr.reread_numbers = original
        text = " ".join(line.text for line in page.lines) + " " + " ".join(c for _, rows in page.tables for r in rows for c in r)
        pages.append(Counter(NUMBER.findall(text)))
    return pages


def truth_of_pages(path: Path) -> list[Counter]:
    document = pdfium.PdfDocument(path)
    return [Counter(NUMBER.findall(document[i].get_textpage().get_text_range())) for i in range(len(document))]


def recogniser_accuracy(pixels: int, rng: random.Random, samples: int = 40) -> dict[str, float]:
    result = {}
    for family in FAMILIES:
        font_file = TLWG / f"{family}.ttf"
        if not font_file.exists():
            continue
        font, correct = ImageFont.truetype(str(font_file), pixels), 0
        for _ in range(samples):
            number = "".join(rng.choice("๐๑๒๓๔๕๖๗๘๙") for _ in range(rng.randint(1, 3))) + "." + \
                     "".join(rng.choice("๐๑๒๓๔๕๖๗๘๙") for _ in range(2))
            image = Image.new("L", (pixels * (len(number) + 2), pixels * 2), 255)
            ImageDraw.Draw(image).text((pixels // 2, pixels // 3), number, font=font, fill=0)
            image = image.filter(ImageFilter.GaussianBlur(0.6))
            correct += ocr_digits.reread_box(image, *Image.eval(image, lambda v: 255 - v).getbbox()) == number
        result[family] = correct / samples
    return result


def main() -> None:
    scans = sorted((ROOT / "corpus" / "scanned").glob("*.pdf"))
    for scan in scans:
        started = time.perf_counter()
        document = read_document(scan.read_bytes(), "pdf")
        seconds = time.perf_counter() - started
        print(f"OCR {scan.name}: {document.page_count} pages in {seconds:.1f} s = {seconds / document.page_count:.2f} s/page "
              f"(2 pages at a time)")
    for scan in scans:
        truth = truth_of_pages(ROOT / "corpus" / "pdf" / scan.name)
        for reread in (False, True):
            found = numbers_of_pages(scan, reread)
            right = sum(sum((t & f).values()) for t, f in zip(truth, found, strict=True))
            total = sum(sum(t.values()) for t in truth)
            read = sum(sum(f.values()) for f in found)
            print(f"numbers on {scan.name}, digit recogniser {'on ' if reread else 'off'}: {right}/{total} of the true numbers read "
                  f"exactly ({right / total:.0%}); {read - right} wrong or spurious numbers")
    if TLWG.is_dir():
        rng = random.Random(7)
        for points, pixels in ((9, 38), (10.5, 44), (12, 50), (16, 66)):
            accuracy = recogniser_accuracy(pixels, rng)
            print(f"recogniser, {points} pt: " + ", ".join(f"{k} {v:.0%}" for k, v in accuracy.items()))


if __name__ == "__main__":
    main()
