"""`ita-ingest`: convert ITA reports to JSON, print the schema, validate JSON files."""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ingest.accounting import Outcome, ProgressMode, Status, no_ita_content_said, not_reports_said, other_format, plural
from ingest.audit import AuditStatus
from ingest.audit_report import AuditRequest, run_audit
from ingest.batch import (
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_PAGE_TIMEOUT,
    DEFAULT_TIMEOUT,
    DOCUMENT_TIME_CAP,
    MANIFEST_NAME,
    MAX_WORKERS,
    SUMMARY_NAME,
    Batch,
    BatchFatal,
    BatchOptions,
    summary,
)
from ingest.convert import TEMP_PREFIX
from ingest.engines import Engine
from ingest.errors import EXIT_ENVIRONMENT as EXIT_ENVIRONMENT  # still importable from here, as all of 0-4
from ingest.errors import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, IngestError, MachineError, UsageError
from ingest.hints import DASK_NEEDS_DISTRIBUTED, DASK_NEEDS_SCHEDULER, EXIT_MEANINGS, SCHEDULER_WITHOUT_DASK
from ingest.search import search_all
from ingest.search import to_json as search_json
from ingest.search import to_table as search_table
from ingest.terminal import clean_for_terminal
from ingest.time_limits import WALL_BACKSTOP_FACTOR
from ingest.versions import VersionAction
from parsers.options import OcrMode
from parsers.readers import SUFFIXES
from schema.export import schema_json
from schema.models import Report

# Exit statuses (README "Exit status", and `convert --help`): 0-4 are ingest.errors' EXIT_*, an error's own is
# its `exit_status` (main); these two are a signal's.
EXIT_SIGINT, EXIT_SIGTERM = 128 + signal.SIGINT, 128 + signal.SIGTERM
EXIT_STATUS_HELP = ("Exit status: " + "; ".join(f"{status} {meaning}" for status, meaning in EXIT_MEANINGS.items()).replace("`", "")
                    + "; 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP, 131 SIGQUIT (all leave a resumable DIR).")


# Signals that end a run as SIGTERM does (workers stopped, store committed, summary written): a closed
# terminal (SIGHUP), a supervisor's quit (SIGQUIT). Ctrl-C (SIGINT) is KeyboardInterrupt's.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


class Terminated(SystemExit):
    """A stop signal (STOP_SIGNALS), raised in the batch process so that workers are stopped and the summary is written."""


def _raise_terminated(signum: int, _frame: object) -> None:
    raise Terminated(128 + signum)


DEFAULT_DB_NAME = "ita.sqlite"
# `audit --help`'s words for each AuditStatus (tests/test_cli.py fails when a status has none).
AUDIT_STATUS_HELP: dict[AuditStatus, str] = {
    AuditStatus.PUBLISHED: "a document of the archive is the item's evidence",
    AuditStatus.REPORTED_MISSING: "the report says it lost points or was not shown",
    AuditStatus.REMEDIATION_PLANNED: "a measure row is for it",
    AuditStatus.MENTIONED: "named otherwise",
    AuditStatus.NOT_MENTIONED: "the year's ITA report does not name it",
    AuditStatus.NO_ITA_REPORT: "no ITA report of the organisation for the year to name it",
}
MAX_OPTION_VALUE = 10**7   # seconds (115 days) or MiB (10 TiB): past any real limit, before any overflow


def _bounded(kind: type, low: float, high: float, zero: bool = False) -> Callable[[str], Any]:
    """An option's parser: a finite number in (low, high], or 0 where 0 means "none" (`zero`). `nan`
    and `inf` parse as floats but would turn a limit off or overflow it, so they are refused here."""
    def parse(text: str) -> Any:
        value = kind(text)
        if zero and value == 0:
            return value
        if not math.isfinite(value) or not low < value <= high:
            either = "0 (none) or " if zero else ""
            raise argparse.ArgumentTypeError(f"must be {either}a number greater than {low:g} and at most {high:g}, not {text}")
        return value
    return parse


def _positive(kind: type) -> Callable[[str], Any]:
    return _bounded(kind, 0, MAX_OPTION_VALUE)


