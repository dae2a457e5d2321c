"""Named tables of Thai-language and ITA knowledge.

Every word list the parsers rely on lives here, so that a new spelling seen in a real
report is one line in one table, not a regex hunt. Sources: ../shared/DOMAIN.md and the
seed reports.
"""

from __future__ import annotations

from dataclasses import dataclass

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"

# Full month names and the abbreviations offices use, month number as value.
THAI_MONTHS: dict[str, int] = {
    "มกราคม": 1, "ม.ค.": 1,
    "กุมภาพันธ์": 2, "ก.พ.": 2,
    "มีนาคม": 3, "มี.ค.": 3,
    "เมษายน": 4, "เม.ย.": 4,
    "พฤษภาคม": 5, "พ.ค.": 5,
    "มิถุนายน": 6, "มิ.ย.": 6,
    "กรกฎาคม": 7, "ก.ค.": 7,
    "สิงหาคม": 8, "ส.ค.": 8,
    "กันยายน": 9, "ก.ย.": 9,
    "ตุลาคม": 10, "ต.ค.": 10,
    "พฤศจิกายน": 11, "พ.ย.": 11,
    "ธันวาคม": 12, "ธ.ค.": 12,
}

# Phrases meaning "for the whole fiscal year" in a period cell (spaces are squashed
# before matching, so "ตลอด ปีงบประมาณ" and "ตลอดทั้ง งบประมาณ" hit too).
WHOLE_FISCAL_YEAR_PHRASES: tuple[str, ...] = (
    "ตลอดทั้งปีงบประมาณ", "ตลอดปีงบประมาณ", "ตลอดทั้งงบประมาณ", "ปีงบประมาณ", "ตลอดปี",
)
# Phrases meaning "by <date>": the period has no start.
DEADLINE_PHRASES: tuple[str, ...] = ("ภายในวันที่", "ภายใน", "ก่อนวันที่", "ไม่เกินวันที่")

