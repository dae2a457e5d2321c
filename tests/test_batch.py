"""Archive-scale batches: a synthetic archive of 1,000 documents, kill -9 and resume,
hostile inputs, the SQLite store, and the Dask engine on a real LocalCluster."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from ingest.batch import MANIFEST_NAME, Batch, BatchBusy, BatchOptions
from ingest.engines import dask_results
from ingest.locks import FolderLock
from ingest.sources import unsafe_entry_name
from ingest.store import Store
from ingest.worker import Task
from parsers.errors import ErrorKind
from schema.models import Report
from tests.synthetic import SEEDS, build_archive, latin_pdf, slow_pdf

ROOT = Path(__file__).resolve().parent.parent
SEED = SEEDS[2]
STORE_TABLES = ("documents", "document_paths", "organizations", "tool_scores", "indicator_scores", "conflicts",
                "item_scores", "measures", "measure_steps", "measure_responsible", "item_refs", "warnings")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ingest.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def manifest(out: Path) -> list[dict]:
    """The last run's lines of the append-only manifest."""
    lines = [json.loads(line) for line in (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()]
    return [m for m in lines if m["run"] == lines[-1]["run"]] if lines else []


def report_outputs(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.json") if not p.name.startswith("_"))


def row_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return {t: connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in STORE_TABLES}


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    kinds = build_archive(folder, 1000)
    assert kinds["pdf"] > 0 and kinds["duplicate"] > 0 and kinds["broken"] > 0
    return folder


def test_a_thousand_document_archive_has_one_line_and_one_output_each(archive: Path, tmp_path: Path):
    out, db, jsonl = tmp_path / "out", tmp_path / "ita.sqlite", tmp_path / "all.jsonl"
    outcomes = Batch(BatchOptions(out, workers=2, db=db, jsonl=jsonl)).run([archive])
    inputs = sorted(p.relative_to(archive).as_posix() for p in archive.rglob("*") if p.is_file())
    lines = manifest(out)
    assert len(inputs) == 1000 and sorted(m["path"] for m in lines) == inputs
    written = [m for m in lines if m["status"] in ("converted", "duplicate", "not_a_report")]
    ok = [m for m in written if m["status"] != "not_a_report"]   # the reports: stored and in the JSONL
    assert sorted(m["output"] for m in written) == [p.relative_to(out).as_posix() for p in report_outputs(out)]
    assert all(m["output"] == f"{m['path']}.json" for m in written)
    statuses = Counter(m["status"] for m in lines)
    assert statuses["skipped"] == sum(p.endswith(".pages") for p in inputs)
    assert statuses["failed"] == sum("broken_" in p for p in inputs)
    assert all(m["error"] for m in lines if m["status"] == "failed")
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == len(ok)
    counts = row_counts(db)
    unique = {m["sha256"]: out / m["output"] for m in ok}
    assert counts["documents"] == len(unique) == statuses["converted"]
    assert counts["document_paths"] == len(ok)
    assert counts["measures"] == sum(len(json.loads(p.read_text(encoding="utf-8"))["measures"]) for p in unique.values())
    assert not leftovers(out)
    pdf_lines = [m for m in lines if m["path"].endswith(".pdf")]
    # 'ITA report 12 / score 85.20' in Latin letters: nothing the extractors read as ITA content
    assert pdf_lines and all(m["status"] == "not_a_report" and m["pages"] == 1 for m in pdf_lines)
    assert len(outcomes) == 1000

    again = Batch(BatchOptions(out, workers=2, db=db)).run([archive])
    assert Counter(o.status for o in again) == Counter({**statuses, "unchanged": statuses["converted"], "converted": 0})
    assert row_counts(db) == counts


def test_kill_minus_nine_midway_then_resume(tmp_path: Path):
    archive, out = tmp_path / "archive", tmp_path / "out"
    build_archive(archive, 400, seed=11)
    command = [sys.executable, "-m", "ingest.cli", "convert", str(archive), "--out", str(out), "--workers", "2"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = (out / MANIFEST_NAME).read_text(encoding="utf-8").count("\n") if (out / MANIFEST_NAME).exists() else 0
        if done >= 100:
            break
        time.sleep(0.02)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL
    killed_lines = [json.loads(line) for line in (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
                    if line.endswith("}")]
    assert 100 <= len(killed_lines) < 400, "the run was not interrupted midway"

    second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert second.returncode == 1, second.stderr  # the archive has broken files
    lines = manifest(out)
    assert len(lines) == 400 == len({m["path"] for m in lines})
    converted_before = {m["path"] for m in killed_lines if m["status"] == "converted"}
    converted_after = {m["path"] for m in lines if m["status"] == "converted"}
    assert not converted_before & converted_after, "a document was parsed twice"
    unchanged = {m["path"] for m in lines if m["status"] == "unchanged"}
    assert converted_before <= unchanged
    assert len(report_outputs(out)) == sum(m["status"] in ("converted", "unchanged", "duplicate", "not_a_report") for m in lines)
    assert not leftovers(out)
    counts = row_counts(out / "ita.sqlite")
    with sqlite3.connect(out / "ita.sqlite") as connection:
        shas = connection.execute("SELECT COUNT(DISTINCT sha256) FROM document_paths").fetchone()[0]
    assert counts["documents"] == shas == len(converted_after | unchanged)
    assert counts["document_paths"] == len(report_outputs(out)) - sum(m["status"] == "not_a_report" for m in lines)


def encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zero_page_pdf(path: Path) -> None:
    pdfium.PdfDocument.new().save(path)


def zip_with(path: Path, entries: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "in"
    folder.mkdir()
    good = SEED.read_bytes()
    (folder / "zero.txt").write_bytes(b"")
    (folder / "random.pdf").write_bytes(os.urandom(3000))
    (folder / "truncated.pdf").write_bytes(latin_pdf(["ITA score 90.00"] * 40)[:400])
    (folder / "encrypted.pdf").write_bytes(encrypted_pdf())
    zero_page_pdf(folder / "nopages.pdf")
    (folder / "slow.pdf").write_bytes(slow_pdf(6_000_000))
    with (folder / "junk.txt").open("wb") as stream:
        for _ in range(50):
            stream.write(os.urandom(2**20))
    zip_with(folder / "evil.zip", {"../evil.txt": good, "/abs/evil.txt": good, "ok/report.txt": good})
    with zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * (200 * 2**20))
    (folder / "good.txt").write_bytes(good)
    return folder


def test_hostile_inputs_each_fail_alone_with_a_reason(hostile: Path, tmp_path: Path):
    out = tmp_path / "out"
    run = cli("convert", str(hostile), "--out", str(out), "--timeout", "2", "--page-timeout", "0")
    assert run.returncode == 1
    failures = [line.split("] error: ", 1)[1] for line in run.stderr.splitlines() if "] error: " in line]  # `12:04:31 [3/9] error: …`
    errors = {line.split(": ", 1)[0]: line for line in failures}
    expected = {  # input: (reason in its error line, the manifest's error_kind)
        "zero.txt": ("empty", "empty"),
        "random.pdf": ("not a PDF", "not_pdf"),
        "truncated.pdf": ("corrupt or truncated PDF", "corrupt"),
        "encrypted.pdf": ("encrypted", "encrypted"),
        "nopages.pdf": ("no pages", "no_pages"),
        "slow.pdf": ("timed out after 2 s", "timeout"),
        "junk.txt": ("over the 16 MiB limit", "too_large"),
        "evil.zip/../evil.txt": ("zip-slip", "unsafe_path"),
        "evil.zip//abs/evil.txt": ("absolute path", "unsafe_path"),
        "bomb.zip/bomb.txt": ("zip bomb", "archive_bomb"),
    }
    kinds = {m["input"]: m["error_kind"] for m in manifest(out)}
    for name, (reason, kind) in expected.items():
        line = next((text for path, text in errors.items() if path.endswith(name)), None)
        assert line is not None and reason in line, f"{name}: {line}"
        assert next(k for path, k in kinds.items() if path.endswith(name)) == kind, name
    assert len(errors) == len(expected)
    assert {k for path, k in kinds.items() if path.endswith("good.txt")} == {None}
    assert sorted(p.relative_to(out).as_posix() for p in report_outputs(out)) == ["evil.zip/ok/report.txt.json", "good.txt.json"]
    assert not (tmp_path / "evil.txt").exists() and not Path("/abs/evil.txt").exists()
    assert not [p for p in tmp_path.rglob("evil.txt*") if not p.is_relative_to(hostile)]
    assert len(manifest(out)) == 12


def test_a_pdf_gets_time_for_each_of_its_pages(hostile: Path, tmp_path: Path):
    """--timeout is per document plus --page-timeout per page: the one-page slow PDF gets 1 + 2 s."""
    out = tmp_path / "out"
    run = cli("convert", str(hostile / "slow.pdf"), "--out", str(out), "--timeout", "1", "--page-timeout", "2")
    assert run.returncode == 1 and "timed out after 3 s" in run.stderr
    assert manifest(out)[0]["error_kind"] == "timeout"


def test_a_pdf_that_eats_memory_is_killed_by_the_memory_limit(hostile: Path, tmp_path: Path):
    out = tmp_path / "out"
    run = cli("convert", str(hostile / "slow.pdf"), str(hostile / "good.txt"), "--out", str(out), "--max-memory", "400")
    assert run.returncode == 1
    assert "slow.pdf: worker process died" in run.stderr and "raise --max-memory" in run.stderr
    assert {m["path"]: m["status"] for m in manifest(out)} == {"slow.pdf": "failed", "good.txt": "converted"}


def test_same_content_under_two_names_is_parsed_once(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "b.txt").write_bytes(SEED.read_bytes())
    outcomes = Batch(BatchOptions(tmp_path / "out", workers=1)).run([folder])
    assert [(o.status, o.duplicate_of) for o in outcomes] == [("converted", None), ("duplicate", "a.txt")]
    a, b = (json.loads((tmp_path / "out" / f"{n}.json").read_text(encoding="utf-8")) for n in ("a.txt", "b.txt"))
    assert b["source"]["path"] == "b.txt" and {**b, "source": a["source"]} == a


def test_two_roots_with_the_same_relative_path_never_overwrite_each_other(tmp_path: Path):
    """corpus/pdf/002… and corpus/legacy/002… are both '002….pdf' relative to their roots."""
    outcomes = Batch(BatchOptions(tmp_path / "out", workers=1)).run([ROOT / "corpus" / "pdf", ROOT / "corpus" / "legacy"])
    second = [o for o in outcomes if o.item.origin.startswith(str(ROOT / "corpus" / "legacy"))]
    assert [(o.status, "already taken" in (o.error or "")) for o in second] == [("failed", True)]
    report = json.loads((tmp_path / "out" / "002_600daf04b282d892.pdf.json").read_text(encoding="utf-8"))
    assert report["source"]["sha256"] == hashlib.sha256((ROOT / "corpus" / "pdf" / "002_600daf04b282d892.pdf").read_bytes()).hexdigest()


def test_force_converts_again(tmp_path: Path):
    options = BatchOptions(tmp_path / "out", workers=1)
    Batch(options).run([SEED])
    assert [o.status for o in Batch(options).run([SEED])] == ["unchanged"]
    options.force = True
    assert [o.status for o in Batch(options).run([SEED])] == ["converted"]


def test_a_second_run_into_the_same_folder_is_refused(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    with FolderLock(out / ".ita-ingest.lock", BatchBusy), pytest.raises(BatchBusy, match="another ita-ingest run"):
        Batch(BatchOptions(out, workers=1)).run([SEED])


@pytest.mark.parametrize(("name", "problem"), [
    ("reports/2566/a.txt", None),
    ("../evil.txt", "zip-slip"),
    ("a/../../evil.txt", "zip-slip"),
    ("..\\evil.txt", "zip-slip"),
    ("/etc/passwd", "absolute"),
    ("C:\\Windows\\evil.txt", "absolute"),
    ("a..b/report.txt", None),
])
def test_unsafe_zip_names(name: str, problem: str | None):
    reason = unsafe_entry_name(name)
    assert (reason is None) if problem is None else (reason is not None and problem in reason)


def test_store_is_idempotent_and_replaces_other_parser_versions(tmp_path: Path):
    report = json.loads(cli("convert", str(SEED), "--out", str(tmp_path / "o"), "--no-db").returncode == 0
                        and (tmp_path / "o" / f"{SEED.name}.json").read_text(encoding="utf-8"))
    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        store.add(Report.model_validate(report), "a.json")
        store.add(Report.model_validate(report), "a.json")
    first = row_counts(db)
    assert first["documents"] == 1 and first["measures"] == len(report["measures"]) and first["warnings"] == len(report["warnings"])
    with Store(db) as store:
        store.add(Report.model_validate({**report, "parser_version": "0.0.1"}), "a.json")
    assert row_counts(db) == first
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT parser_version FROM documents").fetchall() == [("0.0.1",)]


def test_dask_engine_on_a_local_cluster_gives_the_same_outputs(tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    local_out, dask_out = tmp_path / "local", tmp_path / "dask"
    seeds = ROOT / "corpus" / "seeds"
    Batch(BatchOptions(local_out, workers=1)).run([seeds])
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        outcomes = Batch(BatchOptions(dask_out, engine="dask", scheduler=cluster.scheduler_address, db=tmp_path / "d.sqlite")).run([seeds])
    assert Counter(o.status for o in outcomes) == {"converted": 5, "skipped": 5}
    for path in report_outputs(local_out):
        assert (dask_out / path.relative_to(local_out)).read_bytes() == path.read_bytes()
    assert row_counts(tmp_path / "d.sqlite")["documents"] == 5


def test_dask_engine_cancels_a_task_past_its_own_time_limit_and_goes_on():
    """The slow PDF fails `timeout` at its own 1.5 s (the engine waited by the base --timeout, and
    distributed's wait raised TimeoutError out of the run when no task finished by then), the
    others convert, and the limit of tasks in flight stays 1 (it became the cancelled task's time
    limit in seconds: 1.5, so two in flight)."""
    distributed = pytest.importorskip("distributed")
    slow = slow_pdf(1_000_000)  # ~4.5 s of pdfium
    tasks = [Task(0, "slow.pdf", "pdf", hashlib.sha256(slow).hexdigest(), slow, time_limit=1.5)]
    tasks += [Task(key, seed.name, "text", hashlib.sha256(seed.read_bytes()).hexdigest(), seed.read_bytes())
              for key, seed in enumerate(SEEDS[:3], start=1)]
    started: list[int] = []
    in_flight, most_in_flight, results = 0, 0, []

    def on_start(task: Task) -> None:
        nonlocal in_flight, most_in_flight
        started.append(task.key)
        in_flight += 1
        most_in_flight = max(most_in_flight, in_flight)

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        for result in dask_results(tasks, cluster.scheduler_address, timeout=120, in_flight=1, on_start=on_start):
            results.append(result)
            in_flight -= 1
    assert [(r.key, r.error_kind) for r in results] == [(0, ErrorKind.TIMEOUT), (1, None), (2, None), (3, None)]
    assert most_in_flight == 1


def test_datasette_browses_the_store_as_is(tmp_path: Path):
    datasette_app = pytest.importorskip("datasette.app")
    out = tmp_path / "out"
    assert cli("convert", str(ROOT / "corpus" / "seeds"), "--out", str(out)).returncode == 0

    async def fetch() -> tuple[list[dict], list[dict]]:
        browser = datasette_app.Datasette([str(out / "ita.sqlite")])
        tables = await browser.client.get("/ita.json")
        refs = await browser.client.get("/ita/item_refs.json?_shape=array&code=O39&context=deficiency")
        assert tables.status_code == 200 and refs.status_code == 200
        return tables.json()["tables"], refs.json()

    tables, refs = asyncio.run(fetch())
    assert {t["name"] for t in tables} >= set(STORE_TABLES)
    assert refs and all(r["code"] == "O39" and r["line"] for r in refs)
