"""One document at a time: the Python API, output naming and atomic writes.

Batches (workers, resume, manifest, sinks) are in `ingest.batch`; both go through
`worker.convert_task`, so a file converts the same way alone or in an archive of thousands.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ingest.errors import IngestError
from ingest.hints import with_hint
from ingest.sources import InputItem, InputRefused, read_item
from ingest.worker import Task, convert_task
from parsers.errors import ErrorKind
from parsers.options import OcrMode, ParseOptions
from parsers.pipeline import PARSER_VERSION
from parsers.readers import SUFFIXES
from schema.models import Report

# Prefix and suffix of our temporary files: a run removes leftovers of a killed run by them.
TEMP_PREFIX, TEMP_SUFFIX = ".ita-", ".tmp"
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class ConversionError(IngestError):
    """A document could not be converted; the message says why in one line, `kind` what sort of failure.
    In a batch the input fails (its manifest line says why); one that reaches the command line is a bug."""


def convert_file(path: str | os.PathLike[str], source_path: str | None = None, ocr: OcrMode | str = OcrMode.AUTO) -> Report:
    """Python API: one report file (any suffix of parsers.readers.SUFFIXES) → Report. Raises ConversionError
    with a one-line reason; an unknown `ocr` mode raises pydantic.ValidationError naming the valid ones."""
    options = ParseOptions(ocr=ocr)
    path = Path(path)
    item = InputItem(source_path or str(path), str(path), path, size=path.stat().st_size if path.is_file() else 0)
    if item.format is None:
        raise ConversionError(f"unsupported file type '{path.suffix}' (reads {', '.join(SUFFIXES)})", ErrorKind.UNSUPPORTED_FORMAT)
    try:
        data = read_item(item)
    except InputRefused as error:
        raise ConversionError(str(error), error.kind) from error
    result = convert_task(Task(0, item.relative, item.format, hashlib.sha256(data).hexdigest(), data, options))
    if not result.ok or result.report_json is None:
        raise ConversionError(with_hint(result.error or "conversion failed", result.error_kind), result.error_kind)
    return Report.model_validate_json(result.report_json)


def output_path(out_dir: Path, relative: str) -> Path:
    """DIR/<relative path>.json, refusing any path that would leave DIR."""
    target = (out_dir / f"{relative}.json").resolve()
    if not target.is_relative_to(out_dir.resolve()):
        raise ConversionError(f"output path for '{relative}' would leave the output folder", ErrorKind.UNSAFE_PATH)
    return target


def existing_report(target: Path, sha: str) -> dict[str, Any] | None:
    """The report already at `target` if it is of the same content and parser version (a re-run's `unchanged`)."""
    try:
        report = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    source = report.get("source") if isinstance(report, dict) else None
    if isinstance(source, dict) and source.get("sha256") == sha and report.get("parser_version") == PARSER_VERSION:
        return report
    return None


def write_atomically(target: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename: readers see all or nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # The target's name is cut short in the temporary's: a 250-byte output name is legal, itself
    # plus prefix and suffix would not be (ENAMETOOLONG).
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f"{TEMP_PREFIX}{target.name[:40]}.", suffix=TEMP_SUFFIX)
    try:
        os.fchmod(handle, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are for other tools to read
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporary files a killed run left under `folder`; returns how many."""
    stale = [p for p in folder.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}") if p.is_file()] if folder.is_dir() else []
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def folds_case(folder: Path) -> bool:
    """Whether the file system holding `folder` folds case (macOS and Windows volumes, vfat): a probe
    file named like the run's temporaries, so a killed run's probe is cleaned as they are."""
    with tempfile.NamedTemporaryFile(prefix=f"{TEMP_PREFIX}CaseProbe.", suffix=TEMP_SUFFIX, dir=folder) as probe:
        name = Path(probe.name)
        return name.with_name(name.name.swapcase()).exists()
