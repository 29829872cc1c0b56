"""Every benchmark script runs (at toy sizes) and prints its ratio line: they must not rot between measurements."""
import shutil
import subprocess
import sys

import pandas as pd
import pytest
import yaml

from conftest import REPO
from overparam import registry

BENCH = REPO / "bench"


def run(script, *args, timeout=300):
    proc = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_gram_bench_prints_its_ratio():
    out = run("gram_bench.py", "--n", "64", "--d", "16", "--m", "300", "--chunk", "128", "--repeats", "1")
    assert "ratio (share of the matrix-product rate):" in out and "target >= 0.5" in out


def test_gd_engine_bench_prints_both_ratios():
    out = run("gd_engine_bench.py", "--config", str(REPO / "config" / "smoke.yaml"), "--steps", "3", "--repeats", "1")
    assert "ratio (share of the matrix-product rate):" in out
    assert "speed-up over the per-width loop:" in out and "final losses agree" in out
    assert "for the paper-scale target (>= 2/3)" in out
    ratio_only = run("gd_engine_bench.py", "--config", str(REPO / "config" / "smoke.yaml"), "--steps", "3",
                     "--repeats", "1", "--no-loop")
    assert "ratio (share of the matrix-product rate):" in ratio_only and "per-width" not in ratio_only


def test_phase_transition_bench_prints_both_speed_ups():
    out = run("phase_transition_bench.py", "--n", "20", "--max-iter", "5", "--trials", "1")
    assert "speed-up on 1 core" in out and "speed-up on 2 cores" in out and "target >= 20" in out


def test_oymak_panels_bench_prints_its_ratio_and_lists_differences(tmp_path):
    # a copy of this checkout's src as "before": the workers must import it, and the same engine gives the same
    # problems (--compare says so); one changed iteration count is listed
    before = tmp_path / "before_checkout" / "src"
    shutil.copytree(REPO / "src", before, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = run("oymak_panels_bench.py", "--before", str(before), "--trials", "1", "--max-iter", "3",
              "--out-dir", str(tmp_path))
    assert "speed-up (before / after" in out and "target >= 1.3" in out
    assert f"before, run 1: engine {before / 'overparam' / '__init__.py'}" in out
    assert f"after, run 1: engine {REPO / 'src' / 'overparam' / '__init__.py'}" in out
    same = run("oymak_panels_bench.py", "--compare", str(tmp_path / "before_1.csv"), str(tmp_path / "after_1.csv"))
    assert same.startswith("0 of 2500 problems differ")
    rows = pd.read_csv(tmp_path / "after_1.csv")
    rows.loc[0, "iters"] += 1
    rows.to_csv(tmp_path / "changed.csv", index=False)
    changed = run("oymak_panels_bench.py", "--compare", str(tmp_path / "before_1.csv"), str(tmp_path / "changed.csv"))
    assert changed.startswith("1 of 2500 problems differ (0 in success)")


@pytest.mark.parametrize("profile", ["smoke", "quick", "paper"])
def test_paper_cost_covers_every_gpu_job(profile, tmp_path):
    csv = tmp_path / "cost.csv"
    out = run("paper_cost.py", "--config", str(REPO / "config" / f"{profile}.yaml"), "--csv", str(csv))
    table = pd.read_csv(csv)
    config = yaml.safe_load((REPO / "config" / f"{profile}.yaml").read_text())
    expected = {name for rule in registry.gpu_rules() for name in registry.job(rule).benchmark_names(config)}
    listed = {job for job in table["job"] if not str(job).startswith("total")}
    assert listed == expected, (expected - listed, listed - expected)
    jobs_only = table[~table["job"].str.startswith("total")]
    assert (jobs_only["FLOP"] > 0).all() and (jobs_only["bytes"] > 0).all()
    assert "total" in out
