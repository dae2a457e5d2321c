"""The ETA from pages (issue 32): a pure function of what the run has done, table-driven; and the
status line and the log's heartbeat saying it. No clock is waited for (under a second in all)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from ingest.accounting import HEARTBEAT, Outcome, Progress, ProgressMode, Status
from ingest.eta import Running, Workload, eta_seconds, page_weight
from ingest.sources import InputItem

ETA_CASES = [
    # (what the run has done, seconds left or None)
    ("nothing finished yet: no rate", Workload(elapsed=30.0, pages_done=0, documents_done=0, running=(Running(5, 30.0),), waiting=9), None),
    ("no time has passed", Workload(elapsed=0.0, pages_done=3, documents_done=1, waiting=2), None),
    ("waiting documents count the average pages", Workload(elapsed=10.0, pages_done=10, documents_done=2, waiting=5), 25.0),
    ("a 76-page scan just started after 50 one-page files", Workload(elapsed=50.0, pages_done=50, documents_done=50,
                                                                    running=(Running(76, 0.0),)), 76.0),
    ("the scan 40 s later counts down", Workload(elapsed=90.0, pages_done=50, documents_done=50, running=(Running(76, 40.0),)),
     (76 - 40 * 50 / 90) * 90 / 50),
    ("the scan past its due keeps a tenth of its pages", Workload(elapsed=100.0, pages_done=100, documents_done=100,
                                                                  running=(Running(76, 90.0),)), 7.6),
    ("two running documents share the rate", Workload(elapsed=10.0, pages_done=20, documents_done=4,
                                                      running=(Running(10, 4.0), Running(10, 4.0))), 6.0),
    ("everything done", Workload(elapsed=10.0, pages_done=20, documents_done=4), 0.0),
]


@pytest.mark.parametrize(("work", "expected"), [case[1:] for case in ETA_CASES], ids=[case[0] for case in ETA_CASES])
def test_eta_from_pages(work: Workload, expected: float | None):
    seconds = eta_seconds(work)
    assert seconds == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(("pages", "weight"), [(None, 1), (0, 1), (1, 1), (76, 76)])
def test_a_document_without_pages_weighs_one_page(pages: int | None, weight: int):
    assert page_weight(pages) == weight


def _converted(name: str, pages: int | None) -> Outcome:
    return Outcome(InputItem(name, name, Path(name)), Status.CONVERTED, pages=pages)


def test_the_status_line_and_the_heartbeat_give_the_eta_in_pages(capsys: pytest.CaptureFixture[str]):
    progress = Progress(3, ProgressMode.LOG)
    progress.begin("one.pdf", 1)
    progress.update(_converted("one.pdf", 1))
    progress.begin("scan.pdf", 76)
    now = time.monotonic()
    progress._first_begun = now - 1.0   # a page a second: the scan's 76 pages and one more of (1 + 76) / 2
    progress.running["scan.pdf"] = now
    assert "ETA 1:54" in progress.status_text(79, now=now)   # in documents it was 2 left at 1 a second: 0:02
    progress.spoke = now - HEARTBEAT - 1
    progress._log_clocks()
    heartbeat = capsys.readouterr().err.splitlines()[-1]
    assert re.fullmatch(r"\d\d:\d\d:\d\d \[1/3\] running: scan\.pdf \(\d+ s\); ETA 1:5\d", heartbeat), heartbeat
