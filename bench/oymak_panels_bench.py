"""Oymak & Soltanolkotabi's four paper panels (config/paper.yaml), timed as the workflow runs them on a CPU.

    uv run python bench/oymak_panels_bench.py --trials 1 --out after.csv
    PYTHONPATH=<checkout of another commit>/src uv run python bench/oymak_panels_bench.py --trials 1 --out before.csv
    uv run python bench/oymak_panels_bench.py --compare before.csv after.csv

Each panel runs in its own single-threaded process with denormals flushed, two at a time on two cores, the
longest first: what `snakemake --cores 2` does with the four `oymak2019_phase_transition` jobs. The paper
settings are read from config/paper.yaml; only the number of trials per (k, d) cell may be lowered, to time a
tenth of the work (every problem is drawn from its own seed, so trial t is the same problem at any --trials).
The engine is whichever `overparam` is imported: point PYTHONPATH at another checkout's src to time its
engine on the same machine, alternating runs. --out keeps every problem's result, and --compare lists each
problem whose success or iteration count differs between two such files.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import os
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
PANELS = [("softplus", 200), ("relu", 200), ("softplus", 100), ("relu", 100)]  # longest first


def run_panel(args):
    activation, n, cfg = args
    import torch

    import overparam
    from overparam.activations import activation as get_activation
    from overparam.papers.oymak2019.compute import run_panel as panel

    torch.set_num_threads(1)
    torch.set_flush_denormal(True)
    start = time.perf_counter()
    rows = panel(cfg, get_activation(activation), n, torch.device("cpu"), progress=False)
    return activation, n, time.perf_counter() - start, rows, overparam.__file__


def timed_run(trials: int, out: Path | None) -> None:
    cfg = yaml.safe_load((ROOT / "config" / "paper.yaml").read_text())["oymak2019"]
    cfg = {**cfg, "trials": trials}
    ctx = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        results = list(pool.map(run_panel, [(a, n, cfg) for a, n in PANELS]))
    wall = time.perf_counter() - start
    print(f"engine: {results[0][4]}")
    print(f"paper panels at {trials} trial(s) per cell, max_iter {cfg['max_iter']}, 2 processes of 1 thread")
    for activation, n, seconds, rows, _ in results:
        print(f"  {activation:8s} n = {n}: {seconds:8.1f} s, {int(rows['success'].sum())} successes "
              f"of {len(rows)}, {int(rows['iters'].sum())} iterations")
    print(f"  sum of panels: {sum(r[2] for r in results):8.1f} s; wall, 2 cores: {wall:8.1f} s")
    if out:
        pd.concat([r[3] for r in results]).to_csv(out, index=False)


def compare(before: Path, after: Path) -> None:
    keys = ["activation", "n", "k", "d", "trial"]
    a, b = (pd.read_csv(p).set_index(keys).sort_index() for p in (before, after))
    if not a.index.equals(b.index):
        sys.exit("the two files hold different problems")
    diff = (a["success"] != b["success"]) | (a["iters"] != b["iters"])
    print(f"{int(diff.sum())} of {len(a)} problems differ "
          f"({int((a['success'] != b['success']).sum())} in success)")
    if diff.any():
        table = pd.DataFrame({"success_before": a["success"], "success_after": b["success"],
                              "iters_before": a["iters"], "iters_after": b["iters"],
                              "final_before": a["final_rel_err"], "final_after": b["final_rel_err"]})[diff]
        print(table.to_string())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1, help="trials per (k, d) cell (the paper: 10)")
    parser.add_argument("--out", type=Path, help="CSV of every problem's result")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
    else:
        timed_run(args.trials, args.out)


if __name__ == "__main__":
    main()
