"""Make the seed reports into the other formats agencies keep, for the office-formats corpus.

    .venv/bin/python corpus/make_formats.py [--out corpus/formats]

Needs LibreOffice Writer and Calc (Debian: `apt-get install libreoffice-writer-nogui
libreoffice-calc-nogui`) and openpyxl; the files it writes are committed, so the tests need
LibreOffice only for the readers' own conversion tests.

- `.odt`, `.rtf`: each seed → make_pdfs.py's HTML (prose lines as paragraphs, TAB/pipe rows as a
  ruled table) → LibreOffice Writer → OpenDocument text / Rich Text Format, as make_docx.py does.
- `.xlsx`: the report as a sheet, built with openpyxl from the seed's lines split the way make_pdfs
  splits them: each prose line in column A of its own row, each table row's cells in the row's cells,
  an empty row between blocks (paragraphs, tables), as offices lay a report out in a sheet. A cell
  that is a plain number (`88.34`, `95.00`, `12`) is stored as a number with the format that shows
  it as written (`0.00`, `0`), so the reader's number formats are what is scored; Thai digits stay text.
- `.ods`: the `.xlsx` → LibreOffice Calc; seed 000 also as `.xls` (Excel 97-2003).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.make_docx import soffice_convert  # noqa: E402
from corpus.make_pdfs import report_html  # noqa: E402
from parsers.document import Paragraph  # noqa: E402
from parsers.readers.text import text_to_document  # noqa: E402

XLS_SEED = "000_fa47d890761d547d"
SHEET = "Sheet1"
_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.(\d+))?")


def cell_value(text: str) -> tuple[str | int | float, str]:
    """What a typist enters for a cell's text, and its number format: a plain number as a number shown
    with as many decimals as written, anything else as text."""
    match = _PLAIN_NUMBER.fullmatch(text)
    if match is None:
        return text, "General"
    decimals = match.group(1)
    if decimals is None:
        return int(text), "0"
    return float(text), "0." + "0" * len(decimals)


def report_workbook(text: str) -> bytes:
    """The report as one sheet (see the module's docstring), the XLSX's bytes."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    row = 1
    for block in text_to_document(text).blocks:
        if isinstance(block, Paragraph):
            lines = [[line.origin.raw.strip()] for line in block.lines]
        else:
            lines = [[cell.raw.strip() for cell in table_row.cells] for table_row in block.rows]
        for cells in lines:
            for column, cell_text in enumerate(cells, start=1):
                if cell_text:
                    value, number_format = cell_value(cell_text)
                    cell = sheet.cell(row=row, column=column, value=value)
                    cell.number_format = number_format
            row += 1
        row += 1   # an empty row between blocks
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "corpus" / "formats")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        folder, profile = Path(temp), Path(temp) / "profile"
        made: list[Path] = []
        for seed in sorted((ROOT / "corpus" / "seeds").glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            page = folder / f"{seed.stem}.html"
            page.write_text(report_html(text, seed.stem), encoding="utf-8")
            made.append(soffice_convert(page, "odt:writer8", args.out, profile, infilter="HTML (StarWriter)"))
            made.append(soffice_convert(page, "rtf:Rich Text Format", args.out, profile, infilter="HTML (StarWriter)"))
            workbook = args.out / f"{seed.stem}.xlsx"
            workbook.write_bytes(report_workbook(text))
            made.append(workbook)
            made.append(soffice_convert(workbook, "ods:calc8", args.out, profile))
            if seed.stem == XLS_SEED:
                made.append(soffice_convert(workbook, "xls:MS Excel 97", args.out, profile))
        for path in made:
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
