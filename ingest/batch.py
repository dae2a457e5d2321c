"""Batch conversion of an archive: discover → read and hash → skip what is done → convert in
an engine → write outputs atomically → sinks (per-document JSON, JSONL, SQLite) → manifest.

Resumable: an input whose output already holds a report of the same content hash and parser
version is `unchanged` and not parsed again (`force` redoes it); content seen under an
earlier name in the same run is parsed once and written as a `duplicate`. A run that is
killed leaves only whole files: each output is renamed into place, the store commits in
transactions, and the next run deletes our leftover temporary files before it starts.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from ingest import accounting, hints
from ingest.accounting import MANIFEST_NAME, SUMMARY_NAME, Outcome, Progress, ProgressMode, RunState, Status, manifest_line, summary
from ingest.convert import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    ConversionError,
    existing_report,
    folds_case,
    output_path,
    remove_stale_temporaries,
    write_atomically,
)
from ingest.engines import Engine, dask_results, local_results
from ingest.errors import MachineError, UsageError
from ingest.locks import FolderLock, held_by_a_live_run
from ingest.relevance import not_a_report_reason
from ingest.sources import Archives, InputItem, InputRefused, discover_inputs, read_item, refuse_name_collisions
from ingest.store import Store, StoreFormatError, is_sqlite_file
from ingest.text_outputs import TextOutputs
from ingest.worker import Task, TaskResult
from parsers.errors import ErrorKind
from parsers.extract.text_blocks import TextBlock
from parsers.options import OcrMode, ParseOptions
from parsers.readers import page_count
from schema.models import Report

LOCK_NAME = ".ita-ingest.lock"
DEFAULT_TIMEOUT = 300.0        # CPU seconds per document (ingest.time_limits): generous for a long PDF, fatal for a loop
DEFAULT_PAGE_TIMEOUT = 6.0     # seconds more per PDF page: a page read by OCR costs 2.5-4 s
DEFAULT_MAX_MEMORY_MB = 2048   # address space per worker; a text report needs ~200 MB
# The per-page allowance stops growing here: a 17 KB PDF of 5,000 empty pages must not buy itself
# hours (8.4 h at 6 s a page). An hour reads some 1,000 scanned pages; a larger --timeout still wins.
DOCUMENT_TIME_CAP = 3600.0
MAX_WORKERS = 64               # --workers: more processes than this starve each other and the machine


@dataclass
class BatchOptions:
    out_dir: Path
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float = DEFAULT_TIMEOUT
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB
    force: bool = False
    engine: Engine = Engine.LOCAL
    scheduler: str | None = None   # tcp://HOST:PORT for the dask engine
    jsonl: Path | None = None
    db: Path | None = None
    progress: ProgressMode = ProgressMode.QUIET   # a status line (terminal), timestamped lines (a log) or neither
    verbose: bool = False          # a line per finished input
    announce: bool = False         # a first line: how many inputs go where (after the arguments are accepted)
    ocr: OcrMode = OcrMode.AUTO    # which PDF pages are read by OCR
    markdown: Path | None = None   # folder for one Markdown file per document (ingest.markdown)
    text_index: bool = True        # the documents' text into the store's full-text index (with a store)


class BatchRefused(UsageError):
    """The run cannot start with these arguments (nothing was converted): a usage error."""


class BatchBusy(BatchRefused):
    """Another ita-ingest run is writing to the same output folder (or the same --jsonl)."""


class BatchFatal(MachineError):
    """The machine stopped the run (disk full, read-only folder, store locked too long): no input's fault."""


# Errors of writing that are the machine's, not one input's: the run stops (BatchFatal).
FATAL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EACCES, errno.EPERM})


