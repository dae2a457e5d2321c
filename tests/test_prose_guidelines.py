"""Measures stated as numbered obligations under a guideline heading (issue 27): OIT documents
such as แนวทางปฏิบัติเพื่อป้องกันการทุจริตในการจัดซื้อจัดจ้าง list who must do what (บุคลากรในหน่วยงานต้อง…,
ผู้บังคับบัญชาต้อง…), numbered ๑. / (๑) / 1) / ข้อ ๑. The fixtures in tests/fixtures/guidelines are short
text reports in that shape, and one of numbered lists that are no measures."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.document import Document, Line, Origin, Paragraph
from parsers.extract.measure_text import is_obligation
from parsers.extract.measures import extract_measures
from parsers.extract.prose_measures import extract_prose_measures, heads_guideline
from parsers.pipeline import read_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "guidelines"


def measures_of(name: str, fiscal_year: int | None = None):
    return extract_measures(read_document((FIXTURES / name).read_bytes(), "text"), fiscal_year)


@pytest.mark.parametrize(("name", "count", "first", "last"), [
    # heading, office and year lines, then ๑.–๙. (wrapped items, sub-items ก. ข.)
    ("sso_procurement_guideline.txt", 9, "บุคลากรในหน่วยงานต้องปฏิบัติตามพระราชบัญญัติ",
     "หัวหน้าส่วนราชการต้องวิเคราะห์ผลการจัดซื้อจัดจ้างประจำปี"),
    # a memo's measures numbered (๑)–(๗), one subject short of a mark as OCR reads it
    ("ministry_integrity_measures_scan.txt", 7, "ผูบังคับบัญชาทุกระดับต้องเป็นแบบอย่างที่ดี", "หัวหน้าส่วนราชการต้องกำกับติดตาม"),
    # ข้อ ๑ – ข้อ ๖ under 'ข้อปฏิบัติของเจ้าหน้าที่…'
    ("hospital_ethics_practice_rules.txt", 6, "เจ้าหน้าที่ทุกคนพึงแยกเรื่องส่วนตัว", "ผู้อำนวยการต้องจัดให้มีการประเมินความเสี่ยง"),
])
def test_guideline_obligations_are_measures(name, count, first, last):
    measures = measures_of(name)
    assert [m.number for m in measures] == [str(n) for n in range(1, count + 1)]
    assert measures[0].title.startswith(first)
    assert measures[-1].title.startswith(last)


def test_wrapped_items_and_sub_items_stay_with_their_item():
    measures = measures_of("sso_procurement_guideline.txt")
    assert measures[0].title.endswith("ว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 อย่างเคร่งครัด")
    assert "ก. ตรวจรับพัสดุ ณ ที่ทำการของผู้ใช้พัสดุ" in measures[4].title
    assert measures[4].title.endswith("ทำใบตรวจรับโดยลงชื่อไว้เป็นหลักฐาน")
    assert measures[8].title.endswith("ในปีงบประมาณถัดไป")            # the closing 'จึงประกาศ…' is not the item's


def test_the_heading_states_the_fiscal_year():
    periods = {(m.period.start.isoformat(), m.period.end.isoformat()) for m in measures_of("sso_procurement_guideline.txt")}
    assert periods == {("2022-10-01", "2023-09-30")}


def test_numbered_lists_that_are_no_obligations_under_a_guideline_heading():
    # a table of contents, a list of laws, procurement steps, an order's committee duties
    assert measures_of("not_measures_numbered_lists.txt", 2566) == []


@pytest.mark.parametrize(("text", "obligation"), [
    ("บุคลากรในหน่วยงานต้องปฏิบัติตามพระราชบัญญัติการจัดซื้อจัดจ้าง", True),
    ("ผู้บังคับบัญชาต้องกำกับ ติดตาม ตรวจสอบการจัดซื้อจัดจ้าง", True),
    ("บุคลากรที่เกี่ยวข้องกับการจัดซื้อจัดจ้างต้องไม่มีส่วนได้เสียกับผู้เสนอราคา", True),
    ("ผูบังคับบัญชาทุกระดับต้องเป็นแบบอย่างที่ดี", True),                     # a mark lost by OCR
    ("เจ้าหน้าที่ทุกคนพึงแยกเรื่องส่วนตัวออกจากตำแหน่งหน้าที่", True),
    ("ห้ามกำหนดคุณลักษณะเฉพาะของพัสดุเป็นการเจาะจง", True),
    ("ให้บุคลากรทุกคนลงนามในแบบแสดงความบริสุทธิ์ใจ", True),
    ("ให้ความรู้แก่บุคลากรเรื่องผลประโยชน์ทับซ้อน", False),                  # 'ให้' opening an activity
    ("จัดทำแผนจัดซื้อจัดจ้างประจำปี ซึ่งครอบคลุมรายละเอียดสาระสำคัญ", False),
    ("พระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560", False),
    ("เจ้าหน้าที่ให้บริการประชาชนด้วยความรวดเร็ว", False),                  # ให้ after a subject: 'gives'
    ("คณะกรรมการมีหน้าที่ตรวจรับพัสดุ", False),
    ("บทนำ 1", False),
])
def test_is_obligation(text, obligation):
    assert is_obligation(text) is obligation


def lines_doc(*lines: str) -> Document:
    return Document([Paragraph([Line(text, Origin(1, i + 1, text)) for i, text in enumerate(lines)])], "text")


@pytest.mark.parametrize(("lines", "numbers"), [
    # '1)' numbering under a heading directly above the list
    (("แนวปฏิบัติการรับของขวัญและประโยชน์อื่นใด", "1) เจ้าหน้าที่ต้องไม่รับของขวัญจากผู้มาติดต่อราชการ",
      "2) ผู้บังคับบัญชาต้องไม่รับของขวัญจากผู้ใต้บังคับบัญชา", "3) ห้ามเจ้าหน้าที่เรียกรับประโยชน์อื่นใด"), ["1", "2", "3"]),
    # a lead-in naming the guideline, and '(1)' sub-items of a '1.' item
    (("สำนักงานสาธารณสุขอำเภอจึงกำหนดแนวทางปฏิบัติเพื่อป้องกันการทุจริต ดังนี้",
      "1. บุคลากรต้องปฏิบัติตามระเบียบ ดังนี้ (1) ศึกษาระเบียบ (2) ถือปฏิบัติอย่างเคร่งครัด",
      "2. ผู้บังคับบัญชาต้องกำกับติดตามการปฏิบัติตามแนวทางนี้"), ["1", "2"]),
    # an announcement's subject names the guideline, a sentence stands between it and the list
    (("ประกาศสำนักงานสาธารณสุขจังหวัดตราด เรื่อง แนวทางปฏิบัติในการป้องกันการทุจริตในการจัดซื้อจัดจ้าง",
      "เพื่อให้การจัดซื้อจัดจ้างของหน่วยงานเป็นไปด้วยความโปร่งใส ตรวจสอบได้", "๑. บุคลากรต้องไม่มีส่วนได้เสียกับผู้เสนอราคา",
      "๒. ผู้บังคับบัญชาต้องกำกับดูแลการจัดซื้อจัดจ้างอย่างใกล้ชิด"), ["1", "2"]),
    # a guideline heading over steps that are no obligations: read again, the measures after them are found
    (("แนวทางปฏิบัติในการจัดซื้อจัดจ้าง", "1. บุคลากรต้องศึกษาระเบียบ", "2. จัดทำรายงานขอซื้อขอจ้าง", "3. ประกาศเชิญชวน",
      "มาตรการป้องกันการทุจริตในการจัดซื้อจัดจ้าง ดังนี้", "1. จัดทำแผนจัดซื้อจัดจ้างประจำปี", "2. เผยแพร่แผนในเว็บไซต์"), ["1", "2"]),
    # obligations with no guideline heading above them: an order's duties, ethics clauses
    (("คำสั่งแต่งตั้งคณะกรรมการตรวจรับพัสดุ", "โดยให้คณะกรรมการมีหน้าที่ ดังนี้", "1. คณะกรรมการต้องตรวจรับพัสดุ",
      "2. คณะกรรมการต้องรายงานผลการตรวจรับ"), []),
    (("2.2 ซื่อสัตย์สุจริต มีจิตสำนึกที่ดี และรับผิดชอบต่อหน้าที่ 1) เจ้าหน้าที่ของรัฐต้องมีจิตสำนึกที่ดี "
      "2) เจ้าหน้าที่ของรัฐต้องแยกเรื่องส่วนตัวออกจากตำแหน่งหน้าที่",), []),
])
def test_numbering_styles_and_headings(lines, numbers):
    assert [m.number for m in extract_prose_measures(lines_doc(*lines))] == numbers


@pytest.mark.parametrize(("line", "heads"), [
    ("แนวทางปฏิบัติเพื่อป้องกันการทุจริตในการจัดซื้อจัดจ้าง", True),
    ("มาตรการป้องกันการทุจริตและประพฤติมิชอบ", True),
    ("ประกาศสำนักงานสาธารณสุขอำเภอหนองใหญ่ เรื่อง แนวทางปฏิบัติเพื่อป้องกันการทุจริตในการจัดซื้อจัดจ้าง", True),
    ("ข้อปฏิบัติของเจ้าหน้าที่ในการป้องกันผลประโยชน์ทับซ้อน", True),
    ("คำสั่งสำนักงานสาธารณสุขอำเภอบ้านบึง เรื่อง แต่งตั้งคณะทำงานขับเคลื่อนมาตรการส่งเสริมคุณธรรม", False),
    ("นำหลักธรรมคำสอนตามศาสนา มาเป็นแนวทางในการปฏิบัติหน้าที่ราชการ", False),   # ethics clause (phichai_moit2-5)
    ("ข้อกำหนดจริยธรรมเจ้าหน้าที่ของรัฐสำนักงานปลัดกระทรวงสาธารณสุข พ.ศ. 2564", False),
])
def test_heads_guideline(line, heads):
    assert heads_guideline(line) is heads


def test_a_pdf_reader_giving_each_line_a_block_of_its_own():
    # the heading joined to the first item in one paragraph; a wrapped item's second line a block of its own
    lines = ("แนวทางปฏิบัติเพื่อป้องกันการทุจริตในการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2566 "
             "1. บุคลากรในหน่วยงานต้องปฏิบัติตามพระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560",
             "และระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 อย่างเคร่งครัด",
             "2. ผู้บังคับบัญชาต้องกำกับ ติดตาม ตรวจสอบการจัดซื้อจัดจ้างของหน่วยงาน",
             "จึงประกาศมาเพื่อทราบและถือปฏิบัติโดยทั่วกัน")
    doc = Document([Paragraph([Line(t, Origin(1, i + 1, t))]) for i, t in enumerate(lines)], "pdf")
    measures = extract_prose_measures(doc)
    assert [m.number for m in measures] == ["1", "2"]
    assert measures[0].title.endswith("อย่างเคร่งครัด")
    assert measures[0].period is not None and measures[0].period.start.isoformat() == "2022-10-01"
