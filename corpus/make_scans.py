"""Scans of the seed PDFs made the way an office scanner makes them, for measuring OCR.

    .venv/bin/python corpus/make_scans.py OUT [--dpi 200 250 300] [--seeds 002 004] [--quality 70]
                                              [--kinds pdf sideways png jpg tiff skewed grey]

Every page of each born-digital seed PDF (corpus/pdf) is rendered at each DPI in greyscale,
rotated by a random skew (±1°), given scanner noise and a slight blur, and stored in the kind asked:

  pdf       JPEG pages (the `quality` given) in an image-only PDF: OUT/<dpi>/<seed>.pdf
  sideways  the same, its pages fed turned: 90°, 270°, 180°, 90°… clockwise (page 1 sideways,
            page 3 upside down): OUT/sideways/<dpi>/<seed>.pdf
  png       one multi-frame PNG, a page a frame (APNG): OUT/png/<dpi>/<seed>.png
  jpg       a JPEG per page, as offices keep announcements: OUT/jpg/<dpi>/<seed>/<page>.jpg (not one
            multi-picture MPO file: Pillow 11 writes one whose fourth picture it cannot read back)
  tiff      one multi-page TIFF (Deflate), as a scanner's "save as TIFF" writes it: OUT/tiff/<dpi>/<seed>.tif
  skewed    a copier's scan: every page skewed by 2-10° either way, blurred more, JPEG quality 30 in
            an image-only PDF: OUT/skewed/<dpi>/<seed>.pdf
  grey      recycled grey paper, unevenly lit, with fibres, the next page showing through mirrored
            (the last page: the first), the usual skew and noise: OUT/grey/<dpi>/<seed>.pdf

A seed's pages in one PNG or TIFF, so the file is scored against the seed's gold as one report; a
one-page image is the same reader's first frame. Images carry their DPI. A seeded random generator
per (seed, dpi) makes the same scans every run, whatever the kind (skewed and grey pages draw
from their own, and grey paper's texture from numpy's generator of the same seed). The output is large and is not
committed; the two committed scans in corpus/scanned come from corpus/make_pdfs.py.
"""

from __future__ import annotations

import argparse
import random
import sys
from enum import StrEnum
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("pdf", "sideways", "png", "jpg", "tiff", "skewed", "grey")
SIDEWAYS_TURNS = (90, 270, 180)  # clockwise turns of the sideways kind's pages, in turn
MAX_SKEW = 1.0          # degrees: what a hand-fed sheet on a flatbed comes out as
NOISE_SIGMA = 18        # grey-level noise; its darkest specks become dots on the paper
COPIER_SKEW = (2.0, 10.0)       # degrees either way: a sheet pulled askew by a copier's feeder
COPIER_BLUR = (0.8, 1.2)        # Gaussian radius at 300 dpi: a copier's scan is softer than a flatbed's
COPIER_QUALITY = 30             # the JPEG quality copiers mail their scans at (issue 28's measured kind)
GREY_PAPER = (0.70, 0.80)       # recycled paper's reflectance: 180-205 grey levels
PAPER_SHADING = 0.05            # reflectance lost toward one side: a sheet unevenly lit or faded
FIBRE_SIGMA = 0.025             # reflectance noise of the paper's fibres, blurred to ~3 px at 300 dpi
BLEED = (0.20, 0.30)            # how much of the next page's ink shows through (0: none, 1: as dark as ink)
BLEED_BLUR = 2.5                # Gaussian radius at 300 dpi: ink seen through paper is diffuse


class Condition(StrEnum):
    """How a sheet comes to the scanner (the kinds skewed and grey; every other kind is plain)."""
    PLAIN = "plain"
    SKEWED = "skewed"
    GREY = "grey"


def scan_page(page: Image.Image, rng: random.Random) -> Image.Image:
    """One rendered page → the same page as a scanner gives it back."""
    image = page.convert("L").rotate(rng.uniform(-MAX_SKEW, MAX_SKEW), resample=Image.BICUBIC, fillcolor=255)
    return scanner_noise(image, 0.4 + rng.random() * 0.3)


def scanner_noise(image: Image.Image, blur: float) -> Image.Image:
    """Specks on the white of the page (not on ink or grey paper), then the scanner's blur."""
    noise = Image.effect_noise(image.size, NOISE_SIGMA).point(lambda v: 255 if v > 40 else 160)
    image = Image.composite(image, noise, image.point(lambda v: 255 if v < 250 else 0).convert("1"))
    return image.filter(ImageFilter.GaussianBlur(blur))


