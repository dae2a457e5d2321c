"""Convert files and folders of reports into one JSON file each, plus a run manifest.

Every output is validated against the schema before it is written, and written atomically
(temporary file + rename) so an interrupted run never leaves half a JSON behind. A file that
fails is reported in one line and recorded in the manifest; the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from parsers.pipeline import report_from_text
from parsers.text_reader import UnreadableReport
from schema.models import Report, Source

TEXT_SUFFIXES = (".txt", ".md")
MANIFEST_NAME = "_manifest.jsonl"
MAX_INPUT_BYTES = 64 * 1024 * 1024  # a text report is kilobytes; anything this big is not one


class ConversionError(Exception):
    """A document could not be converted; the message says why in one line."""


@dataclass(frozen=True)
class InputFile:
    path: Path        # where to read it
    relative: str     # path relative to its input root: names the output and source.path


@dataclass
class Outcome:
    input: InputFile
    status: str                 # "converted" | "failed"
    output: Path | None = None
    error: str | None = None
    sha256: str | None = None
    seconds: float = 0.0
    warnings: int = 0


def discover(paths: list[Path]) -> Iterator[InputFile]:
    """Files named directly, and every .txt/.md below each folder, in a stable order."""
    for root in paths:
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES):
                yield InputFile(path, path.relative_to(root).as_posix())
        else:
            yield InputFile(root, root.name)


def convert_bytes(data: bytes, source_path: str) -> Report:
    """Bytes of one report → validated Report."""
    sha = hashlib.sha256(data).hexdigest()
    source = Source(path=source_path, sha256=sha, format="text", page_count=None, ocr_pages=[])
    try:
        return report_from_text(data, source)
    except UnreadableReport as error:
        raise ConversionError(str(error)) from error


def convert_file(path: str | os.PathLike[str], source_path: str | None = None) -> Report:
    """Python API: one report file → Report. Raises ConversionError with a one-line reason."""
    path = Path(path)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise ConversionError(f"unsupported file type '{path.suffix}' (this version reads .txt and .md)")
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ConversionError(f"file is {size / 2**20:.0f} MiB, over the {MAX_INPUT_BYTES // 2**20} MiB limit for a text report")
        data = path.read_bytes()
    except OSError as error:
        raise ConversionError(f"cannot read the file: {error.strerror or error}") from error
    return convert_bytes(data, source_path or str(path))


def output_path(out_dir: Path, relative: str) -> Path:
    """DIR/<relative path>.json, refusing any path that would leave DIR."""
    target = (out_dir / f"{relative}.json").resolve()
    if not target.is_relative_to(out_dir.resolve()):
        raise ConversionError(f"output path for '{relative}' would leave the output folder")
    return target


def write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def report_json(report: Report) -> str:
    """The report as JSON, re-validated from its own text so nothing unvalidated is written."""
    text = report.model_dump_json(indent=1)
    Report.model_validate_json(text)
    return text + "\n"


def convert_one(item: InputFile, out_dir: Path) -> Outcome:
    started = time.perf_counter()
    outcome = Outcome(item, "failed")
    try:
        report = convert_file(item.path, item.relative)
        outcome.sha256 = report.source.sha256
        outcome.output = output_path(out_dir, item.relative)
        write_atomically(outcome.output, report_json(report))
        outcome.status, outcome.warnings = "converted", len(report.warnings)
    except ConversionError as error:
        outcome.error = str(error)
    except Exception as error:  # a parser bug must not stop the batch; it is recorded instead
        outcome.error = f"internal error: {type(error).__name__}: {error}"
    outcome.seconds = time.perf_counter() - started
    return outcome


def manifest_line(outcome: Outcome, out_dir: Path) -> str:
    return json.dumps({
        "path": outcome.input.relative,
        "input": str(outcome.input.path),
        "sha256": outcome.sha256,
        "status": outcome.status,
        "output": outcome.output.relative_to(out_dir.resolve()).as_posix() if outcome.output else None,
        "error": outcome.error,
        "seconds": round(outcome.seconds, 4),
        "warnings": outcome.warnings,
    }, ensure_ascii=False)


def convert_paths(paths: list[Path], out_dir: Path, *, progress: bool = False) -> list[Outcome]:
    """Convert every input; print one line per failure to stderr; write DIR/_manifest.jsonl."""
    out_dir.mkdir(parents=True, exist_ok=True)
    items = list(discover(paths))
    outcomes = []
    for index, item in enumerate(items, start=1):
        outcome = convert_one(item, out_dir)
        outcomes.append(outcome)
        if outcome.status == "failed":
            print(f"\rerror: {item.path}: {outcome.error}", file=sys.stderr)
        if progress:
            print(f"\r[{index}/{len(items)}] {item.relative[-60:]:60}", end="", file=sys.stderr, flush=True)
    if progress and items:
        print(file=sys.stderr)
    write_atomically(out_dir / MANIFEST_NAME, "".join(manifest_line(o, out_dir) + "\n" for o in outcomes))
    return outcomes
