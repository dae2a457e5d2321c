"""Thai text, the lowest stage: strings in, strings out, nothing about files, pages or ITA.

  normalise      Thai digits → Arabic, whitespace, bullets, wrapped lines joined (`normalise_text`,
                 `squash`, `skeleton`, `join_wrapped`)
  letters        the letter classes and digit tables every Thai rule is written with
  defects        the text-layer defects a font's wrong code points cause, and their evidence
  shifted_marks  marks a PDF producer moved off their consonant
  repair         `repair_thai(text, profile)`: every repair, once per string, by the page's profile
                 (`diagnose(text)`); `OCR_PROFILE` for text OCR read, which has no font defects
  quality        is a text layer text? (`judge_layer`) and the Thai word list behind it

Imports nothing of parsers but `parsers.thai` itself.
"""
