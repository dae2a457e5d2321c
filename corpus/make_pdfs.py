"""Render the seed reports to PDFs the way offices make them, for the PDF corpus.

    .venv/bin/python corpus/make_pdfs.py [--out corpus/pdf] [--scans corpus/scanned] [--legacy corpus/legacy]

Needs LibreOffice and Thai fonts (Debian: `apt-get install libreoffice-writer-nogui
fonts-thai-tlwg`); the PDFs it writes are committed, so the tests need neither.

- born-digital: each seed → HTML with real ruled tables (the report's TAB/pipe rows, first row
  as a repeated heading), a page footer with the page number, A4 → LibreOffice Writer → PDF.
  Long tables break across pages as they do in Word.
- scanned: every page of two born-digital PDFs rendered to 250 dpi greyscale images with a
  slight rotation and noise, stored as an image-only PDF (no text layer).
- legacy: one PDF whose text layer has the defects of old Thai fonts: tone marks in the Private
  Use Area (U+F70A–U+F70E, the "low" variants such fonts use) and SARA AM split into NIKHAHIT +
  SARA AA. The code points are written into the source before rendering (`legacy_text`), so the
  text layer carries them as a legacy-font PDF's does; how the glyphs look does not matter here.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.document import Paragraph  # noqa: E402
from parsers.readers.text import decode_report, text_to_document  # noqa: E402

FONT = "Loma"
SCANNED_SEEDS = ("002_600daf04b282d892", "004_251b6f6209c0817d")
SCAN_DPI = 250


@dataclass(frozen=True)
class HtmlStyle:
    """How the report's HTML is drawn; the default is the clean corpus (corpus/pdf). The variants
    (corpus/make_variants.py) change one thing each: font, page size, table style, extra CSS."""

    font: str = FONT
    page_size: str = "21cm 29.7cm"
    table: str = "ruled"  # one of TABLE_STYLES
    css: str = ""


TABLE_STYLES = ("ruled", "borderless", "row_rules", "merged_header")
_TABLE_TAGS = {
    "ruled": '<table border="1" cellspacing="0" cellpadding="4" width="100%">',
    "borderless": '<table border="0" cellspacing="0" cellpadding="4" width="100%">',
    # rules between rows and above and below the table, no verticals (both LibreOffice and Chromium read these)
    "row_rules": '<table border="1" frame="hsides" rules="rows" cellspacing="0" cellpadding="4" width="100%">',
    "merged_header": '<table border="1" cellspacing="0" cellpadding="4" width="100%">',
}
HEADER_SHADE = "#D9D9D9"


def report_html(text: str, title: str, style: HtmlStyle = HtmlStyle()) -> str:
    """The report as HTML: prose lines as paragraphs, table rows as a table drawn in `style.table`."""
    document = text_to_document(text)
    parts = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            parts.extend(f"<p>{html.escape(line.origin.raw.strip())}</p>" for line in block.lines)
            continue
        rows = [[c.raw.strip() for c in row.cells] + [""] * (block.width - len(row.cells)) for row in block.rows]
        parts.append(table_html(rows, style.table))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>@page {{ size: {style.page_size}; margin: 2cm }} body {{ font-family: '{style.font}'; font-size: 12pt }}
th, td {{ font-size: 10pt; vertical-align: top }}{style.css}</style></head>
<body><div title="footer"><p align="center">- <sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield> -</p></div>
{"".join(parts)}</body></html>
"""


def table_html(rows: list[list[str]], table_style: str) -> str:
    """One table, its first row as the repeated heading; `merged_header` makes that heading two rows
    (`merged_heading`) when the first row looks like column names."""
    heading, body = rows[0], rows[1:]
    if table_style == "merged_header" and looks_like_column_names(heading):
        head = merged_heading(heading)
    else:
        head = "<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in heading) + "</tr>"
    lines = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in body)
    return f"{_TABLE_TAGS[table_style]}<thead>{head}</thead><tbody>{lines}</tbody></table>"


_STARTS_LIKE_DATA = re.compile(r"^[\d\u0e50-\u0e59<]")


