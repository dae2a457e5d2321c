"""The HTML reader: saved web pages (charsets, what is left out, tables with merged cells, lists,
hostile pages) and the five seeds as saved agency pages (corpus/make_html.py) scored on the gold."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.batch import Batch, BatchOptions
from parsers.document import Document, Paragraph, Table
from parsers.errors import ErrorKind, UnreadableInput
from parsers.options import DEFAULT_OPTIONS
from parsers.readers import reader_for_path
from parsers.readers.html import HtmlReader, html_to_document
from parsers.readers.html_charset import decode_page
from parsers.readers.html_tables import MAX_POSITIONS

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGES = sorted(p for p in (ROOT / "corpus" / "html").iterdir() if p.suffix in (".html", ".htm"))
THAI = "ผลการประเมินคุณธรรมและความโปร่งใส"


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def lines(html: str | bytes) -> list[str]:
    data = html.encode("utf-8") if isinstance(html, str) else html
    return [line.origin.raw for line in html_to_document(data).lines()]


def tables(html: str) -> list[Table]:
    return list(html_to_document(html.encode("utf-8")).tables())


def test_html_suffixes_are_read_by_the_html_reader_and_listed_by_convert_help():
    for name in ("a.html", "b.HTM", "c.xhtml"):
        assert isinstance(reader_for_path(name), HtmlReader)
    run = subprocess.run([sys.executable, "-m", "ingest", "convert", "--help"], capture_output=True, text=True, cwd=ROOT, check=True)
    usage = " ".join(run.stdout.split())
    assert all(suffix in usage for suffix in (".html", ".htm", ".xhtml"))


# --- charsets ----------------------------------------------------------------------------------

CP874 = page(f"<p>{THAI}</p>").encode("cp874")
CHARSETS = {
    "utf-8 BOM, undeclared": (b"\xef\xbb\xbf" + page(f"<p>{THAI}</p>").encode(), "utf-8"),
    "utf-16 BOM": (page(f"<p>{THAI}</p>").encode("utf-16"), "utf-16"),
    "meta charset tis-620": (page(f"<p>{THAI}</p>", '<meta charset="tis-620">').encode("cp874"), "tis-620/cp874"),
    "http-equiv windows-874": (page(f"<p>{THAI}</p>", '<meta http-equiv="Content-Type" content="text/html; charset=windows-874">')
                               .encode("cp874"), "tis-620/cp874"),
    "http-equiv iso-8859-11 unquoted": (page(f"<p>{THAI}</p>", "<META HTTP-EQUIV=content-type CONTENT='text/html;charset=ISO-8859-11'>")
                                        .encode("cp874"), "tis-620/cp874"),
    "undeclared Thai code page": (CP874, "tis-620/cp874"),
    "declared utf-8, bytes cp874": (page(f"<p>{THAI}</p>", '<meta charset="utf-8">').encode("cp874"), "tis-620/cp874"),
    "unknown charset, utf-8 bytes": (page(f"<p>{THAI}</p>", '<meta charset="x-no-such-charset">').encode(), "utf-8"),
    "unknown charset, cp874 bytes": (page(f"<p>{THAI}</p>", '<meta charset="klingon">').encode("cp874"), "tis-620/cp874"),
    "not a text codec (zlib)": (page(f"<p>{THAI}</p>", '<meta charset="zlib">').encode(), "utf-8"),
    "utf-7 refused": (page(f"<p>{THAI}</p>", '<meta charset="utf-7">').encode(), "utf-8"),
    "latin-1 label on Thai bytes": (page(f"<p>{THAI}</p>", '<meta charset="iso-8859-1">').encode("cp874"), "tis-620/cp874"),
    "utf-16 label without BOM": (page(f"<p>{THAI}</p>", '<meta charset="utf-16">').encode(), "utf-8"),
    "xhtml xml declaration": (f'<?xml version="1.0" encoding="windows-874"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
                              f"<p>{THAI}</p></body></html>".encode("cp874"), "tis-620/cp874"),
    "commented-out meta ignored": (page(f"<p>{THAI}</p>", '<!-- <meta charset="tis-620"> -->').encode(), "utf-8"),
}


@pytest.mark.parametrize(("data", "encoding"), CHARSETS.values(), ids=CHARSETS.keys())
def test_charset_from_bom_then_declaration_then_detection(data: bytes, encoding: str):
    document = html_to_document(data)
    assert document.encoding == encoding
    assert [line.text for line in document.lines()] == [THAI]


def test_an_english_page_without_thai_is_read_as_a_browser_reads_it():
    text, encoding = decode_page(page("<p>Caf\xe9 r\xe9sum\xe9</p>").encode("latin-1"))
    assert encoding == "windows-1252" and "Café résumé" in text


# --- what is left out --------------------------------------------------------------------------

LEFT_OUT = {
    "script, style, noscript, template": ("<script>document.write('ลับ')</script><style>p{}</style><noscript>เปิดสคริปต์</noscript>"
                                          "<template><p>แม่แบบ</p></template><p>เห็น</p>", ["เห็น"]),
    "comments": ("<p>เห็น<!-- ตัวชี้วัดที่ 1 มีผลคะแนน 12.34 --></p>", ["เห็น"]),
    "hidden, aria-hidden, inline styles": ('<div hidden>ก</div><div aria-hidden="true">ข</div><div style="DISPLAY: none !important">ค</div>'
                                           '<div style="color:red; visibility:hidden">ง</div><span class="d-none">จ</span><p>เห็น</p>',
                                           ["เห็น"]),
    "nav and navigation roles": ('<nav><a>หน้าหลัก</a></nav><div role="navigation">เมนู</div><ul role="menubar"><li>ข่าว</li></ul>'
                                 "<p>เห็น</p>", ["เห็น"]),
    "site header and footer, an article's kept": ("<header><h1>เว็บไซต์ อบต.</h1></header><article><header><h2>หัวเรื่อง</h2></header>"
                                                  "<p>เห็น</p><footer>ท้ายบทความ</footer></article><aside>ผู้เข้าชม 123</aside>"
                                                  "<footer>สงวนลิขสิทธิ์</footer>",
                                                  ["หัวเรื่อง", "เห็น", "ท้ายบทความ"]),
    "forms and buttons; a page-wide form kept": ('<form role="search"><input name="q"><button>ค้นหา</button></form>'
                                                 '<form id="form1"><input type="hidden" value="VIEWSTATE"><p>เห็น</p>'
                                                 "<button>ส่ง</button><select><option>ตัวเลือก</option></select></form>", ["เห็น"]),
    "cookie and PDPA banners": ('<div id="cookieConsent">ใช้คุกกี้</div><div class="pdpa-popup">ยินยอม</div><p>เห็น</p>', ["เห็น"]),
    "entities": ("<p>ก &amp; ข &lt;ค&gt; &#3591; &#x0E08; &nbsp;ฉ&eacute;</p>", ["ก & ข <ค> ง จ \xa0ฉé"]),
    "br is a line break": ("<p>บรรทัดหนึ่ง<br>บรรทัดสอง<br/><br>บรรทัดสาม</p>", ["บรรทัดหนึ่ง", "บรรทัดสอง", "บรรทัดสาม"]),
    "whitespace collapsed, Thai source wrap joined": ("<p>การประเมิน\n   คุณธรรม   ITA\n2566</p>", ["การประเมินคุณธรรม ITA 2566"]),
    "pre keeps its lines": ("<pre>หนึ่ง\nสอง</pre>", ["หนึ่ง", "สอง"]),
    "malformed: unclosed and stray tags": ("<p>หนึ่ง<p>สอง</b></i><div>สาม</span>", ["หนึ่ง", "สอง", "สาม"]),
    "images and their alt text are not text": ('<p><img src="http://example.invalid/a.png" alt="ภาพ">เห็น</p>', ["เห็น"]),
}


@pytest.mark.parametrize(("body", "expected"), LEFT_OUT.values(), ids=LEFT_OUT.keys())
def test_only_what_the_page_shows_of_its_report_is_read(body: str, expected: list[str]):
    assert lines(page(body)) == expected


LISTS = {
    "ordered": ("<ol><li>หนึ่ง</li><li>สอง</li></ol>", ["1. หนึ่ง", "2. สอง"]),
    "start and value": ('<ol start="4"><li>ก</li><li value="9">ข</li><li>ค</li></ol>', ["4. ก", "9. ข", "10. ค"]),
    "reversed": ("<ol reversed><li>ก</li><li>ข</li></ol>", ["2. ก", "1. ข"]),
    "letters and roman": ('<ol type="a"><li>ก</li></ol><ol type="I" start="4"><li>ข</li></ol>', ["a. ก", "IV. ข"]),
    "Thai digits": ('<ol style="list-style-type: thai"><li>มาตรการ</li></ol>', ["๑. มาตรการ"]),
    "bullets and nesting": ("<ul><li>ก<ol><li>ข</li></ol></li><li>ค</li></ul>", ["• ก", "1. ข", "• ค"]),
}


@pytest.mark.parametrize(("body", "expected"), LISTS.values(), ids=LISTS.keys())
def test_list_items_carry_the_numbers_the_page_draws(body: str, expected: list[str]):
    assert lines(page(body)) == expected


def test_word_web_page_numbers_and_blank_paragraphs():
    """Word's "Save as Web Page": list numbers as text in `<![if !supportLists]>`, `<p>&nbsp;</p>` blank lines."""
    body = ("<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span>&nbsp;&nbsp; </span></span>"
            "<![endif]>มาตรการ<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>ตัวชี้วัด<o:p></o:p></p>")
    document = html_to_document(page(body).encode())
    assert [[line.text for line in block.lines] for block in document.blocks] == [["1. มาตรการ"], ["ตัวชี้วัด"]]


