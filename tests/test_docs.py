"""The README and docs (issue 32): a README read in two minutes whose two commands stay the ones
CI runs, links that stay inside the repository, and the lists made from the code kept fresh."""

import re
from pathlib import Path

import pytest

from ingest.hints import EXIT_MEANINGS
from ingest.reference import REGION_END, REGION_START, made_files, with_region
from ingest.store import SCHEMA
from ingest.store_tables import ROW_MEANINGS, store_tables
from parsers.ocr.tesseract import TESSERACT_PACKAGES
from parsers.readers import reader_for_path
from parsers.readers.office import DOC_TO_DOCX, ODS_TO_XLSX, ODT_TO_DOCX, RTF_TO_DOCX, XLS_TO_XLSX

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = [README, ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
README_LIMIT = 10 * 1024   # bytes: OCRmyPDF's README is 7.9 KB, docling's 8.8 KB


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```\w*\n(.*?)^```", text, re.M | re.S)


def test_the_readme_is_short_and_its_test_command_is_what_ci_runs():
    text = README.read_text(encoding="utf-8")
    assert len(text.encode()) <= README_LIMIT
    main_job, tests = code_blocks(text)[:2]
    assert main_job.strip().endswith(".venv/bin/ita-ingest convert corpus --out out")
    assert tests.strip() in (ROOT / ".ci" / "run").read_text(encoding="utf-8")   # .ci/run: exactly the README's test command


OFFICE_CONVERSIONS = {f".{c.source}": c for c in (DOC_TO_DOCX, ODT_TO_DOCX, RTF_TO_DOCX, XLS_TO_XLSX, ODS_TO_XLSX)}
OCR_FORMATS = {"pdf", "image"}   # readers whose pages may be scans: Tesseract reads them


def packages_the_corpus_needs() -> set[str]:
    """The Debian packages the bundled corpus's files need, from the readers' own package names."""
    needed: set[str] = set()
    for path in (ROOT / "corpus").rglob("*"):
        reader = reader_for_path(path)
        if reader is None or not path.is_file():
            continue
        if path.suffix.lower() in OFFICE_CONVERSIONS:
            needed.add(OFFICE_CONVERSIONS[path.suffix.lower()].package)
        if reader.format in OCR_FORMATS:
            needed.update(TESSERACT_PACKAGES.split())
    return needed


def test_the_main_job_installs_every_package_the_corpus_needs():
    """On a fresh machine `convert corpus` must not skip the corpus's .doc/.xls files (exit 3)."""
    main_job = code_blocks(README.read_text(encoding="utf-8"))[0]
    guard, _, install = main_job.partition("||")
    installed = set(re.search(r"apt-get install -y -qq ([^>)]+)", install).group(1).split())
    needed = packages_the_corpus_needs()
    assert {"libreoffice-calc-nogui", "tesseract-ocr-tha"} <= needed   # the derivation finds what the corpus holds
    assert needed <= installed, f"missing: {sorted(needed - installed)}"
    calc = {c.component for c in OFFICE_CONVERSIONS.values() if c.package in needed and c.application.endswith("Calc")}
    assert all(f"program/{component}" in guard for component in calc), "the guard must look for Calc, or a Writer-only machine skips .xls"


def test_the_readme_names_every_package_a_reader_may_need_and_every_exit_status():
    text = README.read_text(encoding="utf-8")
    requirements = text.split("## Requirements and install", 1)[1].split("\n## ", 1)[0]
    packages = {c.package for c in OFFICE_CONVERSIONS.values()} | set(TESSERACT_PACKAGES.split())
    assert [p for p in sorted(packages) if not re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", requirements)] == []
    said = re.search(r"Exit statuses: (.*?)\(\[all of them\]", text, re.S).group(1)
    assert [s for s in EXIT_MEANINGS if not re.search(rf"\b{s} ", said)] == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_link_leaves_the_repository(doc: Path):
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "#", "mailto:")):
            continue
        path = (doc.parent / target.split("#", 1)[0]).resolve()
        if not path.is_relative_to(ROOT) or not path.exists():
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize(("path", "text"), list(made_files().items()), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_what_is_made_from_the_code_is_fresh(path: Path, text: str):
    assert path.read_text(encoding="utf-8") == text, "run: python -m ingest.reference"


def test_the_store_docs_name_every_table_of_the_ddl_and_no_other():
    tables = [t.name for t in store_tables()]
    assert set(tables) == set(ROW_MEANINGS) and len(tables) == SCHEMA.count("CREATE TABLE") + SCHEMA.count("CREATE VIRTUAL TABLE")
    documents = next(t for t in store_tables() if t.name == "documents")
    assert documents.key.startswith("`sha256`: SHA-256") and "`output`: the JSON file written for it" in "; ".join(documents.columns)


@pytest.mark.parametrize(("text", "made"), [
    (f"head\n{REGION_START}\nold\n{REGION_END}\ntail", f"head\n{REGION_START}\nnew\n{REGION_END}\ntail"),
    (f"{REGION_START}{REGION_END}", f"{REGION_START}\nnew\n{REGION_END}"),
    ("no markers", ValueError),
    (f"{REGION_START} but no end", ValueError),
])
def test_a_made_region_is_rewritten_between_its_markers_only(text: str, made: str | type[Exception]):
    if isinstance(made, str):
        assert with_region(text, "new") == made
    else:
        with pytest.raises(made):
            with_region(text, "new")
