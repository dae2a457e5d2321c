"""LibreOffice headless as a converter: bytes of one office format → bytes of another.

One home for the readers that let LibreOffice read what it reads far better than any Python library
(.doc, .odt, .rtf to DOCX; .xls, .ods to XLSX) and then read the result with the DOCX or XLSX
reader. Each run gets its own temporary folder and a private user profile
(`-env:UserInstallation`): two soffice processes sharing a profile block or fail each other, and
workers run in parallel. soffice runs inside the worker, so it inherits the worker's memory limit;
it is started in its own process group, killed with it past the timeout, and soffice.bin (run
directly, not through its launcher) dies with the worker when the worker is killed
(PR_SET_PDEATHSIG on Linux), so a timed-out document leaves no office process behind.

Writer and Calc are separate Debian packages (`libreoffice-writer-nogui`, `libreoffice-calc-nogui`):
a machine with soffice may have only one, so each conversion names the component library it needs
and is unavailable, with the package to install, when that library is not beside soffice.bin.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from parsers.errors import MissingDependency, ToolFailed
from parsers.processes import dies_with_this_process

WRITER_PACKAGE = "libreoffice-writer-nogui"   # soffice without a GUI, with Writer
CALC_PACKAGE = "libreoffice-calc-nogui"       # Calc for it (not pulled in by Writer's package)
CONVERT_TIMEOUT = 240.0                # seconds: a 133-page .doc takes 20-70 s; under the batch's 300 s default
_RESTART = 81                          # soffice.bin: "restart me" after creating a profile
STALE_AFTER = 3600.0                   # seconds: a folder this old belongs to no running conversion


@dataclass(frozen=True)
class Conversion:
    """What LibreOffice turns into what: the input's suffix (also the temporary folder's name, `ita-doc-…`),
    the output filter and suffix, and the component (library beside soffice.bin) and package it needs."""

    source: str        # input suffix without the dot: "doc"
    output_filter: str  # --convert-to argument: "docx:MS Word 2007 XML"
    target: str        # output suffix without the dot: "docx"
    component: str     # e.g. libswlo.so (Writer), libsclo.so (Calc)
    package: str
    application: str   # "LibreOffice" or "LibreOffice Calc", for messages


def _writer(source: str) -> Conversion:
    return Conversion(source, "docx:MS Word 2007 XML", "docx", "libswlo.so", WRITER_PACKAGE, "LibreOffice")


def _calc(source: str) -> Conversion:
    return Conversion(source, "xlsx:Calc MS Excel 2007 XML", "xlsx", "libsclo.so", CALC_PACKAGE, "LibreOffice Calc")


DOC_TO_DOCX, ODT_TO_DOCX, RTF_TO_DOCX = _writer("doc"), _writer("odt"), _writer("rtf")
XLS_TO_XLSX, ODS_TO_XLSX = _calc("xls"), _calc("ods")
_CONVERSIONS = (DOC_TO_DOCX, ODT_TO_DOCX, RTF_TO_DOCX, XLS_TO_XLSX, ODS_TO_XLSX)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_binary(launcher: str) -> tuple[str, bool]:
    """The program to run and whether it is soffice.bin itself. The `soffice` launcher (oosplash) starts
    soffice.bin as its child, which PR_SET_PDEATHSIG would not reach: soffice.bin run directly dies with
    the worker. Its first start with a new profile exits 81 to ask for a restart (the launcher's job)."""
    binary = Path(os.path.realpath(launcher)).with_name("soffice.bin")
    return (str(binary), True) if os.access(binary, os.X_OK) else (launcher, False)


def unavailable(conversion: Conversion) -> str | None:
    """Why this machine cannot make the conversion (no soffice, or not the component it needs), or None."""
    launcher = soffice()
    if launcher is None:
        return (f"LibreOffice is not installed (no soffice on PATH); install the Debian package {conversion.package} "
                f"to read .{conversion.source}")
    folder = Path(os.path.realpath(launcher)).parent
    # Judged only in a program folder laid out as Linux packages lay it out (soffice.bin beside its libraries)
    if (folder / "soffice.bin").exists() and not (folder / conversion.component).exists():
        return (f"{conversion.application} is not installed ({conversion.component} is not beside soffice); "
                f"install the Debian package {conversion.package} to read .{conversion.source}")
    return None


def temp_prefix(conversion: Conversion) -> str:
    return f"ita-{conversion.source}-"


def _sweep_stale_folders(limit: float = STALE_AFTER) -> None:
    """Remove the temporary folders of conversions whose worker was killed (it could not clean up)."""
    for prefix in {temp_prefix(c) for c in _CONVERSIONS}:
        for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
            with contextlib.suppress(OSError):
                if time.time() - folder.stat().st_mtime > limit:
                    shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str], timeout: float, what: str) -> subprocess.CompletedProcess[bytes]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=dies_with_this_process())
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the whole group: the launcher, when used, has soffice.bin as a child
        process.communicate()
        raise ToolFailed(f"LibreOffice did not finish converting the .{what} in {timeout:g} s") from error
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # anything the launcher left running
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _convert(folder: Path, conversion: Conversion, program: str, direct: bool, profile: str,
             deadline: float) -> subprocess.CompletedProcess[bytes]:
    """One conversion of folder/input.<source> into folder/out with the named profile, restarted when
    soffice.bin asks for it after creating the profile."""
    command = [program, f"-env:UserInstallation={(folder / profile).as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", conversion.output_filter, "--outdir", str(folder / "out"),
               str(folder / f"input.{conversion.source}")]
    result = _run(command, max(deadline - time.monotonic(), 0.1), conversion.source)
    for _restart in range(2 if direct else 0):
        if result.returncode != _RESTART:
            break
        result = _run(command, max(deadline - time.monotonic(), 0.1), conversion.source)
    return result


def _failure(result: subprocess.CompletedProcess[bytes], what: str) -> str:
    """Why soffice gave no output: its exit status and the first line of what it printed."""
    why = [line for line in (result.stderr or result.stdout).decode("utf-8", "replace").splitlines() if line.strip()]
    return f"LibreOffice could not convert the .{what} (exit {result.returncode}" + (f": {why[0][:200]}" if why else "") + ")"


def convert(data: bytes, conversion: Conversion, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """The input's bytes converted by LibreOffice headless, in a private folder and profile.
    soffice.bin killed by a signal of its own (an abort starting up, seen once in CI with two
    conversions at once) is tried once more with a new profile; an input it cannot read exits 0 or 1
    without output and is not retried."""
    if missing := unavailable(conversion):
        raise MissingDependency(missing, conversion.package)
    _sweep_stale_folders()
    program, direct = office_binary(soffice() or "soffice")
    with tempfile.TemporaryDirectory(prefix=temp_prefix(conversion)) as temp:
        folder = Path(temp)
        (folder / f"input.{conversion.source}").write_bytes(data)
        deadline = time.monotonic() + timeout
        target = folder / "out" / f"input.{conversion.target}"
        for profile in ("profile", "profile-retry"):
            result = _convert(folder, conversion, program, direct, profile, deadline)
            if target.is_file() or result.returncode >= 0 or time.monotonic() >= deadline:
                break
        if not target.is_file():
            raise ToolFailed(_failure(result, conversion.source))
        return target.read_bytes()
