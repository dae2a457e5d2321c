"""Whether a converted document is an ITA report at all, judged on its extracted Report.

A README, meeting notes or a list of files read as a report pollute the audit: an
"(organisation not found: readme.txt)" row, or an organisation's O39 "mentioned" by a list that
describes several organisations' files. Such a document ends `not_a_report` (ingest.accounting):
its JSON is written, but it is not stored, not in the JSONL and never an audit row.

What makes an ITA report, in what the extractors give:

- ITA content of its own: a score (ITA score or grade, IIT/EIT/OIT totals, indicators), a
  measure, a document kind (analysis, measures, plan, announcement, ethics code…), a title that
  is an OIT item's evidence, or the ITA year whose results it reports. Every document of the
  bundled corpus has several; 16 of the 19 real documents kept beside it at least one.
- Without any: an organisation alone (the other 3: an org chart, a complaint manual, a price form,
  each one organisation's), but not loose item codes or years (a README naming O39, a date in
  notes), and not an organisation named next to another (`organization_name_leftover`): such a
  document is about several organisations' files (that folder's list of sources), not one's report.

Item scores are loose codes here: an `O28` followed by a number in a file name or a hash is one,
and no real document has item scores without a score table or a kind. A document with a page
that could not be read (a scan converted with `--ocr never`) is never judged: its silence is ours.
"""

from __future__ import annotations

from schema.codes import ReadBy, WarningCode
from schema.models import Report

NO_ITA_CONTENT = "no ITA content"


def ita_content(report: Report) -> list[str]:
    """What ITA content of its own the report has (empty: none)."""
    found = []
    if report.overall.score is not None or report.overall.grade is not None or report.tools or report.indicators:
        found.append("scores")
    if report.measures:
        found.append("measures")
    if report.document_kinds:
        found.append("document kind")
    if report.evidence_for:
        found.append("evidence title")
    if report.assessment_year is not None:
        found.append("ITA year")
    return found


def _loose(report: Report) -> str:
    """What the document has that does not make a report: its item codes and years, said briefly."""
    codes = sorted({ref.code for ref in report.item_refs} | {score.code for score in report.item_scores})
    said = [f"item codes {', '.join(codes[:5])}{' …' if len(codes) > 5 else ''} only in passing"] if codes else []
    return f" ({'; '.join(said)})" if said else ""


def not_a_report_reason(report: Report) -> str | None:
    """Why the document is not an ITA report (the manifest's reason), or None for a report."""
    if ita_content(report) or any(page.read_by == ReadBy.UNREAD for page in report.source.pages):
        return None
    name = report.organization.short_name or report.organization.name
    if not name:
        return f"{NO_ITA_CONTENT}: no organisation, ITA year, scores, measures, document kind or evidence title{_loose(report)}"
    others = sum(w.code == WarningCode.ORGANIZATION_NAME_LEFTOVER for w in report.warnings)
    if others:
        return (f"{NO_ITA_CONTENT} of one organisation: names {name} and {others} other organisation{'s' if others > 1 else ''}, "
                f"with no ITA year, scores, measures, document kind or evidence title{_loose(report)}")
    return None
