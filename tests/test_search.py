"""The documents' text out: the store's blocks table and its FTS5 index, `ita-ingest search`, and
Datasette's search on the same index. The corpus (text, PDF and DOCX of the seeds) is converted
once through the batch as a user runs it."""

import asyncio
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.batch import Batch, BatchOptions
from ingest.search import search, snippet
from parsers.extract.text_blocks import fts_query, segment_words
from parsers.pipeline import read_document

ROOT = Path(__file__).resolve().parent.parent
SEED = "000_fa47d890761d547d"
WORD = "ประมวลจริยธรรม"
INPUTS = [ROOT / "corpus" / "seeds", ROOT / "corpus" / "pdf", ROOT / "corpus" / "docx"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search")
    outcomes = Batch(BatchOptions(out / "out", workers=2, db=out / "out" / "ita.sqlite", markdown=out / "md")).run(INPUTS)
    assert {o.status for o in outcomes if o.item.format} == {"converted"}
    return out


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ingest.cli", *args], capture_output=True, text=True, cwd=ROOT)


def places_of(word: str, path: Path, format_name: str) -> set[tuple[int | None, int | None]]:
    """Where the reader itself put the word: (page, line) of every line or row that has it."""
    document = read_document(path.read_bytes(), format_name)
    return {(line.origin.page, line.origin.line) for line in document.lines() if word in line.text}


def test_the_text_report_lines_are_found_with_their_line(out: Path):
    hits = [h for h in search(out / "out" / "ita.sqlite", WORD, limit=50) if h.path == f"{SEED}.txt"]
    seed_lines = [n for n, line in enumerate((ROOT / "corpus" / "seeds" / f"{SEED}.txt").read_text(encoding="utf-8").splitlines(), 1)
                  if WORD in line]
    assert seed_lines and sorted(h.line for h in hits) == seed_lines
    assert all(h.page is None and WORD in h.text for h in hits)


def test_the_pdf_lines_are_found_with_their_page_and_line(out: Path):
    hits = [h for h in search(out / "out" / "ita.sqlite", WORD, limit=50) if h.path == f"{SEED}.pdf"]
    expected = places_of(WORD, ROOT / "corpus" / "pdf" / f"{SEED}.pdf", "pdf")
    assert expected and {(h.page, h.line) for h in hits} == expected
    assert all(h.page is not None and h.page >= 1 for h in hits)


def test_the_search_verb_prints_file_page_line_and_snippet(out: Path):
    run = cli("search", str(out / "out" / "ita.sqlite"), WORD)
    assert run.returncode == 0, run.stderr
    rows = [line.split("\t") for line in run.stdout.splitlines()]
    by_file = {row[0]: row for row in rows}
    assert {f"{SEED}.txt", f"{SEED}.pdf", f"{SEED}.docx"} <= set(by_file)
    assert by_file[f"{SEED}.txt"][1:3] == ["page -", "line 282"]
    assert by_file[f"{SEED}.pdf"][1].startswith("page ") and by_file[f"{SEED}.pdf"][1] != "page -"
    assert all(WORD in row[3] for row in rows)
    as_json = json.loads(cli("search", str(out / "out" / "ita.sqlite"), WORD, "--format", "json", "--limit", "2").stdout)
    assert as_json["terms"] == segment_words(WORD).split() and len(as_json["hits"]) == 2
    assert set(as_json["hits"][0]) >= {"path", "page", "line", "snippet", "text", "kind"}


def test_no_match_is_exit_1_and_a_bad_store_exit_2(out: Path, tmp_path: Path):
    assert cli("search", str(out / "out" / "ita.sqlite", ), "ไม่มีคำนี้ในเอกสารใดเลยแน่นอน qzx").returncode == 1
    assert cli("search", str(tmp_path / "missing.sqlite"), WORD).returncode == 2
    (tmp_path / "junk.sqlite").write_bytes(b"not sqlite at all" * 100)
    bad = cli("search", str(tmp_path / "junk.sqlite"), WORD)
    assert bad.returncode == 2 and "junk.sqlite" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize(("query", "expected"), [
    (WORD, '"ประมวล จริยธรรม"'),
    ('ข้อ "O39" OR x', '"ข้อ ""O39"" OR x"'),  # FTS5 syntax in a query is text
    ("   ", '""'),
])
def test_queries_are_segmented_and_quoted(query: str, expected: str):
    assert fts_query(query) == expected


def test_a_long_line_is_cut_around_the_match():
    text = "ก" * 300 + WORD + "ข" * 300
    cut = snippet(text, WORD)
    assert WORD in cut and cut.startswith("…") and cut.endswith("…") and len(cut) <= 122


def test_every_line_and_row_is_stored_once_and_a_rerun_adds_nothing(out: Path):
    db = out / "out" / "ita.sqlite"
    with sqlite3.connect(db) as connection:
        before = connection.execute("SELECT count(*), count(DISTINCT sha256) FROM blocks").fetchone()
        indexed = connection.execute("SELECT count(*) FROM blocks_fts").fetchone()[0]
    assert before[1] == 15 and indexed == before[0]
    outcomes = Batch(BatchOptions(out / "out", workers=2, db=db, markdown=out / "md")).run(INPUTS)
    assert {o.status for o in outcomes if o.item.format} == {"unchanged"}
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*), count(DISTINCT sha256) FROM blocks").fetchone() == before


