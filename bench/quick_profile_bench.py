"""The whole quick profile from a clean results/ (CIFAR-10 on the stand-in), with every rule's time.

    uv run python bench/quick_profile_bench.py                # 2 cores, in a fresh temporary copy
    uv run python bench/quick_profile_bench.py --cores 4 --keep
    uv run python bench/quick_profile_bench.py --without-sensitivity   # the same code without the reruns

Copies the workflow (Snakefile, workflow/, config/, profiles/, docs/) into a temporary folder, so nothing of
this checkout's results/ is touched, runs ``snakemake --cores N --config cifar10_source=synthetic`` there,
and prints the wall time against the issue's target (8 minutes on 2 cores), then each job's wall and CPU
seconds from its ``benchmark:`` file, largest first, and the sum of job times against the cores' capacity
(how well the run kept every core busy). ``--without-sensitivity`` omits the papers' sensitivity reruns and the
jobs that read them (the sensitivity table and figure, the claims table, the report pages: a second or two), so
that with and without, on the same machine and code, give what the reruns add to the profile's wall time.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from overparam import registry
from overparam.claims import summary

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW_PARTS = ["Snakefile", "workflow", "config", "profiles", "docs"]  # what a run needs besides the package
TARGET_S = 8 * 60


def copy_workflow(dest: Path) -> Path:
    """A clean working copy of the workflow (the code is the installed package); the tests use it too."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in WORKFLOW_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    return dest


def job_times(benchmarks: Path) -> pd.DataFrame:
    rows = []
    for tsv in sorted(benchmarks.rglob("*.tsv")):
        frame = pd.read_csv(tsv, sep="\t")
        rows.append({"job": str(tsv.relative_to(benchmarks).with_suffix("")), "wall_s": frame["s"].iloc[0],
                     "cpu_s": frame["cpu_time"].iloc[0], "max_rss_mb": frame["max_rss"].iloc[0]})
    return pd.DataFrame(rows).sort_values("wall_s", ascending=False, ignore_index=True)


def sensitivity_rules() -> list[str]:
    """The papers' sensitivity rerun rules (each paper's ``compute_sensitivity`` entries)."""
    return [job.rule for paper in registry.papers() for job in paper.jobs
            if job.entry.split(":")[0].endswith(".compute_sensitivity")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy and print its path")
    parser.add_argument("--without-sensitivity", action="store_true",
                        help="omit the papers' sensitivity reruns (and the tables, figure and report pages that read "
                             "them): the same code's profile without them")
    args = parser.parse_args()
    omit = sensitivity_rules() if args.without_sensitivity else []
    work = Path(tempfile.mkdtemp(prefix="quick-profile-"))
    try:
        copy_workflow(work)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "snakemake", "--cores", str(args.cores),
                               "--config", "cifar10_source=synthetic", *(["--omit-from", *omit] if omit else [])],
                              cwd=work, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"snakemake failed (rc {proc.returncode}):\n{proc.stderr[-4000:]}")
        jobs = job_times(work / "benchmarks" / "quick")
        ledger = work / "results" / "quick" / "claims.csv"
        claims = (pd.read_csv(ledger) if ledger.exists() else  # without the reruns: the papers' claim files
                  pd.concat([pd.read_csv(p) for p in sorted((work / "results" / "quick" / "claims").glob("*.csv"))]))
        with pd.option_context("display.width", 200, "display.max_rows", 200):
            print(jobs.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
        fill = jobs["wall_s"].sum() / (wall * args.cores)
        print(f"{len(jobs)} jobs; sum of job wall times {jobs['wall_s'].sum():.0f} s = {100 * fill:.0f}% of "
              f"{args.cores} cores x the run's wall time (how well the schedule packs the jobs)")
        print("cpu_s and max_rss_mb are Snakemake's sampled figures: unreliable for jobs of a second or two")
        print(f"claims: {summary(claims)}")
        ratio = TARGET_S / wall
        if omit:
            print(f"WITHOUT the sensitivity reruns (--omit-from {' '.join(omit)})")
        print(f"whole quick profile on {args.cores} cores: {wall:.0f} s = {wall / 60:.1f} min; "
              f"target {TARGET_S // 60} min: {'MET' if wall <= TARGET_S else 'MISSED'} (target / measured = {ratio:.2f})")
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
