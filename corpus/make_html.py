"""Make the seed reports into saved web pages, as agencies post ITA results on their sites, for the HTML corpus.

    .venv/bin/python corpus/make_html.py [--out corpus/html]

Each seed → make_pdfs.py's HTML (prose lines as paragraphs, TAB/pipe rows as tables) → its body put
in an agency site's page with the chrome the reader must leave out: a PDPA cookie banner, the site's
header with its name and a footer with its address, a navigation menu, a search form, scripts (one
that writes text), a `<noscript>`, a `<template>`, hidden elements (a news popup with other scores,
`hidden`, `aria-hidden`). The pages differ where saved pages differ:

  000  UTF-8, `<meta charset="utf-8">`; tables with a merged two-row header (rowspan + colspan)
  001  Windows-874 bytes, `<meta http-equiv="Content-Type" content="text/html; charset=windows-874">`
  002  TIS-620 bytes, `<meta charset="tis-620">`
  003  UTF-8 with a BOM and no declaration, an old site laid out in tables (the report's tables
       nested in the layout table's cell), saved as `.htm`
  004  UTF-8, `http-equiv` declaration, an ASP.NET page: the whole body in one `<form>` with its
       hidden view state

Characters a Thai code page lacks (`»`, `➤`) are written as numeric references, as browsers save them.
Needs nothing beyond this repository; the pages are committed.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.make_pdfs import HtmlStyle, report_html  # noqa: E402


@dataclass(frozen=True)
class Page:
    """How one seed's page is saved: its bytes' charset, how the page says so, its layout."""

    charset: str                 # Python codec of the bytes
    declaration: str             # the <meta> tag, or "" for none
    suffix: str = ".html"
    bom: bool = False
    table_style: str = "ruled"
    layout: str = "div"          # div | table (an old site's layout table) | form (ASP.NET WebForms)


PAGES = {
    "000": Page("utf-8", '<meta charset="utf-8">', table_style="merged_header"),
    "001": Page("cp874", '<meta http-equiv="Content-Type" content="text/html; charset=windows-874">'),
    "002": Page("cp874", '<meta charset="tis-620">'),
    "003": Page("utf-8", "", suffix=".htm", bom=True, layout="table"),
    "004": Page("utf-8", '<meta http-equiv="content-type" content="text/html;charset=UTF-8">', layout="form"),
}
SITE = "องค์การบริหารส่วนตำบล (เว็บไซต์ทางการ)"
HEAD_CHROME = """<link rel="stylesheet" href="https://www.example.go.th/themes/main.css">
<style>.d-none { display: none } body { font-family: Sarabun, sans-serif }</style>
<script src="https://www.example.go.th/js/jquery.min.js"></script>
<script>window.dataLayer = window.dataLayer || []; document.write('<p>สคริปต์: ผลคะแนน ITA 12.34 คะแนน</p>');</script>"""
TOP_CHROME = """<div id="pdpa-cookie-consent" class="cookie-banner" role="dialog">เว็บไซต์นี้ใช้คุกกี้เพื่อพัฒนาประสบการณ์การใช้งาน
<a href="/privacy">นโยบายคุ้มครองข้อมูลส่วนบุคคล</a> <button type="button">ยอมรับทั้งหมด</button></div>
<header class="site-header"><img src="/images/logo.png" alt="ตราสัญลักษณ์"><h1 class="site-name">{site}</h1>
<p>ศูนย์รวมข้อมูลข่าวสาร การเปิดเผยข้อมูลสาธารณะ (OIT) ปีงบประมาณ พ.ศ. 2567</p></header>
<nav class="main-menu"><ul><li><a href="/">หน้าหลัก</a></li><li><a href="/about">ข้อมูลพื้นฐาน</a></li>
<li><a href="/ita">ITA ประจำปี 2567</a><ol><li>O1 โครงสร้าง</li><li>O2 ข้อมูลผู้บริหาร</li></ol></li>
<li><a href="/contact">ติดต่อเรา</a></li></ul></nav>
<form class="search" role="search" action="/search"><label for="q">ค้นหา</label><input id="q" name="q"><button>ค้นหา</button></form>
<div class="breadcrumb" role="navigation"><a href="/">หน้าหลัก</a> » <a href="/ita">ITA</a> » มาตรการ</div>
<noscript>กรุณาเปิดใช้งาน JavaScript เพื่อการแสดงผลที่ถูกต้อง</noscript>
<template id="row"><tr><td>O99</td><td>แม่แบบ</td></tr></template>
<div class="modal" style="display: none;"><p>ข่าวประชาสัมพันธ์: ผลการประเมิน ITA ปี 2560 ได้ 12.34 คะแนน ระดับ F</p></div>
<div hidden>ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ มีผลคะแนน เท่ากับ 1.11</div>
<span aria-hidden="true" class="icon">☰</span>
<div class="d-none">แบนเนอร์สำรอง</div>"""
BOTTOM_CHROME = """<footer class="site-footer"><p>{site}</p><p>โทรศัพท์ 0-0000-0000 โทรสาร 0-0000-0001</p>
<p>สงวนลิขสิทธิ์ พ.ศ. 2567 ผู้เข้าชม <span id="counter">123456</span> คน</p></footer>
<script>(function () {{ var c = document.getElementById('counter'); c.textContent = '123457'; }})();</script>"""


def report_body(text: str, title: str, style: HtmlStyle) -> str:
    """The body of make_pdfs.py's page, without its printed-page footer (a page number field:
    a web page has no pages)."""
    root = lxml.html.document_fromstring(report_html(text, title, style))
    for footer in root.xpath('//div[@title="footer"]'):
        footer.drop_tree()
    return "\n".join(lxml.html.tostring(child, encoding="unicode") for child in root.find("body"))


def page_html(text: str, stem: str, page: Page) -> str:
    """A whole saved page: the site's chrome around the report, laid out as `page.layout`."""
    body = report_body(text, stem, HtmlStyle(table=page.table_style))
    if page.layout == "table":
        content = ('<table width="100%" border="0" cellpadding="0"><tr><td width="20%" valign="top">'
                   '<div role="navigation"><a href="/">หน้าหลัก</a><br><a href="/ita">ITA</a></div></td>'
                   f'<td valign="top">\n{body}\n</td></tr></table>')
    else:
        content = f'<main id="content"><article class="post">\n{body}\n</article></main>'
    chrome_top, chrome_bottom = TOP_CHROME.format(site=SITE), BOTTOM_CHROME.format(site=SITE)
    inner = f"{chrome_top}\n{content}\n{chrome_bottom}"
    if page.layout == "form":
        inner = (f'<form method="post" action="./ita.aspx" id="form1">\n<input type="hidden" name="__VIEWSTATE" '
                 f'id="__VIEWSTATE" value="/wEPDwUKLTk1ODU2NjY2OWRk">\n{inner}\n</form>')
    return (f'<!DOCTYPE html>\n<html lang="th">\n<head>\n{page.declaration}\n<title>{stem} | {SITE}</title>\n'
            f"{HEAD_CHROME}\n</head>\n<body>\n{inner}\n</body>\n</html>\n")


def page_bytes(text: str, stem: str, page: Page) -> bytes:
    data = page_html(text, stem, page).encode(page.charset, "xmlcharrefreplace")
    return b"\xef\xbb\xbf" + data if page.bom else data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "corpus" / "html")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in sorted((ROOT / "corpus" / "seeds").glob("*.txt")):
        page = PAGES[seed.stem[:3]]
        target = args.out / f"{seed.stem}{page.suffix}"
        target.write_bytes(page_bytes(seed.read_text(encoding="utf-8"), seed.stem, page))
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes ({page.charset})")


if __name__ == "__main__":
    main()
