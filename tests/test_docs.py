"""The README and docs (issue 32): a README read in two minutes whose two commands stay the ones
CI runs, links that stay inside the repository, and the lists made from the code kept fresh."""

import re
from pathlib import Path

import pytest

from ingest.reference import REFERENCE_FILE, reference_markdown

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


def test_the_reference_made_from_the_code_is_fresh():
    assert REFERENCE_FILE.read_text(encoding="utf-8") == reference_markdown(), "run: python -m ingest.reference"
