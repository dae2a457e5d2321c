"""Hostile inputs and a hostile machine, each through the real command line in a subprocess
(issue 17): no traceback anywhere, every input a manifest line with its reason and
`error_kind`, nothing written outside --out, no temporary leftovers, each within a time bound.

One folder holds every bad-input case and is converted once; each case is then its own test.
Environment cases (a file as --out, a full or read-only disk, two runs sharing a store or a
JSONL, SIGTERM and kill -9 mid-batch) each run their own command."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.synthetic import SEEDS, build_archive, png_header_only

ROOT = Path(__file__).resolve().parent.parent
SEED = SEEDS[2]
THAI_NAME = "รายงานผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงาน"  # 78 characters, 234 bytes
CASE_BOUND = 20.0   # seconds any one input of the hostile folder may take (the run's --timeout)


# -- running the command line --------------------------------------------------------------
def env_for(tmp: Path) -> dict[str, str]:
    temp = tmp / "tmpdir"
    temp.mkdir(exist_ok=True)
    return {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)}


def cli(tmp: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ingest", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env_for(tmp), timeout=timeout)


def start(tmp: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env_for(tmp), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


def runs(out: Path) -> dict[str, list[dict]]:
    """The manifest's lines by run id, in order."""
    by_run: dict[str, list[dict]] = {}
    for line in (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        by_run.setdefault(entry["run"], []).append(entry)
    return by_run


def last_run(out: Path) -> list[dict]:
    return list(runs(out).values())[-1]


def summary(out: Path) -> dict:
    return json.loads((out / "_summary.json").read_text(encoding="utf-8"))


def assert_clean(run: subprocess.CompletedProcess[str] | tuple[int, str], tmp: Path, out: Path, before: set[Path]) -> None:
    """No traceback; nothing new outside `out` (and the test's own files); no temporaries left."""
    stderr = run[1] if isinstance(run, tuple) else run.stderr
    assert "Traceback" not in stderr, stderr
    outside = {p for p in files_under(tmp) - before if not p.is_relative_to(out)}
    assert not outside, outside
    assert not [p for p in files_under(out) if p.name.endswith(".tmp")]
    assert not list((tmp / "tmpdir").iterdir()), "temporary files left in TMPDIR"


def our_processes(marker: str) -> list[int]:
    """Processes whose command line names `marker` (the batch and its forked workers share it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(os.getpid()):
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                state = next((line for line in (entry / "status").read_text().splitlines() if line.startswith("State:")), "")
            except OSError:
                continue
            if marker in command and "zombie" not in state:
                found.append(int(entry.name))
    return found


# -- the hostile folder ----------------------------------------------------------------------
def zip_bytes(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is the point of one case
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def corrupt_deflate(good: bytes) -> bytes:
    data = bytearray(zip_bytes([("a.txt", good), ("b.txt", good + b"\n")]))
    data[60:80] = b"\xff" * 20  # inside a.txt's deflate stream
    return bytes(data)


def bad_crc(good: bytes) -> bytes:
    data = bytearray(zip_bytes([("c.txt", good)], zipfile.ZIP_STORED))
    data[data.find(good[:64]) + 100] ^= 1
    return bytes(data)


def invalid_utf8_name(good: bytes) -> bytes:
    """An entry whose name is flagged UTF-8 (a Thai name sets the flag) but is not."""
    name = "ก.txt".encode()
    return zip_bytes([("ก.txt", good)]).replace(name, b"\xe0\xb8\xff.txt")


def long_name(total_bytes: int) -> str:
    name = THAI_NAME + "ก" * ((total_bytes - 4 - len(THAI_NAME.encode())) // 3)
    return name + "x" * (total_bytes - 4 - len(name.encode())) + ".txt"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str], set[Path]]:
    tmp = tmp_path_factory.mktemp("hostile")
    folder, out = tmp / "in", tmp / "out"
    folder.mkdir()
    good = SEED.read_bytes()
    (folder / "deflate.zip").write_bytes(corrupt_deflate(good))
    (folder / "crc.zip").write_bytes(bad_crc(good))
    (folder / "badname.zip").write_bytes(invalid_utf8_name(good))
    (folder / "dups.zip").write_bytes(zip_bytes([("d.txt", good), ("d.txt", b"the second entry's bytes\n")]))
    (folder / f"{THAI_NAME}.txt").write_bytes(good.replace(b"\n", b"\n\n", 1))
    (folder / long_name(251)).write_bytes(good + b"\n\n")
    (folder / "r.txt").write_bytes(good + b" ")
    (folder / "r.txt.json").mkdir()
    (folder / "r.txt.json" / "s.txt").write_bytes(good + b"  ")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "nul.txt").write_bytes(good + b"\n" * 9000 + b"abc\x00def\n")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "etc").symlink_to("/etc")
    (folder / "dangling.txt").symlink_to(tmp / "nowhere.txt")
    (folder / "codes_one_line.txt").write_text("O39 " * 20_000, encoding="utf-8")
    (folder / "codes_many_lines.txt").write_text("O39 ไม่ได้คะแนน\n" * 8_000, encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "bomb.png").write_bytes(png_header_only(40_000, 40_000))
    (folder / "notes.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04")
    before = files_under(tmp)
    run = cli(tmp, "convert", str(folder), "--out", str(out), "--workers", "2", "--timeout", str(CASE_BOUND),
              "--page-timeout", "0")
    return out, run, before


# input (the manifest's `input`, after the folder) -> (status, error_kind, words of the reason)
CASES: dict[str, tuple[str, str | None, str]] = {
    "deflate.zip/a.txt": ("failed", "corrupt", "damaged archive entry"),
    "deflate.zip/b.txt": ("converted", None, ""),
    "crc.zip/c.txt": ("failed", "corrupt", "Bad CRC-32"),
    "badname.zip": ("failed", "corrupt", "unreadable zip archive"),
    "dups.zip/d.txt": ("converted", None, ""),             # the first entry: its own bytes (checked below)
    f"{THAI_NAME}.txt": ("converted", None, ""),           # 234 bytes: mkstemp's name used to overflow
    long_name(251): ("failed", "unsafe_path", "over the 255-byte limit"),
    "r.txt": ("converted", None, ""),
    "r.txt.json/s.txt": ("failed", "output_conflict", "already taken by"),
    "empty.txt": ("failed", "empty", "the file is empty"),   # not empty.pdf's "not a PDF" (same bytes)
    "empty.pdf": ("failed", "not_pdf", "not a PDF"),
    "nul.txt": ("converted", None, ""),
    "passwd.txt": ("failed", "unsafe_path", "outside the input folder"),
    "etc": ("skipped", None, "symlink to a folder"),
    "dangling.txt": ("failed", "unreadable_file", "dangling symlink"),
    "codes_one_line.txt": ("not_a_report", None, "no ITA content"),     # item codes of no organisation: no report
    "codes_many_lines.txt": ("not_a_report", None, "no ITA content"),
    "photo.jpg": ("failed", "corrupt", "not an image"),      # images are read (issue 28): three bytes are no JPEG
    "bomb.png": ("failed", "too_large", "too large to decode safely"),  # 1.6 G pixels claimed in 100 bytes
    "notes.xlsx": ("failed", "corrupt", "not an XLSX"),      # workbooks are read (issue 29): four bytes are no XLSX
    "slides.pptx": ("skipped", None, "not a report format"),
}


def test_the_hostile_folder_runs_to_the_end_without_a_traceback(hostile_run, tmp_path_factory):
    out, run, before = hostile_run
    assert run.returncode == 1, run.stderr   # some inputs failed; the run itself did not
    assert_clean(run, out.parent, out, before)
    lines = last_run(out)
    assert len(lines) == len(CASES) + 1      # + the second dups.zip/d.txt, refused below
    assert summary(out)["state"] == "complete" and summary(out)["files"] == len(lines)   # inputs and the files that are not reports
    assert not [p for p in files_under(out) if p.suffix == ".json" and "passwd" in p.name]


@pytest.mark.parametrize("name", list(CASES))
def test_each_hostile_input_has_its_manifest_line(hostile_run, name: str):
    out, run, _ = hostile_run
    status, kind, reason = CASES[name]
    lines = [m for m in last_run(out) if m["input"].split("/in/", 1)[1] == name]
    line = next((m for m in lines if m["status"] == status), lines[0])  # dups.zip/d.txt has two
    assert (line["status"], line["error_kind"]) == (status, kind), line
    assert reason in (line["error"] or line["skip_reason"] or ""), line
    assert line["seconds"] < CASE_BOUND
    if status == "failed":
        assert f"error: {line['input']}: " in run.stderr
    if status in ("converted", "not_a_report"):
        assert (out / line["output"]).is_file()


def test_duplicate_zip_names_keep_each_entrys_bytes(hostile_run):
    out, _, _ = hostile_run
    first, second = sorted((m for m in last_run(out) if m["input"].endswith("dups.zip/d.txt")), key=lambda m: m["status"] != "converted")
    report = json.loads((out / "dups.zip" / "d.txt.json").read_text(encoding="utf-8"))
    assert report["source"]["sha256"] == hashlib.sha256(SEED.read_bytes()).hexdigest() == first["sha256"]
    assert second["status"] == "failed" and second["error_kind"] == "output_conflict"


def test_nul_bytes_past_the_probe_reach_no_output(hostile_run):
    out, _, _ = hostile_run
    text = (out / "nul.txt.json").read_text(encoding="utf-8")
    assert "\\u0000" not in text and "\x00" not in text
    with sqlite3.connect(out / "ita.sqlite") as db:
        assert not db.execute("SELECT COUNT(*) FROM item_refs WHERE instr(text, char(0)) > 0").fetchone()[0]


def test_a_zip_of_twenty_thousand_entries_is_read_in_one_pass(tmp_path: Path):
    """Reopening the archive per entry parsed its whole directory each time (1.7 entries/s at 100,000)."""
    archive, out = tmp_path / "many.zip", tmp_path / "out"
    archive.write_bytes(zip_bytes([(f"d{i // 1000}/e{i}.txt", b"") for i in range(20_000)], zipfile.ZIP_STORED))
    before = files_under(tmp_path)
    started = time.monotonic()
    run = cli(tmp_path, "convert", str(archive), "--out", str(out), "--no-db", timeout=240)
    assert run.returncode == 1 and time.monotonic() - started < 120, run.stderr[-500:]
    assert_clean(run, tmp_path, out, before)
    lines = last_run(out)
    assert len(lines) == 20_000 and {m["error_kind"] for m in lines} == {"empty"}


def test_the_606_byte_backtracking_file_converts_in_time(tmp_path: Path):
    source, out = tmp_path / "iit.txt", tmp_path / "out"
    source.write_text("IIT " + "มีค่า" * 40 + "x\n", encoding="utf-8")
    assert len(source.read_bytes()) == 606
    run = cli(tmp_path, "convert", str(source), "--out", str(out), "--timeout", "10")
    assert last_run(out)[0]["status"] == "not_a_report", run.stderr   # read in time; an indicator's name alone is no ITA content


# -- arguments the run refuses at once: exit 2 -------------------------------------------------
def refused(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    before = files_under(tmp)
    run = cli(tmp, "convert", *args)
    assert run.returncode == 2, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: "), run.stderr
    assert "Traceback" not in run.stderr and files_under(tmp) == before
    return run


def test_out_that_is_a_file_is_refused(tmp_path: Path):
    (tmp_path / "file").write_text("x")
    assert "is a file" in refused(tmp_path, str(SEED), "--out", str(tmp_path / "file")).stderr


def test_jsonl_that_is_a_folder_is_refused(tmp_path: Path):
    (tmp_path / "out").mkdir()
    assert "is a folder" in refused(tmp_path, str(SEED), "--out", str(tmp_path / "out"), "--jsonl", str(tmp_path)).stderr


def test_a_db_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path):
    (tmp_path / "out").mkdir()
    (tmp_path / "notes.db").write_text("not a database\n" * 100)
    run = refused(tmp_path, str(SEED), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "notes.db"))
    assert "cannot be used as an SQLite store" in run.stderr
    assert (tmp_path / "notes.db").read_text() == "not a database\n" * 100


@pytest.mark.parametrize("inside", [".", "sub"])
def test_inputs_inside_out_are_refused_not_counted_as_zero(tmp_path: Path, inside: str):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_bytes(SEED.read_bytes())
    assert "inside the output folder" in refused(tmp_path, str(folder / inside), "--out", str(folder)).stderr


def test_scheduler_without_the_dask_engine_is_refused(tmp_path: Path):
    assert "--engine dask" in refused(tmp_path, str(SEED), "--out", str(tmp_path / "o"), "--scheduler", "tcp://x:1").stderr


# -- the machine stops the run: exit 3, one line, a consistent summary ---------------------------
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode:
        pytest.skip("needs a tmpfs mount (root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def assert_stopped_by_the_machine(run: subprocess.CompletedProcess[str], out: Path) -> None:
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr
    assert [line for line in run.stderr.splitlines() if line.startswith("error: ") and "stopped after" in line]
    if (out / "_summary.json").exists():
        s = summary(out)
        assert s["interrupted"] and s["state"] in ("failed", "running") and s["inputs"] <= len(last_run(out))
    assert not [p for p in files_under(out) if p.name.endswith(".tmp")]


def test_a_full_disk_stops_the_run_with_one_line(tmp_path: Path, small_disk: Path):
    folder = tmp_path / "in"
    build_archive(folder, 60, seed=3, pdfs=False)
    out = small_disk / "out"
    run = cli(tmp_path, "convert", str(folder), "--out", str(out), "--workers", "2")
    assert_stopped_by_the_machine(run, out)
    assert "No space left on device" in run.stderr or "disk is full" in run.stderr


def test_a_read_only_out_stops_the_run_with_one_line(tmp_path: Path, small_disk: Path):
    (small_disk / "out").mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    run = cli(tmp_path, "convert", str(SEED), "--out", str(small_disk / "out"))
    assert run.returncode == 3 and "Read-only file system" in run.stderr and "Traceback" not in run.stderr, run.stderr


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path):
    started = time.monotonic()
    run = cli(tmp_path, "convert", str(SEED), "--out", str(tmp_path / "o"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert run.returncode == 3 and "Traceback" not in run.stderr, run.stderr
    assert len([line for line in run.stderr.splitlines() if line.startswith("error: ")]) == 1
    assert time.monotonic() - started < 60


# -- two runs at once --------------------------------------------------------------------------
def test_two_runs_sharing_a_store_both_finish(tmp_path: Path):
    first_in, second_in = tmp_path / "a", tmp_path / "b"
    build_archive(first_in, 30, seed=5, pdfs=False)
    build_archive(second_in, 30, seed=6, pdfs=False)
    db = tmp_path / "shared.sqlite"
    runs_ = [start(tmp_path, "convert", str(folder), "--out", str(tmp_path / f"out_{folder.name}"), "--db", str(db),
                   "--workers", "1") for folder in (first_in, second_in)]
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in runs_]
    assert all(code in (0, 1) and "locked" not in err and "Traceback" not in err for code, err in results), results
    stored = sum(m["status"] in ("converted", "duplicate") for folder in (first_in, second_in)
                 for m in last_run(tmp_path / f"out_{folder.name}"))
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM document_paths").fetchone()[0] == stored > 0


def _open_new_store_at(path: str, start_at: float) -> str:
    """Open (create) the store at `path` at the same moment as other processes; what happened."""
    from ingest.store import Store
    time.sleep(max(start_at - time.time(), 0))
    try:
        with Store(Path(path)):
            return "ok"
    except Exception as error:
        return repr(error)


def test_runs_creating_one_store_at_the_same_moment_all_open_it(tmp_path: Path):
    """Four processes creating one new store together: each waits for the others' WAL switch
    (SQLite answered 'database is locked' at once to 1 opening in 16 without the retry)."""
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(4) as pool:
        pool.submit(time.sleep, 0).result()
        outcomes = []
        for trial in range(15):
            start_at = time.time() + 0.3
            path = str(tmp_path / f"store_{trial}.sqlite")
            outcomes += list(pool.map(_open_new_store_at, [path] * 4, [start_at] * 4))
    assert outcomes == ["ok"] * 60, [o for o in outcomes if o != "ok"][:3]


def test_a_second_run_on_the_same_jsonl_is_refused_and_the_first_keeps_it(tmp_path: Path):
    folder, jsonl = tmp_path / "in", tmp_path / "all.jsonl"
    build_archive(folder, 60, seed=8, pdfs=False)
    first = start(tmp_path, "convert", str(folder), "--out", str(tmp_path / "o1"), "--jsonl", str(jsonl), "--workers", "1")
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".ita-all.jsonl.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = cli(tmp_path, "convert", str(SEED), "--out", str(tmp_path / "o2"), "--jsonl", str(jsonl))
    code = first.wait(timeout=300)
    assert second.returncode == 2 and "--jsonl" in second.stderr and "Traceback" not in second.stderr, second.stderr
    assert code in (0, 1)
    written = sum(m["status"] in ("converted", "duplicate", "unchanged") for m in last_run(tmp_path / "o1"))
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == written > 0


# -- signals -----------------------------------------------------------------------------------
def wait_for_lines(out: Path, count: int, process: subprocess.Popen[str], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        manifest = out / "_manifest.jsonl"
        if manifest.exists() and manifest.read_text(encoding="utf-8").count("\n") >= count:
            return
        time.sleep(0.05)
    raise AssertionError("the batch did not get going")


def gone(marker: str, limit: float = 10) -> bool:
    deadline = time.monotonic() + limit
    while our_processes(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not our_processes(marker)


# SIGHUP (the terminal closed) and SIGQUIT (a supervisor) stop the run as SIGTERM does (issue 31 #9:
# they used to kill it without its cleanup: summary `running`, the lock kept, an output without its line).
STOPS = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


@pytest.mark.parametrize("how", [*STOPS, signal.SIGKILL])
def test_a_killed_convert_leaves_no_process_and_the_rerun_is_not_refused(tmp_path: Path, how: signal.Signals):
    folder, out = tmp_path / "in", tmp_path / f"out_{how.name}"
    build_archive(folder, 150, seed=9, pdfs=False)
    run = start(tmp_path, "convert", str(folder), "--out", str(out), "--workers", "2")
    wait_for_lines(out, 10, run)
    run.send_signal(how)   # the batch process only, as `kill` does: its workers must follow
    code = run.wait(timeout=30)
    assert code == (128 + how if how in STOPS else -signal.SIGKILL), run.stderr.read() if run.stderr else ""
    assert gone(str(out)), f"left behind: {our_processes(str(out))}"
    if how in STOPS:
        stderr = run.stderr.read() if run.stderr else ""
        assert "Traceback" not in stderr and f"terminated ({how.name})" in stderr
        assert summary(out)["interrupted"] and summary(out)["state"] == "interrupted"
        assert summary(out)["files"] == len(last_run(out))
        written = {m["sha256"] for m in last_run(out) if m["status"] == "converted"}
        with sqlite3.connect(out / "ita.sqlite") as db:   # what was written is stored: the store commits on SIGTERM
            assert {row[0] for row in db.execute("SELECT sha256 FROM documents")} == written
    again = cli(tmp_path, "convert", str(folder), "--out", str(out), "--workers", "2")
    assert again.returncode in (0, 1) and "another ita-ingest run" not in again.stderr, again.stderr
    assert len(runs(out)) == 2 and len(last_run(out)) == 150 and not summary(out)["interrupted"]
