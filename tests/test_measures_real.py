"""Measures in the shapes real documents use (issue 12): header synonyms, project sheets,
numbered prose. Table-driven tests quote lines of the real files in /work/shared/real (clean
Thai); whole-document tests read those PDFs and compare with their gold, and are skipped when
the folder is missing."""

from __future__ import annotations

import datetime
import difflib
import json
from functools import cache
from pathlib import Path

import pytest

from parsers.document import Cell, Document, Line, Origin, Paragraph, Row, Table
from parsers.errors import ErrorKind, UnreadableInput
from parsers.extract.measure_text import has_cue, label_at_start, period_of, stated_fiscal_years
from parsers.extract.measures import extract_measures, is_header_row, leading_code, row_to_column_map
from parsers.extract.project_sheets import SHEET_FIELDS, field_starts
from parsers.extract.prose_measures import extract_prose_measures
from parsers.extract.sheet_fields import sheet_responsible, sheet_steps
from parsers.extract.table_columns import ColumnMatcher, column_fields
from parsers.options import ParseOptions
from parsers.pipeline import read_document

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real"
D = datetime.date


def paragraph_doc(*lines: str, page: int = 1) -> Document:
    return Document([Paragraph([Line(text, Origin(page, i + 1, text)) for i, text in enumerate(lines)])], "text")


def row(*cells: str, line: int = 1) -> Row:
    return Row(tuple(Cell(c) for c in cells), Origin(1, line, " ".join(cells)))


# --- table header → column map --------------------------------------------------------------

MUNICIPALITY_HEADER = ("ประเด็น", "ผลการประเมิน", "ข้อค้นพบ", "วิธีการนำผลการวิเคราะห์ไปสู่การปฏิบัติ", "ขั้นตอน/วิธีการ",
                       "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง", "ระยะเวลาดำเนินการ", "การติดตามประเมินผล")


def test_generic_column_fields_know_nothing_of_measures():
    matcher = ColumnMatcher({"name": ("ชื่อ",), "amount": ("จำนวนเงิน", "วงเงิน")})
    assert column_fields(["ลำดับ", "ชื่อ", "จำนวน เงิน", "วงเงิน"], matcher) == {1: "name", 2: "amount"}


def test_municipality_header_names_its_measure_column_otherwise():
    columns = row_to_column_map(row(*MUNICIPALITY_HEADER))
    assert columns is not None
    assert {columns.fields[i] for i in (3, 4, 5, 6, 7)} == {"title", "steps", "responsible", "period", "follow_up"}
    assert columns.fields[0] == "topic"   # the topic is no title when the measure column exists


def test_one_row_theme_table_gives_one_measure():
    table = Table([row(*MUNICIPALITY_HEADER),
                   row("การเปิดเผยข้อมูล", "85.00", "ยังไม่เผยแพร่ข้อมูลให้ครบถ้วน", "เผยแพร่ข้อมูลบนเว็บไซต์ให้ครบถ้วน",
                       "1. จัดประชุม 2. มอบหมายผู้รับผิดชอบ", "สำนักปลัด", "ตลอดปีงบประมาณ 2567", "รายงานผลทุกไตรมาส", line=2)])
    [measure] = extract_measures(Document([table], "text"), 2567)
    assert measure.title == "เผยแพร่ข้อมูลบนเว็บไซต์ให้ครบถ้วน"
    assert measure.steps == ["จัดประชุม", "มอบหมายผู้รับผิดชอบ"]
    assert (measure.period.start, measure.period.end) == (D(2023, 10, 1), D(2024, 9, 30))


@pytest.mark.parametrize(("cells", "is_header"), [
    (MUNICIPALITY_HEADER, True),
    (("ที่", "มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"), True),
    (("ลำดับ", "รายการ", "วงเงินที่ได้รับ (บาท)"), False),                          # nongyai budget table
    (("ประเด็น", "ผลการประเมิน", "ข้อค้นพบ"), False),
    (("มิติ", "ภารกิจตามมิติ", "โครงการ/กิจกรรม/มาตรการ", "ปี 2561", "ปี 2562", "หมายเหตุ"), False),
])
def test_is_header_row(cells, is_header):
    assert is_header_row(row(*cells)) is is_header


# --- item row tables under a two-row header (issue 27) ----------------------------------------

GROUP = "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"
TWO_ROW_COLUMNS = (("ประเด็น",), ("ผลการประเมิน (คะแนน)",), ("ข้อค้นพบ แสดงการวิเคราะห์ผลการประเมิน",),
                   *((GROUP, name) for name in MUNICIPALITY_HEADER[3:]))