def test_numbered_list_lines_read_as_measures_do():
    document = html_to_document(page("<ol><li>มาตรการ</li></ol>").encode())
    assert next(document.lines()).text == "1. มาตรการ"


# --- tables ------------------------------------------------------------------------------------

def test_rowspan_and_colspan_header_names_its_columns():
    (table,) = tables(page('<table><tr><th rowspan="2">ประเด็น</th><th colspan="2">ผลการประเมิน</th></tr>'
                           "<tr><th>คะแนน</th><th>ระดับ</th></tr><tr><td>IIT</td><td>85.50</td><td>A</td></tr></table>"))
    assert [row.texts for row in table.rows] == [["ประเด็น", "ผลการประเมิน", ""], ["", "คะแนน", "ระดับ"], ["IIT", "85.50", "A"]]
    assert table.header_rows == 2
    assert table.columns == (("ประเด็น",), ("ผลการประเมิน", "คะแนน"), ("ผลการประเมิน", "ระดับ"))


TABLES = {
    "rowspan in the body": ('<table><tr><td rowspan="2">ก</td><td>1</td></tr><tr><td>2</td></tr></table>', [["ก", "1"], ["", "2"]]),
    "rowspan=0 reaches the end": ('<table><tr><td rowspan="0">ก</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></table>',
                                  [["ก", "1"], ["", "2"], ["", "3"]]),
    "bad spans read as 1": ('<table><tr><td colspan="x">ก</td><td rowspan="-2">ข</td></tr></table>', [["ก", "ข"]]),
    "thead first, tfoot last": ("<table><tfoot><tr><td>รวม</td></tr></tfoot><tbody><tr><td>แถว</td></tr></tbody>"
                                "<thead><tr><th>หัว</th></tr></thead></table>", [["หัว"], ["แถว"], ["รวม"]]),
    "cell lines kept apart": ("<table><tr><td>ก<br>ข</td><td><p>ค</p><p>ง</p></td></tr></table>", [["ก ข", "ค ง"]]),
    "empty rows dropped": ("<table><tr><td>ก</td></tr><tr><td> </td></tr><tr><td>ข</td></tr></table>", [["ก"], ["ข"]]),
    "hidden rows and cells left out": ('<table><tr style="display:none"><td>ลับ</td></tr><tr><td>ก</td><td hidden>ลับ</td><td>ข</td></tr>'
                                       "</table>", [["ก", "ข"]]),
}


