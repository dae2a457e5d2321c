"""CPU seconds of reading the born-digital PDF corpus: bare text extraction, table finding, the whole path.

    .venv/bin/python bench/bench_pdf.py [--repeat 3] [--no-convert]
    .venv/bin/python bench/bench_pdf.py --baseline ../other-checkout [--repeat 5] [--files GLOB ...]

In one run, on the same files (corpus/pdf, LibreOffice-made PDFs of the seeds), CPU seconds of
this one process (`time.process_time`: one core), the median of --repeat rounds, each round
opening the files afresh (nothing cached between measures):
  plumber text   pdfplumber `page.extract_text()` on every page: the floor issue 14 compares to
  pdfium text    pypdfium2 `get_textpage().get_text_range()` on every page
  plumber tables pdfplumber `page.find_tables(lines/lines)` on every page (pdfminer parses the page)
  pdfium tables  `pdf_rules.find_table_grids` on every page (pypdfium2 path objects, same grids)
  convert        the whole PDF path: table grids + pypdfium2 text + Thai repair + every extractor
                 + the validated report JSON (`worker.convert_task`), in this one process
Prints each with ms/page and the ratios, and the share of the convert time spent in the Thai
repair and the text-quality judge (their call sites timed for one more round).

With --baseline CHECKOUT (a worktree of an earlier commit: `git worktree add /tmp/wt-base c85d9ed`)
it measures only the whole path, this checkout's against that one's, in the same run: two child
processes (`pdf_rounds.py`, each importing its checkout's code and warming up) take turns at one
convert round of the same files, --repeat pairs of rounds, the pair's order alternating so drift on
a shared machine falls on both; then pdfplumber's extract_text of the files in this process.
Prints each side's median ms/page and its ratio to plumber text, the ratio of the medians and
the median of the pairs' ratios.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from parsers.pdf.rules import find_table_grids  # noqa: E402

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def plumber_text(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def pdfium_text(path: Path) -> int:
    document = pdfium.PdfDocument(path)
    for page in document:
        page.get_textpage().get_text_range()
    count = len(document)
    document.close()
    return count


def plumber_tables(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.find_tables(TABLE_SETTINGS)
        return len(pdf.pages)


def pdfium_tables(path: Path) -> int:
    document = pdfium.PdfDocument(path)
    for page in document:
        find_table_grids(page)
    count = len(document)
    document.close()
    return count


def convert(path: Path) -> int:
    from ingest.worker import Task, convert_task  # only this measure needs the whole pipeline
    from parsers.options import OcrMode, ParseOptions

    data = path.read_bytes()
    options = ParseOptions(ocr=OcrMode.NEVER)
    result = convert_task(Task(0, path.name, "pdf", hashlib.sha256(data).hexdigest(), data, options))
    assert result.ok, result.error
    return result.pages or 0


# Where the PDF path calls the Thai repair and the text-quality judge (module, name): issue 11
# bounds their share of the PDF time to 10%.
REPAIR_SITES = (("parsers.pdf.layout", "repair_thai"), ("parsers.pdf.layout", "drop_doubled_starts"),
                ("parsers.pdf.text_layer", "diagnose"), ("parsers.pdf.text_layer", "judge_layer"))


def repair_share(files: list[Path]) -> tuple[float, float]:
    """(CPU seconds inside the repair and quality functions, CPU seconds of the whole round) for
    one convert round; each call site is wrapped in a timer for this round only (outermost calls
    counted, so nested ones are not counted twice)."""
    import importlib

    spent, depth = [0.0], [0]

    def timed(function: Callable) -> Callable:
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            if depth[0]:
                return function(*args, **kwargs)
            depth[0] += 1
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.process_time() - started
                depth[0] -= 1
        return wrapper

    originals = []
    for module_name, name in REPAIR_SITES:
        module = importlib.import_module(module_name)
        originals.append((module, name, getattr(module, name)))
        setattr(module, name, timed(getattr(module, name)))
    try:
        started = time.process_time()
        for path in files:
            convert(path)
        return spent[0], time.process_time() - started
    finally:
        for module, name, function in originals:
            setattr(module, name, function)


def cpu_seconds(files: list[Path], work: Callable[[Path], int], repeat: int) -> tuple[int, float]:
    """(pages, median CPU seconds of one round over every file)."""
    pages, times = 0, []
    for _ in range(repeat):
        started = time.process_time()
        pages = sum(work(path) for path in files)
        times.append(time.process_time() - started)
    return pages, statistics.median(times)


class ConvertRounds:
    """A child process converting the files with one checkout's code, a round on request (`pdf_rounds.py`)."""

    def __init__(self, checkout: Path, files: list[Path]) -> None:
        command = [sys.executable, str(ROOT / "bench" / "pdf_rounds.py"), "--root", str(checkout), *map(str, files)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=checkout)
        self.pages = int(self._answer())  # after its warm-up round

    def _answer(self) -> str:
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        if not line:
            raise RuntimeError(f"pdf_rounds.py stopped (exit {self.process.wait()})")
        return line

    def round(self) -> float:
        """CPU seconds of one round over every file."""
        self.process.stdin.write("round\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        return float(self._answer())

    def close(self) -> None:
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait()


def against_baseline(baseline: Path, files: list[Path], repeat: int) -> None:
    """This checkout's convert against the baseline's, interleaved in pairs (see the module's docstring)."""
    sides = {"this": ROOT, "baseline": baseline.resolve()}
    children = {name: ConvertRounds(checkout, files) for name, checkout in sides.items()}
    seconds: dict[str, list[float]] = {name: [] for name in sides}
    try:
        for pair in range(repeat):
            for name in sorted(sides, reverse=pair % 2 == 1):
                seconds[name].append(children[name].round())
    finally:
        for child in children.values():
            child.close()
    pages = children["this"].pages
    _, floor = cpu_seconds(files, plumber_text, max(1, repeat // 4))
    print(f"{len(files)} PDFs, {pages} pages; CPU seconds of one core, {repeat} interleaved pairs (median)")
    print(f"  plumber text   {floor:7.3f} s  {1000 * floor / pages:7.2f} ms/page  (median of {max(1, repeat // 4)})")
    for name, checkout in sides.items():
        value = statistics.median(seconds[name])
        print(f"  convert {name:8s} {value:7.3f} s  {1000 * value / pages:7.2f} ms/page  {value / floor:.3f}x plumber text  ({checkout})")
    ratios = [a / b for a, b in zip(seconds["this"], seconds["baseline"], strict=True)]
    print(f"this / baseline: {statistics.median(seconds['this']) / statistics.median(seconds['baseline']):.3f}x (medians),"
          f" {statistics.median(ratios):.3f}x (median of pairs; pairs {', '.join(f'{r:.3f}' for r in ratios)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-convert", action="store_true", help="leave out the whole-path measure")
    parser.add_argument("--baseline", type=Path, help="another checkout: time its convert against this one's")
    parser.add_argument("--files", nargs="+", help="globs of PDFs, from this checkout (default corpus/pdf/*.pdf)")
    args = parser.parse_args()
    patterns = args.files or ["corpus/pdf/*.pdf"]
    files = sorted(ROOT / name for pattern in patterns for name in glob.glob(pattern, root_dir=ROOT))
    if args.baseline:
        against_baseline(args.baseline, files, args.repeat)
        return
    measures: dict[str, Callable[[Path], int]] = {"plumber text": plumber_text, "pdfium text": pdfium_text,
                                                   "plumber tables": plumber_tables, "pdfium tables": pdfium_tables}
    if not args.no_convert:
        convert(files[0])  # warm-up: imports, the Thai word list
        measures["convert"] = convert
    for work in measures.values():
        work(files[0])  # warm-up: imports, first-use caches
    seconds: dict[str, float] = {}
    pages = 0
    for name, work in measures.items():
        pages, seconds[name] = cpu_seconds(files, work, args.repeat)
    print(f"corpus/pdf: {len(files)} PDFs, {pages} pages; CPU seconds of one core, median of {args.repeat} rounds")
    for name, value in seconds.items():
        print(f"  {name:15s} {value:7.3f} s  {1000 * value / pages:7.2f} ms/page")
    print(f"pdfium text / plumber text:       {seconds['pdfium text'] / seconds['plumber text']:.3f}x")
    print(f"pdfium tables / plumber tables:   {seconds['pdfium tables'] / seconds['plumber tables']:.3f}x"
          f" (plumber {seconds['plumber tables'] / seconds['pdfium tables']:.1f}x slower)")
    print(f"pdfium text + tables / plumber text: "
          f"{(seconds['pdfium text'] + seconds['pdfium tables']) / seconds['plumber text']:.3f}x")
    if "convert" in seconds:
        print(f"convert / plumber text:           {seconds['convert'] / seconds['plumber text']:.2f}x (issue 14: <= 0.5x, aim 0.25x)")
        repair, whole = repair_share(files)
        print(f"Thai repair + text quality / convert: {repair / whole:.1%} ({repair:.3f} of {whole:.3f} s; issue 11: <= 10%)")


if __name__ == "__main__":
    main()
