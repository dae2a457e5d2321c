"""Render the seed reports as other producers make them, for the PDF corpus.

    .venv/bin/python corpus/make_producer_pdfs.py [--chromium corpus/chromium] [--defects corpus/defects]

The HTML is make_pdfs.py's `report_html`, the same as the LibreOffice corpus (corpus/pdf).
Needs headless Chromium, LibreOffice and Thai fonts (Debian: `apt-get install chromium
libreoffice-writer-nogui fonts-thai-tlwg`); the PDFs it writes are committed, so the tests need
none of them.

- chromium: each seed printed by headless Chromium (Skia/PDF, as browsers and Google Docs make
  them): every Thai cluster of more than one glyph is an ActualText span, a mark moved by the
  font is a text object of its own; pypdfium2 repeats such clusters (parsers/pdf/glyphs.py).
  Chromium ignores LibreOffice's page-number field, so "- 1 -" is a line at the top of page 1.
- defects/<defect>: each seed with one SARA AM defect of Thai Word/PowerPoint exports written
  into the text before LibreOffice renders it, so the text layer carries it as such PDFs do
  (`DEFECTS`; the glyphs look wrong too, which does not matter here). When LibreOffice is not
  installed they are printed by Chromium instead (the script says so).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "corpus"))


def _import_make_pdfs():  # -> the make_pdfs module
    """make_pdfs.py as it is; it imports `parsers.text_reader`, which the reader refactor moves to
    `parsers.readers.text`: point the old name at the new module while that is under way."""
    try:
        import make_pdfs
    except ModuleNotFoundError as error:
        if error.name != "parsers.text_reader":
            raise
        import parsers.readers.text as text_reader

        sys.modules["parsers.text_reader"] = text_reader
        import make_pdfs
    return make_pdfs


make_pdfs = _import_make_pdfs()

SARA_AM, SARA_AA, MAI_THO = "\u0e33", "\u0e32", "\u0e49"
_LINE_START = re.compile(r"(^|[\t|]\s*)([\u0e01-\u0e2e])", re.MULTILINE)


def lost_sara_am(text: str) -> str:
    """Word 2007-2013 + TH SarabunPSK: ำ comes out as า (ดำเนิน → ดาเนิน)."""
    return text.replace(SARA_AM, SARA_AA)


def aa_as_am(text: str) -> str:
    """Word/PowerPoint with some TH Sarabun builds: every า comes out as ำ (การ → กำร)."""
    return text.replace(SARA_AA, SARA_AM)


def mai_tho_aa(text: str) -> str:
    """ำ comes out as ้ + า (ตำบล → ต้าบล; น้ำ → น้้า, the tone mark doubled)."""
    return text.replace(SARA_AM, MAI_THO + SARA_AA)


def doubled_first_glyph(text: str) -> str:
    """PowerPoint text boxes: the first consonant of a line or cell is there twice (กลุ่ม → กกลุ่ม)."""
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2) * 2, text)


DEFECTS: dict[str, Callable[[str], str]] = {
    "lost_sara_am": lost_sara_am,
    "aa_as_am": aa_as_am,
    "mai_tho_aa": mai_tho_aa,
    "doubled_first_glyph": doubled_first_glyph,
}

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer")


def chromium_pdf(html_path: Path, out_pdf: Path) -> Path:
    """Print an HTML file to PDF with headless Chromium (a fresh profile each time)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={out_pdf}",
                        html_path.resolve().as_uri()], check=True, capture_output=True, timeout=120)
    return out_pdf


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        sys.exit("error: Chromium is not installed: apt-get install chromium fonts-thai-tlwg")
    return found


def seed_html(seed: Path, folder: Path, transform: Callable[[str], str] | None = None) -> Path:
    """The seed (through `transform`, when given) as make_pdfs.py's HTML, written into folder."""
    text, _ = make_pdfs.decode_report(seed.read_bytes())
    page = folder / f"{seed.stem}.html"
    page.write_text(make_pdfs.report_html(transform(text) if transform else text, seed.stem), encoding="utf-8")
    return page


def render_chromium(seeds: list[Path], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        return [chromium_pdf(seed_html(seed, Path(temp)), out / f"{seed.stem}.pdf") for seed in seeds]


def render_defects(seeds: list[Path], out: Path, use_soffice: bool) -> list[Path]:
    written = []
    for name, transform in DEFECTS.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as temp:
            for seed in seeds:
                page = seed_html(seed, Path(temp), transform)
                if use_soffice:
                    written.append(Path(shutil.copy(make_pdfs.soffice_pdf(page, Path(temp)), folder / f"{seed.stem}.pdf")))
                else:
                    written.append(chromium_pdf(page, folder / f"{seed.stem}.pdf"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", type=Path, default=ROOT / "corpus" / "chromium")
    parser.add_argument("--defects", type=Path, default=ROOT / "corpus" / "defects")
    args = parser.parse_args()
    seeds = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
    written = render_chromium(seeds, args.chromium)
    use_soffice = bool(shutil.which("soffice"))
    if not use_soffice:
        print("LibreOffice is not installed: the defect seeds are printed by Chromium instead", file=sys.stderr)
    written += render_defects(seeds, args.defects, use_soffice)
    for pdf in written:
        print(f"wrote {pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf} ({pdf.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