@pytest.mark.parametrize(("body", "rows"), TABLES.values(), ids=TABLES.keys())
def test_table_cells_on_their_grid(body: str, rows: list[list[str]]):
    (table,) = tables(page(body))
    assert [row.texts for row in table.rows] == rows


def test_a_layout_table_is_read_as_blocks_and_its_nested_table_as_a_table():
    document = html_to_document(page('<table><tr><td><div role="navigation">เมนู</div></td><td><p>รายงาน</p>'
                                     "<table><tr><td>O1</td><td>โครงสร้าง</td></tr></table></td></tr></table>").encode())
    assert [type(block) for block in document.blocks] == [Paragraph, Table]
    assert document.blocks[0].lines[0].text == "รายงาน" and document.blocks[1].rows[0].texts == ["O1", "โครงสร้าง"]


def test_presentation_and_single_cell_tables_are_prose():
    assert lines(page('<table role="presentation"><tr><td>ก</td><td>ข</td></tr></table><table><tr><td>ค</td></tr></table>')) == [
        "ก", "ข", "ค"]


def test_a_caption_is_the_line_before_its_table():
    document = html_to_document(page("<table><caption>ตารางที่ 1</caption><tr><td>ก</td><td>ข</td></tr></table>").encode())
    assert isinstance(document.blocks[0], Paragraph) and document.blocks[0].lines[0].text == "ตารางที่ 1"


