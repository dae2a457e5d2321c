"""Child processes that die with their parent, however the parent dies.

A batch worker is killed with SIGKILL past its time limit, and no cleanup code survives that: a
Tesseract or LibreOffice it started would run on, and a worker whose batch died would hold the
output folder's lock. Linux's PR_SET_PDEATHSIG has the kernel kill the child instead. One home for
the three places that start such children (`ingest.engines`' workers, `parsers.ocr.tesseract`,
`parsers.readers.office`), with every safety each had: libc's prctl looked up before any fork (a
forked child should only call it), and a check that the parent did not die before the request.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from functools import cache

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@cache
def _prctl() -> Callable[..., int] | None:
    """libc's prctl, or None off Linux or where libc will not say."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int) -> None:
    """In a child: be sent SIGKILL when the process `parent` dies; exit now if it already has."""
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def dies_with_this_process() -> Callable[[], None]:
    """A `preexec_fn` for subprocess.Popen: the child is killed when the calling process dies.
    prctl is looked up here, before the fork."""
    parent = os.getpid()
    _prctl()

    def setup() -> None:
        die_with_parent(parent)
    return setup
