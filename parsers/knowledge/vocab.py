"""Named tables of Thai-language and ITA knowledge.

Every word list the parsers rely on lives here, so that a new spelling seen in a real
report is one line in one table, not a regex hunt. Sources: ../shared/DOMAIN.md and the
seed reports.
"""

from __future__ import annotations

from dataclasses import dataclass

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
# Tool weights, grade bands and item-code ranges are framework numbers: parsers/knowledge/data/ita_catalog.json
# (catalog.Framework), by assessment year.


@dataclass(frozen=True)
class OrgType:
    full: str          # the prefix as written in full
    code: str          # the contract's organization.type value
    abbreviations: tuple[str, ...] = ()
    kind: str = "local_government"   # the header's agency_kind (AGENCY_KINDS)
    locality: str | None = None      # "district"/"province": the name after the prefix is one (สาธารณสุขอำเภอX)
    word_start: bool = False         # only at a word start: 'ทบวงกรม', 'ระเบียบกระทรวงมหาดไทย' name no agency


# What kind of agency a document is about (HeaderRecords.agency_kind); organization.type stays
# the contract's code, "other" for every non-local-government agency.
AGENCY_KINDS: tuple[str, ...] = (
    "local_government", "hospital", "health_office", "ministry", "department", "school", "university", "other",
)

