"""Files that are not reports (issue 29): a README, meeting notes, a list of files, the word hello
are read, judged `not_a_report` (ingest/relevance.py) and never become an audit row; every report
stays one; a --markdown folder among the inputs is refused before anything is written."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ingest.batch import Batch, BatchOptions
from ingest.relevance import not_a_report_reason
from ingest.store import Store
from parsers.options import OcrMode
from schema.models import (
    EvidenceFor,
    IndicatorScore,
    ItemRef,
    ItemScore,
    Measure,
    Organization,
    Overall,
    PageSource,
    Provenance,
    Report,
    ReportWarning,
    Source,
    ToolScore,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
REAL = ROOT.parent / "shared" / "real"
AT = Provenance(line=1, text="…")

README = """# ita-ingest

Turns Thai ITA reports into JSON. แปลงรายงานผลการประเมินคุณธรรมและความโปร่งใสเป็น JSON

    ita-ingest convert reports/ --out out/
    ita-ingest audit out/ita.sqlite --items O39,O40

เครื่องมือนี้อ่านไฟล์ PDF, DOCX และข้อความ แล้วเขียน JSON หนึ่งไฟล์ต่อเอกสาร
"""
NOTES = """บันทึกการประชุมทีมงาน ครั้งที่ 3
วันที่ 12 มีนาคม

1. ทบทวนงานที่ค้างจากสัปดาห์ก่อน
2. วางแผนการอบรมพนักงานใหม่เดือนหน้า
3. สั่งซื้ออุปกรณ์สำนักงานเพิ่ม (กระดาษ, หมึกพิมพ์)
"""
NOT_REPORTS = {"README.md": README, "notes.txt": NOTES, "hello.txt": "hello\n"}


def report(**fields: Any) -> Report:
    return Report(source=Source(path="x.txt", sha256="0" * 64, format="text"), **fields)


ORG = Organization(name="องค์การบริหารส่วนตำบลโนนเมือง", short_name="โนนเมือง", type="อบต.")
LEFTOVER = ReportWarning(code="organization_name_leftover", message="'ไทรย้อย' is named as an organisation here")
REF = ItemRef(code="O39", kind="O", context="mention", source=AT)

# (case, the report's fields, words of the reason, or None: a report)
RULE_CASES: list[tuple[str, dict[str, Any], str | None]] = [
    ("nothing at all (hello)", {}, "no ITA content: no organisation"),
    ("item codes only (a README)", {"item_refs": [REF]}, "item codes O39 only in passing"),
    ("a year only (notes)", {"fiscal_year": 2566, "fiscal_years": [2566]}, "no ITA content: no organisation"),
    ("item scores only (a code and a number in a file name)", {"item_scores": [ItemScore(code="O28", score=1, source=AT)]},
     "item codes O28"),
    ("an organisation named beside others (a list of files)", {"organization": ORG, "warnings": [LEFTOVER], "item_refs": [REF]},
     "names โนนเมือง and 1 other organisation"),
    ("an organisation alone (an org chart)", {"organization": ORG}, None),
    ("a template leftover in a report with measures", {"organization": ORG, "warnings": [LEFTOVER],
                                                        "measures": [Measure(title="อบรม", source=AT)]}, None),
    ("an ITA year", {"assessment_year": 2566}, None),
    ("a document kind", {"document_kinds": ["announcement"]}, None),
    ("an evidence title", {"evidence_for": [EvidenceFor(code="O39", assessment_year=2566, catalog_title="ประมวลจริยธรรม",
                                                        similarity=100, year_basis="fiscal_year", source=AT)]}, None),
    ("an ITA score", {"overall": Overall(score=89.4)}, None),
    ("a grade", {"overall": Overall(grade="A")}, None),
    ("a tool score", {"tools": [ToolScore(tool="OIT", score=80.6, source=AT)]}, None),
    ("an indicator", {"indicators": [IndicatorScore(number=9, name="การเปิดเผยข้อมูล", tool="OIT", score=80, source=AT)]}, None),
    ("a measure", {"measures": [Measure(title="อบรม", source=AT)]}, None),
]


@pytest.mark.parametrize(("fields", "reason"), [case[1:] for case in RULE_CASES], ids=[case[0] for case in RULE_CASES])
def test_the_rule_on_extracted_reports(fields: dict[str, Any], reason: str | None):
    judged = not_a_report_reason(report(**fields))
    assert judged is None if reason is None else reason in (judged or ""), judged


def test_a_page_that_could_not_be_read_is_never_judged():
    """A scan converted with --ocr never says nothing: the silence is ours, not the document's."""
    pages = [PageSource(page=1, read_by="unread", reason="no usable text layer, and OCR is off")]
    assert not_a_report_reason(Report(source=Source(path="x.pdf", sha256="0" * 64, format="pdf", page_count=1, pages=pages))) is None


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ingest.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    base = tmp_path_factory.mktemp("not_a_report")
    folder, out = base / "in", base / "out"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder)
    for name, text in NOT_REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "hello").write_text("hello\n", encoding="utf-8")   # no suffix: not a report format, never read
    run = cli("convert", str(folder), "--out", str(out), "--workers", "1")
    return folder, out, run


