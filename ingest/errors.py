"""The errors of ita-ingest, with one root (after ocrmypdf's exceptions, each with its exit code).

  IngestError   the root: a one-line reason (`str(error)`), its `ErrorKind` where it has one, and
                `exit_status`, what the command line exits with when the error stops a command
  UsageError    the command cannot run with these arguments; nothing was converted (exit 2)
  MachineError  the machine stopped the run or cannot run it (exit 3)

Every error class of `ingest` derives from IngestError; the command line maps an error to its exit
status in one place (`ingest.cli.main`), by `exit_status`. An input that fails is not an exit
status of its own: its reason goes to the manifest and the run exits 1 (EXIT_FAILED). An input's
error that reaches the command line instead stopped the run: that is a bug (EXIT_INTERNAL).
"""

from __future__ import annotations

from parsers.errors import ErrorKind

# Exit statuses of the command line (README "Exit status", and `convert --help`).
EXIT_OK = 0            # every input converted, unchanged, duplicate or skipped
EXIT_FAILED = 1        # the run completed, some inputs failed (each has its manifest line)
EXIT_USAGE = 2         # nothing converted: no report among the inputs, a missing path, a busy DIR, --out a file…
EXIT_ENVIRONMENT = 3   # the machine stopped the run (disk full, read-only DIR, store locked, no scheduler) or lacks a tool inputs need
EXIT_INTERNAL = 4      # a bug in ita-ingest stopped the run



class IngestError(Exception):
    """Something ita-ingest cannot do; `str(error)` is the one-line reason, `kind` what sort of
    failure (None when it is not an input's), `exit_status` what the command line exits with."""

    kind: ErrorKind | None = None
    exit_status: int = EXIT_INTERNAL

    def __init__(self, message: str, kind: ErrorKind | None = None) -> None:
        super().__init__(message)
        if kind is not None:
            self.kind = kind


class UsageError(IngestError):
    """The command cannot run with these arguments (a bad path, option or store); nothing was converted."""

    exit_status = EXIT_USAGE


class MachineError(IngestError):
    """The machine stopped the run, or cannot run it (a full disk, a read-only folder, a missing package)."""

    exit_status = EXIT_ENVIRONMENT
