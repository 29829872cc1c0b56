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


def test_the_snapshot_summaries_are_its_files(tmp_path):
    # claims.csv, sensitivity.csv and sensitivity.png are what the claims and sensitivity jobs' functions make of the
    # snapshot's claim files and sensitivity reruns; jobs.csv is its benchmark files
    snapshot.write_summaries(tmp_path)
    assert snapshot.summary_differences(tmp_path) == [], (
        "docs/paper/ summaries are stale: `uv run python docs/make_paper_snapshot.py rebuild --write`")
    papers = snapshot.snapshot_papers()
    claims = pd.read_csv(snapshot.SNAPSHOT / "claims.csv")
    assert set(claims["profile"]) == {"paper"}
    assert sorted(claims["claim_id"]) == sorted(
        pd.concat([pd.read_csv(snapshot.SNAPSHOT / f"results/paper/claims/{name}.csv")
                   for p in papers for name in p.claim_files])["claim_id"])
    jobs = pd.read_csv(snapshot.SNAPSHOT / "jobs.csv")
    # every job that wrote a file of the snapshot (its provenance record names it) has its benchmark row
    reruns = [f for p in papers for f in snapshot.sensitivity_files(p) if (snapshot.SNAPSHOT / f).is_file()]
    files = [f for p in papers for f in snapshot.derived_files(p) + snapshot.run_files(snapshot.SNAPSHOT, p)] + reruns
    writers = {json.loads((snapshot.SNAPSHOT / f"{f}.provenance.json").read_text())["job"] for f in files}
    missing = {rule for rule in writers if not any(name.split("/")[0] == rule for name in jobs["job"])}
    assert writers and not missing, f"jobs without a benchmark file: {sorted(missing)}"


def test_paper_scale_robustness_comes_from_the_reruns_and_can_flip(tmp_path):
    """A paper row is 'robust' at paper scale only if a rerun at paper scale gave its verdict again: flipping one
    rerun's verdict makes it 'depends on <setting>', and a paper without a rerun here is 'not assessed'."""
    papers = snapshot.snapshot_papers()
    copied = [f for p in papers for f in snapshot.derived_files(p) + snapshot.sensitivity_files(p)
              if (snapshot.SNAPSHOT / f).is_file()]
    for rel in copied:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes((snapshot.SNAPSHOT / rel).read_bytes())
    claims, sensitivity = snapshot.summaries(tmp_path)
    words = dict(zip(claims["claim_id"], claims["robustness"].fillna("")))
    rerun_ids = set(sensitivity["claim_id"])
    for cid, kind in zip(claims["claim_id"], claims["kind"]):
        if kind == "paper" and cid not in rerun_ids:
            assert words[cid] == "not assessed", cid
    reruns = [f for f in copied if "/sensitivity/" in f]
    assert reruns, "docs/paper/ holds no sensitivity rerun at paper scale to perturb"
    table = pd.read_csv(tmp_path / reruns[0], keep_default_na=False, na_values=[""])
    alternatives = ~table["default"].astype(bool)
    cid, setting = table.loc[alternatives.idxmax(), ["claim_id", "setting"]]
    verdict = dict(zip(claims["claim_id"], claims["verdict"]))[cid]
    other = "reproduced" if verdict != "reproduced" else "not reproduced"
    mine = alternatives & (table["claim_id"] == cid)

    def robustness_with(verdicts):
        table.loc[mine, "verdict"] = verdicts
        table.to_csv(tmp_path / reruns[0], index=False)
        ledger = snapshot.summaries(tmp_path)[0]
        return ledger.loc[ledger["claim_id"] == cid, "robustness"].item()

    assert robustness_with([verdict] * mine.sum()) == "robust"
    assert robustness_with([other] + [verdict] * (mine.sum() - 1)) == f"depends on {setting}"


def test_the_snapshot_is_what_the_code_makes_of_its_run_files(tmp_path):
    papers = snapshot.rebuild(tmp_path)
    assert snapshot.differences(tmp_path, papers) == [], (
        "the code no longer gives the committed docs/paper/ files from their run files; refresh with "
        "`uv run python docs/make_paper_snapshot.py rebuild --write` (or rerun the paper profile)")