# Longest first: "เทศบาลตำบล" must win over a bare "เทศบาล".
ORG_TYPES: tuple[OrgType, ...] = (
    OrgType("องค์การบริหารส่วนจังหวัด", "อบจ.", ("อบจ.",)),
    OrgType("องค์การบริหารส่วนตำบล", "อบต.", ("อบต.",)),
    OrgType("เทศบาลตำบล", "เทศบาลตำบล", ("ทต.",)),
    OrgType("เทศบาลเมือง", "เทศบาลเมือง", ("ทม.",)),
    OrgType("เทศบาลนคร", "เทศบาลนคร", ("ทน.",)),
)
# Agencies other than local governments (ITA covers every state agency): their name is the
# prefix and the name after it, as for local governments (โรงพยาบาลพิชัย → พิชัย).
AGENCY_TYPES: tuple[OrgType, ...] = (
    OrgType("โรงพยาบาลส่งเสริมสุขภาพตำบล", "other", ("รพ.สต.",), kind="hospital"),
    OrgType("โรงพยาบาล", "other", ("รพ.",), kind="hospital"),
    OrgType("สำนักงานสาธารณสุขอำเภอ", "other", ("สสอ.",), kind="health_office", locality="district"),
    OrgType("สำนักงานสาธารณสุขจังหวัด", "other", ("สสจ.",), kind="health_office", locality="province"),
    OrgType("สำนักงานปลัดกระทรวง", "other", kind="ministry"),
    OrgType("กระทรวง", "other", kind="ministry", word_start=True),
    OrgType("กรม", "other", kind="department", word_start=True),
    OrgType("โรงเรียน", "other", kind="school"),
    OrgType("มหาวิทยาลัย", "other", kind="university"),
)
# Titles of an agency's head, by the prefix of the agency they head: a document often names its
# organisation only in the signature ('นายกเทศมนตรีตำบลบ้านเป้า' → เทศบาลตำบลบ้านเป้า). Titles that
# contain the agency's own prefix (นายกองค์การบริหารส่วนตำบล…, ผู้อำนวยการโรงพยาบาล…) need no entry.
ORG_TITLES: dict[str, str] = {
    "นายกเทศมนตรีตำบล": "เทศบาลตำบล",
    "นายกเทศมนตรีเมือง": "เทศบาลเมือง",
    "นายกเทศมนตรีนคร": "เทศบาลนคร",
    "สาธารณสุขอำเภอ": "สำนักงานสาธารณสุขอำเภอ",
    "นายแพทย์สาธารณสุขจังหวัด": "สำนักงานสาธารณสุขจังหวัด",
    "ปลัดกระทรวง": "สำนักงานปลัดกระทรวง",
}
# Line openings that name the issuing organisation (its letterhead): a mention there, in the title
# block or in a signer's title outweighs any number of mentions in passing.
ISSUER_OPENINGS: tuple[str, ...] = ("ประกาศ", "คำสั่ง", "ส่วนราชการ", "บันทึกข้อความ", "จัดทำโดย")

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
# Evidence against a name after a type word being another organisation's (a template leftover):
# the words of a sentence go on after 'องค์การบริหารส่วนตำบล' as often as a name does
# ('…ส่วนตำบลยังไม่มีประสิทธิภาพ', '…ส่วนตำบล ข้อ ๕', 'คณะกรรมการพนักงานส่วนตำบลจังหวัดแพร่').
# A name never opens with one of these words (function words, verbs, units and roles)…
NOT_A_PLACE_OPENING: tuple[str, ...] = (
    "ยัง", "กับ", "ตาม", "ว่า", "ด้วย", "ข้อ", "ครั้ง", "จังหวัด", "พนักงาน", "ประชาชน", "บริหาร", "ปฏิบัติ",
    "กำหนด", "เข้า", "เกิด", "พิจารณา", "แต่งตั้ง", "วิเคราะห์", "ดำเนิน", "ส่วน", "อบจ", "อบต", "ต่อ", "แก่",
)
# …nor holds a unit of an organisation (it is the subject's own unit, or OCR run into it)…
UNIT_WORDS: tuple[str, ...] = ("กอง", "สำนัก", "ฝ่าย", "งาน")
# …nor runs to this many dictionary words (a phrase: 'เข้ารับการอบรมเพิ่มพูนทักษะ').
PHRASE_WORDS = 4
# Words after an agency prefix that say what sort of agency it is, not which one
# ('โรงพยาบาลชุมชน', 'โรงเรียนในสังกัด').
NOT_AN_AGENCY_NAME_PREFIXES: tuple[str, ...] = (
    "ชุมชน", "ศูนย์", "ทั่วไป", "เอกชน", "รัฐ", "จังหวัด", "อำเภอ", "ประจำ", "ใกล้", "แม่ข่าย", "ลูกข่าย",
    "สังกัด", "ต้นสังกัด", "ระดับ", "เครือข่าย", "การ", "ขนาด",
)
# Entries of pythainlp's Volubilis word list that start with อำเภอ but are no district
# ('อำเภอใจ' means 'arbitrary'); the rest of those entries are the country's districts.
NOT_DISTRICT_NAMES: tuple[str, ...] = ("", "ใจ", "ชายแดน", "เมือง...")
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
# Columns of a measure table that say what a row is about rather than what is done: the topic or
# questionnaire item ('e1 หน่วยงานปฏิบัติ…'), its assessment score, what the analysis found. A city
# municipality's 2567 plan heads them 'ประเด็น | ผลการประเมิน (คะแนน) | ข้อค้นพบ แสดงการวิเคราะห์ผลการประเมิน'.
MEASURE_CONTEXT_COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "topic": ("ประเด็น", "ประเด็นการพัฒนา", "ประเด็นการประเมิน", "ข้อคำถาม", "ประเด็น/ข้อคำถาม"),
    "assessment": ("ผลการประเมิน", "ผลการประเมิน (คะแนน)", "คะแนนการประเมิน", "ผลคะแนน", "คะแนนที่ได้"),
    "finding": ("ข้อค้นพบ", "ข้อค้นพบ แสดงการวิเคราะห์ผลการประเมิน", "ข้อค้นพบ/ผลการวิเคราะห์", "ผลการวิเคราะห์"),
}
# A measure table needs a title-like column and at least this many measure columns in all.
MEASURE_TABLE_MIN_COLUMNS = 3

