"""Evidence documents: a document that is itself an OIT item (a plan, an ethics code, measures) is
classified against the catalog of each year it covers, and the audit shows the item `published`.
Real documents of ../shared/real (hangdong's 2561–2564 plan), documents made here for a 2566
organisation, and the bundled corpus (text, PDF, scans) audited as 5 organisations."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.convert import convert_file
from ingest.worker import report_json
from parsers.document import Line, Origin
from parsers.extract.evidence import TITLE_EVIDENCE, classify, evidence_years

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
PLAN = REAL / "hangdong_anticorruption_plan2561-2564.pdf"
NONMUEANG = "องค์การบริหารส่วนตำบลโนนเมือง อำเภอนากลาง จังหวัดหนองบัวลำภู"
MADE_2566 = {
    "plan2566.txt": f"แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๖\n{NONMUEANG}\n\n"
                    "๑. โครงการส่งเสริมคุณธรรม จริยธรรม ของบุคลากร\n",
    "ethics2566.txt": f"ประกาศองค์การบริหารส่วนตำบลโนนเมือง เรื่อง ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖\n"
                      f"{NONMUEANG}\n\nข้อ ๑ เจ้าหน้าที่ของรัฐต้องยึดมั่นในสถาบันหลักของประเทศ\n",
}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ingest.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def audit_json(*args: str) -> dict:
    run = cli("audit", *args, "--format", "json")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def line(text: str, number: int = 1) -> Line:
    return Line(text, Origin(None, number, text))


@pytest.mark.parametrize(("title", "years", "found"), [
    ("แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2561 – 2564)", [2561, 2562, 2563, 2564], [("O39", 2563), ("O39", 2564)]),
    ("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2566", [2566], [("O36", 2566)]),
    ("ข้อกำหนดจริยธรรมเจ้าหน้าที่ของรัฐสำนักงานปลัดกระทรวงสาธารณสุข พ.ศ.", [2566], [("O39", 2566)]),
    ("ข้อกำหนดจริยธรรมเจ้าหน้าที่ของรัฐสำนักงานปลัดกระทรวงสาธารณสุข พ.ศ.", [2564], []),  # 2563–2565 has no ethics item
    ("# รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ในการดำเนินการของ", [2565], [("O43", 2565)]),
    ("มาตรการส่งเสริมคุณธรรม และความโปร่งใสภายในหน่วยงาน ประจำปี 2566", [2566], [("O42", 2566)]),
    # real titles that are no item's (nongyai's measures score 84.2 against 'แผนป้องกันการทุจริต'):
    ("ประกาศสำนักงานสาธารณสุขอำเภอหนองใหญ่เรื่อง มาตรการป้องกันการทุจริตและประพฤติมิชอบในการจัดซื้อจัดจ้าง", [2563], []),
    ("ยุทธศาสตร์ขององค์กรปกครองส่วนท้องถิ่น", [2563], []),
    ("รายงานผลการวิเคราะห์ผลการจัดซื้อการจัดจ้าง", [2566], []),
    ("แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2561 – 2564)", [2568], []),   # 2568's items are not known
])
def test_classify_titles_of_real_documents(title: str, years: list[int], found: list[tuple[str, int]]):
    records = classify([line(title)], years, [line(title)])
    assert [(r.code, r.assessment_year) for r in records] == found
    assert all(r.similarity >= TITLE_EVIDENCE for r in records)


def test_a_document_posted_for_a_later_ita_says_so():
    lines = [line("ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ พ.ศ. 2566"), line("เผยแพร่เพื่อการประเมิน ITA ประจำปี 2567", 2)]
    assert evidence_years([2566], lines) == [(2566, "fiscal_year"), (2567, "ita_year_stated")]
    assert [(r.code, r.assessment_year, r.year_basis) for r in classify(lines[:1], [2566], lines)] == [
        ("O39", 2566, "fiscal_year"), ("O39", 2567, "ita_year_stated")]


@pytest.fixture(scope="module")
def evidence_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """reports/: the seeds and hangdong's real plan as JSON; aside/: the 2566 plan and ethics code made here."""
    if not PLAN.exists():
        pytest.skip("../shared/real is not beside the repo")
    root = tmp_path_factory.mktemp("evidence")
    reports = root / "reports"
    assert cli("convert", str(ROOT / "corpus" / "seeds"), "--out", str(reports)).returncode == 0
    (reports / f"{PLAN.name}.json").write_text(report_json(convert_file(PLAN, PLAN.name)), encoding="utf-8")
    made = root / "made"
    made.mkdir()
    for name, text in MADE_2566.items():
        (made / name).write_text(text, encoding="utf-8")
    assert cli("convert", str(made), "--out", str(root / "aside")).returncode == 0
    return root


def statuses(result: dict, name: str, year: int) -> dict[str, list[str]]:
    org = next(o for o in result["organizations"] if name in o["organization"] and o["assessment_year"] == year)
    return {i["code"]: i["statuses"] for i in org["items"]}


