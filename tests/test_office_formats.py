"""The other office formats: .odt and .rtf through LibreOffice Writer, .xlsx by openpyxl, .xls and .ods
through LibreOffice Calc.

The seed files are corpus/formats/ (corpus/make_formats.py); the small workbooks are built with
openpyxl, so each case asserts what a reader of the sheet sees.
"""

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ingest.batch import Batch, BatchOptions
from ingest.convert import ConversionError, convert_file
from parsers.document import Paragraph
from parsers.errors import ErrorKind, ToolFailed, UnreadableInput
from parsers.readers import reader_for_format, unavailable_reason
from parsers.readers.office import CALC_PACKAGE, ODT_TO_DOCX, WRITER_PACKAGE, XLS_TO_XLSX, convert
from parsers.readers.xlsx import xlsx_to_document
from parsers.readers.xlsx_formats import format_number
from parsers.thai.normalise import normalise_text
from tests.office_processes import office_left_by_a_killed_worker, office_processes

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FORMATS = ROOT / "corpus" / "formats"
SEEDS = sorted(p.stem for p in (ROOT / "corpus" / "seeds").glob("*.txt"))
XLS_SEED = "000_fa47d890761d547d"
# The gold score each format must reach on every seed (LibreOffice-made files of the seeds).
MIN_SCORE = {"odt": 0.97, "rtf": 0.97, "xlsx": 0.95, "ods": 0.95, "xls": 0.95}
needs_calc = pytest.mark.skipif(unavailable_reason("xls") is not None, reason=f"LibreOffice Calc is not installed ({CALC_PACKAGE})")
needs_gold = pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is not beside the repo")


def workbook_bytes(book: openpyxl.Workbook) -> bytes:
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


def test_the_corpus_has_each_format_of_every_seed():
    for suffix in ("odt", "rtf", "xlsx", "ods"):
        assert sorted(p.stem for p in FORMATS.glob(f"*.{suffix}")) == SEEDS, suffix
    assert [p.stem for p in FORMATS.glob("*.xls")] == [XLS_SEED]


@needs_gold
@needs_calc
def test_each_format_of_each_seed_scores_on_the_gold(tmp_path):
    outcomes = Batch(BatchOptions(tmp_path, workers=2, db=None)).run([FORMATS])
    assert {o.status for o in outcomes} == {"converted"}, [(o.item.relative, o.error) for o in outcomes]
    run = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(tmp_path), str(SHARED / "gold")],
                         capture_output=True, text=True)
    rows = [line.split() for line in run.stdout.splitlines() if line.split()[1:2] and line.split()[1] in MIN_SCORE]
    assert len(rows) == 4 * len(SEEDS) + 1, run.stdout
    assert all(float(score) >= MIN_SCORE[fmt] for _seed, fmt, score, *_ in rows), run.stdout
    report = json.loads((tmp_path / f"{XLS_SEED}.ods.json").read_text(encoding="utf-8"))
    assert report["source"]["format"] == "ods"


