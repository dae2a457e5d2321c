"""Build the glyph templates of the OCR digit recogniser from the fonts-thai-tlwg fonts.

    .venv/bin/python corpus/make_glyph_templates.py [--fonts /usr/share/fonts/truetype/tlwg]

Tesseract's Thai model cannot emit ๔ ๖ ๗ ๘ ๙, so `parsers/ocr/page.py` re-reads number-shaped
words glyph by glyph against these templates: every Thai and Arabic digit (and the grade
letters, so a 'B' is not taken for a digit) rendered in each regular and bold tlwg family, at
three sizes (the small ones blurred as a scan blurs them), cropped, scaled to GLYPH_SIZE and
stored as bits in `parsers/ocr/data/glyph_templates.json`.
Needs Debian's fonts-thai-tlwg; the JSON is committed, so nothing else does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.ocr.digits import GLYPH_CHARS, GLYPH_SIZE, TEMPLATE_FILE, glyph_bits  # noqa: E402

FAMILIES = ("Loma", "Garuda", "Norasi", "Kinnari", "Sawasdee", "TlwgTypo", "Umpush", "Waree", "Laksaman", "Purisa")


# Sizes in pixels: 96 for the clean shape, 36 and 50 (9–12 pt at 300 dpi) blurred as a scan blurs them.
SIZES = ((96, 0.0), (50, 0.6), (36, 0.6))


def render(char: str, font: ImageFont.FreeTypeFont, blur: float) -> Image.Image:
    canvas = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(canvas).text((40, 40), char, font=font, fill=0)
    return canvas.filter(ImageFilter.GaussianBlur(blur)) if blur else canvas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fonts", type=Path, default=Path("/usr/share/fonts/truetype/tlwg"))
    args = parser.parse_args()
    templates = []
    for family in FAMILIES:
        for style in ("", "-Bold"):
            path = args.fonts / f"{family}{style}.ttf"
            if not path.exists():
                continue
            for size, blur in SIZES:
                font = ImageFont.truetype(str(path), size)
                for char in GLYPH_CHARS:
                    bits, aspect = glyph_bits(render(char, font, blur))
                    templates.append({"char": char, "font": f"{path.stem}@{size}", "aspect": round(aspect, 3), "bits": bits})
    TEMPLATE_FILE.write_text(json.dumps({"size": GLYPH_SIZE, "templates": templates}, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(templates)} templates to {TEMPLATE_FILE}")


if __name__ == "__main__":
    main()
