"""Engines run `worker.convert_task` over a stream of tasks and yield results as they finish.

`local_results`: a pool of worker processes of our own (not concurrent.futures), because a
document that hangs or eats memory must be killed alone: each worker has an address-space
limit, the pool watches each task's time (CPU seconds of the worker and its children, with a
wall-clock backstop: ingest.time_limits), SIGKILLs a worker past it, records the document as
failed and starts a fresh worker; a worker that dies is replaced the same way.

`dask_results`: the same function on a Dask distributed cluster, a bounded number of tasks
in flight; a task past its time limit (wall time: a remote thread's CPU cannot be read) is
cancelled and recorded as failed.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from multiprocessing.connection import Connection, wait

from ingest.hints import DASK_NEEDS_DISTRIBUTED
from ingest.time_limits import DocumentClock, ProcessTable, wall_timed_out
from ingest.worker import Task, TaskResult, convert_task
from parsers.errors import ErrorKind
from parsers.pipeline import warm_up
from parsers.processes import die_with_parent  # an orphaned worker would hold DIR's lock

_CONTEXT = multiprocessing.get_context("fork")  # workers inherit the loaded parsers: no import per worker


class Engine(StrEnum):
    """Where a batch's documents are converted (the command line's `--engine`)."""

    LOCAL = "local"   # local_results: a pool of worker processes on this machine
    DASK = "dask"     # dask_results: a Dask distributed cluster


def _worker_main(connection: Connection, max_memory: int | None, parent: int) -> None:
    die_with_parent(parent)
    for number in (signal.SIGINT, signal.SIGHUP, signal.SIGQUIT):  # Ctrl-C, a closed terminal: the batch's to handle
        signal.signal(number, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the batch's handler, inherited at fork
    if max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        connection.send(convert_task(task))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    task: Task | None = None
    clock: DocumentClock | None = None   # the task's time, while it has one

    @classmethod
    def start(cls, max_memory: int | None) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_worker_main, args=(child, max_memory, os.getpid()), daemon=True)
        process.start()
        child.close()
        return cls(process, parent)

    def kill(self) -> None:
        if self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join()
        self.connection.close()


def time_limit(task: Task, timeout: float) -> float:
    """The task's own time allowance (the batch's base limit plus its pages' share), else the base."""
    return task.time_limit if task.time_limit is not None else timeout


def _failure(task: Task, error: str, started: float, kind: ErrorKind) -> TaskResult:
    return TaskResult(task.key, False, error=error, error_kind=kind, seconds=time.monotonic() - started)


def _collect(pool: list[_Worker], index: int, ready: set, table: ProcessTable, max_memory: int | None) -> TaskResult | None:
    """The result of worker `index` if it has one: its answer, or a failure when it died or ran past
    its time limit (then it is replaced by a fresh worker); None while it is still working."""
    worker = pool[index]
    if worker.task is None or worker.clock is None:
        return None
    task, clock, started = worker.task, worker.clock, worker.clock.started
    if worker.connection in ready:
        try:
            result: TaskResult = worker.connection.recv()
            worker.task = None
            return result
        except (EOFError, OSError):
            worker.kill()
            code = worker.process.exitcode
            reason = f"killed by signal {-code}" if code and code < 0 else f"exit code {code}"
            pool[index] = _Worker.start(max_memory)
            return _failure(task, f"worker process died ({reason}; out of memory or a crash in a native library)", started,
                            ErrorKind.WORKER_DIED)
    overrun = clock.overrun(worker.process.pid or 0, time.monotonic(), table)
    if overrun is not None:
        worker.kill()
        pool[index] = _Worker.start(max_memory)
        return _failure(task, f"{clock.timed_out(overrun)}; the worker was killed", started, ErrorKind.TIMEOUT)
    return None


