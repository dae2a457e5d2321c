"""The LibreOffice processes a test started, found by the profile folder they were given.

The office readers give each conversion a private profile (`-env:UserInstallation`) in a folder
named `ita-<format>-…` under TMPDIR; a test that sets TMPDIR to its own folder finds its own
soffice processes there, never those of a conversion running beside the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def office_processes(marker: str) -> list[str]:
    """Command lines of the running office processes whose profile path contains `marker`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if marker in text and "UserInstallation" in text:
            found.append(text)
    return found


def office_left_by_a_killed_worker(script: str, scope: Path, marker: str) -> list[str]:
    """Runs `script` (a conversion) as a worker with TMPDIR `scope`, SIGKILLs it once its soffice runs,
    and gives the office processes still alive a second later (none, when they die with the worker)."""
    environment = {**os.environ, "TMPDIR": str(scope), "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=environment)
    try:
        deadline = time.monotonic() + 30
        while not office_processes(marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert office_processes(marker), "soffice never started"
    finally:
        worker.kill()
        worker.wait()
    time.sleep(1.0)
    return office_processes(marker)
