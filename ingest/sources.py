"""Inputs of a batch: files named directly, folders (recursive) and .zip archives read in place.

Each input becomes an `InputItem` that knows how to name its output and how to read its
bytes within the limits. Zip entries are checked before anything is read: names that would
climb out of the output folder (`../`, absolute paths) and entries that look like a zip bomb
(declared size, compression ratio, archive total) become failed items with the reason, and
files of other formats become skipped items, so the manifest accounts for every input.
"""

from __future__ import annotations

import os
import posixpath
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ingest import hints
from ingest.errors import IngestError, MachineError, UsageError
from parsers.errors import ErrorKind
from parsers.readers import SUFFIXES, reader_for_format, reader_for_path, unavailable_reason
from parsers.readers.zip_limits import MAX_ARCHIVE_ENTRIES, bomb_reason, unsafe_entry_name

ARCHIVE_SUFFIXES = (".zip",)
NOT_A_REPORT = "not a report format"   # the skip reason of files no reader reads
# The longest file name (one path component, in bytes) ext4, XFS and most others accept.
NAME_MAX = 255
OUTPUT_SUFFIX = ".json"
# What a damaged zip raises while being listed or read: bad deflate data (zlib.error), a bad CRC
# (BadZipFile), an unknown compression method (NotImplementedError), a password (RuntimeError),
# a name that is not the UTF-8 its flag claims (UnicodeDecodeError, a ValueError).
_ZIP_ERRORS = (OSError, EOFError, RuntimeError, ValueError, NotImplementedError, zipfile.BadZipFile, zlib.error)


class InputRefused(IngestError):
    """An input cannot be read within the limits; the message is the one-line reason. The input
    fails (its manifest line says why); one that reaches the command line is a bug (exit_status)."""

    def __init__(self, message: str, kind: ErrorKind) -> None:
        super().__init__(message, kind)


@dataclass(frozen=True)
class InputItem:
    relative: str                 # path relative to its input root: names the output and source.path
    origin: str                   # what lines and the manifest's `input` name: the file, or "archive.zip/entry" (as `path`)
    path: Path                    # the file on disk (the archive, for an entry)
    entry: str | None = None      # the member of the zip archive at `path`
    size: int = 0
    skip_reason: str | None = None
    error: str | None = None      # refused at discovery (unsafe name, zip bomb, unreadable archive)
    error_kind: ErrorKind | None = None
    member: int | None = None     # the entry's index in the archive (two entries may share a name)

    @property
    def not_a_report(self) -> bool:
        """A file of a format no reader reads: listed in the manifest, not one of the run's inputs."""
        return not self.error and (self.skip_reason or "").startswith(NOT_A_REPORT)

    @property
    def format(self) -> str | None:
        """The reader's format of this input (by suffix), or None for a format we do not read."""
        reader = reader_for_path(PurePosixPath(self.relative))
        return reader.format if reader else None


class Archives:
    """Open zip archives kept open while their entries are read: reopening a zip parses its whole
    central directory, so a 100,000-entry archive read entry by entry reopened costs hours."""

    def __init__(self) -> None:
        self._open: dict[Path, zipfile.ZipFile] = {}

    def member(self, item: InputItem) -> zipfile.ZipInfo:
        if item.path not in self._open:
            self.close()  # entries come archive by archive: one open at a time
            self._open[item.path] = zipfile.ZipFile(item.path)
        archive = self._open[item.path]
        members = archive.infolist()
        if item.member is not None and item.member < len(members):
            return members[item.member]
        return archive.getinfo(item.entry or "")

    def read(self, item: InputItem, limit: int) -> bytes:
        info = self.member(item)
        with self._open[item.path].open(info) as stream:
            return stream.read(limit + 1)

    def close(self) -> None:
        for archive in self._open.values():
            archive.close()
        self._open.clear()

    def __enter__(self) -> Archives:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_error(error: BaseException) -> InputRefused:
    if isinstance(error, OSError) and not isinstance(error, zipfile.BadZipFile):
        return InputRefused(f"cannot read: {error.strerror or error}", ErrorKind.UNREADABLE_FILE)
    return InputRefused(f"damaged archive entry: {type(error).__name__}: {error}", ErrorKind.CORRUPT)


