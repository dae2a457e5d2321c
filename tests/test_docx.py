"""The Word readers: DOCX by python-docx, .doc through LibreOffice headless.

Seed DOCX files are LibreOffice's own (corpus/make_docx.py); the small cases are built with
python-docx, the library Word files are read with, so each asserts what Word would show.
"""

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest

from ingest.batch import Batch, BatchOptions
from ingest.convert import ConversionError, convert_file
from parsers.errors import ErrorKind, ToolFailed, UnreadableInput
from parsers.readers.doc import PACKAGE, doc_to_docx
from parsers.readers.docx import docx_to_document
from tests.office_processes import office_left_by_a_killed_worker, office_processes

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REAL = SHARED / "real"
DOCX_SEEDS = sorted((ROOT / "corpus" / "docx").glob("*.docx"))
DOC_SEED = ROOT / "corpus" / "doc" / "000_fa47d890761d547d.doc"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason=f"LibreOffice is not installed ({PACKAGE})")


def docx_bytes(document: docx.document.Document) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def lines_of(data: bytes) -> list[str]:
    return [line.text for line in docx_to_document(data).lines()]


def test_the_corpus_has_a_docx_of_every_seed():
    assert [p.stem for p in DOCX_SEEDS] == sorted(p.stem for p in (ROOT / "corpus" / "seeds").glob("*.txt"))


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is not beside the repo")
def test_libreoffice_docx_of_each_seed_scores_on_the_gold(tmp_path):
    outcomes = Batch(BatchOptions(tmp_path, workers=2, db=None)).run([ROOT / "corpus" / "docx"])
    assert {o.status for o in outcomes} == {"converted"}
    run = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(tmp_path), str(SHARED / "gold"), "--min", "0.97"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    rows = [line.split() for line in run.stdout.splitlines() if line.split()[:2] and line.split()[1] == "docx"]
    assert len(rows) == 5 and all(float(row[2]) >= 0.97 for row in rows), run.stdout


def test_runs_are_joined_and_tabs_kept():
    document = docx.Document()
    paragraph = document.add_paragraph("ประจำปีงบประมาณ พ.ศ. ")
    paragraph.add_run("255").bold = True
    paragraph.add_run("6")
    paragraph.add_run("\tหน้า 3")
    doc = docx_to_document(docx_bytes(document))
    line = next(doc.lines())
    assert line.text == "ประจำปีงบประมาณ พ.ศ. 2556 หน้า 3"
    assert line.origin.raw.endswith("2556\tหน้า 3") and line.origin.page is None and line.origin.line == 1


def test_word_numbering_is_written_as_the_page_shows_it():
    document = docx.Document()
    for text in ("ปรับปรุงระบบการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("ข้อความ", style="List Bullet")
    assert [line.origin.raw for line in docx_to_document(docx_bytes(document)).lines()] == [
        "1. ปรับปรุงระบบการทำงาน", "2. การเปิดเผยข้อมูล", "3. การป้องกันการทุจริต", "• ข้อความ"]


def test_a_real_bulleted_list_shows_its_bullets():
    lines = [line.origin for line in docx_to_document((REAL / "saiyoi_devplan_preface.docx").read_bytes()).lines()]
    assert [o.raw.split()[0] for o in lines if "คำสั่งแต่งตั้ง" in o.raw] == ["•", "•", "•"]


def test_merged_cells_are_one_cell():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, texts in enumerate([("มาตรการ", "ผู้รับผิดชอบ", ""), ("1. ประชุม", "นิติกร", "ต.ค. 65"), ("2. อบรม", "", "พ.ย. 65")]):
        for c, text in enumerate(texts):
            table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 2))       # a header across two columns
    table.cell(1, 1).merge(table.cell(2, 1))       # one unit responsible for two rows
    table.cell(1, 1).text = "นิติกร"
    rows = [row.texts for row in next(docx_to_document(docx_bytes(document)).tables()).rows]
    assert rows == [["มาตรการ", "ผู้รับผิดชอบ", ""], ["1. ประชุม", "นิติกร", "ต.ค. 65"], ["2. อบรม", "", "พ.ย. 65"]]


def test_a_real_table_with_merged_headers_keeps_its_columns():
    tables = list(docx_to_document((REAL / "saiyoi_manpower_plan_announcement.docx").read_bytes()).tables())
    header, years, first = (row.texts for row in tables[2].rows[:3])
    assert header[0] == "ส่วนราชการ" and header[3:5] == ["", ""] and header[-1] == "หมายเหตุ"
    assert years[:2] == ["", ""] and years[2:8] == ["2555", "2556", "2557"] * 2   # vertically merged: empty below
    assert len(header) == len(years) == len(first) == 9


def test_headers_and_footers_are_left_out():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "องค์การบริหารส่วนตำบลอื่น หน้า 1"
    document.sections[0].footer.paragraphs[0].text = "- 1 -"
    document.add_paragraph("เนื้อหา")
    assert lines_of(docx_bytes(document)) == ["เนื้อหา"]