ITEM_TABLES = Path(__file__).resolve().parent.parent / "corpus" / "item_tables"


def two_row_table(*data: tuple[str, ...]) -> Table:
    """A table as the PDF reader gives a two-row header of merged cells: header_rows and columns."""
    header = [row("ประเด็น", "ผลการประเมิน (คะแนน)", "ข้อค้นพบ แสดงการวิเคราะห์ผลการประเมิน", GROUP, "", "", "", ""),
              row("", "", "", *MUNICIPALITY_HEADER[3:], line=2)]
    return Table([*header, *(row(*cells, line=3 + i) for i, cells in enumerate(data))], 2, TWO_ROW_COLUMNS)


def test_a_two_row_header_names_the_columns_under_its_group():
    table = two_row_table(("e1 หน่วยงานปฏิบัติงานตามขั้นตอน", "๘๘.๓๔", "ผู้รับบริการไม่ทราบขั้นตอน", "เผยแพร่ขั้นตอนการให้บริการ",
                           "๑. จัดทำคู่มือ ๒. ประชาสัมพันธ์", "ทุกสำนักกอง", "ตุลาคม ๒๕๖๖ ถึงกันยายน ๒๕๖๗", "รายงานผลทุกไตรมาส"))
    [measure] = extract_measures(Document([table], "pdf"), 2567)
    assert (measure.item, measure.score, measure.o_item, measure.indicator) == ("E1", 88.34, None, None)
    assert (measure.title, measure.finding, measure.follow_up) == ("เผยแพร่ขั้นตอนการให้บริการ", "ผู้รับบริการไม่ทราบขั้นตอน", "รายงานผลทุกไตรมาส")
    assert measure.steps == ["จัดทำคู่มือ", "ประชาสัมพันธ์"]
    assert (measure.period.start, measure.period.end) == (D(2023, 10, 1), D(2024, 9, 30))


def test_without_its_named_columns_a_two_row_header_is_no_measure_header():
    table = two_row_table(("O12 รายงานการกำกับติดตาม", "๗๕", "ไม่ได้เผยแพร่", "เผยแพร่รายงาน", "๑. จัดทำรายงาน", "สำนักปลัด", "มีนาคม ๒๕๖๗", "-"))
    assert extract_measures(Document([Table(table.rows)], "pdf"), 2567) == []
    [measure] = extract_measures(Document([table], "pdf"), 2567)
    assert (measure.item, measure.o_item, measure.title) == ("O12", "O12", "เผยแพร่รายงาน")


@pytest.mark.parametrize(("cell", "code"), [
    ("E๑๑ เจ้าหน้าที่ของหน่วยงาน", "E11"),
    ("ข้อ I 23 ท่านรู้แนวปฏิบัติ", "I23"),
    ("e1 หน่วยงานปฏิบัติ", "E1"),
    ("O๓๙ ประมวลจริยธรรม", "O39"),
    ("การเปิดเผยข้อมูล ตามข้อ O12", None),   # a code inside the topic is no item the row is for
    ("", None),
])
def test_leading_code(cell: str, code: str | None):
    assert leading_code(cell) == code


@pytest.mark.parametrize("producer", ["chromium", "libreoffice"])
def test_item_row_tables_give_their_measures(producer: str):
    """corpus/item_tables (make_item_tables.py): five item rows under shaded two-row headers; main read none."""
    document = read_document((ITEM_TABLES / f"{producer}.pdf").read_bytes(), "pdf")
    measures = extract_measures(document, 2567)
    assert [(m.item, m.score) for m in measures] == [("E11", 93.4), ("E12", 91.65), ("E13", 93.04), ("I23", 92.32), ("I24", 92.32)]
    assert all(m.title and m.finding and m.steps and m.responsible and m.follow_up for m in measures)
    assert {(m.period.start, m.period.end) for m in measures} == {(D(2023, 10, 1), D(2024, 9, 30))}
    assert [len(m.steps) for m in measures] == [3, 3, 2, 2, 2]


