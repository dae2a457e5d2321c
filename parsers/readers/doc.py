"""Word 97-2003 reader: bytes of a .doc → DOCX by LibreOffice headless → the DOCX reader.

LibreOffice reads the binary format far better than any Python library, and its DOCX keeps
tables, merged cells and list numbers, so the rest is `parsers.readers.docx`. Each run gets its
own temporary folder and a private user profile (`-env:UserInstallation`): two soffice processes
sharing a profile block or fail each other, and workers run in parallel. soffice runs inside
the worker, so it inherits the worker's memory limit; it is started in its own process group,
killed with it past `CONVERT_TIMEOUT`, and soffice.bin (run directly, not through its launcher)
dies with the worker when the worker is killed (PR_SET_PDEATHSIG on
Linux), so a timed-out document leaves no office process behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from parsers.document import Document
from parsers.errors import ErrorKind, MissingDependency, ToolFailed, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.options import ParseOptions
from parsers.processes import dies_with_this_process
from parsers.readers.docx import docx_to_document
from schema.codes import SourceFormat

PACKAGE = "libreoffice-writer-nogui"   # the Debian package that provides soffice without a GUI
CONVERT_TIMEOUT = 240.0                # seconds: a 133-page .doc takes 20-70 s; under the batch's 300 s default
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RESTART = 81                          # soffice.bin: "restart me" after creating a profile
_TEMP_PREFIX = "ita-doc-"
STALE_AFTER = 3600.0                   # seconds: a folder this old belongs to no running conversion


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_binary(launcher: str) -> tuple[str, bool]:
    """The program to run and whether it is soffice.bin itself. The `soffice` launcher (oosplash) starts
    soffice.bin as its child, which PR_SET_PDEATHSIG would not reach: soffice.bin run directly dies with
    the worker. Its first start with a new profile exits 81 to ask for a restart (the launcher's job)."""
    binary = Path(os.path.realpath(launcher)).with_name("soffice.bin")
    return (str(binary), True) if os.access(binary, os.X_OK) else (launcher, False)


def _sweep_stale_folders(limit: float = STALE_AFTER) -> None:
    """Remove the temporary folders of conversions whose worker was killed (it could not clean up)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            if time.time() - folder.stat().st_mtime > limit:
                shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=dies_with_this_process())
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the whole group: the launcher, when used, has soffice.bin as a child
        process.communicate()
        raise ToolFailed(f"LibreOffice did not finish converting the .doc in {timeout:g} s") from error
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # anything the launcher left running
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _convert(folder: Path, program: str, direct: bool, profile: str, deadline: float) -> subprocess.CompletedProcess[bytes]:
    """One conversion of folder/input.doc into folder/out with the named profile, restarted when
    soffice.bin asks for it after creating the profile."""
    command = [program, f"-env:UserInstallation={(folder / profile).as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"),
               str(folder / "input.doc")]
    result = _run(command, max(deadline - time.monotonic(), 0.1))
    for _restart in range(2 if direct else 0):
        if result.returncode != _RESTART:
            break
        result = _run(command, max(deadline - time.monotonic(), 0.1))
    return result


def _failure(result: subprocess.CompletedProcess[bytes]) -> str:
    """Why soffice gave no DOCX: its exit status and the first line of what it printed."""
    why = [line for line in (result.stderr or result.stdout).decode("utf-8", "replace").splitlines() if line.strip()]
    return f"LibreOffice could not convert the .doc (exit {result.returncode}" + (f": {why[0][:200]}" if why else "") + ")"


def doc_to_docx(data: bytes, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """The .doc's bytes converted to DOCX by LibreOffice headless, in a private folder and profile.
    soffice.bin killed by a signal of its own (an abort starting up, seen once in CI with two
    conversions at once) is tried once more with a new profile; a .doc it cannot read exits 0 or 1
    without output and is not retried."""
    executable = soffice()
    if executable is None:
        raise MissingDependency(f"LibreOffice is not installed (no soffice on PATH): install {PACKAGE}", PACKAGE)
    _sweep_stale_folders()
    program, direct = office_binary(executable)
    with tempfile.TemporaryDirectory(prefix=_TEMP_PREFIX) as temp:
        folder = Path(temp)
        (folder / "input.doc").write_bytes(data)
        deadline = time.monotonic() + timeout
        target = folder / "out" / "input.docx"
        for profile in ("profile", "profile-retry"):
            result = _convert(folder, program, direct, profile, deadline)
            if target.is_file() or result.returncode >= 0 or time.monotonic() >= deadline:
                break
        if not target.is_file():
            raise ToolFailed(_failure(result))
        return target.read_bytes()


class DocReader:
    """Word 97-2003 documents (.doc), through LibreOffice headless."""

    format = SourceFormat.DOC
    suffixes = (".doc",)
    max_bytes = 128 * 2**20

    def unavailable(self) -> str | None:
        """Why .doc files cannot be read here (the batch skips them with this reason), or None."""
        if soffice():
            return None
        return f"LibreOffice is not installed (no soffice on PATH); install the Debian package {PACKAGE} to read .doc"

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        if not data.strip():
            raise UnreadableInput("the file is empty", ErrorKind.EMPTY)
        if not data.startswith(_OLE_MAGIC):
            raise UnreadableInput("not a Word 97-2003 document (no OLE2 header)", ErrorKind.CORRUPT)
        return docx_to_document(doc_to_docx(data), self.format)
