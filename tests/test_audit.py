"""The auditors' command on the five seeds, from the store and from the JSON folder alike; the
catalog by year; the HTML report in headless Chromium, including hostile report text."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.audit import parse_items
from parsers.extract.items import written_code_pattern
from parsers.knowledge.catalog import framework_of, oit_codes, oit_title, other_year_fit, text_after_code

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = "000_fa47d890761d547d.txt"
CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ingest.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    assert cli("convert", str(ROOT / "corpus" / "seeds"), "--out", str(out)).returncode == 0
    return out


@pytest.fixture(params=["store", "folder"])
def source(request: pytest.FixtureRequest, converted: Path) -> Path:
    return converted / "ita.sqlite" if request.param == "store" else converted


def audit_json(*args: str) -> dict:
    run = cli("audit", *args, "--format", "json")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_seed_000_reports_o39_and_o40_missing_with_both_spellings_quoted(source: Path):
    result = audit_json(str(source))
    by_path = {org["documents"][0]: org for org in result["organizations"]}
    assert len(by_path) == 5
    items = {i["code"]: i for i in by_path[SEED_000]["items"]}
    for code in ("O39", "O40"):
        assert items[code]["status"] == "reported_missing"
        assert items[code]["statuses"] == ["reported_missing", "remediation_planned"]
    missing_quotes = [e["quote"] for e in items["O39"]["evidence"] if e["status"] == "reported_missing"]
    assert any("O๓๙" in q for q in missing_quotes) and any("0๓๙" in q for q in missing_quotes)
    assert {e["line"] for e in items["O39"]["evidence"]} >= {171, 208, 282}
    # Line 171's printed title is O36's in 2566: listed under O39 as written, counted under O36.
    moved = next(e for e in items["O39"]["evidence"] if e["line"] == 171)
    assert moved["counted_as"] == "O36" and "O36" in moved["note"] and "o_numbering_other_year" in moved["note"]
    assert all(e["file"] == SEED_000 for e in items["O39"]["evidence"])
    planned = [e for e in items["O40"]["evidence"] if e["status"] == "remediation_planned"]
    assert [e["line"] for e in planned] == [283] and "การขับเคลื่อนจริยธรรม" in planned[0]["quote"]
    for path, org in by_path.items():
        if path != SEED_000:
            got = [(i["code"], i["status"], i["evidence"]) for i in org["items"]]
            assert got == [("O39", "not_mentioned", []), ("O40", "not_mentioned", [])]


def test_auditor_warnings_are_surfaced(source: Path):
    org = next(o for o in audit_json(str(source))["organizations"] if o["documents"] == [SEED_000])
    codes = {w["code"] for w in org["warnings"]}
    assert codes == {"impossible_date", "indicator_conflict", "o_numbering_other_year", "organization_name_leftover"}
    numbering = next(w for w in org["warnings"] if w["code"] == "o_numbering_other_year")
    assert numbering["line"] == 171 and "2563-2565" in numbering["message"]


def test_items_all_and_year_filter(source: Path):
    result = audit_json(str(source), "--items", "all", "--year", "2566")
    # โนนเมือง's report of ITA 2566, and โคกคอน's measures for fiscal 2566: themselves O42 of 2566.
    org, measures = sorted(result["organizations"], key=lambda o: "โคกคอน" in o["organization"])
    assert len(org["items"]) == 43 and org["assessment_year"] == 2566
    statuses = {i["code"]: i["status"] for i in org["items"]}
    assert statuses["O1"] == "remediation_planned" and statuses["O39"] == "reported_missing" and statuses["O2"] == "not_mentioned"
    assert statuses["O42"] == "published" and statuses["O36"] == "reported_missing"   # 'O๓๙ … แผนปฏิบัติการ…' is O36 in 2566
    assert "โคกคอน" in measures["organization"] and measures["documents"] == ["001_c58affa22fe99b85.txt"]
    assert {i["code"]: i["status"] for i in measures["items"]}["O42"] == "published"


def test_csv_loads_in_pandas_as_is(source: Path, tmp_path: Path):
    pandas = pytest.importorskip("pandas")
    target = tmp_path / "audit.csv"
    assert cli("audit", str(source), "--format", "csv", "--out", str(target)).returncode == 0
    frame = pandas.read_csv(target)
    assert list(frame.columns[:7]) == ["organization", "province", "district", "assessment_year", "item", "item_title", "status"]
    rows = frame[(frame["file"] == SEED_000) & (frame["item"] == "O39")]
    assert set(rows["evidence_status"]) == {"reported_missing", "remediation_planned"}
    assert (frame[frame["file"].isna()]["status"] == "not_mentioned").all()
    assert len(list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))) == len(frame) + 1


def test_table_is_the_default_and_bad_arguments_are_usage_errors(converted: Path, tmp_path: Path):
    run = cli("audit", str(converted / "ita.sqlite"))
    assert run.returncode == 0 and "O39  reported missing (also remediation planned)" in run.stdout
    assert cli("audit", str(converted), "--items", "O39,banana").returncode == 2
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    bad = cli("audit", str(tmp_path / "notes.txt"))
    assert bad.returncode == 2 and "SQLite store" in bad.stderr


@pytest.mark.parametrize(("text", "codes"), [("O39,O40", ["O39", "O40"]), (" o39 , 040", ["O39", "O40"]), ("all", None), ("E11", ["E11"])])
def test_parse_items(text: str, codes: list[str] | None):
    assert parse_items(text) == codes


@pytest.mark.parametrize(("year", "code", "title"), [
    (2566, "O39", "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ"),
    (2565, "O39", "แผนปฏิบัติการป้องกันการทุจริต"),
    (2563, "O40", "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน"),
    (2567, "O36", "แผนปฏิบัติการป้องกันการทุจริต"),
    (2568, "O39", None),
    (None, "O39", None),
])
def test_catalog_titles_by_year(year: int | None, code: str, title: str | None):
    assert oit_title(year, code) == title


def test_catalog_marks_what_is_unconfirmed():
    catalog = json.loads((ROOT / "parsers" / "knowledge" / "data" / "ita_catalog.json").read_text(encoding="utf-8"))
    assert catalog["years"]["2567"]["confidence"] == "U" and catalog["years"]["2566"]["confidence"] == "C"
    assert framework_of(2568) is None and len(oit_codes(2568)) == 43
    for framework in catalog["frameworks"].values():
        assert [i["number"] for i in framework["indicators"]] == list(range(1, 11))
        assert len(framework["oit_items"]) == 43 and all(i["indicator"] in (9, 10) for i in framework["oit_items"])


@pytest.mark.parametrize(("line", "code", "other_year"), [
    ("ข้อ O๓๙ หน่วยงานต้องแสดงแผนปฏิบัติการป้องกันการทุจริตที่มีวัตถุประสงค์เพื่อป้องกันการทุจริต", "O39", "2563-2565"),
    ("| O39 ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ | - แสดงประมวลจริยธรรม |", "O39", None),
    ("ข้อ O๔๐ เนื่องจากไม่มีรายละเอียดตามข้อ O๓๙ โดยหน่วยงานต้องแสดงความก้าวหน้า", "O40", None),
])
def test_o_numbering_of_another_year(line: str, code: str, other_year: str | None):
    fit = other_year_fit(code, text_after_code(line, code), 2566)
    assert (fit[0].framework if fit else None) == other_year


@pytest.mark.parametrize(("code", "raw", "found"), [
    ("O39", "ข้อ 0๓๙ โดยหน่วยงาน", True), ("O39", "ข้อ O๓๙", True), ("O39", "O 39", True),
    ("O39", "O393", False), ("O4", "O40", False), ("I23", "ข้อ 1๒๓", True), ("E11", "E๑๑", True),
])
def test_written_code_pattern(code: str, raw: str, found: bool):
    assert bool(written_code_pattern(code).search(raw)) is found


# -- HTML in a real browser ------------------------------------------------------------------
def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: the README test command installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, *args], capture_output=True, text=True, timeout=120)


def test_html_report_renders_table_chart_and_filters_in_chromium(converted: Path, tmp_path: Path):
    page = tmp_path / "audit.html"
    assert cli("audit", str(converted / "ita.sqlite"), "--format", "html", "--out", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "src=" not in html  # self-contained
    dom = chromium("--virtual-time-budget=3000", "--dump-dom", page.as_uri()).stdout
    assert 'data-ready="1"' in dom, "the page script did not run"
    assert 'data-visible-rows="10"' in dom
    assert dom.count('class="bar"') == 2 and dom.count('class="item-row"') == 10
    screenshot = tmp_path / "audit.png"  # a test artefact: under pytest's tmp_path, never in git
    chromium("--hide-scrollbars", "--window-size=1200,1600", f"--screenshot={screenshot}", page.as_uri())
    assert screenshot.stat().st_size > 10_000


def test_html_escapes_report_text_so_a_script_in_a_report_cannot_run(converted: Path, tmp_path: Path):
    report = json.loads((converted / f"{SEED_000}.json").read_text(encoding="utf-8"))
    attack = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
    report["organization"]["name"] = f"อบต.{attack}"
    ref = next(r for r in report["item_refs"] if r["code"] == "O39" and r["context"] == "deficiency")
    ref["source"]["text"] = f"ข้อ O๓๙ {attack}"
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "hostile.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    page = tmp_path / "audit.html"
    assert cli("audit", str(folder), "--format", "html", "--out", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "<script>document.title" not in html and "<img src=x" not in html
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in html
    dom = chromium("--virtual-time-budget=3000", "--dump-dom", page.as_uri()).stdout
    assert 'data-ready="1"' in dom and "<title>ITA audit: O39,O40</title>" in dom and "<img" not in dom


# -- one answer, safe output --------------------------------------------------------------
def without_run_facts(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("sources", "source_kinds", "generated")}


def test_store_and_folder_give_the_same_answer_with_duplicates(converted: Path, tmp_path: Path):
    inputs = tmp_path / "in"
    shutil.copytree(ROOT / "corpus" / "seeds", inputs / "a", ignore=shutil.ignore_patterns("*.json"))
    shutil.copytree(ROOT / "corpus" / "seeds", inputs / "b", ignore=shutil.ignore_patterns("*.json"))
    out = tmp_path / "out"
    assert cli("convert", str(inputs), "--out", str(out)).returncode == 0
    folder, store = (audit_json(str(p), "--items", "all") for p in (out, out / "ita.sqlite"))
    assert without_run_facts(folder) == without_run_facts(store)
    once = audit_json(str(converted), "--items", "all")
    assert len(folder["organizations"]) == len(once["organizations"]) and folder["summary"] == once["summary"]
    org = next(o for o in folder["organizations"] if any("000_" in d for d in o["documents"]))
    assert all(e["file"].startswith("a/") for i in org["items"] for e in i["evidence"])  # one content, its first name


HOSTILE = ["=HYPERLINK(\"http://x\")", "+SUM(1,2)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def hostile_folder(converted: Path, tmp_path: Path) -> Path:
    report = json.loads((converted / f"{SEED_000}.json").read_text(encoding="utf-8"))
    report["organization"]["name"] = "=cmd|' /C calc'!A0\x1b[31m"
    report["organization"]["short_name"] = report["organization"]["name"]
    report["organization"]["province"] = "@SUM(1)"
    report["source"]["path"] = "-evil.txt"
    for n, ref in enumerate(report["item_refs"]):
        ref["source"]["text"] = HOSTILE[n % len(HOSTILE)] + " O39\x02\x1b]0;pwned\x07 <ul style=\"list-style-type: none\"> x"
    for w in report["warnings"]:
        w["message"] = "+" + w["message"] + "\x1b[2J"
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return folder


def test_csv_of_a_hostile_archive_has_no_formula_cells_and_no_control_characters(converted: Path, tmp_path: Path):
    folder = hostile_folder(converted, tmp_path)
    run = cli("audit", str(folder), "--items", "all", "--format", "csv")
    assert run.returncode == 0, run.stderr
    cells = [cell for row in csv.reader(io.StringIO(run.stdout)) for cell in row]
    assert len(cells) > 500
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not [c for c in cells if any(ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0 for ch in c)]
    assert "'=cmd|' /C calc'!A0[31m" in cells and "'-evil.txt" in cells


@pytest.mark.parametrize("form", ["table", "json", "html"])
def test_no_control_character_reaches_any_output(converted: Path, tmp_path: Path, form: str):
    run = cli("audit", str(hostile_folder(converted, tmp_path)), "--format", form)
    assert run.returncode == 0, run.stderr
    assert not [ch for ch in run.stdout if (ord(ch) < 32 and ch != "\n") or 0x7f <= ord(ch) < 0xa0]
    assert "\\u001b" not in run.stdout and "\\u0002" not in run.stdout
    assert "<ul style" not in run.stdout and "&lt;ul style" not in run.stdout   # quotes are free of markup


def test_nothing_to_audit_and_bad_sources_are_one_line(converted: Path, tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for args, why in [((str(empty),), "no report JSON"), ((str(converted), "--year", "2570"), "years present: 2563, 2565, 2566")]:
        run = cli("audit", *args)
        assert run.returncode == 1 and run.stdout == "" and run.stderr.count("\n") == 1 and why in run.stderr
    bad_items = cli("audit", str(converted), "--items", "O99")
    assert bad_items.returncode == 2 and "O1–O43" in bad_items.stderr and bad_items.stderr.count("\n") == 1
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    broken = tmp_path / "broken"
    shutil.copytree(converted, broken)
    (broken / "zz_truncated.json").write_text('{"schema_version": "1.0", "source": {', encoding="utf-8")
    run = cli("audit", str(damaged))
    assert run.returncode == 2 and "Traceback" not in run.stderr and str(damaged) in run.stderr and run.stderr.count("\n") == 1
    run = cli("audit", str(broken))
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert next(line for line in run.stderr.splitlines() if "zz_truncated.json" in line).startswith("warning: ")


def test_an_old_store_is_read_and_says_how_to_rebuild(converted: Path, tmp_path: Path):
    import sqlite3

    old = tmp_path / "old.sqlite"
    shutil.copy(converted / "ita.sqlite", old)
    db = sqlite3.connect(old)
    db.execute("DROP TABLE evidence_for")
    db.execute("PRAGMA user_version=2")
    db.commit()
    db.close()
    run = cli("audit", str(old))
    assert run.returncode == 0 and "format 2" in run.stderr and "Rebuild it: ita-ingest convert" in run.stderr
    assert "O39  reported missing" in run.stdout


def test_html_shows_legend_source_and_the_numbering_mismatch_next_to_the_quote(converted: Path, tmp_path: Path):
    page = tmp_path / "audit.html"
    assert cli("audit", str(converted / "ita.sqlite"), "--format", "html", "--out", str(page)).returncode == 0
    dom = chromium("--virtual-time-budget=3000", "--dump-dom", page.as_uri()).stdout
    assert 'data-ready="1"' in dom
    legend = dom[dom.index('<dl id="legend">'):dom.index("</dl>")]
    assert all(label in legend for label in ("published", "reported missing", "remediation planned", "not mentioned"))
    about = dom[dom.index('<p id="about">'):]
    about = about[:about.index("</p>")]
    assert f"{converted / 'ita.sqlite'} (store)" in about and "parser version 0." in about and "UTC" not in about[:10]
    # Seed 000's O39 row: the quote of line 171 with, beside it, why it counts for O36.
    row = next(r for r in dom.split('<tr class="item-row"')[1:] if 'data-item="O39"' in r and "โนนเมือง" in r)
    entry = next(li for li in row.split("<li")[1:] if ":171<" in li)
    assert "counted under O36" in entry and "ข้อ O๓๙" in entry and 'class="note"' in entry and "O36" in entry.split('class="note"')[1]
    assert "&lt;ul" not in dom and "<ul style" not in dom
    screenshot = tmp_path / "audit-legend.png"
    chromium("--hide-scrollbars", "--window-size=1200,2400", f"--screenshot={screenshot}", page.as_uri())
    assert screenshot.stat().st_size > 10_000


REAL = ROOT.parent / "shared" / "real"


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the repo")
def test_an_organisation_year_without_an_ita_report_is_not_counted_as_silent(tmp_path: Path):
    """Issue 30: a manpower plan and a development plan preface alone are no report that could mention
    O39, so ไทรย้อย's items are `no_ita_report`, not `not_mentioned`; seed 000's silent items stay
    `not_mentioned` (its ITA report is silent on them)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("saiyoi_manpower_plan_announcement.docx", "saiyoi_devplan_preface.docx"):
        shutil.copy(REAL / name, folder / name)
    shutil.copy(ROOT / "corpus" / "seeds" / SEED_000, folder / SEED_000)
    assert cli("convert", str(folder), "--out", str(tmp_path / "out"), "--no-db", "-q").returncode == 0
    result = audit_json(str(tmp_path / "out"), "--items", "all")
    by_name = {org["organization"]: org for org in result["organizations"]}
    saiyoi = [org for name, org in by_name.items() if "ไทรย้อย" in name]
    assert saiyoi and {item["status"] for org in saiyoi for item in org["items"]} == {"no_ita_report"}
    seed = next(org for org in result["organizations"] if org["documents"] == [SEED_000])
    assert "not_mentioned" in {item["status"] for item in seed["items"]}
    assert "no_ita_report" not in {item["status"] for item in seed["items"]}
    assert result["summary"]["O39"]["no_ita_report"] == len(saiyoi)