# Words heading an OIT guideline whose numbered items are its measures ('แนวทางปฏิบัติเพื่อป้องกันการทุจริตในการ
# จัดซื้อจัดจ้าง', 'มาตรการป้องกันการทุจริต…', 'ข้อปฏิบัติของเจ้าหน้าที่…'). The same words head tables of contents and
# lists of laws, so a list under them counts only when its items are obligations (OBLIGATION_SUBJECTS + a modal).
GUIDELINE_HEADINGS: tuple[str, ...] = (
    "มาตรการ", "แนวทางปฏิบัติ", "แนวทางการปฏิบัติ", "แนวปฏิบัติ", "ข้อปฏิบัติ", "ข้อควรปฏิบัติ",
)
# Words one letter away from a cue word, which the fuzzy cue match (measure_text.has_cue) would take
# for it: 'กรรมการ' (a committee, 'คณะกรรมการ', 'ป.ป.ช.' spelt out) scores 86 against 'มาตรการ', so an
# order appointing a committee ('… จึงขอแต่งตั้งคณะกรรมการดังนี้') would introduce its members as measures.
CUE_LOOKALIKES: tuple[str, ...] = ("กรรมการ",)
# The word before an announcement's or a memo's subject: 'ประกาศ… เรื่อง แนวทางปฏิบัติ…' heads a guideline too.
SUBJECT_WORD = "เรื่อง"
# Whom a guideline's item binds, at the item's start ('บุคลากรในหน่วยงานต้อง…', 'ผู้บังคับบัญชาต้อง…'); matched
# with rapidfuzz, as OCR may lose a mark ('ผูบังคับบัญชา').
OBLIGATION_SUBJECTS: tuple[str, ...] = (
    "บุคลากร", "เจ้าหน้าที่", "ผู้บังคับบัญชา", "ผู้ใต้บังคับบัญชา", "หัวหน้าส่วนราชการ", "หัวหน้า", "คณะกรรมการ",
    "ข้าราชการ", "พนักงาน", "ลูกจ้าง", "ผู้บริหาร", "ผู้อำนวยการ", "ผู้ปฏิบัติงาน", "ผู้มีหน้าที่", "ผู้ที่เกี่ยวข้อง",
    "หน่วยงาน", "ส่วนราชการ",
)
# Words after the subject that make the item an obligation. Not 'ให้' (after a subject it is 'gives':
# 'เจ้าหน้าที่ให้บริการ…') nor 'มีหน้าที่' (an order's committee duties).
OBLIGATION_MODALS: tuple[str, ...] = ("ต้อง", "พึง", "ห้าม")
# Openings that make an item a directive with no subject before them ('ห้ามกำหนดคุณลักษณะ…').
DIRECTIVE_OPENINGS: tuple[str, ...] = ("ห้าม", "ต้อง", "พึง", "มิให้", "จะต้อง")
# 'ให้' opening an item is a directive only with a subject after it ('ให้บุคลากรทุกคน…'); 'ให้ความรู้…' is an activity.
CAUSATIVE_OPENING = "ให้"