def _read_regular_file(path: Path, size: int) -> bytes:
    """At most `size` bytes of a regular file. Opened without blocking and checked on the open file:
    a FIFO put in its place since discovery is refused, not waited on forever."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as stream:
        special = _special_file(os.fstat(descriptor).st_mode)
        if special:
            raise InputRefused(special, ErrorKind.NOT_A_FILE)
        return stream.read(size)


def read_item(item: InputItem, archives: Archives | None = None) -> bytes:
    """The item's bytes, never more than its format's limit, whatever the headers claim."""
    limit = reader_for_format(item.format or "text").max_bytes
    if item.size > limit:
        raise InputRefused(f"file is {item.size / 2**20:.0f} MiB, over the {limit // 2**20} MiB limit for a {item.format} report",
                           ErrorKind.TOO_LARGE)
    try:
        if item.entry is None:
            data = _read_regular_file(item.path, limit + 1)
        elif archives is not None:
            data = archives.read(item, limit)
        else:
            with Archives() as own:
                data = own.read(item, limit)
    except _ZIP_ERRORS as error:
        raise _read_error(error) from error
    if len(data) > limit:
        raise InputRefused(f"expands past the {limit // 2**20} MiB limit for a {item.format} report", ErrorKind.TOO_LARGE)
    return data


def _classify(relative: str, origin: str, path: Path, size: int, entry: str | None = None) -> InputItem:
    suffix = PurePosixPath(relative).suffix.lower()
    skip = None if suffix in SUFFIXES else f"{NOT_A_REPORT} ({suffix or 'no suffix'})"
    reader = None if skip else reader_for_path(PurePosixPath(relative))
    missing = unavailable_reason(reader.format) if reader and not skip else None  # a tool its reader needs is not installed
    return InputItem(relative, origin, path, entry, size, skip_reason=skip or missing,
                     error_kind=ErrorKind.MISSING_DEPENDENCY if missing else None)


def _hidden_entry(name: str) -> bool:
    """An entry left out as hidden files in folders are: a dot-file or dot-folder, and macOS Finder's
    resource forks (`__MACOSX/…`, `._name`), which are not the documents they sit beside."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]
    return any((part.startswith(".") and part != "..") or part == "__MACOSX" for part in parts)


def archive_items(archive: Path, prefix: str) -> Iterator[InputItem]:
    """One item per member of a zip, refused members included, without extracting anything."""
    try:
        with zipfile.ZipFile(archive) as handle:
            members = [(index, m) for index, m in enumerate(handle.infolist()) if not (m.is_dir() or _hidden_entry(m.filename))]
    except _ZIP_ERRORS as error:
        yield InputItem(prefix, str(archive), archive, error=f"unreadable zip archive: {type(error).__name__}: {error}",
                        error_kind=ErrorKind.CORRUPT)
        return
    if len(members) > MAX_ARCHIVE_ENTRIES:
        yield InputItem(prefix, str(archive), archive, error=f"zip has {len(members)} entries, over the {MAX_ARCHIVE_ENTRIES} limit",
                        error_kind=ErrorKind.ARCHIVE_BOMB)
        return
    total = 0
    for index, member in members:
        total += member.file_size
        yield replace(_archive_item(archive, prefix, member, total), member=index)


def _archive_item(archive: Path, prefix: str, member: zipfile.ZipInfo, total: int) -> InputItem:
    origin, relative = f"{archive}/{member.filename}", f"{prefix}/{member.filename}"
    unsafe = unsafe_entry_name(member.filename)
    bomb = None if unsafe else bomb_reason(member, total)
    if unsafe:
        return InputItem(relative, origin, archive, member.filename, error=unsafe, error_kind=ErrorKind.UNSAFE_PATH)
    if bomb:
        return InputItem(relative, origin, archive, member.filename, member.file_size, error=bomb, error_kind=ErrorKind.ARCHIVE_BOMB)
    if member.filename.lower().endswith(ARCHIVE_SUFFIXES):
        return InputItem(relative, origin, archive, member.filename, member.file_size, skip_reason="archive inside an archive")
    return _classify(relative, origin, archive, member.file_size, member.filename)


# What a path that is neither a folder nor a regular file is, for its error line; reading one would
# block (a FIFO with no writer, a terminal) or never end (/dev/zero).
SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                 (stat.S_ISBLK, "a block device"))


