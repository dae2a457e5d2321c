"""Hostile inputs, round 3 (issue 31): each failure class reproduced as the campaign found it, through
the functions at fault and through the command line."""

from __future__ import annotations

import codecs
import io
import os
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ingest.audit_sources import documents_from_store
from ingest.batch import DOCUMENT_TIME_CAP, Batch, BatchOptions
from ingest.convert import folds_case
from ingest.markdown import to_markdown
from ingest.sources import InputItem, InputRefused, output_key, read_item, refuse_name_collisions
from ingest.terminal import clean_for_terminal
from parsers.errors import UnreadableInput
from parsers.extract.text_blocks import (
    CACHED_CHUNK,
    SEGMENT_WINDOW,
    BlockKind,
    QueryTooLong,
    TextBlock,
    _segment_cached,
    fts_query,
    segment_words,
)
from parsers.readers.docx import docx_to_document
from parsers.readers.text import decode_report
from parsers.thai.normalise import normalise_text
from tests.synthetic import build_archive
from tests.test_hostile import SEED, assert_clean, cli, files_under, last_run, start, wait_for_lines

# --- 1. two spellings of one output path ---------------------------------------------------------

NFC_NAME = unicodedata.normalize("NFC", "café.txt")
NFD_NAME = unicodedata.normalize("NFD", "café.txt")

# (first entry, second entry, the output key both come to)
ALIASES = [
    ("r.txt", "./r.txt", "x.zip/r.txt.json"),
    ("a/r.txt", "a//r.txt", "x.zip/a/r.txt.json"),
    ("a/r.txt", "a/./r.txt", "x.zip/a/r.txt.json"),
    ("a/r.txt", "./a/./r.txt", "x.zip/a/r.txt.json"),
    (NFC_NAME, NFD_NAME, f"x.zip/{NFC_NAME}.json"),
]


def entry(name: str) -> InputItem:
    return InputItem(f"x.zip/{name}", f"x.zip/{name}", Path("x.zip"), name)


@pytest.mark.parametrize(("first", "second", "key"), ALIASES)
def test_an_alias_of_an_entry_is_refused_not_written_over_it(first: str, second: str, key: str) -> None:
    kept, alias = refuse_name_collisions([entry(first), entry(second)])
    assert output_key(kept.relative) == output_key(alias.relative) == key
    assert (kept.error, alias.error_kind) == (None, "name_collision")
    assert f"x.zip/{first}" in alias.error


def test_a_kept_entry_is_named_once() -> None:
    (kept,) = refuse_name_collisions([entry("./a//b/./r.txt")])
    assert kept.relative == "x.zip/a/b/r.txt"


@pytest.mark.parametrize(("first", "second", "folded"), [("R.txt", "r.txt", True), ("R.txt", "r.txt", False)])
def test_case_is_folded_only_where_the_file_system_folds_it(first: str, second: str, folded: bool) -> None:
    _, other = refuse_name_collisions([entry(first), entry(second)], case_folded=folded)
    assert (other.error_kind == "name_collision") is folded


def test_this_file_system_is_probed_without_leaving_the_probe(tmp_path: Path) -> None:
    assert folds_case(tmp_path) is False     # ext4/overlay/tmpfs here; macOS or vfat would say True
    assert list(tmp_path.iterdir()) == []


def test_aliases_in_a_zip_through_the_cli_keep_the_first_entrys_report(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    with zipfile.ZipFile(folder / "x.zip", "w") as archive:
        archive.writestr("r.txt", SEED.read_bytes())
        archive.writestr("./r.txt", "รายงานอื่น O39\n")
        archive.writestr("a/./s.txt", SEED.read_bytes())
    before = files_under(tmp_path)
    run = cli(tmp_path, "convert", str(folder), "--out", str(out), "--no-db", "-q")
    assert_clean(run, tmp_path, out, before)
    lines = {line["input"].split(".zip/", 1)[1]: line for line in last_run(out)}
    assert (lines["r.txt"]["status"], lines["./r.txt"]["error_kind"]) == ("converted", "name_collision")
    assert lines["a/./s.txt"]["output"].endswith("x.zip/a/s.txt.json")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json") if not p.name.startswith("_")) == [
        "x.zip/a/s.txt.json", "x.zip/r.txt.json"]
    assert "error:" in run.stderr and "./r.txt" in run.stderr


