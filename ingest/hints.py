"""What a user of the command line can do about a failed input, by its kind, and the library's
messages that name a flag of `convert`.

Parsers say what is wrong with a document; only here do messages name the flags of `convert`:
the library (batch, engines, store, locks, text outputs, audit) takes such wording from here.
"""

from __future__ import annotations

from pathlib import Path

from ingest.errors import EXIT_ENVIRONMENT, EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from parsers.errors import ErrorKind
from parsers.readers import SUFFIXES

HINTS: dict[ErrorKind, str] = {
    ErrorKind.NO_TEXT_LAYER: "convert with --ocr auto to read it by OCR",
    ErrorKind.TIMEOUT: "raise --timeout (OCR costs about 2.5 s a page)",
    ErrorKind.OUT_OF_MEMORY: "raise --max-memory",
    ErrorKind.WORKER_DIED: "if it ran out of memory, raise --max-memory",
    ErrorKind.OUTPUT_CONFLICT: "rename one of the two inputs, or convert them into different --out folders",
    ErrorKind.NAME_COLLISION: "rename one of the two (in the archive, or on disk)",
    ErrorKind.INTERNAL: "this is a bug in ita-ingest: please report it with the file",
}

# What each exit status means, in the words of `convert --help` and docs/reference.md (both made
# from this; tests/test_cli.py fails when they differ). Here, since the meanings name flags.
EXIT_MEANINGS: dict[int, str] = {
    EXIT_OK: "every input converted, unchanged, duplicate, not a report (no ITA content) or skipped (files of other formats are "
             "left out, and listed)",
    EXIT_FAILED: "the run completed and some inputs failed (each has its `error:` line and manifest line)",
    EXIT_USAGE: "usage error, nothing converted and nothing written: no report among the inputs (an empty folder), a missing "
                "path, a busy DIR or --jsonl, --out a file, inputs inside DIR, a --markdown folder among the inputs, --db not an "
                "SQLite store, --jsonl a folder, --scheduler without --engine dask",
    EXIT_ENVIRONMENT: "the machine stopped the run (disk full, read-only DIR, the store locked over 60 s, Dask scheduler "
                      "unreachable or distributed missing), or the run completed but this machine lacks a tool some inputs "
                      "need (LibreOffice for .doc, Tesseract for scans): those inputs were skipped or failed, and a `warning:` "
                      "line per missing tool names the Debian package and how many inputs it cost",
    EXIT_INTERNAL: "a bug in ita-ingest stopped the run (one `error: internal error` line; ITA_INGEST_DEBUG=1 prints the traceback)",
}
SIGNAL_MEANING = ("130 / 143 / 129 / 131", "interrupted by Ctrl-C / SIGTERM / SIGHUP (terminal closed) / SIGQUIT: workers "
                  "stopped, summary `interrupted`; the same command resumes")

# The engines: a document past its time limit, and what the dask engine needs.
TIMEOUT_LIMIT = "the --timeout limit"
DASK_NEEDS_SCHEDULER = "--engine dask needs --scheduler tcp://HOST:PORT"
DASK_NEEDS_DISTRIBUTED = "--engine dask needs the 'distributed' package: pip install 'ita-ingest[dask]'"
SCHEDULER_WITHOUT_DASK = "--scheduler is only used with --engine dask (otherwise the batch would silently run here)"

# A store that cannot be written, or must be written again.
NEW_DB_FILE = "name a new --db file"
CONVERT_INTO_NEW_DB = "convert into a new --db file"
REBUILD_STORE = "ita-ingest convert INPUT... --out NEW_DIR (or --db NEW_FILE)"


def with_hint(message: str, kind: ErrorKind | None) -> str:
    """The one-line reason, with what to do when there is something to do."""
    hint = HINTS.get(kind) if kind else None
    return f"{message}; {hint}" if hint and hint not in message else message


# -- why a batch cannot start, in the words of its flags --------------------------------------
def out_is_a_file(out_dir: Path) -> str:
    return f"--out {out_dir} is a file, not a folder"


def input_inside_out(path: Path, out_dir: Path) -> str:
    return f"{path} is inside the output folder {out_dir}: choose an --out outside the inputs"


def jsonl_is_a_folder(jsonl: Path) -> str:
    return f"--jsonl {jsonl} is a folder; name a file"


def db_is_a_folder(db: Path) -> str:
    return f"--db {db} is a folder; name a file"


def db_not_sqlite(db: Path) -> str:
    return f"--db {db} cannot be used as an SQLite store (it is not an SQLite file): {NEW_DB_FILE}"


def markdown_is_a_file(folder: Path) -> str:
    return f"--markdown {folder} is a file, not a folder"


def markdown_inside_input(folder: Path, path: Path) -> str:
    return (f"--markdown {folder} is inside the input folder {path}: choose a --markdown outside the inputs "
            "(a next run would read its .md files as reports)")


def input_inside_markdown(path: Path, folder: Path) -> str:
    return f"{path} is inside the --markdown folder {folder}: choose a --markdown outside the inputs"


def out_busy(folder: Path) -> str:
    return f"another ita-ingest run is writing to {folder}; wait for it or choose another --out"


def jsonl_busy(jsonl: Path) -> str:
    return f"another ita-ingest run is writing --jsonl {jsonl}; wait for it or choose another file"


def no_report(others: int) -> str:
    """A run refused before it wrote anything: no input is of a format we read."""
    files = f" ({others} other file{'s' if others != 1 else ''}, not reports)" if others else " (no file found)"
    return (f"no report among the inputs{files}; ita-ingest reads {', '.join(SUFFIXES)} and .zip archives of them; "
            "nothing was written")
