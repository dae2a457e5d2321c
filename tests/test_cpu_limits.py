"""A document's time limit is CPU time (issue 28): a busy machine must not fail a document within its
budget, and a document that computes past it must fail. Real worker processes, real /proc; the test
keeps a worker off the CPU the way a loaded machine does, only more so: SIGSTOP."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import pytest

from ingest.engines import local_results
from ingest.time_limits import WALL_BACKSTOP_FACTOR, ProcessTable, own_cpu
from ingest.worker import Task, TaskResult
from parsers.errors import ErrorKind
from tests.synthetic import SEEDS, slow_pdf

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="CPU is read from /proc (Linux)")


def _task(name: str, format_name: str, data: bytes, limit: float) -> Task:
    return Task(0, name, format_name, hashlib.sha256(data).hexdigest(), data, time_limit=limit)


def _one_result(task: Task, on_start: Callable[[Task], None] | None = None) -> TaskResult:
    [result] = list(local_results([task], workers=1, timeout=300, max_memory=None, on_start=on_start))
    return result


def _stop_the_worker(resume_after: float | None) -> Callable[[Task], None]:
    """An on_start that SIGSTOPs the pool's worker (this test's only multiprocessing child) as it gets its
    document, and SIGCONTs it `resume_after` seconds later (never, if None)."""
    def on_start(_task: Task) -> None:
        [worker] = multiprocessing.active_children()
        os.kill(worker.pid or 0, signal.SIGSTOP)
        if resume_after is not None:
            threading.Timer(resume_after, os.kill, (worker.pid or 0, signal.SIGCONT)).start()
    return on_start


def test_a_document_that_computes_past_its_cpu_limit_fails_with_the_cpu_kind():
    """The slow PDF takes pdfium seconds of CPU; given 0.5 s, it is killed and says CPU (~2 s)."""
    result = _one_result(_task("slow.pdf", "pdf", slow_pdf(1_000_000), 0.5))
    assert not result.ok and result.error_kind == ErrorKind.TIMEOUT
    assert result.error is not None and result.error.startswith("timed out after 0.5 s of CPU (the --timeout limit)")


def test_a_worker_kept_off_the_cpu_is_not_failed_under_its_wall_backstop():
    """Stopped for 3 s with a 2 s CPU limit (a wall limit would have failed it), the seed is converted:
    it used well under 2 s of CPU, and 3 s is far under the backstop (~4 s)."""
    started = time.monotonic()
    result = _one_result(_task("seed.txt", "text", SEEDS[2].read_bytes(), 2.0), _stop_the_worker(3.0))
    assert time.monotonic() - started >= 3.0, "the worker was not held off the CPU"
    assert result.ok, result.error


def test_a_worker_that_waits_past_the_wall_backstop_is_failed_with_the_wall_kind():
    """Stopped for good with a 0.2 s CPU limit: the backstop (10 × 0.2 s) kills it (~2 s)."""
    result = _one_result(_task("seed.txt", "text", SEEDS[2].read_bytes(), 0.2), _stop_the_worker(None))
    assert not result.ok and result.error_kind == ErrorKind.TIMEOUT
    assert result.error is not None
    assert result.error.startswith(f"timed out after {0.2 * WALL_BACKSTOP_FACTOR:g} s of wall time (the backstop")


def _descendants_cpu(pid: int) -> float:
    tree, own = ProcessTable().tree_cpu(pid), own_cpu(pid)
    assert tree is not None and own is not None
    return tree - own


def test_the_cpu_of_a_child_that_is_still_running_counts_for_its_parent():
    """A process that only waits on a child spinning the CPU (Tesseract, LibreOffice): its tree's CPU
    grows while its own stays near nothing (~1 s)."""
    spin = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'while True: pass'])"
    parent = subprocess.Popen([sys.executable, "-c", spin], start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while _descendants_cpu(parent.pid) < 0.5 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _descendants_cpu(parent.pid) >= 0.5
    finally:
        os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()

