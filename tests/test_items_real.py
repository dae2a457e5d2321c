"""Item codes on lines of real documents (../shared/real): what is an item code and what is not."""

import pytest

from parsers.extract.items import extract_items
from parsers.readers.text import text_to_document


def codes(text: str) -> list[str]:
    refs, _scores, _findings = extract_items(text_to_document(text))
    return sorted({r.code for r in refs})


@pytest.mark.parametrize(("text", "expected"), [
    # hangdong_strategy2560-2564: a SWOT analysis numbers its Opportunities O1–O7
    ("โอกาส (Opportunities) O1 มีการจัดตั้งตลาดสดเทศบาลตำบลหางดง O2 ได้รับเงินงบประมาณอุดหนุน", []),
    ("จุดแข็ง (Strengths) S1 เป็นชุมชนและอำเภอรอบในของจังหวัดเชียงใหม่\n\nO3 สภาพสังคมยังมีความเป็นกึ่งเมืองกึ่งชนบท", []),
    ("S1 ชุมชนเข้มแข็ง W1 ประชาชนอพยพ O1 ตลาดสด T1 ประชากรแฝง", []),
    # phichai_moit2-5: an ethics code's clause is not IIT question 1, though it names การปฏิบัติหน้าที่
    ("ข้อ 1 ข้อกำหนดจริยธรรมนี้ ให้ใช้บังคับตั้งแต่วันถัดจากวันประกาศ เพื่อการปฏิบัติหน้าที่ของเจ้าหน้าที่ของรัฐ", []),
    # a numbered IIT indicator still makes 'ข้อ N' an IIT question
    ("ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ ข้อ 3 ได้คะแนนต่ำที่สุด", ["I3"]),
    # codes in lower case, as some reports print them
    ("e1 การเปิดเผยข้อมูล o๓๙ ไม่ได้คะแนน", ["E1", "O39"]),
    # real OIT codes far from any SWOT are kept
    ("ข้อ O๓๙ หน่วยงานต้องแสดงแผนปฏิบัติการป้องกันการทุจริต", ["O39"]),
])
def test_item_codes_of_real_lines(text: str, expected: list[str]):
    assert codes(text) == expected


def test_a_swot_heading_reaches_only_a_few_lines():
    lines = ["โอกาส (Opportunities) O1 ตลาดสด", *[f"ย่อหน้าที่ {n} ของแผน" for n in range(8)], "O39 ไม่ได้คะแนน"]
    assert codes("\n\n".join(lines)) == ["O39"]


def test_a_list_of_opportunities_one_per_line_stays_in_the_swot():
    # hangdong_strategy2560-2564_word2016, page 2: the heading, then O1 … O7 one per line
    lines = ["โอกาส (Opportunities)", *[f"O{n} รัฐบาลสนับสนุนงบประมาณให้แก่ท้องถิ่น ข้อที่ {n}" for n in range(1, 8)]]
    assert codes("\n".join(lines)) == []


def test_lower_case_codes_need_no_space():
    # hangdong_devproject_list (OCR): 'ศึกษาชั้นพื้นฐาน (i 1ฟฐ.)' is no item code
    assert codes("ศึกษาชั้นพื้นฐาน (i 1ฟฐ.)") == []
    assert codes("I 1 การรับรู้") == ["I1"]