class Batch:
    """Wires sources, an engine and the sinks for one run; `run` returns one Outcome per input."""

    def __init__(self, options: BatchOptions) -> None:
        self.options = options
        self.out_dir = options.out_dir.resolve()
        self.outcomes: list[Outcome] = []
        self._by_key: dict[int, str] = {}  # task key -> sha256
        self._shown: dict[int, str] = {}   # task key -> the name progress lines give it (the manifest's `input`)
        self._first_by_sha: dict[str, Outcome] = {}
        self._duplicates: list[tuple[InputItem, str]] = []
        self._store: Store | None = None
        self._jsonl: IO[str] | None = None
        self._manifest: IO[str] | None = None
        self._progress = Progress(0)
        self._parse_options = ParseOptions(ocr=options.ocr)
        self._archives = Archives()
        self._text = TextOutputs(options.markdown, options.text_index)
        self.run_id = accounting.new_run_id()
        self.started_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.state: RunState = RunState.RUNNING
        self.fatal: str | None = None

    # -- the run -------------------------------------------------------------------------
    def run(self, paths: list[Path]) -> list[Outcome]:
        self._check_arguments(paths)
        found = discover_inputs(paths, self.out_dir)   # before anything is created: an empty folder writes nothing
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            with self._locked():
                remove_stale_temporaries(self.out_dir)
                items = refuse_name_collisions(found, folds_case(self.out_dir))
                reports = sum(not item.not_a_report for item in items)
                self._progress = Progress(reports, self.options.progress, self.options.verbose)
                self._announce(reports, len(items) - reports)
                self._open_sinks()
                self._run_items(items)
        except (OSError, sqlite3.Error) as error:
            raise BatchFatal(_environment_error(error)) from error
        return self.outcomes

    def _run_items(self, items: list[InputItem]) -> None:
        """Convert and record; whatever stops it (a signal, a full disk) the sinks are closed and
        the summary says how the run ended."""
        try:
            self._progress.start()   # stopped in `finally`, whatever ends the run
            results = self._results(self._tasks(items))
            with contextlib.closing(results), self._archives:  # closing: the workers are stopped now, not at GC
                for result in results:
                    self._finish_task(result)
            self._finish_duplicates()
            self.state = RunState.COMPLETE
        except BaseException as error:
            self.state = RunState.INTERRUPTED if isinstance(error, KeyboardInterrupt | SystemExit) else RunState.FAILED
            self.fatal = None if self.state == RunState.INTERRUPTED else _environment_error(error)
            raise
        finally:
            self._close_sinks()
            self._progress.close()

    def _check_arguments(self, paths: list[Path]) -> None:
        """Refuse at once what can only end badly: a file as --out, inputs inside --out (they would
        be left out: "0 inputs"), a folder as --jsonl."""
        o = self.options
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise BatchRefused(hints.out_is_a_file(o.out_dir))
        for path in paths:
            if path.resolve() == self.out_dir or path.resolve().is_relative_to(self.out_dir):
                raise BatchRefused(hints.input_inside_out(path, o.out_dir))
        if o.jsonl and o.jsonl.is_dir():
            raise BatchRefused(hints.jsonl_is_a_folder(o.jsonl))
        if o.db and o.db.is_dir():
            raise BatchRefused(hints.db_is_a_folder(o.db))
        if o.db and o.db.is_file() and o.db.stat().st_size and not is_sqlite_file(o.db):
            raise BatchRefused(hints.db_not_sqlite(o.db))
        if self._text.refusal(paths, self.out_dir):
            raise BatchRefused(self._text.refusal(paths, self.out_dir))

    def _results(self, tasks: Iterator[Task]) -> Iterator[TaskResult]:
        o = self.options
        if o.engine == Engine.DASK:
            if not o.scheduler:
                raise ValueError(hints.DASK_NEEDS_SCHEDULER)
            return dask_results(tasks, o.scheduler, o.timeout, on_start=self._started)
        max_memory = o.max_memory_mb * 2**20 if o.max_memory_mb else None
        return local_results(tasks, o.workers, o.timeout, max_memory, on_start=self._started)

    def _announce(self, reports: int, others: int) -> None:
        if self.options.announce:
            apart, workers = f"; {accounting.not_reports_said(others)}, left out" if others else "", self.options.workers
            print(f"converting {accounting.plural(reports, 'input')} into {self.options.out_dir} with "
                  f"{accounting.plural(workers, 'worker')}{apart}", file=sys.stderr)

    def _started(self, task: Task) -> None:
        self._progress.begin(self._shown.get(task.key, task.relative), _pages(task.format, task.data))   # pages: the ETA's unit

    def _tasks(self, items: list[InputItem]) -> Iterator[Task]:
        """Tasks for the engine; inputs decided without parsing are recorded on the way."""
        for key, item in enumerate(items):
            task = self._task(key, item)
            if task is not None:
                yield task

    def _task(self, key: int, item: InputItem) -> Task | None:
        started = time.monotonic()
        if item.error or item.skip_reason:
            self._record(Outcome(item, Status.FAILED if item.error else Status.SKIPPED, error=item.error or item.skip_reason,
                                 error_kind=item.error_kind))
            return None
        try:
            data = read_item(item, self._archives)
            sha = hashlib.sha256(data).hexdigest()
            # The same bytes as a .txt and as a .pdf are two inputs: each gets its own format's verdict.
            dedup = f"{sha}:{item.format}"
            if dedup in self._first_by_sha:
                self._duplicates.append((item, dedup))
                return None
            target = output_path(self.out_dir, item.relative)
        except (InputRefused, ConversionError) as error:
            self._record(Outcome(item, Status.FAILED, error=str(error), error_kind=error.kind, seconds=time.monotonic() - started))
            return None
        self._first_by_sha[dedup] = Outcome(item, Status.PENDING, sha, target)
        if self._text.present(self._store, item.relative, sha) and self._unchanged(item, sha, target, started):
            return None
        self._by_key[key] = dedup
        self._shown[key] = item.origin
        assert item.format is not None
        return Task(key, item.relative, item.format, sha, data, self._parse_options,
                    time_limit=self._time_limit(_pages(item.format, data)),
                    text_out=self._text.wanted, words=self._text.index)

    def _time_limit(self, pages: int) -> float:
        """--timeout, plus --page-timeout a page up to DOCUMENT_TIME_CAP (never below --timeout)."""
        allowed = self.options.timeout + self.options.page_timeout * pages
        return max(self.options.timeout, min(allowed, DOCUMENT_TIME_CAP))

    def _unchanged(self, item: InputItem, sha: str, target: Path, started: float) -> bool:
        existing = None if self.options.force else existing_report(target, sha)
        if existing is None:
            return False
        try:  # judged again: an output of an earlier version, or copied in, may be no report
            outcome = Outcome(item, Status.UNCHANGED, sha, target, not_a_report=not_a_report_reason(Report.model_validate(existing)))
            self._sink(existing, target, keep=not outcome.not_a_report)
        except ValueError:  # an output edited by hand no longer validates: convert it again
            return False
        outcome.status = Status.NOT_A_REPORT if outcome.not_a_report else Status.UNCHANGED
        self._record(self._outcome_from(outcome, existing, started))
        return True

    def _finish_task(self, result: TaskResult) -> None:
        outcome = self._first_by_sha[self._by_key.pop(result.key)]
        self._shown.pop(result.key, None)
        outcome.take_account(result)
        if not result.ok or result.report_json is None:
            outcome.status = Status.FAILED
        elif self._write_output(outcome, result.report_json, result):
            outcome.status = Status.NOT_A_REPORT if outcome.not_a_report else Status.CONVERTED
            if self._store or self._jsonl:
                self._sink(json.loads(result.report_json), outcome.output, self._text.for_store(result),  # type: ignore[arg-type]
                           keep=not outcome.not_a_report)
        self._record(outcome)

    def _write_output(self, outcome: Outcome, text: str, result: TaskResult | None = None) -> bool:
        """Write one output (and its Markdown, from `result`); a path the filesystem refuses fails this
        input alone, a full or read-only disk stops the run (BatchFatal)."""
        assert outcome.output is not None
        try:
            write_atomically(outcome.output, text)
            if result is not None and outcome.sha256:
                self._text.write(outcome.item.relative, outcome.sha256, result)
            return True
        except OSError as error:
            if error.errno in FATAL_ERRNOS:
                raise BatchFatal(_environment_error(error)) from error
            outcome.status, outcome.error_kind = Status.FAILED, ErrorKind.OUTPUT_CONFLICT
            outcome.error = f"cannot write its output {outcome.output.relative_to(self.out_dir)}: {error.strerror or error}"
            return False

    def _finish_duplicates(self) -> None:
        for item, sha in self._duplicates:
            first = self._first_by_sha[sha]
            started = time.monotonic()
            outcome = Outcome(item, Status.FAILED, first.sha256, duplicate_of=first.item.relative, error_kind=first.error_kind)
            try:
                if first.status == Status.FAILED or first.output is None:
                    raise ConversionError(f"{first.error} (same content as {first.item.relative})")
                report = json.loads(first.output.read_text(encoding="utf-8"))
                report["source"]["path"] = item.relative
                outcome.output = output_path(self.out_dir, item.relative)
                valid = Report.model_validate(report)
                if self._write_output(outcome, valid.model_dump_json(indent=1) + "\n"):
                    outcome.not_a_report = not_a_report_reason(valid)  # the first's may have been judged unchanged
                    self._sink(report, outcome.output, keep=not outcome.not_a_report)
                    self._text.copy(first.item.relative, item.relative)
                    outcome = self._outcome_from(outcome, report, started)
                    outcome.status = Status.NOT_A_REPORT if outcome.not_a_report else Status.DUPLICATE
            except (ConversionError, ValueError) as error:
                outcome.error = str(error)
                outcome.error_kind = getattr(error, "kind", None) or outcome.error_kind or ErrorKind.INTERNAL
            outcome.seconds = time.monotonic() - started
            self._record(outcome)

    # -- sinks and accounting --------------------------------------------------------------
    def _open_sinks(self) -> None:
        o = self.options
        if o.jsonl:
            self._open_jsonl(o.jsonl)
        if o.db:
            self._store = Store(o.db)
        self._text.open(self._store)
        self._write_summary()  # "running": a kill -9 leaves it so, never the previous run's counts
        # Appended, never truncated: every run's lines stay, told apart by `run`.
        self._manifest = (self.out_dir / MANIFEST_NAME).open("a", encoding="utf-8", buffering=1)

    def _open_jsonl(self, jsonl: Path) -> None:
        """The JSONL goes to a temporary file renamed at the end. Its temporary is flocked while the
        run lives, so a second run with the same --jsonl is refused instead of deleting it."""
        jsonl.parent.mkdir(parents=True, exist_ok=True)
        for other in jsonl.parent.glob(f"{TEMP_PREFIX}{jsonl.name}.*{TEMP_SUFFIX}"):
            if held_by_a_live_run(other):
                raise BatchBusy(hints.jsonl_busy(jsonl))
            other.unlink(missing_ok=True)
        self._jsonl_temp = jsonl.parent / f"{TEMP_PREFIX}{jsonl.name}.{os.getpid()}{TEMP_SUFFIX}"
        self._jsonl = self._jsonl_temp.open("w", encoding="utf-8")
        fcntl.flock(self._jsonl, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _close_sinks(self) -> None:
        """A complete run publishes the JSONL; any other end rolls back a half-stored document and
        drops the JSONL's temporary (the outputs and manifest lines written so far stay)."""
        complete = self.state == RunState.COMPLETE
        with contextlib.ExitStack() as stack:  # every sink is closed even if one fails
            if self._store:
                stack.callback(self._store.close if complete else self._store.abort)
            if self._jsonl and self.options.jsonl:
                stack.callback(self._close_jsonl, complete)
            if self._manifest:
                stack.callback(self._manifest.close)
        self._write_summary()

    def _close_jsonl(self, publish: bool) -> None:
        assert self._jsonl is not None and self.options.jsonl is not None
        self._jsonl.close()
        if publish:
            os.replace(self._jsonl_temp, self.options.jsonl)  # whole or not at all
        else:
            self._jsonl_temp.unlink(missing_ok=True)

    def _write_summary(self) -> None:
        finished = None if self.state == RunState.RUNNING else datetime.now(UTC).isoformat(timespec="seconds")
        run = {"run": self.run_id, "state": self.state, "interrupted": self.state != RunState.COMPLETE, "started": self.started_at,
               "finished": finished, "error": self.fatal}
        text = json.dumps({**summary(self.outcomes), **run}, ensure_ascii=False, indent=1) + "\n"
        with contextlib.suppress(OSError):  # on a full disk the summary is the first thing that cannot be written
            write_atomically(self.out_dir / SUMMARY_NAME, text)

    def _sink(self, report: dict[str, Any], output: Path, blocks: list[TextBlock] | None = None, keep: bool = True) -> None:
        """Into the store and the JSONL; a document that is not a report (not `keep`) into neither, and
        out of the store if an earlier run stored it."""
        if self._store:
            self._store.add(Report.model_validate(report), output.relative_to(self.out_dir).as_posix(), blocks) if keep \
                else self._store.remove(report["source"]["sha256"])
        if self._jsonl and keep:
            self._jsonl.write(json.dumps(report, ensure_ascii=False) + "\n")

    def _outcome_from(self, outcome: Outcome, report: dict[str, Any], started: float) -> Outcome:
        source = report["source"]
        outcome.warnings, outcome.pages, outcome.ocr_pages = len(report["warnings"]), source.get("page_count"), source.get("ocr_pages", [])
        outcome.seconds = time.monotonic() - started
        return outcome

    def _record(self, outcome: Outcome) -> None:
        if outcome.status == Status.FAILED:
            outcome.error = hints.with_hint(outcome.error or "failed", outcome.error_kind)
        self.outcomes.append(outcome)
        assert self._manifest is not None
        self._manifest.write(manifest_line(outcome, self.out_dir, self.run_id) + "\n")
        self._progress.update(outcome)

    def _locked(self) -> FolderLock:
        return FolderLock(self.out_dir / LOCK_NAME, BatchBusy)


def _pages(format_name: str, data: bytes) -> int:
    """Pages for the time allowance; a PDF pdfium cannot count gets none (the worker will say why)."""
    try:
        return page_count(format_name, data) or 0
    except Exception:  # a hostile PDF must fail in its worker, not here in the batch process
        return 0


def _environment_error(error: BaseException) -> str:
    """The one line that says why the machine stopped the run."""
    if isinstance(error, BatchFatal | StoreFormatError):
        return str(error)
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    if isinstance(error, sqlite3.Error):
        return f"the SQLite store: {error}"
    return f"internal error: {type(error).__name__}: {error}"
