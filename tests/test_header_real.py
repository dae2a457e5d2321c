"""Header facts on lines of the real documents in ../shared/real (as they read once the text layer
is repaired: clean Thai, read from the rendered pages where the layer is broken).

Each case names the file its lines come from; lines marked (issue 12) are the shapes quoted in
the issue from documents not in the set.
"""

from __future__ import annotations

import pytest

from parsers.document import Document, Line, Origin, Paragraph
from parsers.extract.header import extract_header
from parsers.extract.years import year_phrases


def doc(*pages: tuple[str, ...]) -> Document:
    """A PDF-like document: one tuple of lines per page."""
    lines = [Line(text, Origin(page, i, text)) for page, texts in enumerate(pages, 1) for i, text in enumerate(texts, 1)]
    return Document([Paragraph(lines)], "pdf")


NONGYAI_MEASURES = doc((
    "ประกาศสำนักงานสาธารณสุขอำเภอหนองใหญ่เรื่อง มาตรการป้องกันการทุจริตและประพฤติมิชอบในการจัดซื้อจัดจ้าง",
    "ตามพระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ.2560 มีผลบังคับใช้ไปแล้วนั้น เพื่อให้การดำเนินงาน"
    "เกี่ยวกับการจัดซื้อจัดจ้าง ของสำนักงานสาธารณสุขอำเภอหนองใหญ่ จังหวัดชลบุรี เป็นไปด้วยความถูกต้อง โปร่งใส "
    "ตรวจสอบได้ และเป็นการป้องกันการทุจริตและประพฤติมิชอบในการจัดซื้อจัดจ้าง ให้เกิดประสิทธิภาพสูงสุด",
    "จึงประกาศให้ทราบโดยทั่วกัน",
    "ประกาศ ณ วันที่ 13 พฤศจิกายน พ.ศ. 2562",
    "(นายวิโรจน์ มุมานะจิตต์) สาธารณสุขอำเภอหนองใหญ่",
))
NONGYAI_ANALYSIS = doc((
    "รายงานผลการวิเคราะห์การจัดซื้อจัดจ้าง และข้อเสนอแนะเพื่อพัฒนาในรอบปีงบประมาณ พ.ศ.2562",
    "กลุ่มงานบริหารทั่วไป งานพัสดุสำนักงานสาธารณสุขอำเภอหนองใหญ่ สำนักงานสาธารณสุขจังหวัดชลบุรีคำนำ",
))
PHICHAI_MEMO = doc((   # OCR of a scan: the heading lost its marks
    "บนทกขอความ",
    "ส่วนราชการ โรงพยาบาลพิชัย อำเภอพิชัย จังหวัดอุตรดิตถ์ โทร 0-5542-2100 ที่ อต 0033.301/ วันที่ 25 พฤศจิกายน 2567",
    "เรื่อง ขออนุญาตเผยแพร่รายงานผลการติดตามการดำเนินงานและสรุปปัญหาและอุปสรรค",
    "เรียน ผู้อำนวยการโรงพยาบาลพิชัย",
    "ตามกรอบการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (Integrity & Transparency Assessment : ITA) "
    "ประจำปีงบประมาณ พ.ศ.2568 และพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ.2540 มาตรา 7 กำหนดให้หน่วยงานของรัฐต้อง"
    "เปิดเผยข้อมูลข่าวสารของราชการ ให้ประชาชนได้รับทราบ เพื่อให้เกิดความโปร่งใส ตรวจสอบได้ และมีส่วนร่วม",
    "(นายเบญจวุฒิ ครุฑเมือง) ผู้อำนวยการโรงพยาบาลพิชัย",
))
PHICHAI_PROCUREMENT = doc((
    "รายงานผลการวิเคราะห์ผลการจัดซื้อการจัดจ้าง",
    "และการจัดหาพัสดุ ประจำปีงบประมาณ พ.ศ. 2567",
    "จัดทำโดย งานพัสดุ กลุ่มงานบริหารทั่วไปโรงพยาบาลพิชัย",
    "สังกัด สำนักงานสาธารณสุขจังหวัดอุตรดิตถ์คำนำ",
), (
    "โรงพยาบาลพิชัย ได้จัดทำโครงการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "(INTEGRITY AND TRANSPARENCY ASSESSMENT-ITA) ประจำปีงบประมาณ พ.ศ. 2568 มีเจตนารมณ์มุ่งหวังให้หน่วยงานภาครัฐ",
    "1 รายงานผลการวิเคราะห์ผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ 2567 ของโรงพยาบาลพิชัย จังหวัดอุตรดิตถ์",
))
PHICHAI_MANUAL = doc((   # the cover is an image: its OCR is noise
    "OF แร Probl 2 เฮรเคร ขบแขอเซขอชรงจ ไม่ปบปงบประมาณ 2.56.8",
), (
    "คำนำ",
    "มาตรา 41 แห่งรัฐธรรมนูญแห่งราชอาณาจักรไทย พ.ศ.2560 ได้กำหนดสิทธิของบุคคลที่จะเสนอเรื่องราวร้องทุกข์ "
    "และได้รับแจ้งผลการพิจารณาภายในเวลาอันสมควร ประกอบกับพระราชกฤษฎีกาว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี "
    "พ.ศ.2546 ได้กำหนดแนวทางปฏิบัติราชการ มุ่งให้เกิดประโยชน์สุขแก่ประชาชน",
    "โรงพยาบาลพิชัยได้ตระหนักและให้ความสำคัญกับการแก้ไขปัญหาเรื่องร้องทุกข์/ร้องเรียนของประชาชน จึงได้จัดทำคู่มือ"
    "การจัดการข้อร้องเรียน โรงพยาบาลพิชัย ปี พ.ศ. 2568 เพื่อพัฒนากระบวนการจัดการข้อร้องเรียนให้มีประสิทธิภาพยิ่งขึ้น "
    "ผู้จัดทำหวังเป็นอย่างยิ่งว่าคู่มือฉบับนี้จะเป็นประโยชน์แก่ผู้ปฏิบัติงานและผู้รับบริการ",
), (
    "ตำบลในเมือง อำเภอพิชัย จังหวัดอุตรดิตถ์ โรงพยาบาลพิชัย",
    "กรณีผู้ร้องเรียนได้ร้องเรียนว่าโรงพยาบาลพิชัยได้ดำเนินการจัดซื้อจัดจ้างในปีงบประมาณ พ.ศ. 2560 โดยมีผู้ใช้บริการ "
    "ร้องเรียนเข้ามา แต่ยังมีการดำเนินการต่อในห้วงปีงบประมาณ พ.ศ. 2568 ข้อร้องเรียนนั้นให้ถือว่าอยู่ในขั้นตอนการพิจารณา",
    "บันทึกข้อมูล แจ้งผู้ร้องเรียน / ต้นเรื่อง",
))
ETHICS_RULES = doc((
    "ข้อกำหนดจริยธรรมเจ้าหน้าที่ของรัฐสำนักงานปลัดกระทรวงสาธารณสุข พ.ศ. 2564",
    "โดยที่พระราชบัญญัติมาตรฐานทางจริยธรรม พ.ศ. 2562 มาตรา 6 วรรคสี่ บัญญัติให้ หน่วยงานของรัฐอาจจัดทำข้อกำหนด"
    "จริยธรรมเพื่อใช้บังคับกับเจ้าหน้าที่ของรัฐในหน่วยงานนั้นเพิ่มเติมจากประมวลจริยธรรมได้ โดยต้องไม่ขัดหรือแย้งกับ"
    "มาตรฐานทางจริยธรรมและประมวลจริยธรรม และต้องส่งให้คณะกรรมการมาตรฐานทางจริยธรรมพิจารณาให้ความเห็นชอบ",
    "สำนักงานปลัดกระทรวงสาธารณสุข เป็นส่วนราชการที่มีหน้าที่หลักในการให้บริการด้านการแพทย์และสาธารณสุขแก่ประชาชน",
))
HANGDONG_PLEDGE = doc((   # Word 2016 export, AA-as-AM repaired
    "คำกล่าวแสดงเจตจำนงของผู้บริหาร",
    "ข้าพเจ้า นายจำรูญ เร่งถนอมทรัพย์ นายกเทศมนตรีตำบลหางดง ขอแสดงเจตจำนง ต่อเจ้าหน้าที่ในหน่วยงานต่อสาธารณชน "
    "และประชาชนทั่วไปว่าข้าพเจ้าจะปฏิบัติหน้าที่ และบริหารงานของหน่วยงาน ภายใต้อำนาจหน้าที่ของเทศบาล",
    "(ดร.จำรูญ เร่งถนอมทรัพย์) นายกเทศมนตรีตำบลหางดง",
))
HANGDONG_PLAN = doc((   # page 1 is OCR'd with wrong digits; the plan's own title is on page 2
    "ประกาศเทศบาลตำบลหางดงเรื่อง ให้ใช้แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2501 - 2505)",
    "ด้วยคณะรัฐมนตรีในการประชุมเมื่อวันที่ 11 ตุลาคม 2559 ได้มีมติเห็นชอบยุทธศาสตร์ชาติว่าด้วยการป้องกันและปราบปราม"
    "การทุจริต ระยะที่ 3 (พ.ศ. 2560 - 2564) ตามที่คณะกรรมการ ป.ป.ช. เสนอ และให้หน่วยงานภาครัฐจัดทำแผนปฏิบัติการ"
    "เพื่อขับเคลื่อนยุทธศาสตร์ชาติว่าด้วยการป้องกันและปราบปรามการทุจริต ระยะที่ 3 ไปสู่การปฏิบัติ",
    "(นายจำรูญ เร่งถนอมทรัพย์) นายกเทศมนตรีตำบลหางดง",
), (
    "แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2561 – 2564)",
    "เทศบาลตำบลหางดง อำเภอหางดง จังหวัดเชียงใหม่",
))
HANGDONG_STRATEGY = doc((
    "ยุทธศาสตร์ขององค์กรปกครองส่วนท้องถิ่น",
    "เทศบาลตำบลหางดง ได้ใช้เทคนิค SWOT Analysis มาวิเคราะห์ประเมินสภาพการพัฒนาในปัจจุบันและภาพรวมของโอกาสการพัฒนา"
    "ในอนาคต เพื่อนำไปสู่การกำหนดวิสัยทัศน์ พันธกิจ ยุทธศาสตร์ และแนวทางการพัฒนา ซึ่งสามารถนำมาตรวจสอบกับแผนพัฒนา"
    "ว่ามีความสอดคล้องกับวัตถุประสงค์การพัฒนาหรือไม่ จุดแข็ง (Strengths) จุดอ่อน (Weaknesses)",
    "จุดแข็ง (Strengths) S1 เป็นชุมชนและอำเภอรอบในของจังหวัดเชียงใหม่ S2 มีโครงสร้างพื้นฐานค่อนข้างทั่วถึง",
    "S5 มีศูนย์ข้อมูลข่าวสารของทางราชการ ซึ่งตั้งตาม พ.ร.บ.ข้อมูลข่าวสารของทางราชการ พ.ศ. 2540",
    "S9 มีส่วนราชการหลายแห่งตั้งอยู่ในพื้นที่ อาทิเช่น ที่ว่าการอำเภอหางดง สถานีตำรวจภูธรหางดง โรงพยาบาลหางดง ฯลฯ",
    "S13 มีแผนยุทธศาสตร์การพัฒนาและแผนพัฒนาสามปี ขององค์กรที่สอดคล้องกับยุทธศาสตร์การพัฒนาจังหวัดเชียงใหม่",
), (
    "ยุทธศาสตร์การพัฒนาเทศบาลตำบลหางดง (พ.ศ. 2560 – 2564)",
))
SAIYOI_PLAN = doc((
    "ประกาศองค์การบริหารส่วนตำบลไทรย้อยเรื่อง ประกาศใช้แผนพัฒนาสามปี พ.ศ.2556 – 2558",
    "(นายชัยวุฒิ์ มานพ) นายกองค์การบริหารส่วนตำบลไทรย้อย",
), (
    "การจัดทำแผนพัฒนาต้องสอดคล้องกับนโยบายของรัฐบาล กระทรวง ทบวงกรม ทิศทางการพัฒนาจังหวัดและ "
    "อำเภอศักยภาพของพื้นที่และปัญหาความต้องการของประชาชนในท้องถิ่น",
    "1. สภาพทั่วไป 1.1 ที่ตั้ง ตำบลไทรย้อย อยู่ห่างจากที่ว่าการอำเภอทาง ทิศใต้ประมาณ 7 กิโลเมตร อาณาเขตของตำบลไทรย้อย "
    "ทิศเหนือ ติดต่อกับ บ้านห้วยกูด หมู่ที่5 ตำบลเด่นชัย อำเภอเด่นชัย จังหวัดแพร่ ทิศใต้ ติดต่อกับ ตำบลนาพูน "
    "อำเภอวังชิ้น จังหวัดแพร่ และจังหวัดอุตรดิตถ์ ทิศตะวันออก ติดกับ ตำบลห้วยไร่ อำเภอเด่นชัย จังหวัดแพร่",
    "โครงการอุดหนุนศูนย์ดำรงธรรมอำเภอ เพื่อให้มีศูนย์ดำรงธรรมอำเภอ หน่วยราชการ 1 แห่ง 5,000",
    "ส่งเสริมการเกษตรตามแนวทางของกรมส่งเสริม การเกษตร",
    "ประสานงานกับกรมส่งเสริม การปกครองท้องถิ่น",
    "ขอรับการสนับสนุนจากกรมส่งเสริม การปกครองท้องถิ่น",
))
# (issue 12): a hyphenated name, a district glued to the word before it.
HYPHENATED = doc((
    "แผนพัฒนาท้องถิ่นขององค์การบริหารส่วนตำบลท่าเดื่อ-มืดกา",
    "องค์การบริหารส่วนตำบลท่าเดื่อ-มืดกาของอำเภอดอยเต่า จังหวัดเชียงใหม่",
))

