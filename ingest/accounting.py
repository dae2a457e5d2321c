"""A run's account of itself: each input's Outcome, the manifest line it becomes, the summary's
counts, the run id that tells runs apart in the append-only manifest, and the progress line."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from ingest.sources import NOT_A_REPORT, InputItem
from ingest.terminal import clean_for_terminal
from ingest.worker import ConversionAccount
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


class RunState(StrEnum):
    """How a run stands or ended (the summary's `state`)."""

    RUNNING = "running"          # started, not ended (a kill -9 leaves it so)
    COMPLETE = "complete"        # every input has its manifest line
    INTERRUPTED = "interrupted"  # Ctrl-C or SIGTERM: run the same command again to resume
    FAILED = "failed"            # the machine (or a bug) stopped it: see the summary's `error`


@dataclass
class Outcome(ConversionAccount):
    """One input's line of the run: its conversion's account (ConversionAccount) and where it went."""

    item: InputItem
    status: Status
    sha256: str | None = None
    output: Path | None = None
    duplicate_of: str | None = None


def new_run_id() -> str:
    """Tells runs apart in the append-only manifest: the start time (UTC) and the process id."""
    return f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S.%fZ')}-{os.getpid()}"


class Progress:
    """What a user sees while a batch runs. On a terminal one self-overwriting status line:
    done/total, docs/s, ETA, failures and the document running longest (a 76-page scan holds
    a worker for minutes; naming it says why the count stands still). `verbose`: one line per
    finished input, on a terminal or not. Failures always get their `error:` line."""

    def __init__(self, total: int, enabled: bool, verbose: bool = False) -> None:
        self.total, self.enabled, self.verbose, self.done, self.failed = total, enabled, verbose, 0, 0
        self.started = self.drawn = time.monotonic()
        self.running: dict[str, float] = {}   # relative path -> when its worker got it

    def begin(self, relative: str) -> None:
        self.running[relative] = time.monotonic()
        self._draw(force=len(self.running) == 1)

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += outcome.status == Status.FAILED
        self.running.pop(outcome.item.relative, None)
        clear = "\r\033[K" if self.enabled else ""  # wipe the status line first
        if outcome.status == Status.FAILED:
            print(f"{clear}error: {clean_for_terminal(outcome.item.origin)}: {clean_for_terminal(outcome.error)}", file=sys.stderr)
        elif self.verbose:
            print(f"{clear}{outcome.status}: {clean_for_terminal(outcome.item.origin)} ({outcome.seconds:.1f} s)", file=sys.stderr)
        self._draw(force=self.done == self.total)

    def _draw(self, force: bool) -> None:
        now = time.monotonic()
        if not self.enabled or not (force or now - self.drawn >= 0.1):  # ~10 redraws a second
            return
        self.drawn = now
        rate = self.done / max(now - self.started, 1e-9)
        eta = f"ETA {int((self.total - self.done) / rate) // 60}:{int((self.total - self.done) / rate) % 60:02d}" if rate else "ETA ?"
        longest = min(self.running.items(), key=lambda kv: kv[1], default=None)
        running = f"  running: {clean_for_terminal(longest[0])[-50:]} ({now - longest[1]:.0f} s)" if longest else ""
        print(f"\r\033[K[{self.done}/{self.total}] {rate:.1f} docs/s, {eta}, {self.failed} failed{running}", end="",
              file=sys.stderr, flush=True)

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
        "output": outcome.output.relative_to(out_dir).as_posix() if outcome.output and outcome.status != Status.FAILED else None,
        "error": outcome.error if outcome.status == Status.FAILED else None,
        "error_kind": outcome.error_kind if outcome.status == Status.FAILED else None,
        "skip_reason": outcome.error if outcome.status == Status.SKIPPED else None,
        "duplicate_of": outcome.duplicate_of if outcome.status == Status.DUPLICATE else None,
        "seconds": round(outcome.seconds, 4),
        "pages": outcome.pages,
        "ocr_pages": outcome.ocr_pages,
        "warnings": outcome.warnings,
    }, ensure_ascii=False)


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    counts = {status: sum(o.status == status for o in outcomes) for status in STATUSES}
    return {"inputs": len(outcomes), **counts, "not_reports": sum(not_a_report(o) for o in outcomes),
            "warnings": sum(o.warnings for o in outcomes), "parser_version": PARSER_VERSION}


def not_a_report(outcome: Outcome) -> bool:
    """A skipped file of a format no reader reads (a folder's scripts, its *.expected.json): listed in
    the manifest, but not counted among the inputs on the last stderr line."""
    return outcome.status == Status.SKIPPED and (outcome.error or "").startswith(NOT_A_REPORT)
