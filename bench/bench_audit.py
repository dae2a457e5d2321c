"""Time `ita-ingest audit` on a store of 10,000 documents (target: under 5 s), as a ratio to the 5 seeds.

    .venv/bin/python bench/bench_audit.py [--documents 10000]

Builds the store from the five seed reports: each copy gets its own content hash, organisation
name and year, so the store holds N distinct documents from N/5 × 5 organisation-years with
the seeds' real refs, measures and warnings. Then times the audit as a user runs it (the CLI in
a fresh process: start-up included) for O39,O40 and for all items, in each format, and the same
audit of the 5 seeds alone as the baseline of fixed costs.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest.store import Store
from ingest.worker import report_json
from parsers.pipeline import parse
from schema.models import Report, Source

ROOT = Path(__file__).resolve().parent.parent


def seed_reports() -> list[dict]:
    reports = []
    for path in sorted((ROOT / "corpus" / "seeds").glob("*.txt")):
        data = path.read_bytes()
        source = Source(path=path.name, sha256=hashlib.sha256(data).hexdigest(), format="text")
        reports.append(json.loads(report_json(parse(data, source))))
    return reports


def build_store(path: Path, documents: int) -> None:
    seeds = seed_reports()
    with Store(path, batch_size=2000) as store:
        for index in range(documents):
            report = copy.deepcopy(seeds[index % len(seeds)])
            report["source"]["sha256"] = hashlib.sha256(f"{index}".encode()).hexdigest()
            report["source"]["path"] = f"{index // 1000:02d}/{index:05d}_{report['source']['path']}"
            org = report["organization"]
            org["name"] = f"{org.get('name') or 'องค์การบริหารส่วนตำบล'}{index // len(seeds)}"
            org["short_name"] = f"{org.get('short_name') or ''}{index // len(seeds)}"  # identity compares short names
            store.add(Report.model_validate(report), None)


def time_cli(*args: str) -> float:
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "ingest.cli", "audit", *args], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ita-audit-") as temp:
        small, big = Path(temp) / "seeds.sqlite", Path(temp) / "big.sqlite"
        build_store(small, 5)
        started = time.perf_counter()
        build_store(big, args.documents)
        print(f"built a store of {args.documents} documents in {time.perf_counter() - started:.1f} s "
              f"({big.stat().st_size / 2**20:.0f} MiB)")
        for items in ("O39,O40", "all"):
            for form in ("table", "csv", "json", "html"):
                base = time_cli(str(small), "--items", items, "--format", form, "--out", str(Path(temp) / "s.out"))
                full = time_cli(str(big), "--items", items, "--format", form, "--out", str(Path(temp) / "b.out"))
                size = (Path(temp) / "b.out").stat().st_size / 2**20
                print(f"audit --items {items:8} --format {form:5}: {full:5.2f} s for {args.documents} documents "
                      f"({base:.2f} s for the 5 seeds, ratio {full / base:4.1f}x; output {size:.1f} MiB)")


if __name__ == "__main__":
    main()
