"""`convert --markdown DIR`: one Markdown file per document with the text our readers read."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.batch import Batch, BatchOptions
from ingest.convert import ConversionError
from ingest.markdown import markdown_path, to_markdown
from parsers.extract.text_blocks import BlockKind, TextBlock

ROOT = Path(__file__).resolve().parent.parent
SEED = "000_fa47d890761d547d"


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("markdown")
    inputs = base / "in"
    shutil.copytree(ROOT / "corpus" / "seeds", inputs / "seeds")
    shutil.copytree(ROOT / "corpus" / "docx", inputs / "docx")
    (inputs / "pdf").mkdir()
    shutil.copy(ROOT / "corpus" / "pdf" / f"{SEED}.pdf", inputs / "pdf")
    shutil.copy(inputs / "seeds" / f"{SEED}.txt", inputs / "seeds" / "copy.txt")   # a duplicate
    run = subprocess.run([sys.executable, "-m", "ingest.cli", "convert", str(inputs), "--out", str(base / "out"),
                          "--markdown", str(base / "md"), "--workers", "2", "-q"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return base


def test_one_markdown_file_per_document(converted: Path):
    reports = sorted(p.relative_to(converted / "out").as_posix()[: -len(".json")]
                     for p in (converted / "out").rglob("*.json") if not p.name.startswith("_"))
    markdown = sorted(p.relative_to(converted / "md").as_posix()[: -len(".md")] for p in (converted / "md").rglob("*.md"))
    assert len(reports) == 12 and markdown == reports
    duplicate = (converted / "md" / "seeds" / "copy.txt.md").read_text(encoding="utf-8")
    assert "the text of seeds/copy.txt " in duplicate.splitlines()[0]
    assert duplicate.splitlines()[1:] == (converted / "md" / "seeds" / f"{SEED}.txt.md").read_text(encoding="utf-8").splitlines()[1:]


def test_a_pdf_has_a_marker_for_every_page_in_order(converted: Path):
    text = (converted / "md" / "pdf" / f"{SEED}.pdf.md").read_text(encoding="utf-8")
    assert [int(n) for n in re.findall(r"<!-- page (\d+) -->", text)] == list(range(1, 25))
    assert "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ" in text


def test_tables_are_markdown_tables_in_reading_order(converted: Path):
    lines = (converted / "md" / "docx" / f"{SEED}.docx.md").read_text(encoding="utf-8").splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("| มาตรการ/แนวทาง | วิธีการดำเนินการ | ผู้รับผิดชอบ"))
    assert lines[header + 1] == "|---|---|---|---|---|" and lines[header + 2].startswith("| 1. ปรับปรุงระบบการทำงาน")
    assert [line.rstrip() for line in lines].index("คำนำ") < header
    assert "<!-- page" not in "\n".join(lines)   # a Word file has no pages


def _row(block: int, page: int | None, *cells: str) -> TextBlock:
    return TextBlock(block, BlockKind.TABLE_ROW, page, 1, " | ".join(cells), cells)


def test_markdown_syntax_in_the_text_is_escaped_and_a_table_across_a_page_break_is_split():
    blocks = [TextBlock(0, BlockKind.LINE, 1, 1, "# ไม่ใช่หัวเรื่อง"), TextBlock(0, BlockKind.LINE, 1, 2, "- ข้อ 1"),
              _row(1, 1, "มาตรการ", "ผู้รับผิดชอบ"), _row(1, 1, "1. ประชุม", "นิติกร | ปลัด"), _row(1, 3, "2. อบรม", "กองคลัง")]
    assert to_markdown(blocks, page_count=4).split("\n\n") == [
        "<!-- page 1 -->", "\\# ไม่ใช่หัวเรื่อง  \n\\- ข้อ 1",
        "| มาตรการ | ผู้รับผิดชอบ |\n|---|---|\n| 1. ประชุม | นิติกร \\| ปลัด |",
        "<!-- page 2 -->", "<!-- page 3 -->", "| มาตรการ | ผู้รับผิดชอบ |\n|---|---|\n| 2. อบรม | กองคลัง |",
        "<!-- page 4 -->\n"]


@pytest.mark.parametrize("relative", ["../escape.txt", "../../etc/x.txt"])
def test_no_markdown_is_written_outside_its_folder(tmp_path: Path, relative: str):
    with pytest.raises(ConversionError):
        markdown_path(tmp_path / "md", relative)


def test_a_batch_without_markdown_writes_none(tmp_path: Path):
    Batch(BatchOptions(tmp_path / "out", workers=1, db=None)).run([ROOT / "corpus" / "seeds" / f"{SEED}.txt"])
    assert not list(tmp_path.rglob("*.md"))


def test_a_markdown_folder_that_is_a_file_is_refused_and_a_missing_md_is_written_on_resume(tmp_path: Path):
    seed = str(ROOT / "corpus" / "seeds" / f"{SEED}.txt")
    (tmp_path / "md-file").write_text("x")
    refused = subprocess.run([sys.executable, "-m", "ingest.cli", "convert", seed, "--out", str(tmp_path / "out"),
                              "--markdown", str(tmp_path / "md-file"), "-q"], capture_output=True, text=True, cwd=ROOT)
    assert refused.returncode == 2 and "--markdown" in refused.stderr and "Traceback" not in refused.stderr
    first = Batch(BatchOptions(tmp_path / "out", workers=1, db=None)).run([Path(seed)])
    again = Batch(BatchOptions(tmp_path / "out", workers=1, db=None, markdown=tmp_path / "md")).run([Path(seed)])
    assert [o.status for o in first + again] == ["converted", "converted"]   # parsed again for its Markdown only
    assert (tmp_path / "md" / f"{SEED}.txt.md").is_file()