def test_spreadsheet_values_carry_their_sheet_and_cell():
    path = FORMATS / f"{XLS_SEED}.xlsx"
    report = json.loads(convert_file(path).model_dump_json())
    sheet = openpyxl.load_workbook(path, data_only=True)["Sheet1"]
    cells = [i["source"]["cell"] for i in report["indicators"]]
    assert cells and all(re.fullmatch(r"Sheet1![A-Z]+\d+", cell) for cell in cells), cells
    for indicator in report["indicators"]:
        reference = indicator["source"]["cell"].split("!")[1]
        assert float(normalise_text(str(sheet[reference].value))) == indicator["score"]   # the very cell holding the score
        assert indicator["source"]["line"] == int(reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    assert all(re.fullmatch(r"Sheet1!A\d+:[A-Z]+\d+", m["source"]["cell"]) for m in report["measures"])   # a row: its range
    text_report = json.loads(convert_file(ROOT / "corpus" / "seeds" / f"{XLS_SEED}.txt").model_dump_json())
    assert "cell" not in json.dumps(text_report["indicators"])   # other formats' reports stay as they were


def test_numbers_are_written_as_the_sheet_shows_them():
    cases = [(88.34, "0.00", "88.34"), (95.0, "0.00", "95.00"), (95.0, "General", "95"), (2566, "0", "2566"),
             (0.8834, "0.00%", "88.34%"), (1234567.5, "#,##0.00", "1,234,567.50"), (12, '0 "คะแนน"', "12 คะแนน"),
             (-3, "#,##0;[Red]-#,##0", "-3"), (1000, "[$฿-41E]#,##0.00", "฿1,000.00"), (2.5, "0.##", "2.5"),
             (1 / 3, "General", "0.333333333333333")]
    assert [format_number(value, fmt) for value, fmt, _shown in cases] == [shown for *_case, shown in cases]


def test_cells_merged_values_and_hidden_parts_as_a_reader_sees_them():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "ผล ITA"
    sheet["A1"] = "รายงานผลการประเมิน ITA ประจำปี ๒๕๖๖"
    sheet.merge_cells("A1:D1")                               # a title over the table's width: one line
    for row in (["ตัวชี้วัด", "คะแนน", "", "ระดับ"], ["การปฏิบัติหน้าที่", 94.678, None, "A"], ["การใช้งบประมาณ", 88, None, "A"]):
        sheet.append(row)
    sheet.merge_cells("B2:C2")                               # a header over two columns
    sheet["B3"].number_format = "0.00"
    sheet["A5"] = "ตัวชี้วัดที่ ๔"                             # a group row between table rows
    sheet.append(["การใช้อำนาจ", "=B3+1", None, "ไม่ผ่าน"])  # a formula without a saved value: never its text
    sheet.row_dimensions[7].hidden = True
    sheet["A7"], sheet["B7"] = "แถวที่ซ่อน", "ไม่เห็น"
    hidden = book.create_sheet("ซ่อน")
    hidden["A1"], hidden.sheet_state = "ข้อความที่ซ่อน", "hidden"
    second = book.create_sheet("Sheet2")
    second["A1"] = "คะแนนรวม ๙๗.๐๒"
    document = xlsx_to_document(workbook_bytes(book))
    title, table, last = document.blocks
    assert isinstance(title, Paragraph) and title.lines[0].origin.raw == "รายงานผลการประเมิน ITA ประจำปี ๒๕๖๖"
    assert title.lines[0].text.endswith("2566") and title.lines[0].origin.cells == ("'ผล ITA'!A1",)
    assert [row.texts for row in table.rows] == [
        ["ตัวชี้วัด", "คะแนน", "ระดับ"], ["การปฏิบัติหน้าที่", "94.68", "A"], ["การใช้งบประมาณ", "88", "A"],
        ["ตัวชี้วัดที่ 4", "", ""], ["การใช้อำนาจ", "", "ไม่ผ่าน"]]
    assert table.rows[1].origin.cells == ("'ผล ITA'!A3", "'ผล ITA'!B3", "'ผล ITA'!D3")
    assert table.rows[1].origin.cell_for(94.68) == "'ผล ITA'!B3"
    assert isinstance(last, Paragraph) and last.lines[0].origin.cells == ("Sheet2!A1",)
    assert last.lines[0].origin.line == 7 + 1   # the workbook's rows: Sheet2 after the first sheet's 7
    assert not any("ซ่อน" in line.text or "ไม่เห็น" in line.text for line in document.lines())


def test_a_stray_formatted_cell_far_away_costs_nothing_and_hidden_columns_are_left_out():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ตัวชี้วัด", "ซ่อน", "ซ่อนด้วย", "คะแนน"])
    sheet.append(["การปฏิบัติหน้าที่", "x", "y", 94.68])
    sheet.column_dimensions.group("B", "C", hidden=True)
    sheet.cell(row=1_048_576, column=16_384).number_format = "0.00"   # a used range of 17 billion positions
    started = time.process_time()
    document = xlsx_to_document(workbook_bytes(book))
    assert time.process_time() - started < 2
    assert [row.texts for row in next(document.tables()).rows] == [["ตัวชี้วัด", "คะแนน"], ["การปฏิบัติหน้าที่", "94.68"]]


@pytest.mark.parametrize(("data", "kind"), [
    (b"", ErrorKind.EMPTY),
    (b"PK\x03\x04 truncated", ErrorKind.CORRUPT),
    (b"%PDF-1.4 renamed", ErrorKind.CORRUPT),
    (_zip({"xl/worksheets/sheet1.xml": b"\0" * (8 * 2**20), "xl/workbook.xml": b"<x/>"}), ErrorKind.ARCHIVE_BOMB),
    (_zip({"../../evil.xml": b"<x/>", "xl/workbook.xml": b"<x/>"}), ErrorKind.UNSAFE_PATH),
    (_zip({"word/document.xml": b"<x/>"}), ErrorKind.CORRUPT),
    (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not closed"}), ErrorKind.CORRUPT),
], ids=["empty", "truncated", "not-a-zip", "bomb", "zip-slip", "a-docx", "bad-xml"])
def test_hostile_xlsx_is_refused_with_its_kind(data, kind):
    with pytest.raises(UnreadableInput) as raised:
        xlsx_to_document(data)
    assert raised.value.kind == kind and "\n" not in str(raised.value)


@pytest.mark.parametrize(("fmt", "data", "kind"), [
    ("odt", b"PK\x03\x04 truncated", ErrorKind.CORRUPT),
    ("odt", _zip({"content.xml": b"\0" * (8 * 2**20), "META-INF/manifest.xml": b"<x/>"}), ErrorKind.ARCHIVE_BOMB),
    ("odt", (FORMATS / f"{XLS_SEED}.ods").read_bytes(), ErrorKind.CORRUPT),        # a spreadsheet named .odt
    ("ods", _zip({"readme.txt": b"not a spreadsheet"}), ErrorKind.CORRUPT),
    ("rtf", "ไม่ใช่ RTF".encode(), ErrorKind.CORRUPT),
    ("xls", b"not an excel file", ErrorKind.CORRUPT),
], ids=["odt-truncated", "odt-bomb", "odt-is-ods", "ods-no-content", "rtf-text", "xls-text"])
def test_bad_office_files_are_refused_before_libreoffice_runs(fmt, data, kind, monkeypatch):
    monkeypatch.setattr("parsers.readers.office.subprocess.Popen", None)   # no office process may start
    with pytest.raises(UnreadableInput) as raised:
        reader_for_format(fmt).read(data, None)
    assert raised.value.kind == kind


def test_bad_files_are_one_error_line_each_naming_the_file(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "broken.xlsx").write_bytes(b"PK\x03\x04 truncated")
    (inputs / "broken.odt").write_bytes(b"PK\x03\x04 truncated")
    (inputs / "bomb.xlsx").write_bytes(_zip({"xl/workbook.xml": b"\0" * (8 * 2**20)}))
    shutil.copy(FORMATS / f"{XLS_SEED}.xlsx", inputs / "good.xlsx")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "ingest.cli", "convert", str(inputs), "--out", str(out), "--no-db"],
                         capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 1, run.stderr
    errors = [line for line in run.stderr.splitlines() if "] error: " in line]
    assert len(errors) == 3 and all(any(name in e for name in ("broken.xlsx", "broken.odt", "bomb.xlsx")) for e in errors), errors
    records = {r["path"]: r for r in map(json.loads, (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines())}
    assert records["broken.xlsx"]["error_kind"] == "corrupt" and records["broken.odt"]["error_kind"] == "corrupt"
    assert records["bomb.xlsx"]["error_kind"] == "archive_bomb" and records["good.xlsx"]["status"] == "converted"


def _fake_office(tmp_path: Path) -> Path:
    """A PATH with an `soffice` whose folder has neither Writer nor Calc (libswlo.so, libsclo.so)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for program in ("soffice", "soffice.bin"):
        (folder / program).write_text("#!/bin/sh\nexit 1\n")
        (folder / program).chmod(0o755)
    return folder


def test_a_missing_office_component_names_its_package(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(_fake_office(tmp_path)))
    assert CALC_PACKAGE in unavailable_reason("xls") and CALC_PACKAGE in unavailable_reason("ods")
    assert WRITER_PACKAGE in unavailable_reason("odt") and WRITER_PACKAGE in unavailable_reason("rtf")
    assert unavailable_reason("xlsx") is None   # openpyxl only
    with pytest.raises(ConversionError) as raised:
        convert_file(FORMATS / f"{XLS_SEED}.xls")
    assert raised.value.kind == ErrorKind.MISSING_DEPENDENCY and CALC_PACKAGE in str(raised.value)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    outcomes = Batch(BatchOptions(tmp_path / "out", workers=1, db=None)).run([FORMATS / f"{XLS_SEED}.ods"])
    assert [o.status for o in outcomes] == ["skipped"] and CALC_PACKAGE in outcomes[0].error


# The office processes a test looks for are its own: their profile lives in the test's own temporary
# folder (TMPDIR), so a conversion running beside the suite is never taken for a leftover.
@needs_calc
def test_a_calc_conversion_past_its_time_limit_is_killed_with_its_office_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(ToolFailed, match=r"did not finish converting the \.xls"):
        convert((FORMATS / f"{XLS_SEED}.xls").read_bytes(), XLS_TO_XLSX, timeout=0.5)
    assert office_processes(f"{tmp_path}/ita-xls-") == []


@pytest.mark.skipif(unavailable_reason("odt") is not None, reason=f"LibreOffice is not installed ({WRITER_PACKAGE})")
@pytest.mark.parametrize(("source", "conversion"), [("odt", ODT_TO_DOCX), ("xls", XLS_TO_XLSX)])
def test_office_dies_with_a_killed_worker(tmp_path, source, conversion):
    """A worker past --timeout is SIGKILLed: the soffice.bin it started must not live on."""
    if unavailable_reason(source):
        pytest.skip(unavailable_reason(source))
    path = FORMATS / f"{XLS_SEED}.{source}"
    name = "XLS_TO_XLSX" if conversion is XLS_TO_XLSX else "ODT_TO_DOCX"
    script = (f"from pathlib import Path; from parsers.readers.office import convert, {name}; "
              f"convert(Path({str(path)!r}).read_bytes(), {name})")
    assert office_left_by_a_killed_worker(script, tmp_path, f"{tmp_path}/ita-{source}-") == []


def test_convert_help_lists_the_new_formats():
    run = subprocess.run([sys.executable, "-m", "ingest.cli", "convert", "--help"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert all(suffix in run.stdout for suffix in (".odt", ".rtf", ".xlsx", ".xls", ".ods")), run.stdout


@needs_calc
def test_an_html_table_saved_as_xls_is_read():
    """Web systems save an HTML table as `.xls`; Excel and Calc open it, and so does the .xls reader."""
    page = ('<html><head><meta charset="utf-8"></head><body><table><tr><td>ตัวชี้วัด</td><td>คะแนน</td></tr>'
            "<tr><td>การปฏิบัติหน้าที่</td><td>94.68</td></tr></table></body></html>")
    document = reader_for_format("xls").read(page.encode(), None)
    assert [row.texts for row in next(document.tables()).rows] == [["ตัวชี้วัด", "คะแนน"], ["การปฏิบัติหน้าที่", "94.68"]]
