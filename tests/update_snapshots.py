"""Rewrite corpus/**/<name>.expected.json from the current pipeline.

    .venv/bin/python -m tests.update_snapshots

Snapshots are reviewed: read the diff against the source report before committing it.
"""

from __future__ import annotations

from pathlib import Path

from ingest.convert import convert_file
from ingest.worker import report_json

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEXT_SUFFIXES = (".txt", ".md")


def snapshot_pairs() -> list[tuple[Path, Path]]:
    """(report, expected JSON) for every text report in the corpus."""
    return [(p, p.with_name(f"{p.stem}.expected.json")) for p in sorted(CORPUS.rglob("*")) if p.suffix.lower() in TEXT_SUFFIXES]


def expected_json(report_path: Path) -> str:
    return report_json(convert_file(report_path, report_path.name))


def main() -> None:
    for report_path, expected_path in snapshot_pairs():
        expected_path.write_text(expected_json(report_path), encoding="utf-8")
        print(f"wrote {expected_path.relative_to(CORPUS.parent)}")


if __name__ == "__main__":
    main()
