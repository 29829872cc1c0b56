"""The committed paper-scale snapshot (docs/paper/) is what the code makes of its own run files.

The tables, claims rows and figures in docs/paper/ are regenerated from the snapshot's run files by the
workflow's own tables, claims and plot rules (docs/make_paper_snapshot.py rebuild), and must come out byte for
byte the same: a change of the code that would change them fails here until the snapshot is refreshed
(`uv run python docs/make_paper_snapshot.py rebuild --write`, or a new paper-scale run).
"""
import importlib.util
import json
import sys

import pandas as pd

from conftest import REPO

spec = importlib.util.spec_from_file_location("make_paper_snapshot", REPO / "docs" / "make_paper_snapshot.py")
snapshot = importlib.util.module_from_spec(spec)
sys.modules["make_paper_snapshot"] = snapshot
spec.loader.exec_module(snapshot)


def test_the_snapshot_holds_complete_paper_scale_figures():
    papers = snapshot.snapshot_papers()
    assert papers, "docs/paper/ holds no complete paper-scale figure"
    for paper in papers:
        for rel in snapshot.derived_files(paper):
            assert (snapshot.SNAPSHOT / rel).stat().st_size > 0, rel
            if rel.endswith(".csv"):
                assert (snapshot.SNAPSHOT / (rel + ".provenance.json")).is_file(), f"{rel} has no provenance record"


def test_the_snapshot_summaries_are_its_files():
    papers = snapshot.snapshot_papers()
    claims = pd.read_csv(snapshot.SNAPSHOT / "claims.csv")
    stacked = pd.concat([pd.read_csv(snapshot.SNAPSHOT / f"results/paper/claims/{name}.csv")
                         for p in papers for name in p.claim_files], ignore_index=True)
    pd.testing.assert_frame_equal(claims, stacked)
    assert set(claims["profile"]) == {"paper"}
    jobs = pd.read_csv(snapshot.SNAPSHOT / "jobs.csv")
    # every job that wrote a file of the snapshot (its provenance record names it) has its benchmark row
    files = [f for p in papers for f in snapshot.derived_files(p) + snapshot.run_files(snapshot.SNAPSHOT, p)]
    writers = {json.loads((snapshot.SNAPSHOT / f"{f}.provenance.json").read_text())["job"] for f in files}
    missing = {rule for rule in writers if not any(name.split("/")[0] == rule for name in jobs["job"])}
    assert writers and not missing, f"jobs without a benchmark file: {sorted(missing)}"


def test_the_snapshot_is_what_the_code_makes_of_its_run_files(tmp_path):
    papers = snapshot.rebuild(tmp_path)
    assert snapshot.differences(tmp_path, papers) == [], (
        "the code no longer gives the committed docs/paper/ files from their run files; refresh with "
        "`uv run python docs/make_paper_snapshot.py rebuild --write` (or rerun the paper profile)")
