"""The ETA from pages (issue 32): a pure function of what the run has done, table-driven; and the
status line and the log's heartbeat saying it. No clock is waited for (under a second in all)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.accounting import HEARTBEAT, Outcome, Progress, ProgressMode, Status
from ingest.eta import DOCUMENT_OVERHEAD, Running, Workload, eta_seconds, page_weight
from ingest.sources import InputItem

ETA_CASES = [
    # (what the run has done, seconds left or None)
    ("nothing finished yet: no speed", Workload(worked=0.0, pages_done=0, documents_done=0, running=(Running(5, 30.0),), waiting=9), None),
    ("waiting documents count the average pages", Workload(worked=10.0, pages_done=10, documents_done=2, waiting=5), 25.0),
    ("a 76-page scan just started after 50 one-page files", Workload(worked=50.0, pages_done=50, documents_done=50,
                                                                    running=(Running(76, 0.0),)), 76.0),
    ("the scan 40 s later counts down", Workload(worked=50.0, pages_done=50, documents_done=50, running=(Running(76, 40.0),)), 36.0),
    ("the scan past its due keeps a tenth of its pages", Workload(worked=50.0, pages_done=50, documents_done=50,
                                                                  running=(Running(76, 90.0),)), 7.6),
    ("two workers share what is left", Workload(worked=20.0, pages_done=20, documents_done=4,
                                                running=(Running(10, 4.0), Running(10, 4.0)), waiting=1), (6 + 6 + 40 / 6) / 2),
    ("long documents running do not slow the speed", Workload(worked=2.0, pages_done=2, documents_done=1,
                                                              running=(Running(159, 40.0), Running(132, 40.0))), (119 + 92) / 2),
    ("everything done", Workload(worked=10.0, pages_done=20, documents_done=4), 0.0),
]


@pytest.mark.parametrize(("work", "expected"), [case[1:] for case in ETA_CASES], ids=[case[0] for case in ETA_CASES])
def test_eta_from_pages(work: Workload, expected: float | None):
    seconds = eta_seconds(work)
    assert seconds == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(("pages", "weight"), [(None, 1), (0, 1), (1, 1), (76, 76)])
def test_a_document_without_pages_weighs_one_page_and_every_one_its_overhead(pages: int | None, weight: int):
    assert page_weight(pages) == weight + DOCUMENT_OVERHEAD


def _converted(name: str, pages: int | None) -> Outcome:
    return Outcome(InputItem(name, name, Path(name)), Status.CONVERTED, pages=pages)


def test_the_status_line_and_the_heartbeat_give_the_eta_in_pages(capsys: pytest.CaptureFixture[str]):
    progress = Progress(3, ProgressMode.LOG)
    progress.begin("one.pdf", 1)
    progress.update(_converted("one.pdf", 1))
    progress._worked = 1.0   # it took a second (set, not waited for)
    progress.begin("scan.pdf", 76)
    now = progress.running["scan.pdf"]
    # left: the scan and one more document of the average weight, at the one-page PDF's speed (in documents: 0:02)
    one, scan = 1 + DOCUMENT_OVERHEAD, 76 + DOCUMENT_OVERHEAD
    seconds = int((scan + (one + scan) / 2) / one)
    assert f"ETA {seconds // 60}:{seconds % 60:02d}" in progress.status_text(79, now=now) and seconds > 20
    progress.spoke = now - HEARTBEAT - 1
    progress._log_clocks()
    heartbeat = capsys.readouterr().err.splitlines()[-1]
    assert re.fullmatch(r"\d\d:\d\d:\d\d \[1/3\] running: scan\.pdf \(\d+ s\); ETA \d+:\d\d", heartbeat), heartbeat