# --- provenance --------------------------------------------------------------------------------

def test_lines_and_rows_carry_their_line_in_the_page():
    html = "<html><body>\n<h1>หัวเรื่อง</h1>\n<p>หนึ่ง<br>\nสอง</p>\n<table>\n<tr><td>ก</td><td>ข</td></tr>\n</table></body></html>"
    document = html_to_document(html.encode())
    assert [(line.origin.line, line.origin.raw) for line in document.lines()] == [(2, "หัวเรื่อง"), (3, "หนึ่ง"), (4, "สอง"), (6, "ก\tข")]
    assert all(line.origin.page is None for line in document.lines())


# --- refused and hostile -----------------------------------------------------------------------

REFUSED = {
    "empty": (b"", ErrorKind.EMPTY),
    "whitespace": (b" \n\t", ErrorKind.EMPTY),
    "comment only": (b"<!-- nothing -->", ErrorKind.EMPTY),
    "nothing shown": (page("<script>x()</script><nav>เมนู</nav><div hidden>ลับ</div>").encode(), ErrorKind.EMPTY),
    "binary": (b"<html>\x00\x01\x02</html>", ErrorKind.BINARY),
    "bad UTF-16 after its BOM": (b"\xff\xfe\x00\xd8", ErrorKind.BAD_ENCODING),
}


@pytest.mark.parametrize(("data", "kind"), REFUSED.values(), ids=REFUSED.keys())
def test_unreadable_pages_say_their_kind(data: bytes, kind: ErrorKind):
    with pytest.raises(UnreadableInput) as raised:
        html_to_document(data)
    assert raised.value.kind is kind