def _pool_for(tasks: Iterator[Task], workers: int, max_memory: int | None) -> tuple[list[_Worker], Iterator[Task]]:
    """Workers for the tasks, and the tasks: none when there is no task (all unchanged), else the
    word tables built here first, once, and shared by every worker forked (and by replacements)."""
    first = next(tasks, None)
    if first is None:
        return [], tasks
    warm_up()
    return [_Worker.start(max_memory) for _ in range(max(1, workers))], itertools.chain([first], tasks)


def local_results(tasks: Iterable[Task], workers: int, timeout: float, max_memory: int | None,
                  on_start: Callable[[Task], None] | None = None) -> Iterator[TaskResult]:
    """Run tasks in `workers` processes; yield one result per task, in completion order.
    Idle workers get their next task before finished results are handed back, so a worker never
    waits while the batch writes the previous document."""
    pool, pending = _pool_for(iter(tasks), workers, max_memory)
    exhausted = False

    def refill() -> None:
        nonlocal exhausted
        for worker in pool:
            if worker.task is None and not exhausted:
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    return
                worker.task = task
                worker.clock = DocumentClock.start(time_limit(task, timeout), worker.process.pid or 0, time.monotonic())
                worker.connection.send(task)
                if on_start:
                    on_start(task)

    try:
        refill()
        while True:
            busy = [w for w in pool if w.task is not None and w.clock is not None]
            if not busy:
                return
            now = time.monotonic()
            ready = set(wait([w.connection for w in busy], timeout=min(w.clock.seconds_to_check(now) for w in busy if w.clock)))
            table = ProcessTable()   # read once, if a worker's CPU is due
            finished = [result for index in range(len(pool)) if (result := _collect(pool, index, ready, table, max_memory))]
            refill()
            yield from finished
    finally:  # also on an interruption: busy workers are killed at once, idle ones told to stop
        for worker in pool:
            if worker.task is None and worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
        for worker in pool:
            if worker.task is None:
                worker.process.join(timeout=1)
            worker.kill()


def dask_results(tasks: Iterable[Task], scheduler: str, timeout: float, in_flight: int = 0,
                 on_start: Callable[[Task], None] | None = None) -> Iterator[TaskResult]:
    """Run tasks on the Dask cluster at `scheduler` (tcp://HOST:PORT); yield one result per task."""
    try:
        from distributed import Client
    except ImportError as error:
        raise RuntimeError(DASK_NEEDS_DISTRIBUTED) from error
    with Client(scheduler, timeout="10s") as client:
        limit = in_flight or 4 * max(1, sum(client.nthreads().values()))
        pending = iter(tasks)
        running: dict = {}  # future -> (task, started)
        while True:
            while len(running) < limit and (task := next(pending, None)) is not None:
                running[client.submit(convert_task, task, pure=False)] = (task, time.monotonic())
                if on_start:
                    on_start(task)
            if not running:
                return
            yield from _dask_finished(running, timeout)
            yield from _dask_timed_out(running, timeout)


def _dask_finished(running: dict, timeout: float) -> Iterator[TaskResult]:
    """The results of the tasks that finish before the next deadline (none if none does)."""
    from distributed import wait as dask_wait

    soonest = min(started + time_limit(task, timeout) for task, started in running.values())
    try:
        done, _ = dask_wait(list(running), timeout=max(0.05, soonest - time.monotonic()), return_when="FIRST_COMPLETED")
    except TimeoutError:  # distributed's wait raises when nothing finished in time: the deadline is due
        return
    for future in done:
        task, started = running.pop(future)
        try:
            yield future.result()
        except Exception as error:  # the worker died or the task was lost
            yield _failure(task, f"dask task failed: {type(error).__name__}: {error}", started, ErrorKind.WORKER_DIED)


def _dask_timed_out(running: dict, timeout: float) -> Iterator[TaskResult]:
    """A failure for each task past its own time limit, cancelled."""
    now = time.monotonic()
    for future, (task, started) in list(running.items()):
        allowed = time_limit(task, timeout)
        if now - started >= allowed:
            future.cancel()
            del running[future]
            yield _failure(task, f"{wall_timed_out(allowed)}; the dask task was cancelled", started, ErrorKind.TIMEOUT)
