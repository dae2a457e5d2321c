"""The page shapes of real archives (issue 27): corpus/variants/<variant>/<seed>.pdf, made from the five
seeds by corpus/make_variants.py, each converted through the CLI and scored on the seeds' gold.

- every variant's gold score (score.py's mean) is within GOLD_MARGIN of the clean LibreOffice PDFs'
  (corpus/pdf, converted in the same run), and its measures (categories.py) at least MIN_MEASURES;
  variants that do not reach it yet are xfail with the figure measured (`NOT_YET`), to be flipped
  as the parser learns the shape.
- the generator's pikepdf steps do what they say, on the committed files and on a clean page:
  /Rotate and the orientation pypdfium2 renders, the CropBox inside the MediaBox, boxes off the
  origin, the redistilled fonts without ToUnicode.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CLEAN = ROOT / "corpus" / "pdf"
VARIANTS = ROOT / "corpus" / "variants"
SEEDS = sorted(p.stem for p in (ROOT / "corpus" / "seeds").glob("*.txt"))
NAMES = sorted(p.name for p in VARIANTS.iterdir() if p.is_dir())

# The target: a variant scores as the clean PDFs do, and keeps its measures.
GOLD_MARGIN = 0.02
MIN_MEASURES = 0.95
# Variants below the target today (parser 0.11.0), with the figures measured: gold score (clean
# 1.000) and measures (pooled hits over the measures gold fields, their count in brackets). Measured
# passing: rotate90, rotate270, landscape, cropbox, origin (1.000, 1.00 each); merged_lo 0.994, 1.00;
# merged_chromium 0.997, 0.99; spaced 0.997, 0.99; columns2 0.994, 1.00; garuda 0.992, 1.00;
# kinnari 0.986, 1.00.
NOT_YET = {
    # noborders (0.990, measures 0.96) and rowrules (0.991, 0.95) reach the bar since a known header opens a
    # table over too few rows to align on (parsers/pdf/anchored_tables.py)
    # OCR'd (no ToUnicode); not scored in the suite (OCR_VARIANTS). Measured outside it: gold 0.836, measures 0.58 (242)
    "redistilled": "gold 0.836, measures 0.58 (242): fonts without ToUnicode, every page OCR'd",
}
needs_gold = pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is not beside the repo")


# --- scores: one CLI run per folder (a variant is converted only when its test runs: `-k "not redistilled"`
# leaves out the one that is OCR'd), OUT/<folder>/<seed>.pdf.json


def _convert(folder: Path, out: Path) -> Path:
    """The folder through the CLI; exit 1 (some inputs failed, e.g. an OCR timeout) is a score, not an error."""
    run = subprocess.run([sys.executable, "-m", "ingest", "convert", str(folder), "--out", str(out), "--no-db", "-q"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr
    return out


def _figures(out: Path) -> tuple[float, float | None]:
    """score.py's mean (a seed without output counts 0) and categories.py's measures (None when no gold measures)."""
    score = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(out), str(SHARED / "gold")],
                           capture_output=True, text=True, check=True).stdout
    mean = float(re.search(r"gold score: ([\d.]+)", score).group(1))
    categories = subprocess.run([sys.executable, str(SHARED / "eval" / "categories.py"), str(out), str(SHARED / "gold")],
                                capture_output=True, text=True, check=True).stdout
    measures = re.search(r"measures ([\d.]+)", categories)
    return mean, float(measures.group(1)) if measures else None


@pytest.fixture(scope="module")
def clean_figures(tmp_path_factory: pytest.TempPathFactory) -> tuple[float, float | None]:
    return _figures(_convert(CLEAN, tmp_path_factory.mktemp("clean")))


def test_every_variant_has_the_five_seeds() -> None:
    assert len(NAMES) >= 12
    for name in NAMES:
        assert sorted(p.stem for p in (VARIANTS / name).glob("*.pdf")) == SEEDS, name


def _case(name: str):
    reason = NOT_YET.get(name)
    return pytest.param(name, marks=[pytest.mark.xfail(strict=False, reason=reason)] if reason else [])


# Variants whose every page goes to OCR: their gold score is the OCR's (issue 28's scans), and converting
# them costs some 12 minutes of Tesseract; here only that each page is sent there is tested
# (test_redistilled_pages_are_sent_to_ocr), their score is measured outside the suite.
OCR_VARIANTS = ("redistilled",)


@pytest.mark.slow
@needs_gold
@pytest.mark.parametrize("name", [_case(name) for name in NAMES if name not in OCR_VARIANTS])
def test_variant_scores_as_the_clean_pdfs(clean_figures: tuple[float, float | None], name: str,
                                         tmp_path: Path) -> None:
    clean, _ = clean_figures
    mean, measures = _figures(_convert(VARIANTS / name, tmp_path))
    assert mean >= clean - GOLD_MARGIN, f"{name}: gold {mean:.3f}, clean {clean:.3f}"
    assert measures is None or measures >= MIN_MEASURES, f"{name}: measures {measures:.2f}"


# --- the generator's pikepdf steps, on the committed files and on a clean page

pikepdf = pytest.importorskip("pikepdf")
pdfium = pytest.importorskip("pypdfium2")
sys.path.insert(0, str(ROOT / "corpus"))
from make_variants import CROP_MARGINS, ORIGIN_SHIFT, draw_turned, transformed  # noqa: E402

STEM = "001_c58affa22fe99b85"


def _render(pdf: Path, index: int = 0):
    from PIL import ImageOps

    return ImageOps.grayscale(pdfium.PdfDocument(pdf)[index].render(scale=0.5).to_pil())


def _difference(a, b) -> float:
    """Mean absolute grey difference, 255 when the sizes differ."""
    from PIL import ImageChops, ImageStat

    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0] if a.size == b.size else 255.0


def _pages(pdf: Path) -> list[dict]:
    with pikepdf.open(pdf) as document:
        return [{"rotate": int(p.obj.get("/Rotate", 0)), "media": [float(v) for v in p.obj.MediaBox],
                 "crop": [float(v) for v in p.obj.get("/CropBox", p.obj.MediaBox)]} for p in document.pages]


@pytest.mark.parametrize(("name", "degrees"), [("rotate90", 90), ("rotate270", 270)])
def test_turned_pages_show_the_clean_page_turned(name: str, degrees: int) -> None:
    """Only /Rotate differs from the clean PDF; pdfium shows the page turned clockwise by it."""
    pages, clean = _pages(VARIANTS / name / f"{STEM}.pdf"), _pages(CLEAN / f"{STEM}.pdf")
    assert [p["rotate"] for p in pages] == [degrees] * len(clean)
    assert [p["media"] for p in pages] == [p["media"] for p in clean]
    shown, upright = _render(VARIANTS / name / f"{STEM}.pdf"), _render(CLEAN / f"{STEM}.pdf")
    assert shown.width > shown.height
    # PIL turns counter-clockwise: -degrees is the clockwise turn /Rotate asks for (measured ~5 against ~20).
    assert _difference(shown, upright.rotate(-degrees, expand=True)) * 2 < _difference(shown, upright.rotate(degrees, expand=True))


def test_drawn_turned_page_shows_upright(tmp_path: Path) -> None:
    """draw_turned on a clean portrait page: landscape MediaBox, /Rotate 90, shown as it was."""
    turned = transformed(CLEAN / f"{STEM}.pdf", tmp_path / "turned.pdf", draw_turned)
    page, clean = _pages(turned)[0], _pages(CLEAN / f"{STEM}.pdf")[0]
    assert page["rotate"] == 90 and page["media"][2:] == pytest.approx(clean["media"][:1:-1])
    assert _difference(_render(turned), _render(CLEAN / f"{STEM}.pdf")) < 1.0


def test_landscape_variant_is_portrait_media_shown_landscape() -> None:
    pdf = VARIANTS / "landscape" / f"{STEM}.pdf"
    for page in _pages(pdf):
        assert page["rotate"] == 90 and page["media"][0:2] == [0, 0] and page["media"][2] < page["media"][3]
    shown = _render(pdf)
    assert shown.width > shown.height


def test_cropbox_variant_crops_to_the_clean_page() -> None:
    """CropBox inside a MediaBox grown by CROP_MARGINS, the size of the clean page; pdfium shows the CropBox: the clean page."""
    left, bottom, right, top = CROP_MARGINS
    for page, clean in zip(_pages(VARIANTS / "cropbox" / f"{STEM}.pdf"), _pages(CLEAN / f"{STEM}.pdf"), strict=True):
        (mx0, my0, mx1, my1), (cx0, cy0, cx1, cy1) = page["media"], page["crop"]
        assert mx0 < cx0 < cx1 < mx1 and my0 < cy0 < cy1 < my1
        assert (cx0 - mx0, cy0 - my0, mx1 - cx1, my1 - cy1) == pytest.approx((left, bottom, right, top))
        assert (cx1 - cx0, cy1 - cy0) == pytest.approx((clean["media"][2], clean["media"][3]))
    assert _difference(_render(VARIANTS / "cropbox" / f"{STEM}.pdf"), _render(CLEAN / f"{STEM}.pdf")) < 1.0


def test_origin_variant_moves_both_boxes() -> None:
    for page in _pages(VARIANTS / "origin" / f"{STEM}.pdf"):
        assert page["media"] == page["crop"] and tuple(page["media"][:2]) == ORIGIN_SHIFT
    assert _difference(_render(VARIANTS / "origin" / f"{STEM}.pdf"), _render(CLEAN / f"{STEM}.pdf")) < 1.0


def test_postscript_round_trip_drops_to_unicode() -> None:
    for stem in SEEDS:
        with pikepdf.open(VARIANTS / "redistilled" / f"{stem}.pdf") as document:
            fonts = [font for page in document.pages for font in page.obj.Resources.Font.values()]
            assert fonts and not any("/ToUnicode" in font for font in fonts), stem


@pytest.mark.parametrize("stem", SEEDS)
def test_redistilled_pages_are_sent_to_ocr(stem: str) -> None:
    """A PostScript round trip leaves fonts without ToUnicode: every page's text layer, short pages
    too, is judged no usable text (so OCR reads it) and says why."""
    from parsers.pdf.layout import read_page

    document = pdfium.PdfDocument(VARIANTS / "redistilled" / f"{stem}.pdf")
    try:
        for index in range(len(document)):
            page = read_page(document[index], index + 1)
            assert page.layer_reason, f"{stem} page {index + 1}: text quality {page.text_quality}"
    finally:
        document.close()
