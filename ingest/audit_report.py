"""Exporters of an audit: a terminal table, CSV (one row per piece of evidence), JSON, and one
self-contained HTML file (no network assets; every report text escaped), and the audit command.

Every text written is free of control characters (ingest.terminal.clean_for_terminal), and CSV cells that a
spreadsheet would run as a formula (starting = + - @ TAB CR) get a leading ' (OWASP's advice).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from html import escape as html_escape
from pathlib import Path
from typing import Any

from ingest.audit import (
    STATUSES,
    AuditSourceError,
    AuditSources,
    AuditStatus,
    Evidence,
    OrgAudit,
    audit,
    audited_years,
    load_all,
    parse_items,
    summary_counts,
)
from ingest.convert import write_atomically
from ingest.errors import EXIT_FAILED, EXIT_OK, UsageError
from ingest.errors import EXIT_USAGE as EXIT_USAGE  # still importable from here
from ingest.terminal import clean_for_terminal

CSV_COLUMNS = ("organization", "province", "district", "assessment_year", "item", "item_title", "status", "statuses",
               "evidence_status", "file", "page", "line", "quote", "code_as_written", "counted_as", "note", "numbering",
               "read_by_ocr")
STATUS_LABELS = {AuditStatus.PUBLISHED: "published", AuditStatus.REPORTED_MISSING: "reported missing",
                 AuditStatus.REMEDIATION_PLANNED: "remediation planned", AuditStatus.MENTIONED: "mentioned",
                 AuditStatus.NOT_MENTIONED: "not mentioned", AuditStatus.NO_ITA_REPORT: "no ITA report"}
STATUS_MEANINGS = {
    AuditStatus.PUBLISHED: "the archive holds the item's document itself (a plan, an ethics code, a measures document…)",
    AuditStatus.REPORTED_MISSING: "a report says the item lost points or was not shown",
    AuditStatus.REMEDIATION_PLANNED: "a measure row of a report is for the item",
    AuditStatus.MENTIONED: "a report refers to the item otherwise (a score, a mention)",
    AuditStatus.NOT_MENTIONED: "the organisation's ITA report for the year is silent on the item",
    AuditStatus.NO_ITA_REPORT: "the archive holds no ITA report of the organisation for the year (plans, announcements only)",
}
CHART_TOP = 15
# A spreadsheet runs a cell starting with one of these as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXIT_NOTHING = EXIT_FAILED  # nothing to audit


def escape(text: str) -> str:
    return html_escape(clean_for_terminal(text))


@lru_cache(maxsize=65536)  # an organisation's name, titles and quotes recur on many rows
def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: control characters gone, a formula start neutralised."""
    if not isinstance(value, str):
        return value
    text = clean_for_terminal(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _org_dict(org: OrgAudit) -> dict[str, Any]:
    # Built by hand: dataclasses.asdict deep-copies every evidence string, 5x slower on a big archive.
    return {"organization": org.organization, "province": org.province, "district": org.district,
            "assessment_year": org.assessment_year, "numbering": org.numbering, "also_written": org.spellings,
            "documents": [clean_for_terminal(d) for d in org.documents], "warnings": org.warnings,
            "items": [{"code": i.code, "title": i.title, "status": i.status, "statuses": i.statuses,
                       "evidence": [_evidence_dict(e) for e in i.evidence]} for i in org.items]}


def _evidence_dict(e: Evidence) -> dict[str, Any]:
    entry = {"status": e.status, "file": clean_for_terminal(e.file), "page": e.page, "line": e.line, "quote": e.quote}
    if e.code_as_written:
        entry["code_as_written"] = e.code_as_written
    if e.counted_as:
        entry["counted_as"] = e.counted_as
    if e.note:
        entry["note"] = e.note
    if e.read_by_ocr:
        entry["read_by_ocr"] = True
    return entry


def _about(read: AuditSources | None) -> dict[str, Any]:
    read = read or AuditSources()
    return {"sources": [clean_for_terminal(s) for s in read.sources], "source_kinds": read.kinds, "parser_versions": read.parser_versions,
            "generated": datetime.now(UTC).isoformat(timespec="seconds")}


def to_json(audits: list[OrgAudit], asked: str, year: int | None, read: AuditSources | None = None) -> str:
    document = {"items": asked, "year": year, **_about(read), "statuses": list(STATUSES), "status_meanings": STATUS_MEANINGS,
                "summary": summary_counts(audits), "organizations": [_org_dict(a) for a in audits]}
    return json.dumps(document, ensure_ascii=False, indent=None if len(audits) > 1000 else 1) + "\n"


def to_csv(audits: list[OrgAudit]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for org in audits:
        for item in org.items:
            head = (org.organization, org.province, org.district, org.assessment_year, item.code, item.title, item.status,
                    ";".join(item.statuses))
            for e in item.evidence or [None]:
                cells = ((e.status, e.file, e.page, e.line, e.quote, e.code_as_written, e.counted_as, e.note) if e
                         else ("", "", "", "", "", "", "", ""))
                ocr = ("yes" if e.read_by_ocr else "no") if e else ""
                writer.writerow([csv_cell(v) for v in (*head, *cells, org.numbering, ocr)])
    return buffer.getvalue()


def to_table(audits: list[OrgAudit]) -> str:
    lines = []
    for org in audits:
        where = ", ".join(p for p in (org.district, org.province) if p)
        also = f" [also written {', '.join(org.spellings)}]" if org.spellings else ""
        lines.append(f"{org.organization}{f' ({where})' if where else ''} · ITA {org.assessment_year or 'year unknown'}{also}")
        if "numbering confirmed" not in org.numbering:
            lines.append(f"  ({org.numbering})")
        for item in org.items:
            extra = f" (also {', '.join(STATUS_LABELS[s] for s in item.statuses[1:])})" if len(item.statuses) > 1 else ""
            lines.append(f"  {item.code:<4} {STATUS_LABELS[item.status]}{extra}")
            for e in item.evidence:
                counted = f" (not counted here: {e.counted_as})" if e.counted_as else ""
                ocr = " [OCR]" if e.read_by_ocr else ""
                lines.append(f"       {e.file}:{_place(e.page, e.line)} [{STATUS_LABELS[e.status]}]{counted}{ocr} {_short(e.quote, 100)}")
                if e.note:
                    lines.append(f"         note: {_short(e.note, 160)}")
        for w in org.warnings:
            lines.append(f"  ! {w['code']}: {w['file']}:{_place(w['page'], w['line'])} {_short(w['message'], 110)}")
    counts = summary_counts(audits)
    lines.append("")
    lines.append("item  " + "  ".join(f"{STATUS_LABELS[s]:>19}" for s in STATUSES))
    for code, by_status in counts.items():
        lines.append(f"{code:<5} " + "  ".join(f"{by_status[s]:>19}" for s in STATUSES))
    return "\n".join(clean_for_terminal(line) for line in lines) + "\n"


def _place(page: int | None, line: int | None) -> str:
    return f"p{page}:{line}" if page else str(line or "?")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- HTML -----------------------------------------------------------------------------------
_STYLE = """
body{font-family:"Noto Sans Thai","Garuda","Loma",sans-serif;margin:2rem;color:#1d2433;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1.05rem;margin:1.5rem 0 .3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #cfd6e4;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#eef2f8}.status{white-space:nowrap;font-weight:600;border-radius:4px;padding:.1rem .4rem}
.published{background:#dcf5e3;color:#11602c}.reported_missing{background:#fde2e1;color:#8a1c13}.remediation_planned{background:#fff1cc;color:#6b4d00}
.mentioned{background:#e3effd;color:#14437a}.not_mentioned{background:#edf0f3;color:#4a5261}.no_ita_report{background:#f7f7f7;color:#8a8f98}.ocr{font-size:80%;color:#8a5300}
.evidence{margin:0;padding-left:1.1rem}.evidence li{margin:.15rem 0}q{color:#333}.where{color:#5a6478;font-size:.85em}
.filters{display:flex;gap:1rem;align-items:end;flex-wrap:wrap;background:#f6f8fb;padding:.7rem;border-radius:6px}
.filters label{display:flex;flex-direction:column;font-size:.85rem}.warn{color:#8a1c13}.hidden{display:none}
svg text{font-size:12px;fill:#1d2433}.note{display:block;color:#8a1c13;font-size:.85em;margin-top:.1rem}
.uncounted{opacity:.75}.numbering{color:#6b4d00;font-size:.85em}#legend dt{float:left;clear:left;width:12rem}
#legend dd{margin:0 0 .3rem 12.5rem}
#about{color:#5a6478;font-size:.9em}
"""

_SCRIPT = """
(function(){
  var status=document.getElementById('f-status'),item=document.getElementById('f-item'),org=document.getElementById('f-org');
  function apply(){
    var shown=0;
    document.querySelectorAll('tr.item-row').forEach(function(row){
      var ok=(!status.value||row.dataset.status===status.value)&&(!item.value||row.dataset.item===item.value)
        &&(!org.value||row.dataset.org.toLowerCase().indexOf(org.value.toLowerCase())>=0);
      row.classList.toggle('hidden',!ok); if(ok){shown++;}
    });
    document.querySelectorAll('section.org').forEach(function(s){
      s.classList.toggle('hidden',!s.querySelector('tr.item-row:not(.hidden)'));
    });
    document.getElementById('shown').textContent=shown;
    document.body.dataset.visibleRows=shown;
  }
  [status,item,org].forEach(function(el){el.addEventListener('input',apply);});
  apply();
  document.body.dataset.ready='1';
})();
"""


# Only our own script may run: the CSP names its hash, so even text that escaped escaping could not execute.
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()


def _chart(audits: list[OrgAudit]) -> str:
    """An inline SVG bar chart of the items most often reported missing."""
    missing = AuditStatus.REPORTED_MISSING
    counts = sorted(((c[missing], code) for code, c in summary_counts(audits).items() if c[missing]),
                    key=lambda x: (-x[0], x[1]))[:CHART_TOP]
    if not counts:
        return '<p id="chart-empty">No item is reported missing in these reports.</p>'
    top, bar, gap, left, width = counts[0][0], 22, 6, 60, 600
    height = len(counts) * (bar + gap)
    bars = []
    for index, (count, code) in enumerate(counts):
        y, length = index * (bar + gap), max(2, round((width - left - 60) * count / top))
        bars.append(f'<text x="0" y="{y + 15}">{escape(code)}</text>'
                    f'<rect class="bar" x="{left}" y="{y}" width="{length}" height="{bar}" fill="#c0392b">'
                    f'<title>{escape(code)}: {count}</title></rect>'
                    f'<text x="{left + length + 6}" y="{y + 15}">{count}</text>')
    return (f'<svg id="chart" role="img" aria-label="items most often reported missing" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(bars)}</svg>')


def _summary_table(audits: list[OrgAudit]) -> str:
    head = "".join(f"<th>{escape(STATUS_LABELS[s])}</th>" for s in STATUSES)
    rows = "".join(f"<tr><td>{escape(code)}</td>" + "".join(f"<td>{c[s]}</td>" for s in STATUSES) + "</tr>"
                   for code, c in summary_counts(audits).items())
    return f'<table id="summary"><thead><tr><th>item</th>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _evidence(item: Any) -> str:
    if not item.evidence:
        return "—"
    entries = "".join(
        f'<li class="{"uncounted" if e.counted_as else "counted"}">'
        f'<span class="status {e.status}">{escape(STATUS_LABELS[e.status])}</span> '
        + (f'<b class="counted-as">counted under {escape(e.counted_as)}</b> ' if e.counted_as else "")
        + f'<span class="where">{escape(e.file)}:{escape(_place(e.page, e.line))}</span> '
        + ('<b class="ocr" title="the page was read by OCR: check the quote on the page">OCR</b> ' if e.read_by_ocr else "")
        + f'<q>{escape(e.quote)}</q>'
        + (f'<span class="note">{escape(e.note)}</span>' if e.note else "") + "</li>"
        for e in item.evidence)
    return f'<ul class="evidence">{entries}</ul>'


def _legend() -> str:
    entries = "".join(f'<dt><span class="status {s}">{escape(STATUS_LABELS[s])}</span></dt><dd>{escape(STATUS_MEANINGS[s])}</dd>'
                      for s in STATUSES)
    return (f'<dl id="legend">{entries}</dl><p class="where">An item can hold several statuses; the first is the strongest. '
            "An entry marked <b>counted under</b> is written with this code but its printed title is another item's in the year's "
            "catalog: it counts for that item.</p>")


def _about_html(read: AuditSources | None) -> str:
    about = _about(read)
    sources = ", ".join(f"{s} ({k})" for s, k in zip(about["sources"], about["source_kinds"], strict=False)) or "—"
    return (f'<p id="about">Source: {escape(sources)} · parser version {escape(", ".join(about["parser_versions"]) or "unknown")} · '
            f'made by ita-ingest audit at {escape(about["generated"])}</p>')


def _organization(org: OrgAudit) -> str:
    where = ", ".join(p for p in (org.district, org.province) if p)
    confirmed = "numbering confirmed" in org.numbering
    numbering = "" if confirmed else f'<br><span class="numbering">{escape(org.numbering)}</span>'
    rows = "".join(
        f'<tr class="item-row" data-status="{item.status}" data-item="{escape(item.code)}" data-org="{escape(org.organization)}">'
        f'<td>{escape(item.code)}<br><span class="where">{escape(item.title or "")}</span>{numbering}</td>'
        f'<td><span class="status {item.status}">{escape(STATUS_LABELS[item.status])}</span>'
        + "".join(f'<br><span class="status {s}">{escape(STATUS_LABELS[s])}</span>' for s in item.statuses[1:])
        + f"</td><td>{_evidence(item)}</td></tr>"
        for item in org.items)
    warnings = "".join(f'<li class="warn"><b>{escape(w["code"])}</b> <span class="where">{escape(w["file"])}:'
                       f'{escape(_place(w["page"], w["line"]))}</span> {escape(w["message"])}</li>' for w in org.warnings)
    return (f'<section class="org"><h3>{escape(org.organization)}{escape(f" ({where})" if where else "")} · ITA '
            f'{escape(str(org.assessment_year or "year unknown"))}</h3>'
            f'<p class="where">{escape(", ".join(org.documents))}</p><p class="numbering">{escape(org.numbering)}</p>'
            + (f'<p class="where">also written: {escape(", ".join(org.spellings))}</p>' if org.spellings else "") +
            f'<table><thead><tr><th>item</th><th>status</th><th>evidence (file:line, quoted)</th></tr></thead><tbody>{rows}</tbody></table>'
            + (f"<ul>{warnings}</ul>" if warnings else "") + "</section>")


def to_html(audits: list[OrgAudit], asked: str, year: int | None, read: AuditSources | None = None) -> str:
    codes = sorted({i.code for a in audits for i in a.items}, key=lambda c: (c[0], int(c[1:])))
    options = "".join(f'<option value="{escape(c)}">{escape(c)}</option>' for c in codes)
    statuses = "".join(f'<option value="{s}">{escape(STATUS_LABELS[s])}</option>' for s in STATUSES)
    total = sum(len(a.items) for a in audits)
    title = f"ITA audit: {asked}" + (f", {year}" if year else "")
    return f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'">
<title>{escape(title)}</title><style>{_STYLE}</style></head>
<body>
<h1>{escape(title)}</h1>
<p>{len(audits)} organisation-years · {total} item statuses</p>
{_about_html(read)}
<h2>Statuses</h2>
{_legend()}
<h2>Summary by item and status</h2>
{_summary_table(audits)}
<h2>Items most often reported missing</h2>
{_chart(audits)}
<h2>By organisation</h2>
<div class="filters">
<label>status<select id="f-status"><option value="">any</option>{statuses}</select></label>
<label>item<select id="f-item"><option value="">any</option>{options}</select></label>
<label>organisation<input id="f-org" type="search" placeholder="name contains…"></label>
<span><span id="shown">{total}</span> of {total} rows shown</span>
</div>
{"".join(_organization(a) for a in audits)}
<script>{_SCRIPT}</script>
</body></html>
"""


# -- the command -----------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditRequest:
    sources: list[Path]
    items: str
    year: int | None
    form: str
    out: Path | None


def render(audits: list[OrgAudit], request: AuditRequest, read: AuditSources) -> str:
    if request.form == "json":
        return to_json(audits, request.items, request.year, read)
    if request.form == "csv":
        return to_csv(audits)
    if request.form == "html":
        return to_html(audits, request.items, request.year, read)
    return to_table(audits)


def run_audit(request: AuditRequest) -> int:
    """The audit verb: 0 with output, 1 when there is nothing to audit (one line saying why); a bad
    SOURCE or --items raises a UsageError (one line naming the file or the valid codes; exit 2)."""
    try:
        parse_items(request.items)  # the syntax first, before reading a big store
        documents, read = load_all(request.sources, None if request.items.strip().lower() == "all" else
                                   parse_items(request.items))
        codes = parse_items(request.items, audited_years(documents, request.year))
    except (ValueError, AuditSourceError) as error:
        raise UsageError(clean_for_terminal(str(error))) from error
    for problem in read.problems:
        print(f"warning: {clean_for_terminal(problem)}", file=sys.stderr)
    if read.not_reports_line():
        print(read.not_reports_line(), file=sys.stderr)
    audits = audit(documents, codes, request.year)
    if not audits:
        present = sorted({str(d.assessment_year) for d in documents if d.assessment_year})
        why = (f"no report of assessment year {request.year} (years present: {', '.join(present) or 'none'})"
               if documents else "no report JSON or stored document")
        print(f"nothing to audit: {', '.join(map(str, request.sources))} holds {why}", file=sys.stderr)
        return EXIT_NOTHING
    text = render(audits, request, read)
    if request.out:
        write_atomically(request.out.resolve(), text)
        print(f"wrote {request.out} ({len(audits)} organisation-years)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK
