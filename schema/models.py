"""The output contract (docs/output.md) as pydantic models.

These models are the single source of truth: the JSON Schema in `schema/report.schema.json`
is generated from them (`python -m schema.export`), every report is validated against them
before it is written, and `ita-ingest validate` checks files with them. Field names listed
in the contract are fixed; new fields may be added, never renamed or dropped.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from schema.codes import ReadBy, RefContext, SourceFormat, WarningCode, YearBasis, warning_codes_description

SCHEMA_VERSION = "1.0"

OrgTypeCode = Literal["อบต.", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร", "อบจ.", "other"]
DocumentKind = Literal["measures", "analysis", "implementation_report", "order", "memo",
                       "plan", "announcement", "pledge", "manual", "ethics_code", "procurement_report"]
AgencyKind = Literal["local_government", "hospital", "health_office", "ministry", "department", "school", "university", "other"]
ToolCode = Literal["IIT", "EIT", "OIT"]
# Letter grades up to ITA 2567; from 2568 the result is a rating word (ผ่านดีเยี่ยม … ไม่ผ่าน).
Grade = Literal["AA", "A", "B", "C", "D", "E", "F", "ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ไม่ผ่าน"]


class Model(BaseModel):
    """The base of every model: a field the schema does not name is an error, never kept silently."""

    model_config = ConfigDict(extra="forbid")


class Provenance(Model):
    """Where a value was read, so an auditor can check it in one look: the `source` of a value
    (`{page, line, text}`), not to be confused with the report's `source`, the input file (Source)."""

    page: int | None = Field(None, ge=1, examples=[3], description=(
        "1-based page of a PDF; null for files without pages: text reports (.txt, .md), Word files (.docx, .doc), other "
        "word-processor files (.odt, .rtf) and spreadsheets."))
    line: int | None = Field(None, ge=1, examples=[41], description=(
        "1-based line: of the input file for text reports, within the page for PDFs, of the document's paragraphs and "
        "table rows in reading order for Word files (.odt and .rtf too), of the workbook's rows for spreadsheets (each sheet's "
        "used rows after the sheets before it; `cell` names the sheet and cell); null when the value has no one line."))
    text: str = Field(..., max_length=200, examples=["คะแนน ITA 89.40 ระดับ A"], description="At most 200 characters of the text as read.")
    cell: str | None = Field(None, examples=["Sheet1!C7"], description=(
        "Spreadsheets (.xlsx, .xls, .ods): the sheet and cell the value was read from, `Sheet1!C7`; the row's range "
        "(`Sheet1!A7:D7`) when the value is not one cell's. Left out for other formats."))

    @model_serializer(mode="wrap")
    def _without_empty_cell(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """`cell` is written only where there is one: reports of other formats stay as they were."""
        data: dict[str, Any] = handler(self)
        if data.get("cell") is None:
            data.pop("cell", None)
        return data


class PageSource(Model):
    """How one page of a PDF was read."""

    page: int = Field(..., ge=1, description="1-based page number.")
    read_by: ReadBy = Field(..., description=(
        "Its text layer, OCR, or not at all; `blank`: an empty page (no text, no image or drawing, or white when rendered small), "
        "never given to OCR."))
    text_quality: float | None = Field(None, ge=0, le=1, description=(
        "Share of the text layer's letters that are in words (0..1); null when the page has too little text to judge. "
        "A page far below 0.45 has a layer that is not text (scanner OCR junk, a garbled font map) and goes to OCR."))
    reason: str | None = Field(None, description="Why OCR read the page, or why it could not be read.")
    ocr_confidence: float | None = Field(None, ge=0, le=1, description=(
        "Pages read by OCR: Tesseract's mean word confidence (0..1); null for other pages or a page without words. "
        "Below about 0.7 the page's text, and its numbers above all, deserve a look."))


class Source(Model):
    """The input file a report was read from (the report's `source`; a value's `source` is a Provenance)."""

    path: str = Field(..., description="The input path as given, relative to the input root in batch mode.")
    sha256: str = Field(..., pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the input file's bytes.")
    format: SourceFormat = Field(..., examples=["pdf"], description="The reader that read it (one per input format).")
    page_count: int | None = Field(None, ge=0, description="Pages of a PDF; null for text reports and Word files.")
    ocr_pages: list[int] = Field(default_factory=list, description="1-based pages whose text came from OCR.")
    pages: list[PageSource] = Field(default_factory=list, description="How each page of a PDF was read; empty for other formats.")
    encoding: str | None = Field(None, description="Text encoding the report was decoded from (text reports).")


class Organization(Model):
    """The organisation the document is about (not one named once, left over from another's template)."""

    name: str | None = Field(None, examples=["องค์การบริหารส่วนตำบลโนนเมือง"], description=(
        "Full name (type written out), even where the text abbreviates (อบต.)."))
    short_name: str | None = Field(None, description="The name without the organisation type.")
    type: OrgTypeCode | None = Field(None, description="The local-government type; `other` for every other agency.")
    agency_kind: AgencyKind | None = Field(None, description=(
        "What kind of public agency it is: local_government (อบต., เทศบาล, อบจ.), hospital, health_office, ministry, "
        "department, school, university, other."))
    district: str | None = Field(None, description="District without อำเภอ/อ.; null if the text does not say.")
    province: str | None = Field(None, description="Province without จังหวัด/จ.; null if the text does not say.")
    source: Provenance | None = Field(None, description="The line that names the organisation with its location.")


class Overall(Model):
    """The ITA result the document states: score and grade."""

    score: float | None = Field(None, ge=0, le=100, description="The ITA score as stated; null if absent.")
    grade: Grade | None = Field(None, description=(
        "The grade as written (AA…F; from ITA 2568 the rating word ผ่านดีเยี่ยม, ผ่านดี, ผ่าน or ไม่ผ่าน); null if absent."))
    source: Provenance | None = Field(None, description="Where the score (else the grade) was read; null if neither is stated.")


class ToolScore(Model):
    """The total of one ITA tool (IIT, EIT or OIT) as the text states it."""

    tool: ToolCode = Field(..., description="IIT (internal), EIT (external) or OIT (open data) assessment tool.")
    score: float = Field(..., ge=0, le=100, examples=[80.6], description="The tool's score as stated.")
    source: Provenance = Field(..., description="Where the score was read.")


class ConflictingValue(Model):
    """Another value the same document gives for an indicator, kept beside the primary one."""

    score: float = Field(..., ge=0, le=100, description="The other value.")
    source: Provenance = Field(..., description="Where it was read.")


class IndicatorScore(Model):
    """One ITA indicator (1..10) that has a score in the document."""

    number: int = Field(..., ge=1, le=10, description="Canonical ITA indicator number, resolved by name.")
    name: str = Field(..., description="Canonical indicator name.")
    name_as_written: str | None = Field(None, description="The indicator's name as the report writes it.")
    tool: ToolCode = Field(..., description="The tool the indicator belongs to (IIT, EIT or OIT).")
    score: float = Field(..., ge=0, le=100,
                         description="The primary value: a table beats prose, unless the ITA arithmetic supports another.")
    source: Provenance = Field(..., description="Where the primary value was read.")
    conflicts: list[ConflictingValue] = Field(default_factory=list, description="Other values the same document gives.")


class ItemScore(Model):
    """A per-question score (ข้อ I23, E11…) where the document states one."""

    code: str = Field(..., pattern=r"^[OEI][1-9][0-9]*$", examples=["I23"], description="The item's code, as printed.")
    text: str | None = Field(None, description="The question or item text written next to the score.")
    score: float = Field(..., ge=0, le=100, description="The item's score as stated.")
    source: Provenance = Field(..., description="Where the score was read.")


class Period(Model):
    """When a measure is carried out: as written, and as ISO dates where they can be read."""

    text: str | None = Field(None, description="The period as written (digits normalised).")
    start: datetime.date | None = Field(None, description="First day, ISO date (CE); null if open or unreadable.")
    end: datetime.date | None = Field(None, description="Last day, ISO date (CE); null if open or unreadable.")


class Measure(Model):
    """One row of a measure table (มาตรการส่งเสริมคุณธรรมและความโปร่งใส), continuation rows merged."""

    number: str | None = Field(None, description="The row's own numbering in Arabic digits; null if none.")
    title: str = Field(..., description="มาตรการ/แนวทาง with its numbering stripped.")
    o_item: str | None = Field(None, pattern=r"^O[1-9][0-9]*$", description="The OIT item the row is for, else null.")
    indicator: int | None = Field(None, ge=1, le=10, description="Indicator the measure targets, from its table header or title.")
    item: str | None = Field(None, pattern=r"^[OEI][1-9][0-9]*$", description=(
        "The questionnaire item (O, E or I) the row is for, from the code leading its topic (ประเด็น) or title cell; null if none."))
    score: float | None = Field(None, ge=0, le=100, description="The row's assessment score (ผลการประเมิน), its item's; null if none.")
    finding: str | None = Field(None, description="ข้อค้นพบ: what the analysis found for the row's item or topic; null if none.")
    steps: list[str] = Field(default_factory=list, description="วิธีการ/ขั้นตอน, one string per bullet or list item.")
    responsible: list[str] = Field(default_factory=list, description="ผู้รับผิดชอบ, one string per unit or role.")
    period: Period = Field(default_factory=Period, description="ระยะเวลาดำเนินการ: when the measure is carried out.")
    follow_up: str | None = Field(None, description="การติดตามผล; null if the table has no such column.")
    result: str | None = Field(None, description="ผลการดำเนินงาน/ผลการดำเนินการ; null if none.")
    recommendation: str | None = Field(None, description="ข้อเสนอแนะ; null if none.")
    source: Provenance = Field(..., description="The row's first line.")


class ItemRef(Model):
    """An O/E/I questionnaire item the document refers to, once per (code, context)."""

    code: str = Field(..., pattern=r"^[OEI][1-9][0-9]*$", description="The code as printed, without spaces or leading zeros.")
    kind: Literal["O", "E", "I"] = Field(..., description="The code's letter: O (OIT), E (EIT) or I (IIT).")
    title: str | None = Field(None, description="The title written next to the code, if any.")
    context: RefContext = Field(..., description=(
        "deficiency: lost points / must fix; measure: a measure row is for it; "
        "score: an item score is given; mention: anything else."))
    source: Provenance = Field(..., description="The first place the item is referred to in this context.")
    also_at: list[Provenance] = Field(default_factory=list, description="Every further place with the same code and context.")
    catalog_title: str | None = Field(None, description=(
        "The item's title in the ITA catalog of the report's assessment year (O-items); null if the year or code is not known."))
    title_matches_catalog: bool | None = Field(None, description=(
        "Whether the title written next to the code is the catalog title (rapidfuzz); null if no title is written "
        "or there is no catalog title."))


class EvidenceFor(Model):
    """The document itself is an OIT item's evidence: its title and kind are that item's in the catalog of a year it covers."""

    code: str = Field(..., pattern=r"^O[1-9][0-9]*$", description="The O-item in the numbering of `assessment_year`.")
    assessment_year: int = Field(..., description="BE year of the ITA the document is evidence for.")
    catalog_title: str = Field(..., description="The item's title in that year's catalog.")
    similarity: float = Field(..., ge=0, le=100, description="rapidfuzz similarity of the title to the catalog title or an alias.")
    year_basis: YearBasis = Field(..., description=(
        "fiscal_year: a (fiscal) year the document covers, each year of a multi-year plan; ita_year_stated: the document says "
        "it is published for that year's ITA (e.g. 'ITA 2568') though it covers another year."))
    source: Provenance = Field(..., description="The title line the document was classified by.")


class ReportWarning(Model):
    """Something an auditor should look at (a contradiction, an impossible date…); never silently dropped."""

    code: WarningCode = Field(..., description=warning_codes_description())
    message: str = Field(..., description="What is wrong, in one line, with the values involved.")
    source: Provenance | None = Field(None, description="Where it was seen; null when it is about the whole document.")


class Report(Model):
    """One input document, as extracted: an ITA report (scores, analysis, measure plan) converted by ita-ingest."""

    schema_version: Literal["1.0"] = Field(SCHEMA_VERSION, description="Version of this schema the report follows.")
    parser_version: str | None = Field(None, description="Version of ita-ingest's parser that wrote the report.")
    source: Source = Field(..., description="The input file (a value's `source` is instead where it was read: Provenance).")
    organization: Organization = Field(default_factory=Organization, description="The organisation the document is about.")
    document_kinds: list[DocumentKind] = Field(default_factory=list, examples=[["analysis", "measures"]], description=(
        "What the document is: measures (มาตรการ), analysis (รายงานการวิเคราะห์), implementation_report (ผลการดำเนินการ), "
        "order (คำสั่ง), memo (บันทึกข้อความ), plan, announcement, pledge, manual, ethics_code, procurement_report."))
    fiscal_year: int | None = Field(None, description="BE year of the ปีงบประมาณ/ประจำปี in the document's title (a plan's first year).")
    fiscal_years: list[int] = Field(default_factory=list, description=(
        "Every BE fiscal year a multi-year plan covers (พ.ศ. 2561–2564 → 2561, 2562, 2563, 2564); fiscal_year is the first."))
    assessment_year: int | None = Field(None, description="BE year of the ITA whose results the document reports; null if none.")
    overall: Overall = Field(default_factory=Overall, description="The overall ITA score and grade the document states.")
    tools: list[ToolScore] = Field(default_factory=list, description="IIT/EIT/OIT totals the text states.")
    indicators: list[IndicatorScore] = Field(default_factory=list, description="One entry per indicator 1..10 that has a score.")
    item_scores: list[ItemScore] = Field(default_factory=list, description="Per-question scores (ข้อ I23, E11…) where stated.")
    measures: list[Measure] = Field(default_factory=list, description=(
        "Every row of every measure table, continuation rows merged, repeated copies of one measure kept once."))
    item_refs: list[ItemRef] = Field(default_factory=list, description="Every O/E/I item referred to, once per (code, context).")
    respondents: dict[ToolCode, int] = Field(default_factory=dict, description="Respondent counts per tool where stated.")
    warnings: list[ReportWarning] = Field(default_factory=list, description="What an auditor should look at; never silently dropped.")
    evidence_for: list[EvidenceFor] = Field(default_factory=list, description=(
        "The OIT items this document is itself the evidence of (a plan, an ethics code, a pledge…), once per assessment year it covers."))
