"""Generate the committed JSON Schema from the pydantic models.

    python -m schema.export          # rewrite schema/report.schema.json
    python -m schema.export --check  # exit 1 if the committed file is stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from schema.models import SCHEMA_VERSION, Report

SCHEMA_FILE = Path(__file__).with_name("report.schema.json")
# The dialect pydantic writes ($defs, prefixItems), and a name for this schema that stays true on any
# copy of the repository: a URN, not a web address that would have to be kept alive.
DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"urn:ita-ingest:report:{SCHEMA_VERSION}"


def report_schema() -> dict[str, Any]:
    """The JSON Schema of a report, self-describing: its dialect and id first, then pydantic's schema."""
    return {"$schema": DIALECT, "$id": SCHEMA_ID, **Report.model_json_schema()}


def schema_json() -> str:
    return json.dumps(report_schema(), ensure_ascii=False, indent=2) + "\n"


def write_or_check(path: Path, text: str, command: str, argv: list[str]) -> int:
    """A generated, committed file: written from `text`, or with --check compared with it (exit 1
    when stale, naming the `command` that rewrites it). Shared by every generated file."""
    if "--check" in argv:
        stale = not path.exists() or path.read_text(encoding="utf-8") != text
        print(f"{path} is {f'stale: run {command}' if stale else 'up to date'}")
        return 1 if stale else 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


def main(argv: list[str]) -> int:
    return write_or_check(SCHEMA_FILE, schema_json(), "python -m schema.export", argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
