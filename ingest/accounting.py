"""A run's account of itself: each input's Outcome, the manifest line it becomes, the summary's
counts, the run id that tells runs apart in the append-only manifest, and the progress line."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from ingest.sources import InputItem
from parsers.errors import ErrorKind
from parsers.pipeline import PARSER_VERSION

MANIFEST_NAME = "_manifest.jsonl"
SUMMARY_NAME = "_summary.json"


class Status(StrEnum):
    """What became of one input (the manifest's `status`)."""

    CONVERTED = "converted"    # parsed and written
    UNCHANGED = "unchanged"    # its output already holds a report of the same content and parser version
    DUPLICATE = "duplicate"    # the same content as an earlier input of the run, written under its own name
    SKIPPED = "skipped"        # not a format we read
    FAILED = "failed"          # could not be converted: see `error` and `error_kind`
    PENDING = "pending"        # handed to the engine, not back yet (never in a manifest)


STATUSES = tuple(s.value for s in Status if s is not Status.PENDING)


@dataclass
class Outcome:
    item: InputItem
    status: str
    sha256: str | None = None
    output: Path | None = None
    error: str | None = None
    error_kind: ErrorKind | None = None
    seconds: float = 0.0
    warnings: int = 0
    pages: int | None = None
    ocr_pages: list[int] = field(default_factory=list)
    duplicate_of: str | None = None


def new_run_id() -> str:
    """Tells runs apart in the append-only manifest: the start time (UTC) and the process id."""
    return f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S.%fZ')}-{os.getpid()}"


class Progress:
    """One self-overwriting status line on stderr: done/total, docs/s, ETA, failures."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.done, self.failed = total, enabled, 0, 0
        self.started = self.drawn = time.monotonic()

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += outcome.status == "failed"
        if outcome.status == "failed":
            clear = "\r\033[K" if self.enabled else ""  # wipe the progress line first
            print(f"{clear}error: {outcome.item.origin}: {outcome.error}", file=sys.stderr)
        now = time.monotonic()
        if self.enabled and (now - self.drawn >= 0.1 or self.done == self.total):  # ~10 redraws a second
            self.drawn = now
            elapsed = max(now - self.started, 1e-9)
            rate = self.done / elapsed
            eta = (self.total - self.done) / rate if rate else 0
            print(f"\r\033[K[{self.done}/{self.total}] {rate:.1f} docs/s, ETA {int(eta) // 60}:{int(eta) % 60:02d}, "
                  f"{self.failed} failed  {outcome.item.relative[-50:]}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled and self.done:
            print(file=sys.stderr)


def manifest_line(outcome: Outcome, out_dir: Path, run_id: str | None = None) -> str:
    return json.dumps({
        "run": run_id,
        "path": outcome.item.relative,
        "input": outcome.item.origin,
        "sha256": outcome.sha256,
        "status": outcome.status,
        "output": outcome.output.relative_to(out_dir).as_posix() if outcome.output and outcome.status != "failed" else None,
        "error": outcome.error if outcome.status == "failed" else None,
        "error_kind": outcome.error_kind if outcome.status == "failed" else None,
        "skip_reason": outcome.error if outcome.status == "skipped" else None,
        "duplicate_of": outcome.duplicate_of if outcome.status == "duplicate" else None,
        "seconds": round(outcome.seconds, 4),
        "pages": outcome.pages,
        "ocr_pages": outcome.ocr_pages,
        "warnings": outcome.warnings,
    }, ensure_ascii=False)


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    counts = {status: sum(o.status == status for o in outcomes) for status in STATUSES}
    return {"inputs": len(outcomes), **counts, "warnings": sum(o.warnings for o in outcomes),
            "parser_version": PARSER_VERSION}
