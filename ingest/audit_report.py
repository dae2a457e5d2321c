"""Exporters of an audit: a terminal table, CSV (one row per piece of evidence), JSON, and one
self-contained HTML file (no network assets; every report text escaped)."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from html import escape
from typing import Any

from ingest.audit import STATUSES, OrgAudit, summary_counts

CSV_COLUMNS = ("organization", "province", "district", "assessment_year", "item", "item_title", "status", "statuses",
               "evidence_status", "file", "page", "line", "quote")
STATUS_LABELS = {"reported_missing": "reported missing", "remediation_planned": "remediation planned",
                 "mentioned": "mentioned", "not_mentioned": "not mentioned"}
CHART_TOP = 15


def _org_dict(org: OrgAudit) -> dict[str, Any]:
    # Built by hand: dataclasses.asdict deep-copies every evidence string, 5x slower on a big archive.
    return {"organization": org.organization, "province": org.province, "district": org.district,
            "assessment_year": org.assessment_year, "documents": org.documents, "warnings": org.warnings,
            "items": [{"code": i.code, "title": i.title, "status": i.status, "statuses": i.statuses,
                       "evidence": [{"status": e.status, "file": e.file, "page": e.page, "line": e.line, "quote": e.quote}
                                    for e in i.evidence]} for i in org.items]}


def to_json(audits: list[OrgAudit], asked: str, year: int | None) -> str:
    document = {"items": asked, "year": year, "statuses": list(STATUSES), "summary": summary_counts(audits),
                "organizations": [_org_dict(a) for a in audits]}
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
                writer.writerow((*head, *((e.status, e.file, e.page, e.line, e.quote) if e else ("", "", "", "", ""))))
    return buffer.getvalue()


def to_table(audits: list[OrgAudit]) -> str:
    lines = []
    for org in audits:
        where = ", ".join(p for p in (org.district, org.province) if p)
        lines.append(f"{org.organization}{f' ({where})' if where else ''} · ITA {org.assessment_year or 'year unknown'}")
        for item in org.items:
            extra = f" (also {', '.join(STATUS_LABELS[s] for s in item.statuses[1:])})" if len(item.statuses) > 1 else ""
            lines.append(f"  {item.code:<4} {STATUS_LABELS[item.status]}{extra}")
            for e in item.evidence:
                lines.append(f"       {e.file}:{_place(e.page, e.line)} [{STATUS_LABELS[e.status]}] {_short(e.quote, 100)}")
        for w in org.warnings:
            lines.append(f"  ! {w['code']}: {w['file']}:{_place(w['page'], w['line'])} {_short(w['message'], 110)}")
    counts = summary_counts(audits)
    lines.append("")
    lines.append("item  " + "  ".join(f"{STATUS_LABELS[s]:>19}" for s in STATUSES))
    for code, by_status in counts.items():
        lines.append(f"{code:<5} " + "  ".join(f"{by_status[s]:>19}" for s in STATUSES))
    return "\n".join(lines) + "\n"


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
.reported_missing{background:#fde2e1;color:#8a1c13}.remediation_planned{background:#fff1cc;color:#6b4d00}
.mentioned{background:#e3effd;color:#14437a}.not_mentioned{background:#edf0f3;color:#4a5261}
.evidence{margin:0;padding-left:1.1rem}.evidence li{margin:.15rem 0}q{color:#333}.where{color:#5a6478;font-size:.85em}
.filters{display:flex;gap:1rem;align-items:end;flex-wrap:wrap;background:#f6f8fb;padding:.7rem;border-radius:6px}
.filters label{display:flex;flex-direction:column;font-size:.85rem}.warn{color:#8a1c13}.hidden{display:none}
svg text{font-size:12px;fill:#1d2433}
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
    counts = sorted(((c["reported_missing"], code) for code, c in summary_counts(audits).items() if c["reported_missing"]),
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
        f'<li><span class="status {e.status}">{escape(STATUS_LABELS[e.status])}</span> '
        f'<span class="where">{escape(e.file)}:{escape(_place(e.page, e.line))}</span> <q>{escape(e.quote)}</q></li>'
        for e in item.evidence)
    return f'<ul class="evidence">{entries}</ul>'


def _organization(org: OrgAudit) -> str:
    where = ", ".join(p for p in (org.district, org.province) if p)
    rows = "".join(
        f'<tr class="item-row" data-status="{item.status}" data-item="{escape(item.code)}" data-org="{escape(org.organization)}">'
        f'<td>{escape(item.code)}<br><span class="where">{escape(item.title or "")}</span></td>'
        f'<td><span class="status {item.status}">{escape(STATUS_LABELS[item.status])}</span>'
        + "".join(f'<br><span class="status {s}">{escape(STATUS_LABELS[s])}</span>' for s in item.statuses[1:])
        + f"</td><td>{_evidence(item)}</td></tr>"
        for item in org.items)
    warnings = "".join(f'<li class="warn"><b>{escape(w["code"])}</b> <span class="where">{escape(w["file"])}:'
                       f'{escape(_place(w["page"], w["line"]))}</span> {escape(w["message"])}</li>' for w in org.warnings)
    return (f'<section class="org"><h3>{escape(org.organization)}{escape(f" ({where})" if where else "")} · ITA '
            f'{escape(str(org.assessment_year or "year unknown"))}</h3>'
            f'<p class="where">{escape(", ".join(org.documents))}</p>'
            f'<table><thead><tr><th>item</th><th>status</th><th>evidence (file:line, quoted)</th></tr></thead><tbody>{rows}</tbody></table>'
            + (f"<ul>{warnings}</ul>" if warnings else "") + "</section>")


def to_html(audits: list[OrgAudit], asked: str, year: int | None) -> str:
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
<p>{len(audits)} organisation-years · {total} item statuses · made by ita-ingest audit</p>
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
