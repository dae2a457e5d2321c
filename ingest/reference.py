"""docs/reference.md, made from the code: the closed sets a user meets (formats read, input
statuses, error kinds with what to do, warning codes, exit statuses), so that the docs cannot
drift from them; and docs/store.md's tables, in a marked region, from the store's DDL
(ingest.store_tables). A new reader, ErrorKind, warning code or store column flows into the docs by

    python -m ingest.reference          # rewrite docs/reference.md and docs/store.md's region
    python -m ingest.reference --check  # exit 1 if a committed file is stale (tests/test_docs.py)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import parsers.errors
from ingest.accounting import Status
from ingest.hints import EXIT_MEANINGS, HINTS, SIGNAL_MEANING
from ingest.sources import ARCHIVE_SUFFIXES
from ingest.store_tables import store_tables_markdown
from parsers.errors import ErrorKind
from parsers.readers import READERS
from schema.codes import WARNING_MEANINGS
from schema.export import write_or_check

REFERENCE_FILE = Path(__file__).resolve().parent.parent / "docs" / "reference.md"
STORE_FILE = REFERENCE_FILE.with_name("store.md")
# The generated region of a hand-written doc: what lies between these lines is rewritten.
REGION_START = "<!-- made from the code by `python -m ingest.reference`: edit the code, not this -->"
REGION_END = "<!-- end of the part made from the code -->"

# Meanings of the closed sets whose members carry their meaning as a comment in the code.
STATUS_MEANINGS = {
    Status.CONVERTED: "parsed and written",
    Status.UNCHANGED: "its output already holds a report of the same content and parser version (a re-run)",
    Status.DUPLICATE: "the same bytes as an earlier input of the run, written under its own name",
    Status.NOT_A_REPORT: "read, but no ITA content (a README, notes, a list of files): its JSON is written, what it lacks is "
                         "its `skip_reason`; not stored, not in the JSONL, never an audit row (the summary's `not_a_report`)",
    Status.SKIPPED: "not converted, with its `skip_reason`: a tool its reader needs is missing (exit 3), an archive "
                    "inside an archive, a symlink to a folder; files of no report format are skipped too but are not "
                    "counted among the inputs (the summary's `not_reports`)",
    Status.FAILED: "could not be converted: see `error` and `error_kind`",
}


def comment_meanings(source: Path, values: list[str]) -> dict[str, str]:
    """The comment on each `NAME = "value"  # meaning` line of an enum's source: an ErrorKind added
    with its comment (as every one has) is documented without a second list to keep."""
    text = source.read_text(encoding="utf-8")
    found = {}
    for value in values:
        match = re.search(rf'^\s+\w+ = "{re.escape(value)}"\s+# (.+)$', text, re.M)
        found[value] = match.group(1).strip() if match else ""
    return found


def _table(header: tuple[str, str], rows: list[tuple[str, str]]) -> list[str]:
    return [f"| {header[0]} | {header[1]} |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)]


def reference_markdown() -> str:
    formats = [(f"`{reader.format}`", ", ".join(f"`{s}`" for s in reader.suffixes) + f" (at most {reader.max_bytes // 2**20} MiB)")
               for reader in READERS]
    formats.append(("archive", ", ".join(f"`{s}`" for s in ARCHIVE_SUFFIXES) + ": read in place, each entry an input"))
    statuses = [(f"`{status.value}`", meaning) for status, meaning in STATUS_MEANINGS.items()]
    meanings = comment_meanings(Path(parsers.errors.__file__), [kind.value for kind in ErrorKind])
    kinds = [(f"`{kind.value}`", meanings[kind.value] + (f"; {HINTS[kind]}" if kind in HINTS else "")) for kind in ErrorKind]
    warnings = [(f"`{code.value}`", meaning) for code, meaning in WARNING_MEANINGS.items()]
    exits = [(str(status), meaning) for status, meaning in EXIT_MEANINGS.items()] + [SIGNAL_MEANING]
    lines = ["# Reference", "",
             "Generated from the code by `python -m ingest.reference`; a test fails when this file differs from it.", "",
             "## Formats read (`source.format`)", "", *_table(("format", "suffixes"), formats), "",
             "## Input statuses (the manifest's `status`)", "", *_table(("status", "meaning"), statuses), "",
             "## Error kinds (the manifest's `error_kind`) and what to do", "", *_table(("kind", "meaning; what to do"), kinds), "",
             "## Warning codes (a report's `warnings[].code`)", "", *_table(("code", "meaning"), warnings), "",
             "## Exit statuses of `convert`", "", *_table(("status", "meaning"), exits), ""]
    return "\n".join(lines)


def with_region(text: str, made: str) -> str:
    """`text` with its marked region holding `made`; ValueError if it has no such region."""
    head, start, rest = text.partition(REGION_START)
    _, end, tail = rest.partition(REGION_END)
    if not (start and end):
        raise ValueError(f"no region marked {REGION_START!r} … {REGION_END!r}")
    return f"{head}{REGION_START}\n{made}\n{REGION_END}{tail}"


def made_files() -> dict[Path, str]:
    """Every file (or region) made from the code, as it should read."""
    return {REFERENCE_FILE: reference_markdown(),
            STORE_FILE: with_region(STORE_FILE.read_text(encoding="utf-8"), store_tables_markdown())}


def main(argv: list[str]) -> int:
    statuses = [write_or_check(path, text, "python -m ingest.reference", argv) for path, text in made_files().items()]
    return max(statuses)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
