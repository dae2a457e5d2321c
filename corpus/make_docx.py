"""Make the seed reports into Word files the way LibreOffice writes them, for the DOCX corpus.

    .venv/bin/python corpus/make_docx.py [--out corpus/docx]

Needs LibreOffice (Debian: `apt-get install libreoffice-writer-nogui`); the files it writes are
committed, so the tests need LibreOffice only for the .doc reader's own tests.

Each seed → make_pdfs.py's HTML (prose lines as paragraphs, TAB/pipe rows as a ruled table,
first row as the table's heading) → LibreOffice Writer → DOCX ("MS Word 2007 XML"). A seed's
tables become real Word tables (w:tbl), so the DOCX reader's table path is what is scored.
Seed 000 is also saved as Word 97-2003 (.doc) from the DOCX, for the .doc reader's test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.make_pdfs import report_html  # noqa: E402

DOC_SEED = "000_fa47d890761d547d"


def soffice_convert(source: Path, target_filter: str, out_dir: Path, profile: Path, infilter: str | None = None) -> Path:
    """One LibreOffice conversion with a private profile (two runs sharing one would collide)."""
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    command += [f"--infilter={infilter}"] if infilter else []
    subprocess.run([*command, "--convert-to", target_filter, "--outdir", str(out_dir), str(source)],
                   check=True, capture_output=True, timeout=300)
    return out_dir / f"{source.stem}.{target_filter.split(':')[0]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "corpus" / "docx")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        folder, profile = Path(temp), Path(temp) / "profile"
        for seed in sorted((ROOT / "corpus" / "seeds").glob("*.txt")):
            page = folder / f"{seed.stem}.html"
            page.write_text(report_html(seed.read_text(encoding="utf-8"), seed.stem), encoding="utf-8")
            made = soffice_convert(page, 'docx:MS Word 2007 XML', args.out, profile, infilter="HTML (StarWriter)")
            print(f"{made.relative_to(ROOT)}: {made.stat().st_size} bytes")
        doc = soffice_convert(args.out / f"{DOC_SEED}.docx", "doc:MS Word 97", folder, profile)
        target = ROOT / "corpus" / "doc" / doc.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(doc.read_bytes())
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
