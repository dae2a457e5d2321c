"""`ita-ingest --version`: every component a bug report needs, one per line (after docling's).

The external programs are asked at once, in parallel, each within PROBE_TIMEOUT: `soffice --version`
alone takes 0.7 s, and a machine without a program gets "not found" and the package to install.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pypdfium2.version

from ingest import __version__
from ingest.errors import EXIT_OK
from ingest.store import STORE_VERSION
from parsers.ocr.tesseract import LANGUAGES, TESSERACT_PACKAGES
from parsers.pipeline import PARSER_VERSION
from parsers.readers.office import CALC_PACKAGE, XLS_TO_XLSX, soffice, unavailable
from parsers.readers.office import WRITER_PACKAGE as LIBREOFFICE_PACKAGE
from schema.models import SCHEMA_VERSION

PROBE_TIMEOUT = 10.0   # seconds for one program to say its version


def _output(command: list[str]) -> str | None:
    """What a program prints (stdout and stderr), or None when it is missing, fails or hangs."""
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=PROBE_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return (run.stdout + run.stderr).strip() if run.returncode == 0 else None


def _tesseract_line(version: str | None, languages: str | None) -> str:
    if version is None:
        return f"Tesseract: not found: install {TESSERACT_PACKAGES} (for scanned PDFs)"
    installed = [line.strip() for line in (languages or "").splitlines()[1:] if line.strip()]
    wanted = LANGUAGES.split("+")
    lacking = [language for language in wanted if language not in installed]
    note = f"; missing {', '.join(lacking)}: install {TESSERACT_PACKAGES}" if lacking else ""
    return f"Tesseract {version.splitlines()[0].removeprefix('tesseract ')}, languages: {' '.join(installed) or 'none'}{note}"


def _libreoffice_line(version: str | None, program: str | None) -> str:
    if program is None or version is None:
        return f"LibreOffice: not found: install {LIBREOFFICE_PACKAGE} (for .doc, .odt, .rtf files; {CALC_PACKAGE} for .xls, .ods)"
    # Calc is a package of its own: soffice may be there without it
    calc = "" if unavailable(XLS_TO_XLSX) is None else f"; Calc: not found: install {CALC_PACKAGE} (for .xls, .ods files)"
    return f"{version.splitlines()[0]} ({program}){calc}"


def version_lines() -> list[str]:
    """Package, parser, schema and store versions, Python, pdfium, Tesseract with its languages, LibreOffice."""
    program = soffice()
    with ThreadPoolExecutor(max_workers=3) as pool:
        tesseract = pool.submit(_output, ["tesseract", "--version"])
        languages = pool.submit(_output, ["tesseract", "--list-langs"])
        libreoffice = pool.submit(_output, [program, "--version"]) if program else None
        return [
            f"ita-ingest {__version__}",
            f"parser {PARSER_VERSION}, schema {SCHEMA_VERSION}, store format {STORE_VERSION}",
            f"Python {platform.python_version()} ({sys.executable})",
            f"pdfium {pypdfium2.version.PDFIUM_INFO} (pypdfium2 {pypdfium2.version.PYPDFIUM_INFO})",
            _tesseract_line(tesseract.result(), languages.result()),
            _libreoffice_line(libreoffice.result() if libreoffice else None, program),
        ]


class VersionAction(argparse.Action):
    """`--version`: one line per component (ingest.versions), the first thing to paste in a bug report."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any) -> None:
        print("\n".join(version_lines()))
        parser.exit(EXIT_OK)
