"""Per-project sheets → one MeasureRecord per sheet.

An anti-corruption plan describes each project on a sheet of numbered fields:

    1. ชื่อโครงการ : โครงการบริหารงานตามหลักธรรมาภิบาล
    2. หลักการและเหตุผล …   3. วัตถุประสงค์ …   4. เป้าหมาย …   5. พื้นที่ดำเนินการ …
    6. วิธีดำเนินการ 1. จัดทำโครงการ … 2. มอบงาน …
    7. ระยะเวลาดำเนินการ 4 ปี (ปีงบประมาณ พ.ศ. 2561 – 2564)
    8. งบประมาณ …   9. ผู้รับผิดชอบโครงการ สำนักปลัดเทศบาล เทศบาลตำบลหางดง …   10. ตัวชี้วัด/ผลลัพธ์ …

The fields are found by their names, not their numbers (sheets number them differently and
a PDF line may hold two fields, or the next sheet's title glued to the last field of the one
before). A sheet is a title field followed by at least two of steps / period / responsible,
so a form with one 'ชื่อโครงการ' line (a median-price form) is no sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from parsers.document import Document, Origin, Paragraph
from parsers.extract.measure_text import label_at_start, period_of
from parsers.extract.records import MeasureRecord
from parsers.extract.sheet_fields import sheet_responsible, sheet_steps
from parsers.thai.normalise import normalise_text

# Field names → the sheet field they start. 'other' fields only end the field before them.
SHEET_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("ชื่อโครงการ", "ชื่อโครงการ/กิจกรรม", "ชื่อโครงการ/กิจกรรม/มาตรการ", "ชื่อกิจกรรม", "ชื่อมาตรการ"),
    "steps": ("วิธีดำเนินการ", "วิธีการดำเนินการ", "วิธีการดำเนินงาน", "วิธีดำเนินงาน", "กิจกรรมและวิธีการดำเนินการ",
              "กิจกรรมและขั้นตอน", "ขั้นตอนการดำเนินการ", "ขั้นตอนการดำเนินงาน", "ขั้นตอนและวิธีการดำเนินการ"),
    "period": ("ระยะเวลาดำเนินการ", "ระยะเวลาการดำเนินการ", "ระยะเวลาในการดำเนินการ", "ระยะเวลาการดำเนินงาน",
               "ระยะเวลาดำเนินงาน", "ระยะเวลา"),
    "responsible": ("ผู้รับผิดชอบโครงการ", "ผู้รับผิดชอบ", "หน่วยงานรับผิดชอบ", "หน่วยงานที่รับผิดชอบ"),
    "other": ("หลักการและเหตุผล", "วัตถุประสงค์", "เป้าหมาย", "กลุ่มเป้าหมาย", "เป้าหมาย/ผลผลิต", "พื้นที่ดำเนินการ",
              "สถานที่ดำเนินการ", "งบประมาณ", "งบประมาณดำเนินการ", "ตัวชี้วัด/ผลลัพธ์", "ตัวชี้วัด", "ผลลัพธ์",
              "ผลที่คาดว่าจะได้รับ", "ประโยชน์ที่คาดว่าจะได้รับ"),
}
_LABELS = [(name, label) for name, labels in SHEET_FIELDS.items() for label in labels]
_LABEL_TEXTS = [label for _, label in _LABELS]
# Labels by their first letter: a defective layer loses or swaps marks, never a label's first
# letter (a consonant or a leading vowel), so only labels with the text's first letter are tried.
_LABELS_BY_FIRST: dict[str, list[str]] = {}
for _label in _LABEL_TEXTS:
    _LABELS_BY_FIRST.setdefault(_label.lstrip()[0], []).append(_label)
_FIELD_OF = dict((label, name) for name, label in _LABELS)
_MEASURE_FIELDS = ("steps", "period", "responsible")
# A field's number: '7.' or '10.' at the start or after a space, not part of '6.1' or '2,500.'
_FIELD_NUMBER = re.compile(r"(?:^|(?<=\s))(?P<number>\d{1,2})\s*\.(?!\d)\s*")
# Lines that end the field before them although they carry no field name: the plan's own
# section headings ('มิติที่ 2 …', '1.1.2 สร้างจิตสำนึก …') printed between sheets.
_SECTION_HEADING = re.compile(r"^\s*(?:มิติที่|\d{1,2}\.\d{1,2}\.\d{1,2}(?!\d))")


@dataclass
class SheetField:
    name: str
    text: str
    origin: Origin
    block: int


@dataclass
class Sheet:
    title: SheetField
    fields: dict[str, SheetField] = field(default_factory=dict)
    blocks: set[int] = field(default_factory=set)     # every block a field of it was read from

    def is_measure(self) -> bool:
        return sum(name in self.fields for name in _MEASURE_FIELDS) >= 2


def field_starts(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, content start, field name) of each numbered sheet field in one line of text."""
    if "." not in text:
        return  # every field number is written '7.': most lines have no '.'
    for number in _FIELD_NUMBER.finditer(text):
        rest = text[number.end():]
        labels = _LABELS_BY_FIRST.get(rest.lstrip()[:1])
        found = label_at_start(rest, labels) if labels else None
        if found is not None:
            label, end = found
            yield number.start(), number.end() + end, _FIELD_OF[label]


def _paragraph_lines(doc: Document) -> Iterator[tuple[int, str, Origin]]:
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            for line in block.lines:
                yield index, line.text, line.origin


def sheet_fields(doc: Document) -> Iterator[SheetField]:
    """Every sheet field in reading order, its text running on over the following lines
    until the next field or a section heading."""
    current: SheetField | None = None
    for block, text, origin in _paragraph_lines(doc):
        starts = list(field_starts(text))
        head = text[: starts[0][0]] if starts else text
        if current is not None and _SECTION_HEADING.match(text):
            yield current
            current = None
        elif current is not None and head.strip():
            current.text = f"{current.text} {head.strip()}"
        for i, (_, content, name) in enumerate(starts):
            if current is not None:
                yield current
            end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
            current = SheetField(name, text[content:end].strip(" :"), origin, block)
    if current is not None:
        yield current


def sheets(doc: Document) -> Iterator[Sheet]:
    """Fields grouped into sheets: each title field opens one, the first of each kind is kept."""
    sheet: Sheet | None = None
    for found in sheet_fields(doc):
        if found.name == "title":
            if sheet is not None and sheet.is_measure():
                yield sheet
            sheet = Sheet(found, blocks={found.block})
        elif sheet is not None:
            sheet.blocks.add(found.block)
            if found.name != "other":
                sheet.fields.setdefault(found.name, found)
    if sheet is not None and sheet.is_measure():
        yield sheet


def sheet_to_measure(sheet: Sheet, fiscal_year: int | None) -> MeasureRecord:
    def text(name: str) -> str:
        found = sheet.fields.get(name)
        return found.text if found else ""

    period = sheet.fields.get("period")
    return MeasureRecord(
        title=normalise_text(sheet.title.text).strip(" :"),
        origin=sheet.title.origin,
        steps=sheet_steps(text("steps")),
        responsible=sheet_responsible(text("responsible")),
        period=period_of(period.text, fiscal_year) if period else None,
    )


def extract_project_sheets(doc: Document, fiscal_year: int | None) -> list[MeasureRecord]:
    return [sheet_to_measure(s, fiscal_year) for s in sheets(doc)]


def sheet_block_indexes(doc: Document) -> set[int]:
    """Blocks holding a project sheet's fields: other shapes must not read them again."""
    return {block for sheet in sheets(doc) for block in sheet.blocks}