ORGANISATION_CASES = [
    # (file, document, name, short_name, type, agency_kind, district, province)
    ("nongyai measures: signer 'สาธารณสุขอำเภอ…', letterhead", NONGYAI_MEASURES,
     "สำนักงานสาธารณสุขอำเภอหนองใหญ่", "หนองใหญ่", "other", "health_office", "หนองใหญ่", "ชลบุรี"),
    ("nongyai analysis: province from the parent office", NONGYAI_ANALYSIS,
     "สำนักงานสาธารณสุขอำเภอหนองใหญ่", "หนองใหญ่", "other", "health_office", "หนองใหญ่", "ชลบุรี"),
    ("phichai memo (OCR)", PHICHAI_MEMO, "โรงพยาบาลพิชัย", "พิชัย", "other", "hospital", "พิชัย", "อุตรดิตถ์"),
    ("phichai procurement: the parent office is no rival", PHICHAI_PROCUREMENT,
     "โรงพยาบาลพิชัย", "พิชัย", "other", "hospital", None, "อุตรดิตถ์"),
    ("phichai manual: body titles of other offices", PHICHAI_MANUAL,
     "โรงพยาบาลพิชัย", "พิชัย", "other", "hospital", "พิชัย", "อุตรดิตถ์"),
    ("ethics rules: a ministry's office", ETHICS_RULES,
     "สำนักงานปลัดกระทรวงสาธารณสุข", "สาธารณสุข", "other", "ministry", None, None),
    ("hangdong pledge: only the signer's title", HANGDONG_PLEDGE,
     "เทศบาลตำบลหางดง", "หางดง", "เทศบาลตำบล", "local_government", None, None),
    ("hangdong strategy: 'ที่ว่าการอำเภอหางดง', a recurring province", HANGDONG_STRATEGY,
     "เทศบาลตำบลหางดง", "หางดง", "เทศบาลตำบล", "local_government", "หางดง", "เชียงใหม่"),
    ("saiyoi plan: 'อำเภอศักยภาพ…' is no district; the DLA is no rival", SAIYOI_PLAN,
     "องค์การบริหารส่วนตำบลไทรย้อย", "ไทรย้อย", "อบต.", "local_government", "เด่นชัย", "แพร่"),
    ("(issue 12) hyphenated name, glued district", HYPHENATED,
     "องค์การบริหารส่วนตำบลท่าเดื่อ-มืดกา", "ท่าเดื่อ-มืดกา", "อบต.", "local_government", "ดอยเต่า", "เชียงใหม่"),
]