# --- cue words and labels -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "labels", "want"), [
    ("ผู้รับผิดชอบโครงการสำนักปลัดเทศบาล เทศบาลตำบลหางดง", SHEET_FIELDS["responsible"], "ผู้รับผิดชอบโครงการ"),
    ("ผู้รับผิดชอบงานการเจ้าหน้าที่ สำนักปลัดเทศบาล", SHEET_FIELDS["responsible"], "ผู้รับผิดชอบ"),
    ("ผู้รับผิดชอบกองการศึกษา เทศบาลตำบลหางดง", SHEET_FIELDS["responsible"], "ผู้รับผิดชอบ"),
    ("ระยะเวลาการดำเนินงาน 4 ปี (ปีงบประมาณ พ.ศ. 2561 – 2564)", SHEET_FIELDS["period"], "ระยะเวลาการดำเนินงาน"),
    ("ชื่อโครงการ : กิจกรรมให้ความรู้ เรื่อง ผลประโยชน์ทับซ้อน", SHEET_FIELDS["title"], "ชื่อโครงการ"),
    ("ชื่อโครงการ/กิจกรรม : กิจกรรมการใช้บัตรคิวในการติดต่อราชการ", SHEET_FIELDS["title"], "ชื่อโครงการ/กิจกรรม"),
    ("หลักการและเหตุผลหลักธรรมาภิบาล หรือ การบริหารจัดการที่ดี", SHEET_FIELDS["title"], None),
])
def test_label_at_start(text, labels, want):
    found = label_at_start(text, labels)
    assert (found[0] if found else None) == want


def test_a_label_survives_a_lost_mark():
    # the same label with SARA AM lost, as an unrepaired text layer has it
    assert label_at_start("ระยะเวลาดาเนินการ 4 ปี", SHEET_FIELDS["period"])[0] == "ระยะเวลาดำเนินการ"


@pytest.mark.parametrize(("text", "cue"), [
    ("5. แนวทางแก้ไขในการปรับปรุง ประสิทธิภาพของ การจัดซื้อจัดจ้าง", True),
    ("มาตรา 100 มาตรา 103 และมาตรา 103/7", False),
    ("ขอบเขตการให้บริการ", False),
    # a committee (กรรมการ) is one letter from มาตรการ: an order appointing one introduces no measures
    ("สำนักงานคณะกรรมการการป้องกันและปราบปรามการทุจริต จึงขอแต่งตั้งคณะกรรมการดังนี้", False),
    ("คณะกรรมการกำหนดมาตรการป้องกันการทุจริต ดังนี้", True),
])
def test_measure_cue(text, cue):
    assert has_cue(text, ("มาตรการ", "แนวทางแก้ไข")) is cue


@pytest.mark.parametrize(("text", "years"), [
    ("5. แนวทางแก้ไขในการปรับปรุง ประสิทธิภาพของ การจัดซื้อจัดจ้างหรือแนวทางในการปฏิบัติงานในปีงบประมาณพ.ศ.2563 ข้อเสนอแนะ",
     (2563, 2563)),
    ("4 ปี (ปีงบประมาณ พ.ศ. 2561 – 2564)", (2561, 2564)),
    ("4 ปี (ปีงบประมาณ พ.ศ. 2561 – พ.ศ. 2564)", (2561, 2564)),
    ("ตั้งแต่ต้นปีงบประมาณ เพื่อให้ผู้ค้ามีเวลาเตรียมการ", None),
])
def test_stated_fiscal_years(text, years):
    assert stated_fiscal_years(text) == years


@pytest.mark.parametrize(("text", "start", "end"), [
    ("4 ปี (ปีงบประมาณ พ.ศ. 2561 – 2564)", D(2017, 10, 1), D(2021, 9, 30)),
    ("จัดปฏิบัติธรรม (สวดมนต์ทำวัตรเช้า) ทุกวันพระ ระหว่างเดือนมกราคม – ธันวาคม พ.ศ. 2561", D(2018, 1, 1), D(2018, 12, 31)),
    ("ปีงบประมาณ พ.ศ. 2561", D(2017, 10, 1), D(2018, 9, 30)),
])
def test_sheet_period(text, start, end):
    period = period_of(text, 2561)
    assert (period.start, period.end) == (start, end)


# --- project sheets -------------------------------------------------------------------------

def test_next_sheets_title_glued_to_the_last_field_of_the_one_before():
    line = ("10. ตัวชี้วัด/ผลลัพธ์ 10.3 พนักงานจ้างทำงานด้วยความซื่อสัตย์ สุจริตเกิดความรับผิดชอบในหน้าที่ได้รับมอบหมายตามกำหนด "
            "1. ชื่อโครงการ : โครงการส่งเสริมคุณธรรมและจริยธรรมในการป้องกันการทุจริต")
    assert [name for _, _, name in field_starts(line)] == ["other", "title"]


