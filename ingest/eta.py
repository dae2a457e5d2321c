"""The time a run has left, from pages rather than documents: a 76-page scan is not one document's
worth of work among 50 one-page pledges (counted in documents, the ETA said 0:01 while it ran).

A PDF's (or a multi-frame image's) pages are counted in the batch process as its worker gets it
(pdfium opens it without reading a page: about 2 ms a PDF, measured on the 16 real PDFs, 535
pages); a document without pages (text, Word, a spreadsheet, a web page) counts as one page.
The documents not started yet count as many pages as the average document so far.
"""

from __future__ import annotations

from dataclasses import dataclass

# A running document past what its pages should take still has this share of them left: its own
# clock is all we know of it, so the ETA counts down and then waits instead of saying 0:00.
LEAST_LEFT = 0.1


def page_weight(pages: int | None) -> int:
    """A document's work in pages: a document without pages (or whose pages could not be counted) is one."""
    return max(pages or 0, 1)


@dataclass(frozen=True)
class Running:
    """A document in a worker: its pages and how long it has run (seconds)."""

    pages: int
    seconds: float


@dataclass(frozen=True)
class Workload:
    """What the ETA is computed from: the pages workers converted in `elapsed` seconds (documents
    settled without a worker, unchanged or duplicate, took no time and are not among them), the
    documents running and the number not started yet."""

    elapsed: float                     # seconds since the first document went to a worker
    pages_done: int                    # pages of the documents workers finished
    documents_done: int                # how many documents those are
    running: tuple[Running, ...] = ()
    waiting: int = 0                   # inputs not started yet


def _mean_pages(work: Workload) -> float:
    """Pages of an average document so far (finished and running), one when none is known."""
    documents = work.documents_done + len(work.running)
    pages = work.pages_done + sum(r.pages for r in work.running)
    return pages / documents if documents else 1.0


def eta_seconds(work: Workload) -> float | None:
    """Seconds until the run ends at the pages-per-second it has kept so far, or None before any
    page is done (no rate to go by). Workers share that rate: each running document advances at
    the rate divided by the documents running, and keeps LEAST_LEFT of its pages past its due."""
    if work.pages_done <= 0 or work.elapsed <= 0:
        return None
    rate = work.pages_done / work.elapsed
    share = rate / max(len(work.running), 1)
    left = sum(max(r.pages - r.seconds * share, r.pages * LEAST_LEFT) for r in work.running)
    left += work.waiting * _mean_pages(work)
    return left / rate
