"""File locks of a run: the output folder's (one run writes to a folder at a time) and the test
whether a --jsonl temporary is another live run's. flock, so the kernel drops a lock whose
process dies, kill -9 included: a killed run never leaves a folder locked."""

from __future__ import annotations

import fcntl
from pathlib import Path

from ingest.hints import out_busy


class FolderLock:
    """An exclusive flock on DIR/.ita-ingest.lock; the kernel drops it if the process dies. A folder
    another run holds raises `busy` (the batch's BatchBusy) with the reason."""

    def __init__(self, path: Path, busy: type[Exception]) -> None:
        self.path, self.busy = path, busy

    def __enter__(self) -> None:
        self.handle = self.path.open("a")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            self.handle.close()
            raise self.busy(out_busy(self.path.parent)) from error

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def held_by_a_live_run(path: Path) -> bool:
    """Whether another live process holds a flock on `path` (a file that cannot be opened: no)."""
    try:
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False
