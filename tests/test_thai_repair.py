"""Thai repair of PDF-extracted text: one table of real before/after strings per defect, and
properties: correct Thai (every line of the seeds) passes through every repair unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.thai_repair import (
    _DEFECT,
    drop_duplicate_marks,
    join_sara_am,
    map_legacy_glyphs,
    order_marks,
    reattach_marks,
    repair_thai,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_LINES = [line for path in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
              for line in path.read_text(encoding="utf-8").splitlines()]
CLEAN_LINES = [line for line in SEED_LINES if not _DEFECT.search(line)]
SEED_WORDS = sorted({w for line in CLEAN_LINES for w in line.split() if w})


@pytest.mark.parametrize(("damaged", "repaired"), [
    # spaces inserted before vowel and tone marks (Word → PDF → pdfminer)
    ("ถ ึง", "ถึง"),
    ("การประเม ินคุณธรรม", "การประเมินคุณธรรม"),
    ("ผู ้บริหาร", "ผู้บริหาร"),
    # SARA AM split into NIKHAHIT + SARA AA, with or without a space, or its NIKHAHIT lost as a space
    ("คําแนะนํา", "คำแนะนำ"),
    ("ค ํา", "คำ"),
    ("ค าน า", "คำนำ"),
    ("ส ําน ักงาน", "สำนักงาน"),
    ("วิธีการและขั้นตอนการท างานให้ดียิ่งขึ้น", "วิธีการและขั้นตอนการทำงานให้ดียิ่งขึ้น"),  # seed 003, as printed
    ("ดําเนินงาน", "ดำเนินงาน"),
    ("การดำาเนินงาน", "การดำเนินงาน"),  # pdfplumber: ำ followed by a stray า
    # legacy Thai-font glyphs in the Private Use Area
    ("ผู\uf70bบริหาร", "ผู้บริหาร"),
    ("ที\uf705", "ที่"),
    ("ป\uf701ด", "ปิด"),
    ("\uf700าน", "ฐาน"),
    # marks emitted before their base consonant
    ("ัตว ้ีชวัด ี่ท 1", "ตัวชี้วัดที่ 1"),
    # duplicate marks
    ("น้้ำ", "น้ำ"),
    ("ที่่", "ที่"),
])
def test_each_defect_is_repaired(damaged: str, repaired: str):
    assert repair_thai(damaged) == repaired


@pytest.mark.parametrize("repair", [map_legacy_glyphs, join_sara_am, drop_duplicate_marks, order_marks, reattach_marks, repair_thai])
def test_every_repair_leaves_every_clean_seed_line_alone(repair):
    assert len(CLEAN_LINES) > 400
    changed = [line for line in CLEAN_LINES if repair(line) != line]
    assert changed == []


def test_the_seed_lines_that_are_flagged_are_real_defects():
    flagged = [line for line in SEED_LINES if _DEFECT.search(line)]
    assert [repair_thai(line) != line for line in flagged] == [True] * len(flagged)
    assert all("ท างาน" in line for line in flagged)  # seed 003 prints ทำงาน as "ท างาน"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SEED_WORDS), min_size=1, max_size=12), st.sampled_from([" ", "  ", "\t", " | "]))
def test_correct_thai_in_any_arrangement_is_unchanged(words: list[str], separator: str):
    text = separator.join(words)
    assert repair_thai(text) == text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([w for w in SEED_WORDS if re.fullmatch("[ก-ฮะ-ฺเ-๎]+", w) and re.search("[่-๋]", w)]))
def test_a_space_before_a_tone_mark_is_always_repaired(word: str):
    tone = re.search("[่-๋]", word).start()
    assert repair_thai(word[:tone] + " " + word[tone:]) == word