def _check_usage(args: argparse.Namespace) -> None:
    """Refuse a convert command that cannot start: a UsageError, or a MachineError when this machine cannot run it."""
    if args.engine == Engine.DASK and not args.scheduler:
        raise UsageError(DASK_NEEDS_SCHEDULER)
    if args.scheduler and args.engine != Engine.DASK:
        raise UsageError(SCHEDULER_WITHOUT_DASK)
    if args.engine == Engine.DASK and importlib.util.find_spec("distributed") is None:
        raise MachineError(DASK_NEEDS_DISTRIBUTED)


NAMED_OTHERS = 5   # files that are not reports (of each kind) named on the last lines; the manifest lists them all


def _progress_mode(quiet: bool) -> ProgressMode:
    if quiet:
        return ProgressMode.QUIET
    return ProgressMode.STATUS_LINE if sys.stderr.isatty() else ProgressMode.LOG


def cmd_convert(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not os.path.lexists(p)]
    for path in missing:
        print(f"error: {clean_for_terminal(str(path))}: no such file or folder", file=sys.stderr)
    _check_usage(args)
    if missing:
        return EXIT_USAGE
    options = BatchOptions(
        out_dir=args.out, workers=args.workers, timeout=args.timeout, page_timeout=args.page_timeout, max_memory_mb=args.max_memory or None,
        force=args.force, engine=Engine(args.engine), scheduler=args.scheduler, jsonl=args.jsonl,
        db=None if args.no_db else (args.db or args.out / DEFAULT_DB_NAME), ocr=OcrMode(args.ocr), markdown=args.markdown,
        text_index=not args.no_text_index, progress=_progress_mode(args.quiet), verbose=args.verbose)
    options.announce = not args.quiet
    _say_what_is_not_converted(args.paths)
    started = time.perf_counter()
    batch = Batch(options)
    previous = {number: signal.signal(number, _raise_terminated) for number in STOP_SIGNALS}
    try:  # an IngestError that stops the run goes to main, which exits with its exit_status
        outcomes = batch.run(args.paths)
    except BatchFatal as error:
        raise BatchFatal(f"{error}; stopped after {plural(len(batch.outcomes), 'input')} (see {args.out / SUMMARY_NAME})") from error
    except Terminated as stop:
        code = int(stop.code or EXIT_SIGTERM)
        print(f"\nterminated ({signal.Signals(code - 128).name}) after {plural(len(batch.outcomes), 'input')}; "
              "run the same command again to resume", file=sys.stderr)
        return code
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    _say_the_end(outcomes, time.perf_counter() - started, args.out, options.db)
    return exit_status(summary(outcomes))


def exit_status(counts: dict[str, Any]) -> int:
    """A completed run's exit status: a missing tool first (the machine's to fix, as ocrmypdf's
    missing_dependency), then failed inputs."""
    if counts["missing_tools"]:
        return EXIT_ENVIRONMENT
    return EXIT_FAILED if counts["failed"] else EXIT_OK


def _say_the_end(outcomes: list[Outcome], elapsed: float, out: Path, db: Path | None) -> None:
    """The run's last lines: what each missing tool cost, the files of other formats, the inputs that are
    not reports (no ITA content), the counts."""
    counts = summary(outcomes)
    for reason, cost in counts["missing_tools"].items():
        print(f"warning: {plural(cost, 'input')} not converted: {clean_for_terminal(reason)}", file=sys.stderr)
    others = [clean_for_terminal(o.item.origin) for o in outcomes if other_format(o)]
    judged = [clean_for_terminal(o.item.origin) for o in outcomes if o.status == Status.NOT_A_REPORT]
    for names, said in ((others, f"{not_reports_said(len(others))}, left out"), (judged, no_ita_content_said(len(judged)))):
        if names:
            listed = ", ".join(names[:NAMED_OTHERS]) + (f" and {len(names) - NAMED_OTHERS} more" if len(names) > NAMED_OTHERS else "")
            print(f"{said}: {listed}", file=sys.stderr)
    parsed = counts["converted"] + counts["failed"]
    print(f"{plural(counts['inputs'], 'input')}: {counts['converted']} converted, {counts['unchanged']} unchanged, "
          f"{counts['duplicate']} duplicate, {counts['not_a_report']} not a report, {counts['skipped']} skipped, {counts['failed']} failed "
          f"({plural(counts['warnings'], 'warning')}) in {elapsed:.2f} s"
          + (_rate(parsed, elapsed) if parsed and elapsed else "")
          + f" → {out} (manifest: {out / MANIFEST_NAME}, summary: {out / SUMMARY_NAME}"
          + ("" if db is None else f", store: {db}") + ")",
          file=sys.stderr)