@pytest.mark.parametrize(("text", "count"), [
    ("1. จัดทำโครงการเพื่อขออนุมัติจากผู้บริหารท้องถิ่น 2. มอบงานให้กับผู้รับผิดชอบโครงการ และผู้ที่เกี่ยวข้อง "
     "3. ประสานงานกับหน่วยงานที่เกี่ยวข้อง เพื่อจัดหาวิทยากร 4. จัดทำกำหนดการและหัวข้อการอบรม 5. สรุปผล", 5),
    ("จัดให้มีการดำเนินกิจกรรมส่งเสริมคุณธรรมจริยธรรม แบ่งเป็น 3 แนวทางคือ 6.1 การจัดกิจกรรมบรรยาย "
     "6.2 จัดกิจกรรมบำเพ็ญประโยชน์นอกสถานที่ 6.3 ส่งเสริมให้พนักงานเข้าร่วมกิจกรรม", 3),
    ("จัดอบรมคุณธรรมและจริยธรรมแก่ผู้บริหาร สมาชิกสภา และพนักงานเทศบาลตำบลหางดง โดยเชิญวิทยากรที่มีความรู้", 1),
    ("1. รวบรวมข้อมูล 1.1 ข้อมูลกฎหมาย 1.2 สื่อประชาสัมพันธ์ 2. เผยแพร่ ประชาสัมพันธ์", 2),
])
def test_sheet_steps(text, count):
    assert len(sheet_steps(text)) == count


@pytest.mark.parametrize(("text", "units"), [
    ("สำนักปลัดเทศบาล เทศบาลตำบลหางดง อำเภอหางดง จังหวัดเชียงใหม่", ["สำนักปลัดเทศบาล"]),
    ("ทุกสำนัก/กอง ในสังกัดเทศบาลตำบลหางดง อำเภอหางดง จังหวัดเชียงใหม่", ["ทุกสำนัก/กอง"]),
    ("งานการเจ้าหน้าที่ สำนักปลัดเทศบาล เทศบาลตำบลหางดง", ["งานการเจ้าหน้าที่ สำนักปลัดเทศบาล"]),
    ("กองสาธารณสุขและสิ่งแวดล้อม และ กองสวัสดิการสังคม เทศบาลตำบลหางดง อำเภอหางดง จังหวัดเชียงใหม่",
     ["กองสาธารณสุขและสิ่งแวดล้อม", "กองสวัสดิการสังคม"]),
    ("กองการศึกษา เทศบาลตำบลหางดง ร่วมกับ คณะกรรมการพัฒนาการศึกษาเทศบาลตำบลหางดง",
     ["กองการศึกษา", "คณะกรรมการพัฒนาการศึกษาเทศบาลตำบลหางดง"]),
    ("กองการศึกษา และโรงเรียนเทศบาลหางดง (ประชาคมสร้างสรรค์)", ["กองการศึกษา", "โรงเรียนเทศบาลหางดง (ประชาคมสร้างสรรค์)"]),
])
def test_sheet_responsible(text, units):
    assert sheet_responsible(text) == units


def test_a_form_with_one_project_name_is_no_sheet():
    doc = paragraph_doc("วงเงินงบประมาณที่ได้รับจัดสรรและราคากลาง ในงานจ้างก่อสร้าง",
                        "1. ชื่อโครงการ โครงการปรับปรุงและซ่อมแซมถนนคอนกรีตเสริมเหล็ก (คสล.)พร้อมวางท่อ",
                        "2. หน่วยงานเจ้าของโครงการ องค์การบริหารส่วนตำบลไทรย้อย อำเภอเด่นชัย จังหวัดแพร่")
    assert extract_measures(doc, None) == []


# --- numbered prose -------------------------------------------------------------------------

ANNOUNCEMENT = (
    "ประกาศสำนักงานสาธารณสุขอำเภอหนองใหญ่เรื่อง มาตรการป้องกันการทุจริตและประพฤติมิชอบในการจัดซื้อจัดจ้าง",
    "สำนักงานสาธารณสุขอำเภอหนองใหญ่ จึงได้มีการกำหนดมาตรการป้องกันการทุจริตและประพฤติมิชอบในการจัดซื้อจัดจ้างของหน่วยงานขึ้น "
    "ทั้งนี้เพื่อเป็นการกำชับให้ผู้ปฏิบัติได้ถือปฏิบัติให้ถูกต้อง รวมถึงเป็นการป้องกันมิให้เกิดความเสียหายต่อองค์กร ดังต่อไปนี้",
    "๑.จัดทำแผนจัดซื้อจัดจ้างประจำปี ซึ่งครอบคลุมรายละเอียดสาระสำคัญในการจัดซื้อจัดจ้าง ๒.มีการประกาศเผยแพร่วิธีการคำนวณราคากลาง",
    "/๓.ให้ทำรายงาน... -๒-",
    "๓.ให้ทำรายงานเกี่ยวกับการจัดซื้อจัดจ้างอย่างน้อยปีละหนึ่งครั้ง",
    "จึงประกาศให้ทราบโดยทั่วกัน",
)


