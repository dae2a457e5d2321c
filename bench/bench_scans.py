"""CPU of converting the scanned PDFs with the whole CLI: the working tree against a baseline
revision, in the same run.

    .venv/bin/python bench/bench_scans.py [--baseline REV] [--repeats N] [--inputs PATH ...]

The baseline revision is checked out with `git worktree add --detach` into a temporary folder
(removed at the end, also on an error or Ctrl-C). Each side runs, as users run it,

    cd TREE && .venv/bin/python -m ingest convert INPUTS --out TMP --no-db -q --workers 1 --force

TREE being the worktree for the baseline and the repository root for the current side: `python -m`
puts the current folder first on sys.path, so each side imports its own `ingest` and `parsers`
(checked before timing: the script stops if a side imports the other's code). Both sides get the
same interpreter and the same input files (the working tree's, as absolute paths), and each tree's
bytecode is compiled before timing so no run pays for it.

CPU is user + system time of the CLI and every process under it that was waited for (its
workers, a Tesseract program if the library is not used), from RUSAGE_CHILDREN deltas around each
run: start-up, reading, OCR, writing, all of it. Runs alternate baseline, current, baseline, ... so
load on the machine falls on both sides alike; the minimum of each side is its least-disturbed run,
and current/baseline of the minimums is the figure to quote. Wall seconds are printed too, but
they move with the machine's load.

Every run must exit 0 and write a JSON for every input PDF. The last outputs of the two sides are
compared with `parser_version` left out, and the number of identical reports is printed.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python" if (ROOT / ".venv").exists() else Path(sys.executable)
DEFAULT_BASELINE = "0c32149"  # the last commit before the OCR change this bench was written to measure
CODE = ("ingest", "parsers", "schema")
WHERE = "import ingest, parsers; print(parsers.__file__); print(ingest.__file__)"


@dataclass
class Side:
    name: str
    tree: Path
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    last_out: Path | None = None


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout.strip()


def child_env() -> dict[str, str]:
    """The caller's environment without what would take the current folder off sys.path."""
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONSAFEPATH", "PYTHONHOME")}


@contextlib.contextmanager
def worktree(revision: str) -> Iterator[Path]:
    """A detached checkout of `revision` in a temporary folder, removed on the way out."""
    holder = Path(tempfile.mkdtemp(prefix="bench_scans_"))
    tree = holder / "tree"
    try:
        git("worktree", "add", "--detach", str(tree), revision)
        yield tree
    finally:
        if tree.exists():
            try:
                git("worktree", "remove", "--force", str(tree))
            except subprocess.CalledProcessError as error:
                print(f"warning: git worktree remove {tree} failed ({error.stderr.strip()}); run `git worktree prune`", file=sys.stderr)
        shutil.rmtree(holder, ignore_errors=True)


def check_imports(side: Side) -> str:
    """Where the side's interpreter finds `parsers`, run from its tree; exit if outside the tree."""
    found = subprocess.run([str(PYTHON), "-c", WHERE], cwd=side.tree, env=child_env(), check=True, capture_output=True, text=True)
    files = [Path(line).resolve() for line in found.stdout.split()]
    if not all(path.is_relative_to(side.tree.resolve()) for path in files):
        sys.exit(f"{side.name}: run from {side.tree}, Python imports {', '.join(map(str, files))}: not that tree's code")
    return str(files[0])


def tree_digest(tree: Path) -> str:
    """A hash of the tree's Python code, to notice edits made while the bench runs."""
    digest = hashlib.sha256()
    for package in CODE:
        for path in sorted((tree / package).rglob("*.py")):
            digest.update(path.relative_to(tree).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def expected_pdfs(inputs: list[Path]) -> list[Path]:
    """The PDF files the inputs name: files as given, folders' PDFs at any depth."""
    found: list[Path] = []
    for path in inputs:
        found += sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf") if path.is_dir() else [path]
    return found


def page_count(pdfs: list[Path]) -> int:
    """Pages of the PDFs; one PDFium cannot open counts none (the CLI's runs then say what is wrong)."""
    pages = 0
    for pdf in pdfs:
        with contextlib.suppress(pdfium.PdfiumError):
            document = pdfium.PdfDocument(pdf)
            pages += len(document)
            document.close()
    return pages


def run_cli(side: Side, inputs: list[Path], out: Path) -> subprocess.CompletedProcess[str]:
    command = [str(PYTHON), "-m", "ingest", "convert", *map(str, inputs), "--out", str(out), "--no-db", "-q", "--workers", "1", "--force"]
    cpu_before, wall_before = children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=side.tree, env=child_env(), capture_output=True, text=True, check=False)
    side.wall.append(time.perf_counter() - wall_before)
    side.cpu.append(children_cpu() - cpu_before)
    return done


