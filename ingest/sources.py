"""Inputs of a batch: files named directly, folders (recursive) and .zip archives read in place.

Each input becomes an `InputItem` that knows how to name its output and how to read its
bytes within the limits. Zip entries are checked before anything is read: names that would
climb out of the output folder (`../`, absolute paths) and entries that look like a zip bomb
(declared size, compression ratio, archive total) become failed items with the reason, and
files of other formats become skipped items, so the manifest accounts for every input.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from parsers.errors import ErrorKind
from parsers.readers import SUFFIXES, reader_for_format, reader_for_path, unavailable_reason
from parsers.zip_limits import MAX_ARCHIVE_ENTRIES, bomb_reason, unsafe_entry_name

ARCHIVE_SUFFIXES = (".zip",)


class InputRefused(Exception):
    """An input cannot be read within the limits; the message is the one-line reason."""

    def __init__(self, message: str, kind: ErrorKind) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class InputItem:
    relative: str                 # path relative to its input root: names the output and source.path
    origin: str                   # what error lines name: the file, or "archive.zip!entry"
    path: Path                    # the file on disk (the archive, for an entry)
    entry: str | None = None      # the member of the zip archive at `path`
    size: int = 0
    skip_reason: str | None = None
    error: str | None = None      # refused at discovery (unsafe name, zip bomb, unreadable archive)
    error_kind: ErrorKind | None = None

    @property
    def format(self) -> str | None:
        """The reader's format of this input (by suffix), or None for a format we do not read."""
        reader = reader_for_path(PurePosixPath(self.relative))
        return reader.format if reader else None


def read_item(item: InputItem) -> bytes:
    """The item's bytes, never more than its format's limit, whatever the headers claim."""
    limit = reader_for_format(item.format or "text").max_bytes
    if item.size > limit:
        raise InputRefused(f"file is {item.size / 2**20:.0f} MiB, over the {limit // 2**20} MiB limit for a {item.format} report",
                           ErrorKind.TOO_LARGE)
    try:
        if item.entry is None:
            with item.path.open("rb") as stream:
                data = stream.read(limit + 1)
        else:
            with zipfile.ZipFile(item.path) as archive, archive.open(item.entry) as stream:
                data = stream.read(limit + 1)
    except (OSError, zipfile.BadZipFile, EOFError, RuntimeError) as error:
        raise InputRefused(f"cannot read: {getattr(error, 'strerror', None) or error}", ErrorKind.UNREADABLE_FILE) from error
    if len(data) > limit:
        raise InputRefused(f"expands past the {limit // 2**20} MiB limit for a {item.format} report", ErrorKind.TOO_LARGE)
    return data


def _classify(relative: str, origin: str, path: Path, size: int, entry: str | None = None) -> InputItem:
    suffix = PurePosixPath(relative).suffix.lower()
    skip = None if suffix in SUFFIXES else f"not a report format ({suffix or 'no suffix'})"
    reader = None if skip else reader_for_path(PurePosixPath(relative))
    skip = skip or (unavailable_reason(reader.format) if reader else None)  # a tool its reader needs is not installed
    return InputItem(relative, origin, path, entry, size, skip_reason=skip)


def archive_items(archive: Path, prefix: str) -> Iterator[InputItem]:
    """One item per member of a zip, refused members included, without extracting anything."""
    try:
        with zipfile.ZipFile(archive) as handle:
            members = [m for m in handle.infolist() if not m.is_dir()]
    except (OSError, zipfile.BadZipFile) as error:
        yield InputItem(prefix, str(archive), archive, error=f"unreadable zip archive: {error}", error_kind=ErrorKind.CORRUPT)
        return
    if len(members) > MAX_ARCHIVE_ENTRIES:
        yield InputItem(prefix, str(archive), archive, error=f"zip has {len(members)} entries, over the {MAX_ARCHIVE_ENTRIES} limit",
                        error_kind=ErrorKind.ARCHIVE_BOMB)
        return
    total = 0
    for member in members:
        origin = f"{archive}!{member.filename}"
        unsafe = unsafe_entry_name(member.filename)
        relative = f"{prefix}/{member.filename}"
        total += member.file_size
        bomb = None if unsafe else bomb_reason(member, total)
        if unsafe:
            yield InputItem(relative, origin, archive, member.filename, error=unsafe, error_kind=ErrorKind.UNSAFE_PATH)
        elif bomb:
            yield InputItem(relative, origin, archive, member.filename, member.file_size, error=bomb, error_kind=ErrorKind.ARCHIVE_BOMB)
        elif member.filename.lower().endswith(ARCHIVE_SUFFIXES):
            yield InputItem(relative, origin, archive, member.filename, member.file_size, skip_reason="archive inside an archive")
        else:
            yield _classify(relative, origin, archive, member.file_size, member.filename)


def _file_items(path: Path, relative: str) -> Iterator[InputItem]:
    if path.suffix.lower() in ARCHIVE_SUFFIXES:
        yield from archive_items(path, relative)
    else:
        yield _classify(relative, str(path), path, path.stat().st_size)


def discover(paths: list[Path], exclude: Path | None = None) -> Iterator[InputItem]:
    """Items of every input in a stable order; hidden files and the `exclude` folder are left out."""
    excluded = exclude.resolve() if exclude else None
    for root in paths:
        if not root.is_dir():
            yield from _file_items(root, root.name)
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if any(part.startswith(".") for part in relative.parts) or not path.is_file():
                continue
            if excluded and path.resolve().is_relative_to(excluded):
                continue
            yield from _file_items(path, relative.as_posix())


def refuse_name_collisions(items: list[InputItem]) -> list[InputItem]:
    """Two inputs under different roots with the same relative path would write the same output:
    the later one is refused with the reason instead of silently overwriting the first."""
    claimed: dict[str, str] = {}
    checked = []
    for item in items:
        if not (item.error or item.skip_reason):
            key = item.relative
            if key in claimed:
                item = replace(item, error=f"its output name '{item.relative}.json' is already taken by {claimed[key]}",
                               error_kind=ErrorKind.OUTPUT_CONFLICT)
            else:
                claimed[key] = item.origin
        checked.append(item)
    return checked
