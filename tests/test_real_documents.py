"""Whole real documents (../shared/real: PDFs from Thai agencies' sites, hand-read gold): converted
once through the batch as a user runs it, then checked for what the issues promise."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.batch import Batch, BatchOptions

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
EVAL = ROOT.parent / "shared" / "eval"
# Words as the broken text layers of Word, PowerPoint and LibreOffice exports write them.
DEFECT_WORDS = ("ดาเนิน", "สานัก", "ประจาปี", "กาหนด", "จานวน", "อาเภอ", "ตาบล", "กำร", "ควำม", "ประชำชน", "บริกำร",
                "ต้าบล", "น้้า", "อ้าเภอ", "เยี่ยยี่", "ซึ่งซึ่")

pytestmark = pytest.mark.skipif(not (REAL / "gold").is_dir() or not (EVAL / "score.py").exists(),
                                reason="../shared/real is not beside the repo")


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real")
    outcomes = Batch(BatchOptions(out, workers=2, db=None)).run([REAL])
    statuses = {o.item.relative: o.status for o in outcomes}
    # SOURCES.md describes the files of several organisations: read, and no report (issue 29)
    assert statuses.pop("SOURCES.md") == "not_a_report"
    assert set(statuses.values()) <= {"converted", "skipped"}, [(o.item.relative, o.error) for o in outcomes]
    return out


def report(out: Path, name: str) -> dict:
    return json.loads((out / f"{name}.json").read_text(encoding="utf-8"))


def reports(out: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.pdf.json"))}


def test_no_defect_word_is_left_in_any_report(converted: Path):
    for name, data in reports(converted).items():
        text = json.dumps(data, ensure_ascii=False)
        assert not [w for w in DEFECT_WORDS if w in text], name
        assert "กกลุ่ม" not in text.replace("ทุกกลุ่ม", ""), name


def test_a_scan_under_a_junk_text_layer_is_read_by_ocr(converted: Path):
    data = report(converted, "hangdong_scan_with_garbage_ocr_layer.pdf")
    assert data["source"]["ocr_pages"] == [1, 2, 3]
    assert all(p["read_by"] == "ocr" and "not text" in p["reason"] for p in data["source"]["pages"])
    assert data["organization"]["name"] == "เทศบาลตำบลหางดง"
    assert not data["item_refs"]  # the junk's 'I3', 'I5' are gone with it


@pytest.mark.parametrize("name", ["hangdong_o28_integrity_pledge_word2016.pdf", "hangdong_o28_integrity_pledge_libreoffice.pdf"])
def test_both_pledges_name_their_organisation(converted: Path, name: str):
    assert report(converted, name)["organization"]["name"] == "เทศบาลตำบลหางดง"


def test_text_layers_of_word_exports_are_not_sent_to_ocr(converted: Path):
    """Lost SARA AM, AA-as-AM and PUA marks are still text: such pages are repaired, not OCR'd."""
    for name in ("hangdong_strategy2560-2564_word2010.pdf", "phichai_moit2-1_orgchart_saraaa_as_am.pdf",
                 "nongyai_sso_procurement_analysis2562.pdf", "phichai_moit2-18_procurement_analysis2567.pdf"):
        pages = report(converted, name)["source"]["pages"]
        assert not [p for p in pages if p["read_by"] == "ocr" and p["text_quality"] is not None], name


def test_the_real_gold_is_met(converted: Path):
    run = subprocess.run([sys.executable, str(EVAL / "score.py"), str(converted), str(REAL / "gold")],
                         capture_output=True, text=True, check=True)
    mean = float(run.stdout.strip().splitlines()[-1].split()[2])
    assert mean >= 0.90 and "0 gold files unmatched" in run.stdout, run.stdout
    pooled = subprocess.run([sys.executable, str(EVAL / "categories.py"), str(converted), str(REAL / "gold")],
                            capture_output=True, text=True, check=True).stdout
    figures = {part.split()[0]: float(part.split()[1]) for part in pooled.strip().splitlines()[-1].split(": ", 1)[1].split(", ")}
    assert figures["header"] >= 0.90 and figures["measures"] >= 0.80, pooled


def test_a_garbled_font_map_is_read_by_ocr_and_gives_no_false_measures(converted: Path):
    # hangdong_devproject_list (LibreOffice Calc 5.1): every page's map is garbled; its project list is no measure plan
    data = report(converted, "hangdong_devproject_list_libreoffice_calc.pdf")
    assert len(data["source"]["ocr_pages"]) == data["source"]["page_count"] == 76
    assert data["measures"] == []


@pytest.mark.parametrize("name", ["saiyoi_devplan_preface.docx", "saiyoi_manpower_plan_announcement.docx",
                                  "saiyoi_devplan2556-2558_source.doc"])
def test_the_word_files_name_their_organisation(converted: Path, name: str):
    if name.endswith(".doc") and shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (libreoffice-writer-nogui): the .doc is skipped")
    organization = report(converted, name)["organization"]
    assert organization["name"] == "องค์การบริหารส่วนตำบลไทรย้อย" and organization["type"] == "อบต."
