"""Tables without vertical rules (borders off, row rules only), found from the alignment of their text.

The PDFs in tests/data/borderless are seed 002 through LibreOffice with `<table border="0">` and with
`rules="rows" frame="hsides"` (tests/data/borderless/make.py); the rest are runs laid out by hand.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from parsers.document import Cell, Origin, Paragraph, Row, Table
from parsers.extract.items import is_item_score_row
from parsers.extract.layout_hints import ITA_HINTS
from parsers.extract.measures import is_header_row
from parsers.options import ParseOptions
from parsers.pdf.aligned_rows import row_breaks, rules_across
from parsers.pdf.aligned_tables import Band, Run, bands, find_aligned_tables, gutters, one_row_span, table_span, whole_rows
from parsers.pdf.anchored_tables import anchored_span, header_cells
from parsers.pdf.layout import blocks_in_reading_order, read_page
from parsers.readers.pdf import PdfReader

DATA = Path(__file__).parent / "data" / "borderless"
VARIANTS = Path(__file__).parent.parent / "corpus" / "variants"


def _run(text: str, x0: float, x1: float, top: float, size: float = 6.0) -> Run:
    return Run(text, x0, x1, top, top + size, top - 2, top + size + 2)


@pytest.mark.parametrize("name", ["noborder_002.pdf", "rowrules_002.pdf"])
def test_measure_tables_without_vertical_rules_are_read_as_tables(name: str) -> None:
    doc = PdfReader().read((DATA / name).read_bytes(), ParseOptions(), ITA_HINTS)
    tables = list(doc.tables())
    assert len(tables) == 2  # the seed's two measure tables, each under its own header
    for table in tables:
        assert is_header_row(table.rows[0])
        assert len(table.rows) == 3  # header and two measures: wrapped cells stay one cell
        assert all(row.texts[0].startswith(("2.", "3.", "4.")) for row in table.rows[1:])


@pytest.mark.parametrize("name", ["noborder_002.pdf", "rowrules_002.pdf"])
def test_without_hints_nothing_anchors_a_table(name: str) -> None:
    """No row can open a table without rules under NO_HINTS: the text stays prose, as before."""
    doc = PdfReader().read((DATA / name).read_bytes(), ParseOptions())
    assert list(doc.tables()) == []


# (runs, whether a table is found): each run is (text, x0, x1, top)
LAYOUTS = [
    pytest.param([("name", 50, 120, 100), ("value", 200, 300, 100), ("a", 50, 90, 120), ("b", 200, 260, 120),
                  ("c", 50, 100, 140), ("d", 200, 280, 140)], True, id="two aligned columns"),
    pytest.param([("word word word", 50, 150, 100), ("word word", 156, 300, 100), ("words", 50, 152, 120),
                  ("more", 158, 300, 120), ("prose", 50, 151, 140), ("again", 160, 300, 140)], False,
                 id="prose whose word spaces line up by chance, not aligned"),
    pytest.param([("name", 50, 120, 100), ("value", 200, 300, 100), ("a line of prose across", 50, 300, 120),
                  ("c", 50, 100, 140), ("d", 200, 280, 140)], False, id="a prose line crosses the gutter"),
    pytest.param([("mean score", 205, 240, 100), ("question a", 50, 150, 120), ("92.32", 200, 230, 120),
                  ("question b", 50, 140, 140), ("92.32", 200, 230, 140)], True,
                 id="two rows under a centred header: aligned in every band with text on both sides"),
]


@pytest.mark.parametrize(("runs", "found"), LAYOUTS)
def test_a_table_needs_a_gutter_aligned_through_three_bands(runs: list[tuple[str, float, float, float]], found: bool) -> None:
    page_bands = bands([_run(*run) for run in runs])
    assert (table_span(gutters(page_bands), page_bands) is not None) is found



def test_a_gutter_beside_a_strip_narrowed_above_is_found() -> None:
    """White 130-170 under a line above narrows to 130-140, then the gutter of the table below (127-134)
    opens on both sides of its edge: it runs from the band where the white is wider than the strip."""
    page_bands = bands([_run(*run) for run in [
        ("above", 50, 130, 100), ("above", 170, 300, 100),
        ("name", 50, 100, 120), ("value", 200, 300, 120),
        ("a", 50, 120, 140), ("b", 140, 300, 140),
        ("c", 50, 127, 160), ("d", 134, 300, 160)]])
    assert any(g.first <= 1 and g.last >= 3 and g.x0 <= 127 and g.x1 >= 134 for g in gutters(page_bands))

# One row set apart (seed 000 without borders, page 16: a bold row at other column widths): five
# centred cells of 1-5 lines, centred vertically, so their lines interleave half a line apart.
CENTRED_ROW = [
    ("O16", 67, 102, 212), ("ข้อมูลเชิง", 64, 105, 229), ("สถิติการให้", 61, 108, 244),
    ("แสดงข้อมูลสถิติการให้บริการ", 120, 285, 205), ("หน่วยงาน เจ้าหน้าที่", 130, 275, 221),
    ("ดำเนินการสรุปสถิติ", 122, 283, 237), ("ต้องให้มีข้อมูลช่วง", 126, 280, 252),
    ("งาน", 308, 341, 212), ("บริหารงาน", 301, 348, 229), ("ทั่วไป", 302, 346, 244),
    ("2", 368, 390, 212), ("ก.พ.66", 360, 398, 229), ("15", 374, 384, 244),
    ("นิติกร ติดตาม", 420, 521, 212), ("รายงานผลการกำกับ", 412, 529, 229), ("ครั้งที่ 1", 415, 526, 244),
]


def test_a_row_standing_alone_with_centred_cells_is_a_table_of_one_row() -> None:
    page_bands = bands([_run(*run) for run in CENTRED_ROW])
    candidates = gutters(page_bands)
    assert table_span(candidates, page_bands) is None  # no gutter has text on both sides in two lines
    span = one_row_span(candidates, page_bands)
    assert span is not None and len(span[2]) == 4  # five cells


def test_centred_prose_lines_make_no_row() -> None:
    """A centred title block: its lines share a centre but leave no strip of white between columns."""
    page_bands = bands([_run(*run) for run in [("title of the report", 150, 400, 100), ("of an organisation", 170, 380, 108),
                                                ("fiscal year 2566", 190, 360, 116)]])
    assert one_row_span(gutters(page_bands), page_bands) is None


def test_a_span_ends_at_a_whole_row() -> None:
    """Bands 0-3 one row, 4-6 the next row whose first lines the span reached: the span stops before it."""
    page_bands = bands([_run("a", 50, 100, top) for top in (100, 108, 116, 124, 150, 158, 166)])
    assert whole_rows(0, 4, page_bands) == (0, 3)
    assert whole_rows(2, 6, page_bands) == (4, 6)  # the last lines of the row above left out
    assert whole_rows(0, 6, page_bands) == (0, 6)


def test_the_centred_row_of_the_noborders_variant_is_read_whole() -> None:
    from parsers.pdf.text_layer import read_text_layer
    page = pdfium.PdfDocument(VARIANTS / "noborders" / "000_fa47d890761d547d.pdf")[15]
    layer = read_text_layer(page.get_textpage())
    tables = find_aligned_tables(layer, page.get_height(), [], lambda *_: False, lambda: [])
    one_rows = [boxes for _bbox, boxes in tables if len(boxes) == 1]
    assert len(one_rows) == 2 and all(len(boxes[0]) == 5 for boxes in one_rows)  # O16 and O22, five cells each


ROWS = [
    # tops of the lines of column 0 and column 1, rules, expected number of row breaks
    pytest.param([100, 160], [100, 116, 132, 160, 176], [], 1, id="padding: wider white ends a row"),
    pytest.param([100, 116, 132], [100, 116, 132], [], 2, id="single-line cells: every band a row"),
    pytest.param([100, 140], [100, 116, 140, 156], [137.0], 1, id="a rule between bands ends a row"),
]


@pytest.mark.parametrize(("left", "right", "rules", "breaks"), ROWS)
def test_row_breaks(left: list[float], right: list[float], rules: list[float], breaks: int) -> None:
    runs = [_run("a", 50, 100, top) for top in left] + [_run("b", 200, 300, top) for top in right]
    page_bands = bands(runs)
    span = table_span(gutters(page_bands), page_bands)
    assert span is not None
    first, last, columns = span
    assert len(row_breaks(page_bands[first:last + 1], columns, rules)) == breaks


def test_rule_segments_at_one_height_are_added_up() -> None:
    """LibreOffice draws a row rule as one segment per cell."""
    assert rules_across([(10.0, 0, 40), (10.2, 40, 100), (30.0, 0, 20)], 0, 100) == [10.0]


def test_band_merges_runs_that_overlap_vertically() -> None:
    assert [len(b.runs) for b in bands([_run("a", 0, 10, 100), _run("b", 50, 60, 103), _run("c", 0, 10, 120)])] == [2, 1]
    assert isinstance(bands([_run("a", 0, 10, 100)])[0], Band)


def _row(*texts: str) -> Row:
    return Row(tuple(Cell(t) for t in texts), Origin(page=1, line=1, raw="\t".join(texts)))


@pytest.mark.parametrize(("row", "item_row", "opens"), [
    pytest.param(_row("ข้อ ๒๓", "ท่านรู้แนวปฏิบัติของหน่วยงาน", "๙๒.๓๒"), True, True, id="a bare question with its score"),
    pytest.param(_row("E5", "เจ้าหน้าที่ให้บริการ", "88.10"), True, True, id="an item code with its score"),
    pytest.param(_row("O42", "รายงานผลการดำเนินการ", "2"), False, False, id="a measure table's count"),
    pytest.param(_row("ตัวชี้วัด", "หัวข้อการประเมิน", "ค่าเฉลี่ยคะแนน"), False, True, id="an item-score table's header"),
    pytest.param(_row("ตัวชี้วัดของการประเมิน ITA", "คะแนน", "ประเด็นที่ต้องแก้ไข/ปรับปรุง"), False, True,
                 id="a score table's header: an indicator column and a score column"),
    pytest.param(_row("ชื่อ", "คะแนน"), False, False, id="a score column without an indicator column"),
])
def test_an_ita_row_opens_a_table(row: Row, item_row: bool, opens: bool) -> None:
    assert is_item_score_row(row) is item_row
    assert ITA_HINTS.opens_table(row) is opens


def _page_six_of_seed_003() -> tuple[list[Table], list[Paragraph]]:
    """Seed 003 printed with borders off, page 6: an item-score table of two questions under a centred
    header, then prose, then a table of development issues no row of which opens an ITA table."""
    pdf = pdfium.PdfDocument(VARIANTS / "noborders" / "003_34ad3820800958cf.pdf")
    try:
        page = read_page(pdf[5], 6, ITA_HINTS)
    finally:
        pdf.close()
    blocks = [block for _top, block in blocks_in_reading_order(page, page.lines)]
    return [b for b in blocks if isinstance(b, Table)], [b for b in blocks if isinstance(b, Paragraph)]


def test_an_item_score_table_of_two_rows_is_read_as_a_table() -> None:
    tables, _prose = _page_six_of_seed_003()
    scored = [(row.texts[0], row.texts[-1]) for table in tables for row in table.rows if row.texts[-1]]
    assert ("ข้อ 23", "92.32") in scored and ("ข้อ 29", "92.32") in scored


def test_aligned_text_read_as_prose_does_not_break_the_paragraphs_around_it() -> None:
    """The development-issues table stays lines; at its pitch, the prose's lines were paragraphs each."""
    _tables, prose = _page_six_of_seed_003()
    texts = [" ".join(line.text for line in p.lines) for p in prose]
    assert any("(IIT) ได้คะแนน" in t and "96.63" in t for t in texts)


