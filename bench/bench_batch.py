"""Throughput of batch `convert` at 1 and 2 workers, and the cost of the batch machinery.

    .venv/bin/python bench/bench_batch.py [--documents 1000] [--pdfs 300]

In one run, on the same synthetic archive (tests/synthetic.py: varied copies of the seeds):
  bare     every document converted in this process by the per-document function alone
           (no reading, hashing, writing, store or manifest): the floor;
  batch/1  `ita-ingest convert --workers 1` in a fresh process, default sinks (JSON files,
           manifest, SQLite), start-up included;
  batch/2  the same with 2 workers.
Prints documents/s of each, the 2-vs-1 scaling ratio and the batch overhead per document as
a share of the bare per-document time. Then the same for a batch of copies of the born-digital
PDF corpus (tables, Thai repair, every extractor).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest.sources import discover, read_item
from ingest.worker import Task, convert_task
from tests.synthetic import build_archive

ROOT = Path(__file__).resolve().parent.parent


def bare_seconds(folder: Path) -> tuple[int, float]:
    items = [i for i in discover([folder]) if i.format and not i.error]
    tasks = [(i, read_item(i)) for i in items]
    started = time.perf_counter()
    for key, (item, data) in enumerate(tasks):
        assert item.format is not None
        convert_task(Task(key, item.relative, item.format, hashlib.sha256(data).hexdigest(), data))
    return len(tasks), time.perf_counter() - started


def batch_seconds(folder: Path, out: Path, workers: int) -> tuple[int, float]:
    """The batch as a user runs it: the CLI in a fresh process (start-up included), default sinks.
    A fresh process matters: workers forked from this one would inherit its heap and caches."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ingest.cli", "convert", str(folder), "--out", str(out), "--workers", str(workers), "--quiet"],
                   cwd=ROOT, capture_output=True, check=False)
    seconds = time.perf_counter() - started
    lines = [json.loads(line) for line in (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    return sum(m["status"] in ("converted", "failed") for m in lines), seconds


def measure(label: str, folder: Path, scratch: Path) -> None:
    documents, bare = bare_seconds(folder)
    parsed1, one = batch_seconds(folder, scratch / f"{label}-1", 1)
    parsed2, two = batch_seconds(folder, scratch / f"{label}-2", 2)
    per_doc_bare = bare / documents
    overhead = (one / parsed1 - per_doc_bare) / per_doc_bare
    print(f"{label}: {documents} documents parsed")
    print(f"  bare (per-document function, 1 process): {documents / bare:7.1f} docs/s  ({per_doc_bare * 1000:.2f} ms/doc)")
    print(f"  batch, 1 worker:                         {parsed1 / one:7.1f} docs/s  ({one / parsed1 * 1000:.2f} ms/doc)")
    print(f"  batch, 2 workers:                        {parsed2 / two:7.1f} docs/s  ({two / parsed2 * 1000:.2f} ms/doc)")
    print(f"  scaling 2 vs 1 workers: {one / parsed1 / (two / parsed2):.2f}x (target >= 1.7x)")
    print(f"  batch overhead at 1 worker: {overhead * 100:+.1f}% of the bare per-document time (target < 10%)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000, help="text documents in the archive (default 1000)")
    parser.add_argument("--pdfs", type=int, default=40, help="PDFs in the PDF batch (default 40)")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="ita-bench-") as temp:
        scratch = Path(temp)
        build_archive(scratch / "text", args.documents, pdfs=False)
        measure("text archive", scratch / "text", scratch)
        if not args.pdfs:
            return
        pdfs = scratch / "pdf"
        pdfs.mkdir()
        corpus = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
        for index in range(args.pdfs):
            source = corpus[index % len(corpus)]  # a trailing comment makes each copy its own content
            (pdfs / f"{index:04d}_{source.name}").write_bytes(source.read_bytes() + f"\n% copy {index}\n".encode())
        measure("PDF batch (born-digital corpus PDFs, 10.6 pages each on average)", pdfs, scratch)


if __name__ == "__main__":
    main()