def copier_page(page: Image.Image, rng: random.Random, dpi: int) -> Image.Image:
    """A page through a copier: skewed COPIER_SKEW either way and blurred COPIER_BLUR (scaled to the dpi)."""
    angle = rng.uniform(*COPIER_SKEW) * rng.choice((-1, 1))
    image = page.convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    return scanner_noise(image, rng.uniform(*COPIER_BLUR) * dpi / 300)


def grey_sheet(page: Image.Image, behind: Image.Image, rng: random.Random, dpi: int) -> Image.Image:
    """A page printed on grey recycled paper, shaded toward one side, `behind` (the next page) showing
    through mirrored: reflectances multiply (paper x ink x ink behind)."""
    texture = np.random.default_rng(rng.randrange(2**32))
    height, width = page.height, page.width
    shade = np.linspace(0, PAPER_SHADING, width, dtype=np.float32)[None, ::rng.choice((-1, 1))]
    fibres = Image.fromarray(np.clip(128 + texture.normal(0, FIBRE_SIGMA * 255, (height, width)), 0, 255).astype(np.uint8))
    fibres = np.asarray(fibres.filter(ImageFilter.GaussianBlur(dpi / 300)), dtype=np.float32) / 255 - 0.5
    paper = rng.uniform(*GREY_PAPER) - shade + fibres
    mirrored = behind.resize(page.size).transpose(Image.FLIP_LEFT_RIGHT).filter(ImageFilter.GaussianBlur(BLEED_BLUR * dpi / 300))
    bleed = 1 - rng.uniform(*BLEED) * (1 - np.asarray(mirrored, dtype=np.float32) / 255)
    sheet = paper * bleed * np.asarray(page.convert("L"), dtype=np.float32)
    return Image.fromarray(np.clip(sheet, 0, 255).astype(np.uint8))


def rendered_pages(pdf: Path, dpi: int) -> list[Image.Image]:
    source = pdfium.PdfDocument(pdf)
    try:
        return [source[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(source))]
    finally:
        source.close()


def scanned_pages(pdf: Path, dpi: int, seed: int, condition: Condition = Condition.PLAIN) -> list[Image.Image]:
    """The seed's pages scanned as `condition` says, from a generator seeded with `seed`."""
    rng = random.Random(seed if condition is Condition.PLAIN else f"{condition}-{seed}")
    pages = rendered_pages(pdf, dpi)
    if condition is Condition.SKEWED:
        return [copier_page(page, rng, dpi) for page in pages]
    if condition is Condition.GREY:
        pages = [grey_sheet(page, pages[(i + 1) % len(pages)], rng, dpi) for i, page in enumerate(pages)]
    return [scan_page(page, rng) for page in pages]


def save_scan(images: list[Image.Image], out: Path, kind: str, dpi: int, quality: int) -> Path:
    """The scanned pages as the kind asks (see the module's docstring)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    images = [image.copy() for image in images]  # a save leaves its settings on the images (a TIFF would take the JPEG quality)
    first, rest = images[0], images[1:]
    if kind == "sideways":
        turned = [image.rotate(-SIDEWAYS_TURNS[i % len(SIDEWAYS_TURNS)], expand=True, fillcolor=255) for i, image in enumerate(images)]
        first, rest = turned[0], turned[1:]
    if kind in ("pdf", "sideways", "grey"):
        first.save(out, "PDF", resolution=dpi, save_all=True, append_images=rest, quality=quality)
    elif kind == "skewed":
        first.save(out, "PDF", resolution=dpi, save_all=True, append_images=rest, quality=COPIER_QUALITY)
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


def condition_of(kind: str) -> Condition:
    """The sheet's condition a kind is made in: skewed and grey are their own, every other is plain."""
    return Condition(kind) if kind in tuple(Condition) else Condition.PLAIN


def make_scan(pdf: Path, out: Path, dpi: int, quality: int, seed: int, kind: str = "pdf") -> Path:
    return save_scan(scanned_pages(pdf, dpi, seed, condition_of(kind)), out, kind, dpi, quality)


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
            images: dict[Condition, list[Image.Image]] = {}
            for kind in args.kinds:
                condition = condition_of(kind)
                if condition not in images:
                    images[condition] = scanned_pages(pdf, dpi, seed=dpi * 100 + index, condition=condition)
                scan = save_scan(images[condition], scan_path(args.out, kind, dpi, pdf), kind, dpi, args.quality)
                size = sum(p.stat().st_size for p in scan.glob("*")) if scan.is_dir() else scan.stat().st_size
                print(f"wrote {scan} ({size // 1024} kB)")


if __name__ == "__main__":
    main()
