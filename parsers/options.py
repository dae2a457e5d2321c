"""How a document is parsed: one frozen, validated set of options that every reader receives.

Validated once, where it is made: an unknown OCR mode (`"Auto"`, a typo through the Python API)
is a `pydantic.ValidationError` naming the valid modes, never OCR silently turned off.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class OcrMode(StrEnum):
    """Which PDF pages are read by OCR."""

    AUTO = "auto"        # pages without a usable text layer
    ALWAYS = "always"    # every page
    NEVER = "never"      # none: a page without a usable text layer is recorded as unreadable


class ParseOptions(BaseModel):
    """Options of one parse; frozen, so a worker can share them across documents."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ocr: OcrMode = Field(OcrMode.AUTO, description="Which PDF pages are read by OCR.")
    ocr_languages: str = Field("tha+eng", pattern=r"^[a-z_]+(\+[a-z_]+)*$", description="Tesseract language models.")
    ocr_engine: Literal["tesseract"] = Field("tesseract", description="The OCR engine (parsers.ocr.engine).")


DEFAULT_OPTIONS = ParseOptions()