def looks_like_column_names(cells: list[str]) -> bool:
    """Short, non-empty cells that do not start with a number or markup: a heading, not the first
    data row of a continued table (a two-row heading over data would add a label the source lacks)."""
    return len(cells) >= 3 and all(c and len(c) <= 30 and not _STARTS_LIKE_DATA.match(c) for c in cells)


def merged_heading(cells: list[str]) -> str:
    """Two shaded heading rows as offices draw them: the first column spans both rows, a group cell
    spans the other columns, whose own names are the second row."""
    shade = f' bgcolor="{HEADER_SHADE}" style="background-color: {HEADER_SHADE}"'
    first = f'<th rowspan="2"{shade}>{html.escape(cells[0])}</th><th colspan="{len(cells) - 1}"{shade}>{group_label(cells)}</th>'
    second = "".join(f"<th{shade}>{html.escape(c)}</th>" for c in cells[1:])
    return f"<tr>{first}</tr><tr>{second}</tr>"


def group_label(cells: list[str]) -> str:
    """The group cell's words, as such tables have them: sexes over the respondent counts, the
    assessment over score columns, the plan over a measure table's columns."""
    if "ชาย" in cells:
        return "เพศ"
    if any("ผู้รับผิดชอบ" in c for c in cells):
        return "แผนการดำเนินงาน"
    return "ผลการประเมิน"


LEGACY_SEED = "002_600daf04b282d892"
_LEGACY_TONES = str.maketrans({"\u0e48": "\uf70a", "\u0e49": "\uf70b", "\u0e4a": "\uf70c", "\u0e4b": "\uf70d", "\u0e4c": "\uf70e"})


def legacy_text(text: str) -> str:
    """Text as a legacy Thai font encodes it: tone marks in the PUA, SARA AM as NIKHAHIT + SARA AA."""
    return text.translate(_LEGACY_TONES).replace("\u0e33", "\u0e4d\u0e32")


def soffice_pdf(html_path: Path, out_dir: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--norestore", "--infilter=HTML (StarWriter)",
                    "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), str(html_path)],
                   check=True, capture_output=True, timeout=300)
    return out_dir / f"{html_path.stem}.pdf"


def render_born_digital(seeds: list[Path], out: Path, legacy: bool = False) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as temp:
        for seed in seeds:
            text, _ = decode_report(seed.read_bytes())
            text = legacy_text(text) if legacy else text
            page = Path(temp) / f"{seed.stem}.html"
            page.write_text(report_html(text, seed.stem), encoding="utf-8")
            pdf = soffice_pdf(page, Path(temp))
            written.append(Path(shutil.copy(pdf, out / pdf.name)))
    return written


def render_scanned(pdf: Path, out: Path, seed: int) -> Path:
    """An image-only PDF of the first pages: 250 dpi greyscale, slightly rotated, with noise."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    source = pdfium.PdfDocument(pdf)
    images = []
    for index in range(len(source)):
        image = source[index].render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
        image = image.rotate(rng.uniform(-0.8, 0.8), resample=Image.BICUBIC, expand=False, fillcolor=255)
        noise = Image.effect_noise(image.size, 18).point(lambda v: 255 if v > 40 else 160)
        image = Image.composite(image, noise, image.point(lambda v: 255 if v < 250 else 0).convert("1"))
        images.append(image.filter(ImageFilter.GaussianBlur(0.4)))
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "corpus" / "pdf")
    parser.add_argument("--scans", type=Path, default=ROOT / "corpus" / "scanned")
    parser.add_argument("--legacy", type=Path, default=ROOT / "corpus" / "legacy")
    args = parser.parse_args()
    if not shutil.which("soffice"):
        sys.exit("error: LibreOffice is not installed: apt-get install libreoffice-writer-nogui fonts-thai-tlwg")
    seeds = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
    for pdf in render_born_digital(seeds, args.out):
        print(f"wrote {pdf} ({pdf.stat().st_size // 1024} kB)")
    for pdf in render_born_digital([ROOT / "corpus" / "seeds" / f"{LEGACY_SEED}.txt"], args.legacy, legacy=True):
        print(f"wrote {pdf} ({pdf.stat().st_size // 1024} kB)")
    for index, stem in enumerate(SCANNED_SEEDS):
        scan = render_scanned(args.out / f"{stem}.pdf", args.scans / f"{stem}.pdf", seed=index)
        print(f"wrote {scan} ({scan.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