@pytest.mark.parametrize(("what", "document", "name", "short", "org_type", "kind", "district", "province"),
                         ORGANISATION_CASES, ids=[c[0] for c in ORGANISATION_CASES])
def test_organisation(what, document, name, short, org_type, kind, district, province):
    h = extract_header(document)
    assert (h.name, h.short_name, h.org_type, h.agency_kind, h.district, h.province) == (
        name, short, org_type, kind, district, province)


YEAR_CASES = [
    # (file, document, fiscal_years, assessment_year)
    ("nongyai measures: a law's year and the signing date are no fiscal year", NONGYAI_MEASURES, [], None),
    ("nongyai analysis: ปีงบประมาณ in the title", NONGYAI_ANALYSIS, [2562], None),
    ("phichai memo: the ITA round in the body", PHICHAI_MEMO, [2568], None),
    ("phichai procurement: the title beats the preface's ITA year", PHICHAI_PROCUREMENT, [2567], None),
    ("phichai manual: image cover, the preface's year beats the body's 2560", PHICHAI_MANUAL, [2568], None),
    ("ethics rules: a bare พ.ศ. in the title", ETHICS_RULES, [2564], None),
    ("hangdong pledge: no year", HANGDONG_PLEDGE, [], None),
    ("hangdong plan: OCR'd 2501 is implausible, the range on page 2", HANGDONG_PLAN, [2561, 2562, 2563, 2564], None),
    ("hangdong strategy: the range in a table header", HANGDONG_STRATEGY, [2560, 2561, 2562, 2563, 2564], None),
    ("saiyoi plan: a range in the announcement's title", SAIYOI_PLAN, [2556, 2557, 2558], None),
    ("(issue 12) ITA year, comparison with a prior round", doc((
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ITA ปี พ.ศ.2567",
        "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ได้ 94.12 คะแนน เทียบกับปีงบประมาณ พ.ศ. 2565 ได้ 92.59 คะแนน",
        "ผลการประเมิน ITA 2566 ตัวชี้วัดที่มีคะแนนต่ำสุด",
    )), [2567], 2566),
]