@pytest.mark.parametrize("source", ["reports", "reports/ita.sqlite"])
def test_hangdong_plan_is_o39_published_for_2563_and_2564(evidence_archive: Path, source: Path):
    if source.endswith("sqlite"):  # the plan was written beside the store, not into it: store it
        from ingest.store import Store
        from schema.models import Report

        with Store(evidence_archive / source) as store:
            store.add(Report.model_validate_json((evidence_archive / "reports" / f"{PLAN.name}.json").read_bytes()), None)
    result = audit_json(str(evidence_archive / source), "--items", "O39")
    for year in (2563, 2564):
        assert statuses(result, "หางดง", year)["O39"] == ["published"]
        org = next(o for o in result["organizations"] if "หางดง" in o["organization"] and o["assessment_year"] == year)
        [evidence] = org["items"][0]["evidence"]
        assert evidence["file"] == PLAN.name and "แผนปฏิบัติการป้องกันการทุจริต" in evidence["quote"]
    assert not any("หางดง" in o["organization"] and o["assessment_year"] in (2561, 2562) for o in result["organizations"])


def test_a_2566_plan_and_ethics_code_kept_aside_are_o36_and_o39_published(evidence_archive: Path):
    result = audit_json(str(evidence_archive / "reports"), str(evidence_archive / "aside"), "--items", "O36,O39", "--year", "2566")
    got = statuses(result, "โนนเมือง", 2566)
    assert got["O36"] == ["published", "reported_missing"]     # the plan, and seed 000's 'O๓๙ … แผนปฏิบัติการ…'
    assert got["O39"] == ["published", "reported_missing", "remediation_planned"]
    assert len([o for o in result["organizations"] if "โนนเมือง" in o["organization"]]) == 1
    assert result["sources"][1].endswith("aside") and result["source_kinds"] == ["folder", "folder"]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus in its three forms: text, PDF (with a font defect: นำกลาง) and a scan (OCR reads
    โพธิตาก 7 times and โพธิ์ตาก 5; the fullest spelling names the organisation).
    One scan only: OCR costs minutes, and the other scan's organisation is read the same way."""
    out, inputs = tmp_path_factory.mktemp("bundled"), tmp_path_factory.mktemp("bundled-in")
    for part in ("seeds", "defects/aa_as_am"):
        shutil.copytree(ROOT / "corpus" / part, inputs / part, ignore=shutil.ignore_patterns("*.json"))
    (inputs / "scanned").mkdir()
    shutil.copy(ROOT / "corpus" / "scanned" / "002_600daf04b282d892.pdf", inputs / "scanned")
    run = cli("convert", str(inputs), "--out", str(out))
    assert run.returncode == 0, run.stderr
    return out


@pytest.mark.parametrize("store", [False, True])
def test_bundled_corpus_audits_as_five_organisations_one_row_each(bundled: Path, store: bool):
    result = audit_json(str(bundled / "ita.sqlite" if store else bundled))
    names = [o["organization"] for o in result["organizations"]]
    assert len(names) == 5 and len(set(names)) == 5, names
    by_name = {o["organization"]: o for o in result["organizations"]}
    potak = by_name["องค์การบริหารส่วนตำบลโพธิ์ตาก"]
    assert potak["also_written"] == [] and any(d.startswith("scanned/") for d in potak["documents"])
    nonmueang = by_name["องค์การบริหารส่วนตำบลโนนเมือง"]
    # One text and one PDF vote each, so either spelling may be shown; the point is the one row.
    assert nonmueang["district"] in ("นากลาง", "นำกลาง") and any(d.startswith("defects/") for d in nonmueang["documents"])
    counts = result["summary"]["O39"]
    assert counts["not_mentioned"] == 4


def test_a_quote_from_an_ocr_page_is_marked_in_every_output():
    """Issue 30: a quote read by OCR says so beside it (JSON, CSV, text, HTML), so an auditor checks
    it on the page before acting on it; a text-layer quote of the same document does not."""
    from ingest.audit import audit
    from ingest.audit_report import to_csv, to_html, to_json, to_table
    from ingest.audit_sources import AuditDocument, Reference

    document = AuditDocument("scan.pdf", "องค์การบริหารส่วนตำบลโนนเมือง", "หนองบัวลำภู", "นากลาง", 2566, "ab" * 32, "โนนเมือง", "อบต.",
                             document_kinds=["analysis"], ocr_pages={2})
    document.refs += [Reference("O39", "deficiency", 2, 7, "O39 ไม่ได้คะแนน (พ.ศ. ๒๕๐๑ - ๒๕๐๕)"),
                      Reference("O40", "deficiency", 1, 3, "O40 ไม่ได้คะแนน")]
    audits = audit([document], ["O39", "O40"], 2566)
    evidence = {item.code: item.evidence[0] for item in audits[0].items}
    assert (evidence["O39"].read_by_ocr, evidence["O40"].read_by_ocr) == (True, False)
    as_json = json.loads(to_json(audits, "O39,O40", 2566))["organizations"][0]["items"]
    assert [i["evidence"][0].get("read_by_ocr", False) for i in as_json] == [True, False]
    rows = to_csv(audits).splitlines()
    assert rows[0].endswith(",read_by_ocr") and rows[1].endswith(",yes") and rows[2].endswith(",no")
    assert "[OCR]" in to_table(audits).splitlines()[2] and "[OCR]" not in to_table(audits).splitlines()[4]
    assert to_html(audits, "O39,O40", 2566).count('class="ocr"') == 1
