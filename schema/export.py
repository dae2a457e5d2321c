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


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text(encoding="utf-8") != schema_json()
        print(f"{SCHEMA_FILE} is {'stale: run python -m schema.export' if stale else 'up to date'}")
        return 1 if stale else 0
    SCHEMA_FILE.write_text(schema_json(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