# Units and roles that show up as ผู้รับผิดชอบ; used to split "สำนักงานปลัด กองคลัง กองช่าง".
KNOWN_UNITS: tuple[str, ...] = (
    "สำนักปลัด", "สำนักงานปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา", "กองการศึกษาฯ",
    "กองการศึกษาศาสนาและวัฒนธรรม", "กองสวัสดิการสังคม", "กองสาธารณสุข", "กองสาธารณสุขและสิ่งแวดล้อม",
    "กองส่งเสริมการเกษตร", "กองยุทธศาสตร์และงบประมาณ", "กองการเจ้าหน้าที่", "กองวิชาการและแผนงาน",
    "หน่วยตรวจสอบภายใน", "งานพัสดุ", "งานการเงิน", "งานบริหารงานทั่วไป", "งานตรวจสอบภายใน",
    "งานนิติการ", "นิติกร", "สำนักปลัดเทศบาล", "สำนักการช่าง", "สำนักการคลัง",
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
# The document kinds a title reveals, the schema's DocumentKind after the five above; HeaderRecords.extra_kinds.
EXTRA_DOCUMENT_KINDS: tuple[str, ...] = ("plan", "announcement", "pledge", "manual", "ethics_code", "procurement_report")
# Kinds that only the document's own title reveals (its first lines, or the first lines of a page
# in a bundle): these phrases also stand in lists of OIT items ('O39 ประมวลจริยธรรม…'), so a
# heading elsewhere is no evidence. Matched with rapidfuzz (partial_ratio, TITLE_KIND_MATCH).
TITLE_KIND_PHRASES: dict[str, tuple[str, ...]] = {
    "plan": ("แผนปฏิบัติการ", "แผนพัฒนา", "แผนยุทธศาสตร์", "แผนการดำเนินงาน", "แผนดำเนินงาน",
             "แผนการจัดซื้อจัดจ้าง", "แผนอัตรากำลัง", "แผนการใช้จ่ายงบประมาณ", "ยุทธศาสตร์การพัฒนา",
             "ยุทธศาสตร์ขององค์กรปกครองส่วนท้องถิ่น", "แผนการตรวจสอบภายใน", "แผนพัฒนาบุคลากร"),
    "pledge": ("คำกล่าวแสดงเจตจำนง", "แสดงเจตจำนงสุจริต", "เจตจำนงสุจริต", "ประกาศเจตนารมณ์", "คำปฏิญาณ"),
    "manual": ("คู่มือการปฏิบัติงาน", "คู่มือการให้บริการ", "คู่มือการจัดการเรื่องร้องเรียน", "คู่มือและกรอบแนวทาง",
               "คู่มือปฏิบัติงาน", "คู่มือสำหรับประชาชน", "มาตรฐานการปฏิบัติงาน"),
    "ethics_code": ("ประมวลจริยธรรม", "ข้อกำหนดจริยธรรม", "จรรยาบรรณ", "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ"),
    "procurement_report": ("รายงานผลการจัดซื้อจัดจ้าง", "รายงานผลการวิเคราะห์การจัดซื้อจัดจ้าง",
                           "รายงานผลการวิเคราะห์ผลการจัดซื้อ", "รายงานสรุปผลการจัดซื้อจัดจ้าง",
                           "สรุปผลการจัดซื้อจัดจ้าง", "การวิเคราะห์ผลการจัดซื้อจัดจ้าง"),
}
TITLE_KIND_MATCH = 90       # rapidfuzz partial_ratio cutoff: tolerates a lost mark, not another word
# Line openings of a title that make the document that kind: an announcement's letterhead
# ('ประกาศองค์การบริหารส่วนตำบล… เรื่อง …'), its closing ('ประกาศ ณ วันที่'), a subject that is a set
# of measures ('เรื่อง มาตรการป้องกันการทุจริต…').
ANNOUNCEMENT_OPENINGS: tuple[str, ...] = ("ประกาศ",)
ANNOUNCEMENT_CLOSINGS: tuple[str, ...] = ("ประกาศณวันที่", "ประกาศณ")
MEASURES_SUBJECTS: tuple[str, ...] = ("เรื่องมาตรการ",)
# A memo's or order's first words may lose their marks in OCR ('บนทกขอความ'): a phrase this long
# also matches on its letters without marks.
OPENING_FUZZY_MIN_CHARS = 8

# Words in the few tokens between an indicator's name and its score ("มีผลคะแนน เท่ากับ",
# "โดยรวมได้เท่ากับร้อยละ"). Only these may stand there, so "มีค่าคะแนนน้อยที่สุด" is no score.
SCORE_FILLER_WORDS: tuple[str, ...] = (
    "โดยรวม", "โดยมี", "มีค่า", "มี", "ได้", "ผล", "ค่า", "คะแนน", "การประเมิน", "เท่ากับ", "ร้อยละ",
    "อยู่ที่", "เฉลี่ย", "ค่าเฉลี่ย", "รวม",
)
SCORE_KEYWORDS: tuple[str, ...] = ("คะแนน", "เท่ากับ", "ร้อยละ")
# The tools by the Thai names of their questionnaires, for a statement whose code OCR misread
# ('ผู้มีส่วนได้ส่วนเสียภายใน (IT) มีค่าคะแนน เท่ากับ ๘๐.๖๐' on a 200-dpi scan of seed 002).
TOOL_THAI_NAMES: dict[str, tuple[str, ...]] = {
    "IIT": ("ผู้มีส่วนได้ส่วนเสียภายใน",),
    "EIT": ("ผู้มีส่วนได้ส่วนเสียภายนอก",),
    "OIT": ("การเปิดเผยข้อมูลสาธารณะ",),
}
# After an indicator's bare name (no 'ตัวชี้วัด'), 'ร้อยละ' alone is no score: a plan's KPI cell
# 'พนักงานท้องถิ่นที่มีความดี … การปฏิบัติหน้าที่ ร้อยละ 90' is a target.
BARE_NAME_SCORE_KEYWORDS: tuple[str, ...] = ("คะแนน", "เท่ากับ")

# Units after a number that make it a count, not a score ('3 หน่วยงาน', '60 คน', '5 ตัวชี้วัด').
COUNT_UNITS: tuple[str, ...] = (
    "หน่วยงาน", "คน", "ราย", "ข้อ", "ตัวชี้วัด", "แห่ง", "โครงการ", "กิจกรรม", "ครั้ง", "เรื่อง", "อันดับ",
    "ลำดับ", "ประเด็น", "มาตรการ",
)
# Words after a percentage that make it a target ('ร้อยละ 90 ของผู้เข้าร่วม', 'ร้อยละ 80 ขึ้นไป').
TARGET_TAILS: tuple[str, ...] = ("ของ", "ขึ้นไป", "ขึ้น", "เป็นอย่างน้อย")
# Phrases that state the ITA score without a grade beside it ('ผลคะแนนเฉลี่ย 96.22'). Not the
# bare 'มีคะแนน'/'ได้คะแนน': 'หน่วยงานจะมีคะแนนร้อยละ 100' (seed 000) speaks of one item.
OVERALL_SCORE_PHRASES: tuple[str, ...] = (
    "ผลคะแนนเฉลี่ย", "คะแนนเฉลี่ยรวม", "ผลคะแนนรวม", "คะแนนรวม", "คะแนนภาพรวม", "ผลคะแนนภาพรวม",
    "ผลการประเมินภาพรวม", "ผลการประเมินในภาพรวม", "พบว่ามีผลคะแนน", "พบว่าได้คะแนน",
)
# Figures that are not the subject organisation's own: national, ministry or peer averages.
OTHER_LEVEL_CUES: tuple[str, ...] = (
    "ระดับประเทศ", "ทั้งประเทศ", "ภาพรวมประเทศ", "ภาพรวมของประเทศ", "ค่าเฉลี่ยประเทศ", "ค่าเฉลี่ยของประเทศ",
    "ระดับกระทรวง", "ภาพรวมกระทรวง", "ภาพรวมของกระทรวง", "ค่าเฉลี่ยของกระทรวง", "ค่าเฉลี่ยระดับจังหวัด",
    "ภาพรวมจังหวัด", "ภาพรวมของจังหวัด", "กลุ่มหน่วยงาน", "หน่วยงานทั้งหมด",
)
# The ITA 2568 rating words that replace the letter grade (longest first: 'ผ่านดีเยี่ยม' before 'ผ่าน').
RATING_WORDS_2568: tuple[str, ...] = ("ผ่านดีเยี่ยม", "ผ่านดี", "ไม่ผ่าน", "ผ่าน")

# Score-table header cells: a column of tool totals beside the indicator rows, often one merged
# cell per tool and no IIT/EIT/OIT label (the tool is the row's indicator's).
SCORE_TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "tool_score": ("คะแนนรายเครื่องมือ", "คะแนนตามเครื่องมือ", "คะแนนเครื่องมือ", "คะแนนแต่ละเครื่องมือ",
                   "ผลคะแนนรายเครื่องมือ"),
    # a score table's header names its indicator (or question) column and its score column
    "indicator": ("ตัวชี้วัด", "ตัวชี้วัดการประเมิน", "ตัวชี้วัดของการประเมิน", "ตัวชี้วัดของการประเมิน ITA",
                  "ตัวชี้วัดการประเมิน ITA", "ประเด็นการประเมิน"),
    "indicator_score": ("คะแนน", "ผลคะแนน", "คะแนนที่ได้", "ค่าคะแนน", "ค่าเฉลี่ยคะแนน", "คะแนนเฉลี่ย",
                        "ผลการประเมิน (คะแนน)"),
}

