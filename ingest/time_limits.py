"""A document's time limit counted in CPU seconds, with a wall-clock backstop.

Why CPU: on a loaded machine a worker waits for a core, and wall time grows with the load, not
with the document: the 11-page scan of seed 004, 74 s of CPU, took 366 s of wall time and failed
its limit (issue 28). So the batch process reads each busy worker's CPU from /proc (every thread
of the worker, Tesseract's C API included, and its child processes: Tesseract and LibreOffice
while they run, and those it has waited for) and kills the worker when the document has used
its limit. A worker that waits without computing (stopped, blocked) never reaches a CPU limit:
the wall backstop, WALL_BACKSTOP_FACTOR times the CPU limit, stops it.

Why not RLIMIT_CPU in the worker: a worker converts many documents and an unprivileged process
cannot raise a hard limit again once lowered; the SIGXCPU handler of Python waits until a long C
call (a Tesseract page) returns; and a child's CPU never counts against its parent's limit.

Where /proc cannot be read (not Linux) the limit is wall time, as it was before.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from ingest.hints import TIMEOUT_LIMIT

# A document may take this many times its CPU limit in wall time (a load of 10 per core) before it is
# killed: 1 s of CPU took 4.7 s with 2 niced workers at a load of 9 on 2 cores, and seed 004's scan
# 366 s for 74 s (4.9x, issue 28). What waits without computing is bounded sooner where it can wait:
# LibreOffice's conversion (240 s), a Tesseract run (600 s); a worker reads no file and no network.
WALL_BACKSTOP_FACTOR = 10.0
CHECK_INTERVAL = 1.0         # seconds between two readings of a busy worker's CPU: a document may overrun its limit by this much
_SHORTEST_CHECK = 0.05       # seconds: the least wait between readings, near the limit
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100   # /proc's unit of CPU time, per second
_PROC = "/proc"


class LimitKind(StrEnum):
    """Which clock a document ran out of (named in its error)."""

    CPU = "CPU"         # the CPU seconds of the worker and its children
    WALL = "wall time"  # the backstop, or the only clock where CPU cannot be read (Dask, not Linux)


def _stat_fields(pid: int) -> list[str] | None:
    """/proc/PID/stat from its state field on (the command name before it may hold spaces), or None."""
    try:
        with open(f"{_PROC}/{pid}/stat", encoding="ascii", errors="replace") as stream:
            text = stream.read()
    except OSError:
        return None
    return text[text.rfind(")") + 2:].split()


def _cpu_of(fields: list[str]) -> float:
    """utime + stime + cutime + cstime: the process's CPU and that of the children it has waited for."""
    return sum(int(value) for value in fields[11:15]) / _TICKS


def own_cpu(pid: int) -> float | None:
    """CPU seconds of process `pid` and of the children it has waited for; None if /proc cannot say."""
    fields = _stat_fields(pid)
    return _cpu_of(fields) if fields else None


class ProcessTable:
    """One reading of /proc, taken when first asked: every process's parent and CPU seconds."""

    @property
    def is_read(self) -> bool:
        return "_entries" in self.__dict__

    @cached_property
    def _entries(self) -> dict[int, tuple[int, float]]:
        entries: dict[int, tuple[int, float]] = {}
        try:
            names = os.listdir(_PROC)
        except OSError:
            return entries
        for name in names:
            if name.isdigit() and (fields := _stat_fields(int(name))):
                entries[int(name)] = (int(fields[1]), _cpu_of(fields))
        return entries

    @cached_property
    def _children(self) -> dict[int, list[int]]:
        children: dict[int, list[int]] = {}
        for child, (parent, _cpu) in self._entries.items():
            children.setdefault(parent, []).append(child)
        return children

    def tree_cpu(self, pid: int) -> float | None:
        """CPU seconds of `pid` and of its descendants, live or waited for; None if `pid` is not there."""
        if pid not in self._entries:
            return None
        total, stack = 0.0, [pid]
        while stack:
            current = stack.pop()
            total += self._entries[current][1]
            stack.extend(self._children.get(current, []))
        return total


@dataclass
class DocumentClock:
    """The time one document has had on one worker, and whether it is past its limit. Its CPU is read
    only when it could be used up (at one core's pace, at least every CHECK_INTERVAL): a document done
    in under a second costs no reading of /proc."""

    limit: float                  # CPU seconds (or wall seconds when `cpu_at_start` is None)
    started: float                # time.monotonic() when the worker was given the document
    cpu_at_start: float | None    # the worker's CPU then; None: no CPU accounting, the limit is wall time
    cpu_used: float = 0.0         # at the last reading
    next_reading: float = 0.0     # time.monotonic() of the next reading of its CPU

    @classmethod
    def start(cls, limit: float, pid: int, now: float) -> DocumentClock:
        clock = cls(limit, now, own_cpu(pid))   # an idle worker has no live child: its own line is its whole tree
        clock.next_reading = now + clock._reading_interval()
        return clock

    @property
    def wall_limit(self) -> float:
        return self.limit if self.cpu_at_start is None else self.limit * WALL_BACKSTOP_FACTOR

    def _reading_interval(self) -> float:
        return max(_SHORTEST_CHECK, min(CHECK_INTERVAL, self.limit - self.cpu_used))

    def overrun(self, pid: int, now: float, table: ProcessTable) -> LimitKind | None:
        """The clock the document has run out of, if any (its CPU read from `table` when due, or when
        another worker's reading already read it: one reading of /proc serves every worker)."""
        if self.cpu_at_start is not None and (now >= self.next_reading or table.is_read):
            cpu = table.tree_cpu(pid)
            if cpu is not None:
                self.cpu_used = cpu - self.cpu_at_start
                if self.cpu_used >= self.limit:
                    return LimitKind.CPU
            self.next_reading = now + self._reading_interval()
        if now - self.started >= self.wall_limit:
            return LimitKind.WALL
        return None

    def seconds_to_check(self, now: float) -> float:
        """Seconds until `overrun` has something new to say: the next reading of its CPU, or its wall limit."""
        due = self.started + self.wall_limit
        if self.cpu_at_start is not None:
            due = min(due, self.next_reading)
        return max(0.0, due - now)

    def timed_out(self, kind: LimitKind) -> str:
        """The error's words: 'timed out after 366 s of CPU (the --timeout limit)'. The backstop says what
        it is a multiple of, so a reader knows that raising --timeout raises it too."""
        if kind == LimitKind.WALL and self.cpu_at_start is not None:
            return (f"timed out after {self.wall_limit:g} s of {kind} (the backstop, {WALL_BACKSTOP_FACTOR:g} × "
                    f"{TIMEOUT_LIMIT}, for a document that waits instead of computing)")
        return wall_timed_out(self.limit) if kind == LimitKind.WALL else f"timed out after {self.limit:g} s of {kind} ({TIMEOUT_LIMIT})"


def wall_timed_out(limit: float) -> str:
    """The error's words where only wall time is counted (Dask, or no /proc)."""
    return f"timed out after {limit:g} s of {LimitKind.WALL} ({TIMEOUT_LIMIT})"