def conversion_problems(done: subprocess.CompletedProcess[str], out: Path, pdfs: list[Path]) -> list[str]:
    """What keeps a run from counting: a non-zero exit, a failed input, an input without its JSON."""
    problems = [] if done.returncode == 0 else [f"exit status {done.returncode}: {done.stderr.strip()[-500:]}"]
    summary = out / "_summary.json"
    failed = json.loads(summary.read_text(encoding="utf-8")).get("failed") if summary.exists() else "no _summary.json"
    if failed:
        problems.append(f"failed inputs: {failed}")
    written = {path.name for path in out.rglob("*.json")}
    problems += [f"no output for {pdf.name}" for pdf in pdfs if f"{pdf.name}.json" not in written]
    return problems


def without_version(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_version(item) for key, item in value.items() if key != "parser_version"}
    if isinstance(value, list):
        return [without_version(item) for item in value]
    return value


def reports(out: Path) -> dict[str, Any]:
    return {path.relative_to(out).as_posix(): without_version(json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(out.rglob("*.json")) if not path.name.startswith("_")}


def compare(baseline: Path, current: Path) -> tuple[int, int, list[str]]:
    """(identical reports, reports on either side, names that differ or exist on one side only)."""
    old, new = reports(baseline), reports(current)
    names = sorted(old.keys() | new.keys())
    differ = [name for name in names if old.get(name) != new.get(name)]
    return len(names) - len(differ), len(names), differ


def one_run(side: Side, inputs: list[Path], pdfs: list[Path], scratch: Path, number: int) -> None:
    out = scratch / f"{side.name}-{number}"
    done = run_cli(side, inputs, out)
    problems = conversion_problems(done, out, pdfs)
    if problems:
        sys.exit(f"{side.name} run {number} did not convert every input:\n  " + "\n  ".join(problems))
    if side.last_out is not None:
        shutil.rmtree(side.last_out, ignore_errors=True)
    side.last_out = out
    print(f"  run {number} {side.name:8} {side.cpu[-1]:7.2f} s CPU {side.wall[-1]:7.2f} s wall", flush=True)


def print_table(sides: list[Side], pages: int) -> None:
    print(f"{'side':10} {'runs':>4} {'CPU min':>8} {'CPU med':>8} {'wall min':>9} {'wall med':>9} {'CPU/page':>9}")
    for side in sides:
        print(f"{side.name:10} {len(side.cpu):4d} {min(side.cpu):8.2f} {statistics.median(side.cpu):8.2f} "
              f"{min(side.wall):9.2f} {statistics.median(side.wall):9.2f} {min(side.cpu) / max(pages, 1):9.2f}")


def measure(baseline: Side, current: Side, inputs: list[Path], repeats: int) -> None:
    pdfs = expected_pdfs(inputs)
    pages = page_count(pdfs)
    print(f"inputs: {len(pdfs)} PDFs, {pages} pages; {repeats} runs per side, interleaved", flush=True)
    digest = tree_digest(current.tree)
    with tempfile.TemporaryDirectory(prefix="bench_scans_out_") as scratch:
        for number in range(1, repeats + 1):
            for side in (baseline, current):
                one_run(side, inputs, pdfs, Path(scratch), number)
        assert baseline.last_out is not None and current.last_out is not None
        identical, total, differ = compare(baseline.last_out, current.last_out)
    print_table([baseline, current], pages)
    print(f"outputs: {identical}/{total} reports identical (parser_version left out)"
          + (f"; differ: {', '.join(differ)}" if differ else ""))
    if tree_digest(current.tree) != digest:
        print("warning: the working tree's code changed during the bench; the current side's runs may not be of one version")
    ratio, medians = min(current.cpu) / min(baseline.cpu), statistics.median(current.cpu) / statistics.median(baseline.cpu)
    print(f"current/baseline CPU: {ratio:.2f}x (min of {repeats}; medians {medians:.2f}x)")


def compile_tree(tree: Path) -> None:
    """Write the tree's bytecode now, so the first timed run does not compile it."""
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", *CODE], cwd=tree, env=child_env(), check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, metavar="REV",
                        help="git revision to compare against (default %(default)s: the last commit before the OCR change "
                             "this bench was written for; use HEAD to measure uncommitted changes)")
    parser.add_argument("--repeats", type=int, default=3, metavar="N", help="runs of each side, interleaved (default %(default)s)")
    parser.add_argument("--inputs", type=Path, nargs="+", default=[ROOT / "corpus" / "scanned"], metavar="PATH",
                        help="PDF files or folders to convert (default: corpus/scanned: 2 scans, 13 pages)")
    args = parser.parse_args()
    inputs = [path.resolve() for path in args.inputs]
    missing = [str(path) for path in inputs if not path.exists()]
    if missing or args.repeats < 1:
        parser.error(f"no such input: {', '.join(missing)}" if missing else "--repeats must be at least 1")
    commit = git("rev-parse", "--short", "--verify", f"{args.baseline}^{{commit}}")
    with worktree(commit) as tree:
        baseline, current = Side("baseline", tree), Side("current", ROOT)
        for side in (baseline, current):
            compile_tree(side.tree)
            print(f"{side.name} ({commit if side is baseline else 'working tree'}): parsers from {check_imports(side)}", flush=True)
        measure(baseline, current, inputs, args.repeats)


if __name__ == "__main__":
    main()