# Phrases that say an item lost points or must be fixed: context "deficiency".
DEFICIENCY_CUES: tuple[str, ...] = (
    "ไม่ได้คะแนน", "ไม่ได้รับคะแนน", "ข้อบกพร่อง", "ต้องแสดง", "ไม่มีรายละเอียด", "ไม่ได้แสดง",
    "ไม่ได้เผยแพร่", "มิได้เผยแพร่", "ไม่พบ", "ไม่ผ่าน", "ไม่มีข้อมูล", "ไม่ครบถ้วน", "ขาด",
)


# Years a report can plausibly name (BE); anything else is not a year.
PLAUSIBLE_BE_YEARS = range(2540, 2600)

# Latin capitals Thai reports write (ITA's tools, agencies, technology): the English model's junk
# for Thai letters is at times capitals too (LIAL for เท่ากับ, UA. for ม.ค.), so a short word of
# capitals amid Thai that is none of these is read again by the Thai model.
LATIN_ACRONYMS: frozenset[str] = frozenset({
    "ITA", "ITAS", "IIT", "EIT", "OIT", "MOIT", "NACC", "PACC", "OPDC", "IT", "ICT", "GIS", "GPS", "CCTV", "PDF",
    "QR", "LINE", "SMS", "TV", "ID", "KPI", "ISO", "PDCA", "SWOT", "HR", "CEO", "OTOP", "ASEAN", "AEC", "COVID",
    "UN", "WHO", "USB", "WIFI", "OK", "PR", "NGO", "OSS", "EGP", "GFMIS", "CD", "DVD", "AM", "PM", "IP",
})

