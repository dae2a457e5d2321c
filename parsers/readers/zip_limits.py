"""The limits a zip file is held to before anything in it is read: names that would climb out
of a folder (zip-slip) and members that look like a zip bomb.

One home for every user: the batch's .zip inputs (`ingest.sources`) and the documents that are
zips too (DOCX, XLSX, OpenDocument: `package_names`). Declared sizes are what is checked: zipfile never returns
more bytes than a member declares (it stops there and fails the CRC), so they bound the cost.
"""

from __future__ import annotations

import io
import re
import zipfile

from parsers.errors import ErrorKind, UnreadableInput

# Total bytes one archive may expand to, and the largest ratio a member over RATIO_FLOOR bytes
# may have (Thai text compresses about 10:1, Word XML about 20:1, PDFs far less).
MAX_ARCHIVE_BYTES = 4 * 2**30
MAX_ARCHIVE_ENTRIES = 200_000
MAX_COMPRESSION_RATIO = 100
RATIO_FLOOR = 2**20
_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_entry_name(name: str) -> str | None:
    """Why a zip member name must not be used as a path, or None if it is safe."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "absolute path in archive"
    if ".." in re.split(r"[\\/]", name):
        return "'..' in archive path (zip-slip)"
    if "\x00" in name:
        return "NUL in archive path"
    return None


def bomb_reason(member: zipfile.ZipInfo, total: int, max_total: int = MAX_ARCHIVE_BYTES) -> str | None:
    """Why `member` (with `total` bytes declared so far, itself included) looks like a zip bomb, or None."""
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > RATIO_FLOOR and ratio > MAX_COMPRESSION_RATIO:
        return f"compression ratio {ratio:.0f}:1 is over {MAX_COMPRESSION_RATIO}:1 (zip bomb?)"
    if total > max_total:
        return f"archive expands past {max_total / 2**30:g} GiB (zip bomb?)"
    return None


def check_members(members: list[zipfile.ZipInfo], max_total: int = MAX_ARCHIVE_BYTES) -> tuple[str, ErrorKind] | None:
    """The first reason (and its kind) a whole archive must not be opened, or None when every member passes."""
    if len(members) > MAX_ARCHIVE_ENTRIES:
        return f"zip has {len(members)} entries, over the {MAX_ARCHIVE_ENTRIES} limit", ErrorKind.ARCHIVE_BOMB
    total = 0
    for member in members:
        if unsafe := unsafe_entry_name(member.filename):
            return f"{member.filename}: {unsafe}", ErrorKind.UNSAFE_PATH
        total += member.file_size
        if bomb := bomb_reason(member, total, max_total):
            return f"{member.filename}: {bomb}", ErrorKind.ARCHIVE_BOMB
    return None


def package_names(data: bytes, max_total: int, what: str) -> set[str]:
    """The member names of a document packaged as a zip (DOCX, XLSX, OpenDocument), checked against the
    limits before any member is read; UnreadableInput (empty, corrupt, or the limit's kind) otherwise.
    `what` names the format with its article, for the message: `a DOCX`, `an XLSX`."""
    if not data.strip():
        raise UnreadableInput("the file is empty", ErrorKind.EMPTY)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            problem = check_members(archive.infolist(), max_total)
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise UnreadableInput(f"not {what} (not a zip package: {error})", ErrorKind.CORRUPT) from error
    if problem:
        raise UnreadableInput(problem[0], problem[1])
    return names
