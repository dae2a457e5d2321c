"""Issue 27's must-show on the variants: wherever pdfplumber's `find_tables` (lines/lines) finds a ruled
table on a page of corpus/variants, `rules.find_table_grids` finds the same grid, cell for cell, and the
same edges (`test_pdf_rules.differing_pages`), whatever the page's /Rotate, CropBox, origin, fonts or
merged cells. The tables pdfplumber cannot find (no borders, row rules only) are found by alignment:
tests/test_aligned_tables.py and the variants' scores (tests/test_variants.py).

One seed per variant here (pdfplumber costs about 0.4 s a page); all five seeds of every variant were
compared when this test was written (70 PDFs, 0 pages differing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_pdf_rules import differing_pages

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ROOT / "corpus" / "variants"
# Seed 001 has a ruled table on 6 of its 7 pages (score tables, a measure table continued over pages).
SEED = "001_c58affa22fe99b85.pdf"


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(p.name for p in VARIANTS.iterdir() if p.is_dir()))
def test_variant_grids_match_pdfplumber(variant: str) -> None:
    assert differing_pages(VARIANTS / variant / SEED) == []
