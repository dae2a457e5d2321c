"""A run's account of itself: each input's Outcome, the manifest line it becomes, the summary's
counts, the run id that tells runs apart in the append-only manifest, and the progress line."""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from ingest.eta import Running, Workload, eta_seconds, page_weight
from ingest.sources import InputItem
from ingest.terminal import clean_for_terminal, cut_middle, display_width
from ingest.worker import ConversionAccount
from parsers.errors import ErrorKind
from parsers.pipeline import PARSER_VERSION

MANIFEST_NAME = "_manifest.jsonl"
SUMMARY_NAME = "_summary.json"


class Status(StrEnum):
    """What became of one input (the manifest's `status`)."""

    CONVERTED = "converted"    # parsed and written
    UNCHANGED = "unchanged"    # its output already holds a report of the same content and parser version
    DUPLICATE = "duplicate"    # the same content as an earlier input of the run, written under its own name
    NOT_A_REPORT = "not_a_report"  # read, but no ITA content (ingest.relevance): written, not stored, never audited
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


class ProgressMode(StrEnum):
    """How a run speaks while it works (chosen by `ingest.cli` from -q and whether stderr is a terminal)."""

    STATUS_LINE = "status_line"   # a terminal: one line, redrawn every second, gone at the end
    LOG = "log"                   # not a terminal (CI, cron, nohup): timestamped lines a team can follow
    QUIET = "quiet"               # -q: failures only


REDRAW = 0.2          # seconds between redraws on events: 10,000 small files are not 20,000 redraws
TICK = 1.0             # seconds between redraws of the status line, and between checks of the log's clocks
LONG_DOCUMENT = 10.0   # seconds: a document running this long gets a "started" line in the log
HEARTBEAT = 30.0       # seconds: the log never stays silent longer while something runs