def test_announcement_measures_without_a_period():
    measures = extract_prose_measures(paragraph_doc(*ANNOUNCEMENT))
    assert [m.number for m in measures] == ["1", "2", "3"]
    assert measures[2].title == "ให้ทำรายงานเกี่ยวกับการจัดซื้อจัดจ้างอย่างน้อยปีละหนึ่งครั้ง"   # catch-word and closing dropped
    assert all(m.period is None for m in measures)


def test_guidelines_take_the_period_their_heading_states():
    doc = paragraph_doc("5.แนวทางการแก้ไขในการปรับปรุงกระบวนการจัดซื้อจัดจ้าง เพื่อการพัฒนาในปีงบประมาณ พ.ศ. 2568 "
                        "5.1 วิเคราะห์แผนการจัดซื้อจัดจ้าง ในปีงบประมาณ พ.ศ. 2567 ว่าหมวดการจัดซื้อจัดจ้างไหนมีความจำเป็น",
                        "5.2 จัดทำแผนการจัดซื้อจัดจ้างให้ครอบคลุมการใช้จ่ายจริงของหน่วยงาน")
    measures = extract_prose_measures(doc)
    assert [m.number for m in measures] == ["5.1", "5.2"]
    assert {(m.period.start, m.period.end) for m in measures} == {(D(2024, 10, 1), D(2025, 9, 30))}


def test_an_item_runs_on_into_a_block_of_its_own():
    # a reader that gives each line its own block (nongyai_sso_procurement_analysis2562, p.8)
    lines = ("5. แนวทางแก้ไขในการปรับปรุง ประสิทธิภาพของ การจัดซื้อจัดจ้างหรือแนวทางในการปฏิบัติงานในปีงบประมาณพ.ศ.2563 ข้อเสนอแนะ",
             "1. เตรียมความพร้อมในการบริหารสัญญา 2. กำหนดเป็นนโยบายของหน่วยงาน ให้หน่วยงานที่เกี่ยวข้องในการบริหารงบประมาณต้องให้",
             "ความสำคัญในการเร่งรัด ติดตาม กำกับการบริหารงบประมาณ",
             "3. จัดทำฐานข้อมูลราคากลางของพัสดุชนิดต่างๆ ไว้",
             "ภาคผนวก")
    doc = Document([Paragraph([Line(t, Origin(8, i + 1, t))]) for i, t in enumerate(lines)], "pdf")
    measures = extract_prose_measures(doc)
    assert [m.number for m in measures] == ["1", "2", "3"]
    assert measures[1].title.endswith("ต้องให้ ความสำคัญในการเร่งรัด ติดตาม กำกับการบริหารงบประมาณ")
    assert measures[2].title == "จัดทำฐานข้อมูลราคากลางของพัสดุชนิดต่างๆ ไว้"      # the next block is not the list's


