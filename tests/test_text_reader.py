"""Reading text reports into blocks: tables, separators, paragraphs, encodings, bad bytes."""

from pathlib import Path

import pytest

from parsers.document import Paragraph, Table
from parsers.errors import UnreadableInput
from parsers.readers.text import decode_report, text_to_document

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"


def test_tab_rows_become_one_table_with_line_numbers():
    doc = text_to_document("ตัวชี้วัดที่\tรายละเอียดตัวชี้วัด\tคะแนน\n1\tการปฏิบัติหน้าที่\t94.68\n2\tการใช้งบประมาณ\t88.55\n")
    (table,) = doc.blocks
    assert isinstance(table, Table)
    assert [r.origin.line for r in table.rows] == [1, 2, 3]
    assert table.rows[1].texts == ["1", "การปฏิบัติหน้าที่", "94.68"]


def test_separator_lines_do_not_break_or_join_tables():
    text = "<p>O16 ข้อมูลเชิงสถิติ</p>\t<p>- แสดง</p>\tงานพัสดุ\t-\t-\n--\t---\t---\t---\t---\n\nหมายเหตุ"
    doc = text_to_document(text)
    assert [type(b) for b in doc.blocks] == [Table, Paragraph]
    assert len(doc.blocks[0].rows) == 1


def test_markdown_pipe_table_and_its_empty_header():
    text = "- | | | |\n|---|---|---|\n| ๑. นางถาวร เหลืองทอง | นายกองค์การบริหารส่วนตำบลหนองเมือง | ประธาน |\n"
    (table,) = text_to_document(text).blocks
    assert table.rows[0].texts == ["1. นางถาวร เหลืองทอง", "นายกองค์การบริหารส่วนตำบลหนองเมือง", "ประธาน"]


def test_blank_line_separates_tables_and_continuation_rows_keep_empty_cells():
    text = "a\tb\tc\n\n\t\t-มีการจัดทำคำสั่ง\n"
    doc = text_to_document(text)
    assert len(doc.blocks) == 2
    assert doc.blocks[1].rows[0].texts == ["", "", "-มีการจัดทำคำสั่ง"]


def test_headings_and_prose_keep_their_line():
    doc = text_to_document("\n\n# รายงานการดำเนินการตามมาตรการ ประจำปีงบประมาณ ๒๕๖๕\n")
    (para,) = doc.blocks
    assert para.lines[0].text == "รายงานการดำเนินการตามมาตรการ ประจำปีงบประมาณ 2565"
    assert para.lines[0].origin.line == 3


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "tis-620", "cp874"])
def test_seed_decodes_from_every_supported_encoding(encoding):
    text = (SEEDS / "002_600daf04b282d892.txt").read_text(encoding="utf-8")
    decoded, _ = decode_report(text.encode(encoding))
    assert decoded.lstrip("\ufeff") == text


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x00\x01\x02binary", "binary"),
    (bytes(range(256)) * 4, "binary"),
    (b"\xfd\xfc\xff\xfe" * 100, "neither UTF-8 nor TIS-620"),
    (b"\xff\xfe\xfd\xfc" * 100, "UTF-16 byte-order mark but does not read as Thai or English"),
])
def test_bad_bytes_raise_a_clear_error(data, reason):
    with pytest.raises(UnreadableInput, match=reason):
        decode_report(data)


SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is not beside the repo")
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_the_seeds_in_utf16_and_utf32_with_a_bom_score_as_in_utf8(tmp_path: Path, encoding: str):
    """Notepad's "Unicode" (UTF-16 LE), its big-endian one and UTF-32, each with its byte-order mark."""
    import codecs
    import subprocess
    import sys

    from ingest.batch import Batch, BatchOptions
    bom = {"utf-16": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32": codecs.BOM_UTF32_LE}[encoding]
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        (inputs / seed.name).write_bytes(bom + text.encode("utf-16-le" if encoding == "utf-16" else
                                                           "utf-32-le" if encoding == "utf-32" else encoding))
    out = tmp_path / "out"
    outcomes = Batch(BatchOptions(out, workers=1, db=None)).run([inputs])
    assert {o.status for o in outcomes} == {"converted"}
    run = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(out), str(SHARED / "gold")],
                         capture_output=True, text=True, check=True)
    assert "gold score: 1.000 (5 outputs, 0 gold files unmatched)" in run.stdout, run.stdout