# -- a known header over too few rows to align on (parsers/pdf/anchored_tables.py) -----------------
def _opens_score_header(texts: list[str]) -> bool:
    return texts[:2] == ["ตัวชี้วัด", "หัวข้อการประเมิน"]


def test_a_centred_header_of_three_lines_is_one_row_of_three_cells() -> None:
    # 003's item table, its header cells centred: ค่าเฉลี่ย / คะแนน wraps, the other two sit between
    header = bands([_run("ค่าเฉลี่ย", 496, 528, 663), _run("ตัวชี้วัด", 91, 120, 671), _run("หัวข้อการประเมิน", 282, 358, 671),
                    _run("คะแนน", 497, 528, 679)])
    cells = header_cells(header)
    assert ["".join(run.text for run in cell) for cell in cells] == ["ตัวชี้วัด", "หัวข้อการประเมิน", "ค่าเฉลี่ยคะแนน"]


@pytest.mark.parametrize(("below", "rows"), [
    ([("ตัวชี้วัดที่ ๔ การใช้", 61, 140, 701), ("ทรัพย์สินของทาง", 60, 131, 717), ("ราชการ", 60, 94, 733)], 1),  # a cell of 3 lines
    ([("ข้อ ๒๓", 61, 90, 701), ("ท่านรู้แนวปฏิบัติ", 290, 400, 701), ("๙๒.๓๒", 500, 525, 701)], 1),
    ([("prose that runs across the columns of the header above it", 58, 530, 701)], 0),    # no table
    ([("ตัวชี้วัดที่ ๔", 61, 140, 760)], 0),                                                 # too far below
])
def test_a_known_header_opens_a_table_over_the_rows_that_keep_to_its_columns(below: list, rows: int) -> None:
    page = bands([_run("ค่าเฉลี่ย", 496, 528, 663), _run("ตัวชี้วัด", 91, 120, 671), _run("หัวข้อการประเมิน", 282, 358, 671),
                  _run("คะแนน", 497, 528, 679), *(_run(*args) for args in below)])
    span = anchored_span(page, _opens_score_header)
    if not rows:
        assert span is None
        return
    assert span is not None and span[:2] == (0, 2) and len(span[3]) == 2
    assert span[2] == len(page) - 1


