"""Measure plans whose tables have one row per questionnaire item under a two-row header (issue 27).

    .venv/bin/python corpus/make_item_tables.py [--out corpus/item_tables]

The shape of a city municipality's 2567 measure plan (a Word export, landscape): per theme one
bordered table, its header two rows of shaded cells, 'แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ…'
spanning the five measure columns of the second row, the first three cells spanning both rows;
then one row per item: 'E11 <question>' | score | finding | measure | numbered steps | units |
period | follow-up. The items, scores and findings are seed 000's (E11–E13) and seed 003's
(I23, I24); the measures are written for them.

- chromium.pdf: printed by headless Chromium, which draws borders and shading as filled
  rectangles and no lines at all (as Word does).
- libreoffice.pdf: the same HTML through LibreOffice Writer, which strokes its borders as lines.

Needs Chromium, LibreOffice and Thai fonts (make_producer_pdfs.py); the PDFs are committed.
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "corpus"))

GROUP = "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติเพื่อขับเคลื่อนการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"
SPANNING = ("ประเด็น", "ผลการประเมิน (คะแนน)", "ข้อค้นพบ แสดงการวิเคราะห์ผลการประเมิน")
UNDER_GROUP = ("วิธีการนำผลการวิเคราะห์ไปสู่การปฏิบัติ", "ขั้นตอน/วิธีการ", "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง",
               "ระยะเวลาดำเนินการ", "การติดตามประเมินผล")
SHADE = "#d9d9d9"
PERIOD = "ตุลาคม ๒๕๖๖ ถึงกันยายน ๒๕๖๗"

# (theme heading, rows: item and question, score, finding, measure, steps, responsible, follow-up)
THEMES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("ตัวชี้วัดที่ ๘ การปรับปรุงการทำงาน", (
        ("E๑๑ เจ้าหน้าที่ของหน่วยงานที่ท่านติดต่อ มีการปรับปรุงคุณภาพการปฏิบัติงาน/การให้บริการให้ดีขึ้นมากน้อยเพียงใด", "๙๓.๔๐",
         "ผู้ใช้บริการอาจจะไม่เห็นการเปลี่ยนแปลงว่าหน่วยงานได้มีการปรับปรุงคุณภาพงานหรือการให้บริการที่ดีขึ้น",
         "นำเสนอผลงานที่แสดงให้เห็นถึงการปรับปรุงการพัฒนาคุณภาพการดำเนินงานของหน่วยงาน",
         "๑. สรุปผลการดำเนินงานประจำปี ๒. เปรียบเทียบผลงานกับปีก่อนหน้า ๓. เผยแพร่ผ่านเว็บไซต์และเครือข่ายสังคมออนไลน์",
         "ทุกสำนัก/กอง", "รายงานผลต่อผู้บริหารทุกไตรมาส"),
        ("E๑๒ หน่วยงานที่ท่านติดต่อ มีการปรับปรุงวิธีการและขั้นตอนการดำเนินงาน/การให้บริการดีขึ้น มากน้อยเพียงใด", "๙๑.๖๕",
         "ผู้ใช้บริการอาจจะไม่ทราบขั้นตอนการดำเนินงาน จึงไม่เห็นการปรับปรุงได้ชัดเจน",
         "เผยแพร่ขั้นตอนการให้บริการที่ปรับปรุงแล้วให้ประชาชนรับทราบ",
         "๑. ทบทวนขั้นตอนการให้บริการ ๒. จัดทำอินโฟกราฟิกขั้นตอนการให้บริการ ๓. ติดประกาศ ณ จุดบริการ",
         "สำนักปลัด", "รายงานผลการดำเนินการรอบ ๖ เดือน"),
        ("E๑๓ หน่วยงานที่ท่านติดต่อ มีการนำเทคโนโลยีมาใช้ในการดำเนินงาน/การให้บริการ ให้เกิดความสะดวกรวดเร็วมากขึ้นหรือไม่", "๙๓.๐๔",
         "ผู้ใช้บริการยังไม่รู้จักช่องทางการให้บริการผ่านระบบ E-Service",
         "ประชาสัมพันธ์การให้บริการผ่านระบบ E-Service อย่างต่อเนื่อง",
         "๑. จัดทำคู่มือการใช้ระบบ E-Service ๒. ประชาสัมพันธ์ผ่านหอกระจายข่าวและเว็บไซต์",
         "สำนักปลัด กองคลัง", "สรุปจำนวนผู้ใช้บริการผ่านระบบทุกเดือน"),
    )),
    ("ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ", (
        ("I๒๓ ท่านรู้แนวปฏิบัติของหน่วยงานของท่าน เกี่ยวกับการใช้ทรัพย์สินของราชการที่ถูกต้อง มากน้อยเพียงใด", "๙๒.๓๒",
         "บุคลากรบางส่วนยังไม่ทราบขั้นตอนการขอยืมทรัพย์สินของทางราชการ",
         "ระบุขั้นตอนและแนวทางการขอยืมทรัพย์สินของทางราชการไว้ในคู่มือมาตรฐานการปฏิบัติงาน",
         "๑. ปรับปรุงคู่มือการขอยืมทรัพย์สิน ๒. แจ้งเวียนให้บุคลากรทุกคนทราบ",
         "กองคลัง", "ตรวจสอบทะเบียนการยืมทรัพย์สินทุกไตรมาส"),
        ("I๒๔ หน่วยงานของท่าน มีการนำผลการตรวจสอบของฝ่ายตรวจสอบไปปรับปรุงการทำงาน เพื่อป้องกันการทุจริต มากน้อยเพียงใด", "๙๒.๓๒",
         "บุคลากรไม่เห็นการนำผลการตรวจสอบไปปรับปรุงการทำงาน",
         "เผยแพร่ผลการตรวจสอบภายในและการปรับปรุงการทำงานให้บุคลากรรับทราบ",
         "๑. สรุปผลการตรวจสอบภายใน ๒. ประชุมชี้แจงบุคลากร",
         "หน่วยตรวจสอบภายใน", "รายงานผลต่อนายกเทศมนตรี"),
    )),
)


def table_html(rows: tuple[tuple[str, ...], ...]) -> str:
    """One theme's table: two header rows (merged cells, shaded), one row per item."""
    # bgcolor and border="1" for LibreOffice, which reads no CSS borders or backgrounds of cells
    first = "".join(f'<th rowspan="2" bgcolor="{SHADE}">{html.escape(text)}</th>' for text in SPANNING)
    first += f'<th colspan="5" bgcolor="{SHADE}">{html.escape(GROUP)}</th>'
    second = "".join(f'<th bgcolor="{SHADE}">{html.escape(text)}</th>' for text in UNDER_GROUP)
    body = []
    for item, score, finding, measure, steps, responsible, follow_up in rows:
        cells = (item, score, finding, measure, steps, responsible, PERIOD, follow_up)
        body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    head = f"<thead><tr>{first}</tr><tr>{second}</tr></thead>"
    return f'<table border="1" cellspacing="0" cellpadding="4" width="100%">{head}<tbody>{"".join(body)}</tbody></table>'


