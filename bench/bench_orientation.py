"""Telling a page's orientation: Tesseract's OSD against a vote of Tesseract's confidence over the four turns.

    .venv/bin/python bench/bench_orientation.py [PDF...] [--osd-dpi 150 200] [--vote-dpi 100] [--pages 4]

Every page (the first `--pages` of each scanned PDF; default: the two seed scans and the real memo
scan) is turned 0/90/180/270° and each method says which turn undoes it. Prints per method and
resolution: right answers, CPU seconds per page, and the least confidence of a right answer and the
most of a wrong one (OSD), so MIN_CONFIDENCE in parsers/ocr/orientation.py has its margin.

Measured (2026-12-07, 44 turned pages: 3 + 4 + 4 pages x 4 turns, machine shared by several jobs,
so CPU is inflated alike for both):
  osd at 100 dpi: wrong or no answer on most sideways pages (script taken for Latin, Arabic)
  osd at 150 dpi: 44/44 right, 0.59 s CPU a page
  osd at 200 dpi: 44/44 right, 0.64 s
  osd at 300 dpi: 28/28 right (002 and the memo), 0.65-0.90 s
  vote at 100 dpi (psm 4, tha+eng, mean word confidence weighted by letters): 44/44 right, 9.5 s a page
OSD is chosen: the same accuracy at 1/16 of the vote's cost (the vote is four recognitions).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.ocr.orientation import osd_turn  # noqa: E402
from parsers.ocr.tesseract import tesseract_words  # noqa: E402

DEFAULT_PDFS = [ROOT / "corpus" / "scanned" / "002_600daf04b282d892.pdf", ROOT / "corpus" / "scanned" / "004_251b6f6209c0817d.pdf",
                ROOT.parent / "shared" / "real" / "phichai_moit1_ita2568_memo_scan.pdf"]
TURNS = (0, 90, 180, 270)


def vote_turn(image: Image.Image, dpi: int) -> int:
    """The clockwise turn whose undoing Tesseract reads with the most confidence (letters weighted)."""
    readings = tesseract_words([image.rotate(turn, expand=True) for turn in TURNS], psm=4, dpi=dpi)
    scores = [sum(w.confidence * len(w.text) for w in words) / max(1, sum(len(w.text) for w in words)) for words in readings]
    return TURNS[scores.index(max(scores))]


def pages(pdfs: list[Path], count: int) -> list[Image.Image]:
    found = []
    for path in pdfs:
        pdf = pdfium.PdfDocument(path)
        found += [pdf[i].render(scale=300 / 72, grayscale=True).to_pil() for i in range(min(count, len(pdf)))]
        pdf.close()
    return found


def measure(method: str, dpi: int, images: list[Image.Image]) -> None:
    right, seconds, right_conf, wrong_conf = 0, [], [], []
    for image in images:
        for turn in TURNS:
            turned = image.rotate(-turn, expand=True)  # `turn` degrees clockwise
            small = turned.resize((turned.width * dpi // 300, turned.height * dpi // 300), Image.BOX)
            start = time.process_time()
            if method == "osd":
                found = osd_turn(small, dpi)
                said, confidence = found if found else (None, 0.0)
            else:
                said, confidence = vote_turn(small, dpi), 0.0
            seconds.append(time.process_time() - start)
            right += said == turn
            (right_conf if said == turn else wrong_conf).append(confidence)
    print(f"{method} at {dpi} dpi: {right}/{len(seconds)} right, {statistics.mean(seconds):.2f} s CPU a page, "
          f"least confidence right {min(right_conf, default=0):.1f}, most wrong {max(wrong_conf, default=0):.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT_PDFS)
    parser.add_argument("--osd-dpi", type=int, nargs="*", default=[150, 200])
    parser.add_argument("--vote-dpi", type=int, nargs="*", default=[100])
    parser.add_argument("--pages", type=int, default=4)
    args = parser.parse_args()
    images = pages([p for p in args.pdfs if p.exists()], args.pages)
    for dpi in args.osd_dpi:
        measure("osd", dpi, images)
    for dpi in args.vote_dpi:
        measure("vote", dpi, images)


if __name__ == "__main__":
    main()
