"""Thai normalisation: digits, whitespace, markup, item-code typos. Cases are real seed text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.extract.dates import be_year
from parsers.thai.normalise import normalise_text, repair_item_code_typos, skeleton, thai_digits_to_arabic

ARABIC_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.mark.parametrize(("raw", "expected"), [
    ("ข้อ O๓๙ หน่วยงานต้องแสดง", "ข้อ O39 หน่วยงานต้องแสดง"),           # seed 000 l.175
    ("ในข้อ 0๓๙ หน่วยงานต้องแสดง", "ในข้อ O39 หน่วยงานต้องแสดง"),        # seed 000 l.209: O typed as zero
    ("ตามข้อ 0๓๙ มีข้อมูล", "ตามข้อ O39 มีข้อมูล"),
    ("บุคคลในข้อ 023 รอบ 6 เดือน", "บุคคลในข้อ O23 รอบ 6 เดือน"),     # seed 000 l.115: Arabic digits after ข้อ
    ("ข้อ 1๒๓\tท่านรู้แนวปฏิบัติ", "ข้อ I23 ท่านรู้แนวปฏิบัติ"),           # seed 003 l.97: I typed as one
    ("๑๙ /๒๕๖๖", "19 /2566"),                                         # an ordinary Thai number is untouched
    ("พ.ศ. ๒๕๖6", "พ.ศ. 2566"),
    ("ราย ๖ เดือน แรกของปี พ.ศ. ๒๕๖๖", "ราย 6 เดือน แรกของปี พ.ศ. 2566"),
])
def test_normalise_text_repairs_codes_and_digits(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("<p>O12</p> <p>รายงานการกำกับติดตาม</p>", "O12 รายงานการกำกับติดตาม"),
    ("➤ จัดประชุมเจ้าหน้าที่➤ แสดงวิธีการ", "จัดประชุมเจ้าหน้าที่ แสดงวิธีการ"),
    ("(1) **ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่** โดยรวม", "(1) ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ โดยรวม"),
    ("  ผู้ช่วยจพง.\u00a0 ประชาสัมพันธ์ ", "ผู้ช่วยจพง. ประชาสัมพันธ์"),
])
def test_normalise_text_strips_markup(raw, expected):
    assert normalise_text(raw) == expected


@given(st.integers(min_value=0, max_value=10**9), st.lists(st.booleans(), min_size=12, max_size=12))
def test_any_thai_arabic_digit_mix_reads_as_the_same_number(value, thai_mask):
    written = "".join(ch.translate(ARABIC_TO_THAI) if thai else ch for ch, thai in zip(str(value), thai_mask, strict=False))
    assert thai_digits_to_arabic(written) == str(value)
    assert float(normalise_text(written)) == float(value)  # how every extractor reads a number


@given(st.integers(min_value=0, max_value=10000), st.integers(min_value=0, max_value=99))
def test_decimal_scores_survive_thai_digits(whole, cents):
    text = f"{whole}.{cents:02d}".translate(ARABIC_TO_THAI)
    assert float(normalise_text(text)) == pytest.approx(float(f"{whole}.{cents:02d}"))


@given(st.integers(min_value=1, max_value=43))
def test_o_typed_as_zero_is_always_the_letter(number):
    thai = str(number).translate(ARABIC_TO_THAI)
    assert normalise_text(f"ข้อ 0{thai} หน่วยงาน") == f"ข้อ O{number} หน่วยงาน"
    assert repair_item_code_typos(f"ข้อ O{thai}") == f"ข้อ O{thai}"


@pytest.mark.parametrize(("raw", "expected"), [("2566", 2566), ("66", 2566), ("2023", 2566), ("2650", None), (None, None)])
def test_be_year(raw, expected):
    assert be_year(raw) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("ตลอดทัง้ งบประมาณ", "ตลอดทั้งงบประมาณ"),   # a tone mark after the next letter
    ("มำตรกำร/แนวทำง", "มาตรการ/แนวทาง"),         # SARA AA written as SARA AM
])
def test_fixed_phrases_share_a_skeleton_across_layer_defects(a, b):
    assert skeleton(a) == skeleton(b)