def manifest(out: Path) -> dict[str, dict[str, Any]]:
    lines = [json.loads(line) for line in (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    last = lines[-1]["run"]
    return {m["path"]: m for m in lines if m["run"] == last}


def test_files_without_ita_content_end_not_a_report_and_every_report_converts(archive):
    _, out, run = archive
    assert run.returncode == 0, run.stderr
    lines = manifest(out)
    assert {name: lines[name]["status"] for name in NOT_REPORTS} == dict.fromkeys(NOT_REPORTS, "not_a_report")
    assert all("no ITA content" in lines[name]["skip_reason"] for name in NOT_REPORTS)
    assert {lines[seed.name]["status"] for seed in SEEDS} == {"converted"}
    assert (lines["hello"]["status"], lines["hello"]["skip_reason"]) == ("skipped", "not a report format (no suffix)")
    assert all((out / f"{name}.json").is_file() for name in NOT_REPORTS)   # the extraction is kept, for a look


def test_the_summary_and_the_last_lines_say_both_kinds_of_not_reports(archive):
    folder, out, run = archive
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert (summary["inputs"], summary["converted"], summary["not_a_report"], summary["not_reports"], summary["files"]) == (8, 5, 3, 1, 9)
    assert f"1 other file (not a report format), left out: {folder / 'hello'}" in run.stderr
    assert "3 inputs are not reports (no ITA content; their JSON is written, not stored or audited): " in run.stderr
    assert "8 inputs: 5 converted, 0 unchanged, 0 duplicate, 3 not a report, 0 skipped, 0 failed" in run.stderr


def test_not_reports_are_not_stored_and_never_audit_rows(archive):
    _, out, _ = archive
    with sqlite3.connect(out / "ita.sqlite") as db:
        stored = sorted(path for (path,) in db.execute("SELECT path FROM documents"))
    assert stored == [seed.name for seed in SEEDS]
    audits = {}
    for source in ("ita.sqlite", ""):
        run = cli("audit", str(out / source), "--format", "json")
        assert run.returncode == 0, run.stderr
        audits[source] = json.loads(run.stdout)["organizations"]
        documents = {d for org in audits[source] for d in org["documents"]}
        assert documents == {seed.name for seed in SEEDS} and all("not found" not in org["organization"] for org in audits[source])
    assert [o["organization"] for o in audits["ita.sqlite"]] == [o["organization"] for o in audits[""]]
    assert "3 documents are not ITA reports (no ITA content), left out" in cli("audit", str(out)).stderr


def test_a_rerun_judges_them_again_without_parsing(archive):
    folder, out, _ = archive
    again = cli("convert", str(folder), "--out", str(out), "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert "8 inputs: 0 converted, 5 unchanged, 0 duplicate, 3 not a report" in again.stderr
    assert {name: manifest(out)[name]["status"] for name in NOT_REPORTS} == dict.fromkeys(NOT_REPORTS, "not_a_report")


def test_a_stored_not_a_report_of_an_earlier_run_leaves_the_store(tmp_path: Path):
    """A store written before the judgement held README.md: the next run takes it out."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder)
    (folder / "README.md").write_text(README, encoding="utf-8")
    assert Batch(BatchOptions(out, workers=1, db=out / "ita.sqlite")).run([folder])
    with Store(out / "ita.sqlite") as store:   # as an earlier version stored it
        store.add(Report.model_validate_json((out / "README.md.json").read_text(encoding="utf-8")), "README.md.json")
    outcomes = Batch(BatchOptions(out, workers=1, db=out / "ita.sqlite")).run([folder])
    assert sorted(o.status for o in outcomes) == ["not_a_report", "unchanged"]
    with sqlite3.connect(out / "ita.sqlite") as db:
        assert [path for (path,) in db.execute("SELECT path FROM documents")] == [SEEDS[0].name]


@pytest.mark.parametrize("where", ["inside", "is"])
def test_a_markdown_folder_among_the_inputs_is_refused_like_an_input_inside_out(tmp_path: Path, where: str):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder)
    markdown = folder / "md" if where == "inside" else folder
    run = cli("convert", str(folder), "--out", str(tmp_path / "out"), "--markdown", str(markdown))
    assert run.returncode == 2
    assert f"error: --markdown {markdown} is inside the input folder {folder}: choose a --markdown outside the inputs" in run.stderr
    assert not (tmp_path / "out").exists() and not (folder / "md").exists()


def test_an_input_inside_the_markdown_folder_is_refused(tmp_path: Path):
    markdown = tmp_path / "md"
    (markdown / "old").mkdir(parents=True)
    shutil.copy(SEEDS[0], markdown / "old")
    run = cli("convert", str(markdown / "old"), "--out", str(tmp_path / "out"), "--markdown", str(markdown))
    assert run.returncode == 2
    assert f"error: {markdown / 'old'} is inside the --markdown folder {markdown}: choose a --markdown outside the inputs" in run.stderr


def test_markdown_inside_out_is_not_among_the_inputs(tmp_path: Path):
    """--out inside the input folder is left out of the inputs, and so is a --markdown inside it: the
    second run reads 1 input, not 1 + its Markdown."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder)
    for _ in range(2):
        run = cli("convert", str(folder), "--out", str(folder / "out"), "--markdown", str(folder / "out" / "md"), "--no-db")
        assert run.returncode == 0, run.stderr
    assert "1 input: 0 converted, 1 unchanged" in run.stderr


@pytest.mark.slow
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the repo")
def test_no_real_document_is_judged_not_a_report(tmp_path: Path):
    """Every real PDF and Word file, text layers only (--ocr never: a scan's unread pages are never
    judged, and a scan without any text layer fails as it did): an ethics code, an org chart, an
    announcement have no scores, and are reports."""
    inputs = sorted(path for path in REAL.iterdir() if path.suffix in (".pdf", ".docx"))
    outcomes = Batch(BatchOptions(tmp_path / "out", workers=2, db=None, ocr=OcrMode.NEVER, text_index=False)).run(inputs)
    judged = [(o.item.relative, o.not_a_report) for o in outcomes if o.status == "not_a_report"]
    assert len(outcomes) == 18 and judged == []