def _special_file(mode: int) -> str | None:
    """Why a file of this st_mode is not read (not a regular file), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((f"not a regular file: {what}" for test, what in SPECIAL_FILES if test(mode)), "not a regular file")


def _file_items(path: Path, relative: str) -> Iterator[InputItem]:
    try:
        status = path.stat()
    except OSError as error:
        yield InputItem(relative, str(path), path, error=f"cannot read: {error.strerror or error}", error_kind=ErrorKind.UNREADABLE_FILE)
        return
    size, special = status.st_size, _special_file(status.st_mode)
    if special:
        yield InputItem(relative, str(path), path, error=special, error_kind=ErrorKind.NOT_A_FILE)
    elif path.suffix.lower() in ARCHIVE_SUFFIXES:
        yield from archive_items(path, relative)
    else:
        yield _classify(relative, str(path), path, size)


def _symlink_item(path: Path, relative: str, root: Path) -> InputItem | None:
    """A symlink inside an input folder: followed only to a file inside that folder (a link to
    /etc/passwd must not be converted); the others are accounted for, never silently dropped."""
    target = path.resolve()
    if not target.exists():
        return InputItem(relative, str(path), path, error=f"dangling symlink (to {os.readlink(path)})",
                         error_kind=ErrorKind.UNREADABLE_FILE)
    if target.is_dir():
        return InputItem(relative, str(path), path, skip_reason="symlink to a folder (not followed)")
    if not target.is_relative_to(root.resolve()):
        return InputItem(relative, str(path), path, error="symlink to a file outside the input folder (not followed)",
                         error_kind=ErrorKind.UNSAFE_PATH)
    return None


def _folder_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every non-hidden entry under `root` that is not a folder, symlinks not followed, sorted."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and not Path(folder, d).is_symlink()]
        links = [d for d in os.listdir(folder) if d not in files and d not in dirs and Path(folder, d).is_symlink()]
        found += [Path(folder, name) for name in files + links if not name.startswith(".")]
    for path in sorted(found):
        yield path, path.relative_to(root).as_posix()


def discover(paths: list[Path], exclude: Path | None = None) -> Iterator[InputItem]:
    """Items of every input in a stable order; hidden files and the `exclude` folder are left out."""
    excluded = exclude.resolve() if exclude else None
    for root in paths:
        if not root.is_dir():
            yield from _file_items(root, root.name)
            continue
        for path, relative in _folder_files(root):
            if excluded and path.parent.resolve().is_relative_to(excluded):
                continue
            special = _symlink_item(path, relative, root) if path.is_symlink() else None
            if special is not None:
                yield special
            else:   # a regular file, or a FIFO, socket or device: refused, never silently left out
                yield from _file_items(path, relative)


class NoReport(UsageError):
    """No input is of a format we read (an empty folder, only photos): the run is refused before
    anything is written."""


def discover_inputs(paths: list[Path], exclude: Path) -> list[InputItem]:
    """Every input under `paths` (see `discover`); NoReport when none of them is a report."""
    try:
        found = list(discover(paths, exclude=exclude))
    except OSError as error:  # a folder that vanished or cannot be listed while it was walked
        raise MachineError(f"cannot list the inputs: {error.filename or ''} {error.strerror or error}") from error
    if all(item.not_a_report for item in found):
        raise NoReport(hints.no_report(len(found)))
    return found


def _long_name(relative: str) -> str | None:
    """Why the output name cannot be created (a component over NAME_MAX bytes), or None."""
    for part in PurePosixPath(f"{relative}{OUTPUT_SUFFIX}").parts:
        if len(os.fsencode(part)) > NAME_MAX:
            return (f"its output name '{part[:40]}…' is {len(os.fsencode(part))} bytes, over the {NAME_MAX}-byte limit "
                    "of a file name; rename the input")
    return None


def output_key(relative: str, case_folded: bool = False) -> str:
    """The file an input's output lands in, as the file system sees it: `./`, `//` resolved
    (`posixpath.normpath`), Unicode NFC (one name, however the archive spelled its accents), and
    case folded on a file system that folds it. Two inputs with one key would overwrite each other."""
    key = unicodedata.normalize("NFC", posixpath.normpath(f"{relative}{OUTPUT_SUFFIX}"))
    return key.casefold() if case_folded else key


def refuse_name_collisions(items: list[InputItem], case_folded: bool = False) -> list[InputItem]:
    """Outputs that cannot coexist are refused with the reason, first come first served: two
    inputs under different roots (or two zip entries) with the same relative path, two spellings of
    one path (`r.txt` and `./r.txt`, NFC and NFD, `R.txt` where case folds: kind `name_collision`),
    an output that is another output's folder (`r.txt` → r.txt.json, `r.txt.json/s.txt` →
    r.txt.json/s.txt.json), and output names too long for the filesystem. A kept input's relative
    path is normalised (`a/./r.txt` → `a/r.txt`), so its output and `source.path` name it once."""
    claimed: dict[str, tuple[str, str]] = {}    # output key -> the input that has it (origin, relative)
    folders: dict[str, str] = {}                # folder of a claimed output (a key) -> that input
    checked = []
    for item in items:
        if not (item.error or item.skip_reason):
            item = _claim(item, claimed, folders, case_folded)
        checked.append(item)
    return checked


def _claim(item: InputItem, claimed: dict[str, tuple[str, str]], folders: dict[str, str], case_folded: bool) -> InputItem:
    output = output_key(item.relative, case_folded)
    parents = [p.as_posix() for p in PurePosixPath(output).parents if p.as_posix() != "."]
    holder = claimed.get(output)
    taken = (holder[0] if holder else None) or folders.get(output) or next((claimed[p][0] for p in parents if p in claimed), None)
    too_long = _long_name(item.relative)
    if too_long:
        return replace(item, error=too_long, error_kind=ErrorKind.UNSAFE_PATH)
    if holder and holder[1] != item.relative:
        return replace(item, error=f"its name is another spelling of {holder[0]} ('{output}'): both would write one output",
                       error_kind=ErrorKind.NAME_COLLISION)
    if taken:
        return replace(item, error=f"its output name '{output}' is already taken by {taken}", error_kind=ErrorKind.OUTPUT_CONFLICT)
    claimed[output] = (item.origin, item.relative)
    for parent in parents:
        folders.setdefault(parent, item.origin)
    return replace(item, relative=posixpath.normpath(item.relative))