TOOLS: tuple[str, ...] = ("IIT", "EIT", "OIT")
# Weights of the ITA score (DOMAIN.md: 0.3·IIT + 0.3·EIT + 0.4·OIT).
TOOL_WEIGHTS: dict[str, float] = {"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}


@dataclass(frozen=True)
class IndicatorInfo:
    number: int
    name: str
    tool: str
    variants: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


INDICATORS: tuple[IndicatorInfo, ...] = (
    IndicatorInfo(1, "การปฏิบัติหน้าที่", "IIT"),
    IndicatorInfo(2, "การใช้งบประมาณ", "IIT", ("การใช้จ่ายงบประมาณ",)),
    IndicatorInfo(3, "การใช้อำนาจ", "IIT", ("การใช้อำนาจหน้าที่",)),
    IndicatorInfo(4, "การใช้ทรัพย์สินของราชการ", "IIT",
                  ("การใช้ทรัพย์สินของทางราชการ", "การใช้ทรัพยากรของราชการ", "การใช้ทรัพยากรของทางราชการ")),
    IndicatorInfo(5, "การแก้ไขปัญหาการทุจริต", "IIT", ("การแก้ไขปัญหาทุจริต",)),
    IndicatorInfo(6, "คุณภาพการดำเนินงาน", "EIT"),
    IndicatorInfo(7, "ประสิทธิภาพการสื่อสาร", "EIT", ("ประสิทธิผลการสื่อสาร",)),
    IndicatorInfo(8, "การปรับปรุงระบบการทำงาน", "EIT", ("การปรับปรุงการทำงาน",)),
    IndicatorInfo(9, "การเปิดเผยข้อมูล", "OIT"),
    IndicatorInfo(10, "การป้องกันการทุจริต", "OIT"),
)
INDICATOR_BY_NUMBER: dict[int, IndicatorInfo] = {i.number: i for i in INDICATORS}

# Item-code ranges per tool (DOMAIN.md); a code outside them is printed, kept, and warned about.
ITEM_CODE_LIMITS: dict[str, int] = {"I": 30, "E": 15, "O": 43}


@dataclass(frozen=True)
class OrgType:
    full: str          # the prefix as written in full
    code: str          # the contract's organization.type value
    abbreviations: tuple[str, ...] = ()


# Longest first: "เทศบาลตำบล" must win over a bare "เทศบาล".
ORG_TYPES: tuple[OrgType, ...] = (
    OrgType("องค์การบริหารส่วนจังหวัด", "อบจ.", ("อบจ.",)),
    OrgType("องค์การบริหารส่วนตำบล", "อบต.", ("อบต.",)),
    OrgType("เทศบาลตำบล", "เทศบาลตำบล", ("ทต.",)),
    OrgType("เทศบาลเมือง", "เทศบาลเมือง", ("ทม.",)),
    OrgType("เทศบาลนคร", "เทศบาลนคร", ("ทน.",)),
)

# Words that end an organisation's name when it runs into the next word with no space.
ORG_NAME_TERMINATORS: tuple[str, ...] = (
    "ประจำปี", "ปีงบประมาณ", "อำเภอ", "จังหวัด", "ดังนี้", "ทราบ", "ที่", "เรื่อง", "โดย",
    "จึง", "ได้", "นำ", "มี", "เพื่อ", "ใน", "และ", "ให้", "ควร", "หวัง", "พ.ศ.", "ITA",
)
# A district name runs on only into the province or a year phrase, so cut only there
# (the general terminators would cut 'บ้านหมี่' at 'มี').
DISTRICT_TERMINATORS: tuple[str, ...] = ("จังหวัด", "จ.", "ประจำปี", "ปีงบประมาณ", "พ.ศ.")
# Words that follow a type word but are no name: 'องค์การบริหารส่วนตำบลทุกแห่ง', 'นายก อบต.มีการ…'.
NOT_A_NAME_PREFIXES: tuple[str, ...] = (
    "ทุก", "ทั่ว", "แห่ง", "อื่น", "ต่าง", "ของ", "ใน", "และ", "นั้น", "นี้", "มี", "ได้", "เป็น", "จะ",
    "ที่", "ซึ่ง", "เพื่อ", "โดย", "คณะ", "ให้",
)
DISTRICT_PREFIXES: tuple[str, ...] = ("อำเภอ", "อ.")
PROVINCE_PREFIXES: tuple[str, ...] = ("จังหวัด", "จ.")

# Column headers of measure tables, by the Measure field they feed.
MEASURE_COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("ลำดับ", "ลำดับที่", "ที่"),
    "title": ("มาตรการ/แนวทาง", "แนวทาง/มาตรการดำเนินการ", "มาตรการ", "แนวทาง", "มาตรการ/แนวทางดำเนินการ",
              "มาตรการ/แนวทางการดำเนินการ", "ประเด็น", "ตัวชี้วัด", "ข้อ", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"),
    "steps": ("วิธีการดำเนินการ", "ขั้นตอน/วิธีการปฏิบัติ", "วิธีการ", "ขั้นตอน", "ขั้นตอนการดำเนินการ",
              "วิธีการปฏิบัติ", "กิจกรรม", "แนวทางการดำเนินการ", "วิธีดำเนินการ"),
    "responsible": ("ผู้รับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง", "หน่วยงานรับผิดชอบ"),
    "period": ("ระยะเวลาดำเนินการ", "ระยะเวลา", "ระยะเวลาการดำเนินการ", "ช่วงเวลาดำเนินการ", "ห้วงเวลา"),
    "follow_up": ("การติดตามผล", "การติดตามประเมินผล", "การกำกับติดตาม", "การติดตามและรายงานผล"),
    "result": ("ผลการดำเนินงาน", "ผลการดำเนินการ", "ผลการปฏิบัติ", "ผลการดำเนินการตามมาตรการ"),
    "recommendation": ("ข้อเสนอแนะ", "ปัญหาอุปสรรค/ข้อเสนอแนะ", "หมายเหตุ/ข้อเสนอแนะ"),
}
# A measure table needs a title-like column and at least this many measure columns in all.
MEASURE_TABLE_MIN_COLUMNS = 3

# Units and roles that show up as ผู้รับผิดชอบ; used to split "สำนักงานปลัด กองคลัง กองช่าง".
KNOWN_UNITS: tuple[str, ...] = (
    "สำนักปลัด", "สำนักงานปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา", "กองการศึกษาฯ",
    "กองการศึกษาศาสนาและวัฒนธรรม", "กองสวัสดิการสังคม", "กองสาธารณสุข", "กองสาธารณสุขและสิ่งแวดล้อม",
    "กองส่งเสริมการเกษตร", "กองยุทธศาสตร์และงบประมาณ", "กองการเจ้าหน้าที่", "กองวิชาการและแผนงาน",
    "หน่วยตรวจสอบภายใน", "งานพัสดุ", "งานการเงิน", "งานบริหารงานทั่วไป", "งานตรวจสอบภายใน",
    "งานนิติการ", "นิติกร", "สำนักปลัดเทศบาล", "สำนักการช่าง", "สำนักการคลัง",
)

# Bullet glyphs copied from Word/HTML exports.
BULLET_GLYPHS: tuple[str, ...] = (
    "➤", "➢", ">>", "»", "•", "●", "○", "▪", "■", "◆", "✓", "·",
    "\uf0b7", "\uf0d8", "\uf0fc", "\uf076",  # Symbol/Wingdings bullets from Word exports (PUA)
)

# The kinds of document (contract: document_kinds) and the title phrases that reveal them.
DOCUMENT_KIND_PHRASES: dict[str, tuple[str, ...]] = {
    "implementation_report": ("รายงานการดำเนินการตามมาตรการ", "รายงานผลการดำเนินการตามมาตรการ",
                              "ผลการดำเนินการตามมาตรการ", "การดำเนินการตามมาตรการส่งเสริม",
                              "รายงานผลการดำเนินงานตามมาตรการ"),
    "analysis": ("รายงานการวิเคราะห์ผลการประเมิน", "การวิเคราะห์ผลการประเมิน", "วิเคราะห์ผลการประเมินคุณธรรม"),
    "measures": ("มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "มาตรการส่งเสริมคุณธรรม"),
    "memo": ("บันทึกข้อความ",),
    "order": ("คำสั่ง",),
}

# Words in the few tokens between an indicator's name and its score ("มีผลคะแนน เท่ากับ",
# "โดยรวมได้เท่ากับร้อยละ"). Only these may stand there, so "มีค่าคะแนนน้อยที่สุด" is no score.
SCORE_FILLER_WORDS: tuple[str, ...] = (
    "โดยรวม", "โดยมี", "มีค่า", "มี", "ได้", "ผล", "ค่า", "คะแนน", "การประเมิน", "เท่ากับ", "ร้อยละ",
    "อยู่ที่", "เฉลี่ย", "ค่าเฉลี่ย", "รวม",
)
SCORE_KEYWORDS: tuple[str, ...] = ("คะแนน", "เท่ากับ", "ร้อยละ")

# Phrases that say an item lost points or must be fixed: context "deficiency".
DEFICIENCY_CUES: tuple[str, ...] = (
    "ไม่ได้คะแนน", "ไม่ได้รับคะแนน", "ข้อบกพร่อง", "ต้องแสดง", "ไม่มีรายละเอียด", "ไม่ได้แสดง",
    "ไม่ได้เผยแพร่", "มิได้เผยแพร่", "ไม่พบ", "ไม่ผ่าน", "ไม่มีข้อมูล", "ไม่ครบถ้วน", "ขาด",
)

# Grade bands (DOMAIN.md), lowest score of each grade, highest first.
GRADE_BANDS: tuple[tuple[str, float], ...] = (
    ("AA", 95.0), ("A", 85.0), ("B", 75.0), ("C", 65.0), ("D", 55.0), ("E", 50.0), ("F", 0.0),
)

# Years a report can plausibly name (BE); anything else is not a year.
PLAUSIBLE_BE_YEARS = range(2540, 2600)
