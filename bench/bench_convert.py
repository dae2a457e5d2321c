"""Throughput of `convert` on the bundled text corpus.

    .venv/bin/python bench/bench_convert.py [--repeat N] [--corpus DIR]

Converts every report of the corpus N times on one core (in this process) and prints the
median CPU time per document (process time, so other load on the machine does not
count), documents/s and MB/s. For a ratio that survives a noisy machine it
also times, in the same run, the bare read + decode of the same files (the floor no parser can
beat) and prints how many times slower the full pipeline is.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from pathlib import Path

from ingest.sources import discover, read_item
from ingest.worker import Task, convert_task
from parsers.extract.table_columns import forget_answers
from parsers.readers.text import decode_report
from parsers.thai.normalise import normalise_text

ROOT = Path(__file__).resolve().parent.parent


def convert_text(name: str, data: bytes) -> str:
    result = convert_task(Task(0, name, "text", hashlib.sha256(data).hexdigest(), data))
    assert result.report_json is not None, result.error
    return result.report_json


def time_each(files: list[tuple[str, bytes]], repeat: int, work) -> list[float]:
    """Seconds per document for every (document, round), after one warm-up round. The text
    cache and the header matchers' memos are cleared before each document, as a batch sees each
    document once (a long batch would share header answers between documents; this does not)."""
    for name, data in files:
        work(name, data)
    samples = []
    for _ in range(repeat):
        for name, data in files:
            normalise_text.cache_clear()
            forget_answers()
            started = time.process_time()
            work(name, data)
            samples.append(time.process_time() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="rounds over the corpus (default 20)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="folder of reports (default: corpus/)")
    args = parser.parse_args()

    files = [(item.relative, read_item(item)) for item in discover([args.corpus]) if item.format == "text"]
    total_bytes = sum(len(data) for _, data in files)
    full = time_each(files, args.repeat, convert_text)
    bare = time_each(files, args.repeat, lambda name, data: decode_report(data)[0].splitlines())

    documents = len(full)
    seconds = sum(full)
    print(f"corpus: {len(files)} documents, {total_bytes / 1e6:.3f} MB; {args.repeat} rounds")
    print(f"full pipeline: median {statistics.median(full) * 1000:.1f} ms/document, "
          f"p90 {sorted(full)[int(0.9 * documents)] * 1000:.1f} ms, max {max(full) * 1000:.1f} ms")
    print(f"full pipeline: {documents / seconds:.1f} documents/s, {total_bytes * args.repeat / seconds / 1e6:.2f} MB/s")
    print(f"bare decode+split: median {statistics.median(bare) * 1000:.3f} ms/document")
    print(f"ratio full/bare (median): {statistics.median(full) / statistics.median(bare):.0f}x")
    for name, data in files:
        one = time_each([(name, data)], 3, convert_text)
        print(f"  {name:45} {len(data) / 1000:7.1f} kB  {statistics.median(one) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
