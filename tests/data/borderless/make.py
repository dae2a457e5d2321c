"""Seed 002 printed with its tables' borders off and with row rules only, by corpus/make_pdfs.py's route.

    .venv/bin/python tests/data/borderless/make.py

Needs LibreOffice (as corpus/make_pdfs.py); the PDFs it writes here are committed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from corpus.make_pdfs import report_html, soffice_pdf  # noqa: E402
from parsers.readers.text import decode_report  # noqa: E402

SEED = "002_600daf04b282d892"
RULED = '<table border="1" cellspacing="0" cellpadding="4" width="100%">'
VARIANTS = {
    "noborder": '<table border="0" cellspacing="0" cellpadding="4" width="100%">',
    "rowrules": '<table border="1" rules="rows" frame="hsides" cellspacing="0" cellpadding="4" width="100%">',
}


def main() -> None:
    text, _ = decode_report((ROOT / "corpus" / "seeds" / f"{SEED}.txt").read_bytes())
    out = Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory() as temp:
        for name, table in VARIANTS.items():
            page = Path(temp) / f"{name}_{SEED[:3]}.html"
            page.write_text(report_html(text, SEED).replace(RULED, table), encoding="utf-8")
            shutil.copy(soffice_pdf(page, Path(temp)), out / f"{page.stem}.pdf")


if __name__ == "__main__":
    main()