def plan_html() -> str:
    parts = ["<h3>มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗</h3>",
             "<p>เทศบาลเมืองตัวอย่าง อำเภอเมือง จังหวัดขอนแก่น</p>"]
    for heading, rows in THEMES:
        parts.append(f"<p><b>{html.escape(heading)}</b></p>{table_html(rows)}")
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>item tables</title>
<style>@page {{ size: 29.7cm 21cm; margin: 1.5cm }} body {{ font-family: 'Loma'; font-size: 11pt }}
table {{ border-collapse: collapse; width: 100% }} th, td {{ border: 0.75pt solid black; font-size: 9pt;
vertical-align: top; padding: 3pt }} th {{ background: {SHADE} }}</style></head>
<body>{"".join(parts)}</body></html>
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "corpus" / "item_tables")
    args = parser.parse_args()
    import make_pdfs
    from make_producer_pdfs import chromium_pdf

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        page = Path(temp) / "plan.html"
        page.write_text(plan_html(), encoding="utf-8")
        chromium_pdf(page, args.out / "chromium.pdf")
        shutil.copy(make_pdfs.soffice_pdf(page, Path(temp)), args.out / "libreoffice.pdf")
    print(f"wrote {args.out}/chromium.pdf, {args.out}/libreoffice.pdf")


if __name__ == "__main__":
    main()
