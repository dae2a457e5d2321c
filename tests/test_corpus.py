"""Whole documents: the corpus reproduces its reviewed snapshots, and scores on the gold."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.batch import Batch, BatchOptions
from schema.export import SCHEMA_FILE, schema_json
from tests.update_snapshots import expected_json, snapshot_pairs

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAIRS = snapshot_pairs()


def test_corpus_has_the_five_seeds():
    assert len(PAIRS) >= 5


@pytest.mark.parametrize(("report", "expected"), PAIRS, ids=[p.name for p, _ in PAIRS])
def test_report_matches_reviewed_snapshot(report, expected):
    assert expected.exists(), f"no snapshot: run python -m tests.update_snapshots and review {expected.name}"
    got, want = json.loads(expected_json(report)), json.loads(expected.read_text(encoding="utf-8"))
    for key in want:
        assert got[key] == want[key], f"{report.name}: '{key}' differs from the reviewed snapshot"


def test_committed_json_schema_is_not_stale():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), "run: python -m schema.export"


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is not beside the repo")
def test_gold_score_on_the_seeds(tmp_path):
    outcomes = Batch(BatchOptions(tmp_path, workers=2)).run([ROOT / "corpus" / "seeds"])
    assert {o.status for o in outcomes if o.item.format} == {"converted"}
    run = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(tmp_path), str(SHARED / "gold"),
                          "--verbose", "--min", "0.95"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    mean = float(run.stdout.strip().splitlines()[-1].split()[2])
    assert mean >= 0.95, run.stdout
    assert "0 gold files unmatched" in run.stdout