# --- 8. options validated once: finite, in range; usage errors exit 2 -------------------------------

@pytest.mark.parametrize("option", [("--timeout", "nan"), ("--timeout", "inf"), ("--timeout", "-1"), ("--page-timeout", "-100"),
                                    ("--page-timeout", "nan"), ("--max-memory", "-1"), ("--workers", "1000"), ("--workers", "0")])
def test_an_option_out_of_range_is_a_usage_error(tmp_path: Path, option: tuple[str, str]) -> None:
    run = cli(tmp_path, "convert", str(SEED), "--out", str(tmp_path / "out"), "--no-db", *option)
    assert run.returncode == 2, run.stderr
    assert f"argument {option[0]}: must be" in run.stderr and option[1] in run.stderr
    assert not (tmp_path / "out").exists()


def test_a_document_limit_stops_growing_with_its_pages(tmp_path: Path) -> None:
    batch = Batch(BatchOptions(out_dir=tmp_path, timeout=300, page_timeout=6))
    assert batch._time_limit(10) == 360
    assert batch._time_limit(5_000) == DOCUMENT_TIME_CAP
    assert Batch(BatchOptions(out_dir=tmp_path, timeout=7_200, page_timeout=6))._time_limit(5_000) == 7_200


# --- 6. special files: refused before anything opens them, each with its manifest line ----------------

def test_a_fifo_named_or_found_is_refused_and_accounted_for(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "named.pdf")
    (folder / "r.txt").write_bytes(SEED.read_bytes())
    run = cli(tmp_path, "convert", str(folder), str(tmp_path / "named.pdf"), "--out", str(out), "--no-db", "-q", timeout=120)
    assert run.returncode == 1, run.stderr
    lines = {Path(line["input"]).name: line for line in last_run(out)}
    assert {name: (line["status"], line["error_kind"]) for name, line in lines.items()} == {
        "pipe.txt": ("failed", "not_a_file"), "named.pdf": ("failed", "not_a_file"), "r.txt": ("converted", None)}
    assert "named pipe (FIFO)" in lines["pipe.txt"]["error"]
    assert "named.pdf: not a regular file" in run.stderr


def test_a_fifo_put_in_place_of_a_file_after_discovery_is_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "r.txt")
    item = InputItem("r.txt", str(tmp_path / "r.txt"), tmp_path / "r.txt", size=10)
    with pytest.raises(InputRefused, match="named pipe"):
        read_item(item)


# --- 4. what search prints: no terminal escapes from document text or entry names ---------------------

HOSTILE_LINE = "ประมวลจริยธรรม \x1b]0;owned\x07 \x1b[2J \u202eexe.fdp \x9b31m"