@pytest.mark.parametrize(("what", "document", "fiscal_years", "assessment"), YEAR_CASES, ids=[c[0] for c in YEAR_CASES])
def test_years(what, document, fiscal_years, assessment):
    h = extract_header(document)
    assert (h.fiscal_years, h.fiscal_year, h.assessment_year) == (
        fiscal_years, fiscal_years[0] if fiscal_years else None, assessment)


@pytest.mark.parametrize(("text", "years"), [
    ("แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2561 – 2564)", [(2561, 2562, 2563, 2564)]),
    ("รายละเอียดโครงการพัฒนา แผนพัฒนาสามปี (พ.ศ.2556 ถึง 2558)", [(2556, 2557, 2558)]),
    ("รายงานการวิเคราะห์ผลการประเมิน ITA 2566", [(2566,)]),                    # (issue 12)
    ("มาตรการส่งเสริมคุณธรรมฯ ประจำปีงบประมาณ พ .ศ. 2566", [(2566,)]),       # (issue 12)
    ("ประกาศ ณ วันที่ 13 พฤศจิกายน พ.ศ. 2562", []),
    ("ตั้งตาม พ.ร.บ.ข้อมูลข่าวสารของทางราชการ พ.ศ. 2540", []),
    ("งบดำเนินงาน(ค่าตอบแทนใช้สอยวัสดุ) งวดที่ 2/2562 160,000.00", []),
    ("โครงการ/กิจกรรม/มาตรการ ปี 2561 ปี 2562", []),
])
def test_year_phrases(text, years):
    assert [p.years for p in year_phrases(text)] == years