def test_a_store_without_text_gets_it_on_the_next_run(tmp_path: Path):
    out, db = tmp_path / "out", tmp_path / "out" / "ita.sqlite"
    seed = [ROOT / "corpus" / "seeds" / f"{SEED}.txt"]
    Batch(BatchOptions(out, workers=1, db=db)).run(seed)
    with sqlite3.connect(db) as connection:   # as a store written before the text index existed
        connection.execute("DELETE FROM blocks")
        connection.execute("DELETE FROM texts")
    assert [o.status for o in Batch(BatchOptions(out, workers=1, db=db)).run(seed)] == ["converted"]
    assert [h.line for h in search(db, WORD)] == [282]
    assert [o.status for o in Batch(BatchOptions(out, workers=1, db=db)).run(seed)] == ["unchanged"]


def test_no_text_index_stores_the_report_without_its_text(tmp_path: Path):
    out, db = tmp_path / "out", tmp_path / "out" / "ita.sqlite"
    seed = [ROOT / "corpus" / "seeds" / f"{SEED}.txt"]
    assert [o.status for o in Batch(BatchOptions(out, workers=1, db=db, text_index=False)).run(seed)] == ["converted"]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM blocks").fetchone() == (0,)
    assert [o.status for o in Batch(BatchOptions(out, workers=1, db=db, text_index=False)).run(seed)] == ["unchanged"]
    run = cli("convert", str(seed[0]), "--out", str(tmp_path / "cli"), "--no-text-index", "-q")
    assert run.returncode == 0, run.stderr
    assert cli("search", str(tmp_path / "cli" / "ita.sqlite"), WORD).returncode == 1


@pytest.mark.parametrize("word", ["ที่", "ตัวชี้วัด", "ทุจริต"])
def test_thai_marks_are_part_of_the_indexed_words(out: Path, word: str):
    """unicode61's default categories (L* N* Co) cut Thai at every vowel and tone mark: ที่ was
    indexed as ท and matched ทุจริต, ทั้ง, ... The index keeps marks in its tokens."""
    hits = search(out / "out" / "ita.sqlite", word, limit=500)
    assert hits and all(word in h.text for h in hits)


def test_datasette_serves_the_same_search(out: Path):
    datasette_app = pytest.importorskip("datasette.app")
    db = out / "out" / "ita.sqlite"
    expected = sorted((h.path, h.page, h.line) for h in search(db, WORD, limit=200))

    async def fetch() -> tuple[list[dict], list[dict], list[dict]]:
        browser = datasette_app.Datasette([str(db)])
        await browser.invoke_startup()
        canned = await browser.client.get(f"/ita/search.json?q={WORD}&_shape=array")
        typed = await browser.client.get(f"/ita/blocks.json?_search={segment_words(WORD)}&_shape=array&_size=max")
        thai = await browser.client.get(f"/ita/blocks.json?_thai={WORD}&_shape=array&_size=max")
        plugins = await browser.client.get("/-/plugins.json")
        loaded = {p["name"]: set(p["hooks"]) for p in plugins.json()}
        assert loaded.get("ita-ingest", set()) >= {"canned_queries", "prepare_connection"}, f"entry point not loaded: {loaded}"
        assert canned.status_code == typed.status_code == thai.status_code == 200, canned.text
        return canned.json(), typed.json(), thai.json()

    canned, typed, thai = asyncio.run(fetch())
    assert sorted((r["path"], r["page"], r["line"]) for r in canned) == expected
    paths = dict(sqlite3.connect(db).execute("SELECT sha256, path FROM documents").fetchall())
    for rows in (typed, thai):
        assert sorted((paths[r["sha256"]], r["page"], r["line"]) for r in rows) == expected