@pytest.mark.parametrize("lines", [
    # ethics clauses (phichai_moit2-5)
    ("ข้อ 2 เจ้าหน้าที่ของรัฐสำนักงานปลัดกระทรวงสาธารณสุขพึงปฏิบัติตนเพื่อรักษาจริยธรรม ดังต่อไปนี้ "
     "2.1 ยึดมั่นในสถาบันหลักของประเทศ 2.2 ซื่อสัตย์สุจริต มีจิตสำนึกที่ดี",),
    # complaint channels after a sentence naming suggestions (phichai_moit2-12)
    ("ใช้เป็นคู่มือมาตรฐานการปฏิบัติงานของกระบวนการรับเรื่องร้องเรียน ข้อเสนอแนะ ข้อคิดเห็น โดยผ่านทางช่องทางต่างๆดังต่อไปนี้ "
     "1. เดินทางมาด้วยตนเอง 2. เดินทางมาร้องเรียนที่หน่วยงานเจ้าของเรื่องโดยตรง",),
    # an order's duties: item 3 names measures in passing, its sub-items are no measures (seed 004)
    ("๓. ดำเนินการกำกับดูแลและติดตามการดำเนินการตามมาตรการ/แผนงานการยกระดับ",
     "๓.๑ ก่อนการประเมิน เพื่อเตรียมความพร้อมในการประเมิน", "๓.๒ ระหว่างการประเมิน เพื่อติดตาม/แก้ไขปัญหา"),
    # a table of contents and a report's one-paragraph section list (phichai_moit2-18)
    ("แนวทางการแก้ไขในการปรับปรุงกระบวนการจัดซื้อจัดจ้าง เพื่อการพัฒนาในปีงบประมาณ พ.ศ. 2562 5 1 รายงานผลการวิเคราะห์",
     "และแนวทางในการปรับปรุงประสิทธิภาพของการจัดหาพัสดุที่มีรายละเอียดดังต่อไปนี้ 1.รายงานสรุปผลการจัดซื้อจัดจ้าง"),
    # problems (phichai_moit1 memo)
    ("2.สรุปปัญหาอุปสรรคการดำเนินงานเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน 2.1.ระบบงานให้บริการ 2.2.ยังขาดการประเมินผล",),
])
def test_numbered_lists_that_are_no_measures(lines):
    assert extract_measures(paragraph_doc(*lines), 2568) == []


# --- whole real documents -------------------------------------------------------------------

def _read_pdf(data: bytes) -> Document:
    """The PDF reader as the pipeline calls it, without OCR (these tests are about the text layers)."""
    try:
        return read_document(data, "pdf", ParseOptions(ocr="never"))
    except UnreadableInput as error:
        if error.kind is not ErrorKind.NO_TEXT_LAYER:
            raise
        pytest.skip("no page has a usable text layer (it is read by OCR in tests/test_real_documents.py)")


@cache
def real_measures(stem: str, fiscal_year: int | None):
    path = REAL / f"{stem}.pdf"
    if not path.exists():
        pytest.skip(f"{path} is missing")
    return extract_measures(_read_pdf(path.read_bytes()), fiscal_year)


def gold(stem: str) -> dict:
    return json.loads((REAL / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


def similar(a: str, b: str) -> float:
    a, b = "".join(a.split()), "".join(b.split())
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def assert_matches_gold(measures, want: list[dict], steps_counts: list[int] | None = None) -> None:
    for i, g in enumerate(want):
        m = measures[i]
        assert similar(m.title, g["title"]) >= 0.9, (m.title, g["title"])
        assert [*map("".join, map(str.split, m.responsible))] == [*map("".join, map(str.split, g["responsible"]))]
        period = m.period
        assert (_iso(period.start if period else None), _iso(period.end if period else None)) == (g["start"], g["end"])
        if "number" in g:
            assert m.number == g["number"]
        if steps_counts:
            assert len(m.steps) == steps_counts[i], m.title


@pytest.mark.parametrize(("stem", "fiscal_year"), [
    ("nongyai_sso_procurement_anticorruption_measures2563", None),
    ("nongyai_sso_procurement_analysis2562", 2562),
    ("phichai_moit2-18_procurement_analysis2567", 2567),
])
def test_real_prose_measures_are_the_gold(stem, fiscal_year):
    measures, want = real_measures(stem, fiscal_year), gold(stem)["measures"]
    assert len(measures) == len(want)
    assert_matches_gold(measures, want)


def test_real_plan_sheets_are_the_gold():
    stem = "hangdong_anticorruption_plan2561-2564"
    measures, want = real_measures(stem, 2561), gold(stem)
    assert len(measures) >= 80    # one per sheet; the summary tables add none
    assert_matches_gold(measures, want["measures"], want["steps_counts"])
    assert len({m.title for m in measures}) == len(measures)


@pytest.mark.parametrize("stem", [
    "phichai_moit2-5_ethics_rules_pua", "phichai_moit2-12_complaint_manual2568", "hangdong_strategy2560-2564_word2010",
    "hangdong_strategy2560-2564_word2016", "saiyoi_devplan2556-2558_word2007", "saiyoi_nacc_median_price_form",
    "hangdong_devproject_list_libreoffice_calc", "hangdong_o28_integrity_pledge_word2016", "phichai_moit2-1_orgchart_saraaa_as_am",
])
def test_real_documents_without_measures_give_none(stem):
    assert real_measures(stem, None) == []