KIND_CASES = [
    # (file, document, contract kinds, extra kinds)
    ("nongyai measures: an announcement whose subject is measures", NONGYAI_MEASURES, ["measures"], ["announcement"]),
    ("nongyai analysis: a procurement report, not an ITA analysis", NONGYAI_ANALYSIS, [], ["procurement_report"]),
    ("phichai memo: OCR lost the heading's marks", PHICHAI_MEMO, ["memo"], []),
    ("phichai manual: 'บันทึกข้อมูล' in a flow chart is no memo", PHICHAI_MANUAL, [], []),
    ("ethics rules", ETHICS_RULES, [], ["ethics_code"]),
    ("hangdong pledge", HANGDONG_PLEDGE, [], ["pledge"]),
    ("hangdong plan", HANGDONG_PLAN, [], ["announcement", "plan"]),
    ("hangdong strategy", HANGDONG_STRATEGY, [], ["plan"]),
    ("seed 001: OIT item titles listed in the body are no kinds", doc((
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสขององค์การบริหารส่วนตำบลโคกคอน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๕ นำมาสู่ข้อเสนอแนะ"
        "ในการพัฒนาการดำเนินงานของหน่วยงาน เพื่อให้ผลการประเมินในปีต่อไปดีขึ้น หน่วยงานจึงกำหนดมาตรการดังต่อไปนี้ "
        "โดยมอบหมายผู้รับผิดชอบและกำหนดระยะเวลาดำเนินการอย่างชัดเจน",
        "- » แผนปฏิบัติการป้องกันการทุจริต",
        "- » ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ",
        "- » คู่มือปฏิบัติงานตรวจสอบภายใน",
    )), ["measures"], []),
    ("seed 000: 'ในการดำเนินงาน' is not 'แผนการดำเนินงาน'", doc((
        "มาตรการส่งเสริมคุณธรรม และความโปร่งใสภายในหน่วยงาน ประจำปี 2566",
        "คณะทำงานเพื่อยกระดับผลการประเมิน",
        "คุณธรรมและความโปร่งใสในการดำเนินงาน",
        "ขององค์การบริหารส่วนตำบลโนนเมือง",
    )), ["measures"], []),
]


@pytest.mark.parametrize(("what", "document", "kinds", "extra"), KIND_CASES, ids=[c[0] for c in KIND_CASES])
def test_document_kinds(what, document, kinds, extra):
    h = extract_header(document)
    assert (h.kinds, h.extra_kinds) == (kinds, extra)


def test_a_district_written_with_sara_am_for_sara_aa_is_the_real_one():
    from parsers.extract.organizations import district_in

    assert district_in("นำกลาง จังหวัดหนองบัวลำภู") == "นากลาง"
    assert district_in("ศักยภาพของพื้นที่และปัญหา") is None
