"""Batch conversion of an archive: discover → read and hash → skip what is done → convert in
an engine → write outputs atomically → sinks (per-document JSON, JSONL, SQLite) → manifest.

Resumable: an input whose output already holds a report of the same content hash and parser
version is `unchanged` and not parsed again (`force` redoes it); content seen under an
earlier name in the same run is parsed once and written as a `duplicate`. A run that is
killed leaves only whole files: each output is renamed into place, the store commits in
transactions, and the next run deletes our leftover temporary files before it starts.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from ingest.convert import TEMP_PREFIX, TEMP_SUFFIX, ConversionError, output_path, remove_stale_temporaries, write_atomically
from ingest.engines import dask_results, local_results
from ingest.hints import with_hint
from ingest.sources import InputItem, InputRefused, discover, read_item, refuse_name_collisions
from ingest.store import Store
from ingest.worker import Task, TaskResult
from parsers.errors import ErrorKind
from parsers.options import OcrMode, ParseOptions
from parsers.pipeline import PARSER_VERSION
from parsers.readers import page_count
from schema.models import Report

MANIFEST_NAME = "_manifest.jsonl"
SUMMARY_NAME = "_summary.json"
LOCK_NAME = ".ita-ingest.lock"
DEFAULT_TIMEOUT = 300.0        # seconds per document: generous for a long PDF, fatal for a loop
DEFAULT_PAGE_TIMEOUT = 6.0     # seconds more per PDF page: a page read by OCR costs 2.5-4 s
DEFAULT_MAX_MEMORY_MB = 2048   # address space per worker; a text report needs ~200 MB


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
class BatchOptions:
    out_dir: Path
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float = DEFAULT_TIMEOUT
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB
    force: bool = False
    engine: str = "local"          # "local" | "dask"
    scheduler: str | None = None   # tcp://HOST:PORT for the dask engine
    jsonl: Path | None = None
    db: Path | None = None
    progress: bool = False
    ocr: OcrMode = OcrMode.AUTO    # which PDF pages are read by OCR


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


class BatchBusy(Exception):
    """Another ita-ingest run is writing to the same output folder."""


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


class Batch:
    """Wires sources, an engine and the sinks for one run; `run` returns one Outcome per input."""

    def __init__(self, options: BatchOptions) -> None:
        self.options = options
        self.out_dir = options.out_dir.resolve()
        self.outcomes: list[Outcome] = []
        self._by_key: dict[int, str] = {}  # task key -> sha256
        self._first_by_sha: dict[str, Outcome] = {}
        self._duplicates: list[tuple[InputItem, str]] = []
        self._store: Store | None = None
        self._jsonl: IO[str] | None = None
        self._manifest: IO[str] | None = None
        self._progress = Progress(0, False)
        self._parse_options = ParseOptions(ocr=options.ocr)

    # -- the run -------------------------------------------------------------------------
    def run(self, paths: list[Path]) -> list[Outcome]:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with self._locked():
            remove_stale_temporaries(self.out_dir)
            items = refuse_name_collisions(list(discover(paths, exclude=self.out_dir)))
            self._progress = Progress(len(items), self.options.progress)
            self._open_sinks()
            try:
                for result in self._results(self._tasks(items)):
                    self._finish_task(result)
                self._finish_duplicates()
            finally:
                self._close_sinks()
                self._progress.close()
        return self.outcomes

    def _results(self, tasks: Iterator[Task]) -> Iterator[TaskResult]:
        o = self.options
        if o.engine == "dask":
            if not o.scheduler:
                raise ValueError("--engine dask needs --scheduler tcp://HOST:PORT")
            return dask_results(tasks, o.scheduler, o.timeout)
        max_memory = o.max_memory_mb * 2**20 if o.max_memory_mb else None
        return local_results(tasks, o.workers, o.timeout, max_memory)

    def _tasks(self, items: list[InputItem]) -> Iterator[Task]:
        """Tasks for the engine; inputs decided without parsing are recorded on the way."""
        for key, item in enumerate(items):
            started = time.monotonic()
            if item.error or item.skip_reason:
                self._record(Outcome(item, Status.FAILED if item.error else Status.SKIPPED, error=item.error or item.skip_reason,
                                     error_kind=item.error_kind))
                continue
            try:
                data = read_item(item)
                sha = hashlib.sha256(data).hexdigest()
                if sha in self._first_by_sha:
                    self._duplicates.append((item, sha))
                    continue
                target = output_path(self.out_dir, item.relative)
            except (InputRefused, ConversionError) as error:
                self._record(Outcome(item, Status.FAILED, error=str(error), error_kind=error.kind,
                                     seconds=time.monotonic() - started))
                continue
            self._first_by_sha[sha] = Outcome(item, Status.PENDING, sha, target)
            existing = None if self.options.force else _existing_report(target, sha)
            if existing is not None:
                self._sink(existing, target)
                self._record(self._outcome_from(Outcome(item, Status.UNCHANGED, sha, target), existing, started))
                continue
            self._by_key[key] = sha
            assert item.format is not None
            pages = page_count(item.format, data) or 0
            yield Task(key, item.relative, item.format, sha, data, self._parse_options,
                       time_limit=self.options.timeout + self.options.page_timeout * pages)

    def _finish_task(self, result: TaskResult) -> None:
        outcome = self._first_by_sha[self._by_key.pop(result.key)]
        outcome.seconds, outcome.warnings, outcome.pages, outcome.ocr_pages = (
            result.seconds, result.warnings, result.pages, result.ocr_pages)
        if not result.ok or result.report_json is None:
            outcome.status, outcome.error, outcome.error_kind = Status.FAILED, result.error, result.error_kind
        else:
            assert outcome.output is not None
            write_atomically(outcome.output, result.report_json)
            outcome.status = Status.CONVERTED
            if self._store or self._jsonl:
                self._sink(json.loads(result.report_json), outcome.output)
        self._record(outcome)

    def _finish_duplicates(self) -> None:
        for item, sha in self._duplicates:
            first = self._first_by_sha[sha]
            started = time.monotonic()
            outcome = Outcome(item, Status.FAILED, sha, duplicate_of=first.item.relative, error_kind=first.error_kind)
            try:
                if first.status == "failed" or first.output is None:
                    raise ConversionError(f"{first.error} (same content as {first.item.relative})")
                report = json.loads(first.output.read_text(encoding="utf-8"))
                report["source"]["path"] = item.relative
                outcome.output = output_path(self.out_dir, item.relative)
                write_atomically(outcome.output, Report.model_validate(report).model_dump_json(indent=1) + "\n")
                self._sink(report, outcome.output)
                outcome = self._outcome_from(outcome, report, started)
                outcome.status = Status.DUPLICATE
            except (ConversionError, OSError, ValueError) as error:
                outcome.error = str(error)
                outcome.error_kind = getattr(error, "kind", None) or outcome.error_kind or ErrorKind.INTERNAL
            outcome.seconds = time.monotonic() - started
            self._record(outcome)

    # -- sinks and accounting --------------------------------------------------------------
    def _open_sinks(self) -> None:
        o = self.options
        self._manifest = (self.out_dir / MANIFEST_NAME).open("w", encoding="utf-8", buffering=1)
        if o.db:
            self._store = Store(o.db)
        if o.jsonl:
            o.jsonl.parent.mkdir(parents=True, exist_ok=True)
            for stale in o.jsonl.parent.glob(f"{TEMP_PREFIX}{o.jsonl.name}.*{TEMP_SUFFIX}"):
                stale.unlink(missing_ok=True)
            self._jsonl_temp = o.jsonl.parent / f"{TEMP_PREFIX}{o.jsonl.name}.{os.getpid()}{TEMP_SUFFIX}"
            self._jsonl = self._jsonl_temp.open("w", encoding="utf-8")

    def _close_sinks(self) -> None:
        if self._store:
            self._store.close()
        if self._jsonl and self.options.jsonl:
            self._jsonl.close()
            os.replace(self._jsonl_temp, self.options.jsonl)  # whole or not at all
        if self._manifest:
            self._manifest.close()
        write_atomically(self.out_dir / SUMMARY_NAME, json.dumps(summary(self.outcomes), ensure_ascii=False, indent=1) + "\n")

    def _sink(self, report: dict[str, Any], output: Path) -> None:
        relative_output = output.relative_to(self.out_dir).as_posix()
        if self._store:
            self._store.add(Report.model_validate(report), relative_output)
        if self._jsonl:
            self._jsonl.write(json.dumps(report, ensure_ascii=False) + "\n")

    def _outcome_from(self, outcome: Outcome, report: dict[str, Any], started: float) -> Outcome:
        source = report["source"]
        outcome.warnings, outcome.pages, outcome.ocr_pages = len(report["warnings"]), source.get("page_count"), source.get("ocr_pages", [])
        outcome.seconds = time.monotonic() - started
        return outcome

    def _record(self, outcome: Outcome) -> None:
        if outcome.status == Status.FAILED:
            outcome.error = with_hint(outcome.error or "failed", outcome.error_kind)
        self.outcomes.append(outcome)
        assert self._manifest is not None
        self._manifest.write(manifest_line(outcome, self.out_dir) + "\n")
        self._progress.update(outcome)

    def _locked(self) -> _Lock:
        return _Lock(self.out_dir / LOCK_NAME)


class _Lock:
    """An exclusive flock on DIR/.ita-ingest.lock; the kernel drops it if the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        self.handle = self.path.open("a")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            self.handle.close()
            raise BatchBusy(f"another ita-ingest run is writing to {self.path.parent}; wait for it or choose another --out") from error

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def _existing_report(target: Path, sha: str) -> dict[str, Any] | None:
    """The report already at `target` if it is of the same content and parser version."""
    try:
        report = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    source = report.get("source") if isinstance(report, dict) else None
    if isinstance(source, dict) and source.get("sha256") == sha and report.get("parser_version") == PARSER_VERSION:
        return report
    return None


def manifest_line(outcome: Outcome, out_dir: Path) -> str:
    return json.dumps({
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
