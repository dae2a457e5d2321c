"""Scans of the seed PDFs made the way an office scanner makes them, for measuring OCR.

    .venv/bin/python corpus/make_scans.py OUT [--dpi 200 250 300] [--seeds 002 004] [--quality 70]
                                              [--kinds pdf sideways png jpg tiff]

Every page of each born-digital seed PDF (corpus/pdf) is rendered at each DPI in greyscale,
rotated by a random skew (±1°), given scanner noise and a slight blur, and stored in the kind asked:

  pdf       JPEG pages (the `quality` given) in an image-only PDF: OUT/<dpi>/<seed>.pdf
  sideways  the same, its pages fed turned: 90°, 270°, 180°, 90°… clockwise (page 1 sideways,
            page 3 upside down): OUT/sideways/<dpi>/<seed>.pdf
  png       one multi-frame PNG, a page a frame (APNG): OUT/png/<dpi>/<seed>.png
  jpg       a JPEG per page, as offices keep announcements: OUT/jpg/<dpi>/<seed>/<page>.jpg (not one
            multi-picture MPO file: Pillow 11 writes one whose fourth picture it cannot read back)
  tiff      one multi-page TIFF (Deflate), as a scanner's "save as TIFF" writes it: OUT/tiff/<dpi>/<seed>.tif

A seed's pages in one PNG or TIFF, so the file is scored against the seed's gold as one report; a
one-page image is the same reader's first frame. Images carry their DPI. A seeded random generator
per (seed, dpi) makes the same scans every run, whatever the kind. The output is large and is not
committed; the two committed scans in corpus/scanned come from corpus/make_pdfs.py.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("pdf", "sideways", "png", "jpg", "tiff")
SIDEWAYS_TURNS = (90, 270, 180)  # clockwise turns of the sideways kind's pages, in turn
MAX_SKEW = 1.0          # degrees: what a hand-fed sheet on a flatbed comes out as
NOISE_SIGMA = 18        # grey-level noise; its darkest specks become dots on the paper


def scan_page(page: Image.Image, rng: random.Random) -> Image.Image:
    """One rendered page → the same page as a scanner gives it back."""
    image = page.convert("L").rotate(rng.uniform(-MAX_SKEW, MAX_SKEW), resample=Image.BICUBIC, fillcolor=255)
    noise = Image.effect_noise(image.size, NOISE_SIGMA).point(lambda v: 255 if v > 40 else 160)
    image = Image.composite(image, noise, image.point(lambda v: 255 if v < 250 else 0).convert("1"))
    return image.filter(ImageFilter.GaussianBlur(0.4 + rng.random() * 0.3))


def scanned_pages(pdf: Path, dpi: int, seed: int) -> list[Image.Image]:
    rng = random.Random(seed)
    source = pdfium.PdfDocument(pdf)
    try:
        return [scan_page(source[i].render(scale=dpi / 72, grayscale=True).to_pil(), rng) for i in range(len(source))]
    finally:
        source.close()


def save_scan(images: list[Image.Image], out: Path, kind: str, dpi: int, quality: int) -> Path:
    """The scanned pages as the kind asks (see the module's docstring)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    images = [image.copy() for image in images]  # a save leaves its settings on the images (a TIFF would take the JPEG quality)
    first, rest = images[0], images[1:]
    if kind == "sideways":
        turned = [image.rotate(-SIDEWAYS_TURNS[i % len(SIDEWAYS_TURNS)], expand=True, fillcolor=255) for i, image in enumerate(images)]
        first, rest = turned[0], turned[1:]
    if kind in ("pdf", "sideways"):
        first.save(out, "PDF", resolution=dpi, save_all=True, append_images=rest, quality=quality)
    elif kind == "png":
        first.save(out, "PNG", save_all=True, append_images=rest, dpi=(dpi, dpi))
    elif kind == "jpg":
        out.mkdir(exist_ok=True)
        for number, image in enumerate(images, start=1):
            image.save(out / f"{number:02d}.jpg", "JPEG", dpi=(dpi, dpi), quality=quality)
    else:
        first.save(out, "TIFF", save_all=True, append_images=rest, dpi=(dpi, dpi), compression="tiff_deflate")
    return out


def scan_path(out: Path, kind: str, dpi: int, pdf: Path) -> Path:
    suffix = {"png": ".png", "jpg": "", "tiff": ".tif"}.get(kind, ".pdf")  # jpg: a folder of pages
    folder = out / str(dpi) if kind == "pdf" else out / kind / str(dpi)
    return folder / (pdf.stem + suffix)


def make_scan(pdf: Path, out: Path, dpi: int, quality: int, seed: int, kind: str = "pdf") -> Path:
    return save_scan(scanned_pages(pdf, dpi, seed), out, kind, dpi, quality)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, 250, 300])
    parser.add_argument("--seeds", nargs="+", default=None, help="seed number prefixes (default: all)")
    parser.add_argument("--quality", type=int, default=70)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=["pdf"])
    args = parser.parse_args()
    pdfs = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    if args.seeds:
        pdfs = [p for p in pdfs if p.name.split("_")[0] in args.seeds]
    if not pdfs:
        sys.exit("error: no seed PDF in corpus/pdf matches")
    for dpi in args.dpi:
        for index, pdf in enumerate(pdfs):
            images = scanned_pages(pdf, dpi, seed=dpi * 100 + index)
            for kind in args.kinds:
                scan = save_scan(images, scan_path(args.out, kind, dpi, pdf), kind, dpi, args.quality)
                size = sum(p.stat().st_size for p in scan.glob("*")) if scan.is_dir() else scan.stat().st_size
                print(f"wrote {scan} ({size // 1024} kB)")


if __name__ == "__main__":
    main()
