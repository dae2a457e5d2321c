"""OCR figures: our CPU per scanned page against bare Tesseract on the same pages at the same DPI,
and how well both read the text the scans were made from.

    .venv/bin/python bench/bench_ocr.py [--dpi 200 250 300] [--convert] [SCAN.pdf ...]

Scans default to corpus/scanned. For each DPI every page is rendered (pypdfium2, greyscale) and
read twice in this process: by `parsers.ocr.page.ocr_page` (ours: deskew, tables, one Tesseract run,
digits re-read) and by bare `tesseract stdin stdout -l tha+eng --psm 4` (OMP_THREAD_LIMIT=1, the
page piped as uncompressed PNM, so bare Tesseract pays no file or PNG cost). CPU is user + system
time of this process and of every child it waited for (Tesseract included), rendering counted
on both sides. Accuracy is against the born-digital PDF a scan was made from (corpus/pdf/<name>,
its text layer page by page), when there is one: `text` is rapidfuzz's ratio of the two texts
without whitespace (0..1), `numbers` the share of the source's numbers read exactly.
With --convert, `ita-ingest convert --workers 1` is run on the same scans as a child and its CPU
(all processes) per page is set against bare Tesseract's at 300 dpi.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402
from PIL import Image  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from parsers.ocr import page as ocr  # noqa: E402

NUMBER = re.compile(r"[0-9๐-๙]+(?:\.[0-9๐-๙]+)?")


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class Tally:
    pages: int = 0
    seconds: float = 0.0
    text: list[float] = field(default_factory=list)
    numbers_right: int = 0
    numbers_total: int = 0

    def add(self, seconds: float, read: str, truth: str | None) -> None:
        self.pages += 1
        self.seconds += seconds
        if truth is not None:
            self.text.append(fuzz.ratio(re.sub(r"\s+", "", read), re.sub(r"\s+", "", truth)) / 100)
            want, got = Counter(NUMBER.findall(truth)), Counter(NUMBER.findall(read))
            self.numbers_right += sum((want & got).values())
            self.numbers_total += sum(want.values())

    def accuracy(self) -> str:
        if not self.text:
            return "text -, numbers -"
        return f"text {sum(self.text) / len(self.text):.3f}, numbers {self.numbers_right}/{self.numbers_total}"


def bare_tesseract(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, "PPM")
    run = subprocess.run(["tesseract", "stdin", "stdout", "-l", "tha+eng", "--psm", "4"], input=buffer.getvalue(),
                         capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=True)
    return run.stdout.decode("utf-8", "replace")


def ours(image: Image.Image, dpi: int) -> str:
    page = ocr.ocr_page(image, dpi=dpi)
    return "\n".join([line.text for line in page.lines] + [cell for _, rows in page.tables for row in rows for cell in row])


def source_texts(scan: Path) -> list[str] | None:
    source = ROOT / "corpus" / "pdf" / scan.name
    if not source.exists():
        return None
    document = pdfium.PdfDocument(source)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def measure(scans: list[Path], dpi: int, with_ours: bool = True) -> tuple[Tally, Tally]:
    mine, bare = Tally(), Tally()
    readers = ((mine, lambda image: ours(image, dpi)), (bare, bare_tesseract)) if with_ours else ((bare, bare_tesseract),)
    for scan in scans:
        truth = source_texts(scan)
        document = pdfium.PdfDocument(scan)
        for index in range(len(document)):
            expected = truth[index] if truth and index < len(truth) else None
            for tally, read in readers:
                started = cpu()
                image = document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                text = read(image)
                tally.add(cpu() - started, text, expected)
        document.close()
    return mine, bare


def convert_cpu(scans: list[Path]) -> tuple[float, int]:
    """CPU seconds (the CLI and every process under it) of `ita-ingest convert --workers 1`, and pages."""
    with tempfile.TemporaryDirectory() as out:
        started = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([str(Path(sys.executable).with_name("ita-ingest")), "convert", *map(str, scans), "--out", out, "--workers", "1",
                        "--no-db", "--quiet"], check=False, capture_output=True)
        ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    pages = 0
    for scan in scans:
        document = pdfium.PdfDocument(scan)
        pages += len(document)
        document.close()
    return ended.ru_utime + ended.ru_stime - started.ru_utime - started.ru_stime, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scans", nargs="*", type=Path)
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, 250, 300])
    parser.add_argument("--convert", action="store_true", help="also measure `ita-ingest convert` against bare Tesseract at 300 dpi")
    args = parser.parse_args()
    scans = args.scans or sorted((ROOT / "corpus" / "scanned").glob("*.pdf"))
    bare_300 = None
    for dpi in args.dpi:
        mine, bare = measure(scans, dpi)
        bare_300 = bare if dpi == 300 else bare_300
        print(f"{dpi} dpi, {mine.pages} pages: ours {mine.seconds / mine.pages:.2f} s CPU/page, bare tesseract "
              f"{bare.seconds / bare.pages:.2f} s/page = {mine.seconds / bare.seconds:.2f}x; "
              f"ours {mine.accuracy()}; bare {bare.accuracy()}", flush=True)
    if args.convert:
        if bare_300 is None:
            bare_300 = measure(scans, 300, with_ours=False)[1]
        seconds, pages = convert_cpu(scans)
        print(f"convert ({ocr.OCR_DPI} dpi), {pages} pages: {seconds / pages:.2f} s CPU/page, all processes = "
              f"{seconds / bare_300.seconds * bare_300.pages / pages:.2f}x bare tesseract at 300 dpi", flush=True)


if __name__ == "__main__":
    main()