def clock(at: float | None = None) -> str:
    """Wall-clock time of a log line (local time, as `date` prints it)."""
    return time.strftime("%H:%M:%S", time.localtime(at))


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """"1 input", "2 inputs": counts said as a person would."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def not_reports_said(count: int) -> str:
    """"1 other file (not a report format)": files no reader reads, not inputs (`other_format`)."""
    return f"{plural(count, 'other file')} (not a report format)"


def no_ita_content_said(count: int) -> str:
    """"1 input is not a report (no ITA content)": inputs read and judged `not_a_report`."""
    verb = "is not a report" if count == 1 else "are not reports"
    return f"{plural(count, 'input')} {verb} (no ITA content; their JSON is written, not stored or audited)"


def _duration(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}" if whole >= 3600 else f"{whole // 60}:{whole % 60:02d}"


# Held while progress prints, by the run and by the ticker thread. Workers are forked (ingest.engines),
# also mid-run to replace one: a fork while the ticker is inside a write would leave the child
# stderr's buffer lock held by a thread that does not exist there. The fork waits for this lock.
_PRINTING = threading.RLock()
os.register_at_fork(before=_PRINTING.acquire, after_in_parent=_PRINTING.release, after_in_child=_PRINTING.release)


class Progress:
    """What a user sees while a batch runs (ProgressMode). The count `[done/total]` is of the run's
    inputs, the count the summary and the last line give: files that are not reports are not among
    them. A ticker thread redraws the status line every second (a 76-page scan holds a worker for
    minutes; its running time must move) or, in a log, says which document started long ago and
    beats every HEARTBEAT seconds. `verbose`: also a line per finished input on a terminal."""

    def __init__(self, total: int, mode: ProgressMode = ProgressMode.QUIET, verbose: bool = False) -> None:
        self.total, self.mode, self.verbose, self.done, self.failed = total, mode, verbose, 0, 0
        self.started = self.spoke = self.drawn = time.monotonic()
        self.running: dict[str, float] = {}   # shown name -> when its worker got it (monotonic)
        self._running_pages: dict[str, int] = {}  # shown name -> its pages (ingest.eta.page_weight)
        self._pages_worked = self._documents_worked = 0   # finished by workers: what the ETA's speed is made of
        self._worked = 0.0                        # seconds workers spent on those
        self._long: set[str] = set()          # running names the log has said are long
        self._lock = _PRINTING                # the ticker and the run both print
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._line_shown = False

    def start(self) -> None:
        if self.mode != ProgressMode.QUIET and self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, name="progress", daemon=True)
            self._ticker.start()

    def begin(self, name: str, pages: int | None = None) -> None:
        """A worker got `name`, of `pages` pages (None: not a paged document, or not counted)."""
        with self._lock:
            self.running[name] = time.monotonic()
            self._running_pages[name] = page_weight(pages)
            if time.monotonic() - self.drawn >= REDRAW:
                self._draw()

    def update(self, outcome: Outcome) -> None:
        name = outcome.item.origin
        with self._lock:
            since = self.running.pop(name, None)
            if since is not None:   # a worker converted it (not settled without one)
                self._pages_worked += self._running_pages.pop(name, None) or page_weight(outcome.pages)
                self._documents_worked += 1
                self._worked += time.monotonic() - since
            self._long.discard(name)
            if other_format(outcome):
                if self.mode == ProgressMode.LOG:
                    self._say(f"left out {clean_for_terminal(name)}: {clean_for_terminal(outcome.error)}", counted=False)
                return
            self.done += 1
            self.failed += outcome.status == Status.FAILED
            line = self._finished_line(outcome)
            if line:
                self._say(line)
            elif time.monotonic() - self.drawn >= REDRAW:
                self._draw()

    def _finished_line(self, outcome: Outcome) -> str | None:
        """The line an input's end gets in this mode, or None."""
        name, seconds = clean_for_terminal(outcome.item.origin), f"{outcome.seconds:.1f} s"
        if outcome.status == Status.FAILED:
            return f"error: {name}: {clean_for_terminal(outcome.error)}" + (f" ({seconds})" if self.mode == ProgressMode.LOG else "")
        if not (self.verbose or (self.mode == ProgressMode.LOG and outcome.status != Status.UNCHANGED)):
            return None
        if outcome.status == Status.SKIPPED:
            return f"skipped {name}: {clean_for_terminal(outcome.error)}"
        if outcome.status == Status.NOT_A_REPORT:
            return f"not a report {name}: {clean_for_terminal(outcome.not_a_report)} {seconds}"
        return f"{outcome.status} {name} {seconds}"

    def _say(self, text: str, counted: bool = True) -> None:
        """One line: timestamped with the count in a log, above the status line on a terminal."""
        if self.mode == ProgressMode.LOG:
            text = f"{clock()} [{self.done}/{self.total}] {text}" if counted else f"{clock()} {text}"
        print(f"\r\033[K{text}" if self._line_shown else text, file=sys.stderr, flush=True)
        self.spoke, self._line_shown = time.monotonic(), False
        self._draw()

    def _tick(self) -> None:
        while not self._stop.wait(TICK):
            if not self._lock.acquire(timeout=TICK):   # the run holds it (a signal arrived while it printed)
                continue
            try:
                self._draw() if self.mode == ProgressMode.STATUS_LINE else self._log_clocks()
            finally:
                self._lock.release()

    def _log_clocks(self) -> None:
        """In a log: a "started" line for a document past LONG_DOCUMENT, a heartbeat past HEARTBEAT."""
        now = time.monotonic()
        for name, since in list(self.running.items()):
            if now - since >= LONG_DOCUMENT and name not in self._long:
                self._long.add(name)
                self._say(f"started {clean_for_terminal(name)} at {clock(time.time() - (now - since))}, running {now - since:.0f} s")
        if now - self.spoke >= HEARTBEAT:
            running = sorted(self.running.items(), key=lambda kv: kv[1])
            named = ", ".join(f"{clean_for_terminal(n)} ({now - t:.0f} s)" for n, t in running[:3])
            more = f" and {len(running) - 3} more" if len(running) > 3 else ""
            eta = self._eta_said(now)
            self._say((f"running: {named}{more}" if running else "working (reading and hashing inputs)") + (f"; ETA {eta}" if eta else ""))

    def workload(self, now: float) -> Workload:
        """What the ETA is computed from at `now` (ingest.eta)."""
        running = tuple(Running(self._running_pages.get(name, 1), now - since) for name, since in self.running.items())
        return Workload(worked=self._worked, pages_done=self._pages_worked,
                        documents_done=self._documents_worked, running=running,
                        waiting=max(self.total - self.done - len(self.running), 0))

    def _eta_said(self, now: float) -> str | None:
        """The ETA as the status line and the log's heartbeat say it, or None while unknown or done."""
        seconds = eta_seconds(self.workload(now)) if self.done < self.total else None
        return None if seconds is None else _duration(seconds)

    def status_text(self, width: int, now: float | None = None) -> str:
        """The status line within `width` columns: count, failures, ETA, the longest-running document."""
        now = time.monotonic() if now is None else now
        parts = [f"[{self.done}/{self.total}]"] + ([f"{self.failed} failed"] if self.failed else [])
        eta = self._eta_said(now)
        if eta:
            parts.append(f"ETA {eta}")
        line = "  ".join(parts)
        oldest = min(self.running.items(), key=lambda kv: kv[1], default=None)
        if oldest is not None:
            more = f" (+{len(self.running) - 1})" if len(self.running) > 1 else ""
            tail = f" {now - oldest[1]:.0f} s{more}"
            room = width - display_width(line) - 2 - display_width(tail)
            if room >= 8:
                line += f"  {cut_middle(clean_for_terminal(oldest[0]), room)}{tail}"
        return line if display_width(line) <= width else line[:width]

    def _draw(self) -> None:
        if self.mode != ProgressMode.STATUS_LINE:
            return
        # One column short of the width: a line that fills the last column wraps on some terminals,
        # and \r\033[K then clears only its last row (stacked lines in an 80-column terminal).
        width = shutil.get_terminal_size().columns - 1
        sys.stderr.write(f"\r{self.status_text(width)}\033[K")
        sys.stderr.flush()
        self.drawn, self._line_shown = time.monotonic(), True

    def close(self) -> None:
        """Stop the ticker and take the status line away: the terminal keeps only the run's lines."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2 * TICK)
        with self._lock:
            if self._line_shown:
                sys.stderr.write("\r\033[K")
                sys.stderr.flush()
                self._line_shown = False


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
        "skip_reason": _skip_reason(outcome),
        "duplicate_of": outcome.duplicate_of if outcome.status == Status.DUPLICATE else None,
        "seconds": round(outcome.seconds, 4),
        "pages": outcome.pages,
        "ocr_pages": outcome.ocr_pages,
        "warnings": outcome.warnings,
    }, ensure_ascii=False)


def _skip_reason(outcome: Outcome) -> str | None:
    """Why an input is not among the reports: a skipped one's reason, or what a `not_a_report` lacks."""
    return outcome.error if outcome.status == Status.SKIPPED else outcome.not_a_report if outcome.status == Status.NOT_A_REPORT else None


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    """The run's counts, as the last line and the progress give them: `inputs` are the files of a
    report format (the six statuses add up to it, `not_a_report` those read and found to have no ITA
    content); files of no report format are `not_reports`, apart; `files` is both, one manifest line
    each; `missing_tools` what a missing tool cost (missing_tools)."""
    reports = [o for o in outcomes if not other_format(o)]
    counts = {status: sum(o.status == status for o in reports) for status in STATUSES}
    return {"inputs": len(reports), **counts, "not_reports": len(outcomes) - len(reports), "files": len(outcomes),
            "warnings": sum(o.warnings for o in outcomes), "missing_tools": missing_tools(outcomes), "parser_version": PARSER_VERSION}


def other_format(outcome: Outcome) -> bool:
    """A skipped file of a format no reader reads (a folder's scripts, its *.expected.json): listed in
    the manifest, but not one of the run's inputs (unlike an input judged `not_a_report` by its content)."""
    return outcome.status == Status.SKIPPED and outcome.item.not_a_report


def missing_tools(outcomes: list[Outcome]) -> dict[str, int]:
    """Inputs skipped or failed because this machine lacks a tool (LibreOffice, Tesseract), by the
    reason, which names the package to install: one warning line each at the end of a run."""
    reasons: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.error_kind == ErrorKind.MISSING_DEPENDENCY:
            reason = outcome.error or "a tool is missing"
            reasons[reason] = reasons.get(reason, 0) + 1
    return reasons