def _rate(documents: int, seconds: float) -> str:
    """", 3.2 docs/s", or ", 28.2 s/doc" for a slow run (five scans in 141 s are not "0.0 docs/s")."""
    return f", {documents / seconds:.1f} docs/s" if documents / seconds >= 1 else f", {seconds / documents:.1f} s/doc"


def _say_what_is_not_converted(paths: list[Path]) -> None:
    """A file named on the command line that will be skipped, or an empty folder, is said at once."""
    for path in paths:
        if path.is_file() and path.suffix.lower() not in (*SUFFIXES, ".zip"):
            suffix = clean_for_terminal(path.suffix) or "no suffix"
            print(f"warning: {clean_for_terminal(str(path))}: not a report format ({suffix}); it will be skipped", file=sys.stderr)
        elif path.is_dir() and not any(path.iterdir()):
            print(f"warning: {clean_for_terminal(str(path))}: the folder is empty", file=sys.stderr)


def cmd_audit(args: argparse.Namespace) -> int:
    return run_audit(AuditRequest(args.source, args.items, args.year, args.format, args.out))


def cmd_search(args: argparse.Namespace) -> int:
    hits, total = search_all(args.store, args.query, args.limit)  # a store that cannot be searched: SearchError, a usage error
    sys.stdout.write(search_json(hits, args.query) if args.format == "json" else search_table(hits))
    shown = f"{len(hits)} of {total} shown (--limit {args.limit})" if total > len(hits) else plural(total, "match", "matches")
    print(shown, file=sys.stderr)
    return EXIT_OK if hits else EXIT_FAILED


def add_search_verb(verbs: Any) -> None:
    search_verb = verbs.add_parser(
        "search", help="full-text search of the documents' text in a store, with file, page and line",
        description="Search the text of every document in STORE (written by convert): the query is segmented into Thai "
                    "words as the text was (pythainlp) and matched as a phrase, else as all of its words. Prints file, "
                    "page, line and a snippet per match. Exit 0: matches found; 1: none; 2: usage error.")
    search_verb.add_argument("store", type=Path, metavar="STORE", help=f"an SQLite store (DIR/{DEFAULT_DB_NAME})")
    search_verb.add_argument("query", metavar="QUERY", help="words to find, e.g. ประมวลจริยธรรม")
    search_verb.add_argument("--limit", type=_positive(int), default=20, metavar="N", help="at most N matches (default %(default)s)")
    search_verb.add_argument("--format", choices=("table", "json"), default="table", help="default %(default)s")
    search_verb.set_defaults(run=cmd_search)


def cmd_schema(_args: argparse.Namespace) -> int:
    sys.stdout.write(schema_json())
    return EXIT_OK


