"""The time a run has left, from pages rather than documents: a 76-page scan is not one document's
worth of work among 50 one-page pledges (counted in documents, the ETA said 0:01 while it ran).

A PDF's (or a multi-frame image's) pages are counted in the batch process as its worker gets it
(pdfium opens it without reading a page: about 2 ms a PDF, measured on the 16 real PDFs, 535
pages); a document without pages (text, Word, a spreadsheet, a web page) counts as one page.
Every document also costs DOCUMENT_OVERHEAD pages. The documents not started yet count as many
pages as the average document so far.

The speed is a worker's: the pages of finished documents over the seconds their workers spent
on them. Pages over the run's elapsed time instead fell while long documents ran (nothing
finishing), and the ETA grew: on 6 real PDFs (2 workers, 81 s in all) it said 36:20 after 20 s
and 3:31:47 after 56 s, while a 159- and a 132-page PDF ran.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a document costs besides its pages, in pages: the batch's converted documents took 1.09 s
# + 0.33 s a page (least squares over 140 PDFs, text and Word files without OCR, corpus/ and 5
# real PDFs, loaded machine). Without it a 2-page PDF done first (2.4 s) set a speed of 0.85
# pages/s, a third of what the 159- and 132-page PDFs after it ran at: ETA 7:17 for 77 s.
DOCUMENT_OVERHEAD = 3

# A running document past what its pages should take still has this share of them left: its own
# clock is all we know of it, so the ETA counts down and then waits instead of saying 0:00.
LEAST_LEFT = 0.1


def page_weight(pages: int | None) -> int:
    """A document's work in pages: its pages (one if it has none, or they could not be counted) and
    DOCUMENT_OVERHEAD."""
    return max(pages or 0, 1) + DOCUMENT_OVERHEAD


@dataclass(frozen=True)
class Running:
    """A document in a worker: its pages and how long it has run (seconds)."""

    pages: int
    seconds: float


@dataclass(frozen=True)
class Workload:
    """What the ETA is computed from: the pages workers finished and the seconds they spent on
    them (documents settled without a worker, unchanged or duplicate, took none and are not among
    them), the documents running and the number not started yet."""

    worked: float                      # seconds workers spent on the documents they finished
    pages_done: int                    # pages of those documents
    documents_done: int                # how many documents those are
    running: tuple[Running, ...] = ()
    waiting: int = 0                   # inputs not started yet


def _mean_pages(work: Workload) -> float:
    """Pages of an average document so far (finished and running), one when none is known."""
    documents = work.documents_done + len(work.running)
    pages = work.pages_done + sum(r.pages for r in work.running)
    return pages / documents if documents else 1.0


def eta_seconds(work: Workload) -> float | None:
    """Seconds until the run ends at a worker's pages per second so far, or None before a document
    is done (no speed to go by). Each running document advances at that speed and keeps LEAST_LEFT
    of its pages past its due; the pages left are shared by as many workers as are running."""
    if work.pages_done <= 0 or work.worked <= 0:
        return None
    speed = work.pages_done / work.worked
    left = sum(max(r.pages - r.seconds * speed, r.pages * LEAST_LEFT) for r in work.running)
    left += work.waiting * _mean_pages(work)
    return left / (speed * max(len(work.running), 1))