def test_a_header_and_a_row_left_at_a_page_foot_join_the_table_the_next_page_opens() -> None:
    """003 without borders: a page break leaves the item table's header and its first group row
    (ตัวชี้วัดที่ ๔, three lines in one cell) at page 5's foot; page 6 repeats the header. Read as
    prose, ข้อ ๒๓ lost its tool (I23 missing from the report)."""
    pdf = VARIANTS / "noborders" / "003_34ad3820800958cf.pdf"
    doc = PdfReader().read(pdf.read_bytes(), ParseOptions(), ITA_HINTS)
    table = next(t for t in doc.tables() if t.rows[0].origin.page == 5 and t.rows[0].texts[0] == "ตัวชี้วัด")
    texts = [row.texts for row in table.rows]
    assert texts[0] == ["ตัวชี้วัด", "หัวข้อการประเมิน", "ค่าเฉลี่ยคะแนน"]
    assert texts[1][0].replace(" ", "") == "ตัวชี้วัดที่4การใช้ทรัพย์สินของทางราชการ" and texts[1][1:] == ["", ""]
    assert [row[0] for row in texts[2:]] == ["ข้อ 23", "ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต", "ข้อ 29"]
    assert [row.origin.page for row in table.rows] == [5, 5, 6, 6, 6]
