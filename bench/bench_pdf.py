"""Pages/s of converting the born-digital PDF corpus, against bare pdfplumber text extraction.

    .venv/bin/python bench/bench_pdf.py [--repeat 3]

In one run, on the same files (corpus/pdf, LibreOffice-made PDFs of the seeds):
  bare      pdfplumber `page.extract_text()` on every page: the floor the issue compares to
  ours      the whole PDF path: table grids + pypdfium2 text + Thai repair + every extractor +
            the validated report JSON (`worker.convert_task`), in this one process
Prints pages/s of both and the ratio (target: ours within 1.5x of bare).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from ingest.worker import Task, convert_task  # noqa: E402


def bare(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def ours(path: Path) -> int:
    data = path.read_bytes()
    result = convert_task(Task(0, path.name, "pdf", hashlib.sha256(data).hexdigest(), data, "never"))
    assert result.ok, result.error
    return result.pages or 0


def rounds(files: list[Path], work, repeat: int) -> tuple[int, list[float]]:
    pages, times = 0, []
    for _ in range(repeat):
        started = time.perf_counter()
        pages = sum(work(path) for path in files)
        times.append(time.perf_counter() - started)
    return pages, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    ours(files[0])  # warm-up: imports, the Thai word list
    pages, bare_times = rounds(files, bare, args.repeat)
    _, our_times = rounds(files, ours, args.repeat)
    bare_rate, our_rate = pages / statistics.median(bare_times), pages / statistics.median(our_times)
    print(f"corpus/pdf: {len(files)} PDFs, {pages} pages; median of {args.repeat} rounds")
    print(f"bare pdfplumber extract_text: {bare_rate:6.1f} pages/s")
    print(f"ita-ingest PDF path:          {our_rate:6.1f} pages/s")
    print(f"ratio (ours time / bare time): {bare_rate / our_rate:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
