"""The command line, end to end in a subprocess, with bad inputs mixed into a batch."""

import ast
import importlib
import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "seeds" / "002_600daf04b282d892.txt"


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ingest.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def messy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    (folder / "sub" / "legacy.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("tis-620"))
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.txt").write_bytes(os.urandom(4096).replace(b"\x00", b"\x01") + b"\x00")
    (folder / "shopping.txt").write_text("ซื้อไข่ นม ขนมปัง\n", encoding="utf-8")
    (folder / "ignored.json").write_text("{}", encoding="utf-8")
    return folder


def test_batch_goes_on_past_bad_files(messy_folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    run = cli("convert", str(messy_folder), "--out", str(out))
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if "] error: " in line]   # a log: `12:04:31 [5/6] error: …`
    assert len(errors) == 2
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("random.txt" in e and "binary" in e for e in errors)
    assert "6 inputs: 3 converted, 0 unchanged, 0 duplicate, 1 not a report, 0 skipped, 2 failed" in run.stderr   # shopping.txt
    assert f"1 other file (not a report format), left out: {messy_folder / 'ignored.json'}" in run.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json") if not p.name.startswith("_"))
    assert written == ["bom.md.json", "good.txt.json", "shopping.txt.json", "sub/legacy.txt.json"]
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    manifest = [json.loads(line) for line in (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(m["path"] for m in manifest) == [
        "bom.md", "empty.txt", "good.txt", "ignored.json", "random.txt", "shopping.txt", "sub/legacy.txt"]
    assert {m["path"]: m["status"] for m in manifest}["ignored.json"] == "skipped"


def test_legacy_encoding_gives_the_same_report(messy_folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    cli("convert", str(messy_folder), "--out", str(out))
    good = json.loads((out / "good.txt.json").read_text(encoding="utf-8"))
    legacy = json.loads((out / "sub" / "legacy.txt.json").read_text(encoding="utf-8"))
    assert legacy["source"]["encoding"] == "tis-620/cp874"
    for key in ("organization", "overall", "indicators", "measures"):
        assert legacy[key] == good[key]


def test_text_without_ita_content_is_an_honest_empty_record(messy_folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    cli("convert", str(messy_folder), "--out", str(out))
    report = json.loads((out / "shopping.txt.json").read_text(encoding="utf-8"))
    assert report["indicators"] == [] and report["measures"] == [] and report["overall"]["score"] is None
    assert [w["code"] for w in report["warnings"]] == ["no_ita_content"]
    line = next(json.loads(x) for x in (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines() if '"shopping.txt"' in x)
    assert line["status"] == "not_a_report" and line["skip_reason"].startswith("no ITA content: no organisation")


def test_missing_path_is_a_usage_error(tmp_path: Path):
    run = cli("convert", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert run.returncode == 2 and "no such file" in run.stderr


def test_single_file_and_validate_round_trip(tmp_path: Path):
    out = tmp_path / "out"
    assert cli("convert", str(SEED), "--out", str(out)).returncode == 0
    written = out / f"{SEED.name}.json"
    assert json.loads(written.read_text(encoding="utf-8"))["source"]["path"] == SEED.name
    broken = tmp_path / "broken.json"
    data = json.loads(written.read_text(encoding="utf-8"))
    data["fiscal_year"] = "two thousand"
    broken.write_text(json.dumps(data), encoding="utf-8")
    run = cli("validate", str(written), str(broken))
    assert run.returncode == 1
    assert f"ok      {written}" in run.stdout
    assert "INVALID" in run.stdout and "fiscal_year" in run.stdout


def test_schema_command_prints_the_committed_schema():
    run = cli("schema")
    assert run.returncode == 0
    assert json.loads(run.stdout) == json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))


def test_help_lists_the_verbs():
    run = cli("--help")
    assert run.returncode == 0 and all(v in run.stdout for v in ("convert", "schema", "validate"))


def test_exit_statuses_in_help_and_docs_come_from_one_table():
    from ingest.hints import EXIT_MEANINGS
    from ingest.reference import REFERENCE_FILE

    help_text = " ".join(cli("convert", "--help").stdout.split())
    reference = REFERENCE_FILE.read_text(encoding="utf-8")
    for status, meaning in EXIT_MEANINGS.items():
        assert f"{status} {' '.join(meaning.replace('`', '').split())}" in help_text, status
        assert f"| {status} | {meaning} |" in reference, status
    assert "143 SIGTERM" in help_text and "| 130 / 143 / 129 / 131 |" in reference
    assert "docs/reference.md#exit-statuses-of-convert" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_audit_help_names_every_status():
    from ingest.audit import AuditStatus
    from ingest.cli import AUDIT_STATUS_HELP

    assert list(AUDIT_STATUS_HELP) == list(AuditStatus)
    help_text = " ".join(cli("audit", "--help").stdout.split())
    assert all(f"{status} (" in help_text for status in AuditStatus)


def test_exit_statuses_0_1_2(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert cli("convert", str(SEED), "--out", str(tmp_path / "ok")).returncode == 0
    assert cli("convert", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "bad")).returncode == 1
    missing = cli("convert", str(tmp_path / "nowhere.txt"), "--out", str(tmp_path / "x"))
    assert missing.returncode == 2 and missing.stderr.startswith("error: ") and not (tmp_path / "x").exists()


def test_version_and_python_dash_m_ingest():
    from ingest import __version__
    run = subprocess.run([sys.executable, "-m", "ingest", "--version"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    lines = run.stdout.splitlines()
    assert run.returncode == 0 and lines[0] == f"ita-ingest {__version__}" and __version__[0].isdigit()
    assert len(lines) >= 5 and lines[1].startswith("parser ") and "schema " in lines[1] and "store format " in lines[1]
    assert [line.split()[0] for line in lines[2:]] == ["Python", "pdfium", "Tesseract", "LibreOffice"]
    without = subprocess.run([sys.executable, "-m", "ingest", "--version"], capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT), "PATH": path_without_soffice()})
    assert "LibreOffice: not found: install libreoffice-writer-nogui" in without.stdout


def test_a_rerun_appends_to_the_manifest_with_its_own_run_id(tmp_path: Path):
    out = tmp_path / "out"
    for _ in range(2):
        assert cli("convert", str(SEED), "--out", str(out)).returncode == 0
    lines = [json.loads(line) for line in (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [m["status"] for m in lines] == ["converted", "unchanged"] and lines[0]["run"] != lines[1]["run"]
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert summary["run"] == lines[1]["run"] and summary["state"] == "complete" and summary["inputs"] == 1


def test_verbose_names_each_file_and_what_is_not_a_report_is_said(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.pages").write_bytes(b"PK\x03\x04")
    run = cli("convert", str(SEED), str(tmp_path / "notes.pages"), "--out", str(tmp_path / "out"), "-v")
    assert run.returncode == 0
    assert re.search(rf"^\d\d:\d\d:\d\d \[1/1\] converted {re.escape(str(SEED))} \d+\.\d s$", run.stderr, re.M)
    assert f"warning: {tmp_path / 'notes.pages'}: not a report format" in run.stderr
    nothing = cli("convert", str(tmp_path / "empty"), "--out", str(tmp_path / "out2"))
    assert nothing.returncode == 2 and "the folder is empty" in nothing.stderr and "error: no report among the inputs" in nothing.stderr
    assert not (tmp_path / "out2").exists()   # checked before anything is created: nothing written for nothing


def test_exit_status_4_is_a_bug_in_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    # a fault injected into our own verb (no library is faked): what a user sees when ita-ingest has a bug
    from ingest import cli

    def broken_verb(args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "cmd_schema", broken_verb)
    monkeypatch.delenv("ITA_INGEST_DEBUG", raising=False)
    assert cli.main(["schema"]) == cli.EXIT_INTERNAL == 4
    err = capsys.readouterr().err
    assert err.splitlines() == ["error: internal error: RuntimeError: a bug; this is a bug in ita-ingest, please report it"]
    monkeypatch.setenv("ITA_INGEST_DEBUG", "1")
    assert cli.main(["schema"]) == 4
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def ingest_error_classes() -> list[type[Exception]]:
    """Every exception class defined in ingest/ (a signal's SystemExit, cli.Terminated, is not an error)."""
    found: dict[str, type[Exception]] = {}
    for path in sorted((ROOT / "ingest").glob("*.py")):
        if path.stem in ("__main__", "datasette_plugin"):
            continue
        module = importlib.import_module(f"ingest.{path.stem}".removesuffix(".__init__"))
        found |= {f"{c.__module__}.{c.__qualname__}": c for _, c in inspect.getmembers(module, inspect.isclass)
                  if issubclass(c, Exception) and c.__module__.startswith("ingest")}
    return sorted(found.values(), key=lambda c: c.__qualname__)


# What each error means to the command line today: 2 usage, 3 the machine stopped the run, 4 a bug
# (an input's error is recorded in the manifest, the run exits 1; one that reaches main is a bug).
EXIT_STATUS_OF = {"AuditSourceError": 2, "BatchBusy": 2, "BatchFatal": 3, "BatchRefused": 2, "ConversionError": 4,
                  "IngestError": 4, "InputRefused": 4, "MachineError": 3, "NoReport": 2,
                  "SearchError": 2, "StoreFormatError": 2, "UsageError": 2}


@pytest.mark.parametrize("error_class", ingest_error_classes(), ids=lambda c: c.__qualname__)
def test_every_ingest_error_is_an_ingest_error_whose_exit_status_the_cli_exits_with(
        error_class: type[Exception], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    from ingest import cli
    from ingest.errors import IngestError
    from parsers.errors import ErrorKind

    assert issubclass(error_class, IngestError) and type(error_class.exit_status) is int
    assert error_class.exit_status == EXIT_STATUS_OF[error_class.__qualname__]

    def failing_verb(args: object) -> int:
        raise error_class("a reason", ErrorKind.CORRUPT)

    monkeypatch.setattr(cli, "cmd_schema", failing_verb)
    monkeypatch.delenv("ITA_INGEST_DEBUG", raising=False)
    assert cli.main(["schema"]) == error_class.exit_status
    expected = ("error: a reason" if error_class.exit_status != cli.EXIT_INTERNAL else
                f"error: internal error: {error_class.__name__}: a reason; this is a bug in ita-ingest, please report it")
    assert capsys.readouterr().err.splitlines() == [expected]


def test_only_the_command_line_and_hints_name_flags_in_messages():
    """docs/architecture.md: the library's messages take their flag wording from ingest/hints.py."""
    flag = re.compile(r"--[a-z]")
    for path in sorted((ROOT / "ingest").glob("*.py")):
        if path.name in ("cli.py", "hints.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body
                      and isinstance(node.body[0], ast.Expr)}
        strings = [node.value for node in ast.walk(tree)
                   if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]
        # a message (words with a space); an external program's argument (`"--list-langs"`) is not one
        assert [s for s in strings if flag.search(s) and " " in s] == [], path.name


# -- one count, nothing written for nothing, a missing tool is loud (issue 32) ----------------------
def test_one_count_of_inputs_in_the_log_the_last_line_and_the_summary(tmp_path: Path):
    folder, out = tmp_path / "in", tmp_path / "out"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "sub" / "b.txt").write_bytes(SEED.read_bytes() + b"\n")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    run = cli("convert", str(folder), "--out", str(out), "--no-db", "--workers", "1")
    assert run.returncode == 0, run.stderr
    counted = re.findall(r"^\d\d:\d\d:\d\d \[(\d)/(\d)\] converted ", run.stderr, re.M)
    assert sorted(counted) == [("1", "2"), ("2", "2")]           # the non-report is not among the inputs
    assert re.search(rf"^\d\d:\d\d:\d\d left out {re.escape(str(folder / 'notes.json'))}: not a report format", run.stderr, re.M)
    assert "converting 2 inputs into" in run.stderr
    assert "2 inputs: 2 converted, 0 unchanged, 0 duplicate, 0 not a report, 0 skipped, 0 failed" in run.stderr
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert (summary["inputs"], summary["converted"], summary["skipped"], summary["not_reports"], summary["files"]) == (2, 2, 0, 1, 3)
    one = cli("convert", str(SEED), "--out", str(tmp_path / "one"), "--no-db", "-q")
    assert "\n1 input: 1 converted" in "\n" + one.stderr and "1 inputs" not in one.stderr


def test_an_empty_folder_or_only_other_files_create_nothing(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "others").mkdir()
    (tmp_path / "others" / "notes.pages").write_bytes(b"PK\x03\x04")   # Apple Pages: no reader
    for folder, said in (("empty", "no file found"), ("others", "1 other file, not reports")):
        run = cli("convert", str(tmp_path / folder), "--out", str(tmp_path / f"out_{folder}"))
        assert run.returncode == 2, run.stderr
        assert f"error: no report among the inputs ({said}); ita-ingest reads .txt" in run.stderr and "nothing was written" in run.stderr
        assert not (tmp_path / f"out_{folder}").exists()


def path_without_soffice() -> str:
    """This PATH without the folders that hold soffice or libreoffice: how a machine without LibreOffice looks."""
    folders = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join(f for f in folders if not any(Path(f, name).exists() for name in ("soffice", "libreoffice")))


def test_a_missing_libreoffice_is_a_warning_with_the_package_and_exit_3(tmp_path: Path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    for name in ("x.doc", "y.doc"):
        (folder / name).write_bytes((ROOT / "corpus" / "doc" / "000_fa47d890761d547d.doc").read_bytes())
    run = subprocess.run([sys.executable, "-m", "ingest", "convert", str(folder), "--out", str(out), "--no-db", "--workers", "1"],
                         capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT), "PATH": path_without_soffice()})
    assert run.returncode == 3, run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "2 inputs not converted: LibreOffice is not installed" in warnings[0]
    assert "libreoffice-writer-nogui" in warnings[0]
    assert re.search(r"\[\d/3\] skipped .*x\.doc: LibreOffice is not installed", run.stderr)   # every skip with its reason
    assert "3 inputs: 1 converted, 0 unchanged, 0 duplicate, 0 not a report, 2 skipped, 0 failed" in run.stderr
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert list(summary["missing_tools"].values()) == [2]


def test_the_status_line_fits_the_terminal_and_keeps_the_file_name():
    from ingest.accounting import Progress, ProgressMode
    from ingest.terminal import display_width

    progress = Progress(54, ProgressMode.STATUS_LINE)
    progress.running["archive/batch2566.zip/nongyai/ai_sso_procurement_anticorruption_measures2563.pdf"] = 0.0
    progress.running["แผนปฏิบัติการป้องกันการทุจริต/รายงาน.pdf"] = 5.0
    for width in (79, 60, 40):
        line = progress.status_text(width, now=75.0)
        assert display_width(line) <= width and line.startswith("[0/54]"), line
    assert "…" in progress.status_text(79, now=75.0) and "anticorruption_measures2563.pdf 75 s (+1)" in progress.status_text(79, now=75.0)


def test_validate_takes_folders_lists_every_error_with_v_and_a_missing_path_is_a_usage_error(tmp_path: Path):
    out = tmp_path / "out"
    assert cli("convert", str(SEED), "--out", str(out), "--no-db", "-q").returncode == 0
    broken = out / "sub" / "broken.json"
    broken.parent.mkdir()
    data = json.loads((out / f"{SEED.name}.json").read_text(encoding="utf-8"))
    data["fiscal_year"], data["source"]["sha256"] = "two thousand", "not a hash"
    broken.write_text(json.dumps(data), encoding="utf-8")
    run = cli("validate", str(out))
    assert run.returncode == 1 and "1 valid, 1 invalid" in run.stderr and "_summary" not in run.stdout
    assert "(+1 more; -v lists them)" in run.stdout
    every = cli("validate", "-v", str(out)).stdout
    assert "source.sha256: String should match pattern" in every and "fiscal_year: " in every
    missing = cli("validate", str(out), str(tmp_path / "nowhere.json"))
    assert missing.returncode == 2 and "nowhere.json: no such file or folder" in missing.stderr and not missing.stdout


def test_search_says_how_many_of_how_many_are_shown(tmp_path: Path):
    out = tmp_path / "out"
    assert cli("convert", str(SEED), "--out", str(out), "-q").returncode == 0
    run = cli("search", str(out / "ita.sqlite"), "การ", "--limit", "2")
    total = int(re.search(r"^2 of (\d+) shown \(--limit 2\)$", run.stderr, re.M).group(1))  # type: ignore[union-attr]
    assert run.returncode == 0 and total > 2 and len(run.stdout.splitlines()) == 2
    assert f"{total} matches" in cli("search", str(out / "ita.sqlite"), "การ", "--limit", str(total + 5)).stderr


def test_a_log_says_when_a_long_document_started_and_beats_while_it_runs(capsys: pytest.CaptureFixture[str]):
    import time

    from ingest.accounting import HEARTBEAT, LONG_DOCUMENT, Progress, ProgressMode

    progress = Progress(54, ProgressMode.LOG)   # clocks set back, not waited for
    progress.running["real/scan.zip/x.pdf"] = time.monotonic() - LONG_DOCUMENT - 1
    progress._log_clocks()
    progress.spoke = time.monotonic() - HEARTBEAT - 1
    progress._log_clocks()
    lines = capsys.readouterr().err.splitlines()
    assert re.fullmatch(r"\d\d:\d\d:\d\d \[0/54\] started real/scan\.zip/x\.pdf at \d\d:\d\d:\d\d, running 11 s", lines[0]), lines
    assert re.fullmatch(r"\d\d:\d\d:\d\d \[0/54\] running: real/scan\.zip/x\.pdf \(11 s\)", lines[1]), lines
    assert len(lines) == 2   # the started line is said once