def test_a_page_over_the_size_limit_is_refused_before_it_is_parsed():
    reader = HtmlReader()
    with pytest.raises(UnreadableInput) as raised:
        reader.read(b"<p>x</p>" * (reader.max_bytes // 8 + 1), DEFAULT_OPTIONS)
    assert raised.value.kind is ErrorKind.TOO_LARGE


HOSTILE = {
    "text above 100,000 nested divs": "<p>รายงาน</p>" + "<div>" * 100_000 + "ลึก" + "</div>" * 100_000,
    "100,000 nested divs": "<div>" * 100_000 + "ลึก" + "</div>" * 100_000,
    "5,000 nested tables": "<table><tr><td>" * 5_000 + "ลึก" + "</td></tr></table>" * 5_000,
    "100,000 nested lists": "<ol><li>" * 100_000 + "ลึก",
    "100,000 unclosed spans": "<span>" * 100_000 + "ลึก",
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_deeply_nested_pages_are_read_quickly(body: str):
    start = time.process_time()
    try:
        document: Document | None = html_to_document(page(body).encode())
    except UnreadableInput as error:   # libxml2 stops nesting at 256 levels: what is deeper is not read
        assert error.kind is ErrorKind.TOO_LARGE and "256 levels" in str(error)
        document = None
    assert time.process_time() - start < 10
    assert document is None or all(len(line.origin.raw) < 1000 for line in document.lines())
    if body.startswith("<p>"):
        assert document is not None and next(document.lines()).text == "รายงาน"


def test_spans_that_would_make_millions_of_cells_are_refused():
    rows = "".join("<tr><td>ก</td></tr>" for _ in range(MAX_POSITIONS // 200 + 10))
    with pytest.raises(UnreadableInput) as raised:
        html_to_document(page(f'<table><tr><td rowspan="0" colspan="100000">ก</td></tr>{rows}</table>').encode())
    assert raised.value.kind is ErrorKind.TOO_LARGE


def test_a_wide_span_is_clamped():
    (table,) = tables(page('<table><tr><td colspan="99999">ก</td></tr><tr><td>ข</td></tr></table>'))
    assert 1 < table.width <= 200


def test_entities_of_the_page_own_are_not_expanded_and_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch):
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    html = (f'<?xml version="1.0"?><!DOCTYPE html SYSTEM "http://example.invalid/x.dtd" [<!ENTITY l0 "ha">{laughs}]>'
            '<html><head><base href="http://example.invalid/"><link rel="stylesheet" href="s.css"></head>'
            '<body><p>&l9;</p><img src="a.png"><iframe src="http://example.invalid/"></iframe><p>รายงาน</p></body></html>')
    start = time.process_time()
    text = " ".join(lines(html))
    assert time.process_time() - start < 5 and "haha" not in text and "รายงาน" in text


# --- whole documents ---------------------------------------------------------------------------

CHROME = ("คุกกี้", "หน้าหลัก", "ค้นหา", "12.34", "1.11", "สงวนลิขสิทธิ์", "JavaScript", "O99", "แบนเนอร์", "เว็บไซต์ทางการ", "VIEWSTATE")
EXPECTED_ENCODING = {"000": "utf-8", "001": "tis-620/cp874", "002": "tis-620/cp874", "003": "utf-8", "004": "utf-8"}


def test_the_corpus_has_a_saved_page_of_every_seed():
    assert [p.stem for p in PAGES] == sorted(p.stem for p in (ROOT / "corpus" / "seeds").glob("*.txt"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_saved_pages_leave_the_site_out_and_read_their_charset(path: Path):
    document = html_to_document(path.read_bytes())
    text = "\n".join(line.origin.raw for line in document.lines())
    assert [word for word in CHROME if word in text] == []
    assert document.encoding == EXPECTED_ENCODING[path.stem[:3]]


def test_merged_headers_of_the_seed_page_name_their_columns():
    document = html_to_document((ROOT / "corpus" / "html" / "000_fa47d890761d547d.html").read_bytes())
    merged = [table for table in document.tables() if table.header_rows == 2]
    assert merged and all(len(table.columns) == table.width for table in merged)


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is not beside the repo")
def test_saved_page_of_each_seed_scores_on_the_gold(tmp_path: Path):
    outcomes = Batch(BatchOptions(tmp_path, workers=2, db=None)).run([ROOT / "corpus" / "html"])
    assert {o.status for o in outcomes} == {"converted"} and len(outcomes) == 5
    run = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(tmp_path), str(SHARED / "gold"), "--min", "0.97"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    rows = [line.split() for line in run.stdout.splitlines() if line.split()[1:2] == ["html"]]
    assert len(rows) == 5 and all(float(row[2]) >= 0.97 for row in rows), run.stdout