def _error_lines(error: ValidationError, every: bool) -> list[str]:
    """Each error as `path.to.field: message`; without `every`, the first and how many more."""
    lines = [f"{'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in error.errors()]
    if every or len(lines) == 1:
        return lines
    return [f"{lines[0]} (+{len(lines) - 1} more; -v lists them)"]


def report_files(paths: list[Path]) -> Iterator[Path]:
    """The files to validate: each file named, and every report JSON under a folder named (recursively),
    without our own files there (the summary, temporaries, hidden files)."""
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for found in sorted(path.rglob("*.json")):
            own = found.name == SUMMARY_NAME or found.name.startswith((TEMP_PREFIX, "."))
            if found.is_file() and not own and not any(part.startswith(".") for part in found.relative_to(path).parts):
                yield found


def _validate_one(path: Path, verbose: bool) -> bool:
    """Print the file's verdict; whether it is valid."""
    name = clean_for_terminal(str(path))
    try:
        Report.model_validate_json(path.read_bytes())
    except OSError as error:
        print(f"INVALID {name}: cannot read: {error.strerror or error}")
    except ValidationError as error:
        lines = _error_lines(error, verbose)
        print(f"INVALID {name}: {clean_for_terminal(lines[0])}")
        for line in lines[1:]:
            print(f"        {name}: {clean_for_terminal(line)}")
    else:
        print(f"ok      {name}")
        return True
    return False


def cmd_validate(args: argparse.Namespace) -> int:
    missing = [p for p in args.files if not os.path.lexists(p)]
    for path in missing:
        print(f"error: {clean_for_terminal(str(path))}: no such file or folder", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    valid = invalid = 0
    for path in report_files(args.files):
        if _validate_one(path, args.verbose):
            valid += 1
        else:
            invalid += 1
    print(f"{valid} valid, {invalid} invalid", file=sys.stderr)
    return EXIT_FAILED if invalid else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ita-ingest",
        description="Turn Thai ITA reports (scores, analyses, measure plans) into validated JSON.")
    parser.add_argument("--version", action=VersionAction, help="print the versions of ita-ingest, its parser, schema and "
                        "store, Python, pdfium, Tesseract (with its languages) and LibreOffice, and exit")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    convert = verbs.add_parser(
        "convert", help="convert report files, folders or .zip archives to one JSON per document",
        description=f"Convert {'/'.join(SUFFIXES)} reports (folders searched recursively, .zip archives read in place) to "
                    "DIR/<relative path>.json, in parallel worker processes, each document within a time and memory "
                    "limit. Outputs are validated and written atomically; a re-run skips documents already converted "
                    f"from the same content by this parser version. Every input gets a line in DIR/{MANIFEST_NAME} "
                    f"(converted, unchanged, duplicate, not_a_report, skipped or failed with the reason) and the run a DIR/{SUMMARY_NAME}. "
                    f"Reports also go into an SQLite store (default DIR/{DEFAULT_DB_NAME}). " + EXIT_STATUS_HELP)
    convert.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="report files, folders or .zip archives")
    convert.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (created if missing)")
    convert.add_argument("--workers", type=_bounded(int, 0, MAX_WORKERS), default=os.cpu_count() or 1, metavar="N",
                         help=f"worker processes, at most {MAX_WORKERS} (default: one per core, here %(default)s)")
    convert.add_argument("--timeout", type=_positive(float), default=DEFAULT_TIMEOUT, metavar="SECONDS",
                         help="time limit per document in CPU seconds (its worker's and its child processes'); past it the worker is"
                              f" killed, the document failed; {WALL_BACKSTOP_FACTOR:g} × it in wall time: a backstop (default %(default)g)")
    convert.add_argument("--page-timeout", type=_bounded(float, 0, MAX_OPTION_VALUE, zero=True), default=DEFAULT_PAGE_TIMEOUT,
                         metavar="SECONDS",
                         help="seconds added to --timeout for each page of a PDF, so long scans get time to be OCR'd "
                              f"(default %(default)g; 0 for a flat limit; a document's limit stops growing at {DOCUMENT_TIME_CAP:g} s)")
    convert.add_argument("--max-memory", type=_bounded(int, 0, MAX_OPTION_VALUE, zero=True), default=DEFAULT_MAX_MEMORY_MB, metavar="MIB",
                         help="address-space limit per worker process, 0 for none (default %(default)s)")
    convert.add_argument("--ocr", choices=[mode.value for mode in OcrMode], default=OcrMode.AUTO.value,
                         help="OCR of PDF pages with Tesseract: auto (pages without a usable text layer, the default), "
                              "always, never")
    convert.add_argument("--force", action="store_true", help="convert again documents whose output is up to date")
    convert.add_argument("--jsonl", type=Path, metavar="FILE", help="also write every report, one per line, to FILE")
    convert.add_argument("--db", type=Path, metavar="FILE", help=f"SQLite store to fill (default DIR/{DEFAULT_DB_NAME})")
    convert.add_argument("--no-db", action="store_true", help="do not write the SQLite store")
    convert.add_argument("--no-text-index", action="store_true",
                         help="store the reports without the documents' text (the blocks table and its full-text index "
                              "that `search` reads): no Thai word segmentation, a smaller store")
    convert.add_argument("--markdown", type=Path, metavar="DIR",
                         help="also write each document's repaired text as Markdown to DIR/<relative path>.md "
                              "(reading order, tables as Markdown tables, a marker per page)")
    convert.add_argument("--engine", choices=[engine.value for engine in Engine], default=Engine.LOCAL.value,
                         help="local: a process pool on this machine (default); dask: a Dask distributed cluster")
    convert.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="the Dask scheduler's address (with --engine dask)")
    convert.add_argument("-q", "--quiet", action="store_true",
                         help="only failures, warnings and the last line: no status line on a terminal, no timestamped "
                              "lines in a log")
    convert.add_argument("-v", "--verbose", action="store_true",
                         help="on a terminal, also a line per finished input above the status line (a log, when stderr is "
                              "not a terminal, has them anyway: `12:04:31 [17/54] converted x.pdf 3.2 s`)")
    convert.set_defaults(run=cmd_convert)

    audit_verb = verbs.add_parser(
        "audit", help="which organisations are missing which OIT items, with the quoted evidence",
        description="For every organisation and assessment year in SOURCE, the status of each asked item, strongest "
                    f"first: {'; '.join(f'{status} ({meaning})' for status, meaning in AUDIT_STATUS_HELP.items())}; "
                    "with file, page/line and the quoted text; plus the "
                    "warnings an auditor should see (indicator conflicts, grade bands, impossible dates, O-numbering of "
                    "another year, organisation-name leftovers).")
    audit_verb.add_argument("source", type=Path, metavar="SOURCE", nargs="+",
                            help=f"an SQLite store (DIR/{DEFAULT_DB_NAME}) or a folder of report JSON; several are read as one archive")
    audit_verb.add_argument("--items", default="O39,O40", metavar="CODES",
                            help="comma-separated item codes, or 'all' for every item of each year's catalog (default %(default)s)")
    audit_verb.add_argument("--year", type=int, metavar="Y", help="only this assessment year (BE, e.g. 2566)")
    audit_verb.add_argument("--format", choices=("table", "csv", "json", "html"), default="table", help="default %(default)s")
    audit_verb.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    audit_verb.set_defaults(run=cmd_audit)

    add_search_verb(verbs)

    schema = verbs.add_parser("schema", help="print the JSON Schema of the output")
    schema.set_defaults(run=cmd_schema)

    validate = verbs.add_parser("validate", help="check report JSON files (or folders of them) against the schema",
                                description="Check report JSON files against the schema; a folder is searched recursively "
                                            f"(convert's {SUMMARY_NAME}, temporaries and hidden files left out). Exit 0: all "
                                            "valid; 1: some invalid; 2: a path that does not exist (nothing checked).")
    validate.add_argument("files", nargs="+", type=Path, metavar="PATH", help="report JSON files or folders")
    validate.add_argument("-v", "--verbose", action="store_true", help="every error of an invalid file, with its full path")
    validate.set_defaults(run=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("\ninterrupted; run the same command again to resume", file=sys.stderr)
        return EXIT_SIGINT
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        return _stopped_by(error)


def _stopped_by(error: Exception) -> int:
    """The one line saying why a command stopped, and its exit status: the one place an error becomes
    an exit status. An IngestError has its own (`exit_status`); anything else, or an IngestError
    meaning EXIT_INTERNAL, is a bug: one line, not a traceback (which goes with ITA_INGEST_DEBUG=1)."""
    status = error.exit_status if isinstance(error, IngestError) else EXIT_INTERNAL
    if status != EXIT_INTERNAL:
        print(f"error: {clean_for_terminal(str(error))}", file=sys.stderr)
        return status
    if os.environ.get("ITA_INGEST_DEBUG"):
        traceback.print_exc()
    print(f"error: internal error: {type(error).__name__}: {error}; this is a bug in ita-ingest, please report it",
          file=sys.stderr)
    return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())