def _zip(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


@pytest.mark.parametrize(("data", "kind"), [
    (b"", ErrorKind.EMPTY),
    (b"PK\x03\x04 truncated", ErrorKind.CORRUPT),
    (b"%PDF-1.4 renamed", ErrorKind.CORRUPT),
    (_zip({"word/document.xml": b"\0" * (8 * 2**20)}), ErrorKind.ARCHIVE_BOMB),       # 8 MiB of zeros: ratio ~1000:1
    (_zip({"../../evil.xml": b"<x/>", "word/document.xml": b"<x/>"}), ErrorKind.UNSAFE_PATH),
    (_zip({"readme.txt": b"not word"}), ErrorKind.CORRUPT),
    (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<not closed"}), ErrorKind.CORRUPT),
], ids=["empty", "truncated", "not-a-zip", "bomb", "zip-slip", "no-document", "bad-xml"])
def test_hostile_docx_is_refused_with_its_kind(data, kind):
    with pytest.raises(UnreadableInput) as raised:
        docx_to_document(data)
    assert raised.value.kind == kind


def test_a_bad_docx_in_a_batch_is_one_failed_line_and_the_batch_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bomb.docx").write_bytes(_zip({"word/document.xml": b"\0" * (8 * 2**20)}))
    shutil.copy(DOCX_SEEDS[0], inputs / "good.docx")
    out = tmp_path / "out"
    outcomes = {o.item.relative: o for o in Batch(BatchOptions(out, workers=1, db=None)).run([inputs])}
    assert outcomes["bomb.docx"].status == "failed" and outcomes["bomb.docx"].error_kind == ErrorKind.ARCHIVE_BOMB
    assert outcomes["good.docx"].status == "converted"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["_manifest.jsonl", "_summary.json", "good.docx.json"]


def test_a_doc_without_libreoffice_is_skipped_with_the_package_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    outcomes = Batch(BatchOptions(tmp_path / "out", workers=1, db=None)).run([DOC_SEED])
    assert [o.status for o in outcomes] == ["skipped"]
    assert PACKAGE in outcomes[0].error
    with pytest.raises(ConversionError) as raised:
        convert_file(DOC_SEED)
    assert raised.value.kind == ErrorKind.MISSING_DEPENDENCY and PACKAGE in str(raised.value)


def test_a_file_named_doc_that_is_not_word_is_refused(tmp_path):
    fake = tmp_path / "fake.doc"
    fake.write_text("ไม่ใช่ไฟล์ Word", encoding="utf-8")
    with pytest.raises(ConversionError) as raised:
        convert_file(fake)
    assert raised.value.kind == ErrorKind.CORRUPT


@needs_soffice
def test_doc_reads_like_its_docx_and_parallel_runs_do_not_collide():
    """Two conversions at once (as two workers do) each get their own profile and both succeed."""
    data = DOC_SEED.read_bytes()
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(doc_to_docx, [data, data])
    assert lines_of(first) == lines_of(second)
    from_doc = json.loads(convert_file(DOC_SEED).model_dump_json())
    from_docx = json.loads(convert_file(DOCX_SEEDS[0]).model_dump_json())
    assert from_doc["source"]["format"] == "doc"
    for key in ("organization", "overall", "tools", "indicators", "item_refs"):
        assert from_doc[key] == from_docx[key], key
    assert [m["title"] for m in from_doc["measures"]] == [m["title"] for m in from_docx["measures"]]


def _abort_first_office_process(scope: Path, marker: str, within: float) -> list[int]:
    """SIGABRT the first soffice.bin under `scope` (the test's TMPDIR) whose profile ends in `marker`
    (a crash starting up); its pids."""
    deadline, killed = time.monotonic() + within, []
    while not killed and time.monotonic() < deadline:
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            with contextlib.suppress(OSError):
                text = cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
                if str(scope) in text and text.find(marker + " ") > 0:
                    os.kill(int(cmdline.parent.name), signal.SIGABRT)
                    killed.append(int(cmdline.parent.name))
        time.sleep(0.01)
    return killed


@needs_soffice
def test_an_office_process_that_aborts_is_tried_again_with_a_new_profile(tmp_path, monkeypatch):
    """soffice.bin aborted (SIGABRT, as it once did starting up in CI) is run again in a fresh
    profile, and the .doc still converts."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with ThreadPoolExecutor(1) as pool:
        aborted = pool.submit(_abort_first_office_process, tmp_path, "/profile", 60)
        converted = doc_to_docx(DOC_SEED.read_bytes())
        assert aborted.result(), "no soffice.bin was seen to abort"
    assert lines_of(converted) == lines_of(doc_to_docx(DOC_SEED.read_bytes()))


# The office processes a test looks for are its own: their profile lives in the test's own temporary
# folder (TMPDIR), so a conversion running beside the suite is never taken for a leftover.
@needs_soffice
def test_a_conversion_past_its_time_limit_is_killed_with_its_office_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(ToolFailed, match="did not finish"):
        doc_to_docx(DOC_SEED.read_bytes(), timeout=0.5)
    assert office_processes(f"{tmp_path}/ita-doc-") == []


@needs_soffice
def test_office_dies_with_a_killed_worker(tmp_path):
    """A worker past --timeout is SIGKILLed: the soffice.bin it started must not live on."""
    script = ("import sys; from pathlib import Path; from parsers.readers.doc import doc_to_docx; "
              f"doc_to_docx(Path({str(DOC_SEED)!r}).read_bytes())")
    assert office_left_by_a_killed_worker(script, tmp_path, f"{tmp_path}/ita-doc-") == []
