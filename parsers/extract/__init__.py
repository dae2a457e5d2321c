"""Extraction: Document → records (extractors) → findings (checks) → Report (assemble).

  base          the Extractor contract: extract(doc, context) -> Extraction(records, findings)
  extractors    the extractors in the order they run (header, scores, items, measures, references)
  header, organizations, years, dates         who, which year, which kind of document
  scores, arithmetic, items, evidence         scores and the ITA arithmetic, item codes, OIT evidence
  measures, prose_measures, project_sheets, sheet_fields, measure_text, lists, table_columns
                the measures of every shape, and the column map every table extractor shares
  records       the records extractors make (Finding is a warning, the rest are records)
  checks        what the records say together: arithmetic, grade bands, dates, other-year numbering
  layout_hints  what the extractors tell readers about ITA tables (ITA_HINTS)
  assemble      records and findings → schema.models.Report
  text_blocks   the document's own text out (lines and rows with provenance, segmented words)

Imports `parsers.knowledge`, `parsers.thai`, `parsers.document`; never a reader, PDF or OCR.
"""
