"""Scans of the seed PDFs made the way an office scanner makes them, for measuring OCR.

    .venv/bin/python corpus/make_scans.py OUT [--dpi 200 250 300] [--seeds 002 004] [--quality 70]

Every page of each born-digital seed PDF (corpus/pdf) is rendered at each DPI in greyscale,
rotated by a random skew (±1°), given scanner noise and a slight blur, and stored as JPEG
(the `quality` given) in an image-only PDF: OUT/<dpi>/<seed>.pdf. A seeded random generator
per (seed, dpi) makes the same scans every run. The output is large and is not committed; the
two committed scans in corpus/scanned come from corpus/make_pdfs.py.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
MAX_SKEW = 1.0          # degrees: what a hand-fed sheet on a flatbed comes out as
NOISE_SIGMA = 18        # grey-level noise; its darkest specks become dots on the paper


def scan_page(page: Image.Image, rng: random.Random) -> Image.Image:
    """One rendered page → the same page as a scanner gives it back."""
    image = page.convert("L").rotate(rng.uniform(-MAX_SKEW, MAX_SKEW), resample=Image.BICUBIC, fillcolor=255)
    noise = Image.effect_noise(image.size, NOISE_SIGMA).point(lambda v: 255 if v > 40 else 160)
    image = Image.composite(image, noise, image.point(lambda v: 255 if v < 250 else 0).convert("1"))
    return image.filter(ImageFilter.GaussianBlur(0.4 + rng.random() * 0.3))


def make_scan(pdf: Path, out: Path, dpi: int, quality: int, seed: int) -> Path:
    rng = random.Random(seed)
    source = pdfium.PdfDocument(pdf)
    try:
        images = [scan_page(source[i].render(scale=dpi / 72, grayscale=True).to_pil(), rng) for i in range(len(source))]
    finally:
        source.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:], quality=quality)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, 250, 300])
    parser.add_argument("--seeds", nargs="+", default=None, help="seed number prefixes (default: all)")
    parser.add_argument("--quality", type=int, default=70)
    args = parser.parse_args()
    pdfs = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    if args.seeds:
        pdfs = [p for p in pdfs if p.name.split("_")[0] in args.seeds]
    if not pdfs:
        sys.exit("error: no seed PDF in corpus/pdf matches")
    for dpi in args.dpi:
        for index, pdf in enumerate(pdfs):
            scan = make_scan(pdf, args.out / str(dpi) / pdf.name, dpi, args.quality, seed=dpi * 100 + index)
            print(f"wrote {scan} ({scan.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