def test_search_prints_no_terminal_escapes(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    with zipfile.ZipFile(folder / "x.zip", "w") as archive:
        archive.writestr("r\x1b[31m\u202e.txt", SEED.read_text(encoding="utf-8") + HOSTILE_LINE + "\n")
    converted = cli(tmp_path, "convert", str(folder), "--out", str(out), "-q")
    assert converted.returncode == 0, converted.stderr
    run = cli(tmp_path, "search", str(out / "ita.sqlite"), "ประมวลจริยธรรม")
    assert run.returncode == 0 and "x.zip/r[31m.txt" in run.stdout, run.stderr
    assert not [c for c in run.stdout + run.stderr if c in "\x1b\x07\x9b\u202e"]


@pytest.mark.parametrize(("raw", "shown"), [("a\x1b[2Jb", "a[2Jb"), ("\u202eexe.fdp", "exe.fdp"), ("x\ty\nz", "x y z"),
                                            ("ปกติ", "ปกติ"), (None, "")])
def test_clean_for_terminal(raw: str | None, shown: str) -> None:
    assert clean_for_terminal(raw) == shown


# --- 5. audit while convert writes the store ---------------------------------------------------------

def test_the_store_read_while_convert_writes_it_is_one_snapshot(tmp_path: Path) -> None:
    """Each read sees whole documents only: before, refs of a document committed between two SELECTs
    had no document (KeyError, 4 audits of 10 during a convert)."""
    folder, out = tmp_path / "in", tmp_path / "out"
    build_archive(folder, 120, seed=5, pdfs=False)
    run = start(tmp_path, "convert", str(folder), "--out", str(out), "--workers", "2", "-q")
    try:
        wait_for_lines(out, 5, run)
        reads = []
        while run.poll() is None:
            documents = documents_from_store(out / "ita.sqlite", None)
            reads.append(len(documents))
            assert all(document.path for document in documents)
    finally:
        run.wait(timeout=300)
    assert run.returncode == 0 and len(reads) > 3, (reads, run.stderr.read() if run.stderr else "")
    converted = sum(line["status"] == "converted" for line in last_run(out))
    assert reads == sorted(reads) and reads[-1] <= len(documents_from_store(out / "ita.sqlite", None)) == converted > 100


# --- 10. DOCX content read as Word shows it: hidden text out, imported chunks in ------------------------

def _docx_with(paragraphs: list[tuple[str, bool]], chunks: list[tuple[str, bytes]] = ()) -> bytes:
    """A DOCX of paragraphs (text, hidden) followed by altChunks (content type, bytes)."""
    document = docx.Document()
    for text, hidden in paragraphs:
        document.add_paragraph().add_run(text).font.hidden = hidden
    for number, (content_type, blob) in enumerate(chunks, 1):
        part = Part(PackURI(f"/word/chunk{number}.bin"), content_type, blob, document.part.package)
        rid = document.part.relate_to(part, RT.A_F_CHUNK)
        document.element.body.append(parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_hidden_text_is_not_read() -> None:
    data = _docx_with([("O40 เผยแพร่แล้ว", False), ("O40 ไม่ได้เผยแพร่ ข้อความซ่อน", True)])
    assert [line.text for line in docx_to_document(data).lines()] == ["O40 เผยแพร่แล้ว"]


@pytest.mark.parametrize(("content_type", "blob", "lines"), [
    ("text/html", "<html><head><title>t</title><style>p{}</style></head><body><p>มาตรการ ๑</p><script>x()</script>"
                  "<table><tr><td>O39</td><td>เผยแพร่</td></tr></table></body></html>".encode(), ["มาตรการ 1", "O39 เผยแพร่"]),
    ("text/plain", "บรรทัดหนึ่ง\nบรรทัดสอง".encode(), ["บรรทัดหนึ่ง", "บรรทัดสอง"]),
])
def test_an_alt_chunk_is_read_where_it_stands(content_type: str, blob: bytes, lines: list[str]) -> None:
    data = _docx_with([("ก่อน", False)], [(content_type, blob)])
    document = docx_to_document(data)
    assert [line.text for line in document.lines()] == ["ก่อน", *lines]
    assert {line.origin.line for line in document.lines()} == {1, 2}


def test_finder_resource_forks_in_a_zip_are_left_out(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    with zipfile.ZipFile(folder / "x.zip", "w") as archive:
        archive.writestr("r.txt", SEED.read_bytes())
        archive.writestr("__MACOSX/._r.txt", b"\x00\x05\x16\x07Mac OS X        ")
        archive.writestr("._s.txt", b"\x00\x05\x16\x07")
    run = cli(tmp_path, "convert", str(folder), "--out", str(out), "--no-db", "-q")
    assert run.returncode == 0, run.stderr
    assert [line["input"].split(".zip/", 1)[1] for line in last_run(out)] == ["r.txt"]


# --- 10. UTF-16 and UTF-32 text with a byte-order mark ------------------------------------------------

@pytest.mark.parametrize(("encoding", "bom"), [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                              ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE)])
def test_wide_text_with_its_bom_is_read_as_the_utf8_report(encoding: str, bom: bytes) -> None:
    text = SEED.read_text(encoding="utf-8")
    decoded, name = decode_report(bom + text.encode(encoding))
    assert decoded == text and name == encoding[:6]


def test_a_bom_over_bytes_of_another_encoding_is_a_bad_encoding() -> None:
    with pytest.raises(UnreadableInput, match="UTF-16 byte-order mark") as raised:
        decode_report(codecs.BOM_UTF16_LE + b"\x00\xd8")
    assert raised.value.kind == "bad_encoding"


# --- 2. Markdown export: text stays text --------------------------------------------------------------

@pytest.mark.parametrize(("text", "shown"), [
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ("[คลิก](javascript:alert(2))", "\\[คลิก\\](javascript:alert(2))"),
    ("![](http://tracker.example/p.png)", "!\\[\\](http://tracker.example/p.png)"),
    ("<!-- ซ่อนบรรทัดต่อไป", "&lt;!-- ซ่อนบรรทัดต่อไป"),
    ("คะแนน < 50 และ > 30 & ผ่าน", "คะแนน &lt; 50 และ &gt; 30 &amp; ผ่าน"),
])
def test_document_text_in_markdown_is_never_markup(text: str, shown: str) -> None:
    line, cell = TextBlock(0, BlockKind.LINE, None, 1, text), TextBlock(1, BlockKind.TABLE_ROW, None, 2, text, (text,))
    prose, table = to_markdown([line, cell]).split("\n\n")
    assert prose == shown and table.startswith(f"| {shown} |")


def test_a_file_name_cannot_end_the_title_comment() -> None:
    title = to_markdown([], title="x --><img src=x onerror=alert(3)><!-- y.txt").splitlines()[0]
    assert title.startswith("<!-- ") and title.endswith(" -->") and title.count("-->") == 1 and "<img" not in title


def test_a_long_tag_is_stripped_from_report_text_in_linear_time() -> None:
    assert normalise_text(f"ก<span title='{'x' * 5000}'>ข") == "ก ข"
    assert normalise_text("คะแนน < 50 และ > 30") == "คะแนน < 50 และ > 30"
    assert normalise_text("ทุกส่วนราชการในสังกัด<\np>") == "ทุกส่วนราชการในสังกัด"   # a PDF line break inside the tag
    assert normalise_text("<" * 200_000 + "ก").endswith("ก")   # no backtracking: a bare '<' is not a tag


# --- 3. bounded work per query and per line --------------------------------------------------------------

def test_a_query_past_the_cap_is_refused_before_it_is_segmented(tmp_path: Path) -> None:
    with pytest.raises(QueryTooLong, match="1,000 are searched"):
        fts_query("ประมวลจริยธรรม" * 50_000)
    run = cli(tmp_path, "search", str(tmp_path / "none.sqlite"), "ก" * 1001)
    assert run.returncode == 2 and "at most 1,000" in run.stderr


def test_a_long_run_without_spaces_is_segmented_in_windows_and_not_cached() -> None:
    run = "".join(SEED.read_text(encoding="utf-8").split())[:3 * SEGMENT_WINDOW]
    before = _segment_cached.cache_info().currsize
    words = segment_words(run)
    assert words.replace(" ", "") == run and len(words.split()) > len(run) / 10
    assert _segment_cached.cache_info().currsize == before   # only chunks up to CACHED_CHUNK are kept
    segment_words("แคชของตัวตัดคำทดสอบ " + "ก" * CACHED_CHUNK)   # two chunks never segmented before
    assert _segment_cached.cache_info().currsize == before + 2
