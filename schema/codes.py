"""Closed sets of the output contract: warning codes (with the meaning each has for an auditor),
input formats, how a page was read, reference contexts, evidence year bases.

`WarningCode` is what every parser raises and what the JSON Schema publishes as an enum, so a
consumer can switch on `warnings[].code` knowing every value there can be. Adding a code is one
line here (and a row in the README's warning table); a code is never renamed or dropped.

The parsers use these enums where they make the values (a reader's `format`, a page's `read_by`),
so a value the schema does not know fails where it is made. This module imports nothing but the
standard library: a tool that validates our JSON loads no PDF, image or Thai library.
"""

from __future__ import annotations

from enum import StrEnum


class SourceFormat(StrEnum):
    """The input format a report was read from: one value per reader (`parsers.readers.READERS`)."""

    TEXT = "text"
    PDF = "pdf"
    DOCX = "docx"
    DOC = "doc"
    IMAGE = "image"
    ODT = "odt"
    RTF = "rtf"
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    HTML = "html"


class ReadBy(StrEnum):
    """How one page was read: its text layer, OCR, not at all, or found blank (never given to OCR)."""

    TEXT_LAYER = "text_layer"
    OCR = "ocr"
    UNREAD = "unread"
    BLANK = "blank"


class RefContext(StrEnum):
    """Why an item code is mentioned where it is: a deficiency, a measure row, a score row, a plain mention."""

    DEFICIENCY = "deficiency"
    MEASURE = "measure"
    SCORE = "score"
    MENTION = "mention"


class YearBasis(StrEnum):
    """Which year an evidence document's item numbering was taken from."""

    FISCAL_YEAR = "fiscal_year"
    ITA_YEAR_STATED = "ita_year_stated"


class WarningCode(StrEnum):
    """Machine-readable kind of a report warning."""

    INDICATOR_CONFLICT = "indicator_conflict"
    INDICATOR_PRIMARY_BY_ARITHMETIC = "indicator_primary_by_arithmetic"
    INDICATOR_MISNUMBERED = "indicator_misnumbered"
    TOOL_ARITHMETIC = "tool_arithmetic"
    OVERALL_ARITHMETIC = "overall_arithmetic"
    OVERALL_CONFLICT = "overall_conflict"
    GRADE_BAND = "grade_band"
    ORGANIZATION_NAME_LEFTOVER = "organization_name_leftover"
    O_NUMBERING_OTHER_YEAR = "o_numbering_other_year"
    UNKNOWN_ITEM_CODE = "unknown_item_code"
    IMPOSSIBLE_DATE = "impossible_date"
    PERIOD_REVERSED = "period_reversed"
    UNDATED_PERIOD = "undated_period"
    OCR_NUMBERS = "ocr_numbers"
    PAGE_UNREADABLE = "page_unreadable"
    PAGE_GEOMETRY = "page_geometry"
    NO_ITA_CONTENT = "no_ita_content"


WARNING_MEANINGS: dict[WarningCode, str] = {
    WarningCode.INDICATOR_CONFLICT: "the report gives two values for one indicator (the others are in `conflicts`)",
    WarningCode.INDICATOR_PRIMARY_BY_ARITHMETIC: (
        "the primary value is not the table's: the stated tool total or ITA score follows only from the other"),
    WarningCode.INDICATOR_MISNUMBERED: "`ตัวชี้วัดที่ N` is followed by another indicator's name; the name decides",
    WarningCode.TOOL_ARITHMETIC: "a stated IIT/EIT/OIT total is not the mean of its indicators",
    WarningCode.OVERALL_ARITHMETIC: "the ITA score is not the weighted sum of the tool scores of its year's framework",
    WarningCode.OVERALL_CONFLICT: "the ITA score or grade is stated twice, differently",
    WarningCode.GRADE_BAND: "the stated grade is not the band of the stated score",
    WarningCode.ORGANIZATION_NAME_LEFTOVER: "another organisation's name appears (a template leftover)",
    WarningCode.O_NUMBERING_OTHER_YEAR: "an O-code's written title is another year's item of that number",
    WarningCode.UNKNOWN_ITEM_CODE: "a code outside the ITA ranges, usually a typo",
    WarningCode.IMPOSSIBLE_DATE: "a date that cannot be (month day past its end, implausible year); its date is null",
    WarningCode.PERIOD_REVERSED: "a period that ends before it starts; its dates are null",
    WarningCode.UNDATED_PERIOD: "a period with no year that can be known; its dates are null",
    WarningCode.OCR_NUMBERS: "some pages were read by OCR: their figures are suspect",
    WarningCode.PAGE_UNREADABLE: "one page of a PDF could not be read (the reason); the other pages were",
    WarningCode.PAGE_GEOMETRY: "a page's boxes or text direction made no sense as they were; what it was read as is its reason",
    WarningCode.NO_ITA_CONTENT: "nothing ITA-like was found in the file",
}


def warning_codes_description() -> str:
    """The codes and their meanings, for the JSON Schema's documentation of `warnings[].code`."""
    return "Machine-readable kind of the warning: " + "; ".join(f"{code.value}: {text}" for code, text in WARNING_MEANINGS.items())