# Phrases that say a year is a fiscal year (ปีงบประมาณ …) or an ITA round ('ITA 2566',
# 'ITA ปี พ.ศ.2567'); spaces may fall inside them. A bare 'พ.ศ. 2564' counts only in a title.
FISCAL_YEAR_CUES: tuple[str, ...] = ("ประจำปีงบประมาณ", "ปีงบประมาณ", "ประจำปี", "ปี")
ITA_YEAR_CUES: tuple[str, ...] = ("ITA", "ไอทีเอ")
# Words naming a law, plan or policy: a 'พ.ศ.' year after one is that text's year
# ('พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540'), not the document's.
LAW_WORDS: tuple[str, ...] = (
    "พระราชบัญญัติ", "พ.ร.บ.", "ระเบียบ", "รัฐธรรมนูญ", "ประมวลกฎหมาย", "กฎกระทรวง", "พระราชกฤษฎีกา",
    "มติคณะรัฐมนตรี", "ยุทธศาสตร์ชาติ", "แผนพัฒนาเศรษฐกิจ", "ประกาศคณะกรรมการ", "Country Strategy", "ว่าด้วย",
)
LAW_YEAR_WINDOW = 80        # characters before a year in which a law word makes it the law's year
# Words just before a year that make it a comparison, not the year reported
# ('เมื่อเทียบกับปีงบประมาณ พ.ศ. 2565', 'ปีที่ผ่านมา').
PRIOR_YEAR_CUES: tuple[str, ...] = ("เทียบกับ", "เปรียบเทียบ", "ปีที่ผ่านมา", "ปีก่อน", "ปีที่แล้ว", "จากเดิม")
# Words between a year and its score in a comparison of rounds ('ปี 2565 ได้ 92.59').
SCORED_YEAR_WORDS: tuple[str, ...] = ("ได้คะแนน", "มีผลคะแนน", "ผลคะแนน", "ได้", "คะแนน", "=")
# The longest multi-year plan a range may describe ('(พ.ศ. 2561 – 2564)': 4 years).
LONGEST_YEAR_RANGE = 10
