"""Generate the committed JSON Schema from the pydantic models.

    python -m schema.export          # rewrite schema/report.schema.json
    python -m schema.export --check  # exit 1 if the committed file is stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from schema.models import Report

SCHEMA_FILE = Path(__file__).with_name("report.schema.json")


def schema_json() -> str:
    return json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


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
