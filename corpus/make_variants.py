"""Render the seed reports in the page shapes real archives hold, one folder per variant (issue 27).

    .venv/bin/python corpus/make_variants.py [--out corpus/variants] [--share DIR] [--only NAME ...]

Each variant is all five seeds, each a faithful rendering of the seed text (the gold stays right),
changed in one way from the clean LibreOffice corpus (corpus/pdf, corpus/make_pdfs.py):

- page geometry, by pikepdf from corpus/pdf (`GEOMETRY`): pages turned in a viewer and saved
  (/Rotate 90, 270); landscape content drawn turned in a portrait MediaBox with /Rotate 90, as a
  printer driver prints a landscape section; a MediaBox grown around a CropBox (cropped PDFs);
  MediaBox and CropBox moved off the origin (re-saved PDFs).
- HTML (`HTML`): make_pdfs.report_html with one change (`make_pdfs.HtmlStyle`): tables with no
  borders, with rules between rows only, with a shaded two-row heading whose group cell spans the
  other columns (LibreOffice, and Chromium, which draws rules and shading as filled rectangles as
  Word does); Chromium with letter-spacing (Thai distributed justification) and with two CSS
  columns; the other TLWG fonts Garuda and Kinnari. Chromium's PDFs are re-saved by pikepdf with
  object streams (`transformed(..., compact=True)`): the pages are Chromium's, the file 40% smaller.
- redistilled: corpus/pdf through PostScript (`pdftops`, `ps2pdf`): the fonts come back with no
  ToUnicode map.

Needs pikepdf, LibreOffice, Chromium, poppler-utils, ghostscript and fonts-thai-tlwg (Debian:
`apt-get install libreoffice-writer-nogui chromium poppler-utils ghostscript fonts-thai-tlwg`); the
PDFs it writes are committed, so the tests need none of the programs (tests/test_variants.py
uses pikepdf to check the geometry steps).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "corpus"))

import make_pdfs  # noqa: E402
from make_producer_pdfs import chromium_pdf  # noqa: E402

CLEAN = ROOT / "corpus" / "pdf"
SEEDS = ROOT / "corpus" / "seeds"

# Cropped PDFs: the old page sits inside a larger MediaBox, not centred (left, bottom, right, top).
CROP_MARGINS = (42.0, 57.0, 28.0, 35.0)
# Re-saved PDFs: both boxes moved off the origin, one coordinate negative and one positive.
ORIGIN_SHIFT = (-200.0, 600.0)


# --- page geometry (pikepdf): each step changes a page's boxes and how its content is placed, never the content


def _box(page: pikepdf.Page) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
    return x0, y0, x1, y1


def _wrap_content(pdf: pikepdf.Pdf, page: pikepdf.Page, matrix: tuple[float, ...]) -> None:
    """Draw the page's content through `matrix` (a cm around it, in its own q/Q)."""
    cm = " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in matrix)
    page.contents_add(pdf.make_stream(f"q {cm} cm\n".encode()), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n"), prepend=False)


def rotate_pages(pdf: pikepdf.Pdf, degrees: int) -> None:
    """Every page turned as a viewer saves it: /Rotate set, boxes and content untouched."""
    for page in pdf.pages:
        page.obj.Rotate = degrees


def draw_turned(pdf: pikepdf.Pdf) -> None:
    """Each page's content drawn turned a quarter counter-clockwise into a MediaBox of swapped width
    and height, with /Rotate 90 (clockwise) so a viewer shows it as before: a printer driver's
    landscape page. (x, y) → (H − y, x) is the cm `0 1 −1 0 H 0` for a W×H page at the origin."""
    for page in pdf.pages:
        x0, y0, x1, y1 = _box(page)
        width, height = x1 - x0, y1 - y0
        _wrap_content(pdf, page, (0, 1, -1, 0, height + y0, -x0))
        page.obj.MediaBox = pikepdf.Array([0, 0, height, width])
        for name in ("/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
            if name in page.obj:
                del page.obj[name]
        page.obj.Rotate = (int(page.obj.get("/Rotate", 0)) + 90) % 360


def grow_media_box(pdf: pikepdf.Pdf, margins: tuple[float, float, float, float] = CROP_MARGINS) -> None:
    """A cropped PDF: content moved by the left and bottom margins, the MediaBox grown by all four,
    the CropBox where the old page now is (so what a viewer shows is unchanged)."""
    left, bottom, right, top = margins
    for page in pdf.pages:
        x0, y0, x1, y1 = _box(page)
        _wrap_content(pdf, page, (1, 0, 0, 1, left, bottom))
        page.obj.MediaBox = pikepdf.Array([x0, y0, x1 + left + right, y1 + bottom + top])
        page.obj.CropBox = pikepdf.Array([x0 + left, y0 + bottom, x1 + left, y1 + bottom])


def move_origin(pdf: pikepdf.Pdf, shift: tuple[float, float] = ORIGIN_SHIFT) -> None:
    """A re-saved PDF: MediaBox and CropBox both at a non-zero origin, the content moved with them."""
    dx, dy = shift
    for page in pdf.pages:
        x0, y0, x1, y1 = _box(page)
        _wrap_content(pdf, page, (1, 0, 0, 1, dx, dy))
        moved = pikepdf.Array([x0 + dx, y0 + dy, x1 + dx, y1 + dy])
        page.obj.MediaBox = moved
        page.obj.CropBox = moved


def transformed(source: Path, out: Path, step: Callable[[pikepdf.Pdf], None], compact: bool = False) -> Path:
    """A copy of `source` with `step` applied to it, written to `out`; `compact` packs the objects into
    object streams (Chromium writes some 1,300 small objects a report: the file is 40% smaller)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    mode = pikepdf.ObjectStreamMode.generate if compact else pikepdf.ObjectStreamMode.preserve
    with pikepdf.open(source) as pdf:
        step(pdf)
        pdf.save(out, deterministic_id=True, object_stream_mode=mode)
    return out


def _unchanged(pdf: pikepdf.Pdf) -> None:
    """No step: the pages as the renderer drew them."""


# --- the variants


@dataclass(frozen=True)
class Variant:
    name: str
    how: str  # one line for the STATUS table and the report
    make: Callable[[Path, Path], Path]  # (seed .txt, out .pdf) → out


def _from_clean(step: Callable[[pikepdf.Pdf], None]) -> Callable[[Path, Path], Path]:
    return lambda seed, out: transformed(CLEAN / f"{seed.stem}.pdf", out, step)


def _html(style: make_pdfs.HtmlStyle, renderer: str) -> Callable[[Path, Path], Path]:
    """The seed as report_html in `style`, rendered by LibreOffice or Chromium."""

    def make(seed: Path, out: Path) -> Path:
        text, _ = make_pdfs.decode_report(seed.read_bytes())
        with tempfile.TemporaryDirectory() as temp:
            page = Path(temp) / f"{seed.stem}.html"
            page.write_text(make_pdfs.report_html(text, seed.stem, style), encoding="utf-8")
            out.parent.mkdir(parents=True, exist_ok=True)
            if renderer == "chromium":  # pages as Chromium drew them, objects packed to keep the corpus small
                return transformed(chromium_pdf(page, Path(temp) / out.name), out, _unchanged, compact=True)
            return Path(shutil.copy(make_pdfs.soffice_pdf(page, Path(temp)), out))

    return make


def _landscape_turned(seed: Path, out: Path) -> Path:
    """The seed on A4 landscape pages (LibreOffice), then drawn turned into portrait (`draw_turned`)."""
    rendered = _html(make_pdfs.HtmlStyle(page_size="29.7cm 21cm"), "soffice")(seed, out.with_suffix(".landscape.pdf"))
    transformed(rendered, out, draw_turned)
    rendered.unlink()
    return out


def _redistilled(seed: Path, out: Path) -> Path:
    """corpus/pdf → PostScript (pdftops) → PDF (ps2pdf): Ghostscript writes the fonts again without ToUnicode."""
    for tool in ("pdftops", "ps2pdf"):
        if not shutil.which(tool):
            sys.exit(f"error: {tool} is not installed: apt-get install poppler-utils ghostscript")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        ps = Path(temp) / f"{seed.stem}.ps"
        subprocess.run(["pdftops", str(CLEAN / f"{seed.stem}.pdf"), str(ps)], check=True, capture_output=True, timeout=300)
        subprocess.run(["ps2pdf", str(ps), str(out)], check=True, capture_output=True, timeout=300)
    return out


Style = make_pdfs.HtmlStyle
VARIANTS: tuple[Variant, ...] = (
    Variant("rotate90", "corpus/pdf, every page /Rotate 90 (pikepdf)", _from_clean(lambda pdf: rotate_pages(pdf, 90))),
    Variant("rotate270", "corpus/pdf, every page /Rotate 270 (pikepdf)", _from_clean(lambda pdf: rotate_pages(pdf, 270))),
    Variant("cropbox", f"corpus/pdf, content moved, MediaBox grown by {CROP_MARGINS} (l, b, r, t), CropBox the old page (pikepdf)",
            _from_clean(grow_media_box)),
    Variant("origin", f"corpus/pdf, MediaBox = CropBox moved by {ORIGIN_SHIFT} with the content (pikepdf)", _from_clean(move_origin)),
    Variant("landscape", "LibreOffice A4 landscape, content drawn turned into a portrait MediaBox + /Rotate 90 (pikepdf)",
            _landscape_turned),
    Variant("noborders", "LibreOffice, tables border=0 (no rules at all)", _html(Style(table="borderless"), "soffice")),
    Variant("rowrules", "LibreOffice, tables frame=hsides rules=rows (horizontal rules only)", _html(Style(table="row_rules"), "soffice")),
    Variant("merged_lo", "LibreOffice, shaded two-row heading, group cell colspan over columns 2..n",
            _html(Style(table="merged_header"), "soffice")),
    Variant("merged_chromium", "Chromium, shaded two-row heading, group cell colspan over columns 2..n",
            _html(Style(table="merged_header"), "chromium")),
    Variant("spaced", "Chromium, letter-spacing: 0.12em on body and cells",
            _html(Style(css=" body, th, td { letter-spacing: 0.12em }"), "chromium")),
    # Tables span both columns, as in such newsletters: a 6-column table in an 8 cm column overflows into the next one.
    Variant("columns2", "Chromium, body column-count: 2 (prose in two columns, tables column-span: all)",
            _html(Style(css=" body { column-count: 2; column-gap: 1cm } table { column-span: all }"), "chromium")),
    Variant("garuda", "LibreOffice, font Garuda", _html(Style(font="Garuda"), "soffice")),
    Variant("kinnari", "LibreOffice, font Kinnari", _html(Style(font="Kinnari"), "soffice")),
    Variant("redistilled", "corpus/pdf → pdftops → ps2pdf (no ToUnicode)", _redistilled),
)
BY_NAME = {v.name: v for v in VARIANTS}


def make_variant(variant: Variant, seeds: list[Path], out: Path, share: Path | None) -> list[Path]:
    """All seeds of one variant into out/<name>/, copied to share/<name>/ too when given."""
    written = [variant.make(seed, out / variant.name / f"{seed.stem}.pdf") for seed in seeds]
    if share:
        (share / variant.name).mkdir(parents=True, exist_ok=True)
        for pdf in written:
            shutil.copy(pdf, share / variant.name / pdf.name)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "corpus" / "variants")
    parser.add_argument("--share", type=Path, help="also copy each variant's PDFs to DIR/<variant>/")
    parser.add_argument("--only", nargs="*", choices=sorted(BY_NAME), help="these variants only")
    args = parser.parse_args()
    seeds = sorted(SEEDS.glob("*.txt"))
    for variant in [BY_NAME[n] for n in args.only] if args.only else VARIANTS:
        written = make_variant(variant, seeds, args.out, args.share)
        size = sum(p.stat().st_size for p in written) // 1024
        print(f"{variant.name}: {len(written)} PDFs, {size} kB: {variant.how}")


if __name__ == "__main__":
    main()
